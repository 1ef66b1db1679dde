#include "MainWindow.h"

#include "AppPalette.h"
#include "ClusterFeed.h"
#include "ClusterRun.h"
#include "ConsumeView.h"
#include "DrillPanel.h"
#include "EventLog.h"
#include "EventModel.h"
#include "KafkaClient.h"
#include "LegendWidget.h"
#include "LogWidget.h"
#include "NodeStyle.h"
#include "PartitionModel.h"
#include "ProduceForm.h"
#include "RuntimeLocator.h"
#include "TimelineWidget.h"
#include "TopicsPanel.h"
#include "TopologyScene.h"
#include "TopologyView.h"
#include "TrafficCharts.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QThreadPool>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWindow, "ensemble.ui.window")

namespace ensemble::ui {

namespace {
// The nodes a cluster file will have, shown (stopped) before the cluster runs.
ClusterLayout previewLayout(const ClusterSpec &spec)
{
    ClusterLayout layout;
    for (int i = 1; i <= spec.coordinators; ++i)
        layout.nodes.append(NodeLayout{spec.coordinatorName(i), NodeKind::Coordinator, i});
    for (int i = 1; i <= spec.brokers; ++i)
        layout.nodes.append(NodeLayout{spec.brokerName(i), NodeKind::Broker, i});
    return layout;
}
} // namespace

MainWindow::MainWindow(const QString &clusterFile, const QString &workspaceDir, QWidget *parent)
    : QMainWindow(parent), m_clusterFile(clusterFile), m_workspaceDir(workspaceDir), m_liveFeed(new ClusterFeed(this)),
      m_replayFeed(new ClusterFeed(this))
{
    setObjectName(u"MainWindow"_s);
    // `java -version` (a JVM start) off the UI thread now, so Start finds the answer cached.
    QThreadPool::globalInstance()->start([] { RuntimeLocator::warmUp(); });
    resize(1400, 900);
    setDockOptions(AnimatedDocks | AllowTabbedDocks);

    m_topology = new TopologyView(this);
    m_banner = new QLabel(this);
    m_banner->setAlignment(Qt::AlignCenter);
    m_banner->setWordWrap(true); // a long path must not squeeze the docks
    m_banner->setStyleSheet(u"QLabel { background: #f2c21b; color: #1a1a1a; font-weight: bold; padding: 4px; }"_s);
    m_banner->hide();
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_topology, 1);
    layout->addWidget(new LegendWidget(this));
    setCentralWidget(central);
    m_topology->setClock([this]() -> qint64 {
        if (shownFeed() == m_liveFeed && engine())
            return engine()->clusterTimeMs();
        const auto &events = shownFeed()->events();
        return events.isEmpty() ? 0 : events.constLast().timeMs;
    });
    connect(m_topology, &TopologyView::actionRequested, this, &MainWindow::requestNodeAction);
    connect(m_topology, &TopologyView::logsRequested, this, [this](const QString &node) {
        m_logsDock->show();
        m_logsDock->raise();
        m_logs->showNode(node);
    });
    connect(m_topology, &TopologyView::addressCopied, this,
            [this](const QString &address) { statusBar()->showMessage(u"Copied %1"_s.arg(address), 3000); });

    buildDocks();
    buildActions();
    buildStatusBar();

    m_treeTimer.setSingleShot(true);
    m_treeTimer.setInterval(100);
    connect(&m_treeTimer, &QTimer::timeout, this, [this] {
        refreshTree();
        refreshStatus();
    });
    // At most ten refreshes a second however fast events come (a burst must not postpone them).
    connect(m_liveFeed, &ClusterFeed::eventApplied, this, [this] {
        if (!m_treeTimer.isActive())
            m_treeTimer.start();
    });
    connect(m_replayFeed, &ClusterFeed::eventApplied, this, [this] {
        if (!m_treeTimer.isActive())
            m_treeTimer.start();
    });
    connect(m_replayFeed, &ClusterFeed::resetDone, this, [this] { m_treeTimer.start(); });
    connect(m_liveFeed, &ClusterFeed::resetDone, this, [this] { m_treeTimer.start(); });

    // Before anything runs, show the cluster file's nodes (stopped) so the window is not empty.
    const SpecParseResult parsed =
        clusterFile.isEmpty() ? parseClusterSpec(defaultClusterYaml()) : loadClusterSpec(clusterFile);
    if (parsed.spec)
        m_liveFeed->reset(previewLayout(*parsed.spec));
    showFeed(m_liveFeed);

    updateTitle();
    updateActions();
    refreshTree();
    refreshStatus();
}

MainWindow::~MainWindow()
{
    // The Kafka widgets and their client go before the session (and its engine): a drill still running calls
    // into the engine until its job has ended, which deleting the client waits for.
    if (m_drill)
        m_drill->cancel();
    for (QDockWidget *dock : std::as_const(m_kafkaDocks))
        delete dock->widget();
    delete m_kafka.data();
}

void MainWindow::restoreSettings()
{
    QSettings settings(u"ensemble"_s, u"window"_s);
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    if (settings.value(u"view/dark"_s, false).toBool())
        m_darkAction->setChecked(true);
}

Engine *MainWindow::engine() const
{
    return m_session ? m_session->engine() : nullptr;
}

bool MainWindow::isClusterRunning() const
{
    return m_session && m_session->engine();
}

ClusterFeed *MainWindow::shownFeed() const
{
    return m_fileMode || m_timeline->isReplaying() ? m_replayFeed : m_liveFeed;
}

void MainWindow::buildDocks()
{
    m_tree = new QTreeWidget(this);
    m_tree->setHeaderLabels({u"Cluster"_s, u"State"_s});
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 150);
    m_tree->setIndentation(14);
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        const QString node = item->data(0, Qt::UserRole).toString();
        if (!node.isEmpty())
            m_topology->selectNode(node);
    });
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QTreeWidgetItem *item = m_tree->itemAt(pos);
        const QString node = item ? item->data(0, Qt::UserRole).toString() : QString();
        if (node.isEmpty())
            return;
        QMenu *menu = m_topology->createNodeMenu(node, this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_tree->viewport()->mapToGlobal(pos));
    });
    auto *treeDock = new QDockWidget(u"Cluster"_s, this);
    treeDock->setObjectName(u"ClusterDock"_s);
    treeDock->setWidget(m_tree);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    m_partitionModel = new PartitionModel(this);
    m_partitionTable = new QTableView(this);
    m_partitionTable->setModel(m_partitionModel);
    m_partitionTable->verticalHeader()->hide();
    m_partitionTable->verticalHeader()->setDefaultSectionSize(m_partitionTable->fontMetrics().height() + 6);
    m_partitionTable->horizontalHeader()->setStretchLastSection(true);
    m_partitionTable->setColumnWidth(PartitionModel::Topic, 210);
    m_partitionTable->setColumnWidth(PartitionModel::Partition, 66);
    m_partitionTable->setColumnWidth(PartitionModel::Leader, 60);
    m_partitionTable->setColumnWidth(PartitionModel::Replicas, 80);
    m_partitionTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_partitionTable->setWordWrap(false);
    auto *partitionsDock = new QDockWidget(u"Partitions"_s, this);
    partitionsDock->setObjectName(u"PartitionsDock"_s);
    partitionsDock->setWidget(m_partitionTable);
    addDockWidget(Qt::RightDockWidgetArea, partitionsDock);

    m_timeline = new TimelineWidget(m_replayFeed, this);
    auto *timelineDock = new QDockWidget(u"Event timeline"_s, this);
    timelineDock->setObjectName(u"TimelineDock"_s);
    timelineDock->setWidget(m_timeline);
    addDockWidget(Qt::BottomDockWidgetArea, timelineDock);
    connect(m_timeline, &TimelineWidget::replayActiveChanged, this, &MainWindow::onReplayActive);
    connect(m_timeline, &TimelineWidget::replaySpeedChanged, this, [this](double speed) {
        if (m_timeline->isReplaying())
            m_topology->topologyScene()->setTimeScale(speed);
    });
    connect(m_timeline, &TimelineWidget::eventActivated, this, &MainWindow::onEventActivated);

    m_logs = new LogWidget(this);
    m_logsDock = new QDockWidget(u"Node logs"_s, this);
    m_logsDock->setObjectName(u"LogsDock"_s);
    m_logsDock->setWidget(m_logs);
    addDockWidget(Qt::BottomDockWidgetArea, m_logsDock);
    tabifyDockWidget(timelineDock, m_logsDock);
    timelineDock->raise();

    // Messages: produce, consume, topics and traffic charts talk to the running cluster as a client would; their
    // widgets exist while a cluster runs (attachKafkaWidgets), a hint stands in for them otherwise.
    QDockWidget *previous = partitionsDock;
    for (const auto &[name, title] :
         {std::pair{u"ProduceDock"_s, u"Produce"_s}, std::pair{u"ConsumeDock"_s, u"Consume"_s},
          std::pair{u"TopicsDock"_s, u"Topics"_s}, std::pair{u"ChartsDock"_s, u"Traffic"_s},
          std::pair{u"DrillDock"_s, u"Drill"_s}}) {
        auto *dock = new QDockWidget(title, this);
        dock->setObjectName(name);
        addDockWidget(Qt::RightDockWidgetArea, dock);
        tabifyDockWidget(previous, dock);
        previous = dock;
        const int index = int(m_kafkaDocks.size());
        connect(dock, &QDockWidget::visibilityChanged, this, [this, index](bool visible) {
            if (visible)
                kafkaWidget(index);
        });
        m_kafkaDocks.append(dock);
    }
    partitionsDock->raise();
    detachKafkaWidgets();
    resizeDocks({treeDock, partitionsDock}, {300, 530}, Qt::Horizontal);
    resizeDocks({timelineDock}, {280}, Qt::Vertical);
}

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    QMenu *cluster = menuBar()->addMenu(u"&Cluster"_s);
    QMenu *view = menuBar()->addMenu(u"&View"_s);
    QToolBar *bar = addToolBar(u"Main"_s);
    bar->setObjectName(u"MainToolBar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QStyle *s = style();

    m_newAction = file->addAction(s->standardIcon(QStyle::SP_FileIcon), u"&New cluster file"_s, this,
                                  &MainWindow::newClusterFile);
    m_newAction->setToolTip(u"Start from the built-in cluster (3 ZooKeeper + 3 Kafka)"_s);
    m_openAction = file->addAction(s->standardIcon(QStyle::SP_DialogOpenButton), u"&Open cluster file…"_s,
                                   QKeySequence::Open, this, &MainWindow::openClusterFile);
    QAction *save = file->addAction(s->standardIcon(QStyle::SP_DialogSaveButton), u"&Save cluster file as…"_s,
                                    QKeySequence::SaveAs, this, &MainWindow::saveClusterFile);
    file->addSeparator();
    QAction *openLog = file->addAction(u"Open &event log…"_s, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, u"Open an event log"_s, QDir::homePath(),
                                                          u"Event logs (*.jsonl);;All files (*)"_s);
        if (!path.isEmpty())
            openEventLog(path);
    });
    openLog->setToolTip(u"Replay the events.jsonl of an earlier run (in its workspace directory)"_s);
    file->addSeparator();
    QAction *exportAction = file->addAction(u"E&xport…"_s);
    exportAction->setEnabled(false);
    exportAction->setToolTip(u"Coming — for now: ensemble export --format compose|properties|yaml -o DIR"_s);
    QAction *importAction = file->addAction(u"&Import…"_s);
    importAction->setEnabled(false);
    importAction->setToolTip(u"Coming — for now: ensemble import COMPOSE.yml -o FILE"_s);
    file->setToolTipsVisible(true);
    file->addSeparator();
    file->addAction(u"&Quit"_s, QKeySequence::Quit, this, &QWidget::close);

    m_startAction =
        cluster->addAction(s->standardIcon(QStyle::SP_MediaPlay), u"&Start"_s, this, &MainWindow::startCluster);
    m_startAction->setToolTip(u"Start every node of the cluster"_s);
    m_stopAction =
        cluster->addAction(s->standardIcon(QStyle::SP_MediaStop), u"S&top"_s, this, &MainWindow::stopCluster);
    m_stopAction->setToolTip(u"Stop every node cleanly (brokers first)"_s);
    cluster->addSeparator();
    m_killBrokerLeader = cluster->addAction(u"Kill the busiest partition leader"_s, this, [this] {
        const QString node = busiestPartitionLeader(m_liveFeed->state());
        if (!node.isEmpty())
            requestNodeAction(NodeAction::Kill, node);
    });
    m_killQuorumLeader = cluster->addAction(u"Kill the ZooKeeper leader"_s, this, [this] {
        const QString node = quorumLeader(m_liveFeed->state());
        if (!node.isEmpty())
            requestNodeAction(NodeAction::Kill, node);
    });
    cluster->addSeparator();
    QAction *drillAction = cluster->addAction(u"Failover &drill…"_s, QKeySequence(u"Ctrl+D"_s), this, [this] {
        m_kafkaDocks[kDrillDock]->show();
        m_kafkaDocks[kDrillDock]->raise();
    });
    drillAction->setToolTip(u"Produce with acks=all while the leader broker is killed twice, then check that "
                            "nothing acknowledged was lost"_s);

    bar->addAction(m_newAction);
    bar->addAction(m_openAction);
    bar->addAction(save);
    bar->addSeparator();
    bar->addAction(m_startAction);
    bar->addAction(m_stopAction);
    bar->addSeparator();
    m_killLeaderButton = new QToolButton(this);
    m_killLeaderButton->setText(u"Kill the leader"_s);
    m_killLeaderButton->setToolTip(u"For demos: SIGKILL the broker leading the most partitions, or (menu) the "
                                   "ZooKeeper quorum leader"_s);
    m_killLeaderButton->setPopupMode(QToolButton::MenuButtonPopup);
    m_killLeaderButton->setIcon(stateIcon(NodeState::Killed));
    m_killLeaderButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *killMenu = new QMenu(m_killLeaderButton);
    killMenu->addAction(m_killBrokerLeader);
    killMenu->addAction(m_killQuorumLeader);
    m_killLeaderButton->setMenu(killMenu);
    connect(m_killLeaderButton, &QToolButton::clicked, m_killBrokerLeader, &QAction::trigger);
    connect(killMenu, &QMenu::aboutToShow, this, [this] {
        const QString broker = busiestPartitionLeader(m_liveFeed->state());
        const QString zk = quorumLeader(m_liveFeed->state());
        m_killBrokerLeader->setText(broker.isEmpty() ? u"Kill the busiest partition leader (none)"_s
                                                     : u"Kill %1 (leads the most partitions)"_s.arg(broker));
        m_killQuorumLeader->setText(zk.isEmpty() ? u"Kill the ZooKeeper leader (none)"_s
                                                 : u"Kill %1 (ZooKeeper quorum leader)"_s.arg(zk));
    });
    bar->addWidget(m_killLeaderButton);
    bar->addSeparator();
    bar->addAction(exportAction);
    bar->addAction(importAction);

    view->addAction(u"Fit the cluster in view"_s, QKeySequence(u"Ctrl+0"_s), m_topology, &TopologyView::fitAll);
    view->addAction(u"Zoom in"_s, QKeySequence::ZoomIn, this, [this] { m_topology->zoomBy(1.2); });
    view->addAction(u"Zoom out"_s, QKeySequence::ZoomOut, this, [this] { m_topology->zoomBy(1 / 1.2); });
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    m_darkAction = view->addAction(u"&Dark palette"_s);
    m_darkAction->setCheckable(true);
    connect(m_darkAction, &QAction::toggled, this, [this](bool dark) {
        applyAppPalette(dark);
        QSettings(u"ensemble"_s, u"window"_s).setValue(u"view/dark"_s, dark);
    });
    view->addAction(u"Save &screenshot…"_s, QKeySequence(u"Ctrl+Shift+S"_s), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, u"Save a screenshot"_s,
                                                          QDir::homePath() + u"/ensemble.png"_s, u"PNG (*.png)"_s);
        if (!path.isEmpty())
            saveScreenshot(path);
    });
    view->addAction(u"Ask again before every action"_s, this, [] {
        QSettings settings(u"ensemble"_s, u"window"_s);
        settings.remove(u"confirm"_s);
    });
}

void MainWindow::buildStatusBar()
{
    m_stateLabel = new QLabel(this);
    m_startProgress = new QProgressBar(this);
    m_startProgress->setMaximumWidth(160);
    m_startProgress->setFormat(u"%v of %m nodes up"_s);
    m_startProgress->hide();
    m_bootstrapLabel = new QLabel(this);
    m_bootstrapLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copyBootstrap = new QToolButton(this);
    m_copyBootstrap->setText(u"Copy"_s);
    m_copyBootstrap->setToolTip(u"Copy the bootstrap servers (for a Kafka client's bootstrap.servers)"_s);
    m_copyBootstrap->setAutoRaise(true);
    connect(m_copyBootstrap, &QToolButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_liveFeed->layout().bootstrapServers());
        statusBar()->showMessage(u"Copied the bootstrap servers"_s, 3000);
    });
    m_controllerLabel = new QLabel(this);
    m_leaderLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_startProgress);
    statusBar()->addPermanentWidget(m_bootstrapLabel);
    statusBar()->addPermanentWidget(m_copyBootstrap);
    statusBar()->addPermanentWidget(m_controllerLabel);
    statusBar()->addPermanentWidget(m_leaderLabel);
}

QString MainWindow::statusText() const
{
    return QStringList{m_stateLabel->text(), m_bootstrapLabel->text(), m_controllerLabel->text(), m_leaderLabel->text()}
        .join(u" | "_s);
}

void MainWindow::updateTitle()
{
    const QString file = m_clusterFile.isEmpty() ? u"built-in 3 + 3 cluster"_s : QFileInfo(m_clusterFile).fileName();
    setWindowTitle(m_fileMode ? u"Ensemble — replay of %1"_s.arg(m_fileLogPath) : u"Ensemble — %1"_s.arg(file));
}

void MainWindow::updateActions()
{
    const bool running = isClusterRunning();
    const bool stopping = running && engine()->isShuttingDown();
    m_startAction->setEnabled(!running);
    m_stopAction->setEnabled(running && !stopping);
    m_newAction->setEnabled(!running);
    m_openAction->setEnabled(!running);
    m_killLeaderButton->setEnabled(running && !stopping);
    m_killBrokerLeader->setEnabled(running && !stopping);
    m_killQuorumLeader->setEnabled(running && !stopping);
    m_topology->setActionsEnabled(running && !stopping && shownFeed() == m_liveFeed);
}

void MainWindow::showError(const QString &title, const QString &message)
{
    qCWarning(lcWindow).noquote() << title << message;
    Q_EMIT errorShown(message);
    statusBar()->showMessage(title + u": "_s + message.section(u'\n', 0, 0), 10000);
    if (!m_unattended)
        QMessageBox::warning(this, title, message);
}

bool MainWindow::startCluster()
{
    if (m_session) // running, or being set up
        return true;
    if (m_fileMode) {
        m_timeline->stopReplay();
        m_fileMode = false;
    }
    // The set-up's blocking steps (java -version, stray reaping, port checks) run on a worker; the window goes on.
    m_session = new ClusterRun(m_clusterFile, m_workspaceDir, this);
    connect(m_session, &ClusterRun::progress, this,
            [this](const QString &message) { statusBar()->showMessage(u"Setting up: "_s + message, 5000); });
    connect(m_session, &ClusterRun::failed, this, [this](const Error &error) {
        QString message = error.message;
        if (const QStringList diagnostics = m_session->diagnostics(); !diagnostics.isEmpty())
            message += u"\n\n"_s + diagnostics.join(u'\n');
        m_session->deleteLater();
        m_session = nullptr;
        showError(u"The cluster cannot start"_s, message);
        updateActions();
        refreshStatus();
    });
    connect(m_session, &ClusterRun::ready, this, &MainWindow::onClusterReady);
    statusBar()->showMessage(u"Setting up the cluster…"_s);
    m_session->setUp();
    return true;
}

void MainWindow::onClusterReady()
{
    QElapsedTimer clock;
    clock.start();
    Engine *e = engine();
    m_healthy = false;
    m_liveFeed->reset(e->layout(), e->events());
    m_timeline->setEvents(e->layout(), e->events());
    QStringList names;
    for (const NodeLayout &n : e->layout().nodes)
        names.append(n.name);
    m_logs->setLogFileSource([e](const QString &node) { return e->logFile(node); });
    m_logs->setNodes(names);
    connect(e, &Engine::eventEmitted, this, &MainWindow::onLiveEvent);
    connect(e, &Engine::nodeLine, m_logs, &LogWidget::appendLine);
    connect(e, &Engine::progress, this, [this](const QString &message) { statusBar()->showMessage(message, 5000); });
    connect(e, &Engine::healthy, this, [this](qint64 ms) {
        m_healthy = true;
        statusBar()->showMessage(u"Healthy in %1 s"_s.arg(double(ms) / 1000.0, 0, 'f', 1), 8000);
        refreshStatus();
        updateActions();
        Q_EMIT clusterHealthy();
    });
    connect(e, &Engine::startFailed, this, [this](const QString &message) {
        showError(u"The cluster did not start"_s, message);
        stopCluster();
    });
    connect(e, &Engine::shutdownRequested, this, &MainWindow::stopCluster);
    connect(e, &Engine::stopped, this, [this] {
        statusBar()->showMessage(u"Every node stopped"_s, 8000);
        // Let the engine finish its own handlers before the session (and the engine) go away.
        QTimer::singleShot(0, this, [this] {
            detachKafkaWidgets();
            delete m_session.data();
            m_healthy = false;
            updateActions();
            refreshStatus();
            Q_EMIT clusterStopped();
            if (m_quitWhenStopped)
                close();
        });
    });
    qCDebug(lcWindow) << "start: session ready" << clock.nsecsElapsed() / 1000 << "us";
    attachKafkaWidgets(e);
    qCDebug(lcWindow) << "start: Kafka docks" << clock.nsecsElapsed() / 1000 << "us";
    showFeed(m_liveFeed);
    updateTitle();
    e->start();
    qCDebug(lcWindow) << "start: node processes launched" << clock.nsecsElapsed() / 1000 << "us";
    updateActions();
    refreshStatus();
}

void MainWindow::stopCluster()
{
    if (!isClusterRunning() || engine()->isShuttingDown())
        return;
    statusBar()->showMessage(u"Stopping the cluster…"_s);
    // Produce, follow and drill jobs end while the brokers still answer, so none waits for a dead cluster.
    if (m_drill)
        m_drill->cancel();
    if (m_kafka)
        m_kafka->cancelAll();
    engine()->shutdown();
    updateActions();
    refreshStatus();
}

void MainWindow::onLiveEvent(const ClusterEvent &event)
{
    m_liveFeed->apply(event);
    if (!m_fileMode)
        m_timeline->appendEvent(event);
    Q_EMIT liveEvent(event);
}

void MainWindow::showFeed(ClusterFeed *feed)
{
    m_topology->setFeed(feed);
    m_partitionModel->setFeed(feed);
    m_topology->topologyScene()->setTimeScale(
        feed == m_replayFeed && m_timeline->isReplaying() ? m_timeline->replay()->speed() : 1.0);
    updateActions();
    m_treeTimer.start();
}

void MainWindow::onReplayActive(bool active)
{
    if (active) {
        m_banner->setText(u"REPLAY — a recorded election, not the live cluster. “Back to live” ends it."_s);
        m_banner->show();
        showFeed(m_replayFeed);
        return;
    }
    if (m_fileMode) {
        // Back to the end state of the saved run.
        m_replayFeed->reset(m_replayFeed->layout(), m_timeline->model()->events());
        m_banner->setText(u"Saved run: %1 — choose an election in the timeline to replay it"_s.arg(
            QFileInfo(m_fileLogPath).fileName()));
        showFeed(m_replayFeed);
    } else {
        m_banner->hide();
        showFeed(m_liveFeed);
    }
}

bool MainWindow::openEventLog(const QString &path)
{
    if (isClusterRunning()) {
        showError(u"Cannot open an event log"_s, u"A cluster is running — stop it first, then open the log."_s);
        return false;
    }
    int skipped = 0;
    auto events = EventLog::read(path, &skipped);
    if (!events) {
        showError(u"Cannot open the event log"_s, events.error().message);
        return false;
    }
    // The layout.json of the same workspace, or NAME.layout.json beside NAME.jsonl; else the nodes the events name.
    ClusterLayout layout;
    const QFileInfo info(path);
    bool haveLayout = false;
    for (const QString &candidate :
         {info.dir().filePath(u"layout.json"_s), info.dir().filePath(info.completeBaseName() + u".layout.json"_s)}) {
        QFile f(candidate);
        if (f.open(QIODevice::ReadOnly)) {
            layout = ClusterLayout::fromJson(QJsonDocument::fromJson(f.readAll()).object());
            haveLayout = !layout.nodes.isEmpty();
            if (haveLayout)
                break;
        }
    }
    if (!haveLayout)
        layout = ClusterFeed::layoutFromEvents(events.value());
    m_fileMode = true;
    m_fileLogPath = path;
    m_timeline->setEvents(layout, events.value());
    m_replayFeed->reset(layout, events.value());
    m_banner->setText(
        u"Saved run: %1 — choose an election in the timeline to replay it"_s.arg(QFileInfo(path).fileName()));
    m_banner->show();
    QStringList names;
    for (const NodeLayout &n : layout.nodes)
        names.append(n.name);
    // The logs of a saved run live in its workspace: nodes/NODE/logs/node.log.
    const QString root = info.dir().absolutePath();
    m_logs->setLogFileSource(
        [root](const QString &node) -> QString { return root + u"/nodes/"_s + node + u"/logs/node.log"_s; });
    m_logs->setNodes(names);
    showFeed(m_replayFeed);
    updateTitle();
    if (skipped > 0)
        statusBar()->showMessage(u"%1 lines were not events and were skipped"_s.arg(skipped), 8000);
    return true;
}

void MainWindow::onEventActivated(const ClusterEvent &event)
{
    const qint64 logMs = event.fields.value(u"log_ms"_s).toInteger();
    if (logMs <= 0 || event.node.isEmpty()) {
        statusBar()->showMessage(u"This event came from a %1, not from a log line"_s.arg(event.source), 5000);
        return;
    }
    m_logsDock->show();
    m_logsDock->raise();
    m_logs->jumpTo(event.node, logMs);
}

QString MainWindow::busiestPartitionLeader(const ClusterState &state)
{
    QHash<int, int> leads;
    for (const TopicState &t : state.topics())
        for (const PartitionState &p : t.partitions)
            if (p.leader >= 0)
                ++leads[p.leader];
    QString best;
    int bestCount = 0;
    for (const NodeStatus &n : state.nodes()) {
        if (n.layout.kind != NodeKind::Broker || !isRunning(n.state))
            continue;
        const int count = leads.value(n.layout.id);
        // Ties go to the controller's peers first: killing a plain leader shows a partition failover alone.
        if (count > bestCount || (count == bestCount && count > 0 && n.layout.id != state.controller() &&
                                  state.layout().find(best) && state.layout().find(best)->id == state.controller())) {
            best = n.layout.name;
            bestCount = count;
        }
    }
    return best;
}

QString MainWindow::quorumLeader(const ClusterState &state)
{
    const NodeStatus *n = state.node(state.quorumLeader());
    return n && isRunning(n->state) ? n->layout.name : QString();
}

bool MainWindow::confirm(NodeAction action, const QString &node)
{
    if (m_unattended)
        return true;
    QString what;
    const bool zk = node.startsWith(u"zookeeper"_s);
    switch (action) {
    case NodeAction::Kill:
        what = zk ? u"%1 gets SIGKILL and dies at once. If it is the quorum leader, the other servers elect a new "
                    "one (watch the votes); without a majority ZooKeeper stops serving."_s
                  : u"%1 gets SIGKILL and dies at once, without a controlled shutdown. Its partitions get new "
                    "leaders when its ZooKeeper session expires (a few seconds) and their ISR shrinks."_s;
        break;
    case NodeAction::Stop:
        what = zk ? u"%1 is asked to stop (SIGTERM) and exits cleanly."_s
                  : u"%1 does a controlled shutdown: it hands its partition leadership to other brokers, then exits."_s;
        break;
    case NodeAction::Pause:
        what = u"%1 is frozen with SIGSTOP. It cannot answer anyone: its sessions time out and the cluster treats "
               "it as gone until you resume it."_s;
        break;
    case NodeAction::Restart:
        what = u"%1 is stopped and started again."_s;
        break;
    case NodeAction::Start:
    case NodeAction::Resume:
        return true;
    }
    QSettings settings(u"ensemble"_s, u"window"_s);
    const QString key = u"confirm/"_s + toString(action);
    if (!settings.value(key, true).toBool())
        return true;
    QMessageBox box(QMessageBox::Warning, u"%1 %2?"_s.arg(toString(action), node), what.arg(node),
                    QMessageBox::Ok | QMessageBox::Cancel, this);
    box.button(QMessageBox::Ok)
        ->setText(u"%1 %2"_s.arg(toString(action).left(1).toUpper() + toString(action).mid(1), node));
    auto *dontAsk = new QCheckBox(u"Don't ask again"_s, &box);
    box.setCheckBox(dontAsk);
    if (box.exec() != QMessageBox::Ok)
        return false;
    if (dontAsk->isChecked())
        settings.setValue(key, false);
    return true;
}

void MainWindow::requestNodeAction(NodeAction action, const QString &node)
{
    if (!confirm(action, node))
        return;
    Q_EMIT nodeActionRequested(action, node);
    if (!engine())
        return;
    if (auto s = engine()->act(action, node); !s)
        showError(u"Cannot %1 %2"_s.arg(toString(action), node), s.error().message);
    else
        statusBar()->showMessage(u"%1 %2"_s.arg(toString(action), node), 4000);
}

void MainWindow::refreshTree()
{
    const ClusterFeed *feed = shownFeed();
    const ClusterState &state = feed->state();
    m_tree->setUpdatesEnabled(false);
    m_tree->clear();
    auto *nodes = new QTreeWidgetItem(m_tree, {u"Nodes"_s});
    auto *zk = new QTreeWidgetItem(nodes, {u"ZooKeeper"_s});
    auto *kafka = new QTreeWidgetItem(nodes, {u"Kafka"_s});
    for (const NodeStatus &n : state.nodes()) {
        QString role = n.role;
        if (n.layout.kind == NodeKind::Coordinator && state.quorumLeader() == n.layout.name)
            role = u"leader"_s;
        auto *item = new QTreeWidgetItem(
            n.layout.kind == NodeKind::Coordinator ? zk : kafka,
            {n.layout.name, role.isEmpty() ? toString(n.state) : toString(n.state) + u", "_s + role});
        item->setIcon(0, stateIcon(n.state));
        item->setData(0, Qt::UserRole, n.layout.name);
        item->setToolTip(0, m_topology->topologyScene()->tooltipFor(n.layout.name, n.sinceMs));
    }
    auto *topics = new QTreeWidgetItem(m_tree, {u"Topics"_s});
    for (const TopicState &t : state.topics()) {
        int under = 0;
        for (const PartitionState &p : t.partitions)
            under += p.leader < 0 || p.isr.size() < p.replicas.size() ? 1 : 0;
        auto *item = new QTreeWidgetItem(
            topics, {t.name, under ? u"%1 partitions, %2 under-replicated"_s.arg(t.partitions.size()).arg(under)
                                   : u"%1 partitions"_s.arg(t.partitions.size())});
        item->setToolTip(0, t.name);
    }
    m_tree->expandAll();
    m_tree->resizeColumnToContents(0);
    m_tree->setUpdatesEnabled(true);
}

void MainWindow::refreshStatus()
{
    const ClusterState &state = m_liveFeed->state();
    int up = 0;
    for (const NodeStatus &n : state.nodes())
        up += n.state == NodeState::Up ? 1 : 0;
    const int total = int(state.nodes().size());
    QString text;
    if (!isClusterRunning())
        text = m_fileMode ? u"Replaying a saved run"_s : u"Stopped"_s;
    else if (engine()->isShuttingDown())
        text = u"Stopping…"_s;
    else if (m_healthy)
        text = up == total ? u"Healthy"_s : u"Running — %1 of %2 nodes up"_s.arg(up).arg(total);
    else
        text = u"Starting…"_s;
    m_stateLabel->setText(u"<b>%1</b>"_s.arg(text));
    m_startProgress->setVisible(isClusterRunning() && !m_healthy && !engine()->isShuttingDown());
    m_startProgress->setRange(0, std::max(1, total));
    m_startProgress->setValue(up);
    m_bootstrapLabel->setText(u"Bootstrap: %1"_s.arg(isClusterRunning() ? state.layout().bootstrapServers() : u"-"_s));
    m_copyBootstrap->setEnabled(isClusterRunning());
    const NodeLayout *controller = state.layout().brokerById(state.controller());
    m_controllerLabel->setText(u"Controller: %1"_s.arg(controller && isClusterRunning() ? controller->name : u"-"_s));
    m_leaderLabel->setText(u"Quorum leader: %1"_s.arg(
        !state.quorumLeader().isEmpty() && isClusterRunning() ? state.quorumLeader() : u"-"_s));
}

void MainWindow::newClusterFile()
{
    m_clusterFile.clear();
    m_fileMode = false;
    m_timeline->setEvents({}, {});
    if (const SpecParseResult parsed = parseClusterSpec(defaultClusterYaml()); parsed.spec)
        m_liveFeed->reset(previewLayout(*parsed.spec));
    m_banner->hide();
    showFeed(m_liveFeed);
    updateTitle();
}

void MainWindow::openClusterFile()
{
    const QString path = QFileDialog::getOpenFileName(this, u"Open a cluster file"_s, QDir::homePath(),
                                                      u"Cluster files (*.yaml *.yml);;All files (*)"_s);
    if (path.isEmpty())
        return;
    const SpecParseResult parsed = loadClusterSpec(path);
    if (!parsed.spec) {
        QStringList lines;
        for (const Diagnostic &d : parsed.diagnostics)
            lines.append(d.format(path));
        showError(u"The cluster file has errors"_s, lines.join(u'\n'));
        return;
    }
    newClusterFile();
    m_clusterFile = path;
    m_liveFeed->reset(previewLayout(*parsed.spec));
    updateTitle();
}

void MainWindow::saveClusterFile()
{
    const QString path = QFileDialog::getSaveFileName(this, u"Save the cluster file"_s,
                                                      QDir::homePath() + u"/cluster.yaml"_s, u"YAML (*.yaml *.yml)"_s);
    if (path.isEmpty())
        return;
    QByteArray yaml = defaultClusterYaml();
    if (!m_clusterFile.isEmpty()) {
        QFile in(m_clusterFile);
        if (in.open(QIODevice::ReadOnly))
            yaml = in.readAll();
    }
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(yaml) != yaml.size()) {
        showError(u"Cannot save"_s, u"Cannot write %1 — %2"_s.arg(path, out.errorString()));
        return;
    }
    m_clusterFile = path;
    updateTitle();
}

bool MainWindow::saveScreenshot(const QString &path)
{
    const QPixmap image = grab();
    if (!image.save(path)) {
        showError(u"Cannot save the screenshot"_s, u"Cannot write %1"_s.arg(path));
        return false;
    }
    statusBar()->showMessage(u"Saved %1"_s.arg(path), 4000);
    return true;
}

void MainWindow::setDarkPalette(bool dark)
{
    m_darkAction->setChecked(dark);
    applyAppPalette(dark);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_unattended) {
        QSettings settings(u"ensemble"_s, u"window"_s);
        settings.setValue(u"window/geometry"_s, saveGeometry());
        settings.setValue(u"window/state"_s, saveState());
    }
    if (!isClusterRunning()) {
        event->accept();
        return;
    }
    event->ignore();
    if (engine()->isShuttingDown()) {
        m_quitWhenStopped = true;
        return;
    }
    if (!m_unattended) {
        const auto answer = QMessageBox::question(
            this, u"Stop the cluster?"_s,
            u"The cluster is running. Its nodes are child processes of this window and end with it.\n\n"
            "Stop every node cleanly and quit?"_s,
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
        if (answer != QMessageBox::Yes)
            return;
    }
    m_quitWhenStopped = true;
    stopCluster();
}

void MainWindow::attachKafkaWidgets(Engine *engine)
{
    detachKafkaWidgets();
    m_kafka = new KafkaClient(engine->layout().bootstrapServers(), this);
    // The charts gather figures from the start (they build their QCharts only when first shown). The other four
    // are built when their tab is first shown (or asked for): building them all when Start is pressed held the
    // UI thread for tens of milliseconds.
    auto *charts = new TrafficCharts;
    charts->attachClient(m_kafka);
    charts->attachEngine(engine);
    delete m_kafkaDocks[kChartsDock]->widget();
    m_kafkaDocks[kChartsDock]->setWidget(charts);
    for (int dock : {kProduceDock, kConsumeDock, kTopicsDock, kDrillDock})
        if (!m_kafkaDocks[dock]->visibleRegion().isEmpty()) // on screen: not a hidden tab, not closed
            QTimer::singleShot(0, this, [this, dock] { kafkaWidget(dock); });
}

QWidget *MainWindow::kafkaWidget(int dock)
{
    Engine *owner = engine(); // the Kafka docks belong to the running session's engine
    if (!m_kafka || !owner || dock < 0 || dock >= m_kafkaDocks.size())
        return nullptr;
    QWidget *current = m_kafkaDocks[dock]->widget();
    if (current && current->property("ensembleKafkaWidget").toBool())
        return current;
    const int brokers = int(owner->layout().brokers().size());
    QWidget *widget = nullptr;
    switch (dock) {
    case kProduceDock: {
        auto *produce = new ProduceForm(m_kafka);
        produce->setBrokerCount(brokers);
        connectTopicRefresh(owner, produce, [produce] { produce->refreshTopics(); });
        widget = produce;
        break;
    }
    case kConsumeDock: {
        auto *consume = new ConsumeView(m_kafka);
        connect(consume, &ConsumeView::copyToForm, this, [this](const ConsumedMessage &message) {
            if (auto *produce = qobject_cast<ProduceForm *>(kafkaWidget(kProduceDock))) {
                produce->loadMessage(message);
                m_kafkaDocks[kProduceDock]->raise();
            }
        });
        connectTopicRefresh(owner, consume, [consume] { consume->refreshTopics(); });
        widget = consume;
        break;
    }
    case kTopicsDock: {
        auto *topics = new TopicsPanel(m_kafka);
        topics->setBrokerCount(brokers);
        connectTopicRefresh(owner, topics, [topics] { topics->refresh(); });
        widget = topics;
        break;
    }
    case kChartsDock:
        return current;
    case kDrillDock:
        m_drill = new DrillPanel(m_kafka, owner);
        widget = m_drill;
        break;
    }
    widget->setProperty("ensembleKafkaWidget", true);
    delete current;
    m_kafkaDocks[dock]->setWidget(widget);
    return widget;
}

void MainWindow::connectTopicRefresh(Engine *engine, QObject *receiver, std::function<void()> refresh)
{
    // Built before any broker answers, or while topics come and go: the topic lists are fetched again once the
    // cluster is healthy and whenever a topic is created or deleted.
    connect(engine, &Engine::eventEmitted, receiver, [refresh = std::move(refresh)](const ClusterEvent &e) {
        if (e.kind == EventKind::ClusterHealthy || e.kind == EventKind::TopicCreated ||
            e.kind == EventKind::TopicDeleted)
            refresh();
    });
}

DrillPanel *MainWindow::drillPanel()
{
    kafkaWidget(kDrillDock);
    return m_drill.data();
}

bool MainWindow::runDrill()
{
    kafkaWidget(kDrillDock);
    if (!m_drill || m_drill->isRunning() || !isClusterRunning())
        return false;
    QDockWidget *drill = m_kafkaDocks[kDrillDock];
    QDockWidget *charts = m_kafkaDocks[kChartsDock];
    if (tabifiedDockWidgets(drill).contains(charts)) {
        // Both at once, so the charts show what the drill does: the charts leave the tabs for their own place
        // below them in the right-hand area.
        removeDockWidget(charts);
        addDockWidget(Qt::RightDockWidgetArea, charts, Qt::Vertical);
        resizeDocks({drill, charts}, {2, 3}, Qt::Vertical);
    }
    for (QDockWidget *dock : {charts, drill}) {
        dock->show();
        dock->raise();
    }
    m_drill->run();
    return m_drill->isRunning();
}

void MainWindow::detachKafkaWidgets()
{
    for (QDockWidget *dock : std::as_const(m_kafkaDocks)) {
        auto *hint = new QLabel(u"Start the cluster to use %1."_s.arg(dock->windowTitle().toLower()));
        hint->setAlignment(Qt::AlignCenter);
        hint->setEnabled(false);
        delete dock->widget();
        dock->setWidget(hint);
    }
    // After its widgets (they hold jobs of it), and without waiting: an admin call to stopped brokers may take its
    // 15 s timeout to return.
    if (m_kafka)
        m_kafka->deleteWhenIdle();
}

} // namespace ensemble::ui
