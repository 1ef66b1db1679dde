// Live charts of the traffic: produce rate (acknowledged/s), ack latency p50/p99, errors/s, under-replicated
// partitions and consumer-group lag over a rolling window, with a vertical marker where a fault was injected or
// a leader/controller was elected (hover a marker for what it was). Fed from outside (KafkaClient delivery reports,
// ClusterEvents, ClusterState); holds no cluster logic. Axes stay fixed and each series is replaced with its whole
// buffer once a second (Qt's dynamic charts pattern), so drawing costs the same however busy the cluster is.
#pragma once

#include "ClusterEvent.h"
#include "ClusterState.h"
#include "KafkaClient.h"

#include <QList>
#include <QMap>
#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <deque>
#include <vector>

class QChart;
class QGridLayout;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace ensemble {
class ClusterSession;
}

namespace ensemble::ui {

class TrafficCharts : public QWidget
{
    Q_OBJECT
  public:
    static constexpr int kDefaultWindowSeconds = 120;
    static constexpr int kMaxMarkers = 12;
    static constexpr int kLagSeries = 3;       // groups drawn one by one; the rest add up to "other groups"
    static constexpr int kLagEverySeconds = 2; // how often consumer-group lag is measured

    explicit TrafficCharts(QWidget *parent = nullptr);

    // Counts every delivery report CLIENT hands out (every job), and events/state from ENGINE when given.
    void attachClient(KafkaClient *client);
    void attachEngine(ClusterSession *engine);
    // How many seconds the charts show (default 120).
    void setWindowSeconds(int seconds);

    // One second's figures, oldest first (for tests).
    struct Second
    {
        qint64 atMs = 0; // wall clock at the end of the second
        int acked = 0;
        int errors = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        int underReplicated = 0;
        QMap<QString, qint64> lag; // consumer group -> messages behind (the last measurement)
    };
    const std::deque<Second> &seconds() const { return m_seconds; }
    int markerCount() const { return int(m_markers.size()); }
    // Markers of the user's actions (kill, stop, pause, and the starts that mend them), not elections.
    int faultMarkerCount() const
    {
        return int(
            std::count_if(m_markers.begin(), m_markers.end(), [](const Marker &m) { return m.fault || m.repair; }));
    }
    // Builds the charts if they have not been shown yet.
    QChartView *chartView(int index);

  public Q_SLOTS:
    void addDeliveries(ensemble::KafkaClient::JobId job, const QList<ensemble::DeliveryResult> &results);
    // fault_injected, leader_elected and controller_changed events become markers; the rest are ignored.
    void addEvent(const ensemble::ClusterEvent &event);
    void setState(const ensemble::ClusterState &state);
    void setUnderReplicated(int partitions);
    // The latest consumer-group lags (KafkaClient::measureGroupLags; the attached client is asked every 2 s).
    void setGroupLags(const QList<ensemble::GroupLag> &groups);
    // Closes the current second and redraws (a 1 s timer calls it; tests call it directly).
    void tick();

  protected:
    void showEvent(QShowEvent *event) override;

  private:
    void buildCharts();
    struct Chart
    {
        QChart *chart = nullptr;
        QValueAxis *x = nullptr;
        QValueAxis *y = nullptr;
        QList<QLineSeries *> series;
        QList<QLineSeries *> markers; // a pool, one per visible marker
    };
    struct Marker
    {
        qint64 atMs = 0;
        bool fault = false; // the user broke something (kill, stop, pause): red; a repair (start...) is green
        bool repair = false;
        QString label;
    };
    Chart makeChart(const QString &title, const QStringList &seriesNames, const QList<QColor> &colors,
                    const QString &unit);
    void redraw();
    double drawLag(qint64 now); // returns the highest lag drawn

    QGridLayout *m_grid = nullptr;
    QList<Chart> m_charts; // empty until first shown
    QList<QChartView *> m_views;
    std::deque<Second> m_seconds;
    std::deque<Marker> m_markers;
    std::vector<double> m_pendingLatencies;
    int m_pendingAcked = 0;
    int m_pendingErrors = 0;
    int m_underReplicated = 0;
    int m_windowSeconds = kDefaultWindowSeconds;
    QMap<QString, qint64> m_lag;
    KafkaClient *m_client = nullptr;
    KafkaClient::JobId m_lagJob = 0;
    int m_ticks = 0;
    QTimer m_timer;
    ClusterSession *m_engine = nullptr;
};

} // namespace ensemble::ui
