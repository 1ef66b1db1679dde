// MinIsrCheck on a recorded real run (tests/data/events/pause-resume: RF 3, kafka-1 paused then resumed): which
// partitions refuse acks=all writes now, and which would once a broker leaves, for the topic's min.insync.replicas.
#include "ClusterState.h"
#include "EventLog.h"
#include "MinIsrCheck.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {
const QString kTopic = u"FINANCE-STOCK-TRADING-TEST"_s;

// The state after the recorded events up to UNTIL_MS (cluster time).
ClusterState stateAt(qint64 untilMs)
{
    const QString base = QStringLiteral(ENSEMBLE_TEST_DATA) + u"/events/pause-resume"_s;
    QFile f(base + u".layout.json"_s);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing %s", qPrintable(f.fileName()));
    ClusterState state(ClusterLayout::fromJson(QJsonDocument::fromJson(f.readAll()).object()));
    auto events = EventLog::read(base + u".jsonl"_s);
    if (!events)
        qFatal("cannot read the recorded events");
    for (const ClusterEvent &e : events.value())
        if (e.timeMs <= untilMs)
            state.apply(e);
    return state;
}
} // namespace

class TestMinIsrCheck : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void configsFromTheClusterFile()
    {
        const MinIsrCheck check = MinIsrCheck::fromConfigs(
            {TopicSpec{kTopic, 3, 3, {{u"min.insync.replicas"_s, u"2"_s}}}, TopicSpec{u"logs"_s, 1, 3, {}}},
            {{u"min.insync.replicas"_s, u"3"_s}});
        QCOMPARE(check.minIsr(kTopic), 2);
        QCOMPARE(check.minIsr(u"logs"_s), 3);
        QCOMPARE(MinIsrCheck::fromConfigs({}, {}).minIsr(u"any"_s), 1); // Kafka's default
    }

    void fullIsrWarnsBeforeTheSecondBrokerOnly()
    {
        const ClusterState full = stateAt(5000); // every ISR [1,2,3]
        const MinIsrCheck check({{kTopic, 2}});
        QVERIFY(check.now(full).isEmpty());
        QVERIFY(check.ifBrokerLeaves(full, 1).isEmpty()); // 2 of 3 still in sync
        const MinIsrCheck strict({{kTopic, 3}});
        QCOMPARE(strict.ifBrokerLeaves(full, 1).size(), 3);
    }

    void pausedBrokerLeavesTwoInSync()
    {
        const ClusterState paused = stateAt(11000); // kafka-1 paused, every ISR [2,3]
        const MinIsrCheck check({{kTopic, 2}});
        QVERIFY(check.now(paused).isEmpty());
        // Killing broker 2 now would leave ISR [3] below min.insync.replicas=2 on every partition.
        const QList<UnderMinIsr> after = check.ifBrokerLeaves(paused, 2);
        QCOMPARE(after.size(), 3);
        QCOMPARE(after.first(), (UnderMinIsr{kTopic, 0, 1, 2}));
        QCOMPARE(MinIsrCheck::topicsText(after), kTopic + u" (partitions 0, 1, 2)"_s);
        // With min.insync.replicas=3 the partitions refuse acks=all writes already, and a kill adds nothing new.
        const MinIsrCheck strict({{kTopic, 3}});
        QCOMPARE(strict.now(paused).size(), 3);
        QVERIFY(strict.ifBrokerLeaves(paused, 2).isEmpty());
    }

    void resumedBrokerRejoins()
    {
        const ClusterState resumed = stateAt(40000);
        QVERIFY(MinIsrCheck({{kTopic, 3}}).now(resumed).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMinIsrCheck)
#include "tst_minisrcheck.moc"
