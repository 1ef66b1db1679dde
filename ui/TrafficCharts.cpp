#include "TrafficCharts.h"

#include "ClusterSession.h"
#include "Percentile.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTime>
#include <QGridLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
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

enum ChartIndex { Rate, Latency, Errors, UnderReplicated, Lag };
} // namespace

TrafficCharts::TrafficCharts(QWidget *parent) : QWidget(parent)
{
    // The figures are gathered from the start; the charts themselves (five QCharts, ~40 ms to build and more to
    // lay out) only when the charts are first shown, so starting a cluster does not hold the window up.
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &TrafficCharts::tick);
    m_timer.start();
}

QChartView *TrafficCharts::chartView(int index)
{
    buildCharts();
    return m_views.value(index);
}

void TrafficCharts::showEvent(QShowEvent *event)
{
    buildCharts();
    QWidget::showEvent(event);
}

void TrafficCharts::buildCharts()
{
    if (!m_charts.isEmpty())
        return;
    m_charts = {makeChart(u"Produce rate"_s, {u"acknowledged/s"_s}, {QColor(0x1e, 0x88, 0xe5)}, u"msg/s"_s),
                makeChart(u"Ack latency"_s, {u"p50"_s, u"p99"_s}, {QColor(0x43, 0xa0, 0x47), QColor(0xfb, 0x8c, 0x00)},
                          u"ms"_s),
                makeChart(u"Errors"_s, {u"failed/s"_s}, {QColor(0xe5, 0x39, 0x35)}, u"msg/s"_s),
                makeChart(u"Under-replicated partitions"_s, {u"partitions"_s}, {QColor(0x8e, 0x24, 0xaa)}, QString()),
                makeChart(u"Consumer lag (messages behind)"_s,
                          {u"(no consumer group)"_s, QString(), QString(), QString()},
                          {QColor(0x00, 0x89, 0x7b), QColor(0x54, 0x6e, 0x7a), QColor(0xc0, 0xca, 0x33),
                           QColor(0x8d, 0x6e, 0x63)},
                          QString())};
    // Lag series beyond the first are shown only while there are that many groups.
    for (int i = 1; i < m_charts[Lag].series.size(); ++i)
        for (QLegendMarker *lm : m_charts[Lag].chart->legend()->markers(m_charts[Lag].series[i]))
            lm->setVisible(false);
    for (int i = 0; i < m_charts.size(); ++i) {
        auto *view = new QChartView(m_charts[i].chart);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(240, 140);
        m_views.append(view);
        m_grid->addWidget(view, i / 2, i % 2, 1, i == Lag ? 2 : 1);
    }
    auto *key = new QLabel(u"Markers: <span style='color:#d32f2f'>━</span> a node was broken (kill, stop, pause) · "
                           "<span style='color:#2e7d32'>━</span> a node was brought back · "
                           "<span style='color:#616161'>╍</span> a leader or controller was elected — hover one for "
                           "details. Lag is measured every %1 s for every consumer group."_s.arg(kLagEverySeconds));
    key->setWordWrap(true);
    m_grid->addWidget(key, int(m_charts.size() + 1) / 2, 0, 1, 2);
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
    c.x->setTickCount(5);          // -120, -90, -60, -30, 0 s: fits a narrow dock without eliding
    c.x->setLabelFormat(u"%ds"_s); // "-120s": short enough for a narrow chart
    c.y = new QValueAxis;
    c.y->setRange(0, 10);
    c.y->setTickCount(3); // 0, half, top: readable in a short chart
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
        connect(m, &QLineSeries::hovered, this, [m](const QPointF &, bool over) {
            if (over && !m->name().isEmpty())
                QToolTip::showText(QCursor::pos(), m->name());
        });
        c.markers.append(m);
    }
    if (seriesNames.size() == 1)
        c.chart->legend()->hide();
    return c;
}

void TrafficCharts::attachClient(KafkaClient *client)
{
    m_client = client;
    connect(client, &KafkaClient::delivered, this, &TrafficCharts::addDeliveries);
    connect(client, &KafkaClient::groupLagsMeasured, this,
            [this](KafkaClient::JobId job, const QList<GroupLag> &groups, const QString &error) {
                if (job != m_lagJob)
                    return;
                m_lagJob = 0;
                if (error.isEmpty()) // while the cluster is starting or a broker is down, keep the last figures
                    setGroupLags(groups);
            });
}

void TrafficCharts::setGroupLags(const QList<GroupLag> &groups)
{
    QMap<QString, qint64> lag;
    for (const GroupLag &g : groups) {
        if (g.totalLag >= 0)
            lag.insert(g.group, g.totalLag);
        else if (m_lag.contains(g.group)) // not measured this time (its coordinator is moving): the last figure
            lag.insert(g.group, m_lag.value(g.group));
    }
    m_lag = lag;
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

void TrafficCharts::attachEngine(ClusterSession *engine)
{
    m_engine = engine;
    connect(engine, &ClusterSession::eventEmitted, this, &TrafficCharts::addEvent);
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
    if (event.kind == EventKind::ControllerChanged && event.controller().controller < 0)
        return; // "no controller" is the gap; the election that ends it gets the marker
    const QString action = event.fault().action;
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
    s.p50Ms = percentileOf(m_pendingLatencies, 0.5);
    s.p99Ms = percentileOf(m_pendingLatencies, 0.99);
    m_pendingLatencies.clear();
    s.underReplicated = m_underReplicated;
    s.lag = m_lag;
    m_seconds.push_back(s);
    if (m_client && m_lagJob == 0 && ++m_ticks % kLagEverySeconds == 0 && !(m_engine && m_engine->isShuttingDown()))
        m_lagJob = m_client->measureGroupLags();
    while (int(m_seconds.size()) > m_windowSeconds + 1)
        m_seconds.pop_front();
    redraw();
}

double TrafficCharts::drawLag(qint64 now)
{
    // The groups with the most lag in the window get a line each; the rest are summed into one.
    QMap<QString, qint64> peak;
    for (const Second &s : m_seconds)
        for (auto it = s.lag.begin(); it != s.lag.end(); ++it)
            peak[it.key()] = std::max(peak.value(it.key()), it.value());
    QStringList groups = peak.keys();
    std::stable_sort(groups.begin(), groups.end(),
                     [&](const QString &a, const QString &b) { return peak.value(a) > peak.value(b); });
    // The spare line shows a fourth group by name; with five or more it sums all but the first three.
    const bool others = groups.size() > kLagSeries + 1;
    const qsizetype shown = std::min<qsizetype>(groups.size(), others ? kLagSeries : kLagSeries + 1);
    QList<QList<QPointF>> points(kLagSeries + 1);
    double top = 0;
    for (const Second &s : m_seconds) {
        const double x = double(s.atMs - now) / 1000.0;
        qint64 rest = s.lag.isEmpty() ? -1 : 0;
        for (auto it = s.lag.begin(); it != s.lag.end(); ++it) {
            const qsizetype i = groups.indexOf(it.key());
            if (i >= 0 && i < shown)
                points[i].append({x, double(it.value())});
            else
                rest += it.value();
            top = std::max(top, double(it.value()));
        }
        if (others && rest >= 0)
            points[kLagSeries].append({x, double(rest)});
        top = std::max(top, double(rest));
    }
    Chart &c = m_charts[Lag];
    for (int i = 0; i <= kLagSeries; ++i) {
        QLineSeries *series = c.series[i];
        const bool used = i < shown || (i == kLagSeries && others);
        series->setName(i < shown                   ? groups[i]
                        : i == kLagSeries && others ? u"%1 other groups"_s.arg(groups.size() - kLagSeries)
                        : i == 0                    ? u"(no consumer group)"_s
                                                    : QString());
        series->replace(used ? points[i] : QList<QPointF>{});
        for (QLegendMarker *lm : c.chart->legend()->markers(series))
            lm->setVisible(used || i == 0);
    }
    return top;
}

void TrafficCharts::redraw()
{
    if (m_charts.isEmpty()) // not shown yet: the figures wait in m_seconds
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<QList<QPointF>> points(5);
    double maxOf[5] = {0, 0, 0, 0, 0};
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
    maxOf[Lag] = drawLag(now);
    const double floors[5] = {10, 10, 5, 3, 10};
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
            QPen pen(marker.fault    ? QColor(0xd3, 0x2f, 0x2f)
                     : marker.repair ? QColor(0x2e, 0x7d, 0x32)
                                     : QColor(0x61, 0x61, 0x61));
            pen.setStyle(marker.fault || marker.repair ? Qt::SolidLine : Qt::DashLine);
            pen.setWidthF(1.5);
            line->setPen(pen);
            line->setName(marker.label);
            line->replace(QList<QPointF>{{x, 0}, {x, top}});
        }
    }
}

} // namespace ensemble::ui
