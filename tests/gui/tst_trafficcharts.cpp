// The traffic charts fold delivery reports into one figure per second and mark faults and elections.
#include "TrafficCharts.h"

#include <QChartView>
#include <QDateTime>
#include <QLineSeries>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;
using namespace ensemble::ui;

class TestTrafficCharts : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void secondsCountAcksErrorsAndPercentiles()
    {
        TrafficCharts charts;
        QList<DeliveryResult> batch;
        for (int i = 1; i <= 100; ++i)
            batch.append({i, 0, i, double(i), QString()});
        batch.append({101, 0, -1, 0, u"Broker: Not enough in-sync replicas"_s});
        charts.addDeliveries(1, batch);
        charts.setUnderReplicated(3);
        charts.tick();
        charts.tick(); // a quiet second
        QCOMPARE(int(charts.seconds().size()), 2);
        const TrafficCharts::Second &s = charts.seconds().front();
        QCOMPARE(s.acked, 100);
        QCOMPARE(s.errors, 1);
        QCOMPARE(s.p50Ms, 51.0);
        QCOMPARE(s.p99Ms, 99.0);
        QCOMPARE(s.underReplicated, 3);
        QCOMPARE(charts.seconds().back().acked, 0);
    }

    void faultsAndElectionsBecomeMarkers()
    {
        TrafficCharts charts;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto event = [&](EventKind kind, QJsonObject fields) {
            ClusterEvent e;
            e.kind = kind;
            e.wallMs = now;
            e.node = u"kafka-2"_s;
            e.fields = fields;
            return e;
        };
        charts.addEvent(event(EventKind::FaultInjected, {{u"action"_s, u"kill"_s}, {u"target"_s, u"kafka-2"_s}}));
        charts.addEvent(event(EventKind::ControllerChanged, {{u"controller"_s, -1}})); // the gap: no marker
        charts.addEvent(event(EventKind::ControllerChanged, {{u"controller"_s, 3}}));
        charts.addEvent(event(EventKind::LeaderElected, {{u"leader"_s, u"zookeeper-1"_s}}));
        charts.addEvent(event(EventKind::Vote, {})); // not a marker
        QCOMPARE(charts.markerCount(), 3);
        for (int i = 0; i < 2 * TrafficCharts::kMaxMarkers; ++i)
            charts.addEvent(event(EventKind::FaultInjected, {{u"action"_s, u"start"_s}}));
        QCOMPARE(charts.markerCount(), TrafficCharts::kMaxMarkers); // the oldest fall off
    }

    void windowKeepsOnlyItsSeconds()
    {
        TrafficCharts charts;
        charts.setWindowSeconds(10);
        for (int i = 0; i < 30; ++i)
            charts.tick();
        QCOMPARE(int(charts.seconds().size()), 11);
        QVERIFY(charts.chartView(0) && charts.chartView(3));
    }
};

QTEST_MAIN(TestTrafficCharts)
#include "tst_trafficcharts.moc"
