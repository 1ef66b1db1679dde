#include "ElectionNarrator.h"

#include "ReplaySpan.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {

QString idList(const QList<int> &ids)
{
    QStringList parts;
    for (int id : ids)
        parts.append(QString::number(id));
    return u'[' + parts.join(u',') + u']';
}

QString broker(int id)
{
    return id < 0 ? u"no leader"_s : u"broker %1"_s.arg(id);
}

QString joinNames(QStringList names)
{
    names.sort();
    if (names.size() <= 1)
        return names.join(QString());
    const QString last = names.takeLast();
    return names.join(u", "_s) + u" and "_s + last;
}

// A KRaft node's name from a raft id field (the layout's node.id), else "node ID".
QString raftName(const ClusterState &state, const QJsonValue &id)
{
    if (const NodeLayout *n = state.layout().findById(id.toInt()))
        return n->name;
    return u"node %1"_s.arg(id.toInt());
}

} // namespace

ZkProposal ZkProposal::of(const VoteFields &vote)
{
    QString zxid = vote.zxid;
    if (zxid.startsWith(u"0x"))
        zxid = zxid.sliced(2);
    return ZkProposal{vote.epoch, zxid.toULongLong(nullptr, 16), vote.candidateId};
}

QString ZkProposal::text() const
{
    return u"(epoch %1, zxid 0x%2, id %3)"_s.arg(epoch).arg(zxid, 0, 16).arg(id);
}

QString whyBetter(const ZkProposal &a, const ZkProposal &b)
{
    if (a.epoch != b.epoch)
        return u"a higher epoch"_s;
    if (a.zxid != b.zxid)
        return u"the same epoch and a higher zxid (newer data)"_s;
    return u"the same epoch and zxid, and a higher server id"_s;
}

QString readableDescription(const ClusterEvent &e)
{
    switch (e.kind) {
    case EventKind::PartitionLeaderChanged: {
        const PartitionLeaderFields p = e.partitionLeader();
        return u"%1-%2 leader: %3 → %4"_s.arg(p.topic).arg(p.partition).arg(broker(p.previous), broker(p.leader));
    }
    case EventKind::ControllerChanged: {
        const ControllerFields c = e.controller();
        auto name = [](int id) { return id < 0 ? u"none"_s : QString::number(id); };
        return u"controller: %1 → %2"_s.arg(name(c.previous), name(c.controller));
    }
    case EventKind::Vote: {
        const VoteFields v = e.vote();
        return u"%1 votes for %2 %3, received by %4 (round %5)"_s
            .arg(v.voter, v.candidate, ZkProposal::of(v).text(), v.receiver.isEmpty() ? e.node : v.receiver)
            .arg(v.round);
    }
    default:
        return e.description();
    }
}

int ElectionNarrator::voterCount() const
{
    const ClusterLayout &layout = m_state.layout();
    const qsizetype controllers = layout.kraftControllers().size();
    return int(controllers > 0 ? controllers : layout.coordinators().size());
}

QString ElectionNarrator::narrate(const QList<ClusterEvent> &group)
{
    const QString text = captionOf(group);
    for (const ClusterEvent &e : group)
        remember(e);
    return text;
}

QString ElectionNarrator::captionOf(const QList<ClusterEvent> &group) const
{
    if (group.isEmpty())
        return {};
    // The step is told by its most telling event: a leader, a vote, a leader change, then the rest in order.
    static const QList<EventKind> kOrder = {EventKind::LeaderElected,
                                            EventKind::Vote,
                                            EventKind::RaftVote,
                                            EventKind::PartitionLeaderChanged,
                                            EventKind::RaftElectionTimedOut,
                                            EventKind::FaultInjected,
                                            EventKind::ElectionStarted,
                                            EventKind::RaftStateChanged,
                                            EventKind::ControlledShutdown,
                                            EventKind::BrokerFenced,
                                            EventKind::IsrChanged};
    const ClusterEvent *main = &group.first();
    for (EventKind kind : kOrder) {
        auto it = std::find_if(group.begin(), group.end(), [&](const ClusterEvent &e) { return e.kind == kind; });
        if (it != group.end()) {
            main = &*it;
            break;
        }
    }
    const ClusterEvent &e = *main;
    const QString who = e.node.isEmpty() ? u"the cluster"_s : e.node;
    switch (e.kind) {
    case EventKind::Vote:
        return zkVote(group);
    case EventKind::LeaderElected:
        return e.fields.contains(u"epoch"_s) || !m_raft.isEmpty() ? raftLeader(e) : zkLeader(e);
    case EventKind::RaftVote:
        return raftVote(e);
    case EventKind::RaftStateChanged:
        return raftState(e);
    case EventKind::RaftElectionTimedOut:
        return timedOut(e);
    case EventKind::PartitionLeaderChanged:
        return partitionLeader(e);
    case EventKind::IsrChanged:
        return isrChange(e);
    case EventKind::FaultInjected:
        return fault(e);
    case EventKind::ElectionStarted:
        if (e.fields.contains(u"candidate_id"_s)) {
            // With the transition it makes: prospective (4.x, pre-vote first) or candidate (3.9).
            const auto state = std::find_if(group.begin(), group.end(), [&](const ClusterEvent &g) {
                return g.kind == EventKind::RaftStateChanged && g.node == e.node;
            });
            return u"%1 heard nothing from its leader within the fetch timeout. "_s.arg(who) +
                   (state != group.end() ? raftState(*state) : u"It starts an election."_s);
        }
        return u"%1 is LOOKING for a leader: it proposes itself (zxid %2, id %3) and sends that vote to every "
               u"peer."_s.arg(who, e.election().zxid)
                   .arg(e.election().proposedLeaderId);
    case EventKind::PeerState: {
        const PeerStateFields peer = e.peer();
        if (peer.state == u"looking")
            return u"%1 is LOOKING: it has no leader and starts voting."_s.arg(who);
        return u"%1 is %2%3."_s.arg(who, peer.state.toUpper(), peer.phase ? u" ("_s + *peer.phase + u')' : QString());
    }
    case EventKind::ControlledShutdown:
        if (e.shutdown().phase == u"started")
            return u"Broker %1 asks the controller to move its partition leaderships away before it stops "
                   u"(controlled shutdown)."_s.arg(e.shutdown().broker);
        return u"Controlled shutdown of broker %1: %2."_s.arg(e.shutdown().broker).arg(e.shutdown().phase);
    case EventKind::BrokerFenced:
        return u"Broker %1 is fenced: the controller stopped hearing its heartbeats, so its partitions get new "
               u"leaders."_s.arg(e.broker().broker);
    case EventKind::BrokerUnregistered:
        return u"Broker %1 left: its ZooKeeper session ended, so its partitions get new leaders."_s.arg(
            e.broker().broker);
    default:
        return u"%1: %2."_s.arg(who, readableDescription(e));
    }
}

QString ElectionNarrator::fault(const ClusterEvent &e) const
{
    const FaultFields f = e.fault();
    if (f.action == u"kill")
        return u"You killed %1 (SIGKILL): it stops at once, without a word to its peers."_s.arg(f.target);
    if (f.action == u"pause")
        return u"You paused %1 (SIGSTOP): it is frozen; its peers notice when its session or heartbeats time out."_s
            .arg(f.target);
    if (f.action == u"stop")
        return u"You stopped %1 (SIGTERM): a clean shutdown."_s.arg(f.target);
    return u"You chose %1 on %2."_s.arg(f.action, f.target);
}

QString ElectionNarrator::zkVote(const QList<ClusterEvent> &group) const
{
    QStringList receivers;
    const ClusterEvent *first = nullptr;
    for (const ClusterEvent &e : group) {
        if (e.kind != EventKind::Vote)
            continue;
        if (!first)
            first = &e;
        const QString receiver = e.vote().receiver.isEmpty() ? e.node : e.vote().receiver;
        if (!receivers.contains(receiver))
            receivers.append(receiver);
    }
    const VoteFields v = first->vote();
    const ZkProposal proposal = ZkProposal::of(v);
    const QString seen = u" Received by %1."_s.arg(joinNames(receivers));
    const auto previous = m_zkVotes.constFind(v.voter);
    if (previous != m_zkVotes.constEnd() && previous->candidate != v.candidate) {
        return u"%1 changes its vote from %2 to %3: %4 beats %5 — %6.%7"_s.arg(
            v.voter, previous->candidate, v.candidate, proposal.text(), previous->proposal.text(),
            whyBetter(proposal, previous->proposal), seen);
    }
    if (v.voter == v.candidate)
        return u"%1 votes for itself %2 in round %3.%4"_s.arg(v.voter, proposal.text()).arg(v.round).arg(seen);
    return u"%1 votes for %2 %3 in round %4.%5"_s.arg(v.voter, v.candidate, proposal.text()).arg(v.round).arg(seen);
}

QString ElectionNarrator::zkLeader(const ClusterEvent &e) const
{
    const QString winner = e.leader().leader;
    QStringList backers;
    for (auto it = m_zkVotes.constBegin(); it != m_zkVotes.constEnd(); ++it)
        if (it->candidate == winner)
            backers.append(it.key());
    QString text = u"%1 leads."_s.arg(winner);
    if (!backers.isEmpty())
        text += u" %1 of %2 servers voted for it (%3): a majority."_s.arg(backers.size())
                    .arg(std::max<qsizetype>(voterCount(), backers.size()))
                    .arg(joinNames(backers));
    const auto own = m_zkOwn.constFind(winner);
    if (own == m_zkOwn.constEnd())
        return text;
    // The best rival proposal among the others that stood.
    QString rival;
    ZkProposal best;
    for (auto it = m_zkOwn.constBegin(); it != m_zkOwn.constEnd(); ++it) {
        if (it.key() != winner && (rival.isEmpty() || best < it.value())) {
            rival = it.key();
            best = it.value();
        }
    }
    text += u" Votes are ordered by epoch, then zxid, then server id"_s;
    if (rival.isEmpty())
        return text + u": its proposal %1 was the best."_s.arg(own->text());
    return text + u": its %1 beats %2's %3 — %4."_s.arg(own->text(), rival, best.text(), whyBetter(*own, best));
}

QString ElectionNarrator::raftState(const ClusterEvent &e) const
{
    const QString state = e.fields.value(u"state"_s).toString();
    const qint64 epoch = e.fields.value(u"epoch"_s).toInteger();
    const QString previous = e.fields.value(u"previous"_s).toString();
    const QString who = e.node;
    if (state == u"prospective" && previous == u"candidate")
        return u"%1 did not win epoch %2 (no majority): it is PROSPECTIVE again and asks for pre-votes before it "
               u"stands once more."_s.arg(who)
                   .arg(epoch);
    if (state == u"prospective")
        return u"%1 is PROSPECTIVE in epoch %2: before raising the epoch it asks the others for pre-votes — would "
               u"they vote for it? (KIP-996: a lone node cannot disturb a working quorum)"_s.arg(who)
                   .arg(epoch);
    if (state == u"candidate")
        return (previous == u"candidate" ? u"%1 tries again: CANDIDATE in epoch %2, votes for itself and asks the "
                                           u"others."_s
                                         : u"%1 is CANDIDATE in epoch %2: it raises the epoch, votes for itself and "
                                           u"asks the others for their votes."_s)
            .arg(who)
            .arg(epoch);
    if (state == u"leader")
        return u"%1 is LEADER of epoch %2."_s.arg(who).arg(epoch);
    if (state == u"follower")
        return u"%1 follows %2 in epoch %3."_s.arg(who, raftName(m_state, e.fields.value(u"leader"_s))).arg(epoch);
    if (state == u"resigned")
        return u"%1 resigns its leadership of epoch %2."_s.arg(who).arg(epoch);
    if (state == u"unattached") {
        if (e.fields.contains(u"voted"_s))
            return u"%1 votes for %2 in epoch %3 (one vote per epoch)."_s
                .arg(who, raftName(m_state, e.fields.value(u"voted"_s)))
                .arg(epoch);
        return u"%1 saw epoch %2: it drops its old role and waits, no leader known yet (UNATTACHED)."_s.arg(who).arg(
            epoch);
    }
    return u"%1: %2."_s.arg(who, e.description());
}

QString ElectionNarrator::raftVote(const ClusterEvent &e) const
{
    const QString voter =
        e.fields.value(u"voter"_s).toString().isEmpty() ? e.node : e.fields.value(u"voter"_s).toString();
    const QString candidate = e.fields.value(u"candidate"_s).toString();
    const qint64 epoch = e.fields.value(u"epoch"_s).toInteger();
    const qint64 voterEpoch = e.fields.value(u"voter_epoch"_s).toInteger(epoch);
    const bool pre = e.fields.value(u"pre_vote"_s).toBool();
    const bool granted = e.fields.value(u"granted"_s).toBool();
    const QString log = e.fields.contains(u"last_offset"_s)
                            ? u"offset %1 in epoch %2"_s.arg(e.fields.value(u"last_offset"_s).toInteger())
                                  .arg(e.fields.value(u"last_offset_epoch"_s).toInteger())
                            : u"its log"_s;
    const QString what = pre ? u"pre-vote"_s : u"vote"_s;
    if (granted) {
        if (pre)
            return u"%1 grants %2 a pre-vote in epoch %3: it would vote for it (the candidate's log, %4, is at "
                   u"least as up to date as its own); a pre-vote raises no epoch."_s.arg(voter, candidate)
                       .arg(epoch)
                       .arg(log);
        return u"%1 votes for %2 in epoch %3: its one vote this epoch, and the candidate's log (%4) is at least "
               u"as up to date as its own."_s.arg(voter, candidate)
                   .arg(epoch)
                   .arg(log);
    }
    QString why;
    const auto view = m_raft.constFind(voter);
    if (voterEpoch > epoch)
        why = u"its own epoch %1 is newer than %2"_s.arg(voterEpoch).arg(epoch);
    else if (view != m_raft.constEnd() && view->epoch == epoch && !view->votedFor.isEmpty() &&
             view->votedFor != candidate)
        why = view->votedFor == voter
                  ? u"it stands in epoch %1 itself and voted for itself — one vote per epoch"_s.arg(epoch)
                  : u"it already voted for %1 in epoch %2 — one vote per epoch"_s.arg(view->votedFor).arg(epoch);
    else if (view != m_raft.constEnd() && view->epoch == epoch && !view->leader.isEmpty())
        why = u"it already follows %1 in epoch %2"_s.arg(view->leader).arg(epoch);
    else
        why = u"it already voted this epoch, or its own log is ahead of the candidate's (%1)"_s.arg(log);
    return u"%1 rejects %2's %3 for epoch %4: %5."_s.arg(voter, candidate, what).arg(epoch).arg(why);
}

QString ElectionNarrator::timedOut(const ClusterEvent &e) const
{
    const QString phase = e.fields.value(u"phase"_s).toString();
    if (phase == u"prospective")
        return u"%1's pre-vote timed out: too few answers to stand; it waits and asks again."_s.arg(e.node);
    if (e.fields.contains(u"rejected_by"_s))
        return u"%1 cannot win: rejected by %2, too few votes left for a majority; it backs off before it tries "
               u"again."_s.arg(e.node, idList(idsFromJson(e.fields.value(u"rejected_by"_s))));
    return u"%1's election timed out without a majority (a split vote: each candidate voted for itself); it "
           u"backs off %2 ms, then stands again in a higher epoch."_s.arg(e.node)
               .arg(e.fields.value(u"backoff_ms"_s).toInteger());
}

QString ElectionNarrator::raftLeader(const ClusterEvent &e) const
{
    const LeaderFields l = e.leader();
    const qint64 epoch = l.epoch.value_or(m_raft.value(l.leader).epoch);
    QSet<QString> voters = m_granted.value(l.leader + u'|' + QString::number(epoch));
    voters.insert(l.leader); // a candidate votes for itself
    QStringList others;
    for (const QString &v : std::as_const(voters))
        if (v != l.leader)
            others.append(v);
    others.sort();
    const int total = std::max(voterCount(), int(voters.size()));
    QString text = u"%1 leads epoch %2: "_s.arg(l.leader).arg(epoch);
    text += others.isEmpty() ? u"its own vote"_s : u"votes from %1 and itself"_s.arg(others.join(u", "_s));
    text += u" — %1 of %2 voters, %3"_s.arg(voters.size())
                .arg(total)
                .arg(voters.size() * 2 > total ? u"a majority in one epoch, which is what Raft needs."_s
                                               : u"(the votes that made its majority were not all logged)."_s);
    return text;
}

QString ElectionNarrator::partitionLeader(const ClusterEvent &e) const
{
    const PartitionLeaderFields p = e.partitionLeader();
    const QString name = u"%1-%2"_s.arg(p.topic).arg(p.partition);
    QList<int> isrBefore;
    int previous = p.previous;
    const auto topic = m_state.topics().constFind(p.topic);
    if (topic != m_state.topics().constEnd() && topic->partitions.contains(p.partition)) {
        isrBefore = topic->partitions.value(p.partition).isr;
        if (previous < 0)
            previous = topic->partitions.value(p.partition).leader;
    }
    QString text = u"%1: %2 → %3"_s.arg(name, broker(previous), broker(p.leader));
    const QString cause = m_lossCause.value(previous);
    QString why;
    if (previous < 0 && isrBefore.isEmpty())
        why = u"its first leader"_s;
    else if (p.leader < 0)
        why = u"no replica of the ISR %1 is alive; the partition is offline until one returns"_s.arg(idList(isrBefore));
    else if (!isrBefore.isEmpty() && !isrBefore.contains(p.leader))
        why = u"an unclean leader election: broker %1 was not in the ISR %2, so messages only the ISR held are "
              u"lost"_s.arg(p.leader)
                  .arg(idList(isrBefore));
    else if (cause.contains(u"controlled shutdown"))
        why = u"the controller moved leadership to broker %1, in the ISR %2, before broker %3 stopped"_s.arg(p.leader)
                  .arg(idList(isrBefore))
                  .arg(previous);
    else
        why = u"the controller picked broker %1 from the ISR %2"_s.arg(p.leader).arg(idList(isrBefore));
    text += u" — "_s + why;
    if (!cause.isEmpty() && !cause.contains(u"controlled shutdown"))
        text += u" ("_s + cause + u')';
    return text + u'.';
}

QString ElectionNarrator::isrChange(const ClusterEvent &e) const
{
    const IsrFields f = e.isrChange();
    const QList<int> before = f.previous.value_or(QList<int>{});
    QStringList left, joined;
    for (int b : before)
        if (!f.isr.contains(b))
            left.append(QString::number(b));
    for (int b : f.isr)
        if (!before.contains(b) && !before.isEmpty())
            joined.append(QString::number(b));
    QString text = u"%1-%2 ISR %3 → %4"_s.arg(f.topic).arg(f.partition).arg(idList(before), idList(f.isr));
    if (!left.isEmpty())
        text += u": broker %1 no longer in sync"_s.arg(left.join(u", "_s));
    if (!joined.isEmpty())
        text += u": broker %1 caught up"_s.arg(joined.join(u", "_s));
    return text + u'.';
}

void ElectionNarrator::remember(const ClusterEvent &e)
{
    switch (e.kind) {
    case EventKind::Vote: {
        const VoteFields v = e.vote();
        const ZkProposal proposal = ZkProposal::of(v);
        m_zkVotes.insert(v.voter, ZkVote{v.candidate, proposal});
        if (v.voter == v.candidate && !m_zkOwn.contains(v.voter))
            m_zkOwn.insert(v.voter, proposal);
        break;
    }
    case EventKind::RaftStateChanged: {
        RaftView &view = m_raft[e.node];
        const qint64 epoch = e.fields.value(u"epoch"_s).toInteger();
        if (epoch != view.epoch) {
            view.votedFor.clear();
            view.leader.clear();
        }
        view.epoch = epoch;
        view.state = e.fields.value(u"state"_s).toString();
        if (e.fields.contains(u"voted"_s))
            view.votedFor = raftName(m_state, e.fields.value(u"voted"_s));
        if (e.fields.contains(u"leader"_s))
            view.leader = raftName(m_state, e.fields.value(u"leader"_s));
        break;
    }
    case EventKind::RaftVote:
        if (e.fields.value(u"granted"_s).toBool() && !e.fields.value(u"pre_vote"_s).toBool()) {
            const QString voter =
                e.fields.value(u"voter"_s).toString().isEmpty() ? e.node : e.fields.value(u"voter"_s).toString();
            const QString key = e.fields.value(u"candidate"_s).toString() + u'|' +
                                QString::number(e.fields.value(u"epoch"_s).toInteger());
            m_granted[key].insert(voter);
        }
        break;
    default:
        break;
    }
    const ClusterLayout &layout = m_state.layout();
    for (const NodeLayout &n : layout.nodes) {
        const int id = brokerIdOf(n.name, layout);
        const QString why = leaderLossCause(e, id, layout);
        // The first cause stays (the user's kill, not the fencing it led to); a controlled shutdown says more.
        if (id >= 0 && !why.isEmpty() && (!m_lossCause.contains(id) || why.contains(u"controlled shutdown")))
            m_lossCause.insert(id, why);
    }
    if (e.kind == EventKind::BrokerRegistered || e.kind == EventKind::BrokerUnfenced)
        m_lossCause.remove(e.broker().broker);
    if (e.kind == EventKind::NodeState && e.nodeState().state == u"up")
        m_lossCause.remove(brokerIdOf(e.node, layout));
    m_state.apply(e);
}

} // namespace ensemble::ui
