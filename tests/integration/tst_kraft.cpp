// A real KRaft cluster (Kafka 4.4.0: 3 controllers + 3 brokers, demo profile) through the `ensemble` binary, shared
// by the test functions: healthy, the quorum in `status --json`, a 1,000-message acks=all round trip, the raft
// leader's SIGKILL seen as votes and a new leader, a broker's SIGKILL seen as new partition leaders, the raft
// leader's SIGSTOP (a new leader; on SIGCONT the old one follows at the higher epoch), and two of three controllers
// killed (the quorum is lost until one comes back).
#include "CliRunner.h"
#include "RuntimeLocator.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kCluster = R"(name: it-kraft
mode: kraft
kafka_version: 4.4.0
coordinators: 3
brokers: 3
profile: demo
topics:
  - {name: trades, partitions: 6, replication_factor: 3, configs: {min.insync.replicas: 2}}
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

QString kindOf(const QJsonObject &e)
{
    return e.value(u"kind"_s).toString();
}

QJsonObject fieldsOf(const QJsonObject &e)
{
    return e.value(u"fields"_s).toObject();
}

bool waitForEvents(const QStringList &ws, qint64 since, const std::function<bool(const QList<QJsonObject> &)> &pred,
                   int timeoutMs, QList<QJsonObject> *events)
{
    QDeadlineTimer deadline(timeoutMs);
    do {
        *events = eventsSince(ws, since);
        if (pred(*events))
            return true;
        QThread::msleep(200);
    } while (!deadline.hasExpired());
    return false;
}

QString dump(const QList<QJsonObject> &events)
{
    QString out;
    for (const QJsonObject &e : events)
        out += QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact)) + u'\n';
    return out;
}

bool allUp(const QJsonObject &s)
{
    for (const QJsonValue &n : s.value(u"nodes"_s).toArray())
        if (n.toObject().value(u"state"_s).toString() != u"up")
            return false;
    return !s.value(u"quorum"_s).toObject().value(u"leader"_s).isNull();
}

} // namespace

class TestKRaft : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void statusShowsTheQuorum();
    void thousandAcksAllMessagesRoundTrip();
    void killRaftLeaderElectsANewLeaderWithVotes();
    void killBrokerMovesItsPartitionLeaders();
    void pauseRaftLeaderElectsANewOneAndItRejoinsAsFollower();
    void twoControllersDownLoseTheQuorumUntilOneReturns(); // last: it leaves a controller down

  private:
    QJsonObject status() { return runCli(QStringList{u"status"_s, u"--json"_s} + m_cluster->ws()).json(); }
    qint64 inject(const QString &action, const QString &node);
    void startAgain(const QString &node);

    QTemporaryDir m_dir;
    std::unique_ptr<RunningCluster> m_cluster;
};

void TestKRaft::initTestCase()
{
    if (!ensemble::RuntimeLocator::installedVersions().contains(u"4.4.0"_s))
        QSKIP("no Kafka 4.4.0 runtime: run `bash installer/setup.sh`");
    QString why;
    if (!runtimeAvailable(&why))
        QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
    m_cluster = std::make_unique<RunningCluster>(m_dir.path() + u"/ws"_s, writeClusterFile(m_dir.path(), kCluster));
    QVERIFY2(m_cluster->waitHealthy(240000, &why), qPrintable(why));
}

qint64 TestKRaft::inject(const QString &action, const QString &node)
{
    const CliResult r = runCli(QStringList{action, node} + m_cluster->ws());
    if (r.exitCode != 0)
        qWarning() << r.text();
    qint64 t = -1;
    for (const QJsonObject &e : eventsSince(m_cluster->ws(), 0))
        if (kindOf(e) == u"fault_injected" && e.value(u"node"_s).toString() == node &&
            fieldsOf(e).value(u"action"_s).toString() == action)
            t = e.value(u"t"_s).toInteger();
    return t;
}

void TestKRaft::startAgain(const QString &node)
{
    const CliResult r = runCli(QStringList{u"start"_s, node} + m_cluster->ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    QJsonObject last;
    QVERIFY2(m_cluster->waitForStatus(allUp, 120000, &last), QJsonDocument(last).toJson().constData());
}

void TestKRaft::statusShowsTheQuorum()
{
    const QJsonObject s = status();
    QCOMPARE(s.value(u"mode"_s).toString(), u"kraft"_s);
    QCOMPARE(s.value(u"kafka_version"_s).toString(), u"4.4.0"_s);
    const QJsonObject quorum = s.value(u"quorum"_s).toObject();
    const QString leader = quorum.value(u"leader"_s).toString();
    QVERIFY2(leader.startsWith(u"controller-"_s), QJsonDocument(s).toJson().constData());
    QVERIFY(quorum.value(u"epoch"_s).toInt() >= 1);
    QVERIFY(quorum.value(u"has_majority"_s).toBool());
    QCOMPARE(quorum.value(u"voters"_s).toArray().size(), 3);
    QCOMPARE(s.value(u"quorum_leader"_s).toString(), leader);
    // The raft leader is the active controller (node.id 101..103).
    QCOMPARE(s.value(u"controller"_s).toInt(), 100 + leader.back().digitValue());
    int controllers = 0, brokers = 0;
    for (const QJsonValue &v : s.value(u"nodes"_s).toArray()) {
        const QJsonObject n = v.toObject();
        const QString name = n.value(u"name"_s).toString();
        if (name.startsWith(u"controller-"_s)) {
            ++controllers;
            QCOMPARE(n.value(u"kind"_s).toString(), u"coordinator"_s);
            QCOMPARE(n.value(u"roles"_s).toArray(), QJsonArray{u"controller"_s});
            QVERIFY(QStringList({u"leader"_s, u"follower"_s}).contains(n.value(u"role"_s).toString()));
        } else {
            ++brokers;
            QCOMPARE(n.value(u"kind"_s).toString(), u"broker"_s);
        }
    }
    QCOMPARE(controllers, 3);
    QCOMPARE(brokers, 3);
}

void TestKRaft::thousandAcksAllMessagesRoundTrip()
{
    const QStringList ws = m_cluster->ws();
    CliResult r = runCli(QStringList{u"produce"_s, u"-t"_s, u"trades"_s, u"-n"_s, u"1000"_s, u"--acks"_s, u"all"_s,
                                     u"-k"_s, u"k"_s, u"-v"_s, u"payload"_s, u"--json"_s} +
                             ws,
                         120000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().value(u"acknowledged"_s).toInt(), 1000);
    QCOMPARE(r.json().value(u"failed"_s).toInt(), 0);
    r = runCli(
        QStringList{u"consume"_s, u"-t"_s, u"trades"_s, u"--from-beginning"_s, u"--timeout"_s, u"8"_s, u"--json"_s} +
            ws,
        60000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1000);
    QSet<QString> seen;
    for (const QByteArray &line : lines) {
        const QJsonObject m = QJsonDocument::fromJson(line).object();
        QCOMPARE(m.value(u"value"_s).toString(), u"payload"_s);
        seen.insert(u"%1/%2"_s.arg(m.value(u"partition"_s).toInt()).arg(m.value(u"offset"_s).toInteger()));
    }
    QCOMPARE(seen.size(), 1000);
}

void TestKRaft::killRaftLeaderElectsANewLeaderWithVotes()
{
    const QJsonObject before = status().value(u"quorum"_s).toObject();
    const QString leader = before.value(u"leader"_s).toString();
    const int epoch = before.value(u"epoch"_s).toInt();
    QVERIFY(leader.startsWith(u"controller-"_s));
    const qint64 t0 = inject(u"kill"_s, leader);
    QVERIFY(t0 >= 0);
    QList<QJsonObject> events;
    const bool seen = waitForEvents(
        m_cluster->ws(), t0,
        [&](const QList<QJsonObject> &es) {
            bool granted = false;
            for (const QJsonObject &e : es) {
                if (kindOf(e) == u"raft_vote" && fieldsOf(e).value(u"granted"_s).toBool() &&
                    !fieldsOf(e).value(u"pre_vote"_s).toBool())
                    granted = true;
                if (kindOf(e) == u"leader_elected" && e.value(u"node"_s).toString() != leader && granted)
                    return true;
            }
            return false;
        },
        20000, &events);
    QVERIFY2(seen, qPrintable(dump(events)));
    qint64 elected = -1;
    QString winner;
    for (const QJsonObject &e : events) {
        if (kindOf(e) == u"raft_vote") {
            // Each vote is named by the voter that answered it, never the dead leader.
            QVERIFY(fieldsOf(e).value(u"voter"_s).toString() != leader);
            QVERIFY(fieldsOf(e).value(u"candidate"_s).toString().startsWith(u"controller-"_s));
        }
        if (kindOf(e) == u"leader_elected" && elected < 0) {
            elected = e.value(u"t"_s).toInteger();
            winner = e.value(u"node"_s).toString();
            QVERIFY(fieldsOf(e).value(u"epoch"_s).toInt() > epoch);
        }
    }
    qInfo("raft leader %s killed: %s elected after %lld ms", qPrintable(leader), qPrintable(winner), elected - t0);
    QJsonObject last;
    QVERIFY2(m_cluster->waitForStatus(
                 [&](const QJsonObject &s) {
                     return s.value(u"quorum"_s).toObject().value(u"leader"_s).toString() == winner;
                 },
                 10000, &last),
             QJsonDocument(last).toJson().constData());
    startAgain(leader);
}

void TestKRaft::killBrokerMovesItsPartitionLeaders()
{
    QMap<int, int> leaders; // partition -> broker
    for (const QJsonValue &t : status().value(u"topics"_s).toArray())
        if (t.toObject().value(u"name"_s).toString() == u"trades")
            for (const QJsonValue &p : t.toObject().value(u"partitions"_s).toArray())
                leaders.insert(p.toObject().value(u"partition"_s).toInt(), p.toObject().value(u"leader"_s).toInt());
    QCOMPARE(leaders.size(), 6);
    const int victim = leaders.value(0);
    QVERIFY(victim >= 1 && victim <= 3);
    const QString name = u"kafka-%1"_s.arg(victim);
    const qint64 t0 = inject(u"kill"_s, name);
    QList<QJsonObject> events;
    const bool seen = waitForEvents(
        m_cluster->ws(), t0,
        [&](const QList<QJsonObject> &es) {
            QSet<int> moved;
            for (const QJsonObject &e : es)
                if (kindOf(e) == u"partition_leader_changed" && fieldsOf(e).value(u"topic"_s) == u"trades"_s &&
                    fieldsOf(e).value(u"previous"_s).toInt() == victim && fieldsOf(e).value(u"leader"_s).toInt() >= 1)
                    moved.insert(fieldsOf(e).value(u"partition"_s).toInt());
            for (auto it = leaders.cbegin(); it != leaders.cend(); ++it)
                if (it.value() == victim && !moved.contains(it.key()))
                    return false;
            return true;
        },
        30000, &events);
    QVERIFY2(seen, qPrintable(dump(events)));
    bool fenced = false;
    for (const QJsonObject &e : events)
        fenced |= kindOf(e) == u"broker_fenced" && fieldsOf(e).value(u"broker"_s).toInt() == victim;
    QVERIFY2(fenced, qPrintable(dump(events)));
    startAgain(name);
}

void TestKRaft::pauseRaftLeaderElectsANewOneAndItRejoinsAsFollower()
{
    const QJsonObject before = status().value(u"quorum"_s).toObject();
    const QString old = before.value(u"leader"_s).toString();
    const int epoch = before.value(u"epoch"_s).toInt();
    QVERIFY2(old.startsWith(u"controller-"_s), QJsonDocument(before).toJson().constData());
    const qint64 t0 = inject(u"pause"_s, old);
    QVERIFY(t0 >= 0);
    // A SIGSTOPped leader sends no more fetch answers: the others time out and elect one of themselves.
    QJsonObject last;
    QVERIFY2(m_cluster->waitForStatus(
                 [&](const QJsonObject &s) {
                     const QJsonObject q = s.value(u"quorum"_s).toObject();
                     const QString leader = q.value(u"leader"_s).toString();
                     return !leader.isEmpty() && leader != old && q.value(u"epoch"_s).toInt() > epoch;
                 },
                 30000, &last),
             QJsonDocument(last).toJson().constData());
    const QJsonObject during = last.value(u"quorum"_s).toObject();
    const QString leader = during.value(u"leader"_s).toString();
    const int newEpoch = during.value(u"epoch"_s).toInt();
    qInfo("raft leader %s paused: %s leads in epoch %d (was %d)", qPrintable(old), qPrintable(leader), newEpoch, epoch);
    const qint64 t1 = inject(u"resume"_s, old);
    QVERIFY(t1 > t0);
    // Resumed, it still believes it leads epoch `epoch` until it hears of the higher one; then it follows. Its
    // own quorum-state file and its log both say so.
    auto voter = [&](const QJsonObject &s) {
        for (const QJsonValue &v : s.value(u"quorum"_s).toObject().value(u"voters"_s).toArray())
            if (v.toObject().value(u"name"_s).toString() == old)
                return v.toObject();
        return QJsonObject{};
    };
    QVERIFY2(m_cluster->waitForStatus(
                 [&](const QJsonObject &s) {
                     const QJsonObject v = voter(s);
                     const int leaderId = s.value(u"quorum"_s).toObject().value(u"leader_id"_s).toInt(-1);
                     return v.value(u"state"_s).toString() == u"up" && v.value(u"role"_s).toString() == u"follower" &&
                            v.value(u"epoch"_s).toInt() >= newEpoch && v.value(u"leader_id"_s).toInt() == leaderId;
                 },
                 30000, &last),
             QJsonDocument(last).toJson().constData());
    QList<QJsonObject> events;
    QVERIFY2(waitForEvents(
                 m_cluster->ws(), t1,
                 [&](const QList<QJsonObject> &es) {
                     for (const QJsonObject &e : es)
                         if (kindOf(e) == u"raft_state_changed" && e.value(u"node"_s).toString() == old &&
                             fieldsOf(e).value(u"state"_s).toString() == u"follower" &&
                             fieldsOf(e).value(u"epoch"_s).toInt() >= newEpoch)
                             return true;
                     return false;
                 },
                 10000, &events),
             qPrintable(dump(events)));
    QCOMPARE(status().value(u"quorum"_s).toObject().value(u"has_majority"_s).toBool(), true);
}

void TestKRaft::twoControllersDownLoseTheQuorumUntilOneReturns()
{
    const QJsonObject before = status().value(u"quorum"_s).toObject();
    const QString leader = before.value(u"leader"_s).toString();
    QVERIFY2(leader.startsWith(u"controller-"_s), QJsonDocument(before).toJson().constData());
    QString follower;
    for (const QJsonValue &v : before.value(u"voters"_s).toArray())
        if (const QString name = v.toObject().value(u"name"_s).toString(); name != leader && follower.isEmpty())
            follower = name;
    QVERIFY(inject(u"kill"_s, follower) >= 0);
    QVERIFY(inject(u"kill"_s, leader) >= 0);
    QJsonObject last;
    QVERIFY2(m_cluster->waitForStatus(
                 [](const QJsonObject &s) {
                     const QJsonObject q = s.value(u"quorum"_s).toObject();
                     return !q.value(u"has_majority"_s).toBool(true) && q.value(u"leader"_s).isNull() &&
                            s.value(u"quorum_leader"_s).isNull();
                 },
                 15000, &last),
             QJsonDocument(last).toJson().constData());
    // Both dead voters read the same word in the nodes table and in the quorum object.
    for (const QJsonValue &v : last.value(u"quorum"_s).toObject().value(u"voters"_s).toArray())
        if (const QString name = v.toObject().value(u"name"_s).toString(); name == leader || name == follower)
            QCOMPARE(v.toObject().value(u"state"_s).toString(), u"exited"_s);
    for (const QJsonValue &v : last.value(u"nodes"_s).toArray())
        if (const QString name = v.toObject().value(u"name"_s).toString(); name == leader || name == follower)
            QCOMPARE(v.toObject().value(u"state"_s).toString(), u"exited"_s);
    const CliResult text = runCli(QStringList{u"status"_s} + m_cluster->ws());
    QVERIFY2(text.text().contains(u"quorum     leader none"_s) && text.text().contains(u"quorum lost"_s),
             qPrintable(text.text()));
    // Nothing is elected while one voter of three runs: a few seconds (several election timeouts of the demo
    // profile) later there is still no leader.
    QThread::msleep(4000);
    QVERIFY(status().value(u"quorum"_s).toObject().value(u"leader"_s).isNull());
    // Partition leaders and their followers keep serving without the controllers, so a produce to an existing
    // topic may well succeed; if it fails, it must say why.
    const CliResult produce = runCli(
        QStringList{u"produce"_s, u"-t"_s, u"trades"_s, u"-n"_s, u"10"_s, u"--acks"_s, u"all"_s, u"-v"_s, u"x"_s} +
            m_cluster->ws(),
        120000);
    qInfo("produce without a quorum: exit %d: %s", produce.exitCode, qPrintable(produce.text().trimmed()));
    QVERIFY2(produce.exitCode == 0 || produce.text().contains(u"the KRaft quorum is lost"_s),
             qPrintable(produce.text()));
    // Creating a topic needs the active controller, which no longer exists: a clear error, not a hang.
    const CliResult create = runCli(QStringList{u"topics"_s, u"create"_s, u"no-quorum"_s, u"--partitions"_s, u"1"_s,
                                                u"--replication-factor"_s, u"1"_s} +
                                        m_cluster->ws(),
                                    120000);
    QVERIFY2(create.exitCode == 1 && create.text().contains(u"the KRaft quorum is lost: 1 of 3 controllers run"_s),
             qPrintable(create.text()));
    qInfo("topics create without a quorum: exit %d: %s", create.exitCode, qPrintable(create.text().trimmed()));
    // One back makes two of three: a leader again.
    const CliResult r = runCli(QStringList{u"start"_s, follower} + m_cluster->ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    QVERIFY2(m_cluster->waitForStatus(
                 [](const QJsonObject &s) {
                     const QJsonObject q = s.value(u"quorum"_s).toObject();
                     return q.value(u"has_majority"_s).toBool() && !q.value(u"leader"_s).isNull();
                 },
                 90000, &last),
             QJsonDocument(last).toJson().constData());
}

QTEST_GUILESS_MAIN(TestKRaft)
#include "tst_kraft.moc"
