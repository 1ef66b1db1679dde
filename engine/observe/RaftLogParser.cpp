#include "RaftLogParser.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// The integer after KEY where KEY starts a field: "(epoch=", " epoch=" or ",epoch=" (3.9 omits the space after
// localDirectoryId), never inside "leaderEpoch=" or "replicaEpoch=".
bool fieldInt(QStringView text, QStringView key, qint64 *out)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype at = text.indexOf(key, from);
        if (at < 0)
            return false;
        from = at + 1;
        if (at > 0 && text[at - 1] != u'(' && text[at - 1] != u' ' && text[at - 1] != u',' && text[at - 1] != u'[')
            continue;
        qsizetype end = at + key.size();
        while (end < text.size() && (text[end].isDigit() || (end == at + key.size() && text[end] == u'-')))
            ++end;
        bool ok = false;
        *out = text.sliced(at + key.size(), end - at - key.size()).toLongLong(&ok);
        if (ok)
            return true;
    }
}

// "ReplicaKey(id=103" after KEY: 4.x "votedKey=Optional[ReplicaKey(id=103, ...)]", 3.9 "votedKey=ReplicaKey(id=103".
bool replicaIdAfter(QStringView text, QStringView key, qint64 *out)
{
    const qsizetype at = text.indexOf(key);
    if (at < 0)
        return false;
    QStringView rest = text.sliced(at + key.size());
    if (rest.startsWith(u"Optional["))
        rest = rest.sliced(9);
    if (!rest.startsWith(u"ReplicaKey(id="))
        return false;
    return fieldInt(rest, u"id="_s, out);
}

// The state string's own text: up to the parenthesis that closes the first one, so a "from PREVIOUS(...)" after
// it is not read as part of it.
QStringView ownPart(QStringView text)
{
    int depth = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'(' || text[i] == u'[' || text[i] == u'{')
            ++depth;
        else if ((text[i] == u')' || text[i] == u']' || text[i] == u'}') && --depth == 0)
            return text.first(i + 1);
    }
    return text;
}

QList<ParsedEvent> parseTransition(QStringView m)
{
    // Completed transition to STATE(...) from PREVIOUS(...)   (the durable write is done: the node is in it)
    static constexpr QStringView kPrefix = u"Completed transition to ";
    if (!m.startsWith(kPrefix))
        return {};
    const QStringView rest = m.sliced(kPrefix.size());
    const QStringView own = ownPart(rest);
    QJsonObject fields = parseRaftState(own);
    if (fields.isEmpty())
        return {};
    const QStringView after = rest.sliced(own.size());
    if (after.startsWith(u" from ")) {
        const QJsonObject previous = parseRaftState(after.sliced(6));
        fields.insert(u"previous"_s, previous.isEmpty() ? u"none"_s : previous.value(u"state"_s).toString());
    }
    return {ParsedEvent{EventKind::RaftStateChanged, fields}};
}

QList<ParsedEvent> parseVote(QStringView m, int self)
{
    // Vote request VoteRequestData(... replicaEpoch=3, replicaId=101, ..., lastOffsetEpoch=2, lastOffset=111,
    // preVote=false)])]) with epoch 3 is granted           (4.x; 3.9: candidateEpoch=, candidateId=, no preVote)
    if (!m.startsWith(u"Vote request VoteRequestData("))
        return {};
    const bool granted = m.endsWith(u" is granted");
    if (!granted && !m.endsWith(u" is rejected"))
        return {};
    qint64 candidate = 0, epoch = 0, voterEpoch = 0, lastOffset = 0, lastOffsetEpoch = 0;
    if (!fieldInt(m, u"replicaId="_s, &candidate) && !fieldInt(m, u"candidateId="_s, &candidate))
        return {};
    if (!fieldInt(m, u"replicaEpoch="_s, &epoch) && !fieldInt(m, u"candidateEpoch="_s, &epoch))
        return {};
    const qsizetype with = m.lastIndexOf(u") with epoch ");
    if (with < 0)
        return {};
    bool ok = false;
    const QStringView tail = m.sliced(with + 13);
    voterEpoch = tail.first(std::max<qsizetype>(0, tail.indexOf(u' '))).toLongLong(&ok);
    if (!ok)
        return {};
    QJsonObject fields{{u"voter_id"_s, self},   {u"candidate_id"_s, candidate},
                       {u"epoch"_s, epoch},     {u"voter_epoch"_s, voterEpoch},
                       {u"granted"_s, granted}, {u"pre_vote"_s, m.contains(u"preVote=true")}};
    if (fieldInt(m, u"lastOffset="_s, &lastOffset))
        fields.insert(u"last_offset"_s, lastOffset);
    if (fieldInt(m, u"lastOffsetEpoch="_s, &lastOffsetEpoch))
        fields.insert(u"last_offset_epoch"_s, lastOffsetEpoch);
    return {ParsedEvent{EventKind::RaftVote, fields}};
}

QList<ParsedEvent> parseRaftClient(QStringView m, int self)
{
    if (m.startsWith(u"[RaftManager id=")) {
        const qsizetype close = m.indexOf(u"] ");
        if (close < 0)
            return {};
        m = m.sliced(close + 2);
    }
    if (m.startsWith(u"Vote request "))
        return parseVote(m, self);
    // 3.9 and 4.x candidates: "Election has timed out, backing off for 150ms before becoming a candidate again"
    if (m.startsWith(u"Election has timed out, backing off for ")) {
        qint64 backoff = 0;
        const QStringView rest = m.sliced(40);
        bool ok = false;
        backoff = rest.first(std::max<qsizetype>(0, rest.indexOf(u"ms"))).toLongLong(&ok);
        QJsonObject fields{{u"phase"_s, u"candidate"_s}};
        if (ok)
            fields.insert(u"backoff_ms"_s, backoff);
        return {ParsedEvent{EventKind::RaftElectionTimedOut, fields}};
    }
    // 4.x pre-vote: "Election timed out before receiving sufficient vote responses to become candidate. ..."
    if (m.startsWith(u"Election timed out before receiving sufficient vote responses"))
        return {ParsedEvent{EventKind::RaftElectionTimedOut, {{u"phase"_s, u"prospective"_s}}}};
    // "Insufficient remaining votes to become leader (rejected by [101, 102]). We will backoff before retrying ..."
    if (m.startsWith(u"Insufficient remaining votes to become leader (rejected by [")) {
        const QStringView rest = m.sliced(59);
        QJsonArray rejected;
        for (QStringView id : rest.first(std::max<qsizetype>(0, rest.indexOf(u']'))).split(u',')) {
            bool ok = false;
            const int value = id.trimmed().toInt(&ok);
            if (ok)
                rejected.append(value);
        }
        return {
            ParsedEvent{EventKind::RaftElectionTimedOut, {{u"phase"_s, u"candidate"_s}, {u"rejected_by"_s, rejected}}}};
    }
    // "Become candidate due to fetch timeout" (3.9) / "Transitioning to Prospective state due to fetch timeout" (4.x)
    if (m.startsWith(u"Become candidate due to fetch timeout") ||
        m.startsWith(u"Transitioning to Prospective state due to fetch timeout"))
        return {
            ParsedEvent{EventKind::ElectionStarted, {{u"candidate_id"_s, self}, {u"reason"_s, u"fetch_timeout"_s}}}};
    return {};
}

QList<ParsedEvent> parseQuorumController(QStringView m, int self)
{
    // [QuorumController id=101] Becoming the active controller at epoch 4, next write offset 112.
    const qsizetype close = m.indexOf(u"] ");
    if (!m.startsWith(u"[QuorumController id=") || close < 0)
        return {};
    const QStringView rest = m.sliced(close + 2);
    qint64 value = 0;
    if (rest.startsWith(u"Becoming the active controller at epoch ") && fieldInt(rest, u"epoch "_s, &value))
        return {ParsedEvent{EventKind::ControllerChanged, {{u"controller"_s, self}, {u"epoch"_s, value}}}};
    return {};
}

QList<ParsedEvent> parseRegistrationChange(QStringView m)
{
    // Every controller replays each committed record: "[QuorumController id=102] Replayed
    // BrokerRegistrationChangeRecord modifying the registration for broker 2: BrokerRegistrationChangeRecord(
    // brokerId=2, brokerEpoch=11, fenced=1, ...)" (1 fenced, -1 unfenced, 0 unchanged). The active controller's
    // "Fencing broker 2 ... because its session has timed out" is only an intent: a paused, deposed controller
    // logs it too, and nothing is committed.
    const qsizetype at = m.indexOf(u"Replayed BrokerRegistrationChangeRecord ");
    if (at < 0)
        return {};
    const QStringView rest = m.sliced(at);
    qint64 broker = 0, epoch = 0, fenced = 0;
    if (!fieldInt(rest, u"brokerId="_s, &broker) || !fieldInt(rest, u"fenced="_s, &fenced) || fenced == 0)
        return {};
    if (fenced < 0)
        return {ParsedEvent{EventKind::BrokerUnfenced, {{u"broker"_s, broker}}}};
    QJsonObject fields{{u"broker"_s, broker}, {u"reason"_s, u"committed to the metadata log"_s}};
    if (fieldInt(rest, u"brokerEpoch="_s, &epoch))
        fields.insert(u"broker_epoch"_s, epoch);
    return {ParsedEvent{EventKind::BrokerFenced, fields}};
}

QList<ParsedEvent> parseLifecycle(QStringView m, int self)
{
    // [BrokerLifecycleManager id=1] Successfully registered broker 1 with broker epoch 10
    // [BrokerLifecycleManager id=1] The broker has been unfenced. Transitioning from RECOVERY to RUNNING.
    const qsizetype close = m.indexOf(u"] ");
    if (!m.startsWith(u"[BrokerLifecycleManager id=") || close < 0)
        return {};
    const QStringView rest = m.sliced(close + 2);
    if (rest.startsWith(u"Successfully registered broker ")) {
        QJsonObject fields{{u"broker"_s, self}};
        qint64 epoch = 0;
        if (fieldInt(rest, u"epoch "_s, &epoch))
            fields.insert(u"broker_epoch"_s, epoch);
        return {ParsedEvent{EventKind::BrokerRegistered, fields}};
    }
    if (rest.startsWith(u"The broker has been unfenced."))
        return {ParsedEvent{EventKind::BrokerUnfenced, {{u"broker"_s, self}}}};
    if (rest.startsWith(u"The broker is in PENDING_CONTROLLED_SHUTDOWN state") ||
        rest.startsWith(u"Beginning controlled shutdown"))
        return {ParsedEvent{EventKind::ControlledShutdown, {{u"broker"_s, self}, {u"phase"_s, u"started"_s}}}};
    if (rest.startsWith(u"The controlled shutdown has finished") || rest.startsWith(u"The broker has been fenced"))
        return {ParsedEvent{EventKind::ControlledShutdown, {{u"broker"_s, self}, {u"phase"_s, u"succeeded"_s}}}};
    return {};
}

} // namespace

QJsonObject parseRaftState(QStringView text)
{
    const qsizetype paren = text.indexOf(u'(');
    if (paren <= 0)
        return {};
    const QStringView name = text.first(paren);
    const QStringView body = ownPart(text);
    QString state;
    if (name == u"UnattachedState" || name == u"Unattached" || name == u"VotedState")
        state = u"unattached"_s;
    else if (name == u"ProspectiveState")
        state = u"prospective"_s;
    else if (name == u"CandidateState")
        state = u"candidate"_s;
    else if (name == u"Leader" || name == u"LeaderState")
        state = u"leader"_s;
    else if (name == u"FollowerState")
        state = u"follower"_s;
    else if (name == u"ResignedState")
        state = u"resigned"_s;
    else
        return {};
    QJsonObject fields{{u"state"_s, state}};
    qint64 value = 0;
    if (fieldInt(body, u"epoch="_s, &value))
        fields.insert(u"epoch"_s, value);
    if (state == u"follower" && fieldInt(body, u"leader="_s, &value))
        fields.insert(u"leader"_s, value);
    if (state == u"leader" &&
        (replicaIdAfter(body, u"localReplicaKey="_s, &value) || replicaIdAfter(body, u"voterKey="_s, &value)))
        fields.insert(u"leader"_s, value);
    if (state == u"candidate" && fieldInt(body, u"localId="_s, &value))
        fields.insert(u"voted"_s, value); // a candidate votes for itself
    if ((state == u"unattached" || state == u"prospective") && replicaIdAfter(body, u"votedKey="_s, &value))
        fields.insert(u"voted"_s, value);
    return fields;
}

QList<ParsedEvent> parseRaftLine(const LogLine &line, int self)
{
    const QStringView logger = line.logger;
    QStringView m = line.message;
    if (logger == u"org.apache.kafka.raft.QuorumState") {
        if (m.startsWith(u"[RaftManager id=")) {
            const qsizetype close = m.indexOf(u"] ");
            if (close < 0)
                return {};
            m = m.sliced(close + 2);
        }
        QList<ParsedEvent> out = parseTransition(m);
        // Only the winner logs its move to Leader: that line is the election's result.
        if (!out.isEmpty() && out.front().fields.value(u"state"_s) == u"leader"_s)
            out.append(ParsedEvent{EventKind::LeaderElected,
                                   {{u"id"_s, self}, {u"epoch"_s, out.front().fields.value(u"epoch"_s)}}});
        return out;
    }
    // [KafkaRaftServer nodeId=101] Kafka Server started   (controllers, brokers and combined nodes alike)
    if (logger == u"kafka.server.KafkaRaftServer" && m.endsWith(u"] Kafka Server started"))
        return {ParsedEvent{EventKind::NodeState, {{u"state"_s, u"up"_s}}}};
    if (logger == u"org.apache.kafka.raft.KafkaRaftClient")
        return parseRaftClient(m, self);
    if (logger == u"org.apache.kafka.controller.QuorumController")
        return parseQuorumController(m, self);
    if (logger == u"org.apache.kafka.controller.ClusterControlManager")
        return parseRegistrationChange(m);
    if (logger == u"org.apache.kafka.server.BrokerLifecycleManager" || logger == u"kafka.server.BrokerLifecycleManager")
        return parseLifecycle(m, self);
    return {};
}

} // namespace ensemble
