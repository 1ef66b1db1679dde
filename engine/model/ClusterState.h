// What is true about the cluster now: a fold over ClusterEvents. Views and `ensemble status` read it.
#pragma once

#include "ClusterEvent.h"
#include "NodeLayout.h"
#include "NodeState.h"
#include "QuorumFigures.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>

namespace ensemble {

struct NodeStatus
{
    NodeLayout layout;
    NodeState state = NodeState::Stopped;
    qint64 pid = 0;
    QString role; // coordinator: leader|follower|looking|standalone; broker: controller|broker
    int exitCode = 0;
    QString exitSignal; // "SIGSEGV" when a signal ended the node, else empty
    qint64 sinceMs = 0; // when the state last changed (cluster time)
};

struct PartitionState
{
    int partition = 0;
    int leader = -1; // broker id, -1 = none
    int leaderEpoch = -1;
    QList<int> replicas;
    QList<int> isr;
    bool operator==(const PartitionState &) const = default;
};

struct TopicState
{
    QString name;
    QMap<int, PartitionState> partitions;
};

class ClusterState
{
  public:
    explicit ClusterState(const ClusterLayout &layout = {});

    void apply(const ClusterEvent &event);

    const QList<NodeStatus> &nodes() const { return m_nodes; }
    const NodeStatus *node(const QString &name) const;
    QString quorumLeader() const { return m_quorumLeader; }
    int controller() const { return m_controller; }
    const QSet<int> &registeredBrokers() const { return m_registered; }
    const QSet<int> &fencedBrokers() const { return m_fenced; } // KRaft: fenced by the active controller
    int quorumEpoch() const { return m_quorumEpoch; }           // KRaft: highest raft epoch seen, -1 = none
    const QMap<QString, TopicState> &topics() const { return m_topics; }
    const ClusterLayout &layout() const { return m_layout; }
    // KRaft: the newest DescribeQuorum figures (not events: they change on every fetch); invalid when none.
    const QuorumFigures &quorumFigures() const { return m_quorumFigures; }
    void setQuorumFigures(const QuorumFigures &figures) { m_quorumFigures = figures; }

    bool allNodesUp() const;
    // The "kill the leader" targets. The running broker leading the most partitions (ties go to a broker other
    // than the controller: killing a plain leader shows a partition failover alone); empty when none leads any.
    QString busiestPartitionLeader() const;
    // The ZooKeeper quorum leader while it runs; empty otherwise.
    QString runningQuorumLeader() const;
    // The shape documented for `ensemble status --json`.
    QJsonObject toStatusJson(const QString &cluster, const QString &mode) const;

  private:
    NodeStatus *mutableNode(const QString &name);
    void refreshBrokerRoles();

    ClusterLayout m_layout;
    QList<NodeStatus> m_nodes;
    QString m_quorumLeader;
    int m_controller = -1;
    QSet<int> m_registered;
    QSet<int> m_fenced;
    int m_quorumEpoch = -1;
    QMap<QString, TopicState> m_topics;
    QuorumFigures m_quorumFigures;
};

} // namespace ensemble
