// Narrows the timeline: by node (an event about the node, or a vote it cast or received), by kind (or the group
// "elections"), and by a search text anywhere in the row.
#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace ensemble::ui {

class EventFilter : public QSortFilterProxyModel
{
    Q_OBJECT
  public:
    static inline const QString kElections = QStringLiteral("elections");

    explicit EventFilter(QObject *parent = nullptr);
    void setNode(const QString &node); // empty: every node
    void
    setKind(const QString &kind); // empty: every kind; kElections: election_started, vote, leader_elected, peer_state
    void setSearch(const QString &text);

  protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

  private:
    QString m_node;
    QSet<QString> m_kinds;
    QString m_search;
};

} // namespace ensemble::ui
