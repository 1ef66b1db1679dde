#include "EventFields.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
std::optional<qint64> optionalInteger(const QJsonObject &f, QLatin1StringView key)
{
    const QJsonValue v = f.value(key);
    if (!v.isDouble())
        return std::nullopt;
    return v.toInteger();
}

std::optional<int> optionalInt(const QJsonObject &f, QLatin1StringView key)
{
    const auto v = optionalInteger(f, key);
    return v ? std::optional<int>(int(*v)) : std::nullopt;
}

std::optional<QList<int>> optionalIds(const QJsonObject &f, QLatin1StringView key)
{
    if (!f.contains(key))
        return std::nullopt;
    return idsFromJson(f.value(key));
}

int integer(const QJsonObject &f, QLatin1StringView key, int otherwise)
{
    return f.value(key).toInt(otherwise);
}

QString text(const QJsonObject &f, QLatin1StringView key)
{
    return f.value(key).toString();
}
} // namespace

QList<int> idsFromJson(const QJsonValue &value)
{
    QList<int> out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toInt());
    return out;
}

NodeStateFields NodeStateFields::from(const QJsonObject &f)
{
    NodeStateFields out;
    out.state = text(f, "state"_L1);
    if (f.contains("pid"_L1))
        out.pid = f.value("pid"_L1).toInteger();
    if (f.contains("exit_code"_L1))
        out.exitCode = f.value("exit_code"_L1).toInt();
    return out;
}

PeerStateFields PeerStateFields::from(const QJsonObject &f)
{
    PeerStateFields out;
    out.state = text(f, "state"_L1);
    if (f.contains("phase"_L1))
        out.phase = text(f, "phase"_L1);
    out.zxid = text(f, "zxid"_L1);
    return out;
}

ElectionFields ElectionFields::from(const QJsonObject &f)
{
    return {text(f, "proposed_leader"_L1), integer(f, "proposed_leader_id"_L1, 0), text(f, "zxid"_L1)};
}

VoteFields VoteFields::from(const QJsonObject &f)
{
    VoteFields out;
    out.voter = text(f, "voter"_L1);
    out.candidate = text(f, "candidate"_L1);
    out.receiver = text(f, "receiver"_L1);
    out.voterId = integer(f, "voter_id"_L1, 0);
    out.candidateId = integer(f, "candidate_id"_L1, 0);
    out.round = f.value("round"_L1).toInteger();
    out.epoch = f.value("epoch"_L1).toInteger();
    out.zxid = text(f, "zxid"_L1);
    out.voterState = text(f, "voter_state"_L1);
    return out;
}

LeaderFields LeaderFields::from(const QJsonObject &f)
{
    return {text(f, "leader"_L1), integer(f, "id"_L1, 0), optionalInteger(f, "took_ms"_L1),
            optionalInteger(f, "epoch"_L1)};
}

ControllerFields ControllerFields::from(const QJsonObject &f)
{
    return {integer(f, "controller"_L1, -1), integer(f, "previous"_L1, -1), optionalInteger(f, "epoch"_L1)};
}

BrokerFields BrokerFields::from(const QJsonObject &f)
{
    return {integer(f, "broker"_L1, 0)};
}

PartitionLeaderFields PartitionLeaderFields::from(const QJsonObject &f)
{
    PartitionLeaderFields out;
    out.topic = text(f, "topic"_L1);
    out.partition = integer(f, "partition"_L1, 0);
    out.leader = integer(f, "leader"_L1, -1);
    out.previous = integer(f, "previous"_L1, -1);
    out.leaderEpoch = optionalInt(f, "leader_epoch"_L1);
    out.replicas = optionalIds(f, "replicas"_L1);
    out.isr = idsFromJson(f.value("isr"_L1));
    return out;
}

IsrFields IsrFields::from(const QJsonObject &f)
{
    IsrFields out;
    out.topic = text(f, "topic"_L1);
    out.partition = integer(f, "partition"_L1, 0);
    out.isr = idsFromJson(f.value("isr"_L1));
    out.previous = optionalIds(f, "previous"_L1);
    out.leader = optionalInt(f, "leader"_L1);
    out.leaderEpoch = optionalInt(f, "leader_epoch"_L1);
    out.replicas = optionalIds(f, "replicas"_L1);
    return out;
}

TopicFields TopicFields::from(const QJsonObject &f)
{
    TopicFields out;
    out.topic = text(f, "topic"_L1);
    out.partitions = integer(f, "partitions"_L1, 0);
    out.replicationFactor = integer(f, "replication_factor"_L1, 0);
    for (const QJsonValue &v : f.value("assignment"_L1).toArray()) {
        const QJsonObject p = v.toObject();
        out.assignment.insert(p.value("partition"_L1).toInt(), idsFromJson(p.value("replicas"_L1)));
    }
    return out;
}

FaultFields FaultFields::from(const QJsonObject &f)
{
    return {text(f, "action"_L1), text(f, "target"_L1)};
}

ShutdownFields ShutdownFields::from(const QJsonObject &f)
{
    return {integer(f, "broker"_L1, -1), text(f, "phase"_L1)};
}

HealthyFields HealthyFields::from(const QJsonObject &f)
{
    return {f.value("took_ms"_L1).toInteger()};
}

ProblemFields ProblemFields::from(const QJsonObject &f)
{
    return {text(f, "message"_L1)};
}

} // namespace ensemble
