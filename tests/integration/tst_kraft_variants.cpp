// The other KRaft shapes on real clusters, one after the other (never two at once on a 2-core machine): Kafka
// 3.9.2 in KRaft mode (3 controllers + 3 brokers: healthy, the quorum in `status`, the raft leader's SIGKILL seen
// as granted votes and a new leader, 1,000 acks=all messages round-trip) and 3 combined nodes on 4.4.0 (both roles
// shown, the raft leader's SIGKILL fails over, produce works again).
#include "CliRunner.h"
#include "RuntimeLocator.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

const QByteArray k392Cluster = R"(name: it-kraft-392
mode: kraft
kafka_version: 3.9.2
coordinators: 3
brokers: 3
profile: demo
topics:
  - {name: trades, partitions: 3, replication_factor: 3, configs: {min.insync.replicas: 2}}
)";

const QByteArray kCombinedCluster = R"(name: it-kraft-combined
mode: kraft
kafka_version: 4.4.0
coordinators: 3
combined: true
profile: demo
topics:
  - {name: trades, partitions: 3, replication_factor: 3, configs: {min.insync.replicas: 2}}
)";

QList<QJsonObject> eventsSince(const QStringList &ws, qint64 since)
{
    const CliResult r = runCli(QStringList{u"events"_s, u"--json"_s, u"--since"_s, QString::number(since)} + ws);
    QList<QJsonObject> out;
    for (const QByteArray &line : r.out.split('\n'))
        if (!line.trimmed().isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    return out;
}

QJsonObject fieldsOf(const QJsonObject &e)
{
    return e.value(u"fields"_s).toObject();
}

QString dump(const QList<QJsonObject> &events)
{
    QString out;
    for (const QJsonObject &e : events)
        out += QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact)) + u'\n';
    return out;
}

QJsonObject status(const RunningCluster &c)
{
    return runCli(QStringList{u"status"_s, u"--json"_s} + c.ws()).json();
}

// SIGKILL of the raft leader: returns the winner once a voter that answered granted a (non-pre-)vote and another
// controller logged its election at a higher epoch; empty (with a failed QVERIFY) otherwise.
QString killRaftLeader(RunningCluster &c, const QString &leader, int epoch)
{
    const CliResult k = runCli(QStringList{u"kill"_s, leader} + c.ws());
    if (k.exitCode != 0) {
        qWarning() << k.text();
        return {};
    }
    QList<QJsonObject> events;
    QString winner;
    QDeadlineTimer deadline(30000);
    while (winner.isEmpty() && !deadline.hasExpired()) {
        events = eventsSince(c.ws(), 0);
        qint64 killedAt = -1;
        bool granted = false;
        for (const QJsonObject &e : events) {
            const QString kind = e.value(u"kind"_s).toString();
            if (kind == u"fault_injected" && e.value(u"node"_s).toString() == leader)
                killedAt = e.value(u"t"_s).toInteger();
            if (killedAt < 0)
                continue;
            if (kind == u"raft_vote" && fieldsOf(e).value(u"granted"_s).toBool() &&
                !fieldsOf(e).value(u"pre_vote"_s).toBool() && fieldsOf(e).value(u"voter"_s).toString() != leader)
                granted = true;
            if (kind == u"leader_elected" && granted && e.value(u"node"_s).toString() != leader &&
                fieldsOf(e).value(u"epoch"_s).toInt() > epoch)
                winner = e.value(u"node"_s).toString();
        }
        if (winner.isEmpty())
            QThread::msleep(300);
    }
    if (winner.isEmpty())
        qWarning("%s", qPrintable(dump(events)));
    return winner;
}

bool produceAll(const RunningCluster &c, int count, QString *why)
{
    const CliResult r = runCli(QStringList{u"produce"_s, u"-t"_s, u"trades"_s, u"-n"_s, QString::number(count),
                                           u"--acks"_s, u"all"_s, u"-v"_s, u"payload"_s, u"--json"_s} +
                                   c.ws(),
                               120000);
    *why = r.text();
    return r.exitCode == 0 && r.json().value(u"acknowledged"_s).toInt() == count;
}

} // namespace

class TestKRaftVariants : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void kafka392RunsKRaftAndFailsOver();
    void combinedNodesShowBothRolesAndFailOver();

  private:
    QTemporaryDir m_dir;
};

void TestKRaftVariants::initTestCase()
{
    QString why;
    if (!runtimeAvailable(&why))
        QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
}

void TestKRaftVariants::kafka392RunsKRaftAndFailsOver()
{
    if (!ensemble::RuntimeLocator::installedVersions().contains(u"3.9.2"_s))
        QSKIP("no Kafka 3.9.2 runtime: run `bash installer/setup.sh`");
    QElapsedTimer timer;
    timer.start();
    RunningCluster c(m_dir.path() + u"/ws392"_s, writeClusterFile(m_dir.path(), k392Cluster));
    QString why;
    QVERIFY2(c.waitHealthy(240000, &why), qPrintable(why));
    qInfo("3.9.2 KRaft 3 + 3 healthy after %lld ms", timer.elapsed());
    QJsonObject s = status(c);
    QCOMPARE(s.value(u"mode"_s).toString(), u"kraft"_s);
    QCOMPARE(s.value(u"kafka_version"_s).toString(), u"3.9.2"_s);
    QJsonObject quorum = s.value(u"quorum"_s).toObject();
    const QString leader = quorum.value(u"leader"_s).toString();
    const int epoch = quorum.value(u"epoch"_s).toInt();
    QVERIFY2(leader.startsWith(u"controller-"_s) && epoch >= 1, QJsonDocument(s).toJson().constData());
    QCOMPARE(quorum.value(u"voters"_s).toArray().size(), 3);
    QCOMPARE(quorum.value(u"observers"_s).toArray().size(), 3);

    QVERIFY2(produceAll(c, 1000, &why), qPrintable(why));
    const CliResult consumed = runCli(
        QStringList{u"consume"_s, u"-t"_s, u"trades"_s, u"--from-beginning"_s, u"--timeout"_s, u"8"_s, u"--json"_s} +
            c.ws(),
        60000);
    QVERIFY2(consumed.exitCode == 0, consumed.err.constData());
    QSet<QString> seen;
    for (const QByteArray &line : consumed.out.trimmed().split('\n')) {
        const QJsonObject m = QJsonDocument::fromJson(line).object();
        seen.insert(u"%1/%2"_s.arg(m.value(u"partition"_s).toInt()).arg(m.value(u"offset"_s).toInteger()));
    }
    QCOMPARE(seen.size(), 1000);

    // 3.9 has no pre-vote: the survivors' candidacies are answered by real votes, logged by the voters.
    const QString winner = killRaftLeader(c, leader, epoch);
    QVERIFY(!winner.isEmpty());
    QJsonObject last;
    QVERIFY2(c.waitForStatus(
                 [&](const QJsonObject &st) {
                     return st.value(u"quorum"_s).toObject().value(u"leader"_s).toString() == winner &&
                            st.value(u"controller"_s).toInt() == 100 + winner.back().digitValue();
                 },
                 15000, &last),
             QJsonDocument(last).toJson().constData());
    QVERIFY2(produceAll(c, 100, &why), qPrintable(why));
    qInfo("3.9.2 test done after %lld ms", timer.elapsed());
}

void TestKRaftVariants::combinedNodesShowBothRolesAndFailOver()
{
    if (!ensemble::RuntimeLocator::installedVersions().contains(u"4.4.0"_s))
        QSKIP("no Kafka 4.4.0 runtime: run `bash installer/setup.sh`");
    QElapsedTimer timer;
    timer.start();
    RunningCluster c(m_dir.path() + u"/wscombined"_s, writeClusterFile(m_dir.path(), kCombinedCluster));
    QString why;
    QVERIFY2(c.waitHealthy(240000, &why), qPrintable(why));
    qInfo("4.4.0 combined x3 healthy after %lld ms", timer.elapsed());
    const QJsonObject s = status(c);
    const QString leader = s.value(u"quorum"_s).toObject().value(u"leader"_s).toString();
    const int epoch = s.value(u"quorum"_s).toObject().value(u"epoch"_s).toInt();
    QVERIFY2(leader.startsWith(u"kafka-"_s), QJsonDocument(s).toJson().constData());
    const QJsonArray nodes = s.value(u"nodes"_s).toArray();
    QCOMPARE(nodes.size(), 3);
    for (const QJsonValue &v : nodes) {
        const QJsonObject n = v.toObject();
        QCOMPARE(n.value(u"roles"_s).toArray(), (QJsonArray{u"broker"_s, u"controller"_s}));
        // Its role is its raft role, never broker/controller.
        const QString role = n.value(u"role"_s).toString();
        QVERIFY2(role == (n.value(u"name"_s).toString() == leader ? u"leader"_s : u"follower"_s),
                 QJsonDocument(s).toJson().constData());
    }
    QCOMPARE(s.value(u"quorum"_s).toObject().value(u"voters"_s).toArray().size(), 3);
    QVERIFY(s.value(u"quorum"_s).toObject().value(u"observers"_s).toArray().isEmpty());
    const CliResult text = runCli(QStringList{u"status"_s} + c.ws());
    QVERIFY2(text.text().count(u"controller+broker"_s) == 3, qPrintable(text.text()));
    QVERIFY2(text.text().contains(u"leader"_s), qPrintable(text.text()));

    QVERIFY2(produceAll(c, 200, &why), qPrintable(why));
    const QString winner = killRaftLeader(c, leader, epoch);
    QVERIFY(!winner.isEmpty());
    // With one node of three gone, its partitions move and acks=all (min ISR 2) works again.
    QJsonObject last;
    QVERIFY2(c.waitForStatus(
                 [&](const QJsonObject &st) {
                     for (const QJsonValue &v : st.value(u"nodes"_s).toArray())
                         if (v.toObject().value(u"name"_s).toString() == leader &&
                             v.toObject().value(u"state"_s).toString() != u"exited")
                             return false;
                     return st.value(u"quorum"_s).toObject().value(u"leader"_s).toString() == winner;
                 },
                 15000, &last),
             QJsonDocument(last).toJson().constData());
    QVERIFY2(produceAll(c, 200, &why), qPrintable(why));
    qInfo("combined test done after %lld ms", timer.elapsed());
}

QTEST_GUILESS_MAIN(TestKRaftVariants)
#include "tst_kraft_variants.moc"
