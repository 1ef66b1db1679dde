// What the window (and whoever else watches a cluster) needs of a running cluster, whoever runs it: the Engine of
// this process, or an AttachedSession that reaches a cluster run by another process (`ensemble up -d`) over its
// control socket. Getters give what is true now; the signals carry events, node output and the cluster's life.
#pragma once

#include "ClusterEvent.h"
#include "ClusterSpec.h"
#include "ClusterState.h"
#include "Expected.h"
#include "NetworkFault.h"
#include "NodeAction.h"
#include "NodeLayout.h"
#include "QuorumFigures.h"
#include "Workspace.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

namespace ensemble {

class ClusterSession : public QObject
{
    Q_OBJECT
  public:
    using QObject::QObject;

    virtual const ClusterSpec &spec() const = 0;
    virtual const Workspace &workspace() const = 0;
    virtual const ClusterLayout &layout() const = 0;
    virtual const ClusterState &state() const = 0;
    // The most recent events, oldest first.
    virtual const QList<ClusterEvent> &events() const = 0;
    // Every event at or after cluster time SINCEMS that this session knows of.
    virtual QList<ClusterEvent> eventsSince(qint64 sinceMs) const = 0;
    virtual QJsonObject statusJson() const = 0;
    // Carries out ACTION on NODE, or (an attached session) sends it: a refusal then comes as commandFailed().
    virtual Status act(NodeAction action, const QString &node) = 0;
    // Sets or heals a network fault on the cluster's link proxies: what was done, or (an attached session) that it
    // was sent — a refusal then comes as commandFailed().
    virtual Expected<QString> networkFault(const NetworkFault &fault) = 0;
    // Stops every node; stopped() follows once they have ended.
    virtual void shutdown() = 0;
    virtual bool isHealthy() const = 0;
    virtual bool isShuttingDown() const = 0;
    virtual qint64 clusterTimeMs() const = 0;
    // False for a cluster this process runs (its nodes end with it); true for one it only watches.
    virtual bool isAttached() const { return false; }
    QString logFile(const QString &node) const { return workspace().logsDir(node) + QStringLiteral("/node.log"); }

  Q_SIGNALS:
    void eventEmitted(const ensemble::ClusterEvent &event);
    // Every line a node prints, as it prints it (also kept in its logs/node.log, see logFile()).
    void nodeLine(const QString &node, const QString &line);
    void progress(const QString &message);
    void healthy(qint64 elapsedMs);
    void startFailed(const QString &message);
    void stopped();
    // A client asked the process that runs the cluster to stop it (`ensemble down`).
    void shutdownRequested();
    // KRaft: new DescribeQuorum figures (also in state().quorumFigures()), or why no controller gave them.
    void quorumFiguresChanged(const ensemble::QuorumFigures &figures);
    void quorumFiguresUnavailable(const QString &reason);
    // A command sent to a cluster of another process was refused or not answered: what went wrong — what to do.
    void commandFailed(const QString &message);
    // The cluster of another process went away without being asked to by this session (its supervisor was
    // killed, or `ensemble down` from a shell); stopped() follows.
    void lost(const QString &message);
};

} // namespace ensemble
