#include "KafkaLogParser.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// "1,2,3" or "[1,2,3]" -> [1,2,3]; false on anything else.
bool parseIds(QStringView text, QJsonArray *out)
{
    text = text.trimmed();
    if (text.startsWith(u'[') && text.endsWith(u']'))
        text = text.sliced(1, text.size() - 2);
    QJsonArray ids;
    if (!text.isEmpty())
        for (QStringView part : text.split(u',')) {
            bool ok = false;
            const int id = part.trimmed().toInt(&ok);
            if (!ok)
                return false;
            ids.append(id);
        }
    *out = ids;
    return true;
}

// The integer right after KEY in TEXT ("leader epoch 3 from" with key "leader epoch ").
bool intAfter(QStringView text, QStringView key, qint64 *out)
{
    const qsizetype at = text.indexOf(key);
    if (at < 0)
        return false;
    qsizetype end = at + key.size();
    while (end < text.size() && text[end].isDigit())
        ++end;
    bool ok = false;
    *out = text.sliced(at + key.size(), end - at - key.size()).toLongLong(&ok);
    return ok;
}

QList<ParsedEvent> parseController(QStringView m)
{
    // [Controller id=1] 1 successfully elected as the controller. Epoch incremented to 2 and epoch zk version is now 2
    const qsizetype at = m.indexOf(u" successfully elected as the controller. Epoch incremented to ");
    if (at < 0)
        return {};
    const qsizetype idStart = m.lastIndexOf(u' ', at - 1) + 1;
    bool ok = false;
    const int id = m.sliced(idStart, at - idStart).toInt(&ok);
    qint64 epoch = 0;
    if (!ok || !intAfter(m, u"Epoch incremented to ", &epoch))
        return {};
    return {ParsedEvent{EventKind::ControllerChanged, {{u"controller"_s, id}, {u"epoch"_s, epoch}}}};
}

QList<ParsedEvent> parsePartition(QStringView m)
{
    // [Partition T-0 broker=1] Shrinking ISR from 1,2,3 to 1,3. Leader: (highWatermark: 150, ...
    // [Partition T-0 broker=1] Expanding ISR from 1,3 to 1,3,2
    if (!m.startsWith(u"[Partition "))
        return {};
    const qsizetype space = m.indexOf(u" broker=");
    const qsizetype close = m.indexOf(u"] ");
    if (space < 0 || close < 0 || space > close)
        return {};
    const QStringView rest = m.sliced(close + 2);
    const bool shrink = rest.startsWith(u"Shrinking ISR from ");
    if (!shrink && !rest.startsWith(u"Expanding ISR from "))
        return {};
    QString topic;
    int partition = 0;
    if (!splitTopicPartition(m.sliced(11, space - 11), &topic, &partition))
        return {};
    const QStringView ranges = rest.sliced(19);
    const qsizetype to = ranges.indexOf(u" to ");
    if (to < 0)
        return {};
    QStringView after = ranges.sliced(to + 4);
    const qsizetype stop = after.indexOf(u' ');
    if (stop >= 0)
        after = after.first(stop);
    if (after.endsWith(u'.'))
        after.chop(1);
    QJsonArray previous, isr;
    if (!parseIds(ranges.first(to), &previous) || !parseIds(after, &isr))
        return {};
    return {ParsedEvent{EventKind::IsrChanged,
                        {{u"topic"_s, topic},
                         {u"partition"_s, partition},
                         {u"isr"_s, isr},
                         {u"previous"_s, previous},
                         {u"reason"_s, shrink ? u"shrink"_s : u"expand"_s}}}};
}

QList<ParsedEvent> parseControllerStateChange(QStringView m)
{
    // [Controller id=2 epoch=1] Partition T-1 state changed to (Leader:2,ISR:2,3,LeaderRecoveryState:RECOVERED,
    // LeaderEpoch:1,ZkVersion:1,ControllerEpoch:1) after removing replica 1 from the ISR as part of ...
    const qsizetype part = m.indexOf(u"] Partition ");
    const qsizetype changed = m.indexOf(u" state changed to (Leader:");
    if (part < 0 || changed < 0 || changed < part)
        return {};
    QString topic;
    int partition = 0;
    if (!splitTopicPartition(m.sliced(part + 12, changed - part - 12), &topic, &partition))
        return {};
    const QStringView state = m.sliced(changed + 26);
    const qsizetype isrAt = state.indexOf(u",ISR:");
    const qsizetype isrEnd = state.indexOf(u",LeaderRecoveryState:");
    qint64 leader = 0, epoch = 0;
    bool ok = false;
    leader = state.first(std::max<qsizetype>(isrAt, 0)).toLongLong(&ok);
    QJsonArray isr;
    if (!ok || isrAt < 0 || isrEnd < isrAt || !parseIds(state.sliced(isrAt + 5, isrEnd - isrAt - 5), &isr) ||
        !intAfter(state, u"LeaderEpoch:", &epoch))
        return {};
    return {ParsedEvent{EventKind::IsrChanged,
                        {{u"topic"_s, topic},
                         {u"partition"_s, partition},
                         {u"isr"_s, isr},
                         {u"leader"_s, leader},
                         {u"leader_epoch"_s, epoch}}}};
}

QList<ParsedEvent> parseStateChange(QStringView m, int self)
{
    if (m.startsWith(u"[Controller id="))
        return parseControllerStateChange(m);
    // [Broker id=1] Leader T-0 with topic id Some(..) starts at leader epoch 1 from offset 355 with partition
    // epoch 1, high watermark 355, ISR [1,3], adding replicas [] and removing replicas [] . Previous leader ...
    const qsizetype close = m.indexOf(u"] Leader ");
    if (!m.startsWith(u"[Broker id=") || close < 0)
        return {};
    const QStringView rest = m.sliced(close + 9);
    const qsizetype with = rest.indexOf(u" with topic id ");
    const qsizetype starts = rest.indexOf(u" starts at leader epoch ");
    if (starts < 0)
        return {};
    QString topic;
    int partition = 0;
    if (!splitTopicPartition(rest.first(with >= 0 && with < starts ? with : starts), &topic, &partition))
        return {};
    qint64 epoch = 0;
    if (!intAfter(rest, u" starts at leader epoch ", &epoch))
        return {};
    QJsonObject fields{
        {u"topic"_s, topic}, {u"partition"_s, partition}, {u"leader"_s, self}, {u"leader_epoch"_s, epoch}};
    const qsizetype isrAt = rest.indexOf(u", ISR [");
    if (isrAt >= 0) {
        const qsizetype end = rest.indexOf(u']', isrAt);
        QJsonArray isr;
        if (end > 0 && parseIds(rest.sliced(isrAt + 6, end - isrAt - 5), &isr))
            fields.insert(u"isr"_s, isr);
    }
    return {ParsedEvent{EventKind::PartitionLeaderChanged, fields}};
}

QList<ParsedEvent> parseServer(QStringView m, int self)
{
    // [KafkaServer id=3] Starting controlled shutdown / Controlled shutdown request returned successfully after
    // 115ms / Retrying controlled shutdown (2 retries remaining) / started / shutting down
    const qsizetype close = m.indexOf(u"] ");
    if (!m.startsWith(u"[KafkaServer id=") || close < 0)
        return {};
    const QStringView rest = m.sliced(close + 2);
    QString phase;
    if (rest == u"Starting controlled shutdown")
        phase = u"started"_s;
    else if (rest.startsWith(u"Controlled shutdown request returned successfully"))
        phase = u"succeeded"_s;
    else if (rest.startsWith(u"Retrying controlled shutdown"))
        phase = u"retrying"_s;
    else if (rest.startsWith(u"Controlled shutdown request returned after") && rest.contains(u"remaining to move"))
        phase = u"incomplete"_s;
    else if (rest.startsWith(u"Proceeding to do an unclean shutdown"))
        phase = u"failed"_s;
    else
        return {};
    return {ParsedEvent{EventKind::ControlledShutdown, {{u"broker"_s, self}, {u"phase"_s, phase}}}};
}

QList<ParsedEvent> parseRegistration(QStringView m)
{
    // Registered broker 1 at path /brokers/ids/1 with addresses: PLAINTEXT://127.0.0.1:33087, czxid (broker
    // epoch): 4294967353
    if (!m.startsWith(u"Registered broker "))
        return {};
    const qsizetype end = m.indexOf(u' ', 18);
    bool ok = false;
    const int id = m.sliced(18, (end < 0 ? m.size() : end) - 18).toInt(&ok);
    if (!ok)
        return {};
    QJsonObject fields{{u"broker"_s, id}};
    qint64 epoch = 0;
    if (intAfter(m, u"(broker epoch): ", &epoch))
        fields.insert(u"broker_epoch"_s, epoch);
    return {ParsedEvent{EventKind::BrokerRegistered, fields}};
}

} // namespace

bool splitTopicPartition(QStringView text, QString *topic, int *partition)
{
    const qsizetype dash = text.lastIndexOf(u'-');
    if (dash <= 0 || dash + 1 >= text.size())
        return false;
    bool ok = false;
    *partition = text.sliced(dash + 1).toInt(&ok);
    if (!ok || *partition < 0)
        return false;
    *topic = text.first(dash).toString();
    return true;
}

QList<ParsedEvent> parseKafkaLine(const LogLine &line, int self)
{
    const QStringView logger = line.logger;
    if (logger == u"state.change.logger")
        return parseStateChange(line.message, self);
    if (logger == u"kafka.cluster.Partition")
        return parsePartition(line.message);
    if (logger == u"kafka.controller.KafkaController")
        return parseController(line.message);
    if (logger == u"kafka.server.KafkaServer")
        return parseServer(line.message, self);
    if (logger == u"kafka.zk.KafkaZkClient")
        return parseRegistration(line.message);
    return {};
}

} // namespace ensemble
