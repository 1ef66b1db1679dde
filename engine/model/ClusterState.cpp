#include "ClusterState.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
QList<int> intList(const QJsonValue &value)
{
    QList<int> out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toInt());
    return out;
}

QJsonArray jsonArray(const QList<int> &values)
{
    QJsonArray out;
    for (int v : values)
        out.append(v);
    return out;
}
} // namespace

ClusterState::ClusterState(const ClusterLayout &layout) : m_layout(layout)
{
    for (const NodeLayout &n : layout.nodes)
        m_nodes.append(NodeStatus{n});
}

const NodeStatus *ClusterState::node(const QString &name) const
{
    for (const NodeStatus &n : m_nodes)
        if (n.layout.name == name)
            return &n;
    return nullptr;
}

NodeStatus *ClusterState::mutableNode(const QString &name)
{
    return const_cast<NodeStatus *>(node(name));
}

bool ClusterState::allNodesUp() const
{
    for (const NodeStatus &n : m_nodes)
        if (n.state != NodeState::Up)
            return false;
    return !m_nodes.isEmpty();
}

void ClusterState::refreshBrokerRoles()
{
    for (NodeStatus &n : m_nodes)
        if (n.layout.kind == NodeKind::Broker)
            n.role = !isRunning(n.state) ? QString() : n.layout.id == m_controller ? u"controller"_s : u"broker"_s;
}

void ClusterState::apply(const ClusterEvent &e)
{
    const QJsonObject &f = e.fields;
    switch (e.kind) {
    case EventKind::NodeState:
        if (NodeStatus *n = mutableNode(e.node)) {
            n->state = nodeStateFromString(f.value(u"state"_s).toString());
            n->sinceMs = e.timeMs;
            if (f.contains(u"pid"_s))
                n->pid = f.value(u"pid"_s).toInteger();
            if (!isRunning(n->state)) {
                n->pid = 0;
                n->exitCode = f.value(u"exit_code"_s).toInt();
                if (n->layout.kind == NodeKind::Coordinator) {
                    n->role.clear();
                    if (m_quorumLeader == e.node)
                        m_quorumLeader.clear();
                }
            }
            refreshBrokerRoles();
        }
        break;
    case EventKind::PeerState:
        if (NodeStatus *n = mutableNode(e.node)) {
            const QString state = f.value(u"state"_s).toString();
            n->role = state == u"leading" ? u"leader"_s : state == u"following" ? u"follower"_s : state;
            if (m_quorumLeader == e.node && state != u"leading" && state != u"standalone")
                m_quorumLeader.clear();
            if (state == u"leading" || state == u"standalone")
                m_quorumLeader = e.node;
        }
        break;
    case EventKind::LeaderElected:
        m_quorumLeader = f.value(u"leader"_s).toString();
        break;
    case EventKind::ControllerChanged:
        m_controller = f.value(u"controller"_s).toInt(-1);
        refreshBrokerRoles();
        break;
    case EventKind::BrokerRegistered:
        m_registered.insert(f.value(u"broker"_s).toInt());
        break;
    case EventKind::BrokerUnregistered:
        m_registered.remove(f.value(u"broker"_s).toInt());
        break;
    case EventKind::TopicCreated: {
        TopicState &t = m_topics[f.value(u"topic"_s).toString()];
        t.name = f.value(u"topic"_s).toString();
        for (const QJsonValue &v : f.value(u"assignment"_s).toArray()) {
            const QJsonObject p = v.toObject();
            PartitionState &ps = t.partitions[p.value(u"partition"_s).toInt()];
            ps.partition = p.value(u"partition"_s).toInt();
            ps.replicas = intList(p.value(u"replicas"_s));
        }
        break;
    }
    case EventKind::TopicDeleted:
        m_topics.remove(f.value(u"topic"_s).toString());
        break;
    case EventKind::PartitionLeaderChanged:
    case EventKind::IsrChanged: {
        const QString topic = f.value(u"topic"_s).toString();
        TopicState &t = m_topics[topic];
        t.name = topic;
        const int partition = f.value(u"partition"_s).toInt();
        PartitionState &p = t.partitions[partition];
        p.partition = partition;
        if (e.kind == EventKind::PartitionLeaderChanged) {
            p.leader = f.value(u"leader"_s).toInt(-1);
            p.leaderEpoch = f.value(u"leader_epoch"_s).toInt(p.leaderEpoch);
        } else {
            p.isr = intList(f.value(u"isr"_s));
            p.leaderEpoch = f.value(u"leader_epoch"_s).toInt(p.leaderEpoch);
        }
        if (f.contains(u"replicas"_s))
            p.replicas = intList(f.value(u"replicas"_s));
        break;
    }
    case EventKind::RaftStateChanged:
        if (NodeStatus *n = mutableNode(e.node); n && n->layout.isKRaftController()) {
            const QString state = f.value(u"state"_s).toString();
            n->role = state;
            m_quorumEpoch = std::max(m_quorumEpoch, f.value(u"epoch"_s).toInt(-1));
            if (state == u"leader")
                m_quorumLeader = e.node;
            else if (m_quorumLeader == e.node)
                m_quorumLeader.clear();
        }
        break;
    case EventKind::BrokerFenced:
        m_fenced.insert(f.value(u"broker"_s).toInt());
        break;
    case EventKind::BrokerUnfenced:
        m_fenced.remove(f.value(u"broker"_s).toInt());
        break;
    case EventKind::RaftVote:
    case EventKind::RaftElectionTimedOut:
    case EventKind::ElectionStarted:
    case EventKind::Vote:
    case EventKind::FaultInjected:
    case EventKind::ControlledShutdown:
    case EventKind::ClusterHealthy:
    case EventKind::Problem:
        break;
    }
}

QJsonObject ClusterState::toStatusJson(const QString &cluster, const QString &mode) const
{
    QJsonArray nodes;
    for (const NodeStatus &n : m_nodes) {
        QString state = toString(n.state);
        if (n.state == NodeState::Killed)
            state = u"exited"_s; // the documented status vocabulary: a killed node has exited
        QJsonObject o{{u"name"_s, n.layout.name},
                      {u"kind"_s, toString(n.layout.kind)},
                      {u"id"_s, n.layout.id},
                      {u"state"_s, state},
                      {u"pid"_s, n.pid ? QJsonValue(n.pid) : QJsonValue()},
                      {u"ports"_s, n.layout.portsJson()},
                      {u"role"_s, n.role.isEmpty() ? QJsonValue() : QJsonValue(n.role)}};
        if (n.state == NodeState::Exited || n.state == NodeState::Killed)
            o.insert(u"exit_code"_s, n.exitCode);
        if (n.state == NodeState::Stopping)
            o.insert(u"state"_s, u"up"_s), o.insert(u"stopping"_s, true);
        nodes.append(o);
    }
    QJsonArray topics;
    for (const TopicState &t : m_topics) {
        QJsonArray partitions;
        for (const PartitionState &p : t.partitions)
            partitions.append(QJsonObject{{u"partition"_s, p.partition},
                                          {u"leader"_s, p.leader},
                                          {u"leader_epoch"_s, p.leaderEpoch},
                                          {u"replicas"_s, jsonArray(p.replicas)},
                                          {u"isr"_s, jsonArray(p.isr)}});
        topics.append(QJsonObject{{u"name"_s, t.name}, {u"partitions"_s, partitions}});
    }
    return QJsonObject{
        {u"cluster"_s, cluster},
        {u"mode"_s, mode},
        {u"nodes"_s, nodes},
        {u"quorum_leader"_s, m_quorumLeader.isEmpty() ? QJsonValue() : QJsonValue(m_quorumLeader)},
        {u"controller"_s, m_controller >= 0 ? QJsonValue(m_controller) : QJsonValue()},
        {u"bootstrap"_s, m_layout.bootstrapServers()},
        {u"zookeeper"_s, m_layout.zookeeperConnect()},
        {u"topics"_s, topics},
    };
}

} // namespace ensemble
