#include "MainWindow.h"

#include "AppPalette.h"
#include "AttachedSession.h"
#include "BackgroundStart.h"
#include "CloseQuestion.h"
#include "ClusterFeed.h"
#include "ClusterFileCheck.h"
#include "ClusterRun.h"
#include "ClusterStatusBar.h"
#include "ClusterTree.h"
#include "ClusterTreeModel.h"
#include "DrillPanel.h"
#include "EventModel.h"
#include "FileMenu.h"
#include "HelpMenu.h"
#include "KafkaDocks.h"
#include "KillLeaderButton.h"
#include "LegendWidget.h"
#include "LogWidget.h"
#include "NodeActionConfirmation.h"
#include "NodeMenu.h"
#include "NodeStyle.h"
#include "PartitionModel.h"
#include "PartitionsPanel.h"
#include "RuntimeInstallPrompt.h"
#include "RuntimeLocator.h"
#include "SavedRun.h"
#include "TimelineWidget.h"
#include "TopologyScene.h"
#include "TopologyView.h"
#include "ViewMenu.h"
#include "WindowArrangement.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSignalBlocker>
#include <QThreadPool>
#include <QToolBar>
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

QSettings windowSettings()
{
    return QSettings(u"ensemble"_s, u"window"_s);
}
} // namespace

MainWindow::MainWindow(const QString &clusterFile, const QString &workspaceDir, QWidget *parent)
    : QMainWindow(parent), m_clusterFile(clusterFile), m_workspaceDir(workspaceDir), m_liveFeed(new ClusterFeed(this)),
      m_replayFeed(new ClusterFeed(this))
{
    setObjectName(u"MainWindow"_s);
    // `java -version` (a JVM start) off the UI thread now, so Start finds the answer cached.
    QThreadPool::globalInstance()->start([] { RuntimeLocator::warmUp(); });
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
    layout->addWidget(new LegendWidget(m_topology->topologyScene(), this));
    setCentralWidget(central);
    m_topology->setClock([this]() -> qint64 {
        if (shownFeed() == m_liveFeed && session())
            return session()->clusterTimeMs();
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
    connect(m_topology, &TopologyView::nodeSelected, this, &MainWindow::selectNode);

    m_status = new ClusterStatusBar(this);
    setStatusBar(m_status);
    buildDocks();
    buildActions();
    menuBar()->addMenu(new NodeMenu(m_topology, this));
    menuBar()->addMenu(new HelpMenu(this));

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(100);
    connect(&m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshViews);
    // At most ten refreshes a second however fast events come (a burst must not postpone them).
    for (ClusterFeed *feed : {m_liveFeed, m_replayFeed}) {
        connect(feed, &ClusterFeed::eventApplied, this, [this] {
            if (!m_refreshTimer.isActive())
                m_refreshTimer.start();
        });
        connect(feed, &ClusterFeed::resetDone, this, [this] { m_refreshTimer.start(); });
    }

    // Before anything runs, show the cluster file's nodes (stopped) so the window is not empty.
    showClusterFile(clusterFile);

    m_arrangement = std::make_unique<WindowArrangement>(this);
    resize(m_arrangement->defaultSize());
    updateTitle();
    updateActions();
    refreshViews();
}

MainWindow::~MainWindow()
{
    // The Kafka widgets and their client go before the session (and its engine): see KafkaDocks.
    delete m_kafkaDocks;
}

void MainWindow::restoreSettings()
{
    m_arrangement->restore();
    QSettings settings = windowSettings();
    m_partitions->setInternalTopicsShown(settings.value(u"view/internalTopics"_s, false).toBool());
    if (settings.value(u"view/dark"_s, false).toBool())
        m_darkAction->setChecked(true);
}

void MainWindow::resetLayout()
{
    m_arrangement->reset();
    m_topology->fitAll();
}

Engine *MainWindow::engine() const
{
    return m_session ? m_session->engine() : nullptr;
}

ClusterSession *MainWindow::session() const
{
    return m_attached ? static_cast<ClusterSession *>(m_attached.data()) : engine();
}

bool MainWindow::isAttached() const
{
    return m_attached;
}

bool MainWindow::isClusterRunning() const
{
    return (m_session && m_session->engine()) || m_attached;
}

ClusterFeed *MainWindow::shownFeed() const
{
    return m_fileMode || m_timeline->isReplaying() ? m_replayFeed : m_liveFeed;
}

void MainWindow::buildDocks()
{
    m_tree = new ClusterTree(this);
    m_tree->treeModel()->setTooltipSource([this](const QString &node) {
        const qint64 now = shownFeed() == m_liveFeed && session() ? session()->clusterTimeMs()
                           : shownFeed()->events().isEmpty()      ? 0
                                                                  : shownFeed()->events().constLast().timeMs;
        return m_topology->topologyScene()->tooltipFor(node, now);
    });
    m_tree->setNodeKeyHandler(
        [this](const QString &node, QKeyEvent *event) { return m_topology->handleNodeKey(node, event); });
    m_tree->setNodeMenuFactory(
        [this](const QString &node, QWidget *parent) { return m_topology->createNodeMenu(node, parent); });
    connect(m_tree, &ClusterTree::nodeSelected, this, &MainWindow::selectNode);
    m_treeDock = new QDockWidget(u"Cluster"_s, this);
    m_treeDock->setObjectName(u"ClusterDock"_s);
    m_treeDock->setWidget(m_tree);
    addDockWidget(Qt::LeftDockWidgetArea, m_treeDock);

    m_partitionModel = new PartitionModel(this);
    m_partitions = new PartitionsPanel(m_partitionModel, this);
    connect(m_partitions, &PartitionsPanel::internalTopicsShownChanged, this, [this](bool shown) {
        m_topology->topologyScene()->setShowInternalTopics(shown);
        windowSettings().setValue(u"view/internalTopics"_s, shown);
    });
    m_partitionsDock = new QDockWidget(u"Partitions"_s, this);
    m_partitionsDock->setObjectName(u"PartitionsDock"_s);
    m_partitionsDock->setWidget(m_partitions);
    addDockWidget(Qt::RightDockWidgetArea, m_partitionsDock);

    m_timeline = new TimelineWidget(m_replayFeed, this);
    m_timelineDock = new QDockWidget(u"Event timeline"_s, this);
    m_timelineDock->setObjectName(u"TimelineDock"_s);
    m_timelineDock->setWidget(m_timeline);
    addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
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
    tabifyDockWidget(m_timelineDock, m_logsDock);
    m_timelineDock->raise();

    // Produce, consume, topics, traffic, drill and scenarios talk to the running cluster as a client would.
    m_kafkaDocks = new KafkaDocks(this, m_partitionsDock);
    m_partitionsDock->raise();
    resizeDocks({m_treeDock, m_partitionsDock}, {260, 470}, Qt::Horizontal);
    resizeDocks({m_timelineDock}, {240}, Qt::Vertical);
}

void MainWindow::buildActions()
{
    m_fileMenu = new FileMenu(this, [this] { return m_clusterFile; });
    menuBar()->addMenu(m_fileMenu);
    connect(m_fileMenu, &FileMenu::clusterFileChosen, this, [this](const QString &path, bool start) {
        showClusterFile(path);
        if (start)
            startCluster();
    });
    connect(m_fileMenu, &FileMenu::clusterFileSaved, this, [this](const QString &path) {
        m_clusterFile = path;
        updateTitle();
    });
    connect(m_fileMenu, &FileMenu::eventLogChosen, this, &MainWindow::openEventLog);
    connect(m_fileMenu, &FileMenu::errorRaised, this, &MainWindow::showError);
    connect(m_fileMenu, &FileMenu::attachRequested, this, &MainWindow::attachCluster);
    QMenu *cluster = menuBar()->addMenu(u"&Cluster"_s);
    auto *view = new ViewMenu(this);
    menuBar()->addMenu(view);
    m_darkAction = view->darkAction();
    QToolBar *bar = addToolBar(u"Main"_s);
    bar->setObjectName(u"MainToolBar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QStyle *s = style();

    m_startAction =
        cluster->addAction(s->standardIcon(QStyle::SP_MediaPlay), u"&Start"_s, this, &MainWindow::startCluster);
    m_startAction->setToolTip(u"Start every node of the cluster"_s);
    m_stopAction =
        cluster->addAction(s->standardIcon(QStyle::SP_MediaStop), u"S&top"_s, this, &MainWindow::stopCluster);
    m_stopAction->setToolTip(u"Stop every node cleanly (brokers first)"_s);
    cluster->addAction((new BackgroundStart(this))->action());
    cluster->addSeparator();
    m_killLeaderButton = new KillLeaderButton([this]() -> const ClusterState & { return m_liveFeed->state(); }, this);
    connect(m_killLeaderButton, &KillLeaderButton::killRequested, this,
            [this](const QString &node) { requestNodeAction(NodeAction::Kill, node); });
    cluster->addAction(m_killLeaderButton->brokerLeaderAction());
    cluster->addAction(m_killLeaderButton->quorumLeaderAction());
    cluster->addSeparator();
    m_kafkaDocks->addMenuEntries(cluster); // Failover drill (Ctrl+D), Scenarios (Ctrl+L)

    bar->addActions({m_fileMenu->newAction(), m_fileMenu->openAction(), m_fileMenu->saveAction()});
    bar->addSeparator();
    bar->addAction(m_startAction);
    bar->addAction(m_stopAction);
    bar->addSeparator();
    bar->addWidget(m_killLeaderButton);
}

void MainWindow::selectNode(const QString &node)
{
    // One selection for the tree and the canvas: each follows the other (neither re-emits a change it was told).
    if (m_topology->selectedNode() != node && !node.isEmpty())
        m_topology->selectNode(node);
    m_tree->selectNode(node);
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

void MainWindow::updateTitle()
{
    const QString file = m_clusterFile.isEmpty() ? u"built-in 3 + 3 cluster"_s : QFileInfo(m_clusterFile).fileName();
    setWindowTitle(m_fileMode ? u"Ensemble — replay of %1"_s.arg(m_fileLogPath)
                   : m_attached
                       ? u"Ensemble — %1 (attached: %2)"_s.arg(m_attached->spec().name, m_attached->workspace().root())
                       : u"Ensemble — %1"_s.arg(file));
}

void MainWindow::updateActions()
{
    const bool running = isClusterRunning();
    const bool stopping = running && session()->isShuttingDown();
    m_startAction->setEnabled(!running);
    m_stopAction->setEnabled(running && !stopping);
    m_fileMenu->setClusterRunning(running);
    m_killLeaderButton->setTargetsEnabled(running && !stopping);
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
    // Lint first: a file with errors does not start (nothing half-started); warnings are shown and it starts.
    const ClusterFileCheck check = ClusterFileCheck::of(m_clusterFile);
    if (!check.errors.isEmpty()) {
        showError(u"The cluster file has errors — fix them, then Start"_s, (check.errors + check.warnings).join(u'\n'));
        return false;
    }
    // A missing Kafka runtime: offer to install it, then start; declined, the window stays and nothing starts.
    if (RuntimeInstallPrompt::ask(this, m_clusterFile, m_unattended, [this] { startCluster(); }) !=
        RuntimeInstallPrompt::Answer::StartNow)
        return true;
    if (!check.warnings.isEmpty()) {
        qCWarning(lcWindow).noquote() << check.warnings.join(u'\n');
        statusBar()->showMessage(
            u"Starting with %1 warning(s): %2"_s.arg(check.warnings.size()).arg(check.warnings.constFirst()), 15000);
        if (!m_unattended)
            QMessageBox::information(this, u"The cluster file has warnings"_s,
                                     u"The cluster starts; worth a look:\n\n"_s + check.warnings.join(u'\n'));
    }
    if (std::exchange(m_fileMode, false))
        m_timeline->stopReplay();
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
        refreshViews();
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
    showSession(engine());
    qCDebug(lcWindow) << "start: session ready" << clock.nsecsElapsed() / 1000 << "us";
    engine()->start();
    qCDebug(lcWindow) << "start: node processes launched" << clock.nsecsElapsed() / 1000 << "us";
    updateActions();
    refreshViews();
}

void MainWindow::showSession(ClusterSession *e)
{
    m_banner->hide();
    m_healthy = e->isHealthy();
    m_liveFeed->reset(e->layout(), e->events());
    m_timeline->setEvents(e->layout(), e->events());
    // The paths, not the engine: the log dock outlives this run's engine (deleted on Stop).
    QStringList names;
    QHash<QString, QString> logFiles;
    for (const NodeLayout &n : e->layout().nodes) {
        names.append(n.name);
        logFiles.insert(n.name, e->logFile(n.name));
    }
    m_logs->setRun(names, logFiles);
    connectSession(e);
    m_kafkaDocks->attach(e);
    showFeed(m_liveFeed);
    updateTitle();
}

bool MainWindow::attachCluster(const QString &workspaceDir)
{
    if (m_session || m_attached) {
        showError(u"Cannot attach"_s, u"A cluster runs in this window — stop it (or open a new window) first."_s);
        return false;
    }
    auto opened = AttachedSession::open(workspaceDir, this);
    if (!opened) {
        showError(u"Cannot attach"_s, opened.error().message);
        return false;
    }
    AttachedSession *a = *opened;
    connect(a, &AttachedSession::failed, this, [this, a](const QString &message) {
        a->deleteLater();
        showError(u"Cannot attach"_s, message);
    });
    connect(a, &AttachedSession::ready, this, [this, a] {
        if (m_session || m_attached) // started here meanwhile
            return a->deleteLater();
        if (std::exchange(m_fileMode, false))
            m_timeline->stopReplay();
        m_attached = a;
        showSession(a);
        statusBar()->showMessage(u"Attached: %1 events so far"_s.arg(a->events().size()), 8000);
        updateActions();
        refreshViews();
        Q_EMIT clusterAttached();
    });
    statusBar()->showMessage(u"Attaching to %1…"_s.arg(workspaceDir));
    a->start();
    return true;
}

void MainWindow::detachCluster()
{
    if (!m_attached)
        return;
    m_kafkaDocks->detach();
    delete m_attached.data(); // the cluster runs on
    m_healthy = false;
    updateTitle();
    updateActions();
    refreshViews();
}

void MainWindow::connectSession(ClusterSession *e)
{
    connect(e, &ClusterSession::eventEmitted, this, &MainWindow::onLiveEvent);
    connect(e, &ClusterSession::nodeLine, m_logs, &LogWidget::appendLine);
    connect(e, &ClusterSession::commandFailed, this, [this](const QString &m) { showError(u"Refused"_s, m); });
    connect(e, &ClusterSession::lost, this, [this](const QString &message) {
        m_liveFeed->reset(m_liveFeed->layout()); // its nodes have ended with it; no event said so
        m_banner->setText(u"NOT RUNNING — "_s + message);
        m_banner->show();
        showError(u"The cluster has gone"_s, message);
    });
    connect(e, &ClusterSession::progress, this,
            [this](const QString &message) { statusBar()->showMessage(message, 5000); });
    connect(e, &ClusterSession::healthy, this, [this](qint64 ms) {
        m_healthy = true;
        statusBar()->showMessage(u"Healthy in %1 s"_s.arg(double(ms) / 1000.0, 0, 'f', 1), 8000);
        refreshViews();
        updateActions();
        Q_EMIT clusterHealthy();
    });
    connect(e, &ClusterSession::startFailed, this, [this](const QString &message) {
        showError(u"The cluster did not start"_s, message);
        stopCluster();
    });
    connect(e, &ClusterSession::shutdownRequested, this, &MainWindow::stopCluster);
    connect(e, &ClusterSession::stopped, this, [this] {
        statusBar()->showMessage(u"Every node stopped"_s, 8000);
        // Let the engine finish its own handlers before the session (and the engine) go away.
        QTimer::singleShot(0, this, [this] {
            m_kafkaDocks->detach();
            delete m_session.data();
            delete m_attached.data();
            m_healthy = false;
            updateTitle();
            updateActions();
            refreshViews();
            Q_EMIT clusterStopped();
            if (m_quitWhenStopped)
                close();
        });
    });
}

void MainWindow::stopCluster()
{
    if (!isClusterRunning() || session()->isShuttingDown())
        return;
    statusBar()->showMessage(u"Stopping the cluster…"_s);
    // Produce, follow and drill jobs end while the brokers still answer, so none waits for a dead cluster.
    m_kafkaDocks->cancelAll();
    session()->shutdown();
    updateActions();
    refreshViews();
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
    m_partitionModel->setMinIsrOf(session());
    m_topology->topologyScene()->setClusterFileOf(session());
    m_topology->topologyScene()->setTimeScale(
        feed == m_replayFeed && m_timeline->isReplaying() ? m_timeline->replay()->speed() : 1.0);
    updateActions();
    m_refreshTimer.start();
}

void MainWindow::refreshViews()
{
    m_tree->treeModel()->setState(shownFeed()->state());
    m_tree->selectNode(m_topology->selectedNode());
    using Phase = ClusterStatusBar::Phase;
    Phase phase = m_fileMode ? Phase::Replay : Phase::Stopped;
    if (isClusterRunning())
        phase = session()->isShuttingDown() ? Phase::Stopping : m_healthy ? Phase::Running : Phase::Starting;
    m_status->showState(m_liveFeed->state(), phase);
}

void MainWindow::onReplayActive(bool active)
{
    if (active) {
        m_banner->setText(u"REPLAY — a recorded election or failover, not the live cluster. “Back to live” ends it."_s);
        m_banner->show();
        showFeed(m_replayFeed);
        return;
    }
    if (m_fileMode) {
        // Back to the end state of the saved run.
        m_replayFeed->reset(m_timeline->model()->baseline(), m_timeline->model()->events());
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
    auto opened = SavedRun::open(path);
    if (!opened) {
        showError(u"Cannot open the event log"_s, opened.error().message);
        return false;
    }
    const SavedRun *run = &opened.value();
    m_fileMode = true;
    m_fileLogPath = path;
    m_timeline->setEvents(run->layout, run->events);
    m_replayFeed->reset(run->layout, run->events);
    m_banner->setText(
        u"Saved run: %1 — choose an election in the timeline to replay it"_s.arg(QFileInfo(path).fileName()));
    m_banner->show();
    m_logs->setRun(run->nodeNames(), run->logFiles);
    showFeed(m_replayFeed);
    updateTitle();
    if (run->skippedLines > 0)
        statusBar()->showMessage(u"%1 lines were not events and were skipped"_s.arg(run->skippedLines), 8000);
    return true;
}

void MainWindow::onEventActivated(const ClusterEvent &event)
{
    const qint64 logMs = event.logMs().value_or(0);
    if (logMs <= 0 || event.node.isEmpty()) {
        statusBar()->showMessage(u"This event came from a %1, not from a log line"_s.arg(event.source), 5000);
        return;
    }
    m_logsDock->show();
    m_logsDock->raise();
    m_logs->jumpTo(event.node, logMs);
}

void MainWindow::requestNodeAction(NodeAction action, const QString &node)
{
    const NodeLayout *layout = shownFeed()->layout().find(node);
    const NodeKind kind = layout ? layout->kind : NodeKind::Broker;
    if (!m_unattended && !NodeActionConfirmation::ask(this, action, node, kind, session()))
        return;
    Q_EMIT nodeActionRequested(action, node);
    if (!session())
        return;
    if (auto s = session()->act(action, node); !s)
        showError(u"Cannot %1 %2"_s.arg(toString(action), node), s.error().message);
    else
        statusBar()->showMessage(u"%1 %2"_s.arg(toString(action), node), 4000);
}

void MainWindow::showClusterFile(const QString &path)
{
    m_clusterFile = path;
    m_fileMode = false;
    m_timeline->setEvents({}, {});
    const SpecParseResult parsed = path.isEmpty() ? parseClusterSpec(defaultClusterYaml()) : loadClusterSpec(path);
    if (parsed.spec)
        m_liveFeed->reset(previewLayout(*parsed.spec));
    m_banner->hide();
    showFeed(m_liveFeed);
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
    // For this run only (`--dark`): the remembered choice is View → Dark palette's, which saves it when toggled.
    const QSignalBlocker quiet(m_darkAction);
    m_darkAction->setChecked(dark);
    applyAppPalette(dark);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_unattended)
        m_arrangement->save();
    if (!isClusterRunning()) {
        event->accept();
        return;
    }
    event->ignore();
    if (session()->isShuttingDown()) {
        m_quitWhenStopped = true;
        return;
    }
    using Answer = CloseQuestion::Answer;
    const Answer answer = CloseQuestion::ask(this, m_attached ? m_attached->spec().name : QString(), m_unattended);
    if (answer == Answer::Cancel)
        return;
    if (answer == Answer::KeepRunning) {
        detachCluster();
        event->accept();
        return;
    }
    m_quitWhenStopped = true;
    stopCluster();
}

DrillPanel *MainWindow::drillPanel()
{
    return m_kafkaDocks->drillPanel();
}

bool MainWindow::runDrill()
{
    return isClusterRunning() && m_kafkaDocks->runDrill();
}

} // namespace ensemble::ui
