#include "ReplayStep.h"

#include "ElectionNarrator.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {

// Events of one node this close together are one thing happening (a kill and the death it causes, a transition
// and the vote it casts).
constexpr qint64 kTogetherMs = 100;
constexpr qint64 kIsrWithLeaderMs = 500;

struct Draft
{
    ReplayStep step;
    QString node;
    qint64 timeMs = 0;
    EventKind kind = EventKind::Problem;
    QString partition;     // a leader change: "topic-partition"
    QString voteCandidate; // the node a vote in this step is for
    int votedFor = -1;     // KRaft: the id a transition in this step recorded a vote for
    qint64 votedEpoch = -1;
};

QString partitionOf(const ClusterEvent &e)
{
    if (e.kind == EventKind::PartitionLeaderChanged)
        return e.partitionLeader().topic + u'-' + QString::number(e.partitionLeader().partition);
    if (e.kind == EventKind::IsrChanged)
        return e.isrChange().topic + u'-' + QString::number(e.isrChange().partition);
    return {};
}

bool isObserver(const QString &node, const ClusterLayout &layout)
{
    const NodeLayout *n = layout.find(node);
    return n && n->kind == NodeKind::Broker && !n->isKRaftController();
}

void note(Draft &d, const ClusterEvent &e)
{
    if (e.kind == EventKind::Vote || e.kind == EventKind::RaftVote)
        d.voteCandidate = e.fields.value(u"candidate"_s).toString();
    if (e.kind == EventKind::RaftStateChanged && e.fields.contains(u"voted"_s)) {
        d.votedFor = e.fields.value(u"voted"_s).toInt();
        d.votedEpoch = e.fields.value(u"epoch"_s).toInteger();
    }
}

// Whether E, of the same node and close in time, belongs to the step drafted as D.
bool joins(const ClusterEvent &e, const Draft &d)
{
    if (e.kind == EventKind::RaftVote) // the vote a transition just recorded ("unattached, voted for 101")
        return d.kind == EventKind::RaftStateChanged && d.votedFor == e.fields.value(u"candidate_id"_s).toInt() &&
               d.votedEpoch == e.fields.value(u"epoch"_s).toInteger();
    if (e.kind == EventKind::Vote || e.kind == EventKind::PartitionLeaderChanged)
        return false;
    return d.kind != EventKind::Vote && d.kind != EventKind::RaftVote && d.kind != EventKind::PartitionLeaderChanged;
}

} // namespace

QList<ReplayStep> buildReplaySteps(const ClusterState &before, const QList<ClusterEvent> &events, int from, int to)
{
    const ClusterLayout &layout = before.layout();
    QList<Draft> drafts;
    QHash<QString, int> voteStep; // "voter|candidate|round" -> its draft
    auto open = [&](int i, const QString &node) {
        Draft d;
        d.step.events = {i};
        d.node = node;
        d.timeMs = events[i].timeMs;
        d.kind = events[i].kind;
        d.partition = partitionOf(events[i]);
        note(d, events[i]);
        drafts.append(d);
        return int(drafts.size()) - 1;
    };
    for (int i = std::max(0, from); i <= to && i < events.size(); ++i) {
        const ClusterEvent &e = events[i];
        if (e.kind == EventKind::Vote) {
            // One step per vote: every server that received it is in the same step.
            const VoteFields v = e.vote();
            const QString key = v.voter + u'|' + v.candidate + u'|' + QString::number(v.round);
            if (const auto it = voteStep.constFind(key); it != voteStep.constEnd())
                drafts[*it].step.events.append(i); // a later receiver of the same vote
            else
                voteStep.insert(key, open(i, v.voter));
            continue;
        }
        if (e.kind == EventKind::RaftStateChanged && isObserver(e.node, layout) && !drafts.isEmpty()) {
            drafts.last().step.events.append(i); // a broker echoing the epoch: not a step of its own
            continue;
        }
        int target = -1;
        if (e.kind == EventKind::IsrChanged) {
            for (int d = int(drafts.size()) - 1; d >= 0 && d >= drafts.size() - 4; --d)
                if (drafts[d].kind == EventKind::PartitionLeaderChanged && drafts[d].partition == partitionOf(e) &&
                    e.timeMs - drafts[d].timeMs <= kIsrWithLeaderMs) {
                    target = d;
                    break;
                }
        } else if (!e.node.isEmpty()) {
            // The node's latest step, if it is recent, nothing touched the node since (a vote for it) and this
            // event is part of it.
            for (int d = int(drafts.size()) - 1; d >= 0 && e.timeMs - drafts[d].timeMs <= kTogetherMs; --d) {
                if (drafts[d].node != e.node) {
                    if (drafts[d].voteCandidate == e.node)
                        break;
                    continue;
                }
                if (joins(e, drafts[d]))
                    target = d;
                break;
            }
        }
        if (target >= 0) {
            drafts[target].step.events.append(i);
            note(drafts[target], e);
        } else
            open(i, e.kind == EventKind::FaultInjected ? e.fault().target : e.node);
    }
    QList<ReplayStep> steps;
    ElectionNarrator narrator(before);
    for (Draft &d : drafts) {
        QList<ClusterEvent> group;
        for (int i : std::as_const(d.step.events))
            group.append(events[i]);
        d.step.caption = narrator.narrate(group);
        steps.append(d.step);
    }
    return steps;
}

} // namespace ensemble::ui
