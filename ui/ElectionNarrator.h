// Says in words what a replay step shows and why, from the fields the events carry: a ZooKeeper vote with its
// proposal (epoch, zxid, server id) and who received it, why a server changed its vote and why the winner won
// (epoch, then zxid, then id); a KRaft pre-vote or vote granted or rejected and why, and the majority a leader
// won its epoch with; a partition's new leader with the reason (ISR, controlled shutdown, unclean).
// Fed the steps in order: it keeps what it has seen (votes so far, the state before each step).
#pragma once

#include "ClusterEvent.h"
#include "ClusterState.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace ensemble::ui {

// A ZooKeeper vote's proposal; servers order proposals by epoch, then zxid, then server id.
struct ZkProposal
{
    qint64 epoch = 0;
    quint64 zxid = 0;
    int id = 0;
    static ZkProposal of(const VoteFields &vote);
    QString text() const; // "(epoch 1, zxid 0x100000048, id 2)"
    auto operator<=>(const ZkProposal &) const = default;
};

// Why A beats B, in words: "a higher epoch", "the same epoch and a higher zxid", "... a higher server id".
QString whyBetter(const ZkProposal &a, const ZkProposal &b);

// One event in words for the timeline: a partition leader "no leader → broker 1", a vote with its proposal.
QString readableDescription(const ClusterEvent &event);

class ElectionNarrator
{
  public:
    explicit ElectionNarrator(const ClusterState &start) : m_state(start) {}

    // The caption of a step made of GROUP (in the order applied); then folds GROUP into what it knows.
    QString narrate(const QList<ClusterEvent> &group);
    const ClusterState &state() const { return m_state; }

  private:
    QString captionOf(const QList<ClusterEvent> &group) const;
    QString zkVote(const QList<ClusterEvent> &group) const;
    QString zkLeader(const ClusterEvent &e) const;
    QString raftVote(const ClusterEvent &e) const;
    QString raftState(const ClusterEvent &e) const;
    QString raftLeader(const ClusterEvent &e) const;
    QString partitionLeader(const ClusterEvent &e) const;
    QString isrChange(const ClusterEvent &e) const;
    QString timedOut(const ClusterEvent &e) const;
    QString fault(const ClusterEvent &e) const;
    void remember(const ClusterEvent &e);
    int voterCount() const;

    struct ZkVote
    {
        QString candidate;
        ZkProposal proposal;
    };
    struct RaftView // a KRaft node as its last transition left it
    {
        QString state;
        qint64 epoch = -1;
        QString votedFor;
        QString leader;
    };

    ClusterState m_state;
    QHash<QString, ZkVote> m_zkVotes;        // voter -> its current vote
    QHash<QString, ZkProposal> m_zkOwn;      // server -> its own proposal (its vote for itself)
    QHash<QString, RaftView> m_raft;         // KRaft node -> its state
    QHash<QString, QSet<QString>> m_granted; // "candidate|epoch" -> voters that granted (votes, not pre-votes)
    QHash<int, QString> m_lossCause;         // broker id -> what took it away ("broker 1 killed")
};

} // namespace ensemble::ui
