// ClusterEvent's JSON form (events.jsonl, `ensemble events --json`), its one-line text form, and its typed payloads.
#include "ClusterEvent.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

// How many kinds there are: EventKind's values are 0..N-1 and toString() answers "unknown" past the last one.
int kindCount()
{
    int n = 0;
    while (n < 1000 && toString(EventKind(n)) != u"unknown"_s)
        ++n;
    return n;
}

ClusterEvent makeEvent(EventKind kind, const QString &node, QJsonObject fields, const QString &source = u"log"_s)
{
    ClusterEvent e;
    e.timeMs = 12345;
    e.wallMs = 1764081273012; // 2025-11-25, a real epoch in milliseconds: more than 32 bits
    e.node = node;
    e.kind = kind;
    e.fields = std::move(fields);
    e.source = source;
    return e;
}

// Through text, as events.jsonl and the control socket carry it.
std::optional<ClusterEvent> throughText(const ClusterEvent &e)
{
    const QByteArray line = QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact);
    if (line.contains('\n'))
        return std::nullopt; // one event, one line
    return ClusterEvent::fromJson(QJsonDocument::fromJson(line).object());
}

// The events a real run wrote (3 ZooKeeper + 3 Kafka, the quorum leader killed): engine output, not made up here.
QList<ClusterEvent> recordedEvents()
{
    QFile f(QStringLiteral(ENSEMBLE_TEST_DATA) + u"/events/zk-leader-kill.jsonl"_s);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<ClusterEvent> out;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (const auto e = ClusterEvent::fromJson(QJsonDocument::fromJson(line).object()))
            out.append(*e);
    return out;
}

} // namespace

class TestClusterEvent : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void everyKindHasAStableName();
    void roundTripsThroughJson_data();
    void roundTripsThroughJson();
    void jsonUsesTheDocumentedKeys();
    void clusterWideEventOmitsNodeAndSource();
    void fromJsonRejects_data();
    void fromJsonRejects();
    void toTextNamesNodeKindAndWhatHappened_data();
    void toTextNamesNodeKindAndWhatHappened();
    void typedPayloadsReadRecordedEvents();
    void typedPayloadsSurviveTheJsonRoundTrip();
    void typedPayloadsDefaultWhatIsMissing();
};

void TestClusterEvent::everyKindHasAStableName()
{
    const int count = kindCount();
    QVERIFY(count > int(EventKind::Problem)); // every kind up to the last one declared has a name
    QSet<QString> names;
    for (int i = 0; i < count; ++i) {
        const auto kind = EventKind(i);
        const QString name = toString(kind);
        QCOMPARE(eventKindFromString(name), std::optional<EventKind>(kind));
        names.insert(name);
    }
    QCOMPARE(names.size(), count);
    QCOMPARE(toString(EventKind::PartitionLeaderChanged), u"partition_leader_changed"_s);
    QCOMPARE(eventKindFromString(u"Node_State"_s), std::nullopt);
    QCOMPARE(eventKindFromString(u"unknown"_s), std::nullopt);
}

void TestClusterEvent::roundTripsThroughJson_data()
{
    QTest::addColumn<ClusterEvent>("event");

    const QList<ClusterEvent> events = {
        makeEvent(EventKind::NodeState, u"kafka-2"_s,
                  {{u"state"_s, u"exited"_s}, {u"pid"_s, 4242}, {u"exit_code"_s, 137}}, u"process"_s),
        makeEvent(EventKind::PeerState, u"zookeeper-1"_s, {{u"state"_s, u"following"_s}, {u"phase"_s, u"broadcast"_s}}),
        makeEvent(EventKind::ElectionStarted, u"zookeeper-3"_s,
                  {{u"proposed_leader"_s, 3}, {u"zxid"_s, u"0x100000002"_s}}),
        makeEvent(EventKind::Vote, u"zookeeper-1"_s,
                  {{u"voter"_s, 2},
                   {u"candidate"_s, 3},
                   {u"round"_s, 1},
                   {u"epoch"_s, 0},
                   {u"zxid"_s, u"0x0"_s},
                   {u"voter_state"_s, u"LOOKING"_s}}),
        makeEvent(EventKind::LeaderElected, u"zookeeper-3"_s,
                  {{u"leader"_s, u"zookeeper-3"_s}, {u"id"_s, 3}, {u"took_ms"_s, 317}}),
        makeEvent(EventKind::ControllerChanged, u"kafka-1"_s,
                  {{u"controller"_s, 1}, {u"previous"_s, -1}, {u"epoch"_s, 2}}),
        makeEvent(EventKind::BrokerRegistered, u"kafka-3"_s, {{u"broker"_s, 3}}, u"probe"_s),
        makeEvent(EventKind::BrokerUnregistered, u"kafka-3"_s, {{u"broker"_s, 3}}, u"probe"_s),
        makeEvent(EventKind::PartitionLeaderChanged, u"kafka-2"_s,
                  {{u"topic"_s, u"orders"_s},
                   {u"partition"_s, 0},
                   {u"leader"_s, 3},
                   {u"previous"_s, 2},
                   {u"leader_epoch"_s, 7}}),
        makeEvent(EventKind::IsrChanged, u"kafka-3"_s,
                  {{u"topic"_s, u"orders"_s},
                   {u"partition"_s, 1},
                   {u"isr"_s, QJsonArray{1, 3}},
                   {u"previous"_s, QJsonArray{1, 2, 3}}}),
        makeEvent(EventKind::TopicCreated, QString(),
                  {{u"topic"_s, u"orders"_s}, {u"partitions"_s, 3}, {u"replication_factor"_s, 3}}, u"engine"_s),
        makeEvent(EventKind::TopicDeleted, QString(), {{u"topic"_s, u"orders"_s}}, u"engine"_s),
        makeEvent(EventKind::FaultInjected, u"kafka-1"_s, {{u"action"_s, u"kill"_s}, {u"target"_s, u"kafka-1"_s}},
                  u"user"_s),
        makeEvent(EventKind::ControlledShutdown, u"kafka-2"_s, {{u"broker"_s, 2}, {u"phase"_s, u"succeeded"_s}}),
        makeEvent(EventKind::ClusterHealthy, QString(), {{u"took_ms"_s, 8123}}, u"engine"_s),
        makeEvent(EventKind::Problem, u"kafka-2"_s, {{u"message"_s, u"java.lang.OutOfMemoryError: Java heap space"_s}}),
        makeEvent(EventKind::RaftStateChanged, u"controller-3"_s,
                  {{u"state"_s, u"leader"_s}, {u"epoch"_s, 5}, {u"leader"_s, 103}, {u"previous"_s, u"candidate"_s}}),
        makeEvent(EventKind::RaftVote, u"controller-1"_s,
                  {{u"voter"_s, u"controller-1"_s},
                   {u"candidate"_s, u"controller-3"_s},
                   {u"voter_id"_s, 101},
                   {u"candidate_id"_s, 103},
                   {u"epoch"_s, 5},
                   {u"pre_vote"_s, false},
                   {u"granted"_s, true}}),
        makeEvent(EventKind::RaftElectionTimedOut, u"controller-2"_s,
                  {{u"phase"_s, u"candidate"_s}, {u"backoff_ms"_s, 150}}),
        makeEvent(EventKind::BrokerFenced, u"kafka-1"_s,
                  {{u"broker"_s, 1}, {u"broker_epoch"_s, 10}, {u"reason"_s, u"committed to the metadata log"_s}}),
        makeEvent(EventKind::BrokerUnfenced, u"kafka-1"_s, {{u"broker"_s, 1}}),
    };
    QSet<int> covered;
    for (const ClusterEvent &e : events) {
        covered.insert(int(e.kind));
        QTest::newRow(qPrintable(toString(e.kind))) << e;
    }
    // A kind added to EventKind needs a line above.
    QCOMPARE(covered.size(), kindCount());
}

void TestClusterEvent::roundTripsThroughJson()
{
    QFETCH(ClusterEvent, event);
    const auto back = throughText(event);
    QVERIFY(back.has_value());
    QCOMPARE(back->toJson(), event.toJson());
    QVERIFY(*back == event);
}

void TestClusterEvent::jsonUsesTheDocumentedKeys()
{
    const QJsonObject json =
        makeEvent(EventKind::BrokerRegistered, u"kafka-1"_s, {{u"broker"_s, 1}}, u"probe"_s).toJson();
    QCOMPARE(json.value(u"t"_s).toInteger(), 12345);
    QCOMPARE(json.value(u"wall"_s).toInteger(), 1764081273012);
    QCOMPARE(json.value(u"kind"_s).toString(), u"broker_registered"_s);
    QCOMPARE(json.value(u"node"_s).toString(), u"kafka-1"_s);
    QCOMPARE(json.value(u"source"_s).toString(), u"probe"_s);
    QCOMPARE(json.value(u"fields"_s).toObject(), (QJsonObject{{u"broker"_s, 1}}));
    QCOMPARE(json.size(), 6);
}

void TestClusterEvent::clusterWideEventOmitsNodeAndSource()
{
    const QJsonObject json = makeEvent(EventKind::ClusterHealthy, QString(), {{u"took_ms"_s, 10}}, QString()).toJson();
    QVERIFY(!json.contains(u"node"_s));
    QVERIFY(!json.contains(u"source"_s));
    const auto back = ClusterEvent::fromJson(json);
    QVERIFY(back);
    QVERIFY(back->node.isEmpty());
}

void TestClusterEvent::fromJsonRejects_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("unknown kind") << QByteArray(R"({"t":1,"wall":2,"kind":"broker_exploded","fields":{}})");
    QTest::newRow("kind in capitals") << QByteArray(R"({"t":1,"wall":2,"kind":"NODE_STATE","fields":{}})");
    QTest::newRow("no kind") << QByteArray(R"({"t":1,"wall":2,"fields":{}})");
    QTest::newRow("no t") << QByteArray(R"({"wall":2,"kind":"node_state","fields":{"state":"up"}})");
    QTest::newRow("t a string") << QByteArray(R"({"t":"1","wall":2,"kind":"node_state","fields":{}})");
    QTest::newRow("empty object") << QByteArray("{}");
}

void TestClusterEvent::fromJsonRejects()
{
    QFETCH(QByteArray, json);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(ClusterEvent::fromJson(doc.object()).has_value(), false);

    // The same line with a known kind and a time is accepted: it is that one thing that is wrong.
    QJsonObject fixed = doc.object();
    fixed.insert(u"kind"_s, u"node_state"_s);
    fixed.insert(u"t"_s, 1);
    QVERIFY(ClusterEvent::fromJson(fixed).has_value());
}

void TestClusterEvent::toTextNamesNodeKindAndWhatHappened_data()
{
    QTest::addColumn<ClusterEvent>("event");
    QTest::addColumn<QString>("what");

    QTest::newRow("node_state") << makeEvent(EventKind::NodeState, u"kafka-2"_s,
                                             {{u"state"_s, u"exited"_s}, {u"exit_code"_s, 137}})
                                << u"exited exit code 137"_s;
    QTest::newRow("node_state_signal") << makeEvent(EventKind::NodeState, u"kafka-2"_s,
                                                    {{u"state"_s, u"exited"_s},
                                                     {u"exit_code"_s, 134},
                                                     {u"signal"_s, u"SIGSEGV"_s}})
                                       << u"exited by SIGSEGV"_s;
    QTest::newRow("partition_leader_changed")
        << makeEvent(EventKind::PartitionLeaderChanged, u"kafka-2"_s,
                     {{u"topic"_s, u"orders"_s}, {u"partition"_s, 0}, {u"leader"_s, 3}, {u"previous"_s, 2}})
        << u"orders-0 leader 2 -> 3"_s;
    QTest::newRow("isr_changed") << makeEvent(EventKind::IsrChanged, u"kafka-3"_s,
                                              {{u"topic"_s, u"orders"_s},
                                               {u"partition"_s, 1},
                                               {u"isr"_s, QJsonArray{1, 3}},
                                               {u"previous"_s, QJsonArray{1, 2, 3}}})
                                 << u"orders-1 isr [1,2,3] -> [1,3]"_s;
    QTest::newRow("vote")
        << makeEvent(EventKind::Vote, u"zookeeper-1"_s,
                     {{u"voter"_s, 2}, {u"candidate"_s, 3}, {u"round"_s, 1}, {u"epoch"_s, 0}, {u"zxid"_s, u"0x0"_s}})
        << u"vote from 2 for 3 (round 1, epoch 0, zxid 0x0)"_s;
    QTest::newRow("leader_elected") << makeEvent(EventKind::LeaderElected, u"zookeeper-3"_s,
                                                 {{u"leader"_s, u"zookeeper-3"_s}, {u"took_ms"_s, 317}})
                                    << u"quorum leader is zookeeper-3 (election took 317 ms)"_s;
    QTest::newRow("raft_vote") << makeEvent(EventKind::RaftVote, u"controller-1"_s,
                                            {{u"voter"_s, u"controller-1"_s},
                                             {u"candidate"_s, u"controller-3"_s},
                                             {u"epoch"_s, 4},
                                             {u"pre_vote"_s, true},
                                             {u"granted"_s, true}})
                               << u"pre-vote: controller-1 grants vote for controller-3 in epoch 4"_s;
    QTest::newRow("raft_state_changed") << makeEvent(EventKind::RaftStateChanged, u"controller-1"_s,
                                                     {{u"state"_s, u"follower"_s},
                                                      {u"epoch"_s, 5},
                                                      {u"leader"_s, 103},
                                                      {u"previous"_s, u"unattached"_s}})
                                        << u"raft follower in epoch 5, leader 103 (was unattached)"_s;
    QTest::newRow("election_started (KRaft)")
        << makeEvent(EventKind::ElectionStarted, u"controller-2"_s,
                     {{u"candidate"_s, u"controller-2"_s}, {u"reason"_s, u"fetch_timeout"_s}})
        << u"controller-2 starts an election (fetch timeout)"_s;
}

void TestClusterEvent::toTextNamesNodeKindAndWhatHappened()
{
    QFETCH(ClusterEvent, event);
    QFETCH(QString, what);
    const QString text = event.toText();
    QVERIFY2(!text.contains(u'\n'), qPrintable(text));
    QVERIFY2(text.contains(event.node), qPrintable(text));
    QVERIFY2(text.contains(toString(event.kind)), qPrintable(text));
    QVERIFY2(text.contains(u"12.345s"_s), qPrintable(text));
    QVERIFY2(text.contains(what), qPrintable(text));
    // Node before kind before description, as the timeline reads.
    QVERIFY(text.indexOf(event.node) < text.indexOf(toString(event.kind)));
    QVERIFY(text.indexOf(toString(event.kind)) < text.lastIndexOf(what));

    ClusterEvent clusterWide = event;
    clusterWide.node.clear();
    QVERIFY2(clusterWide.toText().contains(u"cluster"_s), qPrintable(clusterWide.toText()));
}

void TestClusterEvent::typedPayloadsReadRecordedEvents()
{
    const QList<ClusterEvent> events = recordedEvents();
    QCOMPARE(events.size(), 116);
    auto first = [&](EventKind kind, int nth = 0) {
        for (const ClusterEvent &e : events)
            if (e.kind == kind && nth-- == 0)
                return e;
        return ClusterEvent{};
    };
    const NodeStateFields starting = first(EventKind::NodeState).nodeState();
    QCOMPARE(starting.state, u"starting"_s);
    QCOMPARE(starting.pid, std::optional<qint64>(29152));
    QCOMPARE(starting.exitCode, std::nullopt);

    const ClusterEvent probed = first(EventKind::PeerState);
    QCOMPARE(probed.peer().state, u"looking"_s);
    QCOMPARE(probed.peer().zxid, u"0x-1"_s);
    QCOMPARE(probed.peer().phase, std::nullopt);
    QCOMPARE(probed.logMs(), std::nullopt); // a probe's answer, not a log line

    const ElectionFields election = first(EventKind::ElectionStarted).election();
    QCOMPARE(election.proposedLeader, u"zookeeper-3"_s);
    QCOMPARE(election.proposedLeaderId, 3);
    QCOMPARE(election.zxid, u"0x0"_s);

    const VoteFields vote = first(EventKind::Vote).vote();
    QCOMPARE(vote.voter, u"zookeeper-3"_s);
    QCOMPARE(vote.candidate, u"zookeeper-3"_s);
    QCOMPARE(vote.receiver, u"zookeeper-3"_s);
    QCOMPARE(vote.voterId, 3);
    QCOMPARE(vote.candidateId, 3);
    QCOMPARE(vote.round, 1);
    QCOMPARE(vote.epoch, 0);
    QCOMPARE(vote.voterState, u"looking"_s);

    const ClusterEvent reElected = first(EventKind::LeaderElected, 1);
    QCOMPARE(reElected.leader().leader, u"zookeeper-2"_s);
    QCOMPARE(reElected.leader().id, 2);
    QCOMPARE(reElected.leader().tookMs, std::optional<qint64>(218));
    QCOMPARE(reElected.logMs(), std::optional<qint64>(1795621140664));

    const ControllerFields controller = first(EventKind::ControllerChanged).controller();
    QCOMPARE(controller.controller, 3);
    QCOMPARE(controller.previous, -1);
    QCOMPARE(controller.epoch, std::optional<qint64>(1));

    QCOMPARE(first(EventKind::BrokerRegistered).broker().broker, 3);

    const TopicFields topic = first(EventKind::TopicCreated).topic();
    QCOMPARE(topic.topic, u"FINANCE-STOCK-TRADING-TEST"_s);
    QCOMPARE(topic.partitions, 3);
    QCOMPARE(topic.replicationFactor, 3);
    QCOMPARE(topic.assignment, (QMap<int, QList<int>>{{0, {1, 2, 3}}, {1, {2, 3, 1}}, {2, {3, 1, 2}}}));

    const PartitionLeaderFields moved = first(EventKind::PartitionLeaderChanged).partitionLeader();
    QCOMPARE(moved.topic, u"FINANCE-STOCK-TRADING-TEST"_s);
    QCOMPARE(moved.partition, 2);
    QCOMPARE(moved.leader, 3);
    QCOMPARE(moved.previous, -1);
    QCOMPARE(moved.leaderEpoch, std::optional<int>(0));
    QCOMPARE(moved.replicas, std::nullopt);

    const IsrFields isr = first(EventKind::IsrChanged).isrChange();
    QCOMPARE(isr.partition, 2);
    QCOMPARE(isr.isr, (QList<int>{3, 1, 2}));
    QCOMPARE(isr.previous, std::optional<QList<int>>(QList<int>{})); // present and empty: the first ISR
    QCOMPARE(isr.leader, std::nullopt);

    QCOMPARE(first(EventKind::ClusterHealthy).healthy().tookMs, 6773);
    QCOMPARE(first(EventKind::FaultInjected).fault().action, u"kill"_s);
    QCOMPARE(first(EventKind::FaultInjected).fault().target, u"zookeeper-3"_s);
    QCOMPARE(first(EventKind::ControlledShutdown).shutdown().broker, 1);
    QCOMPARE(first(EventKind::ControlledShutdown).shutdown().phase, u"started"_s);
}

void TestClusterEvent::typedPayloadsSurviveTheJsonRoundTrip()
{
    const QList<ClusterEvent> events = recordedEvents();
    QVERIFY(!events.isEmpty());
    for (const ClusterEvent &e : events) {
        const auto back = throughText(e);
        QVERIFY(back);
        QCOMPARE(back->nodeState(), e.nodeState());
        QCOMPARE(back->peer(), e.peer());
        QCOMPARE(back->vote(), e.vote());
        QCOMPARE(back->leader(), e.leader());
        QCOMPARE(back->controller(), e.controller());
        QCOMPARE(back->partitionLeader(), e.partitionLeader());
        QCOMPARE(back->isrChange(), e.isrChange());
        QCOMPARE(back->topic(), e.topic());
        QCOMPARE(back->logMs(), e.logMs());
    }
}

void TestClusterEvent::typedPayloadsDefaultWhatIsMissing()
{
    const ClusterEvent bare = makeEvent(EventKind::ControllerChanged, {}, {});
    QCOMPARE(bare.controller().controller, -1); // no controller
    QCOMPARE(bare.controller().previous, -1);
    QCOMPARE(bare.controller().epoch, std::nullopt);
    QCOMPARE(bare.partitionLeader().leader, -1);
    QCOMPARE(bare.isrChange().previous, std::nullopt);
    QVERIFY(bare.isrChange().isr.isEmpty());
    QCOMPARE(bare.leader().tookMs, std::nullopt);
    QCOMPARE(bare.logMs(), std::nullopt);
    const ClusterEvent problem = makeEvent(EventKind::Problem, u"kafka-1"_s, {{u"message"_s, u"disk full"_s}});
    QCOMPARE(problem.problem().message, u"disk full"_s);
    const ClusterEvent killed =
        makeEvent(EventKind::NodeState, u"kafka-1"_s, {{u"state"_s, u"killed"_s}, {u"exit_code"_s, 137}});
    QCOMPARE(killed.nodeState().exitCode, std::optional<int>(137));
    QCOMPARE(killed.nodeState().pid, std::nullopt);
}

QTEST_GUILESS_MAIN(TestClusterEvent)
#include "tst_clusterevent.moc"
