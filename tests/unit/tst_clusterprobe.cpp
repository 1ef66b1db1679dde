// Which KRaft brokers the cluster probe asks last for the partition table (ClusterProbe::brokersBehind): those the
// raft leader reports as lagging on the metadata log, and those whose link to the raft leader is cut (any
// controller when no leader is known) — an isolated broker answers metadata from its stale cache.
#include "ClusterProbe.h"
#include "LinkFaults.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

// 3 controllers (node.id 101-103) and 3 brokers (1-3) on ports nobody listens on: the proxies only dial on demand.
ClusterLayout kraftLayout()
{
    ClusterLayout layout;
    for (int i = 1; i <= 3; ++i) {
        NodeLayout c;
        c.name = u"controller-%1"_s.arg(i);
        c.kind = NodeKind::Coordinator;
        c.id = NodeLayout::kControllerIdBase + i;
        c.controllerPort = 1; // never dialled here
        layout.nodes.append(c);
    }
    for (int i = 1; i <= 3; ++i) {
        NodeLayout b;
        b.name = u"kafka-%1"_s.arg(i);
        b.kind = NodeKind::Broker;
        b.id = i;
        b.clientPort = 1;
        layout.nodes.append(b);
    }
    return layout;
}

ReplicaFigures observer(int id, qint64 lag, qint64 lastFetchAgeMs)
{
    ReplicaFigures r;
    r.id = id;
    r.voter = false;
    r.logEndOffset = 100 - lag;
    r.lag = lag;
    r.lastFetchAgeMs = lastFetchAgeMs;
    return r;
}

QuorumFigures figures(int leaderId)
{
    QuorumFigures f;
    f.leaderId = leaderId;
    f.epoch = 3;
    f.highWatermark = 100;
    f.measuredAtMs = 1;
    f.observers = {observer(1, 0, 120), observer(2, 40, 6000), observer(3, 1, 300)};
    return f;
}

} // namespace

class TestClusterProbe : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void laggingObserversAreBehind()
    {
        const ClusterLayout layout = kraftLayout();
        QCOMPARE(ClusterProbe::brokersBehind(layout, figures(101), nullptr), QSet<int>{2});
        QCOMPARE(ClusterProbe::brokersBehind(layout, QuorumFigures{}, nullptr), QSet<int>{}); // nothing known
    }

    void brokersCutFromTheLeaderAreBehind()
    {
        const ClusterLayout layout = kraftLayout();
        LinkFaults links;
        QVERIFY(links.open(layout));
        QVERIFY(links.isolate(u"kafka-3"_s));
        QCOMPARE(ClusterProbe::brokersBehind(layout, figures(101), &links), (QSet<int>{2, 3}));
        QVERIFY(links.heal({}));
        // Cut from controller-2 alone: behind only while no leader is known or controller-2 leads.
        QVERIFY(links.partition({{u"controller-2"_s}, {u"kafka-1"_s}}));
        QCOMPARE(ClusterProbe::brokersBehind(layout, figures(101), &links), QSet<int>{2});
        QCOMPARE(ClusterProbe::brokersBehind(layout, figures(102), &links), (QSet<int>{1, 2}));
        QCOMPARE(ClusterProbe::brokersBehind(layout, QuorumFigures{}, &links), QSet<int>{1});
    }
};

QTEST_GUILESS_MAIN(TestClusterProbe)
#include "tst_clusterprobe.moc"
