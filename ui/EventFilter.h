// Narrows the timeline: by node (an event about the node, or a vote it cast or received), by kind (or a group:
// elections, raft, raft pre-votes, raft votes, leader changes, fencing), and by a search text anywhere in the row.
#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

#include <optional>

namespace ensemble::ui {

class EventFilter : public QSortFilterProxyModel
{
    Q_OBJECT
  public:
    static inline const QString kElections = QStringLiteral("elections");
    static inline const QString kRaft = QStringLiteral("raft");
    static inline const QString kPreVotes = QStringLiteral("raft_pre_votes");
    static inline const QString kRaftVotes = QStringLiteral("raft_votes");
    static inline const QString kLeaders = QStringLiteral("leaders");
    static inline const QString kFencing = QStringLiteral("fencing");

    explicit EventFilter(QObject *parent = nullptr);
    void setNode(const QString &node); // empty: every node
    // Empty: every kind; a kind's name; or a group above.
    void setKind(const QString &kind);
    void setSearch(const QString &text);

  protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

  private:
    QString m_node;
    QSet<QString> m_kinds;
    std::optional<bool> m_preVote; // raft votes only: pre-votes (true) or votes (false)
    QString m_search;
};

} // namespace ensemble::ui
