// The EventReconciler on a real run: the logs of a 3 ZooKeeper + 3 Kafka walkthrough recorded from ZooKeeper 3.8.4
// and Kafka 3.9.2 (tests/data/logs/), merged in time order, with recorded srvr answers and probe snapshots built
// from what that run's logs say. No JVM: the reconciler owns no process and no socket.
#include "CoordinatorProbe.h"
#include "EventReconciler.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

const QString kTopic = u"FINANCE-STOCK-TRADING-TEST"_s;

QByteArray readData(const QString &name)
{
    QFile f(QStringLiteral(ENSEMBLE_TEST_DATA) + u'/' + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The recorded run's layout: zookeeper-1..3 (myid 1..3), kafka-1..3 (broker.id 1..3).
ClusterLayout walkthroughLayout()
{
    return ClusterLayout::fromJson(QJsonDocument::fromJson(readData(u"events/zk-leader-kill.layout.json"_s)).object());
}

struct TimedLine
{
    QString timestamp;
    QString node;
    QString text;
};

// Every line of the walkthrough's node logs, in the order the nodes wrote them.
QList<TimedLine> walkthroughLines()
{
    QList<TimedLine> out;
    for (const QString &node : {u"zookeeper-1"_s, u"zookeeper-2"_s, u"kafka-1"_s, u"kafka-2"_s, u"kafka-3"_s}) {
        const QStringList lines =
            QString::fromUtf8(readData(u"logs/walkthrough-"_s + node + u".log"_s)).split(u'\n', Qt::SkipEmptyParts);
        for (const QString &line : lines)
            out.append({line.left(23), node, line});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const TimedLine &a, const TimedLine &b) { return a.timestamp < b.timestamp; });
    return out;
}

PartitionState partition(int id, int leader, int epoch, QList<int> replicas, QList<int> isr)
{
    PartitionState p;
    p.partition = id;
    p.leader = leader;
    p.leaderEpoch = epoch;
    p.replicas = std::move(replicas);
    p.isr = std::move(isr);
    return p;
}

// What a probe round read right after the walkthrough's topic was created (its brokers' first leader lines).
ClusterSnapshot snapshotAfterTopicCreated(qint64 startedWallMs)
{
    ClusterSnapshot s;
    s.startedWallMs = startedWallMs;
    s.zookeeperReachable = true;
    s.controller = 2;
    s.controllerEpoch = 1;
    s.registeredBrokers = {1, 2, 3};
    s.metadataAnswered = true;
    s.metadataBrokers = {1, 2, 3};
    s.topics[kTopic] = {{0, partition(0, 1, 0, {1, 2, 3}, {1, 2, 3})},
                        {1, partition(1, 2, 0, {2, 3, 1}, {2, 3, 1})},
                        {2, partition(2, 3, 0, {3, 1, 2}, {3, 1, 2})}};
    return s;
}

QList<int> ints(const QJsonValue &value)
{
    QList<int> out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toInt());
    return out;
}

// A reconciler fed the walkthrough step by step; keeps every event it emitted.
class Replay
{
  public:
    Replay() : m_lines(walkthroughLines())
    {
        m_reconciler.reset(walkthroughLayout());
        QObject::connect(&m_reconciler, &EventReconciler::eventEmitted, &m_reconciler,
                         [this](const ClusterEvent &e) { events.append(e); });
        for (const NodeLayout &n : m_reconciler.layout().nodes)
            m_reconciler.setNodeState(n.name, NodeState::Starting, {{u"pid"_s, 1000 + n.id}});
        events.clear();
    }

    // Feeds every line stamped before UNTIL ("yyyy-MM-dd HH:mm:ss,zzz"); returns the events that emitted.
    QList<ClusterEvent> feedUntil(const QString &until)
    {
        const qsizetype first = events.size();
        for (; m_next < m_lines.size() && m_lines[m_next].timestamp < until; ++m_next)
            m_reconciler.logLine(m_lines[m_next].node, m_lines[m_next].text);
        return events.mid(first);
    }

    QList<ClusterEvent> since(qsizetype first) const { return events.mid(first); }

    EventReconciler &reconciler() { return m_reconciler; }
    const ClusterState &state() const { return m_reconciler.state(); }
    QList<ClusterEvent> events;

  private:
    EventReconciler m_reconciler;
    QList<TimedLine> m_lines;
    qsizetype m_next = 0;
};

QList<ClusterEvent> ofKind(const QList<ClusterEvent> &events, EventKind kind)
{
    QList<ClusterEvent> out;
    for (const ClusterEvent &e : events)
        if (e.kind == kind)
            out.append(e);
    return out;
}

const PartitionState &statePartition(const Replay &r, int id)
{
    static const PartitionState none;
    const auto topic = r.state().topics().constFind(kTopic);
    if (topic == r.state().topics().cend() || !topic->partitions.contains(id))
        return none;
    return *topic->partitions.constFind(id);
}

} // namespace

class TestReconciler : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void zookeeperElectionNamesVotersAndLeader();
    void leaderKillElectsSurvivorFromItsLog();
    void probeDoesNotUndoWhatTheLogSaid();
    void controllerChangesFollowTheLogs();
    void partitionLeaderChangeAndIsrShrink();
    void isrExpandsWhenRestartedBrokerLeadsAgain();
    void controlledShutdownMovesLeadership();
    void staleProbeRoundDoesNotUndoLogFact();
    void newTopicWaitsForProbe();
    void exitedLeaderIsForgotten();
    void kraftRunNamesVotersLeadersAndFencedBroker();
};

void TestReconciler::zookeeperElectionNamesVotersAndLeader()
{
    Replay r;
    const QList<ClusterEvent> events = r.feedUntil(u"2026-11-25 15:03:59,000"_s);
    const QList<ClusterEvent> votes = ofKind(events, EventKind::Vote);
    QVERIFY(votes.size() >= 4);
    // zookeeper-1 heard zookeeper-2 vote for zookeeper-3 (n.sid:2, n.leader:3, round 1), named as nodes.
    bool found = false;
    for (const ClusterEvent &v : votes)
        if (v.node == u"zookeeper-1" && v.fields.value(u"voter"_s).toString() == u"zookeeper-2" &&
            v.fields.value(u"candidate"_s).toString() == u"zookeeper-3")
            found = true;
    QVERIFY(found);
    for (const ClusterEvent &v : votes) {
        QCOMPARE(v.source, u"log"_s);
        QVERIFY(v.fields.value(u"log_ms"_s).toInteger() > 0);
        QCOMPARE(v.fields.value(u"receiver"_s).toString(), v.node);
    }
    // Both logged servers follow; zookeeper-3 (whose log was not recorded) leads, as its srvr answer says.
    QCOMPARE(r.state().node(u"zookeeper-1"_s)->role, u"follower"_s);
    QCOMPARE(r.state().node(u"zookeeper-2"_s)->role, u"follower"_s);
    QVERIFY(ofKind(events, EventKind::LeaderElected).isEmpty());

    const auto leader = parseSrvr(readData(u"srvr-leader.txt"_s));
    QVERIFY(leader);
    const qsizetype before = r.events.size();
    QVERIFY(r.reconciler().srvrReply(u"zookeeper-3"_s, true, *leader));
    const QList<ClusterEvent> answered = r.since(before);
    QCOMPARE(answered.size(), 3); // up, leading, leader elected
    QVERIFY(answered[0].kind == EventKind::NodeState);
    QCOMPARE(answered[0].fields.value(u"state"_s).toString(), u"up"_s);
    QVERIFY(answered[1].kind == EventKind::PeerState);
    QCOMPARE(answered[1].fields.value(u"state"_s).toString(), u"leading"_s);
    QVERIFY(answered[2].kind == EventKind::LeaderElected);
    QCOMPARE(answered[2].fields.value(u"leader"_s).toString(), u"zookeeper-3"_s);
    QCOMPARE(answered[2].fields.value(u"id"_s).toInt(), 3);
    QCOMPARE(answered[2].source, u"probe"_s);
    QCOMPARE(r.state().quorumLeader(), u"zookeeper-3"_s);

    // The same answer again changes nothing.
    QVERIFY(!r.reconciler().srvrReply(u"zookeeper-3"_s, true, *leader));
    QCOMPARE(r.events.size(), before + 3);
}

void TestReconciler::leaderKillElectsSurvivorFromItsLog()
{
    Replay r;
    r.feedUntil(u"2026-11-25 15:03:59,000"_s);
    r.reconciler().srvrReply(u"zookeeper-3"_s, true, *parseSrvr(readData(u"srvr-leader.txt"_s)));
    r.reconciler().nodeExited(u"zookeeper-3"_s, NodeState::Killed, -1);
    const QList<ClusterEvent> events = r.feedUntil(u"2026-11-25 15:04:02,000"_s);

    const QList<ClusterEvent> started = ofKind(events, EventKind::ElectionStarted);
    QVERIFY(!started.isEmpty());
    for (const ClusterEvent &e : started)
        QVERIFY(e.fields.value(u"proposed_leader"_s).toString().startsWith(u"zookeeper-"_s));
    const QList<ClusterEvent> elected = ofKind(events, EventKind::LeaderElected);
    QCOMPARE(elected.size(), 1);
    QCOMPARE(elected[0].node, u"zookeeper-2"_s);
    QCOMPARE(elected[0].fields.value(u"leader"_s).toString(), u"zookeeper-2"_s);
    QCOMPARE(elected[0].fields.value(u"took_ms"_s).toInt(), 220);
    QCOMPARE(elected[0].source, u"log"_s);
    QCOMPARE(r.state().quorumLeader(), u"zookeeper-2"_s);
    QCOMPARE(r.state().node(u"zookeeper-2"_s)->role, u"leader"_s);
    QVERIFY(r.state().node(u"zookeeper-3"_s)->state == NodeState::Killed);
}

void TestReconciler::probeDoesNotUndoWhatTheLogSaid()
{
    Replay r;
    r.feedUntil(u"2026-11-25 15:04:02,000"_s); // zookeeper-2 logged that it leads
    const qsizetype before = r.events.size();
    // A leader busy syncing its followers does not serve: that is no reason to call it looking.
    const auto notServing = parseSrvr(readData(u"srvr-not-serving.txt"_s));
    QVERIFY(notServing);
    QVERIFY(!notServing->serving);
    QVERIFY(!r.reconciler().srvrReply(u"zookeeper-2"_s, true, *notServing));
    // A follower's answer where the log already said following changes only the process state.
    QVERIFY(!r.reconciler().srvrReply(u"zookeeper-1"_s, true, *parseSrvr(readData(u"srvr-follower.txt"_s))));
    const QList<ClusterEvent> after = r.since(before);
    QCOMPARE(after.size(), 2);
    for (const ClusterEvent &e : after) {
        QVERIFY(e.kind == EventKind::NodeState);
        QCOMPARE(e.fields.value(u"state"_s).toString(), u"up"_s);
    }
    QCOMPARE(r.state().node(u"zookeeper-2"_s)->role, u"leader"_s);
    // A paused server's answer is not read at all.
    r.reconciler().setNodeState(u"zookeeper-1"_s, NodeState::Paused);
    QVERIFY(!r.reconciler().srvrReply(u"zookeeper-1"_s, true, *notServing));
    QCOMPARE(r.state().node(u"zookeeper-1"_s)->role, u"follower"_s);
}

void TestReconciler::controllerChangesFollowTheLogs()
{
    Replay r;
    QList<ClusterEvent> events = r.feedUntil(u"2026-11-25 15:04:01,000"_s);
    QList<ClusterEvent> changes = ofKind(events, EventKind::ControllerChanged);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes[0].node, u"kafka-2"_s);
    QCOMPARE(changes[0].fields.value(u"controller"_s).toInt(), 2);
    QCOMPARE(changes[0].fields.value(u"previous"_s).toInt(), -1);
    QCOMPARE(changes[0].fields.value(u"epoch"_s).toInt(), 1);
    QCOMPARE(r.state().controller(), 2);
    QCOMPARE(r.state().registeredBrokers(), (QSet<int>{1, 2, 3}));
    QCOMPARE(r.state().node(u"kafka-2"_s)->role, u"controller"_s);

    r.reconciler().snapshot(snapshotAfterTopicCreated(QDateTime::currentMSecsSinceEpoch()));
    events = r.feedUntil(u"2026-11-25 15:04:28,000"_s);
    changes = ofKind(events, EventKind::ControllerChanged);
    QCOMPARE(changes.size(), 2); // kafka-2 killed: kafka-3 takes over; kafka-3 shut down: kafka-1
    QCOMPARE(changes[0].node, u"kafka-3"_s);
    QCOMPARE(changes[0].fields.value(u"previous"_s).toInt(), 2);
    QCOMPARE(changes[0].fields.value(u"epoch"_s).toInt(), 2);
    QCOMPARE(changes[1].node, u"kafka-1"_s);
    QCOMPARE(changes[1].fields.value(u"previous"_s).toInt(), 3);
    QCOMPARE(changes[1].fields.value(u"epoch"_s).toInt(), 3);
    QCOMPARE(r.state().controller(), 1);
}

void TestReconciler::partitionLeaderChangeAndIsrShrink()
{
    Replay r;
    r.feedUntil(u"2026-11-25 15:04:01,000"_s);
    r.reconciler().snapshot(snapshotAfterTopicCreated(QDateTime::currentMSecsSinceEpoch()));
    r.feedUntil(u"2026-11-25 15:04:10,000"_s);
    QCOMPARE(statePartition(r, 0).leader, 1);
    // kafka-1 is killed; kafka-2 (the controller) moves partition 0 to itself and drops 1 from every ISR.
    r.reconciler().nodeExited(u"kafka-1"_s, NodeState::Killed, -1);
    const QList<ClusterEvent> events = r.feedUntil(u"2026-11-25 15:04:11,000"_s);
    const QList<ClusterEvent> leaders = ofKind(events, EventKind::PartitionLeaderChanged);
    QCOMPARE(leaders.size(), 1);
    QCOMPARE(leaders[0].node, u"kafka-2"_s);
    QCOMPARE(leaders[0].fields.value(u"partition"_s).toInt(), 0);
    QCOMPARE(leaders[0].fields.value(u"leader"_s).toInt(), 2);
    QCOMPARE(leaders[0].fields.value(u"previous"_s).toInt(), 1);
    QVERIFY(!leaders[0].fields.contains(u"isr"_s));
    const QList<ClusterEvent> isr = ofKind(events, EventKind::IsrChanged);
    QCOMPARE(isr.size(), 3); // each partition once: the controller's records repeat what the leader said
    QCOMPARE(isr[0].fields.value(u"partition"_s).toInt(), 0);
    QCOMPARE(ints(isr[0].fields.value(u"previous"_s)), (QList<int>{1, 2, 3}));
    QCOMPARE(ints(isr[0].fields.value(u"isr"_s)), (QList<int>{2, 3}));
    QCOMPARE(statePartition(r, 0).leader, 2);
    QCOMPARE(statePartition(r, 0).isr, (QList<int>{2, 3}));
    QCOMPARE(statePartition(r, 1).isr, (QList<int>{2, 3}));
    QCOMPARE(statePartition(r, 2).isr, (QList<int>{3, 2}));
}

void TestReconciler::isrExpandsWhenRestartedBrokerLeadsAgain()
{
    Replay r;
    r.feedUntil(u"2026-11-25 15:04:01,000"_s);
    r.reconciler().snapshot(snapshotAfterTopicCreated(QDateTime::currentMSecsSinceEpoch()));
    r.feedUntil(u"2026-11-25 15:04:30,000"_s);
    QCOMPARE(statePartition(r, 2).leader, 1);
    QCOMPARE(statePartition(r, 2).isr, (QList<int>{1, 2}));
    // kafka-3 is back and takes its preferred partition 2 again, with all three replicas in sync.
    const QList<ClusterEvent> events = r.feedUntil(u"2026-11-25 15:05:00,000"_s);
    const QList<ClusterEvent> leaders = ofKind(events, EventKind::PartitionLeaderChanged);
    QCOMPARE(leaders.size(), 1);
    QCOMPARE(leaders[0].fields.value(u"leader"_s).toInt(), 3);
    QCOMPARE(leaders[0].fields.value(u"previous"_s).toInt(), 1);
    const QList<ClusterEvent> isr = ofKind(events, EventKind::IsrChanged);
    QCOMPARE(isr.size(), 1);
    QCOMPARE(isr[0].node, u"kafka-3"_s);
    QCOMPARE(ints(isr[0].fields.value(u"previous"_s)), (QList<int>{1, 2}));
    QCOMPARE(ints(isr[0].fields.value(u"isr"_s)), (QList<int>{1, 2, 3}));
    QCOMPARE(statePartition(r, 2).isr, (QList<int>{1, 2, 3}));
}

void TestReconciler::controlledShutdownMovesLeadership()
{
    Replay r;
    r.feedUntil(u"2026-11-25 15:04:01,000"_s);
    r.reconciler().snapshot(snapshotAfterTopicCreated(QDateTime::currentMSecsSinceEpoch()));
    r.feedUntil(u"2026-11-25 15:04:26,000"_s);
    QCOMPARE(statePartition(r, 2).leader, 3);
    r.reconciler().setNodeState(u"kafka-3"_s, NodeState::Stopping);
    const QList<ClusterEvent> events = r.feedUntil(u"2026-11-25 15:04:26,950"_s);
    const QList<ClusterEvent> phases = ofKind(events, EventKind::ControlledShutdown);
    QCOMPARE(phases.size(), 2);
    QCOMPARE(phases[0].node, u"kafka-3"_s);
    QCOMPARE(phases[0].fields.value(u"phase"_s).toString(), u"started"_s);
    QCOMPARE(phases[1].fields.value(u"phase"_s).toString(), u"succeeded"_s);
    QCOMPARE(phases[0].fields.value(u"broker"_s).toInt(), 3);
    // Between the two, the partitions kafka-3 led moved to the brokers that stay.
    QVERIFY(statePartition(r, 2).leader != 3);
    QVERIFY(statePartition(r, 1).leader != 3);
    for (int p = 0; p < 3; ++p)
        QVERIFY(!statePartition(r, p).isr.contains(3));
    for (const ClusterEvent &e : ofKind(events, EventKind::PartitionLeaderChanged))
        QCOMPARE(e.fields.value(u"previous"_s).toInt(), 3);
}

void TestReconciler::staleProbeRoundDoesNotUndoLogFact()
{
    Replay r;
    r.feedUntil(u"2026-11-25 15:04:01,000"_s);
    r.reconciler().snapshot(snapshotAfterTopicCreated(QDateTime::currentMSecsSinceEpoch()));
    r.feedUntil(u"2026-11-25 15:04:10,000"_s);
    // A probe round begins, and before it answers kafka-2's log says it leads partition 0 (kafka-1 was killed).
    const qint64 roundBegan = QDateTime::currentMSecsSinceEpoch() - 1;
    r.feedUntil(u"2026-11-25 15:04:11,000"_s);
    QCOMPARE(statePartition(r, 0).leader, 2);
    const qsizetype before = r.events.size();
    // The round read the cluster as it was before: partition 0 still led by 1. It must not undo the log.
    QVERIFY(!r.reconciler().snapshot(snapshotAfterTopicCreated(roundBegan)));
    QCOMPARE(r.events.size(), before);
    QCOMPARE(statePartition(r, 0).leader, 2);
    QCOMPARE(statePartition(r, 0).isr, (QList<int>{2, 3}));
    QCOMPARE(r.state().controller(), 2);

    // A round that began after the log fact is current: what it says differently is the truth.
    ClusterSnapshot current = snapshotAfterTopicCreated(QDateTime::currentMSecsSinceEpoch() + 1);
    current.registeredBrokers = {2, 3};
    current.metadataBrokers = {2, 3};
    current.topics[kTopic][0] = partition(0, 2, 1, {1, 2, 3}, {2, 3});
    current.topics[kTopic][1] = partition(1, 2, 1, {2, 3, 1}, {2, 3});
    current.topics[kTopic][2] = partition(2, 3, 1, {3, 1, 2}, {3, 2});
    QVERIFY(r.reconciler().snapshot(current));
    const QList<ClusterEvent> after = r.since(before);
    QCOMPARE(after.size(), 1); // only what the logs had not said: kafka-1's registration is gone
    QVERIFY(after[0].kind == EventKind::BrokerUnregistered);
    QCOMPARE(after[0].node, u"kafka-1"_s);
    QCOMPARE(after[0].source, u"probe"_s);
    QCOMPARE(r.state().registeredBrokers(), (QSet<int>{2, 3}));
}

void TestReconciler::newTopicWaitsForProbe()
{
    Replay r;
    QSignalSpy wanted(&r.reconciler(), &EventReconciler::probeWanted);
    const QList<ClusterEvent> events = r.feedUntil(u"2026-11-25 15:04:01,000"_s);
    // kafka-1..3 logged leading partitions of a topic no probe has described yet: nothing until it has.
    QVERIFY(ofKind(events, EventKind::PartitionLeaderChanged).isEmpty());
    QVERIFY(ofKind(events, EventKind::IsrChanged).isEmpty());
    QVERIFY(wanted.size() >= 3);
    QVERIFY(r.state().topics().isEmpty());

    const qsizetype before = r.events.size();
    QVERIFY(r.reconciler().snapshot(snapshotAfterTopicCreated(QDateTime::currentMSecsSinceEpoch())));
    const QList<ClusterEvent> after = r.since(before);
    const QList<ClusterEvent> created = ofKind(after, EventKind::TopicCreated);
    QCOMPARE(created.size(), 1);
    QCOMPARE(created[0].fields.value(u"topic"_s).toString(), kTopic);
    QCOMPARE(created[0].fields.value(u"partitions"_s).toInt(), 3);
    QCOMPARE(created[0].fields.value(u"replication_factor"_s).toInt(), 3);
    QCOMPARE(ofKind(after, EventKind::PartitionLeaderChanged).size(), 3);
    // Registered and listed in the metadata: the brokers are up.
    for (const QString &b : {u"kafka-1"_s, u"kafka-2"_s, u"kafka-3"_s})
        QVERIFY(r.state().node(b)->state == NodeState::Up);
    // The topic once described, the same round again says nothing new.
    const qsizetype settled = r.events.size();
    QVERIFY(r.reconciler().snapshot(snapshotAfterTopicCreated(QDateTime::currentMSecsSinceEpoch())));
    QCOMPARE(r.events.size(), settled);
}

void TestReconciler::exitedLeaderIsForgotten()
{
    Replay r;
    r.feedUntil(u"2026-11-25 15:03:59,000"_s);
    const auto leader = parseSrvr(readData(u"srvr-leader.txt"_s));
    r.reconciler().srvrReply(u"zookeeper-3"_s, true, *leader);
    r.reconciler().nodeExited(u"zookeeper-3"_s, NodeState::Killed, 137);
    QCOMPARE(r.events.last().fields.value(u"exit_code"_s).toInt(), 137);
    // Started again and leading again (as after a restart), it is announced again.
    r.reconciler().setNodeState(u"zookeeper-3"_s, NodeState::Starting, {{u"pid"_s, 4242}});
    const qsizetype before = r.events.size();
    QVERIFY(r.reconciler().srvrReply(u"zookeeper-3"_s, true, *leader));
    QCOMPARE(ofKind(r.since(before), EventKind::LeaderElected).size(), 1);
}

// The recorded Kafka 4.4.0 KRaft run (controllers 101-103, brokers 1-2): start, SIGKILL of leader 103, SIGSTOP and
// SIGCONT of the next leader 101, SIGKILL of broker 2; the logs merged in time order as the engine reads them.
void TestReconciler::kraftRunNamesVotersLeadersAndFencedBroker()
{
    ClusterLayout layout;
    for (int i = 1; i <= 3; ++i)
        layout.nodes.append(
            NodeLayout{u"controller-%1"_s.arg(i), NodeKind::Coordinator, 100 + i, 26100 + i, 0, 0, 26100 + i});
    for (int i = 1; i <= 2; ++i)
        layout.nodes.append(NodeLayout{u"kafka-%1"_s.arg(i), NodeKind::Broker, i, 26110 + i});
    EventReconciler reconciler;
    reconciler.reset(layout);
    reconciler.setKRaft(true);
    QList<ClusterEvent> events;
    connect(&reconciler, &EventReconciler::eventEmitted, this, [&](const ClusterEvent &e) { events.append(e); });
    QList<TimedLine> lines;
    for (const NodeLayout &n : layout.nodes) {
        reconciler.setNodeState(n.name, NodeState::Starting);
        const QStringList text =
            QString::fromUtf8(readData(u"logs/kraft-4.4.0-"_s + n.name + u".log"_s)).split(u'\n', Qt::SkipEmptyParts);
        for (const QString &line : text)
            lines.append({line.left(23), n.name, line});
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const TimedLine &a, const TimedLine &b) { return a.timestamp < b.timestamp; });
    for (const TimedLine &l : lines)
        reconciler.logLine(l.node, l.text);

    // Every node said "Kafka Server started".
    for (const NodeLayout &n : layout.nodes)
        QVERIFY2(reconciler.nodeState(n.name) == NodeState::Up, qPrintable(n.name));
    // Votes carry the voter's and the candidate's names; the voter is the node whose log it is.
    const QList<ClusterEvent> votes = ofKind(events, EventKind::RaftVote);
    QVERIFY(votes.size() >= 10);
    for (const ClusterEvent &v : votes) {
        QCOMPARE(v.fields.value(u"voter"_s).toString(), v.node);
        QVERIFY(v.fields.value(u"candidate"_s).toString().startsWith(u"controller-"_s));
    }
    // Leaders in order: controller-2 (epoch 1), controller-3 (2), controller-1 (4), controller-2 (5).
    QStringList leaders;
    for (const ClusterEvent &e : ofKind(events, EventKind::LeaderElected))
        leaders.append(e.node + u'@' + QString::number(e.fields.value(u"epoch"_s).toInt()));
    QCOMPARE(leaders,
             (QStringList{u"controller-2@1"_s, u"controller-3@2"_s, u"controller-1@4"_s, u"controller-2@5"_s}));
    QCOMPARE(reconciler.state().quorumLeader(), u"controller-2"_s);
    QCOMPARE(reconciler.state().node(u"controller-1"_s)->role, u"follower"_s); // resigned, then followed 102
    QCOMPARE(reconciler.state().controller(), 102);
    QCOMPARE(reconciler.state().quorumEpoch(), 5);
    QVERIFY(reconciler.state().fencedBrokers().contains(2));
    QVERIFY(!reconciler.state().fencedBrokers().contains(1));
}

QTEST_GUILESS_MAIN(TestReconciler)
#include "tst_reconciler.moc"
