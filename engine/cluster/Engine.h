// The single facade over one running cluster: prepares the workspace, starts the node processes, watches them
// through probes, hands what it sees to the EventReconciler (which turns it into ClusterEvents and the
// ClusterState), keeps and logs those events, and carries out the user's commands (start, stop, kill, pause...).
// app/ and ui/ talk to the cluster only through this class.
#pragma once

#include "ClassDataArchive.h"
#include "ClusterEvent.h"
#include "ClusterProbe.h"
#include "ClusterSession.h"
#include "ClusterSpec.h"
#include "ClusterState.h"
#include "CoordinatorProbe.h"
#include "EventHistory.h"
#include "EventLog.h"
#include "EventReconciler.h"
#include "Expected.h"
#include "LogLine.h"
#include "NodeAction.h"
#include "NodeLayout.h"
#include "NodeProcess.h"
#include "QuorumDescriber.h"
#include "QuorumProbe.h"
#include "RuntimeLocator.h"
#include "Workspace.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <memory>

namespace ensemble {

class LinkFaults;
struct NetworkFault;

class Engine : public ClusterSession
{
    Q_OBJECT
  public:
    // LAYOUT and the workspace's files come from RunPreparation (which also holds the workspace's lock).
    Engine(ClusterSpec spec, Workspace workspace, Runtime runtime, ClusterLayout layout, QObject *parent = nullptr);
    // Does not wait: nodes still running are SIGKILLed and reaped later, the probe thread ends on its own.
    ~Engine() override;

    // Opens the event log and creates the node processes and probes; nothing blocking, nothing started.
    Status prepare();
    // Starts every node; emits healthy() or startFailed(). Call prepare() first.
    void start();
    // Stops brokers (controlled shutdown), then coordinators; emits stopped() when every process has ended.
    void shutdown() override;
    Status act(NodeAction action, const QString &node) override;
    // A client asked to stop the cluster (`ensemble down`): tells whoever runs it, through shutdownRequested().
    void requestShutdown() { Q_EMIT shutdownRequested(); }
    // ZooKeeper servers dial each other through the engine's link proxies (when the run was set up with
    // `--link-proxies`): isolate, partition, slow or heal them. Returns what it did, in
    // a sentence, and emits FaultInjected / FaultHealed.
    Expected<QString> networkFault(const NetworkFault &fault) override;
    // The proxies RunPreparation opened (null: none); set before start().
    void setLinkFaults(std::shared_ptr<LinkFaults> links) { m_links = std::move(links); }

    const ClusterSpec &spec() const override { return m_spec; }
    const Workspace &workspace() const override { return m_workspace; }
    const Runtime &runtime() const { return m_runtime; }
    const ClusterLayout &layout() const override { return m_layout; }
    const ClusterState &state() const override { return m_reconciler.state(); }
    // The most recent events, oldest first (at most EventHistory::kDefaultCapacity: the events file keeps all).
    const QList<ClusterEvent> &events() const override { return m_history.events(); }
    // Every event at or after cluster time SINCEMS, older ones than events() holds read back from the events file.
    QList<ClusterEvent> eventsSince(qint64 sinceMs) const override;
    QJsonObject statusJson() const override;
    bool isHealthy() const override { return m_healthy; }
    bool isShuttingDown() const override { return m_shuttingDown; }
    qint64 clusterTimeMs() const override { return m_clock.isValid() ? m_clock.elapsed() : 0; }

  private:
    void emitEvent(EventKind kind, const QString &node, const QJsonObject &fields, const QString &source);
    void setNodeState(const QString &node, NodeState state, const QJsonObject &extra = {});
    void startNode(const QString &node);
    void startAfterExit(const QString &node); // a Start or Restart of a node that is still being stopped or killed
    void launchNodes();       // after a KRaft cluster's storage is formatted (at once in ZooKeeper mode)
    void readQuorum();        // KRaft: the controllers' quorum-state files
    void steerClusterProbe(); // KRaft: the probe asks brokers behind the controllers last
    QSet<QString> liveControllers() const;
    bool isKRaft() const { return m_spec.mode == ClusterMode::KRaft; }
    void startBrokers();
    void startNodesOf(NodeKind kind); // one per event-loop turn, unless the start was called off meanwhile
    void onNodeExited(const QString &node, NodeProcess::ExitReason reason, int exitCode, int signal);
    void onNodeLine(const QString &node, const QString &line);
    void onEvent(const ClusterEvent &event);
    void onCoordinatorReply(const QString &node, bool answered, const SrvrReply &reply);
    void onSnapshot(const ClusterSnapshot &snapshot);
    void checkHealth();
    void createMissingTopics();
    void failStart(const QString &message);
    void maybeFinishShutdown();
    NodeProcess *process(const QString &node) const { return m_processes.value(node); }
    NodeState nodeState(const QString &node) const;
    int stopGraceMs(const QString &node) const; // a broker's controlled shutdown takes longer than a coordinator's

    ClusterSpec m_spec;
    Workspace m_workspace;
    Runtime m_runtime;
    ClassDataArchive m_classData;
    ClusterLayout m_layout;
    std::shared_ptr<LinkFaults> m_links; // the ZooKeeper peer-link proxies; null when there are none
    EventReconciler m_reconciler;
    EventLog m_eventLog;
    EventHistory m_history;
    QHash<QString, NodeProcess *> m_processes;
    CoordinatorProbe *m_coordinatorProbe = nullptr;
    QThread *m_probeThread = nullptr; // not a child: it may outlive the engine by a probe call
    ClusterProbe *m_clusterProbe = nullptr;
    QString m_clusterId;              // KRaft: the workspace's cluster id
    QTimer m_quorumTimer;             // KRaft: reads the quorum-state files
    QuorumProbe::Views m_quorumViews; // KRaft: each controller's last quorum-state file
    // KRaft: asks the raft leader for the replication figures, on the probe thread.
    QuorumDescriber *m_quorumDescriber = nullptr;
    QElapsedTimer m_clock;
    QTimer m_startDeadline;
    bool m_starting = false;
    bool m_brokersWaiting = false; // start(): the brokers wait for a ZooKeeper majority to answer
    static constexpr int kBrokerHeadStartMaxMs = 1500;
    // The previous run ended without stopping its nodes (a pid file is left): brokers' registrations may still be
    // in ZooKeeper's restored sessions, so the brokers start after one probe of /brokers/ids (see startNode).
    bool m_brokersAwaitProbe = false;
    QSet<QString> m_startAfterExit; // nodes that start again once their JVM has been reaped
    QSet<QString> m_pendingStarts;  // brokers asked to start while their old registration is still in ZooKeeper
    static constexpr int kPendingStartFallbackMs = 21000; // the default profile's 18 s session timeout, and some
    bool m_healthy = false;
    bool m_topicsRequested = false;
    bool m_shuttingDown = false;
    bool m_stoppedEmitted = false;
};

} // namespace ensemble
