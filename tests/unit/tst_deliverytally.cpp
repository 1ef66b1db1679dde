// DeliveryTally: the drill's counts add up (sent = acknowledged + refused + timed out + unknown) and the failing
// stretch is measured, from delivery reports as values. The error texts are librdkafka's own (rd_kafka_err2str of
// NOT_ENOUGH_REPLICAS, _MSG_TIMED_OUT, _PURGE_INFLIGHT, REQUEST_TIMED_OUT, NOT_LEADER_FOR_PARTITION).
#include "DeliveryTally.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {
const QString kNotEnough = u"Broker: Not enough in-sync replicas"_s;
const QString kTimedOut = u"Local: Message timed out"_s;
const QString kPurged = u"Local: Purged in flight"_s;

DeliveryResult report(qint64 seq, const QString &error = {})
{
    DeliveryResult r;
    r.seq = seq;
    r.partition = int(seq % 3);
    r.offset = error.isEmpty() ? seq : -1;
    r.error = error;
    return r;
}
} // namespace

class TestDeliveryTally : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void classifiesLibrdkafkaErrors()
    {
        QCOMPARE(DeliveryTally::classify({}), DeliveryTally::Outcome::Acknowledged);
        QCOMPARE(DeliveryTally::classify(kNotEnough), DeliveryTally::Outcome::Refused);
        QCOMPARE(DeliveryTally::classify(u"Broker: Message(s) written to insufficient number of in-sync replicas"_s),
                 DeliveryTally::Outcome::Refused);
        QCOMPARE(DeliveryTally::classify(u"Broker: Not leader for partition"_s), DeliveryTally::Outcome::Refused);
        QCOMPARE(DeliveryTally::classify(kTimedOut), DeliveryTally::Outcome::TimedOut);
        QCOMPARE(DeliveryTally::classify(u"Broker: Request timed out"_s), DeliveryTally::Outcome::TimedOut);
        QCOMPARE(DeliveryTally::classify(kPurged), DeliveryTally::Outcome::Unknown);
        QCOMPARE(DeliveryTally::classify(u"Local: Purged in queue"_s), DeliveryTally::Outcome::Unknown);
    }

    void explainsInPlainWords()
    {
        QVERIFY(DeliveryTally::explain(kNotEnough).contains(u"min.insync.replicas"_s));
        QVERIFY(DeliveryTally::explain(kNotEnough).startsWith(kNotEnough));
        QVERIFY(DeliveryTally::explain(kTimedOut).contains(u"no broker acknowledged in time"_s));
        QCOMPARE(DeliveryTally::explain(u"Broker: Topic authorization failed"_s),
                 u"Broker: Topic authorization failed"_s);
    }

    void countsAddUpToSent()
    {
        // 100 sent: 60 acknowledged, 10 refused, 15 timed out, 5 purged, 10 without any report.
        DeliveryTally t;
        t.setSent(100);
        qint64 seq = 0;
        for (int i = 0; i < 60; ++i)
            t.add(report(seq++), 1000);
        for (int i = 0; i < 10; ++i)
            t.add(report(seq++, kNotEnough), 2000);
        for (int i = 0; i < 15; ++i)
            t.add(report(seq++, kTimedOut), 3000);
        for (int i = 0; i < 5; ++i)
            t.add(report(seq++, kPurged), 4000);
        QCOMPARE(t.acknowledged(), 60);
        QCOMPARE(t.refused(), 10);
        QCOMPARE(t.timedOut(), 15);
        QCOMPARE(t.purged(), 5);
        QCOMPARE(t.unknown(), 15); // 5 purged + 10 never reported
        QCOMPARE(t.acknowledged() + t.refused() + t.timedOut() + t.unknown(), t.sent());
        QCOMPARE(t.firstRefusal(), kNotEnough);
        QVERIFY2(t.summary().contains(u"refused 10"_s), qPrintable(t.summary()));
        QVERIFY2(t.summary().contains(u"unknown 15"_s), qPrintable(t.summary()));
    }

    void failingStretchesAreSummed()
    {
        DeliveryTally t;
        t.setSent(10);
        t.add(report(0), 0);
        t.add(report(1, kNotEnough), 1000); // failing from 1 s ...
        t.add(report(2, kTimedOut), 2500);
        t.add(report(3), 4000); // ... to 4 s: 3 s
        t.add(report(4), 4500);
        t.add(report(5, kPurged), 5000); // purged is the client giving up, not the cluster refusing
        QCOMPARE(t.failingMs(), 3000);
        t.add(report(6, kTimedOut), 6000); // open stretch: counted up to the last report
        t.add(report(7, kTimedOut), 7000);
        QCOMPARE(t.failingMs(), 4000);
        t.finish(8000);
        QCOMPARE(t.failingMs(), 5000);
    }
};

QTEST_GUILESS_MAIN(TestDeliveryTally)
#include "tst_deliverytally.moc"
