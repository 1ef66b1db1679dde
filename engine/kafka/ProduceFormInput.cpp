#include "ProduceFormInput.h"

#include "MessageTemplate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QStringList>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// A fixed context for checking what a template expands to (e.g. that a JSON value stays JSON).
MessageTemplate::Context sampleContext()
{
    MessageTemplate::Context c;
    c.seq = 0;
    c.now = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    c.uuid = [] { return u"00000000-0000-0000-0000-000000000000"_s; };
    c.random = [](qint64 a, qint64) { return a; };
    return c;
}

struct Compiled
{
    std::optional<MessageTemplate> key;
    MessageTemplate value;
    QList<std::pair<QByteArray, MessageTemplate>> headers;
};

} // namespace

QJsonObject ProduceFormInput::toJson() const
{
    QJsonArray h;
    for (const auto &[name, value] : headers)
        h.append(QJsonArray{name, value});
    return {{u"topic"_s, topic},
            {u"has_key"_s, hasKey},
            {u"key"_s, key},
            {u"value"_s, value},
            {u"value_type"_s, valueType == ValueType::Json ? u"json"_s : u"text"_s},
            {u"headers"_s, h},
            {u"partition"_s, partition},
            {u"acks"_s, acks},
            {u"compression"_s, compression},
            {u"count"_s, count},
            {u"rate"_s, ratePerSecond},
            {u"keep_producing"_s, keepProducing},
            {u"literal"_s, literal}};
}

ProduceFormInput ProduceFormInput::fromJson(const QJsonObject &json)
{
    ProduceFormInput in;
    in.topic = json.value(u"topic"_s).toString();
    in.hasKey = json.value(u"has_key"_s).toBool();
    in.key = json.value(u"key"_s).toString();
    in.value = json.value(u"value"_s).toString();
    in.valueType = json.value(u"value_type"_s).toString() == u"json" ? ValueType::Json : ValueType::Text;
    for (const QJsonValue &v : json.value(u"headers"_s).toArray())
        in.headers.append({v.toArray().at(0).toString(), v.toArray().at(1).toString()});
    in.partition = json.value(u"partition"_s).toInt(-1);
    in.acks = json.value(u"acks"_s).toString(in.acks);
    in.compression = json.value(u"compression"_s).toString(in.compression);
    in.count = json.value(u"count"_s).toInt(1);
    in.ratePerSecond = json.value(u"rate"_s).toInt(0);
    in.keepProducing = json.value(u"keep_producing"_s).toBool();
    in.literal = json.value(u"literal"_s).toBool();
    return in;
}

QString lineColumnAt(const QByteArray &text, int offset)
{
    int line = 1;
    int column = 1;
    const qsizetype end = std::min<qsizetype>(std::max(offset, 0), text.size());
    for (qsizetype i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((uchar(text[i]) & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++column;
        }
    }
    return u"line %1, column %2"_s.arg(line).arg(column);
}

QList<FormProblem> validateProduceForm(const ProduceFormInput &in)
{
    QList<FormProblem> problems;
    auto add = [&](const QString &field, const QString &message) { problems.append({field, message}); };

    const QString topic = in.topic.trimmed();
    static const QRegularExpression legal(u"^[A-Za-z0-9._-]+$"_s);
    if (topic.isEmpty())
        add(u"topic"_s, u"choose a topic or type its name"_s);
    else if (topic.size() > 249 || !legal.match(topic).hasMatch() || topic == u"." || topic == u"..")
        add(u"topic"_s,
            u"'%1' is not a legal topic name — use letters, digits, '.', '_' and '-' (at most 249)"_s.arg(topic));

    if (in.hasKey)
        if (auto t = MessageTemplate::parse(in.key, in.literal); !t)
            add(u"key"_s, u"key: "_s + t.error().message);

    if (auto t = MessageTemplate::parse(in.value, in.literal); !t) {
        add(u"value"_s, u"value: "_s + t.error().message);
    } else if (in.valueType == ProduceFormInput::ValueType::Json) {
        const QByteArray sample = t->expand(sampleContext());
        QJsonParseError error;
        QJsonDocument::fromJson(sample, &error);
        if (sample.trimmed().isEmpty())
            add(u"value"_s, u"the value is empty — type a JSON document, or switch the value type to text"_s);
        else if (error.error != QJsonParseError::NoError)
            add(u"value"_s, u"the value is not valid JSON: %1 at %2%3"_s.arg(
                                error.errorString(), lineColumnAt(sample, error.offset),
                                t->isConstant() ? QString() : u" (placeholders expanded)"_s));
    }

    for (qsizetype i = 0; i < in.headers.size(); ++i) {
        const auto &[name, value] = in.headers[i];
        if (name.trimmed().isEmpty() && value.isEmpty())
            continue;
        if (name.trimmed().isEmpty())
            add(u"headers"_s, u"header row %1 has a value but no name — name it or remove the row"_s.arg(i + 1));
        else if (auto t = MessageTemplate::parse(value, in.literal); !t)
            add(u"headers"_s, u"header '%1': %2"_s.arg(name, t.error().message));
    }

    if (in.partition < -1)
        add(u"partition"_s, u"the partition must be automatic or a number from 0"_s);
    if (in.acks != u"0" && in.acks != u"1" && in.acks != u"all")
        add(u"acks"_s, u"acks must be 0, 1 or all, not '%1'"_s.arg(in.acks));
    static const QStringList codecs{u"none"_s, u"gzip"_s, u"snappy"_s, u"lz4"_s, u"zstd"_s};
    if (!codecs.contains(in.compression))
        add(u"compression"_s, u"compression must be one of %1, not '%2'"_s.arg(codecs.join(u", "_s), in.compression));

    if (!in.keepProducing && (in.count < 1 || in.count > ProduceFormInput::kMaxCount))
        add(u"count"_s, u"the count must be from 1 to %1, not %2"_s.arg(ProduceFormInput::kMaxCount).arg(in.count));
    if (in.ratePerSecond < 0 || in.ratePerSecond > ProduceFormInput::kMaxRate)
        add(u"rate"_s, u"the rate must be from 0 (unlimited) to %1 messages/s, not %2"_s.arg(ProduceFormInput::kMaxRate)
                           .arg(in.ratePerSecond));
    else if (in.keepProducing && (in.ratePerSecond < 1 || in.ratePerSecond > ProduceFormInput::kMaxKeepProducingRate))
        add(u"rate"_s, u"keep producing needs a rate from 1 to %1 messages/s, so it cannot flood the cluster"_s.arg(
                           ProduceFormInput::kMaxKeepProducingRate));
    return problems;
}

Expected<ProduceRequest> toProduceRequest(const ProduceFormInput &in)
{
    if (const QList<FormProblem> problems = validateProduceForm(in); !problems.isEmpty())
        return Error::badInput(problems.first().message);
    auto compiled = std::make_shared<Compiled>(Compiled{{}, *MessageTemplate::parse(in.value, in.literal), {}});
    if (in.hasKey)
        compiled->key = *MessageTemplate::parse(in.key, in.literal);
    for (const auto &[name, value] : in.headers)
        if (!name.trimmed().isEmpty())
            compiled->headers.append({name.trimmed().toUtf8(), *MessageTemplate::parse(value, in.literal)});

    ProduceRequest r;
    r.topic = in.topic.trimmed();
    r.partition = in.partition;
    r.acks = in.acks;
    r.compression = in.compression == u"none" ? QString() : in.compression;
    r.count = in.keepProducing ? 0 : in.count;
    r.untilCancelled = in.keepProducing;
    r.ratePerSecond = in.ratePerSecond;
    r.messageFor = [compiled](qint64 seq, ProducedMessage &m) {
        const MessageTemplate::Context c = MessageTemplate::liveContext(seq);
        m.key = compiled->key ? compiled->key->expand(c) : QByteArray();
        m.value = compiled->value.expand(c);
        m.headers.clear();
        for (const auto &[name, value] : compiled->headers)
            m.headers.append({name, value.expand(c)});
    };
    return r;
}

} // namespace ensemble
