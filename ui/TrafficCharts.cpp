#include "TrafficCharts.h"

#include "Engine.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QGridLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
double percentile(std::vector<double> &values, double p)
{
    if (values.empty())
        return 0;
    const size_t at = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    std::nth_element(values.begin(), values.begin() + qsizetype(at), values.end());
    return values[at];
}

// The next "nice" axis maximum at or above VALUE (1, 2, 5 × 10^n), so the axis only moves in big steps.
double niceCeiling(double value, double floor)
{
    value = std::max(value, floor);
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0})
        if (step * magnitude >= value)
            return step * magnitude;
    return 10 * magnitude;
}

enum ChartIndex { Rate, Latency, Errors, UnderReplicated };
} // namespace

TrafficCharts::TrafficCharts(QWidget *parent) : QWidget(parent)
{
    m_charts = {makeChart(u"Produce rate"_s, {u"acknowledged/s"_s}, {QColor(0x1e, 0x88, 0xe5)}, u"msg/s"_s),
                makeChart(u"Ack latency"_s, {u"p50"_s, u"p99"_s}, {QColor(0x43, 0xa0, 0x47), QColor(0xfb, 0x8c, 0x00)},
                          u"ms"_s),
                makeChart(u"Errors"_s, {u"failed/s"_s}, {QColor(0xe5, 0x39, 0x35)}, u"msg/s"_s),
                makeChart(u"Under-replicated partitions"_s, {u"partitions"_s}, {QColor(0x8e, 0x24, 0xaa)}, QString())};
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < m_charts.size(); ++i) {
        auto *view = new QChartView(m_charts[i].chart);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(260, 170);
        m_views.append(view);
        grid->addWidget(view, i / 2, i % 2);
    }
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &TrafficCharts::tick);
    m_timer.start();
    redraw();
}

TrafficCharts::Chart TrafficCharts::makeChart(const QString &title, const QStringList &seriesNames,
                                              const QList<QColor> &colors, const QString &unit)
{
    Chart c;
    c.chart = new QChart;
    c.chart->setTitle(title);
    c.chart->setMargins(QMargins(4, 4, 4, 4));
    c.chart->legend()->setAlignment(Qt::AlignBottom);
    c.x = new QValueAxis;
    c.x->setRange(-m_windowSeconds, 0);
    c.x->setTickCount(7);
    c.x->setLabelFormat(u"%d s"_s);
    c.y = new QValueAxis;
    c.y->setRange(0, 10);
    c.y->setLabelFormat(u"%g"_s);
    if (!unit.isEmpty())
        c.y->setTitleText(unit);
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    for (int i = 0; i < seriesNames.size(); ++i) {
        auto *s = new QLineSeries;
        s->setName(seriesNames[i]);
        QPen pen(colors.value(i));
        pen.setWidthF(2);
        s->setPen(pen);
        c.chart->addSeries(s);
        s->attachAxis(c.x);
        s->attachAxis(c.y);
        c.series.append(s);
    }
    for (int i = 0; i < kMaxMarkers; ++i) {
        auto *m = new QLineSeries;
        c.chart->addSeries(m);
        m->attachAxis(c.x);
        m->attachAxis(c.y);
        for (QLegendMarker *lm : c.chart->legend()->markers(m))
            lm->setVisible(false);
        c.markers.append(m);
    }
    if (seriesNames.size() == 1)
        c.chart->legend()->hide();
    return c;
}

void TrafficCharts::attachClient(KafkaClient *client)
{
    connect(client, &KafkaClient::delivered, this, &TrafficCharts::addDeliveries);
}

void TrafficCharts::setWindowSeconds(int seconds)
{
    m_windowSeconds = std::max(10, seconds);
    for (Chart &c : m_charts)
        c.x->setRange(-m_windowSeconds, 0);
    while (int(m_seconds.size()) > m_windowSeconds + 1)
        m_seconds.pop_front();
    redraw();
}

void TrafficCharts::attachEngine(Engine *engine)
{
    m_engine = engine;
    connect(engine, &Engine::eventEmitted, this, &TrafficCharts::addEvent);
}

void TrafficCharts::addDeliveries(KafkaClient::JobId, const QList<DeliveryResult> &results)
{
    for (const DeliveryResult &r : results) {
        if (r.error.isEmpty()) {
            ++m_pendingAcked;
            m_pendingLatencies.push_back(r.latencyMs);
        } else {
            ++m_pendingErrors;
        }
    }
}

void TrafficCharts::addEvent(const ClusterEvent &event)
{
    const bool fault = event.kind == EventKind::FaultInjected;
    if (!fault && event.kind != EventKind::LeaderElected && event.kind != EventKind::ControllerChanged)
        return;
    if (event.kind == EventKind::ControllerChanged && event.fields.value(u"controller"_s).toInt(-1) < 0)
        return; // "no controller" is the gap; the election that ends it gets the marker
    const QString action = event.fields.value(u"action"_s).toString();
    const bool repair = fault && (action == u"start" || action == u"restart" || action == u"resume");
    m_markers.push_back({event.wallMs > 0 ? event.wallMs : QDateTime::currentMSecsSinceEpoch(), fault && !repair,
                         repair, event.description()});
    while (int(m_markers.size()) > kMaxMarkers)
        m_markers.pop_front();
    redraw();
}

void TrafficCharts::setState(const ClusterState &state)
{
    int under = 0;
    for (const TopicState &t : state.topics())
        for (const PartitionState &p : t.partitions)
            under += p.isr.size() < p.replicas.size();
    setUnderReplicated(under);
}

void TrafficCharts::setUnderReplicated(int partitions)
{
    m_underReplicated = partitions;
}

void TrafficCharts::tick()
{
    if (m_engine)
        setState(m_engine->state());
    Second s;
    s.atMs = QDateTime::currentMSecsSinceEpoch();
    s.acked = std::exchange(m_pendingAcked, 0);
    s.errors = std::exchange(m_pendingErrors, 0);
    s.p50Ms = percentile(m_pendingLatencies, 0.5);
    s.p99Ms = percentile(m_pendingLatencies, 0.99);
    m_pendingLatencies.clear();
    s.underReplicated = m_underReplicated;
    m_seconds.push_back(s);
    while (int(m_seconds.size()) > m_windowSeconds + 1)
        m_seconds.pop_front();
    redraw();
}

void TrafficCharts::redraw()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<QList<QPointF>> points(5);
    double maxOf[4] = {0, 0, 0, 0};
    for (const Second &s : m_seconds) {
        const double x = double(s.atMs - now) / 1000.0;
        points[0].append({x, double(s.acked)});
        points[1].append({x, s.p50Ms});
        points[2].append({x, s.p99Ms});
        points[3].append({x, double(s.errors)});
        points[4].append({x, double(s.underReplicated)});
        maxOf[Rate] = std::max(maxOf[Rate], double(s.acked));
        maxOf[Latency] = std::max(maxOf[Latency], s.p99Ms);
        maxOf[Errors] = std::max(maxOf[Errors], double(s.errors));
        maxOf[UnderReplicated] = std::max(maxOf[UnderReplicated], double(s.underReplicated));
    }
    m_charts[Rate].series[0]->replace(points[0]);
    m_charts[Latency].series[0]->replace(points[1]);
    m_charts[Latency].series[1]->replace(points[2]);
    m_charts[Errors].series[0]->replace(points[3]);
    m_charts[UnderReplicated].series[0]->replace(points[4]);
    const double floors[4] = {10, 10, 5, 3};
    for (int i = 0; i < m_charts.size(); ++i) {
        Chart &c = m_charts[i];
        const double top = niceCeiling(maxOf[i] * 1.1, floors[i]);
        if (!qFuzzyCompare(c.y->max(), top))
            c.y->setRange(0, top);
        for (int m = 0; m < kMaxMarkers; ++m) {
            QLineSeries *line = c.markers[m];
            if (m >= int(m_markers.size())) {
                line->clear();
                continue;
            }
            const Marker &marker = m_markers[size_t(m)];
            const double x = double(marker.atMs - now) / 1000.0;
            if (x < -m_windowSeconds) {
                line->clear();
                continue;
            }
            QPen pen(marker.fault ? QColor(0xd3, 0x2f, 0x2f) : marker.repair ? QColor(0x2e, 0x7d, 0x32) : QColor(0x61, 0x61, 0x61));
            pen.setStyle(marker.fault || marker.repair ? Qt::SolidLine : Qt::DashLine);
            pen.setWidthF(1.5);
            line->setPen(pen);
            line->setName(marker.label);
            line->replace(QList<QPointF>{{x, 0}, {x, top}});
        }
    }
}

} // namespace ensemble::ui
