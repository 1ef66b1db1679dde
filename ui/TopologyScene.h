// The topology canvas's scene: one NodeItem per node (coordinators on an arc inside the ZooKeeper ensemble's frame,
// brokers in rows below), quorum and session edges, and the animations: vote arrows that travel and fade, and the
// pulse of a newly elected leader, and under KRaft the election-timeout rings of followers whose leader went
// silent. It renders a ClusterFeed; the animation timer runs only while something moves.
#pragma once

#include "ClusterEvent.h"
#include "MinIsrCheck.h"
#include "RaftQuorumArea.h"

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QHash>
#include <QPointer>
#include <QTimer>

class QGraphicsPathItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace ensemble {
class ClusterSession;
}

namespace ensemble::ui {

class ClusterFeed;
class NodeItem;
class VoteArrowItem;
class RaftVoteItem;

class TopologyScene : public QGraphicsScene
{
    Q_OBJECT
  public:
    static constexpr int kVoteLifeMs = 1500;
    static constexpr int kPulseMs = 1600;
    // A raft vote stays longer than a ZooKeeper one: a KRaft election has a handful of votes, each worth reading.
    static constexpr int kRaftVoteLifeMs = 4000;

    explicit TopologyScene(QObject *parent = nullptr);

    void setFeed(ClusterFeed *feed);
    ClusterFeed *feed() const { return m_feed; }
    // Animations run at this fraction of real time (a 0.1× replay keeps its arrows ten times longer).
    void setTimeScale(double scale) { m_timeScale = scale > 0 ? scale : 1; }
    // Whether brokers' "leads N of M" counts internal topics (names starting with "__"); not by default.
    void setShowInternalTopics(bool shown);

    NodeItem *nodeItem(const QString &name) const { return m_nodes.value(name); }
    QList<NodeItem *> nodeItems() const;
    QList<VoteArrowItem *> voteArrows() const;
    QList<RaftVoteItem *> raftVotes() const;
    bool isKRaft() const { return m_kraft; }
    const RaftQuorumArea &raftArea() const { return m_raft; }
    // The quorum figures (DescribeQuorum) when a source has them: the catch-up rings follow.
    void setRaftOffsets(qint64 highWatermark, const QHash<QString, qint64> &logEndOffsets);
    // min.insync.replicas per topic: brokers leading partitions that refuse acks=all writes get a warning mark.
    void setMinIsr(const MinIsrCheck &check);
    // From the engine's cluster file: min.insync.replicas (Kafka's default, 1, without one) and how long a raft
    // follower waits for a silent leader (no election-timeout fill without one).
    void setClusterFileOf(const ClusterSession *engine);
    // How long a raft follower waits without hearing from its leader before it stands; 0 = unknown.
    void setFollowerTimeoutMs(int ms);
    // 0..1: how much of that time has passed since the raft leader went silent (killed or paused); negative when
    // no leader is silent or the timeout is unknown.
    qreal electionTimer() const;
    bool isAnimating() const { return m_tick.isActive(); }
    // Multi-line text for a node's tooltip: id, pid, ports, role, state and for how long (NOW in cluster ms).
    QString tooltipFor(const QString &node, qint64 nowMs) const;
    // How many session/quorum edges are drawn (for tests).
    int quorumEdgeCount() const { return m_quorumEdges.size(); }
    int sessionEdgeCount() const { return m_sessionEdges.size(); }

    // Re-reads the feed's state into the items and edges (also after a palette change).
    void refresh();

  Q_SIGNALS:
    // After each rebuild: whether the picture is of a KRaft cluster (the legend shows that mode's symbols).
    void modeChanged(bool kraft);

  public:
    // Advances the animations to the scene clock; called by the timer, and by tests.
    void advance();

  private:
    struct Animation
    {
        QGraphicsItem *item = nullptr;
        qint64 bornMs = 0;
    };
    void rebuild();
    void onEvent(const ClusterEvent &event);
    void addVote(const ClusterEvent &event);
    void addRaftVote(const ClusterEvent &event);
    void noteLeaderSilence(const ClusterEvent &event);
    bool advanceElectionTimers(); // true while a ring still fills
    void refreshZooKeeperEdges(const ClusterState &state, const QColor &ink);
    void startTicking();
    qint64 sceneAgeMs(qint64 bornMs) const;
    void clearEdges();

    QPointer<ClusterFeed> m_feed;
    QHash<QString, NodeItem *> m_nodes;
    QGraphicsRectItem *m_ensembleFrame = nullptr;
    QGraphicsSimpleTextItem *m_ensembleLabel = nullptr;
    QList<QGraphicsPathItem *> m_quorumEdges;
    QList<QGraphicsPathItem *> m_sessionEdges;
    QHash<QString, Animation> m_votes;     // voter|candidate|round|epoch -> arrow
    QHash<QString, qint64> m_pulses;       // node -> when its pulse began
    QHash<QString, Animation> m_raftVotes; // candidate|voter|epoch|kind -> arrow pair
    RaftQuorumArea m_raft;
    QString m_silentLeader;          // the raft leader that was killed or paused, until a leader is elected
    qint64 m_leaderSilentSince = -1; // scene clock
    int m_followerTimeoutMs = 0;
    bool m_kraft = false;
    MinIsrCheck m_minIsr;
    QTimer m_tick;
    QElapsedTimer m_clock;
    double m_timeScale = 1;
    bool m_showInternalTopics = false;
};

} // namespace ensemble::ui
