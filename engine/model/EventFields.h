// The payload of each kind of ClusterEvent as a typed value, read from the event's JSON fields (the form on disk
// and in `--json`, which stays the one source). A field an event does not carry reads as the default below (an
// optional when its absence means something). Readers use these instead of string keys.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace ensemble {

// node_state: {state, pid?, exit_code?}
struct NodeStateFields
{
    QString state; // NodeState's name: starting, up, ...
    std::optional<qint64> pid;
    std::optional<int> exitCode;
    static NodeStateFields from(const QJsonObject &fields);
    bool operator==(const NodeStateFields &) const = default;
};

// peer_state: {state: looking|following|leading|standalone, phase?, zxid?}
struct PeerStateFields
{
    QString state;
    std::optional<QString> phase; // discovery, synchronization, broadcast... (log only)
    QString zxid;
    static PeerStateFields from(const QJsonObject &fields);
    bool operator==(const PeerStateFields &) const = default;
};

// election_started: {proposed_leader, proposed_leader_id, zxid}
struct ElectionFields
{
    QString proposedLeader; // node name (empty before the reconciler named it)
    int proposedLeaderId = 0;
    QString zxid;
    static ElectionFields from(const QJsonObject &fields);
    bool operator==(const ElectionFields &) const = default;
};

// vote: {voter, candidate, receiver, voter_id, candidate_id, receiver_id, round, epoch, zxid, voter_state,
// receiver_state}
struct VoteFields
{
    QString voter; // node names (empty before the reconciler named them)
    QString candidate;
    QString receiver;
    int voterId = 0;
    int candidateId = 0;
    qint64 round = 0;
    qint64 epoch = 0;
    QString zxid;
    QString voterState;
    static VoteFields from(const QJsonObject &fields);
    bool operator==(const VoteFields &) const = default;
};

// leader_elected: {leader (node), id, took_ms?, epoch?}
struct LeaderFields
{
    QString leader;
    int id = 0;
    std::optional<qint64> tookMs;
    std::optional<qint64> epoch;
    static LeaderFields from(const QJsonObject &fields);
    bool operator==(const LeaderFields &) const = default;
};

// controller_changed: {controller (broker id, -1 = none), previous, epoch?}
struct ControllerFields
{
    int controller = -1;
    int previous = -1;
    std::optional<qint64> epoch;
    static ControllerFields from(const QJsonObject &fields);
    bool operator==(const ControllerFields &) const = default;
};

// broker_registered, broker_unregistered: {broker, broker_epoch?}
struct BrokerFields
{
    int broker = -1;
    static BrokerFields from(const QJsonObject &fields);
    bool operator==(const BrokerFields &) const = default;
};

// partition_leader_changed: {topic, partition, leader, previous, leader_epoch?, replicas?}; a parsed log line also
// names the isr it leads with.
struct PartitionLeaderFields
{
    QString topic;
    int partition = 0;
    int leader = -1; // broker id, -1 = none
    int previous = -1;
    std::optional<int> leaderEpoch;
    std::optional<QList<int>> replicas;
    QList<int> isr;
    static PartitionLeaderFields from(const QJsonObject &fields);
    bool operator==(const PartitionLeaderFields &) const = default;
};

// isr_changed: {topic, partition, isr, previous?, leader_epoch?, replicas?}; a controller's log line also names
// the leader.
struct IsrFields
{
    QString topic;
    int partition = 0;
    QList<int> isr;
    std::optional<QList<int>> previous;
    std::optional<int> leader;
    std::optional<int> leaderEpoch;
    std::optional<QList<int>> replicas;
    static IsrFields from(const QJsonObject &fields);
    bool operator==(const IsrFields &) const = default;
};

// topic_created: {topic, partitions, replication_factor, assignment: [{partition, replicas}]}; topic_deleted: {topic}
struct TopicFields
{
    QString topic;
    int partitions = 0;
    int replicationFactor = 0;
    QMap<int, QList<int>> assignment; // partition -> replicas
    static TopicFields from(const QJsonObject &fields);
    bool operator==(const TopicFields &) const = default;
};

// fault_injected: {action, target}
struct FaultFields
{
    QString action;
    QString target;
    static FaultFields from(const QJsonObject &fields);
    bool operator==(const FaultFields &) const = default;
};

// controlled_shutdown: {broker, phase: started|succeeded|incomplete|retrying|failed}
struct ShutdownFields
{
    int broker = -1;
    QString phase;
    static ShutdownFields from(const QJsonObject &fields);
    bool operator==(const ShutdownFields &) const = default;
};

// cluster_healthy: {took_ms}
struct HealthyFields
{
    qint64 tookMs = 0;
    static HealthyFields from(const QJsonObject &fields);
    bool operator==(const HealthyFields &) const = default;
};

// problem: {message}
struct ProblemFields
{
    QString message;
    static ProblemFields from(const QJsonObject &fields);
    bool operator==(const ProblemFields &) const = default;
};

// A list of ids ([1,2,3]) from a JSON array; empty for anything else.
QList<int> idsFromJson(const QJsonValue &value);

} // namespace ensemble
