#include "ZooKeeperLogParser.h"

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// The value after "key" up to the next ',' or ';' (e.g. "n.sid:" in "n.sid:2, n.state:LOOKING").
QStringView valueAfter(QStringView text, QStringView key)
{
    const qsizetype at = text.indexOf(key);
    if (at < 0)
        return {};
    const qsizetype start = at + key.size();
    qsizetype end = start;
    while (end < text.size() && text[end] != u',' && text[end] != u';')
        ++end;
    return text.sliced(start, end - start).trimmed();
}

qint64 number(QStringView text, bool *ok)
{
    if (text.startsWith(u"0x"))
        return text.sliced(2).toLongLong(ok, 16);
    return text.toLongLong(ok, 10);
}

QString lower(QStringView s)
{
    return s.toString().toLower();
}

QList<ParsedEvent> parseNotification(QStringView m, int self)
{
    // Notification: my state:LOOKING; n.sid:2, n.state:LOOKING, n.leader:3, n.round:0x1, n.peerEpoch:0x0,
    // n.zxid:0x0, message format version:0x2, n.config version:0x0
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false;
    const qint64 sid = number(valueAfter(m, u"n.sid:"), &ok1);
    const qint64 leader = number(valueAfter(m, u"n.leader:"), &ok2);
    const qint64 round = number(valueAfter(m, u"n.round:"), &ok3);
    const qint64 epoch = number(valueAfter(m, u"n.peerEpoch:"), &ok4);
    if (!ok1 || !ok2 || !ok3 || !ok4)
        return {};
    return {ParsedEvent{EventKind::Vote,
                        {{u"voter_id"_s, sid},
                         {u"candidate_id"_s, leader},
                         {u"receiver_id"_s, self},
                         {u"round"_s, round},
                         {u"epoch"_s, epoch},
                         {u"zxid"_s, valueAfter(m, u"n.zxid:").toString()},
                         {u"voter_state"_s, lower(valueAfter(m, u"n.state:"))},
                         {u"receiver_state"_s, lower(valueAfter(m, u"my state:"))}}}};
}

} // namespace

QList<ParsedEvent> parseZooKeeperLine(const LogLine &line, int self)
{
    const QStringView logger = line.logger;
    const QStringView m = line.message;
    if (logger.endsWith(u".FastLeaderElection")) {
        if (m.startsWith(u"Notification: "))
            return parseNotification(m, self);
        if (m.startsWith(u"New election. My id = ")) {
            // New election. My id = 1, proposed zxid=0x0 (a server first votes for itself)
            bool ok = false;
            const qint64 id = valueAfter(m, u"My id = ").toLongLong(&ok);
            if (!ok)
                return {};
            return {ParsedEvent{EventKind::ElectionStarted,
                                {{u"id"_s, id},
                                 {u"proposed_leader_id"_s, id},
                                 {u"zxid"_s, valueAfter(m, u"proposed zxid=").toString()}}}};
        }
        return {};
    }
    if (logger.endsWith(u".QuorumPeer") && m.startsWith(u"Peer state changed: ")) {
        // Peer state changed: following - synchronization - diff
        const QStringView rest = m.sliced(20);
        const qsizetype dash = rest.indexOf(u" - ");
        QJsonObject fields{{u"state"_s, lower(dash < 0 ? rest : rest.first(dash))}};
        if (dash >= 0)
            fields.insert(u"phase"_s, rest.sliced(dash + 3).toString());
        return {ParsedEvent{EventKind::PeerState, fields}};
    }
    if ((logger.endsWith(u".Leader") || logger.endsWith(u".Learner")) && m.contains(u"LEADER ELECTION TOOK - ")) {
        // LEADING - LEADER ELECTION TOOK - 535 MS   /   FOLLOWING - LEADER ELECTION TOOK - 280 MS
        const qsizetype at = m.indexOf(u"TOOK - ") + 7;
        const qsizetype end = m.indexOf(u' ', at);
        bool ok = false;
        const qint64 took = m.sliced(at, (end < 0 ? m.size() : end) - at).toLongLong(&ok);
        if (!ok)
            return {};
        // A follower's own figure adds nothing the "Peer state changed" line did not say.
        if (m.startsWith(u"LEADING"))
            return {ParsedEvent{EventKind::LeaderElected, {{u"id"_s, self}, {u"took_ms"_s, took}}}};
    }
    return {};
}

} // namespace ensemble
