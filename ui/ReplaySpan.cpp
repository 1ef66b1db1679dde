#include "ReplaySpan.h"

#include <QMap>
#include <QSet>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {

// A failover's cause is looked for this far back: a killed broker is noticed only when its session expires.
constexpr qint64 kCauseLookbackMs = 30'000;
// Leader changes this close together are one failover (the controller moves every partition of a broker at once).
constexpr qint64 kBurstMs = 2'000;
// Votes this soon after a server rejoined as follower are its (and its peers') last notifications, logged late.
constexpr qint64 kRejoinTailMs = 1'000;

bool opensElection(const ClusterEvent &e)
{
    switch (e.kind) {
    case EventKind::ElectionStarted:
    case EventKind::Vote:
    case EventKind::RaftVote:
    case EventKind::RaftElectionTimedOut:
        return true;
    case EventKind::RaftStateChanged: {
        const QString state = e.fields.value(u"state"_s).toString();
        return state == u"prospective" || state == u"candidate";
    }
    default:
        return false;
    }
}

bool isRaft(const ClusterEvent &e)
{
    return e.kind == EventKind::RaftVote || e.kind == EventKind::RaftStateChanged ||
           e.kind == EventKind::RaftElectionTimedOut ||
           (e.kind == EventKind::ElectionStarted && e.fields.contains(u"candidate_id"_s));
}

QString partitionKey(const QString &topic, int partition)
{
    return topic + u'-' + QString::number(partition);
}

// The broker is back (restarted, registered, unfenced): what happened to it before is another story.
bool brokerReturns(const ClusterEvent &e, int broker, const ClusterLayout &layout)
{
    switch (e.kind) {
    case EventKind::BrokerRegistered:
    case EventKind::BrokerUnfenced:
        return e.broker().broker == broker;
    case EventKind::NodeState:
        return e.nodeState().state == u"up" && brokerIdOf(e.node, layout) == broker;
    default:
        return false;
    }
}

QString brokerText(int id)
{
    return id < 0 ? u"no leader"_s : u"broker %1"_s.arg(id);
}

QString seconds(qint64 ms)
{
    return u"%1 s"_s.arg(double(ms) / 1000.0, 0, 'f', 1);
}

} // namespace

QString ElectionSpan::title() const
{
    if (kind == Kind::Partition)
        return u"failover at %1: %2%3"_s.arg(seconds(startMs), what,
                                             cause.isEmpty() ? QString() : u" ("_s + cause + u')');
    const QString what = kind == Kind::Raft ? u"KRaft election"_s : u"ZooKeeper election"_s;
    if (!rejoined.isEmpty())
        return u"%1 at %2 → %3 rejoins, follows %4 (%5 ms)"_s
            .arg(what, seconds(startMs), rejoined, leader.isEmpty() ? u"the leader"_s : leader)
            .arg(tookMs);
    if (leader.isEmpty())
        return u"%1 at %2 — no leader yet"_s.arg(what, seconds(startMs));
    const QString epochText = epoch ? u", epoch %1"_s.arg(*epoch) : QString();
    return u"%1 at %2 → %3%4 (%5 ms)"_s.arg(what, seconds(startMs), leader, epochText).arg(tookMs);
}

int brokerIdOf(const QString &name, const ClusterLayout &layout)
{
    if (const NodeLayout *n = layout.find(name))
        return (n->kind == NodeKind::Broker || (n->clientPort > 0 && n->controllerPort > 0)) ? n->id : -1;
    if (!layout.nodes.isEmpty() || name.startsWith(u"zookeeper") || name.startsWith(u"controller"))
        return -1;
    bool ok = false;
    const int id = name.sliced(name.lastIndexOf(u'-') + 1).toInt(&ok);
    return ok ? id : -1;
}

QString leaderLossCause(const ClusterEvent &e, int broker, const ClusterLayout &layout)
{
    if (broker < 0)
        return {};
    const QString who = u"broker %1"_s.arg(broker);
    switch (e.kind) {
    case EventKind::FaultInjected: {
        const FaultFields fault = e.fault();
        if (brokerIdOf(fault.target, layout) != broker)
            return {};
        if (fault.action == u"kill")
            return who + u" killed"_s;
        if (fault.action == u"stop")
            return who + u" stopped: controlled shutdown"_s;
        if (fault.action == u"pause")
            return who + u" paused: its session expires"_s;
        return u"%1 %2"_s.arg(fault.action, who);
    }
    case EventKind::ControlledShutdown:
        return e.shutdown().broker == broker && e.shutdown().phase == u"started" ? u"controlled shutdown of "_s + who
                                                                                 : QString();
    case EventKind::NodeState: {
        const QString state = e.nodeState().state;
        if (brokerIdOf(e.node, layout) != broker)
            return {};
        if (state == u"killed" || state == u"stopping" || state == u"paused" || state == u"exited")
            return who + u' ' + state;
        return {};
    }
    case EventKind::BrokerFenced:
        return e.broker().broker == broker ? who + u" fenced: no heartbeats"_s : QString();
    case EventKind::BrokerUnregistered:
        return e.broker().broker == broker ? who + u" left: its ZooKeeper session ended"_s : QString();
    default:
        return {};
    }
}

QList<ElectionSpan> findElections(const QList<ClusterEvent> &events, const ClusterLayout &layout)
{
    QList<ElectionSpan> out;
    // Elections: from what set them off to leader_elected.
    int open = -1;
    int previousEnd = -1;
    bool raft = false;
    // ZooKeeper: the servers looking in the open election, whether one of them turned leader, and the leader the
    // others' votes named (a server in state "leading" votes for itself).
    QSet<QString> looking;
    bool someoneLeads = false;
    QString sittingLeader;
    qint64 rejoinTailEndMs = -1; // the rejoined server's last notifications are logged after it follows
    for (int i = 0; i < events.size(); ++i) {
        const ClusterEvent &e = events[i];
        if (open < 0 && e.kind == EventKind::Vote && e.timeMs <= rejoinTailEndMs) {
            out.last().last = i;
            previousEnd = i;
            continue;
        }
        if (open < 0 && opensElection(e)) {
            open = i;
            raft = false;
            looking.clear();
            someoneLeads = false;
            sittingLeader.clear();
            // Start with what set it off: a fault, a node going down, a server turning to "looking" just before.
            for (int j = i - 1; j > previousEnd && events[i].timeMs - events[j].timeMs <= 2000; --j) {
                const EventKind k = events[j].kind;
                // Not the previous election's own tail: a leader or follower going through its sync phases.
                const bool turnsLooking =
                    k == EventKind::PeerState && events[j].fields.value(u"state"_s).toString() == u"looking";
                if (k == EventKind::FaultInjected || k == EventKind::NodeState || turnsLooking)
                    open = j;
                else
                    break;
            }
        }
        if (open >= 0)
            raft |= isRaft(e);
        if (open >= 0 && !raft) {
            if (e.kind == EventKind::ElectionStarted)
                looking.insert(e.node);
            else if (e.kind == EventKind::Vote && e.fields.value(u"voter_state"_s).toString() == u"leading")
                sittingLeader = e.fields.value(u"voter"_s).toString();
            else if (e.kind == EventKind::PeerState) {
                const QString state = e.fields.value(u"state"_s).toString();
                if (state == u"looking")
                    looking.insert(e.node);
                else if (state == u"leading" && looking.contains(e.node))
                    someoneLeads = true; // a new leader out of this election (not the sitting one's phases)
                else if (state == u"following" && !e.fields.contains(u"phase"_s) && looking.remove(e.node) &&
                         looking.isEmpty() && !someoneLeads) {
                    // Every server that looked follows a leader that sat through it: a rejoin, not a new leader.
                    ElectionSpan span;
                    span.kind = ElectionSpan::Kind::ZooKeeper;
                    span.first = open;
                    span.last = i;
                    span.leader = sittingLeader;
                    span.rejoined = e.node;
                    span.startMs = events[open].timeMs;
                    span.tookMs = e.timeMs - span.startMs;
                    out.append(span);
                    previousEnd = i;
                    open = -1;
                    rejoinTailEndMs = e.timeMs + kRejoinTailMs;
                    continue;
                }
            }
        }
        if (open >= 0 && e.kind == EventKind::LeaderElected) {
            ElectionSpan span;
            span.kind = raft ? ElectionSpan::Kind::Raft : ElectionSpan::Kind::ZooKeeper;
            span.first = open;
            span.last = i;
            const LeaderFields elected = e.leader();
            span.leader = elected.leader;
            span.epoch = elected.epoch;
            span.startMs = events[open].timeMs;
            span.tookMs = elected.tookMs.value_or(e.timeMs - span.startMs);
            out.append(span);
            previousEnd = i;
            open = -1;
        }
    }
    if (open >= 0) {
        ElectionSpan span;
        span.kind = raft ? ElectionSpan::Kind::Raft : ElectionSpan::Kind::ZooKeeper;
        span.first = open;
        span.last = int(events.size()) - 1;
        span.startMs = events[open].timeMs;
        out.append(span);
    }

    // Partition failovers: a known partition's leader changes (its first leader, at creation, is not one).
    QMap<QString, int> leaderOf;
    for (int i = 0; i < events.size(); ++i) {
        const ClusterEvent &e = events[i];
        if (e.kind != EventKind::PartitionLeaderChanged)
            continue;
        const PartitionLeaderFields first = e.partitionLeader();
        const QString firstKey = partitionKey(first.topic, first.partition);
        if (!leaderOf.contains(firstKey) || leaderOf.value(firstKey) == first.leader) {
            leaderOf.insert(firstKey, first.leader);
            continue;
        }
        // The burst: every leader change close after this one that takes a partition from the same leader.
        const int from = leaderOf.value(firstKey);
        QStringList moves;
        QSet<int> lost;
        QSet<int> gained;
        int last = i;
        for (int j = i; j < events.size() && events[j].timeMs - e.timeMs <= kBurstMs; ++j) {
            if (events[j].kind != EventKind::PartitionLeaderChanged)
                continue;
            const PartitionLeaderFields p = events[j].partitionLeader();
            const QString key = partitionKey(p.topic, p.partition);
            if (!leaderOf.contains(key) || leaderOf.value(key) == p.leader) {
                leaderOf.insert(key, p.leader);
                continue;
            }
            if (leaderOf.value(key) != from)
                continue; // another broker's story: a failover of its own
            if (leaderOf.value(key) >= 0)
                lost.insert(leaderOf.value(key));
            gained.insert(p.leader);
            moves.append(u"%1 → %2"_s.arg(key, brokerText(p.leader)));
            leaderOf.insert(key, p.leader);
            last = j;
        }
        // The ISR changes that go with them.
        while (last + 1 < events.size() && events[last + 1].kind == EventKind::IsrChanged &&
               events[last + 1].timeMs - events[last].timeMs <= 500)
            ++last;
        // What took the old leaders away: the earliest fault, stop or fence of one of them not followed by its return.
        int causeAt = -1;
        QString cause;
        for (int j = i - 1; j >= 0 && e.timeMs - events[j].timeMs <= kCauseLookbackMs; --j) {
            bool returned = false;
            for (int b : std::as_const(lost)) {
                if (brokerReturns(events[j], b, layout)) {
                    returned = true;
                    break;
                }
                const QString why = leaderLossCause(events[j], b, layout);
                if (!why.isEmpty()) {
                    causeAt = j;
                    cause = why;
                }
            }
            if (returned)
                break;
        }
        ElectionSpan span;
        span.kind = ElectionSpan::Kind::Partition;
        span.first = causeAt >= 0 ? causeAt : i;
        span.last = last;
        span.startMs = events[span.first].timeMs;
        span.tookMs = e.timeMs - span.startMs;
        span.what = moves.size() <= 2 ? moves.join(u", "_s)
                                      : u"%1 partitions leave %2"_s.arg(moves.size()).arg(brokerText(from));
        span.cause = cause;
        QStringList leaders;
        for (int b : std::as_const(gained))
            leaders.append(brokerText(b));
        leaders.sort();
        span.leader = leaders.join(u", "_s);
        out.append(span);
        i = last;
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ElectionSpan &a, const ElectionSpan &b) { return a.first < b.first; });
    return out;
}

} // namespace ensemble::ui
