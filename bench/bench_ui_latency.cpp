// How fast the window follows the cluster, and whether engine work ever blocks its thread.
//   synthetic: 14 nodes (5 ZooKeeper + 9 Kafka) and 300 partitions (10 topics x 30); a stream of votes,
//              leader changes and ISR changes applied to the canvas and the partitions table as fast as 2,000
//              events/s; per event, the time from its emission to the views being updated (feed apply: the
//              scene items and table rows changed; painting follows on the next frame).
//   live:      the real window (MainWindow) on the default 3 + 3 cluster; kill the ZooKeeper leader and a
//              broker, then stop it; per event, Engine's emission (its wall clock) to the window having applied it.
//              Its last line: `ui stall max: start N ms, failover N ms, stop N ms` (Start pressed to healthy; the
//              12 s from healthy through both kills; Stop pressed to 0.5 s after the session is gone).
// Both: the longest stall of the UI thread, from a 1 ms heartbeat timer (the gap between two ticks minus 1 ms),
// and of that gap, the CPU time the UI thread itself spent ("busy"): a gap with little busy time is the thread
// waiting for a core (six JVMs starting on two cores), not work done on it.
//   --kraft:   instead of the ZooKeeper live part, the window on a KRaft 4.4.0 cluster (3 controllers + 3 brokers;
//              --combined: 3 combined nodes), demo profile; SIGKILL of the raft leader 1 s after healthy; event ->
//              window applied over the whole run and during the election (the kill to 2 s after the new leader is
//              announced), and the longest UI-thread stall (with its busy time) while starting, during the
//              election and while stopping. Its last line: `kraft election: p99 N ms, ui stall max N ms (busy N ms)`.
// Usage: QT_QPA_PLATFORM=offscreen bench_ui_latency [--no-live | --kraft [--combined]]
#include "ClusterFeed.h"
#include "MainWindow.h"
#include "PartitionModel.h"
#include "Percentile.h"
#include "TopologyView.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

double pct(std::vector<double> v, double p)
{
    return percentileOf(v, p);
}

qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// Records the longest gap between ticks of a 1 ms precise timer, and the most CPU time the thread spent in one gap.
class StallMeter : public QObject
{
  public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            if (m_last) {
                m_maxGapNs = std::max(m_maxGapNs, now - m_last);
                m_maxBusyNs = std::max(m_maxBusyNs, cpu - m_lastCpu);
                // ENSEMBLE_BENCH_STALLS=MS: every stall longer than MS, through qDebug so that
                // QT_MESSAGE_PATTERN="%{time process} %{category} %{message}" lines it up with the window's own logs.
                static const int logAboveMs = qEnvironmentVariableIntValue("ENSEMBLE_BENCH_STALLS");
                if (logAboveMs > 0 && now - m_last > qint64(logAboveMs + 1) * 1000000)
                    qDebug("stall of %.1f ms (busy %.1f ms) ends here", double(now - m_last) / 1e6 - 1.0,
                           double(cpu - m_lastCpu) / 1e6);
            }
            m_last = now;
            m_lastCpu = cpu;
        });
        m_clock.start();
        m_timer.start();
    }
    double maxStallMs() const { return std::max(0.0, double(m_maxGapNs) / 1e6 - 1.0); }
    double maxBusyMs() const { return double(m_maxBusyNs) / 1e6; }
    void reset() { m_maxGapNs = 0, m_maxBusyNs = 0, m_last = 0; }

  private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_maxGapNs = 0;
    qint64 m_lastCpu = 0;
    qint64 m_maxBusyNs = 0;
};

ClusterEvent make(EventKind kind, const QString &node, QJsonObject fields)
{
    ClusterEvent e;
    e.kind = kind;
    e.node = node;
    e.fields = std::move(fields);
    e.wallMs = QDateTime::currentMSecsSinceEpoch();
    e.source = u"bench"_s;
    return e;
}

void synthetic()
{
    ClusterLayout layout;
    for (int i = 1; i <= 5; ++i)
        layout.nodes.append({u"zookeeper-%1"_s.arg(i), NodeKind::Coordinator, i, 2180 + i, 2887 + i, 3887 + i});
    for (int i = 1; i <= 9; ++i)
        layout.nodes.append({u"kafka-%1"_s.arg(i), NodeKind::Broker, i, 9091 + i});
    QList<ClusterEvent> history;
    for (const NodeLayout &n : layout.nodes)
        history.append(make(EventKind::NodeState, n.name, {{u"state"_s, u"up"_s}, {u"pid"_s, 1000 + n.id}}));
    for (int t = 0; t < 10; ++t) {
        QJsonArray assignment;
        for (int p = 0; p < 30; ++p)
            assignment.append(QJsonObject{{u"partition"_s, p},
                                          {u"replicas"_s, QJsonArray{p % 9 + 1, (p + 1) % 9 + 1, (p + 2) % 9 + 1}}});
        history.append(make(EventKind::TopicCreated, {},
                            {{u"topic"_s, u"topic-%1"_s.arg(t)},
                             {u"partitions"_s, 30},
                             {u"replication_factor"_s, 3},
                             {u"assignment"_s, assignment}}));
    }
    ui::ClusterFeed feed;
    feed.reset(layout, history);
    QWidget window;
    auto *box = new QHBoxLayout(&window);
    auto *view = new ui::TopologyView(&window);
    view->setFeed(&feed);
    ui::PartitionModel model;
    model.setFeed(&feed);
    auto *table = new QTableView(&window);
    table->setModel(&model);
    box->addWidget(view, 2);
    box->addWidget(table, 1);
    window.resize(1400, 900);
    window.show();
    StallMeter stalls;

    std::vector<double> latencies;
    int sent = 0;
    const int total = 20000;
    constexpr int kWarmUp = 1000;
    QTimer generator;
    generator.setTimerType(Qt::PreciseTimer);
    generator.setInterval(1); // 2 events per ms: 2,000 events/s
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&generator, &QTimer::timeout, &window, [&] {
        for (int k = 0; k < 2 && sent < total; ++k, ++sent) {
            const int i = sent;
            ClusterEvent e;
            if (i % 3 == 0) {
                const int voter = i % 5 + 1, candidate = (i / 5) % 5 + 1;
                e = make(EventKind::Vote, u"zookeeper-%1"_s.arg(voter),
                         {{u"voter"_s, u"zookeeper-%1"_s.arg(voter)},
                          {u"candidate"_s, u"zookeeper-%1"_s.arg(candidate)},
                          {u"round"_s, i / 100},
                          {u"epoch"_s, 1}});
            } else if (i % 3 == 1) {
                e = make(EventKind::PartitionLeaderChanged, u"kafka-%1"_s.arg(i % 9 + 1),
                         {{u"topic"_s, u"topic-%1"_s.arg(i % 10)},
                          {u"partition"_s, (i / 10) % 30},
                          {u"leader"_s, i % 9 + 1},
                          {u"leader_epoch"_s, i}});
            } else {
                const int a = i % 9 + 1, b = (i + 1) % 9 + 1;
                e = make(EventKind::IsrChanged, {},
                         {{u"topic"_s, u"topic-%1"_s.arg(i % 10)},
                          {u"partition"_s, (i / 10) % 30},
                          {u"isr"_s, i % 2 ? QJsonArray{a, b} : QJsonArray{a, b, (i + 2) % 9 + 1}}});
            }
            e.timeMs = clock.elapsed();
            const qint64 t0 = clock.nsecsElapsed();
            feed.apply(e);
            if (i >= kWarmUp)
                latencies.push_back(double(clock.nsecsElapsed() - t0) / 1e6);
            if (i == kWarmUp)
                stalls.reset(); // first layout, fonts and item creation are start-up, not steady state
        }
        if (sent >= total)
            QTimer::singleShot(500, &window, [] { QCoreApplication::quit(); });
    });
    generator.start();
    QCoreApplication::exec();
    generator.stop();
    std::printf("synthetic: 14 nodes, 300 partitions, %d events at up to 2,000/s (votes, leader and ISR changes);\n"
                "           figures after the first %d events (first layout and item creation)\n",
                total, kWarmUp);
    std::printf("  event -> views updated   p50 %.3f ms  p99 %.3f ms  max %.3f ms\n", pct(latencies, 0.5),
                pct(latencies, 0.99), pct(latencies, 1.0));
    std::printf("  longest UI-thread stall  %.1f ms\n", stalls.maxStallMs());
}

struct LiveStalls
{
    double start = -1, failover = -1, stop = -1;
    double startBusy = 0, failoverBusy = 0, stopBusy = 0;
};

LiveStalls live()
{
    QTemporaryDir dir;
    auto *window = new ui::MainWindow({}, dir.path() + u"/ws"_s);
    window->resize(1400, 900);
    window->show();
    StallMeter stalls;
    LiveStalls out;
    std::vector<double> latencies;
    QObject::connect(window, &ui::MainWindow::liveEvent, window, [&](const ClusterEvent &e) {
        latencies.push_back(double(QDateTime::currentMSecsSinceEpoch() - e.wallMs));
    });
    bool failed = false;
    QObject::connect(window, &ui::MainWindow::errorShown, window, [&](const QString &message) {
        std::printf("live: the cluster did not run: %s\n", qPrintable(message.section(u'\n', 0, 0)));
        failed = true;
        QCoreApplication::quit();
    });
    // Start: from the click (the set-up, which runs off the UI thread, then the nodes' launch) to healthy.
    // Failover: from healthy through both kills to 12 s later. Stop: from the click to the session being gone.
    QObject::connect(window, &ui::MainWindow::clusterHealthy, window, [&] {
        out.start = stalls.maxStallMs();
        out.startBusy = stalls.maxBusyMs();
        stalls.reset();
        Engine *engine = window->engine();
        QTimer::singleShot(1000, window,
                           [engine] { (void)engine->act(NodeAction::Kill, engine->state().quorumLeader()); });
        QTimer::singleShot(4000, window, [engine] {
            const int c = engine->state().controller();
            (void)engine->act(NodeAction::Kill, u"kafka-%1"_s.arg(c == 1 ? 2 : 1));
        });
        QTimer::singleShot(12000, window, [&] {
            out.failover = stalls.maxStallMs();
            out.failoverBusy = stalls.maxBusyMs();
            stalls.reset();
            window->stopCluster();
        });
    });
    QObject::connect(window, &ui::MainWindow::clusterStopped, window, [&] {
        // Deferred deletions (the Kafka client, the probe thread) land in the next moments: keep measuring.
        QTimer::singleShot(500, window, [&] {
            out.stop = stalls.maxStallMs();
            out.stopBusy = stalls.maxBusyMs();
            QCoreApplication::quit();
        });
    });
    window->startCluster();
    QCoreApplication::exec();
    if (!failed) {
        std::printf("live: default 3 + 3 cluster in the window; start, SIGKILL of the ZooKeeper leader and of a "
                    "broker, stop\n");
        std::printf("  event -> window applied  p50 %.0f ms  p99 %.0f ms  max %.0f ms  (%zu events; 1 ms resolution)\n",
                    pct(latencies, 0.5), pct(latencies, 0.99), pct(latencies, 1.0), latencies.size());
        std::printf("  longest UI-thread stall  %.1f ms while starting, %.1f ms during the failovers, %.1f ms while "
                    "stopping\n",
                    out.start, out.failover, out.stop);
    }
    delete window;
    return out;
}

// The KRaft live part: the window on a KRaft 4.4.0 cluster (3 controllers + 3 brokers, or 3 combined nodes), demo
// profile; 1 s after healthy the raft leader is SIGKILLed. The election: from the kill to 2 s after a new leader
// is announced (its votes are drawn and fading, the brokers follow the new controller).
struct KRaftLive
{
    bool ok = false;
    double start = -1, startBusy = 0, election = -1, electionBusy = 0, stop = -1, stopBusy = 0;
    qint64 electedAfterMs = -1;
    int epoch = -1, votes = 0;
    std::vector<double> all, duringElection;
};

KRaftLive liveKRaft(bool combined)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"kraft.yaml"_s);
    {
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(combined ? "name: bench-kraft\nmode: kraft\nkafka_version: 4.4.0\ncoordinators: 3\ncombined: true\n"
                           "profile: demo\n"
                         : "name: bench-kraft\nmode: kraft\nkafka_version: 4.4.0\ncoordinators: 3\nbrokers: 3\n"
                           "profile: demo\n");
    }
    auto *window = new ui::MainWindow(file, dir.path() + u"/ws"_s);
    window->resize(1400, 900);
    window->show();
    StallMeter stalls;
    KRaftLive out;
    QElapsedTimer sinceKill;
    QString killed;
    bool electionOver = false;
    QObject::connect(window, &ui::MainWindow::liveEvent, window, [&](const ClusterEvent &e) {
        const double ms = double(QDateTime::currentMSecsSinceEpoch() - e.wallMs);
        out.all.push_back(ms);
        if (killed.isEmpty() || electionOver)
            return;
        out.duringElection.push_back(ms);
        out.votes += e.kind == EventKind::RaftVote ? 1 : 0;
        const bool elected =
            e.kind == EventKind::LeaderElected && !e.leader().leader.isEmpty() && e.leader().leader != killed;
        if (!elected || out.electedAfterMs >= 0)
            return;
        out.electedAfterMs = sinceKill.elapsed();
        out.epoch = window->liveFeed()->state().quorumEpoch();
        QTimer::singleShot(2000, window, [&] {
            electionOver = true;
            out.election = stalls.maxStallMs();
            out.electionBusy = stalls.maxBusyMs();
            stalls.reset();
            window->stopCluster();
        });
    });
    bool failed = false;
    QObject::connect(window, &ui::MainWindow::errorShown, window, [&](const QString &message) {
        std::printf("live KRaft: the cluster did not run: %s\n", qPrintable(message.section(u'\n', 0, 0)));
        failed = true;
        QCoreApplication::quit();
    });
    QObject::connect(window, &ui::MainWindow::clusterHealthy, window, [&] {
        out.start = stalls.maxStallMs();
        out.startBusy = stalls.maxBusyMs();
        QTimer::singleShot(1000, window, [&] {
            Engine *engine = window->engine();
            killed = engine->state().quorumLeader();
            if (killed.isEmpty()) {
                std::printf("live KRaft: no raft leader 1 s after healthy\n");
                failed = true;
                window->stopCluster();
                return;
            }
            stalls.reset();
            sinceKill.start();
            (void)engine->act(NodeAction::Kill, killed);
            // No new leader within 20 s: report what was seen and stop.
            QTimer::singleShot(20000, window, [&] {
                if (out.electedAfterMs >= 0)
                    return;
                electionOver = true;
                out.election = stalls.maxStallMs();
                out.electionBusy = stalls.maxBusyMs();
                stalls.reset();
                window->stopCluster();
            });
        });
    });
    QObject::connect(window, &ui::MainWindow::clusterStopped, window, [&] {
        QTimer::singleShot(500, window, [&] {
            out.stop = stalls.maxStallMs();
            out.stopBusy = stalls.maxBusyMs();
            QCoreApplication::quit();
        });
    });
    window->startCluster();
    QCoreApplication::exec();
    out.ok = !failed && out.stop >= 0;
    if (out.ok) {
        std::printf("live KRaft: %s on Kafka 4.4.0 in the window (demo profile); SIGKILL of the raft leader (%s) 1 s "
                    "after healthy, then stop\n",
                    combined ? "3 combined controller+broker nodes" : "3 controllers + 3 brokers", qPrintable(killed));
        if (out.electedAfterMs >= 0)
            std::printf("  new raft leader announced %lld ms after the kill (epoch %d), %d raft votes\n",
                        out.electedAfterMs, out.epoch, out.votes);
        else
            std::printf("  no new raft leader within 20 s of the kill\n");
        std::printf("  event -> window applied, whole run     p50 %.0f ms  p99 %.0f ms  max %.0f ms  (%zu events)\n",
                    pct(out.all, 0.5), pct(out.all, 0.99), pct(out.all, 1.0), out.all.size());
        std::printf("  event -> window applied, the election  p50 %.0f ms  p99 %.0f ms  max %.0f ms  (%zu events; "
                    "kill to 2 s after the new leader)\n",
                    pct(out.duringElection, 0.5), pct(out.duringElection, 0.99), pct(out.duringElection, 1.0),
                    out.duringElection.size());
        std::printf("  longest UI-thread stall  %.1f ms (busy %.1f ms) while starting, %.1f ms (busy %.1f ms) during "
                    "the election, %.1f ms (busy %.1f ms) while stopping\n",
                    out.start, out.startBusy, out.election, out.electionBusy, out.stop, out.stopBusy);
    }
    delete window;
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"ensemble.*.debug=false"_s);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    synthetic();
    if (app.arguments().contains(u"--no-live"_s))
        return 0;
    if (app.arguments().contains(u"--kraft"_s)) {
        const KRaftLive k = liveKRaft(app.arguments().contains(u"--combined"_s));
        if (!k.ok)
            return 1;
        std::printf("kraft election: p99 %.0f ms, ui stall max %.0f ms (busy %.0f ms)\n", pct(k.duringElection, 0.99),
                    k.election, k.electionBusy);
        return 0;
    }
    const LiveStalls stalls = live();
    if (stalls.stop < 0)
        return 1;
    std::printf("ui busy max:  start %.0f ms, failover %.0f ms, stop %.0f ms  (UI-thread CPU time within one gap)\n",
                stalls.startBusy, stalls.failoverBusy, stalls.stopBusy);
    std::printf("ui stall max: start %.0f ms, failover %.0f ms, stop %.0f ms\n", stalls.start, stalls.failover,
                stalls.stop);
    return 0;
}
