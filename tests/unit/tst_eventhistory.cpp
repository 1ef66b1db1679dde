// EventHistory: the engine's in-memory events are bounded; it says what it let go so a reader can fall back to
// the events file.
#include "EventHistory.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {
ClusterEvent at(qint64 timeMs, const QString &node = u"kafka-1"_s)
{
    ClusterEvent e;
    e.timeMs = timeMs;
    e.wallMs = 1764081273012 + timeMs;
    e.node = node;
    e.kind = EventKind::NodeState;
    e.fields = {{u"state"_s, u"up"_s}};
    e.source = u"process"_s;
    return e;
}
} // namespace

class TestEventHistory : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void keepsTheLastCapacityEvents();
    void defaultKeepsTenThousand();
    void coversOnlyWhatItStillHolds();
    void sinceFiltersByClusterTime();
    void clearStartsOver();
};

void TestEventHistory::keepsTheLastCapacityEvents()
{
    EventHistory h(5);
    for (int i = 0; i < 12; ++i)
        h.append(at(i * 10));
    QCOMPARE(h.events().size(), 5);
    QCOMPARE(h.dropped(), 7);
    QCOMPARE(h.events().constFirst().timeMs, 70);
    QCOMPARE(h.events().constLast().timeMs, 110);
    for (qsizetype i = 1; i < h.events().size(); ++i)
        QVERIFY(h.events()[i - 1].timeMs < h.events()[i].timeMs); // oldest first, in order
}

void TestEventHistory::defaultKeepsTenThousand()
{
    EventHistory h;
    QCOMPARE(h.capacity(), 10000);
    for (int i = 0; i < 10050; ++i)
        h.append(at(i));
    QCOMPARE(h.events().size(), 10000);
    QCOMPARE(h.dropped(), 50);
    QCOMPARE(h.events().constFirst().timeMs, 50);
}

void TestEventHistory::coversOnlyWhatItStillHolds()
{
    EventHistory h(3);
    h.append(at(1));
    h.append(at(5));
    QVERIFY(h.covers(0)); // nothing let go yet: everything is here
    h.append(at(5));
    h.append(at(5)); // lets go of t=1
    QVERIFY(h.covers(2));
    QVERIFY(!h.covers(1));
    h.append(at(9)); // lets go of one of the t=5 events: t=5 is no longer whole
    QVERIFY(!h.covers(5));
    QVERIFY(h.covers(6));
}

void TestEventHistory::sinceFiltersByClusterTime()
{
    EventHistory h(10);
    for (int i = 0; i < 6; ++i)
        h.append(at(i * 100, i % 2 ? u"kafka-2"_s : u"zookeeper-1"_s));
    const QList<ClusterEvent> late = h.since(250);
    QCOMPARE(late.size(), 3);
    QCOMPARE(late[0].timeMs, 300);
    QCOMPARE(late[0].node, u"kafka-2"_s);
    QCOMPARE(h.since(0).size(), 6);
    QVERIFY(h.since(501).isEmpty());
}

void TestEventHistory::clearStartsOver()
{
    EventHistory h(2);
    for (int i = 0; i < 4; ++i)
        h.append(at(i));
    h.clear();
    QVERIFY(h.events().isEmpty());
    QCOMPARE(h.dropped(), 0);
    QVERIFY(h.covers(0));
}

QTEST_GUILESS_MAIN(TestEventHistory)
#include "tst_eventhistory.moc"
