// The KRaft part of the topology canvas: the controller quorum's frame with the controllers in a row (combined
// nodes among them, drawn as brokers with a controller mark), the brokers below, and what each shows: raft role
// (crown for the leader, tags for candidate / pre-vote / resigned / fenced), epoch, vote, catch-up ring, the
// election-timeout ring of a follower whose leader went silent;
// registered / fenced / unfenced brokers with lines to the active controller; votes in flight (RaftVoteItem).
// TopologyScene owns one and asks it for positions, looks and edges when the cluster runs in KRaft mode.
#pragma once

#include "ClusterSpec.h"
#include "ClusterState.h"
#include "NodeItem.h"
#include "RaftQuorumPicture.h"

#include <QHash>
#include <QPointF>

class QGraphicsScene;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QGraphicsPathItem;

namespace ensemble::ui {

class RaftVoteItem;

class RaftQuorumArea
{
  public:
    static bool isKRaft(const ClusterLayout &layout) { return !layout.kraftControllers().isEmpty(); }

    // Where each node goes (controllers and combined nodes in the quorum row, brokers below); adds the frame.
    QHash<QString, QPointF> place(QGraphicsScene *scene, const ClusterLayout &layout);
    void forget(); // the scene was cleared

    RaftQuorumPicture &picture() { return m_picture; }
    const RaftQuorumPicture &picture() const { return m_picture; }

    // What node N shows; LEADS: partitions it leads ("leads 2 of 3"), UNDER_MIN: of those, how many refuse acks=all.
    NodeItem::Look look(const NodeStatus &n, const ClusterState &state, int leads, int partitions, int underMin) const;
    // The lines: active controller to the voters that follow it, brokers to the active controller (solid green
    // when unfenced, dashed orange otherwise). Added to SCENE; returned so the scene can drop them next time.
    QList<QGraphicsPathItem *> addEdges(QGraphicsScene *scene, const ClusterState &state,
                                        const QHash<QString, NodeItem *> &nodes, const QColor &ink) const;
    void updateFrame(const QColor &ink, const QColor &fill);
    // The election-timeout ring of a waiting follower: FRACTION (0..1) of the follower's fetch timeout has passed
    // since the leader went silent; negative = not known.
    void setElectionTimer(qreal fraction) { m_electionTimer = fraction; }
    // How long a follower waits without hearing from its leader before it stands (controller.quorum.fetch.timeout.ms
    // as the nodes of SPEC get it); 0 when LAYOUT has no controllers.
    static int followerTimeoutMs(const ClusterSpec &spec, const ClusterLayout &layout);

    // A voter's answer as an arrow pair; nullptr when a node is not on the canvas. Same key: same item.
    static QString voteKey(const ClusterEvent &event);
    static RaftVoteItem *makeVote(const ClusterEvent &event, const QHash<QString, NodeItem *> &nodes);

  private:
    RaftQuorumPicture m_picture;
    QGraphicsRectItem *m_frame = nullptr;
    QGraphicsSimpleTextItem *m_label = nullptr;
    qreal m_electionTimer = -1;
};

} // namespace ensemble::ui
