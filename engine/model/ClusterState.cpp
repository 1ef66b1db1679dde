#include "ClusterState.h"

#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
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
        if (n.layout.kind == NodeKind::Broker && !n.layout.isKRaftController()) // a combined node: its raft role
            n.role = !isRunning(n.state) ? QString() : n.layout.id == m_controller ? u"controller"_s : u"broker"_s;
}

void ClusterState::apply(const ClusterEvent &e)
{
    auto partition = [this](const QString &topic, int id) -> PartitionState & {
        TopicState &t = m_topics[topic];
        t.name = topic;
        PartitionState &p = t.partitions[id];
        p.partition = id;
        return p;
    };
    switch (e.kind) {
    case EventKind::NodeState:
        if (NodeStatus *n = mutableNode(e.node)) {
            const NodeStateFields f = e.nodeState();
            n->state = nodeStateFromString(f.state);
            n->sinceMs = e.timeMs;
            if (f.pid)
                n->pid = *f.pid;
            if (!isRunning(n->state)) {
                n->pid = 0;
                n->exitCode = f.exitCode.value_or(0);
                n->exitSignal = f.signal;
                if (n->layout.kind == NodeKind::Coordinator || n->layout.isKRaftController()) {
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
            const QString state = e.peer().state;
            n->role = state == u"leading" ? u"leader"_s : state == u"following" ? u"follower"_s : state;
            if (m_quorumLeader == e.node && state != u"leading" && state != u"standalone")
                m_quorumLeader.clear();
            if (state == u"leading" || state == u"standalone")
                m_quorumLeader = e.node;
        }
        break;
    case EventKind::LeaderElected:
        m_quorumLeader = e.leader().leader;
        break;
    case EventKind::ControllerChanged:
        m_controller = e.controller().controller;
        refreshBrokerRoles();
        break;
    case EventKind::BrokerRegistered:
        m_registered.insert(e.broker().broker);
        break;
    case EventKind::BrokerUnregistered:
        m_registered.remove(e.broker().broker);
        break;
    case EventKind::TopicCreated: {
        const TopicFields f = e.topic();
        TopicState &t = m_topics[f.topic];
        t.name = f.topic;
        for (auto it = f.assignment.cbegin(); it != f.assignment.cend(); ++it) {
            PartitionState &ps = t.partitions[it.key()];
            ps.partition = it.key();
            ps.replicas = it.value();
        }
        break;
    }
    case EventKind::TopicDeleted:
        m_topics.remove(e.topic().topic);
        break;
    case EventKind::PartitionLeaderChanged: {
        const PartitionLeaderFields f = e.partitionLeader();
        PartitionState &p = partition(f.topic, f.partition);
        p.leader = f.leader;
        p.leaderEpoch = f.leaderEpoch.value_or(p.leaderEpoch);
        if (f.replicas)
            p.replicas = *f.replicas;
        break;
    }
    case EventKind::IsrChanged: {
        const IsrFields f = e.isrChange();
        PartitionState &p = partition(f.topic, f.partition);
        p.isr = f.isr;
        p.leaderEpoch = f.leaderEpoch.value_or(p.leaderEpoch);
        if (f.replicas)
            p.replicas = *f.replicas;
        break;
    }
    case EventKind::RaftStateChanged:
        if (NodeStatus *n = mutableNode(e.node); n && n->layout.isKRaftController()) {
            const QString state = e.fields.value(u"state"_s).toString();
            n->role = state;
            m_quorumEpoch = std::max(m_quorumEpoch, e.fields.value(u"epoch"_s).toInt(-1));
            if (state == u"leader")
                m_quorumLeader = e.node;
            else if (m_quorumLeader == e.node)
                m_quorumLeader.clear();
        }
        break;
    case EventKind::BrokerFenced:
        m_fenced.insert(e.fields.value(u"broker"_s).toInt());
        break;
    case EventKind::BrokerUnfenced:
        m_fenced.remove(e.fields.value(u"broker"_s).toInt());
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
        const QString state = statusWord(n.state);
        QJsonObject o{{u"name"_s, n.layout.name},
                      {u"kind"_s, toString(n.layout.kind)},
                      {u"id"_s, n.layout.id},
                      {u"state"_s, state},
                      {u"pid"_s, n.pid ? QJsonValue(n.pid) : QJsonValue()},
                      {u"ports"_s, n.layout.portsJson()},
                      {u"role"_s, n.role.isEmpty() ? QJsonValue() : QJsonValue(n.role)}};
        if (n.state == NodeState::Exited || n.state == NodeState::Killed)
            o.insert(u"exit_code"_s, n.exitCode);
        if ((n.state == NodeState::Exited || n.state == NodeState::Killed) && !n.exitSignal.isEmpty())
            o.insert(u"signal"_s, n.exitSignal);
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

QString ClusterState::busiestPartitionLeader() const
{
    QHash<int, int> leads;
    for (const TopicState &t : m_topics)
        for (const PartitionState &p : t.partitions)
            if (p.leader >= 0)
                ++leads[p.leader];
    QString best;
    int bestId = -1;
    int bestCount = 0;
    for (const NodeStatus &n : m_nodes) {
        if (n.layout.kind != NodeKind::Broker || !isRunning(n.state))
            continue;
        const int count = leads.value(n.layout.id);
        if (count > bestCount ||
            (count == bestCount && count > 0 && bestId == m_controller && n.layout.id != m_controller)) {
            best = n.layout.name;
            bestId = n.layout.id;
            bestCount = count;
        }
    }
    return best;
}

QString ClusterState::runningQuorumLeader() const
{
    const NodeStatus *n = node(m_quorumLeader);
    return n && isRunning(n->state) ? n->layout.name : QString();
}

} // namespace ensemble
