// Merges what nodes log with what probes see into one stream of ClusterEvents, and folds that stream into the
// ClusterState. It owns no process, socket or timer: the Engine feeds it log lines, srvr replies, probe
// snapshots and process facts, and tells it the facts only the Engine knows (user actions, problems, health).
// Logs are read as they are written, probes answer a little later: a log fact skips what the state already
// says, and a probe round that began before a log fact is ignored so it cannot undo it.
#pragma once

#include "ClusterEvent.h"
#include "ClusterProbe.h"
#include "ClusterState.h"
#include "CoordinatorProbe.h"
#include "LogLine.h"
#include "NodeLayout.h"
#include "NodeState.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

namespace ensemble {

class EventReconciler : public QObject
{
    Q_OBJECT
  public:
    explicit EventReconciler(QObject *parent = nullptr);

    // A fresh state for a run of this layout: every node stopped, nothing announced yet.
    void reset(const ClusterLayout &layout);
    // KRaft: raft parsers for every node, no ZooKeeper controller, metadata without leader epochs.
    void setKRaft(bool kraft) { m_kraft = kraft; }
    // Cluster time in milliseconds, stamped on every event (0 until set).
    void setClock(std::function<qint64()> clusterTimeMs) { m_clusterTimeMs = std::move(clusterTimeMs); }

    const ClusterState &state() const { return m_state; }
    const ClusterLayout &layout() const { return m_layout; }
    NodeState nodeState(const QString &node) const;

    // One line a node printed, read with the parser for its kind. Lines in another format are skipped.
    void logLine(const QString &node, QStringView line);
    // What a parser read from one of NODE's lines stamped LOGMS (milliseconds since the epoch).
    void logEvents(const QString &node, const QList<ParsedEvent> &events, qint64 logMs);
    // A ZooKeeper server's answer to srvr (ANSWERED false: no answer). True when it changed the server's role.
    bool srvrReply(const QString &node, bool answered, const SrvrReply &reply);
    // KRaft: the raft leader the controllers' quorum-state files agree on (NODE, its node.id, EPOCH): announced
    // as quorum leader and, being the active controller, as controller. True when it was news.
    bool quorumLeader(const QString &node, int id, int epoch);
    // KRaft: the newest DescribeQuorum figures, kept in the state as they are (no event: they change constantly).
    void setQuorumFigures(const QuorumFigures &figures) { m_state.setQuorumFigures(figures); }
    // One probe round. False when it was ignored: ZooKeeper unreachable, or begun before the last log fact.
    bool snapshot(const ClusterSnapshot &snapshot);
    // Process facts.
    void setNodeState(const QString &node, NodeState state, const QJsonObject &extra = {});
    void nodeExited(const QString &node, NodeState state, int exitCode, const QString &signal = {});
    // A fact the engine itself knows (a user's action, a problem, the cluster becoming healthy).
    void record(EventKind kind, const QString &node, const QJsonObject &fields, const QString &source);

    // Which parser reads a node kind's lines; one per kind.
    using LineParser = QList<ParsedEvent> (*)(const LogLine &line, int self);
    static LineParser parserFor(NodeKind kind);

  Q_SIGNALS:
    // Emitted after the state has applied the event.
    void eventEmitted(const ensemble::ClusterEvent &event);
    // A log reported something a probe round should confirm (or describe whole) soon.
    void probeWanted();

  private:
    void applyLogEvent(const NodeLayout &node, const ParsedEvent &parsed, qint64 logMs);
    void applyPartitionLeader(const NodeLayout &node, QJsonObject f, qint64 logMs);
    void applyIsr(const NodeLayout &node, QJsonObject f, qint64 logMs);
    void announceLeader(const QString &node, QJsonObject fields, const QString &source);
    void diffTopics(const ClusterSnapshot &snapshot);
    QString coordinatorName(int id) const;
    QString brokerName(int id) const;
    QString nameOfId(const QJsonValue &id) const; // any node by node.id (KRaft)

    ClusterLayout m_layout;
    ClusterState m_state;
    std::function<qint64()> m_clusterTimeMs;
    QHash<QString, QString> m_peerMode; // last known mode per coordinator: leader|follower|looking|standalone
    QString m_announcedLeader;          // the quorum leader the last leader_elected event named
    QSet<QString> m_announcedTopics;    // topics a topic_created event has named
    qint64 m_lastLogChangeWallMs = 0;   // wall time of the last broker/controller/partition fact read from a log
    bool m_kraft = false;
    QSet<int> m_unfenced; // KRaft: brokers whose unfencing was announced (until they are fenced again)
};

} // namespace ensemble
