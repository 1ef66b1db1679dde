// The window's frame: menus and toolbar, the topology canvas, the docks (cluster tree, partitions, timeline, node
// logs, and the Kafka docks) and the status bar. It shows one live cluster — one it runs (a ClusterRun's Engine)
// or one another process runs that it is attached to (an AttachedSession): the views see either as a
// ClusterSession — or a replay; node actions go through requestNodeAction(), which confirms destructive ones and
// then calls ClusterSession::act. The parts live in their own classes: FileMenu, ViewMenu, ClusterTree,
// KafkaDocks, ClusterStatusBar, NodeActionConfirmation, CloseQuestion, ClusterFileCheck, BackgroundStart,
// RuntimeInstallPrompt.
#pragma once

#include "Engine.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QDockWidget;

namespace ensemble {
class AttachedSession;
class ClusterRun;
} // namespace ensemble

namespace ensemble::ui {

class ClusterFeed;
class ClusterStatusBar;
class ClusterTree;
class DrillPanel;
class FileMenu;
class KafkaDocks;
class KillLeaderButton;
class LogWidget;
class PartitionModel;
class PartitionsPanel;
class TimelineWidget;
class TopologyView;
class WindowArrangement;

class MainWindow : public QMainWindow
{
    Q_OBJECT
  public:
    explicit MainWindow(const QString &clusterFile = {}, const QString &workspaceDir = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the cluster file's cluster (the built-in one when none); false, with the reason shown, when the file has
    // errors (its warnings are shown and it starts). The set-up then runs off this thread: it returns at once (true),
    // isClusterRunning() turns true when the nodes are launched, and a failure is shown (errorShown). A Kafka runtime
    // that is missing is offered for install first (RuntimeInstallPrompt); the start follows the install.
    bool startCluster();
    void stopCluster();
    // True while a cluster runs here or the window is attached to one.
    bool isClusterRunning() const;
    // The cluster this window runs (null when none, or when it is attached to one).
    Engine *engine() const;
    // What the views show: the cluster this window runs, or the one it is attached to; null when neither.
    ClusterSession *session() const;
    // Shows the cluster running in WORKSPACEDIR (`ensemble up -d`): its history, then live; clusterAttached() once
    // the history is in. False, with the reason shown, when it cannot (a cluster runs here; not a workspace).
    bool attachCluster(const QString &workspaceDir);
    bool isAttached() const;
    // Lets go of the attached cluster, which runs on.
    void detachCluster();
    // The cluster file Start runs (empty: the built-in cluster).
    QString clusterFile() const { return m_clusterFile; }
    // The workspace Start uses (empty: the cluster's default one).
    QString workspaceDir() const { return m_workspaceDir; }
    // Shows the nodes of a cluster file (stopped; empty: the built-in cluster) and makes it the one Start starts.
    void showClusterFile(const QString &path);
    // A dialog (or, unattended, stderr and errorShown()) with what went wrong and what to do.
    void showError(const QString &title, const QString &message);
    // Shows a saved events.jsonl (with the layout.json beside it when there is one) for replay.
    bool openEventLog(const QString &path);
    bool saveScreenshot(const QString &path);
    // Errors go to stderr instead of dialogs and confirmations are skipped (tests, --screenshot).
    void setUnattended(bool unattended) { m_unattended = unattended; }
    void setDarkPalette(bool dark); // this run only (`--dark`); View → Dark palette is the remembered choice
    // Shows the Drill dock (beside the Traffic charts) and starts the failover drill; false when no cluster runs
    // or a drill is already running.
    bool runDrill();
    // The Drill dock's panel, built if its tab has not been shown yet; null when no cluster runs.
    DrillPanel *drillPanel();
    // Window geometry, docks and palette as the user left them (QSettings); the geometry is kept on screen.
    void restoreSettings();
    // Back to the first arrangement of the docks, sized for the screen (View → Reset layout).
    void resetLayout();

    // Asks (for destructive actions, unless told not to ask again), emits nodeActionRequested and calls the engine.
    void requestNodeAction(NodeAction action, const QString &node);

    TopologyView *topology() const { return m_topology; }
    PartitionModel *partitionModel() const { return m_partitionModel; }
    PartitionsPanel *partitions() const { return m_partitions; }
    TimelineWidget *timeline() const { return m_timeline; }
    LogWidget *logs() const { return m_logs; }
    ClusterFeed *liveFeed() const { return m_liveFeed; }
    ClusterFeed *replayFeed() const { return m_replayFeed; }
    ClusterFeed *shownFeed() const;
    ClusterTree *clusterTree() const { return m_tree; }
    KafkaDocks *kafkaDocks() const { return m_kafkaDocks; }
    FileMenu *fileMenu() const { return m_fileMenu; }
    // The status bar's state, bootstrap servers, controller and quorum leader, joined with " | ".
    QString statusText() const;

  Q_SIGNALS:
    void nodeActionRequested(ensemble::NodeAction action, const QString &node);
    void clusterHealthy();
    void clusterAttached();
    void clusterStopped();
    void liveEvent(const ensemble::ClusterEvent &event);
    void errorShown(const QString &message);

  protected:
    void closeEvent(QCloseEvent *event) override;

  private:
    void buildActions();
    void buildDocks();
    void onClusterReady();
    void showSession(ClusterSession *session);
    void connectSession(ClusterSession *session);
    void showFeed(ClusterFeed *feed);
    void onReplayActive(bool active);
    void onLiveEvent(const ClusterEvent &event);
    void onEventActivated(const ClusterEvent &event);
    void selectNode(const QString &node);
    void refreshViews();
    void updateActions();
    void updateTitle();

    QString m_clusterFile;
    QString m_workspaceDir;
    QPointer<ClusterRun> m_session;
    QPointer<AttachedSession> m_attached; // a cluster another process runs (`ensemble up -d`)
    KafkaDocks *m_kafkaDocks = nullptr;
    ClusterFeed *m_liveFeed;
    ClusterFeed *m_replayFeed;
    bool m_fileMode = false; // showing a saved event log, not a live cluster
    QString m_fileLogPath;
    bool m_unattended = false;
    bool m_quitWhenStopped = false;
    bool m_healthy = false;
    std::unique_ptr<WindowArrangement> m_arrangement; // size and docks: first, remembered, reset

    TopologyView *m_topology = nullptr;
    QLabel *m_banner = nullptr;
    PartitionModel *m_partitionModel = nullptr;
    PartitionsPanel *m_partitions = nullptr;
    TimelineWidget *m_timeline = nullptr;
    LogWidget *m_logs = nullptr;
    ClusterTree *m_tree = nullptr;
    QDockWidget *m_treeDock = nullptr;
    QDockWidget *m_partitionsDock = nullptr;
    QDockWidget *m_timelineDock = nullptr;
    QDockWidget *m_logsDock = nullptr;
    ClusterStatusBar *m_status = nullptr;
    QTimer m_refreshTimer;

    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    FileMenu *m_fileMenu = nullptr;
    KillLeaderButton *m_killLeaderButton = nullptr;
    QAction *m_darkAction = nullptr;
};

} // namespace ensemble::ui
