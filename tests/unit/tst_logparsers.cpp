// The log parsers on real lines recorded from ZooKeeper 3.8.4 and Kafka 3.9.2 runs (tests/data/logs/), and the
// fold of a recorded real event log into the cluster state.
#include "ClusterState.h"
#include "EventLog.h"
#include "KafkaLogParser.h"
#include "LogLine.h"
#include "ZooKeeperLogParser.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

QStringList readLines(const QString &name)
{
    QFile f(QStringLiteral(ENSEMBLE_TEST_DATA) + u"/logs/"_s + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

QList<ParsedEvent> zk(const QString &line, int self)
{
    const auto l = splitLogLine(line);
    return l ? parseZooKeeperLine(*l, self) : QList<ParsedEvent>{};
}

QList<ParsedEvent> kafka(const QString &line, int self)
{
    const auto l = splitLogLine(line);
    return l ? parseKafkaLine(*l, self) : QList<ParsedEvent>{};
}

QJsonArray ids(std::initializer_list<int> values)
{
    QJsonArray out;
    for (int v : values)
        out.append(v);
    return out;
}

} // namespace

class TestLogParsers : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void splitsOurLineFormat();
    void rejectsLinesInOtherFormats();
    void readsTimestamps();
    void zooKeeperVoteNotification();
    void zooKeeperElectionStartPeerStatesAndDuration();
    void zooKeeperRecordedLogYieldsOneEventPerMarkerLine();
    void kafkaControllerElected();
    void kafkaBrokerRegistered();
    void kafkaLeaderTakenOn();
    void kafkaControllerRemovesReplicaFromIsr();
    void kafkaIsrShrinkAndExpand();
    void kafkaControlledShutdown();
    void kafkaTopicNamesWithDashes();
    void kafkaRecordedLogsYieldEventsOnlyFromMarkerLines_data();
    void kafkaRecordedLogsYieldEventsOnlyFromMarkerLines();
    void recordedEventLogFoldsIntoFinalState();
};

void TestLogParsers::splitsOurLineFormat()
{
    const QString line = u"2026-11-25 15:04:01,451 INFO [org.apache.zookeeper.server.quorum.FastLeaderElection] "
                         "New election. My id = 1, proposed zxid=0x10000004b"_s;
    const auto l = splitLogLine(line);
    QVERIFY(l);
    QCOMPARE(l->timestamp, u"2026-11-25 15:04:01,451");
    QCOMPARE(l->level, u"INFO");
    QCOMPARE(l->logger, u"org.apache.zookeeper.server.quorum.FastLeaderElection");
    QCOMPARE(l->message, u"New election. My id = 1, proposed zxid=0x10000004b");
}

void TestLogParsers::rejectsLinesInOtherFormats()
{
    QVERIFY(!splitLogLine(u"\tat org.apache.zookeeper.server.quorum.QuorumPeer.run(QuorumPeer.java:1512)"));
    QVERIFY(!splitLogLine(u"java.lang.OutOfMemoryError: Java heap space"));
    QVERIFY(!splitLogLine(u"\tadvertised.listeners = PLAINTEXT://127.0.0.1:40141"));
    QVERIFY(!splitLogLine(u"[2024-01-15 10:30:00,123] INFO [Partition t-0 broker=1] x (kafka.cluster.Partition)"));
    QVERIFY(!splitLogLine(u""));
    QVERIFY(!splitLogLine(u"2026-11-25 15:04:01,451 INFO no logger here at all"));
}

void TestLogParsers::readsTimestamps()
{
    const qint64 ms = logTimestampMs(u"2026-11-25 15:04:01,451");
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(ms).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s), u"2026-11-25 15:04:01.451"_s);
    QCOMPARE(logTimestampMs(u"2026-13-25 15:04:01,451"), 0);
    QCOMPARE(logTimestampMs(u"garbage"), 0);
}

void TestLogParsers::zooKeeperVoteNotification()
{
    const auto events = zk(u"2026-11-25 15:04:01,456 INFO [org.apache.zookeeper.server.quorum.FastLeaderElection] "
                           "Notification: my state:LOOKING; n.sid:1, n.state:LOOKING, n.leader:1, n.round:0x2, "
                           "n.peerEpoch:0x1, n.zxid:0x10000004b, message format version:0x2, n.config version:0x0"_s,
                           2);
    QCOMPARE(events.size(), 1);
    QVERIFY(events[0].kind == EventKind::Vote);
    const QJsonObject f = events[0].fields;
    QCOMPARE(f.value(u"voter_id"_s).toInt(), 1);
    QCOMPARE(f.value(u"candidate_id"_s).toInt(), 1);
    QCOMPARE(f.value(u"receiver_id"_s).toInt(), 2);
    QCOMPARE(f.value(u"round"_s).toInt(), 2);
    QCOMPARE(f.value(u"epoch"_s).toInt(), 1);
    QCOMPARE(f.value(u"zxid"_s).toString(), u"0x10000004b"_s);
    QCOMPARE(f.value(u"voter_state"_s).toString(), u"looking"_s);
    QCOMPARE(f.value(u"receiver_state"_s).toString(), u"looking"_s);
    // A notification from a server that already follows someone.
    const auto following = zk(u"2026-11-25 15:04:05,001 INFO [org.apache.zookeeper.server.quorum.FastLeaderElection] "
                              "Notification: my state:LOOKING; n.sid:2, n.state:FOLLOWING, n.leader:3, n.round:0x1, "
                              "n.peerEpoch:0x1, n.zxid:0x100000000, message format version:0x2, n.config version:0x0"_s,
                              1);
    QCOMPARE(following.value(0).fields.value(u"voter_state"_s).toString(), u"following"_s);
    QCOMPARE(following.value(0).fields.value(u"candidate_id"_s).toInt(), 3);
    // Truncated: nothing rather than a half-read vote.
    QVERIFY(zk(u"2026-11-25 15:04:01,456 INFO [org.apache.zookeeper.server.quorum.FastLeaderElection] "
               "Notification: my state:LOOKING; n.sid:1, n.state:LOOKING"_s,
               2)
                .isEmpty());
}

void TestLogParsers::zooKeeperElectionStartPeerStatesAndDuration()
{
    auto e = zk(u"2026-11-25 15:04:01,451 INFO [org.apache.zookeeper.server.quorum.FastLeaderElection] New election. "
                "My id = 1, proposed zxid=0x10000004b"_s,
                1);
    QCOMPARE(e.size(), 1);
    QVERIFY(e[0].kind == EventKind::ElectionStarted);
    QCOMPARE(e[0].fields.value(u"proposed_leader_id"_s).toInt(), 1);
    QCOMPARE(e[0].fields.value(u"zxid"_s).toString(), u"0x10000004b"_s);

    e = zk(u"2026-11-25 14:47:14,159 INFO [org.apache.zookeeper.server.quorum.QuorumPeer] Peer state changed: "
           "following - synchronization - diff"_s,
           1);
    QCOMPARE(e.size(), 1);
    QVERIFY(e[0].kind == EventKind::PeerState);
    QCOMPARE(e[0].fields.value(u"state"_s).toString(), u"following"_s);
    QCOMPARE(e[0].fields.value(u"phase"_s).toString(), u"synchronization - diff"_s);
    e = zk(
        u"2026-11-25 14:47:13,895 INFO [org.apache.zookeeper.server.quorum.QuorumPeer] Peer state changed: looking"_s,
        3);
    QCOMPARE(e.value(0).fields, (QJsonObject{{u"state"_s, u"looking"_s}}));

    e = zk(u"2026-11-25 14:47:13,975 INFO [org.apache.zookeeper.server.quorum.Leader] LEADING - LEADER ELECTION TOOK - "
           "535 MS"_s,
           3);
    QCOMPARE(e.size(), 1);
    QVERIFY(e[0].kind == EventKind::LeaderElected);
    QCOMPARE(e[0].fields.value(u"id"_s).toInt(), 3);
    QCOMPARE(e[0].fields.value(u"took_ms"_s).toInt(), 535);
    // The follower's figure yields nothing of its own; the same text from another logger neither.
    QVERIFY(zk(u"2026-11-25 14:47:13,955 INFO [org.apache.zookeeper.server.quorum.Learner] FOLLOWING - LEADER "
               "ELECTION TOOK - 280 MS"_s,
               1)
                .isEmpty());
    QVERIFY(zk(u"2026-11-25 14:47:13,895 INFO [org.example.Other] Peer state changed: leading"_s, 1).isEmpty());
}

void TestLogParsers::zooKeeperRecordedLogYieldsOneEventPerMarkerLine()
{
    for (const QString &file : {u"walkthrough-zookeeper-1.log"_s, u"walkthrough-zookeeper-2.log"_s}) {
        const QStringList lines = readLines(file);
        QVERIFY2(lines.size() > 100, qPrintable(file));
        const int self = file.contains(u"zookeeper-1"_s) ? 1 : 2;
        int votes = 0, starts = 0, peers = 0, leading = 0, expectedVotes = 0, expectedStarts = 0, expectedPeers = 0,
            expectedLeading = 0;
        for (const QString &line : lines) {
            expectedVotes += line.contains(u"] Notification: my state:"_s);
            expectedStarts += line.contains(u"] New election. My id = "_s);
            expectedPeers += line.contains(u"] Peer state changed: "_s);
            expectedLeading += line.contains(u"] LEADING - LEADER ELECTION TOOK"_s);
            for (const ParsedEvent &e : zk(line, self)) {
                votes += e.kind == EventKind::Vote;
                starts += e.kind == EventKind::ElectionStarted;
                peers += e.kind == EventKind::PeerState;
                leading += e.kind == EventKind::LeaderElected;
                if (e.kind == EventKind::Vote)
                    QCOMPARE(e.fields.value(u"receiver_id"_s).toInt(), self);
            }
        }
        QVERIFY(expectedVotes >= 4);
        QCOMPARE(votes, expectedVotes);
        QCOMPARE(starts, expectedStarts);
        QCOMPARE(peers, expectedPeers);
        QCOMPARE(leading, expectedLeading);
    }
}

void TestLogParsers::kafkaControllerElected()
{
    const auto e =
        kafka(u"2026-11-25 14:34:32,883 INFO [kafka.controller.KafkaController] [Controller id=1] 1 "
              "successfully elected as the controller. Epoch incremented to 2 and epoch zk version is now 2"_s,
              1);
    QCOMPARE(e.size(), 1);
    QVERIFY(e[0].kind == EventKind::ControllerChanged);
    QCOMPARE(e[0].fields, (QJsonObject{{u"controller"_s, 1}, {u"epoch"_s, 2}}));
    QVERIFY(kafka(u"2026-11-25 14:34:32,949 INFO [kafka.controller.KafkaController] [Controller id=1] Currently "
                  "active brokers in the cluster: Set(1)"_s,
                  1)
                .isEmpty());
}

void TestLogParsers::kafkaBrokerRegistered()
{
    const auto e = kafka(u"2026-11-25 14:34:32,832 INFO [kafka.zk.KafkaZkClient] Registered broker 1 at path "
                         "/brokers/ids/1 with addresses: PLAINTEXT://127.0.0.1:29092, czxid (broker epoch): 25"_s,
                         1);
    QCOMPARE(e.size(), 1);
    QVERIFY(e[0].kind == EventKind::BrokerRegistered);
    QCOMPARE(e[0].fields, (QJsonObject{{u"broker"_s, 1}, {u"broker_epoch"_s, 25}}));
}

void TestLogParsers::kafkaLeaderTakenOn()
{
    const auto e =
        kafka(u"2026-11-25 14:48:16,696 INFO [state.change.logger] [Broker id=1] Leader "
              "FINANCE-STOCK-TRADING-TEST-0 with topic id Some(sigvYhO7SOKtuqieUTa-KQ) starts at leader "
              "epoch 1 from offset 355 with partition epoch 1, high watermark 355, ISR [1,3], adding "
              "replicas [] and removing replicas [] . Previous leader Some(1) and previous leader epoch was 0."_s,
              1);
    QCOMPARE(e.size(), 1);
    QVERIFY(e[0].kind == EventKind::PartitionLeaderChanged);
    QCOMPARE(e[0].fields, (QJsonObject{{u"topic"_s, u"FINANCE-STOCK-TRADING-TEST"_s},
                                       {u"partition"_s, 0},
                                       {u"leader"_s, 1},
                                       {u"leader_epoch"_s, 1},
                                       {u"isr"_s, ids({1, 3})}}));
    // A follower's transition and the request bookkeeping yield nothing.
    QVERIFY(kafka(u"2026-11-25 14:48:16,696 INFO [state.change.logger] [Broker id=1] Follower "
                  "FINANCE-STOCK-TRADING-TEST-1 starts at leader epoch 1 from offset 328 with partition epoch 1 and "
                  "high watermark 328. Current leader is 3. Previous leader Some(3) and previous leader epoch was 1."_s,
                  1)
                .isEmpty());
    QVERIFY(kafka(u"2026-11-25 14:48:16,696 INFO [state.change.logger] [Broker id=1] Stopped fetchers as part of "
                  "LeaderAndIsr request correlationId 2 from controller 1 epoch 1 as part of the become-leader "
                  "transition for 1 partitions"_s,
                  1)
                .isEmpty());
}

void TestLogParsers::kafkaControllerRemovesReplicaFromIsr()
{
    const auto e =
        kafka(u"2026-11-25 15:05:10,741 INFO [state.change.logger] [Controller id=2 epoch=1] Partition "
              "FINANCE-STOCK-TRADING-TEST-1 state changed to (Leader:2,ISR:2,3,LeaderRecoveryState:RECOVERED,"
              "LeaderEpoch:1,ZkVersion:1,ControllerEpoch:1) after removing replica 1 from the ISR as part "
              "of transition to OfflineReplica"_s,
              2);
    QCOMPARE(e.size(), 1);
    QVERIFY(e[0].kind == EventKind::IsrChanged);
    QCOMPARE(e[0].fields, (QJsonObject{{u"topic"_s, u"FINANCE-STOCK-TRADING-TEST"_s},
                                       {u"partition"_s, 1},
                                       {u"isr"_s, ids({2, 3})},
                                       {u"leader"_s, 2},
                                       {u"leader_epoch"_s, 1}}));
}

void TestLogParsers::kafkaIsrShrinkAndExpand()
{
    // kafka.cluster.Partition's format (Partition.scala, 3.x): shrink carries the leader's offsets after a '.'.
    auto e = kafka(u"2026-11-25 15:10:00,000 INFO [kafka.cluster.Partition] [Partition orders-0 broker=1] Shrinking "
                   "ISR from 1,2,3 to 1,3. Leader: (highWatermark: 150, endOffset: 150). Out of sync replicas: "
                   "(brokerId: 2, endOffset: 132)."_s,
                   1);
    QCOMPARE(e.size(), 1);
    QVERIFY(e[0].kind == EventKind::IsrChanged);
    QCOMPARE(e[0].fields.value(u"isr"_s).toArray(), ids({1, 3}));
    QCOMPARE(e[0].fields.value(u"previous"_s).toArray(), ids({1, 2, 3}));
    QCOMPARE(e[0].fields.value(u"reason"_s).toString(), u"shrink"_s);
    e = kafka(u"2026-11-25 15:10:09,000 INFO [kafka.cluster.Partition] [Partition orders-0 broker=1] Expanding ISR "
              "from 1,3 to 1,3,2"_s,
              1);
    QCOMPARE(e.value(0).fields.value(u"isr"_s).toArray(), ids({1, 3, 2}));
    QCOMPARE(e.value(0).fields.value(u"reason"_s).toString(), u"expand"_s);
    QVERIFY(kafka(u"2026-11-25 15:05:04,891 INFO [kafka.cluster.Partition] [Partition FINANCE-STOCK-TRADING-TEST-1 "
                  "broker=1] No checkpointed highwatermark is found for partition FINANCE-STOCK-TRADING-TEST-1"_s,
                  1)
                .isEmpty());
}

void TestLogParsers::kafkaControlledShutdown()
{
    const QString prefix = u"2026-11-25 15:04:26,891 INFO [kafka.server.KafkaServer] [KafkaServer id=3] "_s;
    QCOMPARE(kafka(prefix + u"Starting controlled shutdown"_s, 3).value(0).fields.value(u"phase"_s).toString(),
             u"started"_s);
    QCOMPARE(kafka(prefix + u"Controlled shutdown request returned successfully after 115ms"_s, 3)
                 .value(0)
                 .fields.value(u"phase"_s)
                 .toString(),
             u"succeeded"_s);
    QCOMPARE(
        kafka(prefix + u"Controlled shutdown request returned after 17ms with 53 partitions remaining to move"_s, 3)
            .value(0)
            .fields.value(u"phase"_s)
            .toString(),
        u"incomplete"_s);
    QVERIFY(kafka(prefix + u"Retrying controlled shutdown (2 retries remaining)"_s, 3).value(0).kind ==
            EventKind::ControlledShutdown);
    QCOMPARE(kafka(u"2026-11-25 15:05:51,985 WARN [kafka.server.KafkaServer] [KafkaServer id=2] Proceeding to do an "
                   "unclean shutdown as all the controlled shutdown attempts failed"_s,
                   2)
                 .value(0)
                 .fields.value(u"phase"_s)
                 .toString(),
             u"failed"_s);
    QVERIFY(kafka(prefix + u"started"_s, 3).isEmpty());
    QVERIFY(kafka(prefix + u"shutting down"_s, 3).isEmpty());
}

void TestLogParsers::kafkaTopicNamesWithDashes()
{
    QString topic;
    int partition = -1;
    QVERIFY(splitTopicPartition(u"my-topic-with-dashes-12", &topic, &partition));
    QCOMPARE(topic, u"my-topic-with-dashes"_s);
    QCOMPARE(partition, 12);
    QVERIFY(!splitTopicPartition(u"no_partition", &topic, &partition));
    QVERIFY(!splitTopicPartition(u"-3", &topic, &partition));
    QVERIFY(!splitTopicPartition(u"t-", &topic, &partition));
}

void TestLogParsers::kafkaRecordedLogsYieldEventsOnlyFromMarkerLines_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("self");
    QTest::newRow("kafka-1 walkthrough") << u"walkthrough-kafka-1.log"_s << 1;
    QTest::newRow("kafka-2 walkthrough") << u"walkthrough-kafka-2.log"_s << 2;
    QTest::newRow("kafka-3 walkthrough") << u"walkthrough-kafka-3.log"_s << 3;
    QTest::newRow("kafka-2 paused follower") << u"paused-follower-kafka-2.log"_s << 2;
}

void TestLogParsers::kafkaRecordedLogsYieldEventsOnlyFromMarkerLines()
{
    QFETCH(QString, file);
    QFETCH(int, self);
    const QStringList lines = readLines(file);
    QVERIFY(lines.size() > 500);
    int controllers = 0, leaders = 0, registrations = 0, shutdowns = 0;
    for (const QString &line : lines) {
        const bool marker = line.contains(u"successfully elected as the controller"_s) ||
                            (line.contains(u"] Leader "_s) && line.contains(u"starts at leader epoch"_s)) ||
                            line.contains(u"] Registered broker "_s) || line.contains(u"ontrolled shutdown"_s) ||
                            line.contains(u" state changed to (Leader:"_s) || line.contains(u"ing ISR from "_s);
        const QList<ParsedEvent> events = kafka(line, self);
        QVERIFY2(marker || events.isEmpty(), qPrintable(line));
        if (line.contains(u"[KafkaServer id="_s) && line.contains(u"ontrolled shutdown"_s))
            QCOMPARE(events.size(), 1);
        for (const ParsedEvent &e : events) {
            controllers += e.kind == EventKind::ControllerChanged;
            leaders += e.kind == EventKind::PartitionLeaderChanged;
            registrations += e.kind == EventKind::BrokerRegistered;
            shutdowns += e.kind == EventKind::ControlledShutdown;
            if (e.kind == EventKind::PartitionLeaderChanged)
                QCOMPARE(e.fields.value(u"leader"_s).toInt(), self);
            if (e.kind == EventKind::BrokerRegistered)
                QCOMPARE(e.fields.value(u"broker"_s).toInt(), self);
        }
    }
    QVERIFY(registrations >= 1);
    QVERIFY(leaders >= 1);
    Q_UNUSED(controllers);
    Q_UNUSED(shutdowns);
}

void TestLogParsers::recordedEventLogFoldsIntoFinalState()
{
    const QString base = QStringLiteral(ENSEMBLE_TEST_DATA) + u"/events/pause-resume"_s;
    QFile layoutFile(base + u".layout.json"_s);
    QVERIFY(layoutFile.open(QIODevice::ReadOnly));
    ClusterState state(ClusterLayout::fromJson(QJsonDocument::fromJson(layoutFile.readAll()).object()));
    int skipped = -1;
    const auto events = EventLog::read(base + u".jsonl"_s, &skipped);
    QVERIFY(events);
    QCOMPARE(skipped, 0);
    for (const ClusterEvent &e : events.value())
        state.apply(e);
    // After kafka-1 was paused past its session and resumed, everything is back.
    QVERIFY(state.allNodesUp());
    QCOMPARE(state.controller(), 2);
    QCOMPARE(state.quorumLeader(), u"zookeeper-3"_s);
    QCOMPARE(state.node(u"zookeeper-3"_s)->role, u"leader"_s);
    QCOMPARE(state.registeredBrokers(), (QSet<int>{1, 2, 3}));
    const TopicState t = state.topics().value(u"FINANCE-STOCK-TRADING-TEST"_s);
    QCOMPARE(t.partitions.size(), 3);
    QCOMPARE(t.partitions[0].leader, 3);
    QCOMPARE(t.partitions[0].isr, (QList<int>{3, 2, 1}));
    QCOMPARE(t.partitions[1].leader, 2);
    QCOMPARE(t.partitions[1].isr, (QList<int>{2, 3, 1}));
    QCOMPARE(t.partitions[2].leader, 2);
    QCOMPARE(t.partitions[2].isr, (QList<int>{2, 3, 1}));
    QCOMPARE(state.node(u"kafka-1"_s)->role, u"broker"_s);
    QCOMPARE(state.node(u"kafka-2"_s)->role, u"controller"_s);
}

QTEST_GUILESS_MAIN(TestLogParsers)
#include "tst_logparsers.moc"
