#include "ClusterTreeModel.h"

#include "NodeStyle.h"

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
constexpr int kNodesRow = 0, kTopicsRow = 1;
constexpr int kCoordinatorsRow = 0, kBrokersRow = 1;
} // namespace

ClusterTreeModel::ClusterTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

const QStringList &ClusterTreeModel::namesOf(Item item) const
{
    static const QStringList none;
    switch (item) {
    case Coordinator:
        return m_coordinators;
    case Broker:
        return m_brokers;
    case Topic:
        return m_topics;
    default:
        return none;
    }
}

void ClusterTreeModel::setState(const ClusterState &state)
{
    QStringList coordinators, brokers;
    for (const NodeStatus &n : state.nodes())
        (n.layout.kind == NodeKind::Coordinator ? coordinators : brokers).append(n.layout.name);
    const QStringList topics = state.topics().keys();
    if (coordinators != m_coordinators || brokers != m_brokers) {
        // Another cluster: rows are rebuilt (rare: Start, Open, New).
        beginResetModel();
        m_state = state;
        m_coordinators = coordinators;
        m_brokers = brokers;
        m_topics = topics;
        endResetModel();
        return;
    }
    m_state = state;
    if (topics != m_topics) {
        const QModelIndex parent = index(kTopicsRow, 0);
        if (!m_topics.isEmpty()) {
            beginRemoveRows(parent, 0, int(m_topics.size()) - 1);
            m_topics.clear();
            endRemoveRows();
        }
        if (!topics.isEmpty()) {
            beginInsertRows(parent, 0, int(topics.size()) - 1);
            m_topics = topics;
            endInsertRows();
        }
    } else {
        changedRows(int(m_topics.size()), kTopicsRow, -1);
    }
    changedRows(int(m_coordinators.size()), kNodesRow, kCoordinatorsRow);
    changedRows(int(m_brokers.size()), kNodesRow, kBrokersRow);
}

void ClusterTreeModel::changedRows(int rows, int topRow, int groupRow)
{
    if (rows == 0)
        return;
    QModelIndex parent = index(topRow, 0);
    if (groupRow >= 0)
        parent = index(groupRow, 0, parent);
    Q_EMIT dataChanged(index(0, 0, parent), index(rows - 1, ColumnCount - 1, parent));
}

QModelIndex ClusterTreeModel::indexOfNode(const QString &node) const
{
    const QModelIndex nodes = index(kNodesRow, 0);
    if (const int row = int(m_coordinators.indexOf(node)); row >= 0)
        return index(row, 0, index(kCoordinatorsRow, 0, nodes));
    if (const int row = int(m_brokers.indexOf(node)); row >= 0)
        return index(row, 0, index(kBrokersRow, 0, nodes));
    return {};
}

QModelIndex ClusterTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || row >= rowCount(parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(Top));
    if (parent.internalId() == Top)
        return createIndex(row, column, quintptr(parent.row() == kNodesRow ? Group : Topic));
    if (parent.internalId() == Group)
        return createIndex(row, column, quintptr(parent.row() == kCoordinatorsRow ? Coordinator : Broker));
    return {};
}

QModelIndex ClusterTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    switch (Item(child.internalId())) {
    case Top:
        return {};
    case Group:
        return createIndex(kNodesRow, 0, quintptr(Top));
    case Topic:
        return createIndex(kTopicsRow, 0, quintptr(Top));
    case Coordinator:
        return createIndex(kCoordinatorsRow, 0, quintptr(Group));
    case Broker:
        return createIndex(kBrokersRow, 0, quintptr(Group));
    }
    return {};
}

int ClusterTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return 2;
    if (parent.column() != 0)
        return 0;
    switch (Item(parent.internalId())) {
    case Top:
        return parent.row() == kNodesRow ? 2 : int(m_topics.size());
    case Group:
        return int(parent.row() == kCoordinatorsRow ? m_coordinators.size() : m_brokers.size());
    default:
        return 0;
    }
}

int ClusterTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString ClusterTreeModel::stateText(const QString &node) const
{
    const NodeStatus *n = m_state.node(node);
    if (!n)
        return {};
    QString role = n->role;
    if (n->layout.kind == NodeKind::Coordinator && m_state.quorumLeader() == node)
        role = u"leader"_s;
    return role.isEmpty() ? toString(n->state) : toString(n->state) + u", "_s + role;
}

QString ClusterTreeModel::topicText(const QString &topic) const
{
    const TopicState t = m_state.topics().value(topic);
    int under = 0;
    for (const PartitionState &p : t.partitions)
        under += p.leader < 0 || p.isr.size() < p.replicas.size() ? 1 : 0;
    return under ? u"%1 partitions, %2 under-replicated"_s.arg(t.partitions.size()).arg(under)
                 : u"%1 partitions"_s.arg(t.partitions.size());
}

bool ClusterTreeModel::kraftControllers() const
{
    return !m_state.layout().kraftControllers().isEmpty();
}

QVariant ClusterTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Item item = Item(index.internalId());
    const bool isNode = item == Coordinator || item == Broker;
    const QString name = isNode || item == Topic ? namesOf(item).value(index.row()) : QString();
    switch (role) {
    case Qt::DisplayRole:
        if (item == Top)
            return index.column() == Name ? (index.row() == kNodesRow ? u"Nodes"_s : u"Topics"_s) : QVariant();
        if (item == Group)
            return index.column() == Name ? (index.row() != kCoordinatorsRow ? u"Kafka"_s
                                             : kraftControllers()            ? u"KRaft controllers"_s
                                                                             : u"ZooKeeper"_s)
                                          : QVariant();
        if (index.column() == Name)
            return name;
        return isNode ? stateText(name) : topicText(name);
    case Qt::DecorationRole:
        if (isNode && index.column() == Name)
            if (const NodeStatus *n = m_state.node(name))
                return stateIcon(n->state);
        break;
    case Qt::ToolTipRole:
        if (isNode && m_tooltip)
            return m_tooltip(name);
        if (item == Topic)
            return QString(name + u": "_s + topicText(name));
        break;
    case NodeRole:
        return isNode ? name : QString();
    }
    return {};
}

QVariant ClusterTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == Name ? u"Cluster"_s : u"State"_s;
}

} // namespace ensemble::ui
