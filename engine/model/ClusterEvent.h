// One thing that happened in the cluster, typed and timestamped, with a stable JSON form (one line each in
// events.jsonl, in `ensemble events --json`, and in tests).
#pragma once

#include "EventFields.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ensemble {

enum class EventKind {
    NodeState,              // {state, pid?, exit_code?, signal?}
    PeerState,              // ZooKeeper server role: {state: looking|following|leading|standalone, phase?}
    ElectionStarted,        // {proposed_leader, zxid}
    Vote,                   // {voter, candidate, round, epoch, zxid, voter_state}
    LeaderElected,          // ZooKeeper quorum leader: {leader (node), id, took_ms?}
    ControllerChanged,      // {controller (broker id, -1 = none), previous, epoch?}
    BrokerRegistered,       // {broker}
    BrokerUnregistered,     // {broker}
    PartitionLeaderChanged, // {topic, partition, leader, previous, leader_epoch}
    IsrChanged,             // {topic, partition, isr, previous}
    TopicCreated,           // {topic, partitions, replication_factor}
    TopicDeleted,           // {topic}
    FaultInjected,          // the user's action: {action, target}
    ControlledShutdown,     // {broker, phase: started|succeeded|incomplete|retrying|failed}
    ClusterHealthy,         // {took_ms}
    RaftStateChanged,       // KRaft node: {state: unattached|prospective|candidate|leader|follower|resigned, epoch,
                            //  previous, leader?, voted?}
    RaftVote, // KRaft vote answered by {voter}: {candidate, voter_id, candidate_id, epoch, pre_vote, granted,
              // voter_epoch,
              //  last_offset?, last_offset_epoch?}
    RaftElectionTimedOut, // KRaft: {phase: prospective|candidate, backoff_ms?, rejected_by?}
    BrokerFenced,         // KRaft: {broker, broker_epoch?, reason}
    BrokerUnfenced,       // KRaft: {broker}
    Problem,              // {message}: something went wrong that the user should read
};

QString toString(EventKind kind);
std::optional<EventKind> eventKindFromString(const QString &text);

struct ClusterEvent
{
    qint64 timeMs = 0; // since the cluster started
    qint64 wallMs = 0; // milliseconds since the Unix epoch
    QString node;      // the node it is about or that reported it; empty for the cluster as a whole
    EventKind kind = EventKind::Problem;
    QJsonObject fields;
    QString source; // "process", "log", "probe", "user", "engine"

    QJsonObject toJson() const;
    static std::optional<ClusterEvent> fromJson(const QJsonObject &json);
    // One readable line: "  12.345s  kafka-2        partition_leader_changed  orders-0 leader 2 -> 3"
    QString toText() const;
    // What happened, without time or node: "orders-0 leader 2 -> 3" (the last column of toText()).
    QString description() const;

    // The payload read as its kind's typed value (EventFields.h); another kind's reader gives that kind's defaults.
    NodeStateFields nodeState() const { return NodeStateFields::from(fields); }
    PeerStateFields peer() const { return PeerStateFields::from(fields); }
    ElectionFields election() const { return ElectionFields::from(fields); }
    VoteFields vote() const { return VoteFields::from(fields); }
    LeaderFields leader() const { return LeaderFields::from(fields); }
    ControllerFields controller() const { return ControllerFields::from(fields); }
    BrokerFields broker() const { return BrokerFields::from(fields); }
    PartitionLeaderFields partitionLeader() const { return PartitionLeaderFields::from(fields); }
    IsrFields isrChange() const { return IsrFields::from(fields); }
    TopicFields topic() const { return TopicFields::from(fields); } // topic_created and topic_deleted
    FaultFields fault() const { return FaultFields::from(fields); }
    ShutdownFields shutdown() const { return ShutdownFields::from(fields); }
    HealthyFields healthy() const { return HealthyFields::from(fields); }
    ProblemFields problem() const { return ProblemFields::from(fields); }
    // When a node logged what this event reports (ms since the epoch); nullopt for what no log said.
    std::optional<qint64> logMs() const;
    bool operator==(const ClusterEvent &) const = default;
};

} // namespace ensemble

Q_DECLARE_METATYPE(ensemble::ClusterEvent)
