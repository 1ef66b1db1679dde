#include "EventReconciler.h"

#include "KafkaLogParser.h"
#include "RaftLogParser.h"
#include "ZooKeeperLogParser.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
QJsonArray jsonInts(const QList<int> &values)
{
    QJsonArray out;
    for (int v : values)
        out.append(v);
    return out;
}

// An optional number as JSON; absent (undefined: the key is left out) when it has no value.
QJsonValue optionalJson(std::optional<int> value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Undefined);
}
} // namespace

EventReconciler::EventReconciler(QObject *parent) : QObject(parent) {}

void EventReconciler::reset(const ClusterLayout &layout)
{
    m_layout = layout;
    m_state = ClusterState(m_layout);
    m_peerMode.clear();
    m_announcedLeader.clear();
    m_announcedTopics.clear();
    m_unfenced.clear();
    m_lastLogChangeWallMs = 0;
}

EventReconciler::LineParser EventReconciler::parserFor(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Coordinator:
        return &parseZooKeeperLine;
    case NodeKind::Broker:
        return &parseKafkaLine;
    }
    return nullptr;
}

void EventReconciler::record(EventKind kind, const QString &node, const QJsonObject &fields, const QString &source)
{
    ClusterEvent e;
    e.timeMs = m_clusterTimeMs ? m_clusterTimeMs() : 0;
    e.wallMs = QDateTime::currentMSecsSinceEpoch();
    e.node = node;
    e.kind = kind;
    e.fields = fields;
    e.source = source;
    m_state.apply(e);
    Q_EMIT eventEmitted(e);
}

NodeState EventReconciler::nodeState(const QString &node) const
{
    const NodeStatus *n = m_state.node(node);
    return n ? n->state : NodeState::Stopped;
}

void EventReconciler::setNodeState(const QString &node, NodeState state, const QJsonObject &extra)
{
    if (nodeState(node) == state && extra.isEmpty())
        return;
    QJsonObject fields = extra;
    fields.insert(u"state"_s, toString(state));
    record(EventKind::NodeState, node, fields, u"process"_s);
}

void EventReconciler::nodeExited(const QString &node, NodeState state, int exitCode, const QString &signal)
{
    if (m_announcedLeader == node)
        m_announcedLeader.clear();
    m_peerMode.remove(node);
    QJsonObject exit{{u"exit_code"_s, exitCode}};
    if (!signal.isEmpty())
        exit.insert(u"signal"_s, signal);
    setNodeState(node, state, exit);
}

QString EventReconciler::coordinatorName(int id) const
{
    for (const NodeLayout &n : m_layout.nodes)
        if (n.kind == NodeKind::Coordinator && n.id == id)
            return n.name;
    return {};
}

QString EventReconciler::brokerName(int id) const
{
    const NodeLayout *n = m_layout.brokerById(id);
    return n ? n->name : QString();
}

QString EventReconciler::nameOfId(const QJsonValue &id) const
{
    const NodeLayout *n = m_layout.findById(id.toInt());
    return n ? n->name : QString();
}

void EventReconciler::logLine(const QString &node, QStringView line)
{
    const auto parsed = splitLogLine(line);
    if (!parsed)
        return;
    const NodeLayout *n = m_layout.find(node);
    if (!n)
        return;
    QList<ParsedEvent> events;
    if (m_kraft) {
        // Every KRaft node logs raft and lifecycle lines; brokers also partition leadership, as in ZooKeeper mode.
        events = parseRaftLine(*parsed, n->id);
        if (n->kind == NodeKind::Broker)
            events += parseKafkaLine(*parsed, n->id);
    } else {
        const LineParser parse = parserFor(n->kind);
        if (!parse)
            return;
        events = parse(*parsed, n->id);
    }
    if (events.isEmpty())
        return;
    logEvents(node, events, logTimestampMs(parsed->timestamp));
}

void EventReconciler::logEvents(const QString &node, const QList<ParsedEvent> &events, qint64 logMs)
{
    const NodeLayout *n = m_layout.find(node);
    if (!n)
        return;
    const NodeLayout layout = *n;
    for (const ParsedEvent &e : events)
        applyLogEvent(layout, e, logMs);
}

void EventReconciler::announceLeader(const QString &node, QJsonObject fields, const QString &source)
{
    if (m_announcedLeader == node)
        return;
    m_announcedLeader = node;
    fields.insert(u"leader"_s, node);
    fields.insert(u"id"_s, m_layout.find(node)->id);
    record(EventKind::LeaderElected, node, fields, source);
}

// Turns what a node logged into events, naming nodes and skipping what the state already says (the probes may
// have seen it first).
void EventReconciler::applyLogEvent(const NodeLayout &node, const ParsedEvent &parsed, qint64 logMs)
{
    QJsonObject f = parsed.fields;
    f.insert(u"log_ms"_s, logMs);
    const QString source = u"log"_s;
    const bool clusterFact = parsed.kind == EventKind::ControllerChanged ||
                             parsed.kind == EventKind::BrokerRegistered ||
                             parsed.kind == EventKind::PartitionLeaderChanged || parsed.kind == EventKind::IsrChanged;
    if (clusterFact)
        m_lastLogChangeWallMs = QDateTime::currentMSecsSinceEpoch();
    const bool partitionFact = parsed.kind == EventKind::PartitionLeaderChanged || parsed.kind == EventKind::IsrChanged;
    const QString topic =
        parsed.kind == EventKind::IsrChanged ? IsrFields::from(f).topic : PartitionLeaderFields::from(f).topic;
    if (partitionFact && !m_announcedTopics.contains(topic)) {
        // A new topic: let the probe announce it whole (every partition and replica) before its details.
        Q_EMIT probeWanted();
        return;
    }
    switch (parsed.kind) {
    case EventKind::NodeState: // KRaft: "Kafka Server started"
        if (nodeState(node.name) == NodeState::Starting)
            setNodeState(node.name, NodeState::Up);
        return;
    case EventKind::RaftStateChanged:
        if (f.value(u"state"_s).toString() != u"leader"_s && m_announcedLeader == node.name)
            m_announcedLeader.clear(); // resigned or unattached: its next win is news again
        record(EventKind::RaftStateChanged, node.name, f, source);
        break;
    case EventKind::BrokerFenced: // every controller replays the record: once is news
        if (!m_state.fencedBrokers().contains(f.value(u"broker"_s).toInt())) {
            m_unfenced.remove(f.value(u"broker"_s).toInt());
            record(EventKind::BrokerFenced, brokerName(f.value(u"broker"_s).toInt()), f, source);
        }
        break;
    case EventKind::BrokerUnfenced: // the broker and every controller say so
        if (!m_unfenced.contains(f.value(u"broker"_s).toInt())) {
            m_unfenced.insert(f.value(u"broker"_s).toInt());
            record(EventKind::BrokerUnfenced, brokerName(f.value(u"broker"_s).toInt()), f, source);
        }
        break;
    case EventKind::RaftVote:
        f.insert(u"voter"_s, nameOfId(f.value(u"voter_id"_s)));
        f.insert(u"candidate"_s, nameOfId(f.value(u"candidate_id"_s)));
        record(EventKind::RaftVote, node.name, f, source);
        break;
    case EventKind::Vote: {
        const VoteFields vote = VoteFields::from(f);
        f.insert(u"voter"_s, coordinatorName(vote.voterId));
        f.insert(u"candidate"_s, coordinatorName(vote.candidateId));
        f.insert(u"receiver"_s, node.name);
        record(EventKind::Vote, node.name, f, source);
        break;
    }
    case EventKind::ElectionStarted:
        if (f.contains(u"candidate_id"_s)) // KRaft: a follower stopped hearing from its leader
            f.insert(u"candidate"_s, nameOfId(f.value(u"candidate_id"_s)));
        else
            f.insert(u"proposed_leader"_s, coordinatorName(ElectionFields::from(f).proposedLeaderId));
        record(EventKind::ElectionStarted, node.name, f, source);
        break;
    case EventKind::PeerState: {
        const PeerStateFields peer = PeerStateFields::from(f);
        const QString &state = peer.state;
        const QString mode = state == u"leading" ? u"leader"_s : state == u"following" ? u"follower"_s : state;
        if (!peer.phase)
            m_peerMode.insert(node.name, mode);
        if (state != u"leading" && m_announcedLeader == node.name)
            m_announcedLeader.clear();
        record(EventKind::PeerState, node.name, f, source);
        break;
    }
    case EventKind::LeaderElected:
        announceLeader(node.name, f, source);
        break;
    case EventKind::ControllerChanged:
        if (ControllerFields::from(f).controller != m_state.controller()) {
            f.insert(u"previous"_s, m_state.controller());
            record(EventKind::ControllerChanged, node.name, f, source);
        }
        break;
    case EventKind::BrokerRegistered:
        if (!m_state.registeredBrokers().contains(BrokerFields::from(f).broker))
            record(EventKind::BrokerRegistered, node.name, f, source);
        break;
    case EventKind::PartitionLeaderChanged:
        applyPartitionLeader(node, f, logMs);
        break;
    case EventKind::IsrChanged:
        applyIsr(node, f, logMs);
        break;
    default:
        record(parsed.kind, node.name, f, source);
        break;
    }
    if (parsed.kind == EventKind::ControllerChanged || parsed.kind == EventKind::LeaderElected)
        Q_EMIT probeWanted();
}

// A broker took on leadership of a partition; its line may also name the ISR it leads with.
void EventReconciler::applyPartitionLeader(const NodeLayout &node, QJsonObject f, qint64 logMs)
{
    const QString source = u"log"_s;
    const PartitionLeaderFields moved = PartitionLeaderFields::from(f);
    const PartitionState old = m_state.topics().value(moved.topic).partitions.value(moved.partition);
    f.remove(u"isr"_s);
    if (old.leader != node.id) {
        f.insert(u"previous"_s, old.leader);
        record(EventKind::PartitionLeaderChanged, node.name, f, source);
    }
    if (!moved.isr.isEmpty() && moved.isr != old.isr)
        record(EventKind::IsrChanged, node.name,
               {{u"topic"_s, moved.topic},
                {u"partition"_s, moved.partition},
                {u"isr"_s, jsonInts(moved.isr)},
                {u"previous"_s, jsonInts(old.isr)},
                {u"leader_epoch"_s, optionalJson(moved.leaderEpoch)},
                {u"log_ms"_s, logMs}},
               source);
}

void EventReconciler::applyIsr(const NodeLayout &node, QJsonObject f, qint64 logMs)
{
    const QString source = u"log"_s;
    const IsrFields change = IsrFields::from(f);
    const PartitionState old = m_state.topics().value(change.topic).partitions.value(change.partition);
    // The controller's own record of a change also names the leader.
    if (change.leader && *change.leader != old.leader)
        record(EventKind::PartitionLeaderChanged, brokerName(*change.leader),
               {{u"topic"_s, change.topic},
                {u"partition"_s, change.partition},
                {u"leader"_s, *change.leader},
                {u"previous"_s, old.leader},
                {u"leader_epoch"_s, optionalJson(change.leaderEpoch)},
                {u"log_ms"_s, logMs}},
               source);
    f.remove(u"leader"_s);
    if (!change.previous)
        f.insert(u"previous"_s, jsonInts(old.isr));
    if (change.isr != old.isr)
        record(EventKind::IsrChanged, node.name, f, source);
}

bool EventReconciler::srvrReply(const QString &node, bool answered, const SrvrReply &reply)
{
    const NodeState state = nodeState(node);
    if (!isRunning(state) || state == NodeState::Paused || state == NodeState::Stopping)
        return false;
    if (!answered)
        return false;
    if (state == NodeState::Starting)
        setNodeState(node, NodeState::Up);
    const QString mode = reply.serving ? reply.mode : u"looking"_s;
    const QString known = m_peerMode.value(node);
    if (known == mode)
        return false;
    // A server also stops serving while it syncs with a new leader; its log says when it really looks again.
    if (!reply.serving && (known == u"leader" || known == u"follower"))
        return false;
    // The log said otherwise (or nothing yet): the probe's answer is the truth now.
    m_peerMode.insert(node, mode);
    const QString peer = mode == u"leader" ? u"leading"_s : mode == u"follower" ? u"following"_s : mode;
    if (peer != u"leading" && m_announcedLeader == node)
        m_announcedLeader.clear();
    record(EventKind::PeerState, node,
           {{u"state"_s, peer}, {u"zxid"_s, QString(u"0x"_s + QString::number(reply.zxid, 16))}}, u"probe"_s);
    if (mode == u"leader" || mode == u"standalone")
        announceLeader(node, {{u"epoch"_s, reply.epoch}}, u"probe"_s);
    return true;
}

bool EventReconciler::quorumLeader(const QString &node, int id, int epoch)
{
    bool news = false;
    if (m_announcedLeader != node) {
        announceLeader(node, {{u"epoch"_s, epoch}}, u"probe"_s);
        news = true;
    }
    if (id != m_state.controller()) {
        record(EventKind::ControllerChanged, node,
               {{u"controller"_s, id}, {u"previous"_s, m_state.controller()}, {u"epoch"_s, epoch}}, u"probe"_s);
        news = true;
    }
    return news;
}

bool EventReconciler::snapshot(const ClusterSnapshot &snap)
{
    if (!snap.zookeeperReachable)
        return false;
    // A round that began before the logs reported a change would undo it; the next round will be current.
    if (snap.startedWallMs < m_lastLogChangeWallMs)
        return false;
    const QSet<int> before = m_state.registeredBrokers();
    for (int id : snap.registeredBrokers)
        if (!before.contains(id))
            record(EventKind::BrokerRegistered, brokerName(id), {{u"broker"_s, id}}, u"probe"_s);
    for (int id : before)
        if (!snap.registeredBrokers.contains(id))
            record(EventKind::BrokerUnregistered, brokerName(id), {{u"broker"_s, id}}, u"probe"_s);
    // Under KRaft librdkafka's controller id is any live broker: the raft leader is the controller (quorumLeader).
    if (!m_kraft && snap.controller != m_state.controller())
        record(EventKind::ControllerChanged, brokerName(snap.controller),
               {{u"controller"_s, snap.controller},
                {u"previous"_s, m_state.controller()},
                {u"epoch"_s, snap.controllerEpoch}},
               u"probe"_s);
    diffTopics(snap);
    // A broker is up once it is registered in ZooKeeper and a metadata answer lists it.
    for (const NodeLayout &b : m_layout.brokers())
        if (nodeState(b.name) == NodeState::Starting && snap.registeredBrokers.contains(b.id) &&
            snap.metadataAnswered && snap.metadataBrokers.contains(b.id))
            setNodeState(b.name, NodeState::Up);
    return true;
}

void EventReconciler::diffTopics(const ClusterSnapshot &snap)
{
    for (auto it = snap.topics.begin(); it != snap.topics.end(); ++it) {
        const QString &topic = it.key();
        if (!m_announcedTopics.contains(topic)) {
            m_announcedTopics.insert(topic);
            QJsonArray assignment;
            int replication = 0;
            for (const PartitionState &p : it.value()) {
                assignment.append(QJsonObject{{u"partition"_s, p.partition}, {u"replicas"_s, jsonInts(p.replicas)}});
                replication = std::max(replication, int(p.replicas.size()));
            }
            record(EventKind::TopicCreated, {},
                   {{u"topic"_s, topic},
                    {u"partitions"_s, int(it.value().size())},
                    {u"replication_factor"_s, replication},
                    {u"assignment"_s, assignment}},
                   u"probe"_s);
        }
        const TopicState current = m_state.topics().value(topic);
        for (const PartitionState &p : it.value()) {
            const PartitionState old = current.partitions.value(p.partition);
            if (p.leader != old.leader)
                record(EventKind::PartitionLeaderChanged, brokerName(p.leader),
                       {{u"topic"_s, topic},
                        {u"partition"_s, p.partition},
                        {u"leader"_s, p.leader},
                        {u"previous"_s, old.leader},
                        {u"leader_epoch"_s, p.leaderEpoch}},
                       u"probe"_s);
            // KRaft's metadata answer has no leader epoch (-1): then only a changed ISR is news.
            if (p.isr != old.isr || (p.leaderEpoch >= 0 && p.leaderEpoch != old.leaderEpoch))
                record(EventKind::IsrChanged, {},
                       {{u"topic"_s, topic},
                        {u"partition"_s, p.partition},
                        {u"isr"_s, jsonInts(p.isr)},
                        {u"previous"_s, jsonInts(old.isr)},
                        {u"leader_epoch"_s, p.leaderEpoch}},
                       u"probe"_s);
        }
    }
    const QSet<QString> announced = m_announcedTopics;
    for (const QString &topic : announced)
        if (!snap.topics.contains(topic)) {
            m_announcedTopics.remove(topic);
            record(EventKind::TopicDeleted, {}, {{u"topic"_s, topic}}, u"probe"_s);
        }
}

} // namespace ensemble
