// ChaosSchedule: the seed fixes the fault sequence; only groups that can spare a node are hit unless asked; the
// node a fault hits is read from the cluster's status (leader or follower, quorum or partition).
#include "ChaosSchedule.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using ensemble::ChaosFault;
using ensemble::ChaosSchedule;

namespace {

// The shape of `ensemble status --json` (as ClusterState::toStatusJson writes it) for COORDINATORS quorum servers
// (zookeeper-1 leads) and 3 brokers; the drill topic's partition P is led by broker P+1.
QJsonObject status(int coordinators)
{
    QJsonArray nodes;
    for (int i = 1; i <= coordinators; ++i)
        nodes.append(QJsonObject{{u"name"_s, u"zookeeper-%1"_s.arg(i)},
                                 {u"kind"_s, u"coordinator"_s},
                                 {u"id"_s, i},
                                 {u"state"_s, u"up"_s},
                                 {u"role"_s, coordinators == 1 ? u"standalone"_s
                                             : i == 1          ? u"leader"_s
                                                               : u"follower"_s}});
    for (int i = 1; i <= 3; ++i)
        nodes.append(QJsonObject{
            {u"name"_s, u"kafka-%1"_s.arg(i)}, {u"kind"_s, u"broker"_s}, {u"id"_s, i}, {u"state"_s, u"up"_s}});
    QJsonArray partitions;
    for (int p = 0; p < 3; ++p)
        partitions.append(QJsonObject{{u"partition"_s, p},
                                      {u"leader"_s, p + 1},
                                      {u"replicas"_s, QJsonArray{1, 2, 3}},
                                      {u"isr"_s, QJsonArray{1, 2, 3}}});
    return QJsonObject{{u"nodes"_s, nodes},
                       {u"topics"_s, QJsonArray{QJsonObject{{u"name"_s, u"drill"_s}, {u"partitions"_s, partitions}}}}};
}

QStringList sequence(quint64 seed, const QStringList &groups, int n, bool network = false)
{
    ChaosSchedule schedule(seed, groups, network);
    QStringList out;
    for (int i = 0; i < n; ++i) {
        const ChaosFault f = schedule.next();
        out << u"%1 %2 %3 %4 %5 %6"_s.arg(f.action, f.group)
                   .arg(f.leader)
                   .arg(f.partitionPick)
                   .arg(f.holdMs)
                   .arg(f.gapMs);
        if (f.action == u"slow")
            out.last() += u" %1 %2"_s.arg(f.latencyMs).arg(f.jitterMs);
    }
    return out;
}

} // namespace

class TestChaosSchedule : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void sameSeedSameSequence()
    {
        const QStringList groups{u"broker"_s, u"coordinator"_s};
        QCOMPARE(sequence(42, groups, 20), sequence(42, groups, 20));
        QCOMPARE(sequence(42, groups, 20), sequence(42, {u"coordinator"_s, u"broker"_s}, 20)); // order of naming
        QVERIFY(sequence(42, groups, 20) != sequence(43, groups, 20));
    }

    void everyKindOfFaultComes()
    {
        ChaosSchedule schedule(7, {u"broker"_s, u"coordinator"_s});
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const ChaosFault f = schedule.next();
            seen.insert(f.action + u' ' + f.group + (f.leader ? u" leader"_s : u" follower"_s));
            QVERIFY(f.action == u"restart" ? f.holdMs == 0 : f.holdMs >= 2000 && f.holdMs <= 6000);
            QVERIFY(f.gapMs >= 1000 && f.gapMs <= 3000);
        }
        QCOMPARE(seen.size(), 4 * 2 * 2);
    }

    void networkFaultsOnlyWithLinkProxies()
    {
        const QStringList groups{u"broker"_s, u"coordinator"_s};
        // Without link proxies a seed still gives the sequence it gave before isolate and slow existed (pinned).
        QCOMPARE(sequence(42, groups, 3),
                 (QStringList{u"pause broker 1 662 2300 3000"_s, u"kill broker 1 257 5500 1000"_s,
                              u"kill broker 0 392 4100 1800"_s}));
        QSet<QString> without, with;
        ChaosSchedule plain(9, groups), proxied(9, groups, true);
        for (int i = 0; i < 300; ++i) {
            without.insert(plain.next().action);
            const ChaosFault f = proxied.next();
            with.insert(f.action);
            QVERIFY(f.holdMs >= (f.action == u"restart" ? 0 : 2000) && f.holdMs <= 6000);
            if (f.action == u"slow") {
                QVERIFY2(f.latencyMs >= 100 && f.latencyMs <= 1000, qPrintable(QString::number(f.latencyMs)));
                QVERIFY(f.jitterMs >= 0 && f.jitterMs <= f.latencyMs / 2);
                QVERIFY2(f.describe().contains(u"ms"_s), qPrintable(f.describe()));
            } else {
                QCOMPARE(f.latencyMs, 0);
            }
            QCOMPARE(f.isNetwork(), f.action == u"isolate" || f.action == u"slow");
        }
        QCOMPARE(without, (QSet<QString>{u"kill"_s, u"stop"_s, u"pause"_s, u"restart"_s}));
        QCOMPARE(with, (QSet<QString>{u"kill"_s, u"stop"_s, u"pause"_s, u"restart"_s, u"isolate"_s, u"slow"_s}));
        QCOMPARE(sequence(5, groups, 30, true), sequence(5, groups, 30, true));
    }

    void singleServerIsSparedUnlessUnsafe()
    {
        QCOMPARE(ChaosSchedule::survivableGroups(status(1), false), QStringList{u"broker"_s});
        QCOMPARE(ChaosSchedule::survivableGroups(status(1), true), (QStringList{u"coordinator"_s, u"broker"_s}));
        QCOMPARE(ChaosSchedule::survivableGroups(status(3), false), (QStringList{u"coordinator"_s, u"broker"_s}));
        ChaosSchedule brokersOnly(1, ChaosSchedule::survivableGroups(status(1), false));
        for (int i = 0; i < 100; ++i)
            QCOMPARE(brokersOnly.next().group, u"broker"_s);
        QVERIFY(ChaosSchedule(1, {}).next().action.isEmpty());
    }

    void pickNodeReadsTheStatus()
    {
        QString why;
        ChaosFault f;
        f.group = u"coordinator"_s;
        f.leader = true;
        QCOMPARE(ChaosSchedule::pickNode(f, status(3), u"drill"_s, &why), u"zookeeper-1"_s);
        f.leader = false;
        const QString follower = ChaosSchedule::pickNode(f, status(3), u"drill"_s, &why);
        QVERIFY(follower == u"zookeeper-2" || follower == u"zookeeper-3");
        f.leader = true;
        QCOMPARE(ChaosSchedule::pickNode(f, status(1), u"drill"_s, &why), u"zookeeper-1"_s); // standalone
        f.group = u"broker"_s;
        f.partitionPick = 2;
        QCOMPARE(ChaosSchedule::pickNode(f, status(3), u"drill"_s, &why), u"kafka-3"_s);
        f.leader = false;
        const QString fb = ChaosSchedule::pickNode(f, status(3), u"drill"_s, &why);
        QVERIFY2(fb == u"kafka-1" || fb == u"kafka-2", qPrintable(fb));
        // A follower that is down is not picked; none left: empty, with the reason.
        QJsonObject s = status(3);
        QJsonArray nodes = s.value(u"nodes"_s).toArray();
        for (int i = 0; i < nodes.size(); ++i)
            if (nodes[i].toObject().value(u"name"_s) == u"kafka-1"_s ||
                nodes[i].toObject().value(u"name"_s) == u"kafka-2"_s) {
                QJsonObject n = nodes[i].toObject();
                n.insert(u"state"_s, u"paused"_s);
                nodes[i] = n;
            }
        s.insert(u"nodes"_s, nodes);
        QVERIFY(ChaosSchedule::pickNode(f, s, u"drill"_s, &why).isEmpty());
        QVERIFY2(why.contains(u"no follower that is up"_s), qPrintable(why));
        QVERIFY(ChaosSchedule::pickNode(f, status(3), u"other"_s, &why).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestChaosSchedule)
#include "tst_chaosschedule.moc"
