// The window: toolbar, cluster tree, topology canvas, docks (partitions, timeline, node logs) and the status bar.
// It runs at most one cluster (a ClusterRun) and shows either that live cluster or a replay; node actions go
// through requestNodeAction(), which confirms destructive ones and then calls Engine::act.
#pragma once

#include "Engine.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <functional>

class QAction;
class QLabel;
class QProgressBar;
class QTableView;
class QToolButton;
class QTreeWidget;
class QDockWidget;

namespace ensemble {
class KafkaClient;
}

namespace ensemble {
class ClusterRun;
}

namespace ensemble::ui {

class ClusterFeed;
class DrillPanel;
class LogWidget;
class PartitionModel;
class TimelineWidget;
class TopologyView;

class MainWindow : public QMainWindow
{
    Q_OBJECT
  public:
    explicit MainWindow(const QString &clusterFile = {}, const QString &workspaceDir = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the cluster file's cluster (the built-in one when none). The set-up runs off this thread: it returns
    // at once (true), and isClusterRunning() turns true when the nodes are launched; a failure is shown (errorShown).
    bool startCluster();
    void stopCluster();
    bool isClusterRunning() const;
    Engine *engine() const;
    // Shows a saved events.jsonl (with the layout.json beside it when there is one) for replay.
    bool openEventLog(const QString &path);
    bool saveScreenshot(const QString &path);
    // Errors go to stderr instead of dialogs and confirmations are skipped (tests, --screenshot).
    void setUnattended(bool unattended) { m_unattended = unattended; }
    void setDarkPalette(bool dark);
    // Shows the Drill dock (beside the Traffic charts) and starts the failover drill; false when no cluster runs
    // or a drill is already running.
    bool runDrill();
    // The Drill dock's panel, built if its tab has not been shown yet; null when no cluster runs.
    DrillPanel *drillPanel();
    // Window geometry, docks and palette as the user left them (QSettings).
    void restoreSettings();

    // Asks (for destructive actions, unless told not to ask again), emits nodeActionRequested and calls the engine.
    void requestNodeAction(NodeAction action, const QString &node);
    // The demo button's targets: the broker leading the most partitions, and the ZooKeeper quorum leader.
    static QString busiestPartitionLeader(const ClusterState &state);
    static QString quorumLeader(const ClusterState &state);

    TopologyView *topology() const { return m_topology; }
    PartitionModel *partitionModel() const { return m_partitionModel; }
    QTableView *partitionTable() const { return m_partitionTable; }
    TimelineWidget *timeline() const { return m_timeline; }
    LogWidget *logs() const { return m_logs; }
    ClusterFeed *liveFeed() const { return m_liveFeed; }
    ClusterFeed *replayFeed() const { return m_replayFeed; }
    ClusterFeed *shownFeed() const;
    QTreeWidget *clusterTree() const { return m_tree; }
    QString statusText() const;

  Q_SIGNALS:
    void nodeActionRequested(ensemble::NodeAction action, const QString &node);
    void clusterHealthy();
    void clusterStopped();
    void liveEvent(const ensemble::ClusterEvent &event);
    void errorShown(const QString &message);

  protected:
    void closeEvent(QCloseEvent *event) override;

  private:
    void onClusterReady();
    void attachKafkaWidgets(Engine *engine);
    // The widget of Kafka dock DOCK (kProduceDock...), built on first use.
    QWidget *kafkaWidget(int dock);
    void connectTopicRefresh(Engine *engine, QObject *receiver, std::function<void()> refresh);
    enum KafkaDock { kProduceDock, kConsumeDock, kTopicsDock, kChartsDock, kDrillDock };
    void detachKafkaWidgets();
    void buildActions();
    void buildDocks();
    void buildStatusBar();
    void showFeed(ClusterFeed *feed);
    void onReplayActive(bool active);
    void onLiveEvent(const ClusterEvent &event);
    void onEventActivated(const ClusterEvent &event);
    void refreshTree();
    void refreshStatus();
    void updateActions();
    void showError(const QString &title, const QString &message);
    bool confirm(NodeAction action, const QString &node);
    void newClusterFile();
    void openClusterFile();
    void saveClusterFile();
    void updateTitle();

    QString m_clusterFile;
    QString m_workspaceDir;
    QPointer<ClusterRun> m_session;
    QPointer<KafkaClient> m_kafka;     // the produce/consume/topics/charts client of the running cluster
    QList<QDockWidget *> m_kafkaDocks; // Produce, Consume, Topics, Traffic, Drill
    QPointer<DrillPanel> m_drill;
    ClusterFeed *m_liveFeed;
    ClusterFeed *m_replayFeed;
    bool m_fileMode = false; // showing a saved event log, not a live cluster
    QString m_fileLogPath;
    bool m_unattended = false;
    bool m_quitWhenStopped = false;
    bool m_healthy = false;

    TopologyView *m_topology = nullptr;
    QLabel *m_banner = nullptr;
    PartitionModel *m_partitionModel = nullptr;
    QTableView *m_partitionTable = nullptr;
    TimelineWidget *m_timeline = nullptr;
    LogWidget *m_logs = nullptr;
    QTreeWidget *m_tree = nullptr;
    QDockWidget *m_logsDock = nullptr;
    QTimer m_treeTimer;

    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_killBrokerLeader = nullptr;
    QAction *m_killQuorumLeader = nullptr;
    QToolButton *m_killLeaderButton = nullptr;
    QAction *m_darkAction = nullptr;

    QLabel *m_stateLabel = nullptr;
    QProgressBar *m_startProgress = nullptr;
    QLabel *m_bootstrapLabel = nullptr;
    QToolButton *m_copyBootstrap = nullptr;
    QLabel *m_controllerLabel = nullptr;
    QLabel *m_leaderLabel = nullptr;
};

} // namespace ensemble::ui
