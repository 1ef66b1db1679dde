// Network faults on a real 3 ZooKeeper + 2 Kafka cluster, through the engine's link proxies: the isolated quorum
// leader is replaced by one of the other two within 5 s, and after `heal` it is back as a follower; an isolated
// broker loses its ZooKeeper session, so its partition leaderships move and it leaves the ISRs (znodes: what
// `status` shows), and after `heal` it is back in every ISR.
#include "CliRunner.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kCluster = R"(name: it-netfaults
coordinators: 3
brokers: 2
profile: demo
topics:
  - {name: moves, partitions: 2, replication_factor: 2}
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

QString roleOf(const QJsonObject &status, const QString &node)
{
    for (const QJsonValue &n : status.value(u"nodes"_s).toArray())
        if (n.toObject().value(u"name"_s).toString() == node)
            return n.toObject().value(u"role"_s).toString();
    return {};
}

// partition -> (leader, isr) of the topic "moves"
QMap<int, std::pair<int, QList<int>>> partitions(const QJsonObject &status)
{
    QMap<int, std::pair<int, QList<int>>> out;
    for (const QJsonValue &t : status.value(u"topics"_s).toArray())
        if (t.toObject().value(u"name"_s).toString() == u"moves"_s)
            for (const QJsonValue &v : t.toObject().value(u"partitions"_s).toArray()) {
                const QJsonObject p = v.toObject();
                QList<int> isr;
                for (const QJsonValue &i : p.value(u"isr"_s).toArray())
                    isr.append(i.toInt());
                out.insert(p.value(u"partition"_s).toInt(), {p.value(u"leader"_s).toInt(), isr});
            }
    return out;
}

// What a failure message needs from a status: each node's role, the quorum leader, the faults still set.
QString summary(const QJsonObject &status)
{
    QStringList parts{u"quorum_leader=%1"_s.arg(status.value(u"quorum_leader"_s).toString())};
    for (const QJsonValue &n : status.value(u"nodes"_s).toArray())
        parts.append(u"%1:%2/%3"_s.arg(n.toObject().value(u"name"_s).toString(),
                                       n.toObject().value(u"state"_s).toString(),
                                       n.toObject().value(u"role"_s).toString()));
    parts.append(u"faults=%1"_s.arg(status.value(u"faults"_s).toArray().size()));
    return parts.join(u' ');
}

// The election lines of a node's log since the heal (what it saw when it did not rejoin).
QString electionLines(const QString &workspace, const QString &node)
{
    QFile f(workspace + u"/nodes/"_s + node + u"/logs/node.log"_s);
    if (!f.open(QIODevice::ReadOnly))
        return u"(no log: %1)"_s.arg(f.fileName());
    QStringList hits;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.contains("LOOKING") || line.contains("FOLLOWING") || line.contains("LEADING") ||
            line.contains("Notification") || line.contains("election") || line.contains("Cannot open channel") ||
            line.contains("Exception"))
            hits.append(QString::fromUtf8(line.left(300)));
    return hits.mid(std::max<qsizetype>(0, hits.size() - 40)).join(u'\n');
}

} // namespace

class TestNetFaults : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        if (!runtimeAvailable(&why))
            QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
        m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("ENSEMBLE_KEEP_TEST_DIR")); // the node logs, for a failure
        m_cluster = std::make_unique<RunningCluster>(m_dir.path() + u"/ws"_s, writeClusterFile(m_dir.path(), kCluster),
                                                     QStringList{u"--link-proxies"_s});
        QVERIFY2(m_cluster->waitHealthy(180000, &why), qPrintable(why));
        QVERIFY(status().value(u"link_proxies"_s).toBool());
    }

    void refusesNodesItCannotCut()
    {
        const CliResult r = runCli(QStringList{u"isolate"_s, u"kafka-9"_s} + m_cluster->ws());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.text().contains(u"links only"_s), qPrintable(r.text()));
        QCOMPARE(runCli(QStringList{u"slow"_s, u"zookeeper-1"_s} + m_cluster->ws()).exitCode, 2); // no --latency
    }

    void isolatedLeaderIsReplacedAndRejoinsAfterHeal()
    {
        const QString leader = status().value(u"quorum_leader"_s).toString();
        QVERIFY(leader.startsWith(u"zookeeper-"_s));
        const CliResult r = runCli(QStringList{u"isolate"_s, leader} + m_cluster->ws());
        QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
        qint64 t0 = -1;
        for (const QJsonObject &e : eventsSince(m_cluster->ws(), 0))
            if (e.value(u"kind"_s).toString() == u"fault_injected" && e.value(u"node"_s).toString() == leader)
                t0 = e.value(u"t"_s).toInteger();
        QVERIFY(t0 >= 0);
        const QJsonArray faults = status().value(u"faults"_s).toArray();
        QCOMPARE(faults.size(), 4); // the leader's two peer links and each broker's session with it
        QCOMPARE(faults.first().toObject().value(u"kind"_s).toString(), u"cut"_s);

        qint64 elected = -1;
        QString newLeader;
        QDeadlineTimer deadline(15000);
        while (elected < 0 && !deadline.hasExpired()) {
            for (const QJsonObject &e : eventsSince(m_cluster->ws(), t0))
                if (e.value(u"kind"_s).toString() == u"leader_elected" && e.value(u"node"_s).toString() != leader) {
                    elected = e.value(u"t"_s).toInteger();
                    newLeader = e.value(u"node"_s).toString();
                    break;
                }
            QThread::msleep(100);
        }
        QVERIFY2(elected >= 0, QJsonDocument(status()).toJson().constData());
        qInfo("ZooKeeper leader %s isolated: %s elected after %lld ms", qPrintable(leader), qPrintable(newLeader),
              elected - t0);
        QVERIFY2(elected - t0 <= 5000, qPrintable(u"took %1 ms"_s.arg(elected - t0)));
        // Elected is not yet established: the new leader leads only once a quorum has synced with it (its
        // "broadcast" phase). Healed before that, the isolated server may rightly win the next election (seen:
        // the new leader's only follower lost its link in discovery, then voted for the healed server).
        qint64 established = -1;
        QDeadlineTimer settle(15000);
        while (established < 0 && !settle.hasExpired()) {
            for (const QJsonObject &e : eventsSince(m_cluster->ws(), t0)) {
                const QJsonObject f = e.value(u"fields"_s).toObject();
                if (e.value(u"kind"_s).toString() == u"peer_state"_s && e.value(u"node"_s).toString() == newLeader &&
                    f.value(u"state"_s).toString() == u"leading"_s && f.value(u"phase"_s).toString() == u"broadcast"_s)
                    established = e.value(u"t"_s).toInteger();
            }
            QThread::msleep(100);
        }
        QVERIFY2(established >= 0,
                 qPrintable(summary(status()) + u"\n"_s + electionLines(m_cluster->workspace(), newLeader)));
        qInfo("%s leads (a quorum synced) %lld ms after the cut", qPrintable(newLeader), established - t0);

        // Why the isolated server rejoins as follower, and why it takes a while (seen on real nodes, 2026-11-28):
        // a ZooKeeper vote is compared by (peer epoch, zxid, server id). With no writes while it was cut off, the
        // isolated leader's zxid equals the majority's (0x10000001e in that run) and its id is the highest, so it
        // would win any election that included it — but the majority has already settled on a leader in a new
        // epoch (peerEpoch 2 against its 1), and a LOOKING server that hears LEADING/FOLLOWING answers from a
        // quorum follows that leader. So "follower" is right only once a new leader leads before the heal
        // (waited for above); healed earlier, the old leader may lead again, correctly. While alone it doubles its
        // notification interval (up to 60 s, FastLeaderElection's maxNotificationInterval), so it only dials its
        // peers again after that wait: it rejoined 15 s after the heal in that run (election "TOOK 51103 MS").
        QElapsedTimer healed;
        healed.start();
        const CliResult h = runCli(QStringList{u"heal"_s} + m_cluster->ws());
        QVERIFY2(h.exitCode == 0, qPrintable(h.text()));
        QJsonObject last;
        const bool rejoined = m_cluster->waitForStatus(
            [&](const QJsonObject &s) {
                return roleOf(s, leader) == u"follower" && s.value(u"quorum_leader"_s).toString() != leader &&
                       !s.value(u"quorum_leader"_s).toString().isEmpty() && s.value(u"faults"_s).toArray().isEmpty();
            },
            90000, &last);
        QVERIFY2(rejoined, qPrintable(summary(last) + u"\n"_s + electionLines(m_cluster->workspace(), leader)));
        qInfo("healed: %s back as follower after %lld ms", qPrintable(leader), healed.elapsed());
        bool sawHealed = false;
        for (const QJsonObject &e : eventsSince(m_cluster->ws(), t0))
            sawHealed = sawHealed || (e.value(u"kind"_s).toString() == u"fault_injected" &&
                                      e.value(u"fields"_s).toObject().value(u"action"_s).toString() == u"heal");
        QVERIFY(sawHealed);
    }

    void isolatedBrokerLosesItsLeadershipsAndLeavesTheIsr()
    {
        QJsonObject last;
        QVERIFY(m_cluster->waitForStatus(
            [](const QJsonObject &s) {
                const auto parts = partitions(s);
                if (parts.size() != 2 || !s.value(u"faults"_s).toArray().isEmpty())
                    return false;
                for (const auto &[leader, isr] : parts)
                    if (isr.size() != 2)
                        return false;
                return true;
            },
            90000, &last));
        const int victim = partitions(last).value(0).first;
        QVERIFY(victim == 1 || victim == 2);
        const QString name = u"kafka-%1"_s.arg(victim);
        QElapsedTimer cut;
        cut.start();
        const CliResult r = runCli(QStringList{u"isolate"_s, name} + m_cluster->ws());
        QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
        QCOMPARE(status().value(u"faults"_s).toArray().size(), 3); // its session with each ZooKeeper server
        // Its session expires (demo profile: zookeeper.session.timeout.ms a few seconds), the controller moves
        // its leaderships and shrinks the ISRs in the znodes.
        const bool moved = m_cluster->waitForStatus(
            [&](const QJsonObject &s) {
                const auto parts = partitions(s);
                for (const auto &[leader, isr] : parts)
                    if (leader == victim || isr.contains(victim) || leader < 1)
                        return false;
                return parts.size() == 2;
            },
            30000, &last);
        QVERIFY2(moved, QJsonDocument(last).toJson().constData());
        qInfo("%s isolated: no leadership and out of every ISR after %lld ms", qPrintable(name), cut.elapsed());

        QVERIFY(runCli(QStringList{u"heal"_s} + m_cluster->ws()).exitCode == 0);
        const bool back = m_cluster->waitForStatus(
            [&](const QJsonObject &s) {
                for (const auto &[leader, isr] : partitions(s))
                    if (!isr.contains(victim))
                        return false;
                return true;
            },
            90000, &last);
        QVERIFY2(back, QJsonDocument(last).toJson().constData());
        qInfo("healed: %s back in every ISR after %lld ms", qPrintable(name), cut.elapsed());
    }

  private:
    QJsonObject status() { return runCli(QStringList{u"status"_s, u"--json"_s} + m_cluster->ws()).json(); }

    QTemporaryDir m_dir{u"/tmp/faults-netfaults-XXXXXX"_s};
    std::unique_ptr<RunningCluster> m_cluster;
};

QTEST_GUILESS_MAIN(TestNetFaults)
#include "tst_netfaults.moc"
