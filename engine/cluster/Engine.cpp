#include "Engine.h"

#include "KRaftStorage.h"
#include "KafkaAdmin.h"
#include "LinkFaults.h"
#include "NetworkFault.h"
#include "NodeConfig.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QtConcurrent>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEngine, "ensemble.engine")

namespace ensemble {

namespace {
constexpr int kStartTimeoutMs = 180000;
constexpr int kBrokerStopGraceMs = 30000;
constexpr int kCoordinatorStopGraceMs = 10000;
constexpr int kRecordingStopGraceMs = 120000; // Java 25 assembles an AOT cache in a second JVM: 34 s at load 23
constexpr int kTopicTimeoutMs = 15000;
constexpr int kStartingProbeMs = 250;
constexpr int kSteadyProbeMs = 500;
constexpr int kQuorumFiguresMs = 1000; // DescribeQuorum: two small exchanges with the raft leader
} // namespace

Engine::Engine(ClusterSpec spec, Workspace workspace, Runtime runtime, ClusterLayout layout, QObject *parent)
    : ClusterSession(parent), m_spec(std::move(spec)), m_workspace(std::move(workspace)), m_runtime(std::move(runtime)),
      m_classData(m_runtime), m_layout(std::move(layout))
{
    m_reconciler.reset(m_layout);
    qRegisterMetaType<ClusterEvent>();
    qRegisterMetaType<ClusterSnapshot>();
    qRegisterMetaType<SrvrReply>();
    m_reconciler.setClock([this] { return clusterTimeMs(); });
    connect(&m_reconciler, &EventReconciler::eventEmitted, this, &Engine::onEvent);
    connect(&m_reconciler, &EventReconciler::probeWanted, this, [this] {
        if (m_clusterProbe)
            QMetaObject::invokeMethod(m_clusterProbe, &ClusterProbe::probeNow, Qt::QueuedConnection);
    });
    m_startDeadline.setSingleShot(true);
    connect(&m_startDeadline, &QTimer::timeout, this, [this] {
        QStringList waiting;
        for (const NodeStatus &n : m_reconciler.state().nodes())
            if (n.state != NodeState::Up)
                waiting.append(n.layout.name + u" ("_s + toString(n.state) + u')');
        failStart(u"the cluster did not become healthy within %1 s; not up: %2 — see the node logs under %3/nodes"_s
                      .arg(kStartTimeoutMs / 1000)
                      .arg(waiting.isEmpty() ? u"topics"_s : waiting.join(u", "_s), m_workspace.root()));
    });
}

Engine::~Engine()
{
    // Nothing here waits (in the window this is the UI thread): the probe is deleted on its own thread when that
    // thread finishes (after the probe call in flight, which may take a second against a dead cluster), and the
    // thread object then deletes itself.
    if (m_clusterProbe)
        m_clusterProbe->deleteLater();
    if (m_quorumDescriber)
        m_quorumDescriber->deleteLater();
    if (m_probeThread) {
        connect(m_probeThread, &QThread::finished, m_probeThread, &QObject::deleteLater);
        m_probeThread->quit();
        if (m_probeThread->isFinished())
            delete m_probeThread; // also drops a deleteLater the finished signal may have posted
    }
    for (NodeProcess *p : std::as_const(m_processes))
        p->discard(); // SIGKILL whatever still runs, without waiting for it to be reaped
}

Status Engine::prepare()
{
    m_reconciler.setKRaft(isKRaft());
    if (isKRaft()) {
        auto id = KRaftStorage::clusterId(m_workspace, m_layout);
        if (!id)
            return id.error();
        m_clusterId = id.value();
    } else if (QFile::exists(m_workspace.root() + u"/kraft.json"_s)) {
        return Error::badInput(
            u"workspace %1 holds a KRaft cluster, this cluster file asks for ZooKeeper mode — "
            "delete the workspace directory %1 (`rm -r %1`) or use another one (`-w DIR`)"_s.arg(m_workspace.root()));
    }
    if (auto s = m_eventLog.open(m_workspace.eventsFile()); !s)
        return s;

    for (const NodeLayout &node : m_layout.nodes) {
        const NodePaths paths{m_workspace.confDir(node.name), m_workspace.dataDir(node.name),
                              m_workspace.logsDir(node.name)};
        // Every KRaft node runs kafka.Kafka: controllers share the brokers' class-data archive.
        const QStringList arguments = m_classData.jvmOptions(isKRaft() ? NodeKind::Broker : node.kind, node.name) +
                                      NodeConfig::jvmArguments(m_spec, m_runtime, node, paths, m_workspace.root());
        auto *proc =
            new NodeProcess(node.name, m_runtime.java, arguments, m_workspace.logsDir(node.name) + u"/node.log"_s,
                            m_workspace.pidFile(node.name), this);
        connect(proc, &NodeProcess::started, this, [this](const QString &name, qint64 pid) {
            setNodeState(name, NodeState::Starting, {{u"pid"_s, pid}});
        });
        connect(proc, &NodeProcess::exited, this, &Engine::onNodeExited);
        connect(proc, &NodeProcess::lineReceived, this, &Engine::onNodeLine);
        connect(proc, &NodeProcess::failedToStart, this, [this](const QString &name, const QString &error) {
            setNodeState(name, NodeState::Exited, {{u"exit_code"_s, -1}});
            if (m_starting)
                failStart(name + u": "_s + error);
        });
        m_processes.insert(node.name, proc);
    }

    // KRaft: no ZooKeeper to ask; the controllers' quorum-state files and the brokers' metadata instead.
    m_coordinatorProbe =
        new CoordinatorProbe(isKRaft() ? QList<NodeLayout>{} : m_layout.coordinators(), m_layout.host, this);
    connect(m_coordinatorProbe, &CoordinatorProbe::replied, this, &Engine::onCoordinatorReply);
    connect(&m_quorumTimer, &QTimer::timeout, this, &Engine::readQuorum);
    QMap<int, QString> brokers; // KRaft: asked one by one, those behind the controllers last
    for (const NodeLayout &b : m_layout.brokers())
        brokers.insert(b.id, u"%1:%2"_s.arg(m_layout.host).arg(b.clientPort));
    m_clusterProbe =
        new ClusterProbe(isKRaft() ? QString() : m_layout.zookeeperConnect(), m_layout.bootstrapServers(),
                         m_workspace.root() + u"/probe-client.log"_s, isKRaft() ? brokers : QMap<int, QString>{});
    m_probeThread = new QThread;
    m_probeThread->setObjectName(u"cluster-probe"_s);
    m_clusterProbe->moveToThread(m_probeThread);
    connect(m_clusterProbe, &ClusterProbe::snapshot, this, &Engine::onSnapshot);
    if (isKRaft()) {
        qRegisterMetaType<QuorumFigures>();
        m_quorumDescriber = new QuorumDescriber(m_layout);
        m_quorumDescriber->moveToThread(m_probeThread);
        connect(m_quorumDescriber, &QuorumDescriber::figures, this, [this](const QuorumFigures &f) {
            m_reconciler.setQuorumFigures(f);
            steerClusterProbe();
            Q_EMIT quorumFiguresChanged(f);
        });
        connect(m_quorumDescriber, &QuorumDescriber::unavailable, this, &Engine::quorumFiguresUnavailable);
    }
    m_probeThread->start();
    return ok();
}

void Engine::start()
{
    m_clock.start();
    m_starting = true;
    m_startDeadline.start(kStartTimeoutMs);
    const QString kinds = !isKRaft()        ? u"%1 ZooKeeper and %2 Kafka nodes"_s
                          : m_spec.combined ? u"%1 combined KRaft nodes%2"_s
                                            : u"%1 KRaft controllers and %2 brokers"_s;
    // Which Java runs the nodes, and from where, is said here: JAVA_HOME or `java:` can pick another one.
    Q_EMIT progress(u"starting %1 (Kafka %2, Java %3 from %4 with %5, %6 profile)"_s.arg(
        kinds.arg(m_spec.coordinators).arg(m_spec.combined ? QString() : QString::number(m_spec.brokers)),
        m_runtime.kafkaVersion, QString::number(m_runtime.javaMajor), m_runtime.javaSource, m_classData.formatName(),
        toString(m_spec.profile)));
    if (!isKRaft()) {
        launchNodes();
        return;
    }
    // KRaft: each node's directories are formatted once, all at once, before its first start.
    auto *storage = new KRaftStorage(m_runtime, m_clusterId, this);
    connect(storage, &KRaftStorage::finished, this,
            [this, storage](bool formattedOk, const QString &message, const QStringList &formatted) {
                storage->deleteLater();
                if (!formattedOk) {
                    failStart(message);
                    return;
                }
                if (!formatted.isEmpty())
                    Q_EMIT progress(
                        u"formatted the storage of %1 (cluster id %2)"_s.arg(formatted.join(u", "_s), m_clusterId));
                if (m_starting && !m_shuttingDown)
                    launchNodes();
            });
    storage->formatMissing(m_workspace, m_layout);
}

void Engine::launchNodes()
{
    // ZooKeeper first, the brokers as soon as a majority of its servers answer (or after kBrokerHeadStartMaxMs):
    // the JVM start-ups still overlap, but a broker's first connection attempt then meets a quorum. One that
    // meets none retries only after a random pause of up to 1 s (ZooKeeper's client does that before every
    // reconnect), which cost the all-at-once start ~0.5-1 s. One process per event-loop turn: each fork/exec
    // takes ~2 ms of this thread, which in the window is the UI thread.
    m_brokersWaiting = true;
    m_brokersAwaitProbe = false;
    if (!isKRaft())
        for (const NodeLayout &n : m_layout.nodes) // a pid file left: its owner died without stopping it
            m_brokersAwaitProbe = m_brokersAwaitProbe || QFileInfo::exists(m_workspace.pidFile(n.name)) ||
                                  QFileInfo::exists(m_workspace.uncleanEndFile(n.name)); // killed, then a down
    startNodesOf(NodeKind::Coordinator);
    QTimer::singleShot(m_brokersAwaitProbe ? kPendingStartFallbackMs : kBrokerHeadStartMaxMs, this,
                       &Engine::startBrokers);
    if (m_layout.coordinators().isEmpty())
        startBrokers();
    // Probe often while starting, so each step is seen as soon as it happens; calmer once healthy.
    m_coordinatorProbe->setInterval(kStartingProbeMs);
    m_coordinatorProbe->start();
    if (isKRaft()) {
        m_quorumTimer.start(kStartingProbeMs);
        QMetaObject::invokeMethod(m_quorumDescriber, "start", Qt::QueuedConnection, Q_ARG(int, kQuorumFiguresMs));
    }
    QMetaObject::invokeMethod(m_clusterProbe, "start", Qt::QueuedConnection, Q_ARG(int, kStartingProbeMs));
}

void Engine::startBrokers()
{
    if (!m_brokersWaiting)
        return;
    m_brokersWaiting = false;
    startNodesOf(NodeKind::Broker);
}

void Engine::startNodesOf(NodeKind kind)
{
    for (const NodeLayout &node : m_layout.nodes)
        if (node.kind == kind)
            QTimer::singleShot(0, this, [this, name = node.name] {
                if (m_starting && !m_shuttingDown)
                    startNode(name);
            });
}

void Engine::startNode(const QString &node)
{
    NodeProcess *p = process(node);
    if (!p)
        return;
    const NodeLayout *layout = m_layout.find(node);
    // (KRaft has no such wait: a broker's new incarnation replaces its registration.)
    if (!isKRaft() && layout && layout->kind == NodeKind::Broker &&
        m_reconciler.state().registeredBrokers().contains(layout->id)) {
        // Killed moments ago, it is still registered: until its ZooKeeper session expires /brokers/ids/N is
        // taken, and a new broker with that id would exit at once. It starts when the registration is gone (the
        // probe sees that), or after the longest session timeout if the probe never does.
        if (!m_pendingStarts.contains(node)) {
            m_pendingStarts.insert(node);
            Q_EMIT progress(u"%1 starts once its previous ZooKeeper session has expired"_s.arg(node));
            QTimer::singleShot(kPendingStartFallbackMs, this, [this, node] {
                if (m_pendingStarts.remove(node) && !m_shuttingDown)
                    if (NodeProcess *late = process(node); late && !late->isRunning())
                        late->start();
            });
        }
        return;
    }
    QFile::remove(m_workspace.uncleanEndFile(node)); // whatever it left in ZooKeeper has been looked for
    p->start();
}

QJsonObject Engine::statusJson() const
{
    QJsonObject json = m_reconciler.state().toStatusJson(m_spec.name, toString(m_spec.mode));
    json.insert(u"workspace"_s, m_workspace.root());
    json.insert(u"kafka_version"_s, m_runtime.kafkaVersion);
    json.insert(u"java"_s, QJsonObject{{u"path"_s, m_runtime.java},
                                       {u"version"_s, m_runtime.javaMajor},
                                       {u"from"_s, m_runtime.javaSource},
                                       {u"class_data"_s, m_classData.formatName()}});
    if (isKRaft()) {
        const QJsonObject quorum = QuorumProbe::toJson(m_layout, m_quorumViews, liveControllers(), m_reconciler.state(),
                                                       QDateTime::currentMSecsSinceEpoch());
        json.insert(u"quorum"_s, quorum);
        json.insert(u"quorum_leader"_s, quorum.value(u"leader"_s)); // what the live voters' files agree on
        // The active controller is the raft leader: none while the quorum is lost (not the last one seen).
        if (!quorum.value(u"has_majority"_s).toBool() || quorum.value(u"leader_id"_s).isNull())
            json.insert(u"controller"_s, QJsonValue());
        json.insert(u"cluster_id"_s, m_clusterId);
        json.remove(u"zookeeper"_s);
    }
    json.insert(u"healthy"_s, m_healthy); // became healthy once; "degraded" says whether it still is
    json.insert(u"uptime_ms"_s, clusterTimeMs());
    QJsonArray nodes = json.value(u"nodes"_s).toArray();
    // Healthy once, and now a node is not up or the KRaft quorum has no majority.
    bool degraded = isKRaft() && !json.value(u"quorum"_s).toObject().value(u"has_majority"_s).toBool();
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        QJsonObject n = nodes[i].toObject();
        const QString name = n.value(u"name"_s).toString();
        if (const NodeProcess *p = process(name)) {
            n.insert(u"uptime_ms"_s, p->uptimeMs());
            // Answered, not in `state` yet: waiting for an exit or an old ZooKeeper session, or just launched.
            if (m_pendingStarts.contains(name) || m_startAfterExit.contains(name) ||
                (p->isRunning() && !ensemble::isRunning(nodeState(name))))
                n.insert(u"start_pending"_s, true);
        }
        if (const NodeLayout *l = m_layout.find(name); l && isKRaft())
            n.insert(u"roles"_s, QJsonArray::fromStringList(l->kraftRoles()));
        nodes[i] = n;
        if (n.value(u"state"_s).toString() != u"up"_s || n.value(u"stopping"_s).toBool())
            degraded = true;
    }
    json.insert(u"nodes"_s, nodes);
    json.insert(u"degraded"_s, m_healthy && degraded);
    json.insert(u"link_proxies"_s, m_links != nullptr);
    if (m_links)
        json.insert(u"link_ports"_s, m_links->portsJson());
    json.insert(u"faults"_s, m_links ? m_links->activeJson() : QJsonArray{});
    return json;
}

void Engine::emitEvent(EventKind kind, const QString &node, const QJsonObject &fields, const QString &source)
{
    m_reconciler.record(kind, node, fields, source);
}

// Every event, whoever reported it, passes here once the state has applied it.
void Engine::onEvent(const ClusterEvent &e)
{
    m_history.append(e);
    if (auto written = m_eventLog.append(e); !written) // reported once per episode, after this event
        QMetaObject::invokeMethod(
            this,
            [this, message = written.error().message] {
                emitEvent(EventKind::Problem, {}, {{u"message"_s, message}}, u"engine"_s);
            },
            Qt::QueuedConnection);
    Q_EMIT eventEmitted(e);
    if (e.kind == EventKind::BrokerUnregistered && e.source == u"probe") {
        // Its old registration is gone: a start that waited for that can go ahead.
        if (!e.node.isEmpty() && m_pendingStarts.remove(e.node) && !m_shuttingDown)
            if (NodeProcess *p = process(e.node); p && !p->isRunning())
                p->start();
    } else if (e.kind == EventKind::NodeState && m_brokersWaiting && e.nodeState().state == toString(NodeState::Up)) {
        qsizetype up = 0;
        const QList<NodeLayout> coordinators = m_layout.coordinators();
        for (const NodeLayout &c : coordinators)
            up += nodeState(c.name) == NodeState::Up;
        if (up > coordinators.size() / 2 && !m_brokersAwaitProbe)
            startBrokers();
    }
}

QList<ClusterEvent> Engine::eventsSince(qint64 sinceMs) const
{
    if (m_history.covers(sinceMs))
        return m_history.since(sinceMs);
    // Older than what memory keeps: the events file has every event of this run, the ones let go first.
    QList<ClusterEvent> out;
    if (const auto logged = EventLog::read(m_workspace.eventsFile())) {
        const qsizetype dropped = std::min(m_history.dropped(), logged.value().size());
        for (qsizetype i = 0; i < dropped; ++i)
            if (logged.value()[i].timeMs >= sinceMs)
                out.append(logged.value()[i]);
    }
    out.append(m_history.since(sinceMs));
    return out;
}

int Engine::stopGraceMs(const QString &node) const
{
    const NodeLayout *n = m_layout.find(node);
    // A node recording its class data writes it at exit: an AOT cache takes seconds on a busy machine.
    if (m_classData.isRecording(node))
        return kRecordingStopGraceMs;
    return n && n->kind == NodeKind::Coordinator ? kCoordinatorStopGraceMs : kBrokerStopGraceMs;
}

NodeState Engine::nodeState(const QString &node) const
{
    return m_reconciler.nodeState(node);
}

void Engine::setNodeState(const QString &node, NodeState state, const QJsonObject &extra)
{
    m_reconciler.setNodeState(node, state, extra);
}

void Engine::onNodeLine(const QString &node, const QString &line)
{
    Q_EMIT nodeLine(node, line);
    m_reconciler.logLine(node, line);
    if (m_starting && isKRaft()) // KRaft nodes say in their log when they are up
        checkHealth();
}

void Engine::onNodeExited(const QString &node, NodeProcess::ExitReason reason, int exitCode, int signal)
{
    // A JVM stopped with SIGTERM exits with 143 after running its shutdown hooks (which write the CDS archive).
    m_classData.nodeExited(node, reason == NodeProcess::ExitReason::Requested && (exitCode == 0 || exitCode == 143));
    NodeState state = NodeState::Exited;
    if (reason == NodeProcess::ExitReason::Requested)
        state = NodeState::Stopped;
    else if (reason == NodeProcess::ExitReason::Killed)
        state = NodeState::Killed;
    m_reconciler.nodeExited(node, state, exitCode, signal ? NodeProcess::signalName(signal) : QString());
    const NodeLayout *ended = m_layout.find(node);
    if (state != NodeState::Stopped && !isKRaft() && ended && ended->kind == NodeKind::Broker)
        // A marker, not data: a full disk only loses the wait it buys.
        if (QFile marker(m_workspace.uncleanEndFile(node)); !marker.open(QIODevice::WriteOnly))
            qCWarning(lcEngine) << "cannot write" << marker.fileName() << marker.errorString();
    if (state == NodeState::Exited && !m_shuttingDown) {
        const QString tail = process(node)->lastLines().section(u'\n', -5);
        const QString message = u"%1 exited unexpectedly (%2); its last lines:\n%3\nfull log: %4"_s.arg(
            node, process(node)->exitText(), tail, m_workspace.logsDir(node) + u"/node.log"_s);
        emitEvent(EventKind::Problem, node, {{u"message"_s, message}}, u"engine"_s);
        if (m_starting)
            failStart(message);
    }
    maybeFinishShutdown();
}

void Engine::onCoordinatorReply(const QString &node, bool answered, const SrvrReply &reply)
{
    if (m_reconciler.srvrReply(node, answered, reply) && m_starting)
        checkHealth();
}

void Engine::onSnapshot(const ClusterSnapshot &snap)
{
    if (m_shuttingDown)
        return;
    const bool changed = m_reconciler.snapshot(snap);
    if (m_brokersAwaitProbe && snap.zookeeperReachable) {
        m_brokersAwaitProbe = false; // the state now holds every registration left in ZooKeeper
        startBrokers();
    }
    if (changed && m_starting)
        checkHealth();
}

void Engine::checkHealth()
{
    if (m_healthy || !m_starting)
        return;
    if (!m_reconciler.state().allNodesUp() || m_reconciler.state().controller() < 0)
        return;
    if (!m_topicsRequested) {
        createMissingTopics();
        return;
    }
    for (const TopicSpec &t : m_spec.topics) {
        const auto it = m_reconciler.state().topics().constFind(t.name);
        if (it == m_reconciler.state().topics().cend() || it->partitions.size() < t.partitions)
            return;
        for (const PartitionState &p : it->partitions)
            if (p.leader < 0 || p.isr.size() < std::min<qsizetype>(t.replicationFactor, m_layout.brokers().size()))
                return;
    }
    m_starting = false;
    m_healthy = true;
    m_startDeadline.stop();
    const qint64 took = clusterTimeMs();
    m_coordinatorProbe->setInterval(kSteadyProbeMs);
    if (m_quorumTimer.isActive())
        m_quorumTimer.start(kSteadyProbeMs);
    QMetaObject::invokeMethod(m_clusterProbe, "start", Qt::QueuedConnection, Q_ARG(int, kSteadyProbeMs));
    emitEvent(EventKind::ClusterHealthy, {}, {{u"took_ms"_s, took}}, u"engine"_s);
    Q_EMIT healthy(took);
}

void Engine::createMissingTopics()
{
    m_topicsRequested = true;
    QList<TopicSpec> missing;
    for (const TopicSpec &t : m_spec.topics)
        if (!m_reconciler.state().topics().contains(t.name))
            missing.append(t);
    if (missing.isEmpty()) {
        checkHealth();
        return;
    }
    Q_EMIT progress(u"all nodes up; creating %1 topic(s)"_s.arg(missing.size()));
    const QString bootstrap = m_layout.bootstrapServers();
    auto *watcher = new QFutureWatcher<QStringList>(this);
    connect(watcher, &QFutureWatcher<QStringList>::finished, this, [this, watcher] {
        const QStringList errors = watcher->result();
        watcher->deleteLater();
        for (const QString &e : errors)
            emitEvent(EventKind::Problem, {}, {{u"message"_s, e}}, u"engine"_s);
        if (!errors.isEmpty() && m_starting) {
            failStart(errors.join(u"; "_s));
            return;
        }
        QMetaObject::invokeMethod(m_clusterProbe, &ClusterProbe::probeNow, Qt::QueuedConnection);
    });
    watcher->setFuture(QtConcurrent::run([bootstrap, missing] {
        QStringList errors;
        KafkaAdmin admin(bootstrap);
        for (const TopicSpec &t : missing)
            if (auto s = admin.createTopic(t, kTopicTimeoutMs); !s && !s.error().message.contains(u"already exists"))
                errors.append(s.error().message);
        return errors;
    }));
}

void Engine::failStart(const QString &message)
{
    if (!m_starting)
        return;
    m_starting = false;
    m_startDeadline.stop();
    qCDebug(lcEngine) << "start failed:" << message; // the caller shows it to the user
    Q_EMIT startFailed(message);
}

void Engine::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_starting = false;
    m_startDeadline.stop();
    if (m_coordinatorProbe)
        m_coordinatorProbe->stop();
    m_quorumTimer.stop();
    if (m_quorumDescriber)
        QMetaObject::invokeMethod(m_quorumDescriber, &QuorumDescriber::stop, Qt::QueuedConnection);
    if (m_clusterProbe)
        QMetaObject::invokeMethod(m_clusterProbe, &ClusterProbe::stop, Qt::QueuedConnection);
    Q_EMIT progress(isKRaft() ? u"stopping brokers one at a time (controlled shutdown), then the KRaft controllers"_s
                              : u"stopping brokers one at a time (controlled shutdown), then ZooKeeper"_s);
    maybeFinishShutdown();
}

void Engine::maybeFinishShutdown()
{
    if (!m_shuttingDown || m_stoppedEmitted)
        return;
    // Brokers leave one at a time, the controller last: a controlled shutdown moves leadership to the brokers
    // that stay, which fails when they are all leaving at once (Kafka then shuts down uncleanly).
    std::optional<NodeLayout> next;
    for (const NodeLayout &b : m_layout.brokers()) {
        NodeProcess *p = process(b.name);
        if (!p || !p->isRunning())
            continue;
        if (nodeState(b.name) == NodeState::Stopping)
            return; // wait for it
        if (!next || (next->id == m_reconciler.state().controller() && b.id != m_reconciler.state().controller()))
            next = b;
    }
    if (next) {
        setNodeState(next->name, NodeState::Stopping);
        process(next->name)->stop(stopGraceMs(next->name));
        return;
    }
    bool anyCoordinator = false;
    for (const NodeLayout &c : m_layout.coordinators())
        if (NodeProcess *p = process(c.name); p && p->isRunning()) {
            anyCoordinator = true;
            if (nodeState(c.name) != NodeState::Stopping) {
                setNodeState(c.name, NodeState::Stopping);
                p->stop(stopGraceMs(c.name));
            }
        }
    if (anyCoordinator)
        return;
    m_stoppedEmitted = true;
    m_eventLog.close();
    QTimer::singleShot(0, this, &Engine::stopped);
}

QSet<QString> Engine::liveControllers() const
{
    QSet<QString> live;
    for (const NodeLayout &n : m_layout.kraftControllers())
        if (const NodeState s = nodeState(n.name); s == NodeState::Starting || s == NodeState::Up)
            live.insert(n.name);
    return live;
}

void Engine::readQuorum()
{
    m_quorumViews = QuorumProbe::read(m_layout, m_workspace);
    const QuorumLeader leader = QuorumProbe::agreedLeader(m_layout, m_quorumViews, liveControllers());
    const NodeLayout *n = leader.id >= 0 ? m_layout.findById(leader.id) : nullptr;
    if (n && m_reconciler.quorumLeader(n->name, leader.id, leader.epoch)) {
        QMetaObject::invokeMethod(m_quorumDescriber, "setLeaderHint", Qt::QueuedConnection, Q_ARG(int, leader.id));
        QMetaObject::invokeMethod(m_clusterProbe, &ClusterProbe::probeNow, Qt::QueuedConnection);
        if (m_starting)
            checkHealth();
    }
}

Status Engine::act(NodeAction action, const QString &node)
{
    NodeProcess *p = process(node);
    if (!p) {
        QStringList names;
        for (const NodeLayout &n : m_layout.nodes)
            names.append(n.name);
        return Error::badInput(u"no node named '%1' — the nodes are %2"_s.arg(node, names.join(u", "_s)));
    }
    if (m_shuttingDown)
        return Error::runtime(u"the cluster is shutting down"_s);
    const NodeState state = nodeState(node);
    const bool running = p->isRunning();
    auto refuse = [&](const QString &why) {
        return Error::badInput(u"cannot %1 %2: %3"_s.arg(toString(action), node, why));
    };
    switch (action) {
    case NodeAction::Start:
        // A node still being stopped or killed starts once it has exited (see below); a live one is refused.
        if (running && !p->isEnding())
            return refuse(u"it is already running"_s);
        break;
    case NodeAction::Stop:
    case NodeAction::Kill:
    case NodeAction::Restart:
        if (!running && action != NodeAction::Restart)
            return refuse(u"it is not running"_s);
        break;
    case NodeAction::Pause:
        if (!running || state == NodeState::Paused)
            return refuse(running ? u"it is already paused"_s : u"it is not running"_s);
        break;
    case NodeAction::Resume:
        if (state != NodeState::Paused)
            return refuse(u"it is not paused"_s);
        break;
    }
    emitEvent(EventKind::FaultInjected, node, {{u"action"_s, toString(action)}, {u"target"_s, node}}, u"user"_s);
    switch (action) {
    case NodeAction::Start:
        if (running)
            startAfterExit(node);
        else
            startNode(node);
        break;
    case NodeAction::Stop:
        setNodeState(node, NodeState::Stopping);
        p->stop(stopGraceMs(node));
        break;
    case NodeAction::Kill:
        p->kill();
        break;
    case NodeAction::Restart:
        if (running) {
            setNodeState(node, NodeState::Stopping);
            startAfterExit(node);
            p->stop(stopGraceMs(node));
        } else {
            startNode(node);
        }
        break;
    case NodeAction::Pause:
        p->pause();
        setNodeState(node, NodeState::Paused);
        break;
    case NodeAction::Resume:
        p->resume();
        // It comes back as it was: a coordinator re-answers srvr, a broker re-registers if its session expired.
        setNodeState(node, NodeState::Up);
        break;
    }
    QMetaObject::invokeMethod(m_clusterProbe, &ClusterProbe::probeNow, Qt::QueuedConnection);
    return ok();
}

void Engine::startAfterExit(const QString &node)
{
    if (m_startAfterExit.contains(node))
        return; // asked twice before the exit: one start
    m_startAfterExit.insert(node);
    // One shot: it disconnects itself when it fires; if the node never exits it ends with the process or the
    // engine, and no heap-held connection is left to leak.
    connect(
        process(node), &NodeProcess::exited, this,
        [this, node] {
            m_startAfterExit.remove(node);
            if (!m_shuttingDown)
                startNode(node);
        },
        Qt::SingleShotConnection);
}

Expected<QString> Engine::networkFault(const NetworkFault &fault)
{
    if (!m_links)
        return LinkFaults::notActive();
    if (m_shuttingDown)
        return Error::runtime(u"the cluster is shutting down"_s);
    const Expected<QString> done = m_links->inject(fault);
    if (!done)
        return done;
    // A heal is a user action like resume: the same event kind, with action "heal".
    emitEvent(EventKind::FaultInjected, fault.kind == NetworkFault::Kind::Partition ? QString() : fault.node,
              {{u"action"_s, toString(fault.kind)}, {u"target"_s, fault.target()}, {u"detail"_s, done.value()}},
              u"user"_s);
    steerClusterProbe();
    QMetaObject::invokeMethod(m_clusterProbe, &ClusterProbe::probeNow, Qt::QueuedConnection);
    return done;
}

void Engine::steerClusterProbe()
{
    if (!isKRaft() || !m_clusterProbe)
        return;
    const QSet<int> behind = ClusterProbe::brokersBehind(m_layout, m_reconciler.state().quorumFigures(), m_links.get());
    QMetaObject::invokeMethod(m_clusterProbe, [p = m_clusterProbe, behind] { p->setBrokersBehind(behind); });
}

} // namespace ensemble
