// The partitions table shows leader, replicas and ISR of a recorded real run; a change flashes and remembers what
// the cell said before; under-replicated partitions are marked.
#include "ClusterFeed.h"
#include "PartitionModel.h"
#include "RecordedRun.h"

#include <QTest>

using namespace ensemble;
using namespace ensemble::ui;

class TestPartitionModel : public QObject
{
    Q_OBJECT
  private:
    static QString cell(const PartitionModel &m, int partition, int column)
    {
        return m.find(u"FINANCE-STOCK-TRADING-TEST"_s, partition, column).data().toString();
    }

  private Q_SLOTS:
    void showsLeadersReplicasAndIsr()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed feed;
        PartitionModel model;
        model.setFeed(&feed);
        feed.reset(run.layout, run.events);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, PartitionModel::Leader), u"3"_s);
        QCOMPARE(cell(model, 0, PartitionModel::Replicas), u"3, 1, 2"_s);
        QCOMPARE(cell(model, 0, PartitionModel::Isr), u"3, 2, 1"_s);
        QCOMPARE(cell(model, 1, PartitionModel::Leader), u"2"_s); // moved from the paused kafka-1
        QCOMPARE(cell(model, 2, PartitionModel::Isr), u"2, 3, 1"_s);
        QCOMPARE(model.underReplicatedCount(), 0);
    }

    void isrShrinkFlashesAndIsMarkedUnderReplicated()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed feed;
        PartitionModel model;
        model.setFeed(&feed);
        feed.reset(run.layout);
        // Up to the moment the paused kafka-1 drops out of every ISR.
        int i = 0;
        for (; i < run.events.size(); ++i) {
            feed.apply(run.events[i]);
            if (run.events[i].kind == EventKind::IsrChanged &&
                run.events[i].fields.value(u"partition"_s).toInt() == 0 && run.events[i].source == u"log")
                break;
        }
        QVERIFY(i < run.events.size());
        QCOMPARE(cell(model, 0, PartitionModel::Isr), u"3, 2"_s);
        QCOMPARE(cell(model, 1, PartitionModel::Leader), u"2"_s);
        QCOMPARE(cell(model, 1, PartitionModel::Isr), u"2, 3"_s);
        QCOMPARE(model.underReplicatedCount(), 3);
        const QModelIndex isr0 = model.find(u"FINANCE-STOCK-TRADING-TEST"_s, 0, PartitionModel::Isr);
        QVERIFY(isr0.data(PartitionModel::UnderReplicatedRole).toBool());
        QVERIFY(isr0.data(PartitionModel::FlashRole).toDouble() > 0.5);
        QCOMPARE(isr0.data(PartitionModel::PreviousRole).toString(), u"3, 1, 2"_s);
        QVERIFY(isr0.data(Qt::ToolTipRole).toString().contains(u"Was: 3, 1, 2"_s));
        QVERIFY(isr0.data(Qt::BackgroundRole).isValid());
        const QModelIndex leader1 = model.find(u"FINANCE-STOCK-TRADING-TEST"_s, 1, PartitionModel::Leader);
        QCOMPARE(leader1.data(PartitionModel::PreviousRole).toString(), u"1"_s);
        // The first report of a partition (from the probe at start-up) did not flash.
        const QModelIndex leader0 = model.find(u"FINANCE-STOCK-TRADING-TEST"_s, 0, PartitionModel::Leader);
        QVERIFY(!leader0.data(PartitionModel::PreviousRole).isValid());
        // The flash fades.
        QTRY_VERIFY_WITH_TIMEOUT(isr0.data(PartitionModel::FlashRole).toDouble() == 0.0,
                                 PartitionModel::kFlashMs + 1500);
        // kafka-1 comes back: every ISR is whole again.
        for (++i; i < run.events.size(); ++i)
            feed.apply(run.events[i]);
        QCOMPARE(model.underReplicatedCount(), 0);
        QCOMPARE(cell(model, 0, PartitionModel::Isr), u"3, 2, 1"_s);
    }

    void belowMinInsyncIsMarkedAsRefusingWrites()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed feed;
        PartitionModel model;
        model.setFeed(&feed);
        feed.reset(run.layout);
        for (const ClusterEvent &e : run.events)
            if (e.timeMs <= 11000) // kafka-1 paused and out of every ISR: [2, 3] everywhere
                feed.apply(e);
        QCOMPARE(model.refusingWritesCount(), 0); // Kafka's default min.insync.replicas=1
        model.setMinIsr(MinIsrCheck::fromConfigs(
            {TopicSpec{u"FINANCE-STOCK-TRADING-TEST"_s, 3, 3, {{u"min.insync.replicas"_s, u"3"_s}}}}, {}));
        QCOMPARE(model.refusingWritesCount(), 3);
        const QModelIndex isr0 = model.find(u"FINANCE-STOCK-TRADING-TEST"_s, 0, PartitionModel::Isr);
        QCOMPARE(isr0.data().toString(), u"⚠ 3, 2 (min 3)"_s);
        QVERIFY(isr0.data(Qt::ToolTipRole).toString().contains(u"acks=all writes will be refused"_s));
        model.setMinIsr(MinIsrCheck({}, 2));
        QCOMPARE(model.refusingWritesCount(), 0);
        model.setMinIsr(MinIsrCheck({}, 3));
        for (const ClusterEvent &e : run.events)
            if (e.timeMs > 11000)
                feed.apply(e);
        QCOMPARE(model.refusingWritesCount(), 0); // kafka-1 resumed and rejoined
    }
};

QTEST_MAIN(TestPartitionModel)
#include "tst_partitionmodel.moc"
