// The cluster tree's model: Nodes (ZooKeeper, Kafka) and Topics, from a ClusterState. Updated in place on each
// refresh (rows change only when nodes or topics come or go), so a view keeps its selection and scroll position.
#pragma once

#include "ClusterState.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <functional>

namespace ensemble::ui {

class ClusterTreeModel : public QAbstractItemModel
{
    Q_OBJECT
  public:
    enum Column { Name, State, ColumnCount };
    static constexpr int NodeRole = Qt::UserRole + 1; // the node's name on node rows, empty elsewhere

    explicit ClusterTreeModel(QObject *parent = nullptr);

    void setState(const ClusterState &state);
    // A node's tooltip, asked for when shown (so "up for ..." is current).
    void setTooltipSource(std::function<QString(const QString &node)> source) { m_tooltip = std::move(source); }
    QModelIndex indexOfNode(const QString &node) const;
    static QString nodeAt(const QModelIndex &index) { return index.data(NodeRole).toString(); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    // What an index is; stored as its internal id.
    enum Item : quintptr { Top = 1, Group, Coordinator, Broker, Topic };
    const QStringList &namesOf(Item item) const;
    QString stateText(const QString &node) const;
    QString topicText(const QString &topic) const;
    void changedRows(int rows, int topRow, int groupRow);

    bool kraftControllers() const; // the coordinators are KRaft controllers (their group is named so)
    ClusterState m_state;
    QStringList m_coordinators;
    QStringList m_brokers;
    QStringList m_topics;
    std::function<QString(const QString &)> m_tooltip;
};

} // namespace ensemble::ui
