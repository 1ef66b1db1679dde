#include "TopologyScene.h"

#include "ClusterFeed.h"
#include "ClusterSession.h"
#include "NodeItem.h"
#include "RaftVoteItem.h"
#include "VoteArrowItem.h"

#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPalette>
#include <QtMath>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
constexpr qreal kArcRadius = 230;
constexpr qreal kBrokerTop = 150;
constexpr qreal kBrokerSpacing = 175;
constexpr int kBrokersPerRow = 7;

QString duration(qint64 ms)
{
    if (ms < 0)
        return u"-"_s;
    const qint64 s = ms / 1000;
    if (s < 60)
        return u"%1 s"_s.arg(s);
    if (s < 3600)
        return u"%1 min %2 s"_s.arg(s / 60).arg(s % 60);
    return u"%1 h %2 min"_s.arg(s / 3600).arg((s / 60) % 60);
}
} // namespace

TopologyScene::TopologyScene(QObject *parent) : QGraphicsScene(parent)
{
    m_tick.setInterval(16);
    m_tick.setTimerType(Qt::PreciseTimer);
    connect(&m_tick, &QTimer::timeout, this, &TopologyScene::advance);
    m_clock.start();
}

void TopologyScene::setFeed(ClusterFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (feed) {
        connect(feed, &ClusterFeed::resetDone, this, &TopologyScene::rebuild);
        connect(feed, &ClusterFeed::eventApplied, this, &TopologyScene::onEvent);
        connect(feed, &QObject::destroyed, this, [this] { setFeed(nullptr); });
    }
    rebuild();
}

QList<NodeItem *> TopologyScene::nodeItems() const
{
    QList<NodeItem *> out;
    if (m_feed)
        for (const NodeLayout &n : m_feed->layout().nodes)
            if (NodeItem *item = m_nodes.value(n.name))
                out.append(item);
    return out;
}

QList<VoteArrowItem *> TopologyScene::voteArrows() const
{
    QList<VoteArrowItem *> out;
    for (const Animation &a : m_votes)
        out.append(static_cast<VoteArrowItem *>(a.item));
    return out;
}

QList<RaftVoteItem *> TopologyScene::raftVotes() const
{
    QList<RaftVoteItem *> out;
    for (const Animation &a : m_raftVotes)
        out.append(static_cast<RaftVoteItem *>(a.item));
    return out;
}

void TopologyScene::setRaftOffsets(qint64 highWatermark, const QHash<QString, qint64> &logEndOffsets)
{
    m_raft.picture().setOffsets(highWatermark, logEndOffsets);
    refresh();
}

void TopologyScene::setMinIsr(const MinIsrCheck &check)
{
    m_minIsr = check;
    refresh();
}

void TopologyScene::setClusterFileOf(const ClusterSession *engine)
{
    m_followerTimeoutMs = engine ? RaftQuorumArea::followerTimeoutMs(engine->spec(), engine->layout()) : 0;
    setMinIsr(engine ? MinIsrCheck::fromConfigs(engine->spec().topics, engine->spec().brokerConfig) : MinIsrCheck());
}

void TopologyScene::setFollowerTimeoutMs(int ms)
{
    m_followerTimeoutMs = std::max(0, ms);
    refresh();
}

qreal TopologyScene::electionTimer() const
{
    if (m_leaderSilentSince < 0 || m_followerTimeoutMs <= 0)
        return -1;
    return std::clamp(double(sceneAgeMs(m_leaderSilentSince)) / m_followerTimeoutMs, 0.0, 1.0);
}

void TopologyScene::noteLeaderSilence(const ClusterEvent &e)
{
    // The logs say nothing while a follower waits: the ring's clock starts when the leader stops talking — its
    // SIGKILL, crash or SIGSTOP. A stopped leader resigns first (its followers do not wait out a timeout).
    if (e.kind == EventKind::NodeState) {
        const NodeState s = nodeStateFromString(e.nodeState().state);
        const RaftQuorumPicture::Voter *v = m_raft.picture().voter(e.node);
        const bool silent = s == NodeState::Killed || s == NodeState::Exited || s == NodeState::Paused;
        if (silent && v && v->state == u"leader" && !m_raft.picture().isFencedLeader(e.node) &&
            m_leaderSilentSince < 0) {
            m_silentLeader = e.node;
            m_leaderSilentSince = m_clock.elapsed();
            startTicking();
        } else if (!silent && isRunning(s) && e.node == m_silentLeader && s != NodeState::Starting) {
            m_silentLeader.clear(); // resumed before anyone stood
            m_leaderSilentSince = -1;
        }
    } else if (e.kind == EventKind::LeaderElected ||
               (e.kind == EventKind::RaftStateChanged && e.fields.value(u"state"_s).toString() == u"leader")) {
        m_silentLeader.clear();
        m_leaderSilentSince = -1;
    }
}

bool TopologyScene::advanceElectionTimers()
{
    const qreal t = electionTimer();
    if (t < 0)
        return false;
    for (NodeItem *item : std::as_const(m_nodes))
        if (item->look().waiting && item->look().electionTimer >= 0 && item->look().electionTimer != t) {
            NodeItem::Look look = item->look();
            look.electionTimer = t;
            item->setLook(look);
        }
    return t < 1;
}

void TopologyScene::clearEdges()
{
    for (QGraphicsPathItem *e : std::as_const(m_quorumEdges) + m_sessionEdges) {
        removeItem(e);
        delete e;
    }
    m_quorumEdges.clear();
    m_sessionEdges.clear();
}

void TopologyScene::rebuild()
{
    m_tick.stop();
    m_votes.clear();
    m_raftVotes.clear();
    m_pulses.clear();
    m_raft.forget();
    m_silentLeader.clear();
    m_leaderSilentSince = -1;
    m_quorumEdges.clear();
    m_sessionEdges.clear();
    m_nodes.clear();
    m_ensembleFrame = nullptr;
    m_ensembleLabel = nullptr;
    clear();
    m_kraft = m_feed && RaftQuorumArea::isKRaft(m_feed->layout());
    if (!m_feed) {
        Q_EMIT modeChanged(false);
        return;
    }
    if (m_kraft) {
        const QHash<QString, QPointF> at = m_raft.place(this, m_feed->layout());
        for (const NodeLayout &n : m_feed->layout().nodes) {
            auto *item = new NodeItem(n);
            item->setPos(at.value(n.name));
            addItem(item);
            m_nodes.insert(n.name, item);
        }
        for (const ClusterEvent &e : m_feed->events())
            m_raft.picture().apply(e);
        refresh();
        setSceneRect(itemsBoundingRect().adjusted(-90, -70, 90, 60));
        Q_EMIT modeChanged(true);
        return;
    }

    const QList<NodeLayout> coordinators = m_feed->layout().coordinators();
    const QList<NodeLayout> brokers = m_feed->layout().brokers();
    // Coordinators on an upper arc: one on top, several spread from 200° to 340°.
    const int nc = int(coordinators.size());
    const qreal spread = nc <= 1 ? 0 : std::min<qreal>(150, 45.0 * (nc - 1));
    QRectF coordBox;
    for (int i = 0; i < nc; ++i) {
        const qreal deg = 270 - spread / 2 + (nc <= 1 ? 0 : spread * i / (nc - 1));
        const qreal a = qDegreesToRadians(deg);
        const QPointF pos(kArcRadius * 1.15 * std::cos(a), kArcRadius * std::sin(a) + kArcRadius * 0.35);
        auto *item = new NodeItem(coordinators[i]);
        item->setPos(pos);
        addItem(item);
        m_nodes.insert(coordinators[i].name, item);
        const QRectF r(pos - QPointF(item->radius(), item->radius()), QSizeF(2 * item->radius(), 2 * item->radius()));
        coordBox = coordBox.isNull() ? r : coordBox.united(r);
    }
    const int nb = int(brokers.size());
    for (int i = 0; i < nb; ++i) {
        const int row = i / kBrokersPerRow;
        const int inRow = std::min(kBrokersPerRow, nb - row * kBrokersPerRow);
        const int col = i % kBrokersPerRow;
        const QPointF pos((col - (inRow - 1) / 2.0) * kBrokerSpacing, kBrokerTop + row * 130);
        auto *item = new NodeItem(brokers[i]);
        item->setPos(pos);
        addItem(item);
        m_nodes.insert(brokers[i].name, item);
    }
    if (nc > 0) {
        m_ensembleFrame = addRect(coordBox.adjusted(-40, -62, 40, 26));
        m_ensembleFrame->setZValue(-2);
        m_ensembleLabel = addSimpleText(u"ZooKeeper ensemble"_s);
        m_ensembleLabel->setPos(m_ensembleFrame->rect().topLeft() + QPointF(10, 6));
        m_ensembleLabel->setZValue(-1);
    }
    refresh();
    // Leave room around the nodes for the arrows and the legend.
    setSceneRect(itemsBoundingRect().adjusted(-90, -70, 90, 60));
    Q_EMIT modeChanged(false);
}

void TopologyScene::setShowInternalTopics(bool shown)
{
    m_showInternalTopics = shown;
    refresh();
}

void TopologyScene::refresh()
{
    if (!m_feed)
        return;
    const ClusterState &state = m_feed->state();
    QHash<int, int> leads;
    int partitions = 0;
    for (const TopicState &t : state.topics()) {
        if (!m_showInternalTopics && t.name.startsWith(u"__"))
            continue;
        for (const PartitionState &p : t.partitions) {
            ++partitions;
            if (p.leader >= 0)
                ++leads[p.leader];
        }
    }
    QHash<int, int> underMin; // leader -> partitions refusing acks=all writes
    for (const UnderMinIsr &u : m_minIsr.now(state)) {
        if (!m_showInternalTopics && u.topic.startsWith(u"__"))
            continue;
        if (auto t = state.topics().constFind(u.topic); t != state.topics().cend())
            if (auto p = t->partitions.constFind(u.partition); p != t->partitions.cend() && p->leader >= 0)
                ++underMin[p->leader];
    }
    const QPalette pal = palette();
    const QColor ink = pal.color(QPalette::Text);
    if (m_kraft) {
        QColor fill = pal.color(QPalette::AlternateBase);
        fill.setAlphaF(0.5f);
        m_raft.updateFrame(ink, fill);
        m_raft.setElectionTimer(electionTimer());
        for (const NodeStatus &n : state.nodes())
            if (NodeItem *item = m_nodes.value(n.layout.name))
                item->setLook(m_raft.look(n, state, leads.value(n.layout.id), partitions, underMin.value(n.layout.id)));
        clearEdges();
        m_quorumEdges = m_raft.addEdges(this, state, m_nodes, ink);
        update();
        return;
    }
    if (m_ensembleFrame) {
        QColor frame = ink;
        frame.setAlphaF(0.35f);
        m_ensembleFrame->setPen(QPen(frame, 1.2, Qt::DashLine));
        QColor fill = pal.color(QPalette::AlternateBase);
        fill.setAlphaF(0.5f);
        m_ensembleFrame->setBrush(fill);
        m_ensembleLabel->setBrush(ink);
    }

    for (const NodeStatus &n : state.nodes()) {
        NodeItem *item = m_nodes.value(n.layout.name);
        if (!item)
            continue;
        NodeItem::Look look;
        look.state = n.state;
        look.role = n.role;
        if (n.layout.kind == NodeKind::Coordinator) {
            look.crown = state.quorumLeader() == n.layout.name && isRunning(n.state);
            look.detail = n.state == NodeState::Exited || n.state == NodeState::Killed
                              ? u"exit code %1"_s.arg(n.exitCode)
                              : u"myid %1"_s.arg(n.layout.id);
        } else {
            look.badge = state.controller() == n.layout.id && isRunning(n.state);
            look.detail =
                isRunning(n.state) && partitions > 0
                    ? u"leads %1 of %2"_s.arg(leads.value(n.layout.id)).arg(partitions)
                    : (n.state == NodeState::Exited || n.state == NodeState::Killed ? u"exit code %1"_s.arg(n.exitCode)
                                                                                    : u"id %1"_s.arg(n.layout.id));
            if (n.role.isEmpty() && isRunning(n.state))
                look.role = u"broker"_s;
            look.underMinIsr = isRunning(n.state) ? underMin.value(n.layout.id) : 0;
        }
        if (n.state == NodeState::Paused)
            look.role = u"paused"_s;
        item->setLook(look);
    }

    // Edges are few (a dozen for 14 nodes): rebuilding them on each event is simpler than diffing.
    clearEdges();
    auto edge = [&](const QPointF &a, const QPointF &b, const QPen &pen) {
        QPainterPath path(a);
        path.lineTo(b);
        auto *item = addPath(path, pen);
        item->setZValue(-1);
        return item;
    };
    const QString leader = state.quorumLeader();
    const NodeItem *leaderItem = m_nodes.value(leader);
    QList<const NodeStatus *> live;
    for (const NodeStatus &n : state.nodes())
        if (n.layout.kind == NodeKind::Coordinator && isRunning(n.state) && n.state != NodeState::Paused)
            live.append(&n);
    QColor quorumInk = ink;
    quorumInk.setAlphaF(0.75f);
    if (leaderItem) {
        for (const NodeStatus *n : live)
            if (n->layout.name != leader)
                m_quorumEdges.append(edge(leaderItem->pos(), m_nodes.value(n->layout.name)->pos(),
                                          QPen(quorumInk, n->role == u"follower" ? 3 : 1.5,
                                               n->role == u"follower" ? Qt::SolidLine : Qt::DashLine)));
    } else {
        for (int i = 0; i < live.size(); ++i)
            for (int j = i + 1; j < live.size(); ++j)
                m_quorumEdges.append(edge(m_nodes.value(live[i]->layout.name)->pos(),
                                          m_nodes.value(live[j]->layout.name)->pos(),
                                          QPen(quorumInk, 1.5, Qt::DashLine)));
    }
    if (m_ensembleFrame) {
        const QRectF frame = m_ensembleFrame->rect();
        for (const NodeStatus &n : state.nodes()) {
            if (n.layout.kind != NodeKind::Broker || !isRunning(n.state))
                continue;
            const NodeItem *item = m_nodes.value(n.layout.name);
            const bool registered = state.registeredBrokers().contains(n.layout.id);
            const QPointF from = item->pos() - QPointF(0, item->radius());
            const QPointF to(std::clamp(from.x(), frame.left() + 30, frame.right() - 30), frame.bottom());
            QColor c = registered ? QColor(0x2e, 0x9d, 0x4f) : QColor(0xd9, 0x7a, 0x2b);
            m_sessionEdges.append(
                edge(from, to, QPen(c, registered ? 2.5 : 2, registered ? Qt::SolidLine : Qt::DashLine)));
        }
    }
    update();
}

void TopologyScene::onEvent(const ClusterEvent &event)
{
    if (m_kraft) {
        m_raft.picture().apply(event);
        noteLeaderSilence(event);
    }
    refresh();
    if (event.kind == EventKind::RaftVote) {
        addRaftVote(event);
    } else if (event.kind == EventKind::Vote) {
        addVote(event);
    } else if (event.kind == EventKind::LeaderElected) {
        const QString leader = event.leader().leader;
        if (m_nodes.contains(leader)) {
            m_pulses.insert(leader, m_clock.elapsed());
            startTicking();
        }
    }
}

void TopologyScene::addVote(const ClusterEvent &event)
{
    const VoteFields vote = event.vote();
    const QString &voter = vote.voter;
    const QString &candidate = vote.candidate;
    NodeItem *from = m_nodes.value(voter);
    NodeItem *to = m_nodes.value(candidate);
    if (!from || !to)
        return;
    const QString round = QString::number(vote.round);
    const QString epoch = QString::number(vote.epoch);
    // The same vote reaches every peer (one event per receiver): one arrow, kept alive by each sighting.
    const QString key = voter + u'|' + candidate + u'|' + round + u'|' + epoch;
    Animation &a = m_votes[key];
    if (!a.item) {
        // A newer round from the same voter replaces its older arrows.
        for (auto it = m_votes.begin(); it != m_votes.end();) {
            auto *arrow = static_cast<VoteArrowItem *>(it->item);
            if (arrow && arrow->voter() == voter && it.key() != key) {
                removeItem(arrow);
                delete arrow;
                it = m_votes.erase(it);
            } else {
                ++it;
            }
        }
        // The proposal's (epoch, zxid) — what the vote is decided on, then the candidate's id (the arrow's head);
        // the notification round is not part of it.
        auto *arrow = new VoteArrowItem(
            voter, candidate, vote.zxid.isEmpty() ? u"e%1"_s.arg(epoch) : u"e%1 zxid %2"_s.arg(epoch, vote.zxid));
        arrow->setEnds(from->pos(), to->pos(), from->radius(), to->radius());
        arrow->setProgress(0);
        addItem(arrow);
        m_votes[key] = Animation{arrow, m_clock.elapsed()};
    } else {
        // Seen again: keep it on screen, without restarting its flight.
        a.bornMs = std::max(a.bornMs, m_clock.elapsed() - qint64(400 / m_timeScale));
    }
    startTicking();
}

void TopologyScene::addRaftVote(const ClusterEvent &event)
{
    const QString key = RaftQuorumArea::voteKey(event);
    if (auto it = m_raftVotes.find(key);
        it != m_raftVotes.end() &&
        static_cast<RaftVoteItem *>(it->item)->isGranted() != event.fields.value(u"granted"_s).toBool()) {
        // The same question answered otherwise (a voter that caught up): the new answer replaces the old.
        removeItem(it->item);
        delete it->item;
        m_raftVotes.erase(it);
    }
    if (Animation &a = m_raftVotes[key]; a.item) {
        a.bornMs = std::max(a.bornMs, m_clock.elapsed() - qint64(700 / m_timeScale)); // seen again: keep it
    } else if (RaftVoteItem *item = RaftQuorumArea::makeVote(event, m_nodes)) {
        addItem(item);
        a = Animation{item, m_clock.elapsed()};
    } else {
        m_raftVotes.remove(key);
        return;
    }
    startTicking();
}

void TopologyScene::startTicking()
{
    if (!m_tick.isActive())
        m_tick.start();
}

qint64 TopologyScene::sceneAgeMs(qint64 bornMs) const
{
    return qint64(double(m_clock.elapsed() - bornMs) * m_timeScale);
}

void TopologyScene::advance()
{
    for (auto it = m_votes.begin(); it != m_votes.end();) {
        auto *arrow = static_cast<VoteArrowItem *>(it->item);
        const qint64 age = sceneAgeMs(it->bornMs);
        if (age >= kVoteLifeMs) {
            removeItem(arrow);
            delete arrow;
            it = m_votes.erase(it);
            continue;
        }
        arrow->setProgress(std::min(1.0, double(age) / 250.0));
        arrow->setOpacity(age < 900 ? 1.0 : 1.0 - double(age - 900) / double(kVoteLifeMs - 900));
        ++it;
    }
    for (auto it = m_raftVotes.begin(); it != m_raftVotes.end();) {
        auto *vote = static_cast<RaftVoteItem *>(it->item);
        const qint64 age = sceneAgeMs(it->bornMs);
        if (age >= kRaftVoteLifeMs) {
            removeItem(vote);
            delete vote;
            it = m_raftVotes.erase(it);
            continue;
        }
        // The request travels in 300 ms, the answer comes back in the next 300, then both stay and fade.
        vote->setProgress(std::min(2.0, double(age) / 300.0));
        vote->setOpacity(age < 3000 ? 1.0 : 1.0 - double(age - 3000) / double(kRaftVoteLifeMs - 3000));
        ++it;
    }
    for (auto it = m_pulses.begin(); it != m_pulses.end();) {
        NodeItem *item = m_nodes.value(it.key());
        const qint64 age = sceneAgeMs(it.value());
        if (!item || age >= kPulseMs) {
            if (item)
                item->setPulse(-1);
            it = m_pulses.erase(it);
            continue;
        }
        item->setPulse(double(age) / kPulseMs);
        ++it;
    }
    const bool filling = advanceElectionTimers();
    if (m_votes.isEmpty() && m_raftVotes.isEmpty() && m_pulses.isEmpty() && !filling)
        m_tick.stop();
}

QString TopologyScene::tooltipFor(const QString &name, qint64 nowMs) const
{
    if (!m_feed)
        return {};
    const NodeStatus *n = m_feed->state().node(name);
    if (!n)
        return {};
    const NodeLayout &l = n->layout;
    QStringList lines;
    const QString what = l.isKRaftController()
                             ? (l.kind == NodeKind::Broker ? u"KRaft controller + broker"_s : u"KRaft controller"_s)
                             : (l.kind == NodeKind::Coordinator ? u"ZooKeeper server"_s : u"Kafka broker"_s);
    lines << u"<b>%1</b> — %2 id %3"_s.arg(l.name, what).arg(l.id);
    lines << u"state: %1%2"_s.arg(toString(n->state), n->state == NodeState::Exited || n->state == NodeState::Killed
                                                          ? u" (exit code %1)"_s.arg(n->exitCode)
                                                          : QString());
    lines << u"role: %1"_s.arg(n->role.isEmpty() ? u"-"_s : n->role);
    lines << u"pid: %1"_s.arg(n->pid ? QString::number(n->pid) : u"-"_s);
    if (const RaftQuorumPicture::Voter *v = m_kraft ? m_raft.picture().voter(name) : nullptr; v && v->epoch >= 0)
        lines << u"raft: %1 in epoch %2%3"_s.arg(v->state.isEmpty() ? u"-"_s : v->state)
                     .arg(v->epoch)
                     .arg(v->voted.isEmpty() ? QString() : u", voted for "_s + v->voted);
    if (const auto leo = m_raft.picture().logEndOffset(name); m_kraft && leo && m_raft.picture().highWatermark())
        lines << u"log end offset %1 of high watermark %2"_s.arg(*leo).arg(*m_raft.picture().highWatermark());
    if (l.isKRaftController())
        lines << u"ports: controller %1%2"_s.arg(l.controllerPort)
                     .arg(l.kind == NodeKind::Broker ? u", listener %1"_s.arg(l.clientPort) : QString());
    else if (l.kind == NodeKind::Coordinator)
        lines << u"ports: client %1, quorum %2, election %3"_s.arg(l.clientPort).arg(l.quorumPort).arg(l.electionPort);
    else
        lines << u"listener: %1:%2"_s.arg(m_feed->layout().host).arg(l.clientPort);
    lines << u"%1 for %2"_s.arg(isRunning(n->state) ? u"up"_s : u"down"_s, duration(nowMs - n->sinceMs));
    return lines.join(u"<br>"_s);
}

} // namespace ensemble::ui
