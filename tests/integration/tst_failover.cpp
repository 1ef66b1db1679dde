// Failover on the real default cluster, seen through the event stream: every kill and stop must show up as the
// events a user watches (election, votes, new leaders, ISR changes) within the demo profile's promised times.
#include "CliRunner.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kCluster = R"(name: it-failover
coordinators: 3
brokers: 3
profile: demo
topics:
  - {name: orders, partitions: 3, replication_factor: 3, configs: {min.insync.replicas: 2}}
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

// Polls the event stream until PRED finds what it wants in the events since SINCE.
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

} // namespace

class TestFailover : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void killQuorumLeaderElectsSurvivor();
    void killControllerMovesControl();
    void killPartitionLeaderPromotesInSyncSurvivor();
    void gracefulStopMovesLeadershipBeforeExit();

  private:
    QJsonObject status() { return runCli(QStringList{u"status"_s, u"--json"_s} + m_cluster->ws()).json(); }
    // Injects ACTION on NODE and returns the cluster time of the fault_injected event.
    qint64 inject(const QString &action, const QString &node);
    void restartAndWaitForFullIsr(const QString &node);
    int leaderOf(const QJsonObject &status, int partition);

    QTemporaryDir m_dir;
    std::unique_ptr<RunningCluster> m_cluster;
};

void TestFailover::initTestCase()
{
    QString why;
    if (!runtimeAvailable(&why))
        QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
    m_cluster = std::make_unique<RunningCluster>(m_dir.path() + u"/ws"_s, writeClusterFile(m_dir.path(), kCluster));
    QVERIFY2(m_cluster->waitHealthy(180000, &why), qPrintable(why));
}

qint64 TestFailover::inject(const QString &action, const QString &node)
{
    const CliResult r = runCli(QStringList{action, node} + m_cluster->ws());
    if (r.exitCode != 0)
        qWarning() << r.text();
    for (const QJsonObject &e : eventsSince(m_cluster->ws(), 0))
        if (kindOf(e) == u"fault_injected" && e.value(u"node"_s).toString() == node &&
            fieldsOf(e).value(u"action"_s).toString() == action)
            return e.value(u"t"_s).toInteger(); // the last one wins: events come in order
    return -1;
}

int TestFailover::leaderOf(const QJsonObject &s, int partition)
{
    for (const QJsonValue &t : s.value(u"topics"_s).toArray())
        if (t.toObject().value(u"name"_s).toString() == u"orders")
            for (const QJsonValue &p : t.toObject().value(u"partitions"_s).toArray())
                if (p.toObject().value(u"partition"_s).toInt() == partition)
                    return p.toObject().value(u"leader"_s).toInt();
    return -1;
}

void TestFailover::restartAndWaitForFullIsr(const QString &node)
{
    const CliResult r = runCli(QStringList{u"start"_s, node} + m_cluster->ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    QJsonObject last;
    const bool ok = m_cluster->waitForStatus(
        [](const QJsonObject &s) {
            for (const QJsonValue &n : s.value(u"nodes"_s).toArray())
                if (n.toObject().value(u"state"_s).toString() != u"up")
                    return false;
            for (const QJsonValue &t : s.value(u"topics"_s).toArray())
                for (const QJsonValue &p : t.toObject().value(u"partitions"_s).toArray())
                    if (p.toObject().value(u"isr"_s).toArray().size() !=
                        p.toObject().value(u"replicas"_s).toArray().size())
                        return false;
            return !s.value(u"quorum_leader"_s).isNull() && !s.value(u"controller"_s).isNull();
        },
        90000, &last);
    QVERIFY2(ok, QJsonDocument(last).toJson().constData());
}

void TestFailover::killQuorumLeaderElectsSurvivor()
{
    const QString leader = status().value(u"quorum_leader"_s).toString();
    QVERIFY(leader.startsWith(u"zookeeper-"_s));
    const qint64 t0 = inject(u"kill"_s, leader);
    QVERIFY(t0 >= 0);
    QList<QJsonObject> events;
    const bool seen = waitForEvents(
        m_cluster->ws(), t0,
        [&](const QList<QJsonObject> &es) {
            QSet<QString> started, voters;
            for (const QJsonObject &e : es) {
                if (kindOf(e) == u"election_started")
                    started.insert(e.value(u"node"_s).toString());
                if (kindOf(e) == u"vote")
                    voters.insert(fieldsOf(e).value(u"voter"_s).toString());
                if (kindOf(e) == u"leader_elected" && started.size() == 2 && voters.size() >= 2)
                    return true;
            }
            return false;
        },
        10000, &events);
    QVERIFY2(seen, qPrintable(dump(events)));
    qint64 elected = -1;
    for (const QJsonObject &e : events)
        if (kindOf(e) == u"leader_elected") {
            QVERIFY(e.value(u"node"_s).toString() != leader);
            elected = e.value(u"t"_s).toInteger();
            break;
        }
    qInfo("ZooKeeper leader %s killed: survivor elected after %lld ms", qPrintable(leader), elected - t0);
    QVERIFY2(elected - t0 <= 5000, qPrintable(dump(events)));
    restartAndWaitForFullIsr(leader);
}

void TestFailover::killControllerMovesControl()
{
    const int controller = status().value(u"controller"_s).toInt(-1);
    QVERIFY(controller >= 1);
    const QString victim = u"kafka-%1"_s.arg(controller);
    const qint64 t0 = inject(u"kill"_s, victim);
    QList<QJsonObject> events;
    const bool seen = waitForEvents(
        m_cluster->ws(), t0,
        [&](const QList<QJsonObject> &es) {
            for (const QJsonObject &e : es)
                if (kindOf(e) == u"controller_changed" && fieldsOf(e).value(u"controller"_s).toInt() >= 1 &&
                    fieldsOf(e).value(u"controller"_s).toInt() != controller)
                    return true;
            return false;
        },
        30000, &events);
    QVERIFY2(seen, qPrintable(dump(events)));
    restartAndWaitForFullIsr(victim);
}

void TestFailover::killPartitionLeaderPromotesInSyncSurvivor()
{
    const QJsonObject s = status();
    const int controller = s.value(u"controller"_s).toInt(-1);
    // A partition leader that is not the controller, so this is a pure partition failover.
    int victimId = -1, partition = -1;
    for (int p = 0; p < 3 && victimId < 0; ++p)
        if (leaderOf(s, p) != controller) {
            victimId = leaderOf(s, p);
            partition = p;
        }
    QVERIFY(victimId >= 1);
    const QString victim = u"kafka-%1"_s.arg(victimId);
    const qint64 t0 = inject(u"kill"_s, victim);
    QList<QJsonObject> events;
    const bool seen = waitForEvents(
        m_cluster->ws(), t0,
        [&](const QList<QJsonObject> &es) {
            bool leader = false, isr = false;
            for (const QJsonObject &e : es) {
                const QJsonObject f = fieldsOf(e);
                if (f.value(u"topic"_s).toString() != u"orders" || f.value(u"partition"_s).toInt() != partition)
                    continue;
                if (kindOf(e) == u"partition_leader_changed" && f.value(u"leader"_s).toInt() != victimId &&
                    f.value(u"leader"_s).toInt() >= 1)
                    leader = true;
                if (kindOf(e) == u"isr_changed" && !f.value(u"isr"_s).toArray().contains(victimId))
                    isr = true;
            }
            return leader && isr;
        },
        20000, &events);
    QVERIFY2(seen, qPrintable(dump(events)));
    for (const QJsonObject &e : events)
        if (kindOf(e) == u"partition_leader_changed" && fieldsOf(e).value(u"partition"_s).toInt() == partition &&
            fieldsOf(e).value(u"topic"_s).toString() == u"orders") {
            qInfo("broker %d killed: orders-%d led by %d after %lld ms", victimId, partition,
                  fieldsOf(e).value(u"leader"_s).toInt(), e.value(u"t"_s).toInteger() - t0);
            QVERIFY(e.value(u"t"_s).toInteger() - t0 <= 10000);
            break;
        }
    restartAndWaitForFullIsr(victim);
}

void TestFailover::gracefulStopMovesLeadershipBeforeExit()
{
    const QJsonObject s = status();
    const int victimId = leaderOf(s, 1);
    QVERIFY(victimId >= 1);
    const QString victim = u"kafka-%1"_s.arg(victimId);
    const qint64 t0 = inject(u"stop"_s, victim);
    QList<QJsonObject> events;
    const bool seen = waitForEvents(
        m_cluster->ws(), t0,
        [&](const QList<QJsonObject> &es) {
            for (const QJsonObject &e : es)
                if (kindOf(e) == u"node_state" && e.value(u"node"_s).toString() == victim &&
                    fieldsOf(e).value(u"state"_s).toString() == u"stopped")
                    return true;
            return false;
        },
        60000, &events);
    QVERIFY2(seen, qPrintable(dump(events)));
    qint64 moved = -1, exited = -1;
    bool controlledShutdown = false;
    for (const QJsonObject &e : events) {
        const QJsonObject f = fieldsOf(e);
        if (kindOf(e) == u"controlled_shutdown" && e.value(u"node"_s).toString() == victim)
            controlledShutdown = true;
        if (kindOf(e) == u"partition_leader_changed" && f.value(u"topic"_s).toString() == u"orders" &&
            f.value(u"partition"_s).toInt() == 1 && f.value(u"leader"_s).toInt() != victimId && moved < 0)
            moved = e.value(u"t"_s).toInteger();
        if (kindOf(e) == u"node_state" && e.value(u"node"_s).toString() == victim &&
            f.value(u"state"_s).toString() == u"stopped")
            exited = e.value(u"t"_s).toInteger();
    }
    QVERIFY2(controlledShutdown, qPrintable(dump(events)));
    QVERIFY2(moved >= 0 && moved <= exited, qPrintable(dump(events)));
    qInfo("graceful stop of broker %d: orders-1 moved after %lld ms, broker exited after %lld ms", victimId, moved - t0,
          exited - t0);
    restartAndWaitForFullIsr(victim);
}

QTEST_GUILESS_MAIN(TestFailover)
#include "tst_failover.moc"
