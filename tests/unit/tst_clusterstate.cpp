// ClusterState as a fold over events, and the JSON that `ensemble status --json` prints from it.
#include "ClusterState.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

ClusterLayout threeAndThree()
{
    ClusterLayout layout;
    for (int i = 1; i <= 3; ++i)
        layout.nodes.append(
            NodeLayout{u"zookeeper-%1"_s.arg(i), NodeKind::Coordinator, i, 2180 + i, 2887 + i, 3887 + i});
    for (int i = 1; i <= 3; ++i)
        layout.nodes.append(NodeLayout{u"kafka-%1"_s.arg(i), NodeKind::Broker, i, 9091 + i});
    return layout;
}

ClusterEvent makeEvent(qint64 t, EventKind kind, const QString &node, const QJsonObject &fields)
{
    ClusterEvent e;
    e.timeMs = t;
    e.wallMs = 1764081273000 + t;
    e.kind = kind;
    e.node = node;
    e.fields = fields;
    return e;
}

ClusterEvent nodeState(qint64 t, const QString &node, const QString &state, QJsonObject more = {})
{
    more.insert(u"state"_s, state);
    return makeEvent(t, EventKind::NodeState, node, more);
}

QJsonObject partitionFields(const QString &topic, int partition, QJsonObject more)
{
    more.insert(u"topic"_s, topic);
    more.insert(u"partition"_s, partition);
    return more;
}

// The cluster starting: six processes up, a quorum with zookeeper-2 leading, kafka-2 the controller, a topic
// with two partitions led by brokers 1 and 2 with full ISRs.
QList<ClusterEvent> startup()
{
    QList<ClusterEvent> events;
    const QStringList names = {u"zookeeper-1"_s, u"zookeeper-2"_s, u"zookeeper-3"_s,
                               u"kafka-1"_s,     u"kafka-2"_s,     u"kafka-3"_s};
    for (int i = 0; i < names.size(); ++i)
        events.append(nodeState(10 + i, names[i], u"starting"_s, {{u"pid"_s, 1001 + i}}));
    for (int i = 0; i < 3; ++i)
        events.append(nodeState(400 + i, names[i], u"up"_s));
    events.append(makeEvent(500, EventKind::PeerState, u"zookeeper-1"_s, {{u"state"_s, u"following"_s}}));
    events.append(makeEvent(501, EventKind::PeerState, u"zookeeper-2"_s, {{u"state"_s, u"leading"_s}}));
    events.append(makeEvent(502, EventKind::PeerState, u"zookeeper-3"_s, {{u"state"_s, u"following"_s}}));
    events.append(
        makeEvent(3000, EventKind::ControllerChanged, u"kafka-2"_s, {{u"controller"_s, 2}, {u"previous"_s, -1}}));
    for (int i = 3; i < 6; ++i) {
        events.append(makeEvent(3100 + i, EventKind::BrokerRegistered, names[i], {{u"broker"_s, i - 2}}));
        events.append(nodeState(3200 + i, names[i], u"up"_s));
    }
    const QJsonArray assignment = {QJsonObject{{u"partition"_s, 0}, {u"replicas"_s, QJsonArray{1, 2, 3}}},
                                   QJsonObject{{u"partition"_s, 1}, {u"replicas"_s, QJsonArray{2, 3, 1}}}};
    events.append(makeEvent(4000, EventKind::TopicCreated, QString(),
                            {{u"topic"_s, u"orders"_s},
                             {u"partitions"_s, 2},
                             {u"replication_factor"_s, 3},
                             {u"assignment"_s, assignment}}));
    events.append(
        makeEvent(4100, EventKind::PartitionLeaderChanged, u"kafka-2"_s,
                  partitionFields(u"orders"_s, 0, {{u"leader"_s, 1}, {u"previous"_s, -1}, {u"leader_epoch"_s, 0}})));
    events.append(
        makeEvent(4101, EventKind::PartitionLeaderChanged, u"kafka-2"_s,
                  partitionFields(u"orders"_s, 1, {{u"leader"_s, 2}, {u"previous"_s, -1}, {u"leader_epoch"_s, 0}})));
    events.append(makeEvent(4200, EventKind::IsrChanged, u"kafka-1"_s,
                            partitionFields(u"orders"_s, 0, {{u"isr"_s, QJsonArray{1, 2, 3}}})));
    events.append(makeEvent(4201, EventKind::IsrChanged, u"kafka-2"_s,
                            partitionFields(u"orders"_s, 1, {{u"isr"_s, QJsonArray{2, 3, 1}}})));
    return events;
}

// kafka-1 is SIGKILLed; partition 0 moves to broker 2 and broker 1 leaves both ISRs.
QList<ClusterEvent> killKafka1()
{
    return {
        nodeState(9000, u"kafka-1"_s, u"killed"_s, {{u"exit_code"_s, 137}}),
        makeEvent(13000, EventKind::PartitionLeaderChanged, u"kafka-2"_s,
                  partitionFields(u"orders"_s, 0, {{u"leader"_s, 2}, {u"previous"_s, 1}, {u"leader_epoch"_s, 1}})),
        makeEvent(13001, EventKind::IsrChanged, u"kafka-2"_s,
                  partitionFields(u"orders"_s, 0, {{u"isr"_s, QJsonArray{2, 3}}})),
        makeEvent(13002, EventKind::IsrChanged, u"kafka-2"_s,
                  partitionFields(u"orders"_s, 1, {{u"isr"_s, QJsonArray{2, 3}}})),
    };
}

ClusterState fold(const QList<ClusterEvent> &events)
{
    ClusterState state(threeAndThree());
    for (const ClusterEvent &e : events)
        state.apply(e);
    return state;
}

QStringList keysOf(const QJsonObject &o)
{
    QStringList keys = o.keys();
    keys.sort();
    return keys;
}

// The documented keys an object lacks (extra keys are allowed: readers ignore what they do not know).
QString missingKeys(const QJsonObject &o, const QStringList &keys)
{
    QStringList missing;
    for (const QString &key : keys)
        if (!o.contains(key))
            missing.append(key);
    if (missing.isEmpty())
        return {};
    return missing.join(u", "_s) + u" in "_s + QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

#define VERIFY_HAS_KEYS(object, ...)                                                                                   \
    do {                                                                                                               \
        const QString missing = missingKeys(object, __VA_ARGS__);                                                      \
        QVERIFY2(missing.isEmpty(), qPrintable(missing));                                                              \
    } while (false)

class TestClusterState : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void startupFoldsToAHealthyCluster();
    void killTargetsAreTheBusiestLeaderAndTheQuorumLeader();
    void killedBrokerLeavesRolesAndPartitions();
    void statusJsonHasTheDocumentedShape();
    void statusStateUsesTheDocumentedWords_data();
    void statusStateUsesTheDocumentedWords();
    void stoppedQuorumLeaderIsNoLongerLeader();
    void lookingLeaderIsNoLongerLeader();
    void controllerGoneLeavesNoControllerRole();
    void combinedKRaftNodeKeepsItsRaftRole();
    void restartedNodeGetsItsNewPid();
    void deletedTopicDisappears();
    void eventForAnUnknownNodeChangesNothing();
    void nodeEndedBySignalShowsItInStatus();
};

void TestClusterState::startupFoldsToAHealthyCluster()
{
    const ClusterState state = fold(startup());
    QVERIFY(state.allNodesUp());
    QCOMPARE(state.quorumLeader(), u"zookeeper-2"_s);
    QCOMPARE(state.controller(), 2);
    QCOMPARE(state.registeredBrokers(), (QSet<int>{1, 2, 3}));
    QCOMPARE(state.node(u"zookeeper-1"_s)->role, u"follower"_s);
    QCOMPARE(state.node(u"zookeeper-2"_s)->role, u"leader"_s);
    QCOMPARE(state.node(u"kafka-2"_s)->role, u"controller"_s);
    QCOMPARE(state.node(u"kafka-3"_s)->role, u"broker"_s);
    QCOMPARE(state.node(u"kafka-3"_s)->pid, 1006);
    QCOMPARE(state.node(u"kafka-3"_s)->sinceMs, 3205);

    QCOMPARE(state.topics().size(), 1);
    const TopicState &orders = state.topics().value(u"orders"_s);
    QCOMPARE(orders.name, u"orders"_s);
    QCOMPARE(orders.partitions.size(), 2);
    QCOMPARE(orders.partitions.value(0), (PartitionState{0, 1, 0, {1, 2, 3}, {1, 2, 3}}));
    QCOMPARE(orders.partitions.value(1), (PartitionState{1, 2, 0, {2, 3, 1}, {2, 3, 1}}));
}

void TestClusterState::killedBrokerLeavesRolesAndPartitions()
{
    const ClusterState state = fold(startup() + killKafka1());
    QVERIFY(!state.allNodesUp());
    const NodeStatus *kafka1 = state.node(u"kafka-1"_s);
    QVERIFY(kafka1);
    QCOMPARE(toString(kafka1->state), u"killed"_s);
    QCOMPARE(kafka1->pid, 0);
    QCOMPARE(kafka1->exitCode, 137);
    QCOMPARE(kafka1->role, QString());
    QCOMPARE(kafka1->sinceMs, 9000);
    // The others are untouched.
    QCOMPARE(state.node(u"kafka-2"_s)->role, u"controller"_s);
    QCOMPARE(toString(state.node(u"kafka-2"_s)->state), u"up"_s);
    QCOMPARE(state.quorumLeader(), u"zookeeper-2"_s);

    const TopicState &orders = state.topics().value(u"orders"_s);
    QCOMPARE(orders.partitions.value(0), (PartitionState{0, 2, 1, {1, 2, 3}, {2, 3}}));
    QCOMPARE(orders.partitions.value(1), (PartitionState{1, 2, 0, {2, 3, 1}, {2, 3}}));
}

void TestClusterState::killTargetsAreTheBusiestLeaderAndTheQuorumLeader()
{
    // Brokers 1 and 2 lead one partition each: the tie goes away from the controller (kafka-2), so that killing
    // it shows a partition failover alone.
    const ClusterState started = fold(startup());
    QCOMPARE(started.busiestPartitionLeader(), u"kafka-1"_s);
    QCOMPARE(started.runningQuorumLeader(), u"zookeeper-2"_s);
    // kafka-1 killed: kafka-2 leads both; a killed broker is never a target.
    const ClusterState killed = fold(startup() + killKafka1());
    QCOMPARE(killed.busiestPartitionLeader(), u"kafka-2"_s);
    // No partition at all: no target.
    QCOMPARE(ClusterState(threeAndThree()).busiestPartitionLeader(), QString());
    QCOMPARE(ClusterState(threeAndThree()).runningQuorumLeader(), QString());
}

void TestClusterState::statusJsonHasTheDocumentedShape()
{
    const QJsonObject status = fold(startup() + killKafka1()).toStatusJson(u"default"_s, u"zookeeper"_s);
    // It is printed and read back as text.
    const QJsonObject json = QJsonDocument::fromJson(QJsonDocument(status).toJson()).object();

    VERIFY_HAS_KEYS(
        json, {u"cluster"_s, u"mode"_s, u"nodes"_s, u"quorum_leader"_s, u"controller"_s, u"bootstrap"_s, u"topics"_s});
    QCOMPARE(json.value(u"cluster"_s).toString(), u"default"_s);
    QCOMPARE(json.value(u"mode"_s).toString(), u"zookeeper"_s);
    QCOMPARE(json.value(u"quorum_leader"_s).toString(), u"zookeeper-2"_s);
    QVERIFY(json.value(u"controller"_s).isDouble());
    QCOMPARE(json.value(u"controller"_s).toInt(), 2);
    QCOMPARE(json.value(u"bootstrap"_s).toString(), u"127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094"_s);

    const QJsonArray nodes = json.value(u"nodes"_s).toArray();
    QCOMPARE(nodes.size(), 6);
    for (const QJsonValue &v : nodes) {
        const QJsonObject n = v.toObject();
        VERIFY_HAS_KEYS(n, {u"name"_s, u"kind"_s, u"id"_s, u"state"_s, u"pid"_s, u"ports"_s, u"role"_s});
        const QString kind = n.value(u"kind"_s).toString();
        QVERIFY2(kind == u"coordinator" || kind == u"broker", qPrintable(kind));
        QVERIFY(n.value(u"id"_s).isDouble());
        const QString state = n.value(u"state"_s).toString();
        QVERIFY2((QStringList{u"starting"_s, u"up"_s, u"stopped"_s, u"exited"_s, u"paused"_s}.contains(state)),
                 qPrintable(state));
        QVERIFY(n.value(u"pid"_s).isDouble() || n.value(u"pid"_s).isNull());
        QVERIFY(n.value(u"role"_s).isString() || n.value(u"role"_s).isNull());
        const QJsonObject ports = n.value(u"ports"_s).toObject();
        QCOMPARE(keysOf(ports), kind == u"coordinator" ? (QStringList{u"client"_s, u"election"_s, u"quorum"_s})
                                                       : QStringList{u"listener"_s});
    }
    const QJsonObject zk2 = nodes[1].toObject();
    QCOMPARE(zk2.value(u"name"_s).toString(), u"zookeeper-2"_s);
    QCOMPARE(zk2.value(u"kind"_s).toString(), u"coordinator"_s);
    QCOMPARE(zk2.value(u"id"_s).toInt(), 2);
    QCOMPARE(zk2.value(u"state"_s).toString(), u"up"_s);
    QCOMPARE(zk2.value(u"pid"_s).toInteger(), 1002);
    QCOMPARE(zk2.value(u"role"_s).toString(), u"leader"_s);
    QCOMPARE(zk2.value(u"ports"_s).toObject(),
             (QJsonObject{{u"client"_s, 2182}, {u"quorum"_s, 2889}, {u"election"_s, 3889}}));

    const QJsonObject kafka1 = nodes[3].toObject();
    QCOMPARE(kafka1.value(u"name"_s).toString(), u"kafka-1"_s);
    QCOMPARE(kafka1.value(u"kind"_s).toString(), u"broker"_s);
    QCOMPARE(kafka1.value(u"state"_s).toString(), u"exited"_s); // killed, in the status vocabulary
    QVERIFY(kafka1.value(u"pid"_s).isNull());
    QVERIFY(kafka1.value(u"role"_s).isNull());
    QCOMPARE(kafka1.value(u"ports"_s).toObject(), (QJsonObject{{u"listener"_s, 9092}}));
    QCOMPARE(nodes[4].toObject().value(u"role"_s).toString(), u"controller"_s);
    QCOMPARE(nodes[5].toObject().value(u"role"_s).toString(), u"broker"_s);

    const QJsonArray topics = json.value(u"topics"_s).toArray();
    QCOMPARE(topics.size(), 1);
    const QJsonObject orders = topics[0].toObject();
    VERIFY_HAS_KEYS(orders, {u"name"_s, u"partitions"_s});
    QCOMPARE(orders.value(u"name"_s).toString(), u"orders"_s);
    const QJsonArray partitions = orders.value(u"partitions"_s).toArray();
    QCOMPARE(partitions.size(), 2);
    const QJsonObject p0 = partitions[0].toObject();
    VERIFY_HAS_KEYS(p0, {u"partition"_s, u"leader"_s, u"replicas"_s, u"isr"_s});
    QCOMPARE(p0.value(u"partition"_s).toInt(), 0);
    QCOMPARE(p0.value(u"leader"_s).toInt(), 2);
    QCOMPARE(p0.value(u"replicas"_s).toArray(), (QJsonArray{1, 2, 3}));
    QCOMPARE(p0.value(u"isr"_s).toArray(), (QJsonArray{2, 3}));
    QCOMPARE(partitions[1].toObject().value(u"partition"_s).toInt(), 1);
}

void TestClusterState::statusStateUsesTheDocumentedWords_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("hasPid");

    QTest::newRow("starting") << u"starting"_s << u"starting"_s << true;
    QTest::newRow("up") << u"up"_s << u"up"_s << true;
    QTest::newRow("stopping is still up") << u"stopping"_s << u"up"_s << true;
    QTest::newRow("paused") << u"paused"_s << u"paused"_s << true;
    QTest::newRow("stopped") << u"stopped"_s << u"stopped"_s << false;
    QTest::newRow("exited") << u"exited"_s << u"exited"_s << false;
    QTest::newRow("killed has exited") << u"killed"_s << u"exited"_s << false;
}

void TestClusterState::statusStateUsesTheDocumentedWords()
{
    QFETCH(QString, event);
    QFETCH(QString, status);
    QFETCH(bool, hasPid);

    ClusterState state(threeAndThree());
    state.apply(nodeState(1, u"kafka-3"_s, u"starting"_s, {{u"pid"_s, 777}}));
    state.apply(nodeState(2, u"kafka-3"_s, event));
    const QJsonObject node = state.toStatusJson(u"c"_s, u"zookeeper"_s).value(u"nodes"_s).toArray()[5].toObject();
    QCOMPARE(node.value(u"name"_s).toString(), u"kafka-3"_s);
    QCOMPARE(node.value(u"state"_s).toString(), status);
    QCOMPARE(node.value(u"pid"_s).toInteger(), hasPid ? 777 : 0);
    QCOMPARE(node.value(u"pid"_s).isNull(), !hasPid);
}

void TestClusterState::stoppedQuorumLeaderIsNoLongerLeader()
{
    ClusterState state = fold(startup());
    state.apply(nodeState(6000, u"zookeeper-2"_s, u"exited"_s, {{u"exit_code"_s, 1}}));
    QCOMPARE(state.quorumLeader(), QString());
    QCOMPARE(state.node(u"zookeeper-2"_s)->role, QString());
    QVERIFY(state.toStatusJson(u"c"_s, u"zookeeper"_s).value(u"quorum_leader"_s).isNull());

    state.apply(makeEvent(6400, EventKind::PeerState, u"zookeeper-3"_s, {{u"state"_s, u"leading"_s}}));
    QCOMPARE(state.quorumLeader(), u"zookeeper-3"_s);
}

void TestClusterState::lookingLeaderIsNoLongerLeader()
{
    ClusterState state = fold(startup());
    state.apply(makeEvent(6000, EventKind::PeerState, u"zookeeper-2"_s, {{u"state"_s, u"looking"_s}}));
    QCOMPARE(state.quorumLeader(), QString());
    QCOMPARE(state.node(u"zookeeper-2"_s)->role, u"looking"_s);
    // A follower going to look does not unseat the leader.
    ClusterState other = fold(startup());
    other.apply(makeEvent(6000, EventKind::PeerState, u"zookeeper-1"_s, {{u"state"_s, u"looking"_s}}));
    QCOMPARE(other.quorumLeader(), u"zookeeper-2"_s);
}

void TestClusterState::controllerGoneLeavesNoControllerRole()
{
    ClusterState state = fold(startup());
    state.apply(makeEvent(7000, EventKind::ControllerChanged, QString(), {{u"controller"_s, -1}, {u"previous"_s, 2}}));
    QCOMPARE(state.controller(), -1);
    for (const QString &name : {u"kafka-1"_s, u"kafka-2"_s, u"kafka-3"_s})
        QCOMPARE(state.node(name)->role, u"broker"_s);
    QVERIFY(state.toStatusJson(u"c"_s, u"zookeeper"_s).value(u"controller"_s).isNull());
}

void TestClusterState::combinedKRaftNodeKeepsItsRaftRole()
{
    // Combined nodes are brokers with a controller listener: their role is their raft state, whatever the
    // controller id says, and it goes when the node does.
    ClusterLayout layout;
    for (int i = 1; i <= 3; ++i)
        layout.nodes.append(NodeLayout{u"kafka-%1"_s.arg(i), NodeKind::Broker, i, 9091 + i, 0, 0, 19092 + i});
    ClusterState state(layout);
    for (int i = 1; i <= 3; ++i)
        state.apply(nodeState(i, u"kafka-%1"_s.arg(i), u"up"_s, {{u"pid"_s, 100 + i}}));
    state.apply(makeEvent(10, EventKind::RaftStateChanged, u"kafka-2"_s, {{u"state"_s, u"leader"_s}, {u"epoch"_s, 1}}));
    state.apply(
        makeEvent(11, EventKind::RaftStateChanged, u"kafka-1"_s, {{u"state"_s, u"follower"_s}, {u"epoch"_s, 1}}));
    state.apply(makeEvent(12, EventKind::ControllerChanged, u"kafka-2"_s, {{u"controller"_s, 2}, {u"previous"_s, -1}}));
    QCOMPARE(state.node(u"kafka-2"_s)->role, u"leader"_s);
    QCOMPARE(state.node(u"kafka-1"_s)->role, u"follower"_s);
    QCOMPARE(state.quorumLeader(), u"kafka-2"_s);
    state.apply(nodeState(20, u"kafka-2"_s, u"killed"_s, {{u"exit_code"_s, 137}}));
    QCOMPARE(state.node(u"kafka-2"_s)->role, QString());
    QCOMPARE(state.quorumLeader(), QString());
    QCOMPARE(state.node(u"kafka-1"_s)->role, u"follower"_s);
    const QJsonArray nodes = state.toStatusJson(u"c"_s, u"kraft"_s).value(u"nodes"_s).toArray();
    QCOMPARE(nodes[1].toObject().value(u"state"_s).toString(), u"exited"_s);
    QCOMPARE(statusWord(NodeState::Killed), u"exited"_s);
    QCOMPARE(statusWord(NodeState::Paused), u"paused"_s);
}

void TestClusterState::restartedNodeGetsItsNewPid()
{
    ClusterState state = fold(startup() + killKafka1());
    state.apply(nodeState(20000, u"kafka-1"_s, u"starting"_s, {{u"pid"_s, 2001}}));
    QCOMPARE(state.node(u"kafka-1"_s)->pid, 2001);
    QCOMPARE(state.node(u"kafka-1"_s)->role, u"broker"_s);
    QCOMPARE(toString(state.node(u"kafka-1"_s)->state), u"starting"_s);
}

void TestClusterState::deletedTopicDisappears()
{
    ClusterState state = fold(startup());
    state.apply(makeEvent(8000, EventKind::TopicDeleted, QString(), {{u"topic"_s, u"orders"_s}}));
    QVERIFY(state.topics().isEmpty());
    QVERIFY(state.toStatusJson(u"c"_s, u"zookeeper"_s).value(u"topics"_s).toArray().isEmpty());
}

void TestClusterState::eventForAnUnknownNodeChangesNothing()
{
    const ClusterState before = fold(startup());
    ClusterState after = before;
    after.apply(nodeState(8000, u"kafka-9"_s, u"killed"_s));
    after.apply(makeEvent(8001, EventKind::PeerState, u"zookeeper-9"_s, {{u"state"_s, u"leading"_s}}));
    QCOMPARE(after.toStatusJson(u"c"_s, u"zookeeper"_s), before.toStatusJson(u"c"_s, u"zookeeper"_s));
}

void TestClusterState::nodeEndedBySignalShowsItInStatus()
{
    ClusterState state = fold(startup());
    state.apply(nodeState(9000, u"kafka-2"_s, u"exited"_s, {{u"exit_code"_s, 134}, {u"signal"_s, u"SIGSEGV"_s}}));
    state.apply(nodeState(9001, u"kafka-3"_s, u"exited"_s, {{u"exit_code"_s, 1}}));
    QJsonObject kafka2, kafka3;
    for (const QJsonValue &n : state.toStatusJson(u"default"_s, u"zookeeper"_s).value(u"nodes"_s).toArray()) {
        if (n[u"name"_s] == u"kafka-2"_s)
            kafka2 = n.toObject();
        if (n[u"name"_s] == u"kafka-3"_s)
            kafka3 = n.toObject();
    }
    QCOMPARE(kafka2.value(u"signal"_s).toString(), u"SIGSEGV"_s);
    QCOMPARE(kafka2.value(u"exit_code"_s).toInt(), 134);
    QVERIFY(!kafka3.contains(u"signal"_s));
    QCOMPARE(kafka3.value(u"exit_code"_s).toInt(), 1);
    // Started again: the old signal is gone with the exit.
    state.apply(nodeState(9500, u"kafka-2"_s, u"up"_s, {{u"pid"_s, 99}}));
    for (const QJsonValue &n : state.toStatusJson(u"default"_s, u"zookeeper"_s).value(u"nodes"_s).toArray())
        if (n[u"name"_s] == u"kafka-2"_s)
            QVERIFY(!n.toObject().contains(u"signal"_s));
}

QTEST_GUILESS_MAIN(TestClusterState)
#include "tst_clusterstate.moc"
