// The KRaft parsers on real log lines and quorum-state files recorded from Kafka 3.9.2 and 4.4.0 clusters
// (3 controllers 101-103, brokers 1-2, demo timeouts): a start, SIGKILL of the raft leader, SIGSTOP/SIGCONT of the
// next leader, SIGKILL of broker 2 (tests/data/logs/kraft-VERSION-NODE.log, tests/data/quorum-state/).
#include "KafkaLogParser.h"
#include "LogLine.h"
#include "QuorumStateFile.h"
#include "RaftLogParser.h"

#include <QFile>
#include <QJsonArray>
#include <QSet>
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

QList<ParsedEvent> raft(const QString &line, int self)
{
    const auto l = splitLogLine(line);
    return l ? parseRaftLine(*l, self) : QList<ParsedEvent>{};
}

// Every event of a recorded node log; SELF from the file name (controller-N: 100 + N, kafka-N: N).
QList<ParsedEvent> parseFile(const QString &version, const QString &node)
{
    const int self = node.startsWith(u"controller-") ? 100 + node.mid(11).toInt() : node.mid(6).toInt();
    QList<ParsedEvent> out;
    const QStringList lines = readLines(u"kraft-%1-%2.log"_s.arg(version, node));
    for (const QString &line : lines)
        out += raft(line, self);
    return out;
}

QList<ParsedEvent> ofKind(const QList<ParsedEvent> &events, EventKind kind)
{
    QList<ParsedEvent> out;
    for (const ParsedEvent &e : events)
        if (e.kind == kind)
            out.append(e);
    return out;
}

QSet<QString> states(const QList<ParsedEvent> &events)
{
    QSet<QString> out;
    for (const ParsedEvent &e : ofKind(events, EventKind::RaftStateChanged))
        out.insert(e.fields.value(u"state"_s).toString());
    return out;
}

std::optional<QuorumStateFile> stateFile(const QString &name)
{
    return QuorumStateFile::read(QStringLiteral(ENSEMBLE_TEST_DATA) + u"/quorum-state/"_s + name);
}

} // namespace

class TestRaftParser : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void recordedLogsArePresent_data();
    void recordedLogsArePresent();
    void preVoteAndVoteLineOf44();
    void voteLineOf39NamesCandidateWithoutPreVote();
    void transitionsOf44_data();
    void transitionsOf44();
    void transitionsOf39();
    void unattachedWithAVoteNamesTheVote();
    void leaderLineElectsTheLoggingNode_data();
    void leaderLineElectsTheLoggingNode();
    void votesAreGrantedAndRejectedInBothVersions_data();
    void votesAreGrantedAndRejectedInBothVersions();
    void electionTimeouts();
    void activeControllerAndFencing_data();
    void activeControllerAndFencing();
    void brokerRegistersAndIsUnfenced_data();
    void brokerRegistersAndIsUnfenced();
    void partitionLeadershipReadByTheKafkaParser();
    void serverStartedMeansUp();
    void otherLinesGiveNothing();
    void quorumStateFilesOfBothVersions();
    void quorumStateRejectsGarbage();
};

void TestRaftParser::recordedLogsArePresent_data()
{
    QTest::addColumn<QString>("file");
    for (const char *v : {"3.9.2", "4.4.0"})
        for (const char *n : {"controller-1", "controller-2", "controller-3", "kafka-1", "kafka-2"})
            QTest::newRow(qPrintable(u"%1-%2"_s.arg(QLatin1StringView(v), QLatin1StringView(n))))
                << u"kraft-%1-%2.log"_s.arg(QLatin1StringView(v), QLatin1StringView(n));
}

void TestRaftParser::recordedLogsArePresent()
{
    QFETCH(QString, file);
    const QStringList lines = readLines(file);
    QVERIFY2(lines.size() > 50, qPrintable(file));
    // Every recorded line is in the one layout both log4j versions are configured to write.
    for (const QString &line : lines)
        QVERIFY2(splitLogLine(line).has_value(), qPrintable(line.left(120)));
}

void TestRaftParser::preVoteAndVoteLineOf44()
{
    const QString preVote =
        u"2026-11-28 16:52:02,745 INFO [org.apache.kafka.raft.KafkaRaftClient] [RaftManager id=101] Vote request "
        "VoteRequestData(clusterId='fDZEikhMQja337yIliFWcg', voterId=101, topics=[TopicData(topicName='__cluster_"
        "metadata', partitions=[PartitionData(partitionIndex=0, replicaEpoch=0, replicaId=102, replicaDirectoryId="
        "nkhQXM-5mupc4oWVCD98iA, voterDirectoryId=AAAAAAAAAAAAAAAAAAAAAA, lastOffsetEpoch=0, lastOffset=0, preVote="
        "true)])]) with epoch 0 is granted"_s;
    QVERIFY(readLines(u"kraft-4.4.0-controller-1.log"_s).contains(preVote)); // the line is real
    const auto events = raft(preVote, 101);
    QCOMPARE(events.size(), 1);
    QVERIFY(events[0].kind == EventKind::RaftVote);
    const QJsonObject f = events[0].fields;
    QCOMPARE(f.value(u"voter_id"_s).toInt(), 101);
    QCOMPARE(f.value(u"candidate_id"_s).toInt(), 102);
    QCOMPARE(f.value(u"epoch"_s).toInt(), 0);
    QCOMPARE(f.value(u"voter_epoch"_s).toInt(), 0);
    QCOMPARE(f.value(u"pre_vote"_s).toBool(), true);
    QCOMPARE(f.value(u"granted"_s).toBool(), true);
    QCOMPARE(f.value(u"last_offset"_s).toInt(), 0);
}

void TestRaftParser::voteLineOf39NamesCandidateWithoutPreVote()
{
    const QString line =
        u"2026-11-28 16:55:03,654 INFO [org.apache.kafka.raft.KafkaRaftClient] [RaftManager id=101] Vote request "
        "VoteRequestData(clusterId='53gMnBTxRSqeC7wduFW1RA', voterId=101, topics=[TopicData(topicName='__cluster_"
        "metadata', partitions=[PartitionData(partitionIndex=0, candidateEpoch=9, candidateId=103, candidateDirectory"
        "Id=3J_OEEVCWbyfPJo14aBFhQ, voterDirectoryId=AAAAAAAAAAAAAAAAAAAAAA, lastOffsetEpoch=6, lastOffset=1)])]) "
        "with epoch 9 is granted"_s;
    QVERIFY(readLines(u"kraft-3.9.2-controller-1.log"_s).contains(line));
    const auto events = raft(line, 101);
    QCOMPARE(events.size(), 1);
    const QJsonObject f = events[0].fields;
    QCOMPARE(f.value(u"candidate_id"_s).toInt(), 103);
    QCOMPARE(f.value(u"epoch"_s).toInt(), 9);
    QCOMPARE(f.value(u"pre_vote"_s).toBool(), false);
    QCOMPARE(f.value(u"last_offset_epoch"_s).toInt(), 6);
    QCOMPARE(f.value(u"last_offset"_s).toInt(), 1);
}

void TestRaftParser::transitionsOf44_data()
{
    QTest::addColumn<QString>("node");
    QTest::addColumn<QStringList>("expected");
    // controller-1 led epoch 4 and resigned when paused; every controller went through pre-vote.
    QTest::newRow("controller-1") << u"controller-1"_s << QStringList{u"unattached"_s, u"prospective"_s, u"candidate"_s,
                                                                      u"leader"_s,     u"follower"_s,    u"resigned"_s};
    QTest::newRow("controller-3") << u"controller-3"_s
                                  << QStringList{u"unattached"_s, u"prospective"_s, u"candidate"_s, u"leader"_s};
    // Brokers are observers: they follow, never stand.
    QTest::newRow("kafka-1") << u"kafka-1"_s << QStringList{u"unattached"_s, u"follower"_s};
}

void TestRaftParser::transitionsOf44()
{
    QFETCH(QString, node);
    QFETCH(QStringList, expected);
    const QSet<QString> seen = states(parseFile(u"4.4.0"_s, node));
    QCOMPARE(seen, QSet<QString>(expected.begin(), expected.end()));
}

void TestRaftParser::transitionsOf39()
{
    // 3.9 has no pre-vote: candidates straight from unattached/follower.
    const auto events = parseFile(u"3.9.2"_s, u"controller-1"_s);
    QCOMPARE(states(events),
             (QSet<QString>{u"unattached"_s, u"candidate"_s, u"leader"_s, u"follower"_s, u"resigned"_s}));
    const auto candidates = ofKind(events, EventKind::RaftStateChanged);
    const auto first = std::find_if(candidates.begin(), candidates.end(),
                                    [](const ParsedEvent &e) { return e.fields.value(u"state"_s) == u"candidate"_s; });
    QVERIFY(first != candidates.end());
    QCOMPARE(first->fields.value(u"epoch"_s).toInt(), 1); // "localDirectoryId=...,epoch=1": no space before it
    QCOMPARE(first->fields.value(u"voted"_s).toInt(), 101);
    QCOMPARE(first->fields.value(u"previous"_s).toString(), u"unattached"_s);
}

void TestRaftParser::unattachedWithAVoteNamesTheVote()
{
    // 3.9: votedKey=ReplicaKey(id=102, ...); 4.x: votedKey=Optional[ReplicaKey(id=103, ...)]
    const QJsonObject v39 = parseRaftState(
        u"Unattached(epoch=17, votedKey=ReplicaKey(id=102, directoryId=Optional[lhlR__vJVDiL8bpWoGgBug]), voters=[101,"
        " 102, 103], electionTimeoutMs=865, highWatermark=Optional.empty)"_s);
    QCOMPARE(v39.value(u"state"_s).toString(), u"unattached"_s);
    QCOMPARE(v39.value(u"epoch"_s).toInt(), 17);
    QCOMPARE(v39.value(u"voted"_s).toInt(), 102);
    const QJsonObject none = parseRaftState(u"Unattached(epoch=18, votedKey=null, voters=[101, 102, 103])"_s);
    QVERIFY(!none.contains(u"voted"_s));
    const QJsonObject v44 = parseRaftState(
        u"UnattachedState(epoch=2, leaderId=OptionalInt.empty, votedKey=Optional[ReplicaKey(id=103, directoryId="
        "baO8o8lSlI3n-l6phNu5Ig)], voters=[101, 102, 103], electionTimeoutMs=510, highWatermark=Optional.empty)"_s);
    QCOMPARE(v44.value(u"voted"_s).toInt(), 103);
    QCOMPARE(v44.value(u"epoch"_s).toInt(), 2);
    const QJsonObject follower = parseRaftState(
        u"FollowerState(fetchTimeoutMs=1000, epoch=4, leader=101, leaderEndpoints=Endpoints(endpoints={}), "
        "votedKey=Optional.empty, voters=[101, 102, 103], highWatermark=Optional.empty)"_s);
    QCOMPARE(follower.value(u"leader"_s).toInt(), 101);
    QCOMPARE(follower.value(u"epoch"_s).toInt(), 4);
    QVERIFY(parseRaftState(u"SomethingElse(epoch=1)"_s).isEmpty());
    QVERIFY(parseRaftState(u"null"_s).isEmpty());
}

void TestRaftParser::leaderLineElectsTheLoggingNode_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QList<int>>("epochs");
    // From the recorded runs' quorum-state files and the kills: 4.4.0: 102 won epoch 1 at start but lost it,
    // 103 epoch 2; after 103's kill 101 epoch 4; after 101's pause 102 epoch 5.
    QTest::newRow("4.4.0 controller-1") << u"4.4.0"_s << u"controller-1"_s << QList<int>{4};
    QTest::newRow("4.4.0 controller-2") << u"4.4.0"_s << u"controller-2"_s << QList<int>{1, 5};
    QTest::newRow("4.4.0 controller-3") << u"4.4.0"_s << u"controller-3"_s << QList<int>{2};
    QTest::newRow("3.9.2 controller-1") << u"3.9.2"_s << u"controller-1"_s << QList<int>{11};
    QTest::newRow("3.9.2 kafka-1") << u"3.9.2"_s << u"kafka-1"_s << QList<int>{};
}

void TestRaftParser::leaderLineElectsTheLoggingNode()
{
    QFETCH(QString, version);
    QFETCH(QString, node);
    QFETCH(QList<int>, epochs);
    const auto events = parseFile(version, node);
    QList<int> seen;
    const int self = node.startsWith(u"controller-") ? 100 + node.mid(11).toInt() : node.mid(6).toInt();
    for (const ParsedEvent &e : ofKind(events, EventKind::LeaderElected)) {
        QCOMPARE(e.fields.value(u"id"_s).toInt(), self);
        seen.append(e.fields.value(u"epoch"_s).toInt());
    }
    QCOMPARE(seen, epochs);
}

void TestRaftParser::votesAreGrantedAndRejectedInBothVersions_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("preVotes");
    QTest::newRow("3.9.2") << u"3.9.2"_s << false;
    QTest::newRow("4.4.0") << u"4.4.0"_s << true;
}

void TestRaftParser::votesAreGrantedAndRejectedInBothVersions()
{
    QFETCH(QString, version);
    QFETCH(bool, preVotes);
    int granted = 0, rejected = 0, pre = 0;
    for (const char *node : {"controller-1", "controller-2", "controller-3"}) {
        const int self = 100 + QByteArray(node).back() - '0';
        for (const ParsedEvent &e : ofKind(parseFile(version, QString::fromLatin1(node)), EventKind::RaftVote)) {
            QCOMPARE(e.fields.value(u"voter_id"_s).toInt(), self); // a vote is logged by the voter that answered
            QVERIFY(e.fields.value(u"candidate_id"_s).toInt() != self);
            QVERIFY(QList<int>({101, 102, 103}).contains(e.fields.value(u"candidate_id"_s).toInt()));
            (e.fields.value(u"granted"_s).toBool() ? granted : rejected)++;
            pre += e.fields.value(u"pre_vote"_s).toBool();
        }
    }
    QVERIFY(granted >= 3);
    QVERIFY(rejected >= 1);
    QCOMPARE(pre > 0, preVotes);
    // Brokers never vote.
    QVERIFY(ofKind(parseFile(version, u"kafka-1"_s), EventKind::RaftVote).isEmpty());
}

void TestRaftParser::electionTimeouts()
{
    const auto v39 = ofKind(parseFile(u"3.9.2"_s, u"controller-1"_s), EventKind::RaftElectionTimedOut);
    QVERIFY(!v39.isEmpty());
    QCOMPARE(v39.front().fields.value(u"phase"_s).toString(), u"candidate"_s);
    QCOMPARE(v39.front().fields.value(u"backoff_ms"_s).toInt(), 50);
    const auto v44 = ofKind(parseFile(u"4.4.0"_s, u"controller-1"_s), EventKind::RaftElectionTimedOut);
    QVERIFY(!v44.isEmpty());
    QCOMPARE(v44.front().fields.value(u"phase"_s).toString(), u"prospective"_s);
    // A follower that stops hearing from its leader starts an election (4.x: pre-vote first).
    const auto started = ofKind(parseFile(u"4.4.0"_s, u"controller-2"_s), EventKind::ElectionStarted);
    QVERIFY(!started.isEmpty());
    QCOMPARE(started.front().fields.value(u"reason"_s).toString(), u"fetch_timeout"_s);
}

void TestRaftParser::activeControllerAndFencing_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("node");
    QTest::addColumn<int>("activeEpoch");
    QTest::addColumn<bool>("fencesBroker2");
    QTest::newRow("4.4.0 controller-3") << u"4.4.0"_s << u"controller-3"_s << 2 << false; // killed before
    QTest::newRow("4.4.0 controller-1") << u"4.4.0"_s << u"controller-1"_s << 4 << true;
    QTest::newRow("4.4.0 controller-2") << u"4.4.0"_s << u"controller-2"_s << 5 << true;
    QTest::newRow("3.9.2 controller-2") << u"3.9.2"_s << u"controller-2"_s << 18 << true;
}

void TestRaftParser::activeControllerAndFencing()
{
    QFETCH(QString, version);
    QFETCH(QString, node);
    QFETCH(int, activeEpoch);
    QFETCH(bool, fencesBroker2);
    const auto events = parseFile(version, node);
    const auto active = ofKind(events, EventKind::ControllerChanged);
    QVERIFY(!active.isEmpty());
    QCOMPARE(active.back().fields.value(u"controller"_s).toInt(), 100 + node.back().digitValue());
    QCOMPARE(active.back().fields.value(u"epoch"_s).toInt(), activeEpoch);
    // Fencing is read from the committed record every controller replays, not from the active controller's
    // intent: the paused, deposed controller-1 of the 4.4.0 run logged "Fencing broker 1" that never happened.
    QSet<int> fenced;
    for (const ParsedEvent &e : ofKind(events, EventKind::BrokerFenced)) {
        fenced.insert(e.fields.value(u"broker"_s).toInt());
        QVERIFY(e.fields.value(u"broker_epoch"_s).toInt() > 0);
    }
    QCOMPARE(fenced.contains(2), fencesBroker2);
    QVERIFY(!fenced.contains(1));
}

void TestRaftParser::brokerRegistersAndIsUnfenced_data()
{
    QTest::addColumn<QString>("version");
    QTest::newRow("3.9.2") << u"3.9.2"_s;
    QTest::newRow("4.4.0") << u"4.4.0"_s;
}

void TestRaftParser::brokerRegistersAndIsUnfenced()
{
    QFETCH(QString, version);
    const auto events = parseFile(version, u"kafka-1"_s);
    const auto registered = ofKind(events, EventKind::BrokerRegistered);
    QCOMPARE(registered.size(), 1);
    QCOMPARE(registered[0].fields.value(u"broker"_s).toInt(), 1);
    QVERIFY(registered[0].fields.value(u"broker_epoch"_s).toInt() > 0);
    const auto unfenced = ofKind(events, EventKind::BrokerUnfenced);
    QCOMPARE(unfenced.size(), 1);
    QCOMPARE(unfenced[0].fields.value(u"broker"_s).toInt(), 1);
}

void TestRaftParser::partitionLeadershipReadByTheKafkaParser()
{
    // After broker 2's kill, broker 1 took over t1-1 and t1-3 (state.change.logger, as in ZooKeeper mode).
    QSet<int> taken;
    for (const QString &line : readLines(u"kraft-4.4.0-kafka-1.log"_s)) {
        const auto l = splitLogLine(line);
        if (!l)
            continue;
        for (const ParsedEvent &e : parseKafkaLine(*l, 1))
            if (e.kind == EventKind::PartitionLeaderChanged && e.fields.value(u"topic"_s) == u"t1"_s &&
                e.fields.value(u"leader_epoch"_s).toInt() == 1)
                taken.insert(e.fields.value(u"partition"_s).toInt());
    }
    QCOMPARE(taken, (QSet<int>{1, 3}));
}

void TestRaftParser::serverStartedMeansUp()
{
    for (const char *version : {"3.9.2", "4.4.0"}) {
        const auto up = ofKind(parseFile(QString::fromLatin1(version), u"controller-2"_s), EventKind::NodeState);
        QCOMPARE(up.size(), 1);
        QCOMPARE(up[0].fields.value(u"state"_s).toString(), u"up"_s);
    }
}

void TestRaftParser::otherLinesGiveNothing()
{
    for (const QString &line : readLines(u"kraft-4.4.0-controller-1.log"_s)) {
        if (line.contains(u"Attempting durable transition"_s) || line.contains(u"Starting voters are"_s))
            QVERIFY(raft(line, 101).isEmpty());
    }
    QVERIFY(raft(u"2026-11-28 16:52:02,745 INFO [org.apache.kafka.raft.KafkaRaftClient] Vote request garbage"_s, 1)
                .isEmpty());
    QVERIFY(raft(u"2026-11-28 16:52:02,745 INFO [org.apache.kafka.raft.QuorumState] Completed transition to "_s, 1)
                .isEmpty());
}

void TestRaftParser::quorumStateFilesOfBothVersions()
{
    // 4.4.0: 101 and 102 agree 102 leads epoch 5 (102 voted for itself); the killed 103 kept its last view.
    const auto c2 = stateFile(u"kraft-4.4.0-controller-2.json"_s);
    QVERIFY(c2);
    QCOMPARE(c2->leaderId, 102);
    QCOMPARE(c2->leaderEpoch, 5);
    QCOMPARE(c2->votedId, -1);
    QCOMPARE(c2->voters, (QList<int>{101, 102, 103}));
    const auto c1 = stateFile(u"kraft-4.4.0-controller-1.json"_s);
    QVERIFY(c1);
    QCOMPARE(c1->votedId, 102);
    const auto dead = stateFile(u"kraft-4.4.0-controller-3.json"_s);
    QVERIFY(dead);
    QCOMPARE(dead->leaderId, 103);
    QCOMPARE(dead->leaderEpoch, 2);
    const auto v39 = stateFile(u"kraft-3.9.2-controller-1.json"_s);
    QVERIFY(v39);
    QCOMPARE(v39->leaderId, 102);
    QCOMPARE(v39->leaderEpoch, 18);
    QVERIFY(!stateFile(u"missing.json"_s));
}

void TestRaftParser::quorumStateRejectsGarbage()
{
    QVERIFY(!QuorumStateFile::parse("not json"));
    QVERIFY(!QuorumStateFile::parse("[]"));
    QVERIFY(!QuorumStateFile::parse("{\"leaderId\":1}"));
    const auto unattached = QuorumStateFile::parse("{\"leaderId\":-1,\"leaderEpoch\":0,\"votedId\":-1}");
    QVERIFY(unattached);
    QCOMPARE(unattached->leaderId, -1);
}

QTEST_GUILESS_MAIN(TestRaftParser)
#include "tst_raftparser.moc"
