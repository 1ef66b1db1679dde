// One node on the topology canvas. Dumb: the scene tells it what to show (state, role, crown, badge) and it
// paints that. Coordinators are circles, brokers rounded boxes.
#pragma once

#include "NodeLayout.h"
#include "NodeState.h"

#include <QGraphicsItem>

namespace ensemble::ui {

class NodeItem : public QGraphicsItem
{
  public:
    enum { Type = UserType + 1 };

    struct Look
    {
        NodeState state = NodeState::Stopped;
        QString role;       // leader, follower, looking, controller, broker
        bool crown = false; // the ZooKeeper quorum leader
        bool badge = false; // the Kafka controller
        QString detail;     // a short third line: "leads 2 of 3", "paused"
        // KRaft: a tag above a controller that is not plainly leading or following ("CANDIDATE e3", "PRE-VOTE e3",
        // "FENCED by e5"): its outline tells them apart (solid, dashed, struck through) as well as its words.
        enum class Tag { None, Candidate, Prospective, Resigned, Fenced };
        Tag tag = Tag::None;
        QString tagText;
        qreal catchUp = -1;   // KRaft: log end offset / high watermark as a ring, 0..1; negative = unknown
        bool waiting = false; // KRaft: a live voter that has no leader
        // KRaft, a waiting follower: the time since its leader went silent against the follower's fetch timeout
        // (after which it stands), 0..1 as a filling ring; negative = unknown (a dashed ring only).
        qreal electionTimer = -1;
        bool combined = false; // KRaft: controller and broker in one process
        int underMinIsr = 0;   // partitions it leads that refuse acks=all writes (a warning mark)
        bool operator==(const Look &) const = default;
    };

    explicit NodeItem(const NodeLayout &layout);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const NodeLayout &layout() const { return m_layout; }
    QString name() const { return m_layout.name; }
    const Look &look() const { return m_look; }
    void setLook(const Look &look);
    // 0..1 through a "just elected" pulse; negative when not pulsing.
    void setPulse(qreal phase);
    qreal pulse() const { return m_pulse; }
    // Where edges end: the centre of the body.
    QPointF anchor() const { return scenePos(); }
    qreal radius() const;
    static QColor electionTimerColor(); // the election-timeout ring's fill (the legend draws it too)

  private:
    QRectF body() const;

    NodeLayout m_layout;
    Look m_look;
    qreal m_pulse = -1;
};

} // namespace ensemble::ui
