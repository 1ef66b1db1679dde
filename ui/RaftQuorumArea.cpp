#include "RaftQuorumArea.h"

#include "KRaftNodeConfig.h"
#include "RaftVoteItem.h"

#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QPainterPath>
#include <QPen>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
constexpr qreal kControllerSpacing = 230;
constexpr qreal kControllerY = -120;
constexpr qreal kArcRise = 120;
constexpr qreal kBrokerTop = 160;
constexpr qreal kBrokerSpacing = 175;
constexpr int kBrokersPerRow = 7;
} // namespace

void RaftQuorumArea::forget()
{
    m_frame = nullptr;
    m_label = nullptr;
}

QHash<QString, QPointF> RaftQuorumArea::place(QGraphicsScene *scene, const ClusterLayout &layout)
{
    m_picture.reset(layout);
    QHash<QString, QPointF> at;
    const QList<NodeLayout> voters = layout.kraftControllers();
    QList<NodeLayout> brokers;
    for (const NodeLayout &n : layout.nodes)
        if (n.kind == NodeKind::Broker && !n.isKRaftController())
            brokers.append(n);
    const int nv = int(voters.size());
    // A shallow arc, not a row: a vote between the two outer controllers then passes below the middle one.
    const qreal half = std::max<qreal>(1, (nv - 1) / 2.0);
    for (int i = 0; i < nv; ++i) {
        const qreal x = (i - (nv - 1) / 2.0) / half;
        at.insert(voters[i].name,
                  QPointF(x * half * kControllerSpacing, kControllerY - (nv >= 3 ? kArcRise * (1 - x * x) : 0)));
    }
    const int nb = int(brokers.size());
    for (int i = 0; i < nb; ++i) {
        const int row = i / kBrokersPerRow;
        const int inRow = std::min(kBrokersPerRow, nb - row * kBrokersPerRow);
        at.insert(brokers[i].name,
                  QPointF((i % kBrokersPerRow - (inRow - 1) / 2.0) * kBrokerSpacing, kBrokerTop + row * 130));
    }
    if (nv > 0) {
        const qreal w = (nv - 1) / 2.0 * kControllerSpacing;
        const qreal top = kControllerY - (nv >= 3 ? kArcRise : 0) - 118;
        m_frame = scene->addRect(QRectF(-w - 120, top, 2 * w + 240, kControllerY + 92 - top));
        m_frame->setZValue(-2);
        m_label = scene->addSimpleText(u"KRaft controller quorum (metadata log, Raft)"_s);
        m_label->setPos(m_frame->rect().topLeft() + QPointF(10, 6));
        m_label->setZValue(-1);
    }
    return at;
}

void RaftQuorumArea::updateFrame(const QColor &ink, const QColor &fill)
{
    if (!m_frame)
        return;
    QColor frame = ink;
    frame.setAlphaF(0.35f);
    m_frame->setPen(QPen(frame, 1.2, Qt::DashLine));
    m_frame->setBrush(fill);
    m_label->setBrush(ink);
    QString text = u"KRaft controller quorum (metadata log, Raft)"_s;
    if (m_picture.highestEpoch() >= 0)
        text += u" · epoch %1"_s.arg(m_picture.highestEpoch());
    if (const auto hw = m_picture.highWatermark())
        text += u" · high watermark %1"_s.arg(*hw);
    m_label->setText(text);
}

int RaftQuorumArea::followerTimeoutMs(const ClusterSpec &spec, const ClusterLayout &layout)
{
    const QList<NodeLayout> voters = layout.kraftControllers();
    if (voters.isEmpty())
        return 0;
    // The node's own server.properties as the engine writes it: the profile's value or the file's override.
    for (const auto &[key, value] : KRaftNodeConfig::properties(spec, layout, voters.first(), QString()))
        if (key == u"controller.quorum.fetch.timeout.ms")
            return value.toInt();
    return 2000; // Kafka's default
}

NodeItem::Look RaftQuorumArea::look(const NodeStatus &n, const ClusterState &state, int leads, int partitions,
                                    int underMin) const
{
    NodeItem::Look look;
    look.state = n.state;
    const bool running = isRunning(n.state);
    const bool down = n.state == NodeState::Exited || n.state == NodeState::Killed;
    const QString name = n.layout.name;
    look.combined = n.layout.kind == NodeKind::Broker && n.layout.isKRaftController();
    QString brokerLine;
    if (n.layout.kind == NodeKind::Broker) {
        const QString reg = running ? m_picture.brokerStatus(n.layout.id) : QString();
        brokerLine = running && partitions > 0 ? u"leads %1 of %2"_s.arg(leads).arg(partitions) : QString();
        look.underMinIsr = running ? underMin : 0;
        if (!look.combined) {
            look.role = running ? reg : QString();
            look.detail = down ? u"exit code %1"_s.arg(n.exitCode)
                               : (brokerLine.isEmpty() ? u"id %1"_s.arg(n.layout.id) : brokerLine);
            if (n.state == NodeState::Paused)
                look.role = u"paused"_s;
            return look;
        }
    }
    // A voter: its raft state and epoch, its vote in that epoch.
    const RaftQuorumPicture::Voter *v = m_picture.voter(name);
    const bool fenced = m_picture.isFencedLeader(name);
    look.crown = running && !fenced && v && v->state == u"leader";
    if (v && !v->state.isEmpty() && v->epoch >= 0)
        look.role =
            u"%1%2 · e%3"_s.arg(running ? QString() : u"was "_s, v->state == u"prospective" ? u"pre-vote"_s : v->state)
                .arg(v->epoch);
    else
        look.role = running ? u"controller"_s : QString();
    if (fenced) {
        look.tag = NodeItem::Look::Tag::Fenced;
        look.tagText = u"FENCED by e%1"_s.arg(m_picture.highestEpoch());
    } else if (running && v && v->state == u"candidate") {
        look.tag = NodeItem::Look::Tag::Candidate;
        look.tagText = u"CANDIDATE e%1"_s.arg(v->epoch);
    } else if (running && v && v->state == u"prospective") {
        look.tag = NodeItem::Look::Tag::Prospective;
        look.tagText = u"PRE-VOTE e%1"_s.arg(v->epoch);
    } else if (running && v && v->state == u"resigned") {
        look.tag = NodeItem::Look::Tag::Resigned;
        look.tagText = u"RESIGNED e%1"_s.arg(v->epoch);
    }
    if (down)
        look.detail = u"exit code %1"_s.arg(n.exitCode);
    else if (look.combined && !brokerLine.isEmpty())
        look.detail = brokerLine;
    else if (v && !v->voted.isEmpty())
        look.detail = u"voted %1"_s.arg(state.layout().find(v->voted) ? state.layout().find(v->voted)->id : 0);
    else if (v && v->epoch >= 0)
        look.detail = u"no vote in e%1"_s.arg(v->epoch);
    else
        look.detail = u"id %1"_s.arg(n.layout.id);
    if (n.state == NodeState::Paused)
        look.role = u"paused"_s;
    // A paused leader is as silent as a dead one: its followers wait and then stand.
    const NodeStatus *leader = state.node(state.quorumLeader());
    const bool hasLiveLeader = leader && isRunning(leader->state) && leader->state != NodeState::Paused;
    look.waiting = running && n.state != NodeState::Paused && !hasLiveLeader && !look.crown &&
                   (!v || v->state == u"follower" || v->state == u"unattached");
    if (look.waiting && v && v->state == u"follower")
        look.electionTimer = m_electionTimer;
    if (const auto c = m_picture.catchUp(name); c && running)
        look.catchUp = *c;
    return look;
}

QList<QGraphicsPathItem *> RaftQuorumArea::addEdges(QGraphicsScene *scene, const ClusterState &state,
                                                    const QHash<QString, NodeItem *> &nodes, const QColor &ink) const
{
    QList<QGraphicsPathItem *> out;
    auto edge = [&](const QPointF &a, const QPointF &b, const QPen &pen) {
        QPainterPath path(a);
        path.lineTo(b);
        auto *item = scene->addPath(path, pen);
        item->setZValue(-1);
        out.append(item);
    };
    const QString leader = state.quorumLeader();
    const NodeItem *leaderItem = nodes.value(leader);
    const NodeStatus *leaderStatus = state.node(leader);
    const bool leaderLive = leaderItem && leaderStatus && isRunning(leaderStatus->state) &&
                            leaderStatus->state != NodeState::Paused && !m_picture.isFencedLeader(leader);
    QColor quorumInk = ink;
    quorumInk.setAlphaF(0.75f);
    for (const NodeStatus &n : state.nodes()) {
        const NodeItem *item = nodes.value(n.layout.name);
        if (!item || !isRunning(n.state) || n.layout.name == leader)
            continue;
        if (n.layout.isKRaftController()) {
            // Followers fetch the metadata log from the leader.
            const RaftQuorumPicture::Voter *v = m_picture.voter(n.layout.name);
            if (leaderLive && v && v->state == u"follower" && v->leader == leader)
                edge(leaderItem->pos(), item->pos(), QPen(quorumInk, 3));
            continue;
        }
        const QString reg = m_picture.brokerStatus(n.layout.id);
        const bool unfenced = reg == u"unfenced";
        const QPointF from = item->pos() - QPointF(0, item->radius());
        const QPointF to = leaderLive ? leaderItem->pos() + QPointF(0, leaderItem->radius()) : QPointF(from.x(), 0);
        const QColor c = unfenced ? QColor(0x2e, 0x9d, 0x4f) : QColor(0xd9, 0x7a, 0x2b);
        edge(from, to, QPen(c, unfenced ? 2.5 : 2, unfenced && leaderLive ? Qt::SolidLine : Qt::DashLine));
    }
    return out;
}

QString RaftQuorumArea::voteKey(const ClusterEvent &e)
{
    return e.fields.value(u"candidate"_s).toString() + u'|' + e.fields.value(u"voter"_s).toString() + u'|' +
           QString::number(e.fields.value(u"epoch"_s).toInt()) + u'|' +
           (e.fields.value(u"pre_vote"_s).toBool() ? u"pre"_s : u"vote"_s);
}

RaftVoteItem *RaftQuorumArea::makeVote(const ClusterEvent &e, const QHash<QString, NodeItem *> &nodes)
{
    const QString candidate = e.fields.value(u"candidate"_s).toString();
    const QString voter = e.fields.value(u"voter"_s).toString();
    const NodeItem *from = nodes.value(candidate);
    const NodeItem *to = nodes.value(voter);
    if (!from || !to || from == to)
        return nullptr;
    auto *item = new RaftVoteItem(candidate, voter, e.fields.value(u"epoch"_s).toInt(),
                                  e.fields.value(u"pre_vote"_s).toBool(), e.fields.value(u"granted"_s).toBool());
    item->setEnds(from->pos(), to->pos(), from->radius(), to->radius());
    item->setProgress(0);
    return item;
}

} // namespace ensemble::ui
