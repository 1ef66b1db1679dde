#include "ClusterEvent.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
const std::array<std::pair<EventKind, QStringView>, 21> kKinds = {{
    {EventKind::NodeState, u"node_state"},
    {EventKind::PeerState, u"peer_state"},
    {EventKind::ElectionStarted, u"election_started"},
    {EventKind::Vote, u"vote"},
    {EventKind::LeaderElected, u"leader_elected"},
    {EventKind::ControllerChanged, u"controller_changed"},
    {EventKind::BrokerRegistered, u"broker_registered"},
    {EventKind::BrokerUnregistered, u"broker_unregistered"},
    {EventKind::PartitionLeaderChanged, u"partition_leader_changed"},
    {EventKind::IsrChanged, u"isr_changed"},
    {EventKind::TopicCreated, u"topic_created"},
    {EventKind::TopicDeleted, u"topic_deleted"},
    {EventKind::FaultInjected, u"fault_injected"},
    {EventKind::ControlledShutdown, u"controlled_shutdown"},
    {EventKind::ClusterHealthy, u"cluster_healthy"},
    {EventKind::RaftStateChanged, u"raft_state_changed"},
    {EventKind::RaftVote, u"raft_vote"},
    {EventKind::RaftElectionTimedOut, u"raft_election_timed_out"},
    {EventKind::BrokerFenced, u"broker_fenced"},
    {EventKind::BrokerUnfenced, u"broker_unfenced"},
    {EventKind::Problem, u"problem"},
}};

QString ids(const QJsonValue &value)
{
    QStringList parts;
    for (const QJsonValue &v : value.toArray())
        parts.append(QString::number(v.toInt()));
    return u'[' + parts.join(u',') + u']';
}

QString describe(const ClusterEvent &e)
{
    const QJsonObject &f = e.fields;
    auto s = [&](const char *key) { return f.value(QLatin1StringView(key)).toVariant().toString(); };
    switch (e.kind) {
    case EventKind::NodeState: {
        QString text = s("state");
        if (f.contains(u"pid"_s))
            text += u" (pid "_s + s("pid") + u')';
        if (f.contains(u"signal"_s))
            text += u" by "_s + s("signal");
        else if (f.contains(u"exit_code"_s))
            text += u" exit code "_s + s("exit_code");
        return text;
    }
    case EventKind::PeerState:
        return s("state") + (f.contains(u"phase"_s) ? u" - "_s + s("phase") : QString());
    case EventKind::ElectionStarted:
        if (f.contains(u"candidate"_s)) // KRaft: a follower that stopped hearing from its leader
            return u"%1 starts an election (%2)"_s.arg(s("candidate"), s("reason").replace(u'_', u' '));
        return u"new election, proposes %1 (zxid %2)"_s.arg(s("proposed_leader"), s("zxid"));
    case EventKind::Vote:
        return u"vote from %1 for %2 (round %3, epoch %4, zxid %5)"_s.arg(s("voter"), s("candidate"), s("round"),
                                                                          s("epoch"), s("zxid"));
    case EventKind::LeaderElected:
        return u"quorum leader is %1"_s.arg(s("leader")) +
               (f.contains(u"took_ms"_s) ? u" (election took %1 ms)"_s.arg(s("took_ms")) : QString());
    case EventKind::ControllerChanged:
        return u"controller %1 -> %2"_s.arg(s("previous"), s("controller"));
    case EventKind::BrokerRegistered:
        return u"broker %1 registered"_s.arg(s("broker"));
    case EventKind::BrokerUnregistered:
        return u"broker %1 left"_s.arg(s("broker"));
    case EventKind::PartitionLeaderChanged:
        return u"%1-%2 leader %3 -> %4"_s.arg(s("topic"), s("partition"), s("previous"), s("leader"));
    case EventKind::IsrChanged:
        return u"%1-%2 isr %3 -> %4"_s.arg(s("topic"), s("partition"), ids(f.value(u"previous"_s)),
                                           ids(f.value(u"isr"_s)));
    case EventKind::TopicCreated:
        return u"topic %1 (%2 partitions, replication %3)"_s.arg(s("topic"), s("partitions"), s("replication_factor"));
    case EventKind::TopicDeleted:
        return u"topic %1 deleted"_s.arg(s("topic"));
    case EventKind::FaultInjected:
        return u"%1 %2"_s.arg(s("action"), s("target"));
    case EventKind::ControlledShutdown:
        return u"controlled shutdown of broker %1: %2"_s.arg(s("broker"), s("phase"));
    case EventKind::ClusterHealthy:
        return u"cluster healthy after %1 ms"_s.arg(s("took_ms"));
    case EventKind::RaftStateChanged: {
        QString text = u"raft %1 in epoch %2"_s.arg(s("state"), s("epoch"));
        if (f.contains(u"leader"_s))
            text += u", leader "_s + s("leader");
        if (f.contains(u"voted"_s))
            text += u", voted for "_s + s("voted");
        return text + u" (was %1)"_s.arg(s("previous"));
    }
    case EventKind::RaftVote:
        return u"%1%2 %3 vote for %4 in epoch %5"_s.arg(
            f.value(u"pre_vote"_s).toBool() ? u"pre-vote: "_s : QString(), s("voter"),
            f.value(u"granted"_s).toBool() ? u"grants"_s : u"rejects"_s, s("candidate"), s("epoch"));
    case EventKind::RaftElectionTimedOut:
        return u"%1 election timed out"_s.arg(s("phase")) +
               (f.contains(u"backoff_ms"_s) ? u", backing off %1 ms"_s.arg(s("backoff_ms")) : QString()) +
               (f.contains(u"rejected_by"_s) ? u", rejected by "_s + ids(f.value(u"rejected_by"_s)) : QString());
    case EventKind::BrokerFenced:
        return u"broker %1 fenced (%2)"_s.arg(s("broker"), s("reason"));
    case EventKind::BrokerUnfenced:
        return u"broker %1 unfenced"_s.arg(s("broker"));
    case EventKind::Problem:
        return s("message");
    }
    return {};
}
} // namespace

QString toString(EventKind kind)
{
    for (const auto &[k, name] : kKinds)
        if (k == kind)
            return name.toString();
    return u"unknown"_s;
}

std::optional<EventKind> eventKindFromString(const QString &text)
{
    for (const auto &[k, name] : kKinds)
        if (name == text)
            return k;
    return std::nullopt;
}

QJsonObject ClusterEvent::toJson() const
{
    QJsonObject o{{u"t"_s, timeMs}, {u"wall"_s, wallMs}, {u"kind"_s, toString(kind)}, {u"fields"_s, fields}};
    if (!node.isEmpty())
        o.insert(u"node"_s, node);
    if (!source.isEmpty())
        o.insert(u"source"_s, source);
    return o;
}

std::optional<ClusterEvent> ClusterEvent::fromJson(const QJsonObject &json)
{
    const auto kind = eventKindFromString(json.value(u"kind"_s).toString());
    if (!kind || !json.value(u"t"_s).isDouble())
        return std::nullopt;
    ClusterEvent e;
    e.timeMs = json.value(u"t"_s).toInteger();
    e.wallMs = json.value(u"wall"_s).toInteger();
    e.node = json.value(u"node"_s).toString();
    e.kind = *kind;
    e.fields = json.value(u"fields"_s).toObject();
    e.source = json.value(u"source"_s).toString();
    return e;
}

std::optional<qint64> ClusterEvent::logMs() const
{
    const QJsonValue v = fields.value(u"log_ms"_s);
    return v.isDouble() ? std::optional<qint64>(v.toInteger()) : std::nullopt;
}

QString ClusterEvent::description() const
{
    return describe(*this);
}

QString ClusterEvent::toText() const
{
    const QString clock = QDateTime::fromMSecsSinceEpoch(wallMs).toString(u"HH:mm:ss.zzz"_s);
    return u"%1 %2s  %3 %4 %5"_s.arg(clock)
        .arg(double(timeMs) / 1000.0, 8, 'f', 3)
        .arg(node.isEmpty() ? u"cluster"_s : node, -12)
        .arg(toString(kind), -24)
        .arg(describe(*this));
}

} // namespace ensemble
