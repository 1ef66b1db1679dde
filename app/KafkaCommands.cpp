// Commands that use the running cluster as a Kafka client would: produce, consume, topics.
#include "Cli.h"

#include "KafkaAdmin.h"
#include "KafkaConsumer.h"
#include "KafkaProducer.h"
#include "MessageTemplate.h"

#include <QDateTime>
#include <QJsonArray>

#include <optional>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

namespace {

constexpr int kAdminTimeoutMs = 15000;

Expected<QString> bootstrapOf(const QCommandLineParser &parser)
{
    auto cluster = runningCluster(parser);
    if (!cluster)
        return cluster.error();
    return cluster->second.value(u"bootstrap"_s).toString();
}

// Run after a failure: a KRaft cluster whose quorum has no leader changes no metadata (topics, partition leaders,
// ISR), so a failure then is said to be that, from the engine's own quorum probe, with what to do.
Error withQuorumState(Error error, const QCommandLineParser &parser)
{
    auto cluster = runningCluster(parser);
    if (!cluster || !cluster->second.contains(u"quorum"_s))
        return error;
    const QJsonObject quorum = cluster->second.value(u"quorum"_s).toObject();
    if (!quorum.value(u"leader"_s).isNull())
        return error;
    qsizetype up = 0;
    QString down;
    const QJsonArray voters = quorum.value(u"voters"_s).toArray();
    for (const QJsonValue &v : voters) {
        const bool running = v.toObject().value(u"state"_s).toString() == u"up";
        up += running;
        if (!running && down.isEmpty())
            down = v.toObject().value(u"name"_s).toString();
    }
    // What Kafka answered may read as something else (a timeout, "created but not visible"): the cause leads.
    if (quorum.value(u"has_majority"_s).toBool())
        error.message =
            u"the KRaft quorum is electing a leader right now (%1) — try again in a few seconds"_s.arg(error.message);
    else
        error.message = u"the KRaft quorum is lost: %2 of %3 controllers run and a majority is needed, so no metadata "
                        "(topics, partition leaders, ISR) can change (%1) — start one: `ensemble start %4`"_s.arg(
                            error.message, QString::number(up), QString::number(voters.size()), down);
    return error;
}

QString ints(const QList<int> &values)
{
    QStringList parts;
    for (int v : values)
        parts.append(QString::number(v));
    return parts.join(u',');
}

QJsonArray jsonInts(const QList<int> &values)
{
    QJsonArray out;
    for (int v : values)
        out.append(v);
    return out;
}

} // namespace

int runProduce(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption topicOpt({u"t"_s, u"topic"_s}, u"Topic to write to."_s, u"TOPIC"_s);
    const QCommandLineOption keyOpt({u"k"_s, u"key"_s}, u"Message key (none when left out)."_s, u"KEY"_s);
    const QCommandLineOption valueOpt({u"v"_s, u"value"_s}, u"Message value."_s, u"VALUE"_s, u"hello from ensemble"_s);
    const QCommandLineOption countOpt({u"n"_s, u"count"_s}, u"How many messages (default 1)."_s, u"COUNT"_s, u"1"_s);
    const QCommandLineOption acksOpt(u"acks"_s, u"0, 1 or all (default all)."_s, u"ACKS"_s, u"all"_s);
    const QCommandLineOption partitionOpt({u"p"_s, u"partition"_s}, u"Partition (default: chosen by key)."_s, u"N"_s);
    const QCommandLineOption headerOpt(u"header"_s, u"A header NAME=VALUE (repeatable)."_s, u"NAME=VALUE"_s);
    const QCommandLineOption rateOpt(u"rate"_s, u"Messages per second (default: as fast as possible)."_s, u"N"_s,
                                     u"0"_s);
    const QCommandLineOption jsonOpt(u"json"_s, u"Print the report as JSON."_s);
    const QCommandLineOption literalOpt(
        u"literal"_s, u"Send -k/-v/--header values as typed: no {{seq}}, {{uuid}}, {{now}}, {{random_int(a,b)}}."_s);
    const QCommandLineOption verboseOpt(
        u"verbose"_s, u"One line per message: partition, offset, latency_ms, error (JSON with --json)."_s);
    const QCommandLineOption compressionOpt(u"compression"_s, u"none, gzip, snappy, lz4 or zstd (default none)."_s,
                                            u"CODEC"_s, u"none"_s);
    parser.addOptions({workspaceOption(), topicOpt, keyOpt, valueOpt, countOpt, acksOpt, partitionOpt, headerOpt,
                       rateOpt, jsonOpt, literalOpt, verboseOpt, compressionOpt});
    int code = 0;
    if (!parse(parser, u"produce"_s, u"Produce test messages and report how many were acknowledged."_s, args, &code))
        return code;
    ProduceRequest request;
    request.topic = parser.value(topicOpt);
    if (request.topic.isEmpty())
        return usageError(u"name a topic with -t TOPIC"_s, u"produce"_s);
    if (parser.isSet(keyOpt))
        request.key = parser.value(keyOpt).toUtf8();
    request.value = parser.value(valueOpt).toUtf8();
    bool ok = false;
    request.count = parser.value(countOpt).toInt(&ok);
    if (!ok || request.count < 1 || request.count > 10'000'000)
        return usageError(u"-n takes a count from 1 to 10000000, not '%1'"_s.arg(parser.value(countOpt)), u"produce"_s);
    request.ratePerSecond = parser.value(rateOpt).toInt(&ok);
    if (!ok || request.ratePerSecond < 0 || request.ratePerSecond > 1'000'000)
        return usageError(u"--rate takes messages per second from 1 to 1000000 (0 = unlimited)"_s, u"produce"_s);
    request.acks = parser.value(acksOpt);
    if (request.acks != u"0" && request.acks != u"1" && request.acks != u"all")
        return usageError(u"--acks takes 0, 1 or all, not '%1'"_s.arg(request.acks), u"produce"_s);
    if (parser.isSet(partitionOpt)) {
        request.partition = parser.value(partitionOpt).toInt(&ok);
        if (!ok || request.partition < 0)
            return usageError(u"--partition takes a partition number (0 or more)"_s, u"produce"_s);
    }
    for (const QString &h : parser.values(headerOpt)) {
        const qsizetype eq = h.indexOf(u'=');
        if (eq <= 0)
            return usageError(u"--header takes NAME=VALUE, not '%1'"_s.arg(h), u"produce"_s);
        request.headers.append({h.left(eq).toUtf8(), h.mid(eq + 1).toUtf8()});
    }
    request.compression = parser.value(compressionOpt) == u"none" ? QString() : parser.value(compressionOpt);
    // Placeholders expand per message in the key, the value and header values (unless --literal).
    const bool literal = parser.isSet(literalOpt);
    auto compile = [literal](const QByteArray &text, const QString &what) -> Expected<MessageTemplate> {
        auto t = MessageTemplate::parse(QString::fromUtf8(text), literal);
        if (!t)
            return Error::badInput(what + u": "_s + t.error().message);
        return t;
    };
    auto valueTemplate = compile(request.value, u"-v"_s);
    if (!valueTemplate)
        return usageError(valueTemplate.error().message, u"produce"_s);
    std::optional<MessageTemplate> keyTemplate;
    if (!request.key.isNull()) {
        auto t = compile(request.key, u"-k"_s);
        if (!t)
            return usageError(t.error().message, u"produce"_s);
        keyTemplate = *t;
    }
    QList<std::pair<QByteArray, MessageTemplate>> headerTemplates;
    for (const auto &[name, value] : request.headers) {
        auto t = compile(value, u"--header "_s + QString::fromUtf8(name));
        if (!t)
            return usageError(t.error().message, u"produce"_s);
        headerTemplates.append({name, *t});
    }
    request.messageFor = [=](qint64 seq, ProducedMessage &m) {
        const MessageTemplate::Context c = MessageTemplate::liveContext(seq);
        m.key = keyTemplate ? keyTemplate->expand(c) : QByteArray();
        m.value = valueTemplate->expand(c);
        m.headers.clear();
        for (const auto &[name, t] : headerTemplates)
            m.headers.append({name, t.expand(c)});
    };
    const bool verbose = parser.isSet(verboseOpt);
    const bool jsonOut = parser.isSet(jsonOpt);
    if (verbose)
        request.onDelivery = [jsonOut](const DeliveryResult &d) {
            const QJsonValue error = d.error.isEmpty() ? QJsonValue() : QJsonValue(d.error);
            if (jsonOut) {
                printJson({{u"seq"_s, d.seq},
                           {u"partition"_s, d.partition},
                           {u"offset"_s, d.offset},
                           {u"latency_ms"_s, qRound(d.latencyMs * 1000) / 1000.0},
                           {u"error"_s, error}});
                return;
            }
            out() << "message " << d.seq << "  partition " << d.partition << "  offset " << d.offset << "  latency "
                  << QString::number(d.latencyMs, 'f', 1) << " ms"
                  << (d.error.isEmpty() ? QString() : u"  error: "_s + d.error) << '\n';
        };
    auto bootstrap = bootstrapOf(parser);
    if (!bootstrap)
        return fail(bootstrap.error());
    auto report = KafkaProducer(bootstrap.value()).produce(request);
    if (!report)
        return fail(withQuorumState(report.error(), parser));
    const ProduceReport &r = report.value();
    if (parser.isSet(jsonOpt)) {
        QJsonObject per;
        for (auto it = r.perPartition.begin(); it != r.perPartition.end(); ++it)
            per.insert(QString::number(it.key()), it.value());
        printJson({{u"topic"_s, request.topic},
                   {u"requested"_s, request.count},
                   {u"acknowledged"_s, r.acked},
                   {u"failed"_s, r.failed},
                   {u"partitions"_s, per},
                   {u"elapsed_ms"_s, r.elapsedMs},
                   {u"latency_ms"_s,
                    QJsonObject{{u"p50"_s, r.latencyPercentileMs(0.5)}, {u"p99"_s, r.latencyPercentileMs(0.99)}}},
                   {u"error"_s, r.firstError.isEmpty() ? QJsonValue() : QJsonValue(r.firstError)}});
    } else {
        QStringList per;
        for (auto it = r.perPartition.begin(); it != r.perPartition.end(); ++it)
            per.append(u"partition %1: %2"_s.arg(it.key()).arg(it.value()));
        out() << "acknowledged " << r.acked << " of " << request.count << " message(s) to " << request.topic
              << " with acks=" << request.acks << " in " << r.elapsedMs << " ms";
        if (!per.isEmpty())
            out() << " (" << per.join(u", "_s) << ")";
        if (r.acked > 0)
            out() << "; latency p50 " << QString::number(r.latencyPercentileMs(0.5), 'f', 1) << " ms, p99 "
                  << QString::number(r.latencyPercentileMs(0.99), 'f', 1) << " ms";
        out() << Qt::endl;
        if (r.failed > 0)
            err() << "ensemble: " << r.failed
                  << " message(s) failed: " << withQuorumState(Error::runtime(r.firstError), parser).message
                  << Qt::endl;
    }
    return r.failed == 0 ? Ok : RuntimeFailure;
}

int runConsume(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption topicOpt({u"t"_s, u"topic"_s}, u"Topic to read."_s, u"TOPIC"_s);
    const QCommandLineOption beginningOpt(u"from-beginning"_s,
                                          u"Start at the oldest message (default: only new ones)."_s);
    const QCommandLineOption maxOpt({u"n"_s, u"max"_s}, u"Stop after MAX messages."_s, u"MAX"_s, u"0"_s);
    const QCommandLineOption timeoutOpt(u"timeout"_s, u"Stop after SEC seconds (default 10)."_s, u"SEC"_s, u"10"_s);
    const QCommandLineOption jsonOpt(u"json"_s, u"One JSON object per message."_s);
    const QCommandLineOption partitionOpt({u"p"_s, u"partition"_s}, u"Read only partition N (default: all)."_s, u"N"_s);
    const QCommandLineOption offsetOpt(u"offset"_s, u"Start at offset N (needs --partition)."_s, u"N"_s);
    const QCommandLineOption timestampOpt(
        u"from-timestamp"_s, u"Start at the first message at or after TIME: ms since the epoch or ISO-8601."_s,
        u"TIME"_s);
    const QCommandLineOption groupOpt(
        {u"g"_s, u"group"_s},
        u"Read as a member of consumer group GROUP and commit what was read: starts where "
        "the group left off (a new group: at the end, or --from-beginning)."_s,
        u"GROUP"_s);
    parser.addOptions({workspaceOption(), topicOpt, beginningOpt, maxOpt, timeoutOpt, jsonOpt, partitionOpt, offsetOpt,
                       timestampOpt, groupOpt});
    int code = 0;
    if (!parse(parser, u"consume"_s, u"Read messages from every partition of a topic."_s, args, &code))
        return code;
    ConsumeRequest request;
    request.topic = parser.value(topicOpt);
    if (request.topic.isEmpty())
        return usageError(u"name a topic with -t TOPIC"_s, u"consume"_s);
    request.fromBeginning = parser.isSet(beginningOpt);
    bool ok = false;
    request.max = parser.value(maxOpt).toInt(&ok);
    if (!ok || request.max < 0)
        return usageError(u"-n takes a count (0 = no limit)"_s, u"consume"_s);
    const double timeout = parser.value(timeoutOpt).toDouble(&ok);
    if (!ok || timeout <= 0 || timeout > 86400)
        return usageError(u"--timeout takes seconds (more than 0)"_s, u"consume"_s);
    request.timeoutMs = int(timeout * 1000);
    if (parser.isSet(partitionOpt)) {
        request.partition = parser.value(partitionOpt).toInt(&ok);
        if (!ok || request.partition < 0)
            return usageError(u"--partition takes a partition number (0 or more)"_s, u"consume"_s);
    }
    if (parser.isSet(offsetOpt)) {
        if (!parser.isSet(partitionOpt))
            return usageError(u"--offset needs --partition: offsets count within one partition"_s, u"consume"_s);
        request.offset = parser.value(offsetOpt).toLongLong(&ok);
        if (!ok || request.offset < 0)
            return usageError(u"--offset takes an offset (0 or more)"_s, u"consume"_s);
    }
    if (parser.isSet(timestampOpt)) {
        if (parser.isSet(offsetOpt) || parser.isSet(beginningOpt))
            return usageError(u"--from-timestamp starts on its own: leave out --offset and --from-beginning"_s,
                              u"consume"_s);
        const QString text = parser.value(timestampOpt);
        request.fromTimestampMs = text.toLongLong(&ok);
        if (!ok) {
            QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
            if (!at.isValid())
                at = QDateTime::fromString(text, Qt::ISODate);
            if (!at.isValid())
                return usageError(u"--from-timestamp takes ms since the epoch or an ISO-8601 time like "
                                  "2024-05-17T09:30:00Z, not '%1'"_s.arg(text),
                                  u"consume"_s);
            request.fromTimestampMs = at.toMSecsSinceEpoch();
        }
        if (request.fromTimestampMs < 0)
            return usageError(u"--from-timestamp must not be before 1970"_s, u"consume"_s);
    }
    if (parser.isSet(groupOpt)) {
        request.group = parser.value(groupOpt).trimmed();
        if (request.group.isEmpty())
            return usageError(u"--group takes a consumer group name"_s, u"consume"_s);
        if (parser.isSet(partitionOpt) || parser.isSet(offsetOpt) || parser.isSet(timestampOpt))
            return usageError(u"--group reads where the group left off, on the partitions its coordinator assigns: "
                              "leave out --partition, --offset and --from-timestamp"_s,
                              u"consume"_s);
    }
    auto bootstrap = bootstrapOf(parser);
    if (!bootstrap)
        return fail(bootstrap.error());
    const bool json = parser.isSet(jsonOpt);
    request.onProblem = [](const QString &problem) { err() << "ensemble consume: " << problem << Qt::endl; };
    auto messages = KafkaConsumer(bootstrap.value()).consume(request, [json](const ConsumedMessage &m) {
        if (json) {
            printJson(m.toJson());
            return;
        }
        out() << "partition " << m.partition << " offset " << m.offset << "  timestamp "
              << QDateTime::fromMSecsSinceEpoch(m.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs)
              << "  key=" << (m.key.isNull() ? u"(none)"_s : QString::fromUtf8(m.key))
              << "  value=" << QString::fromUtf8(m.value);
        if (!m.headers.isEmpty())
            out() << "  headers:";
        for (const auto &[name, value] : m.headers)
            out() << ' ' << QString::fromUtf8(name) << '=' << QString::fromUtf8(value);
        out() << '\n';
        out().flush();
    });
    if (!messages)
        return fail(messages.error());
    err() << "consumed " << messages->size() << " message(s) from " << request.topic << Qt::endl;
    return Ok;
}

int runTopics(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption partitionsOpt(u"partitions"_s, u"create: number of partitions (default 1)."_s, u"P"_s,
                                           u"1"_s);
    const QCommandLineOption rfOpt(u"replication-factor"_s,
                                   u"create: replicas per partition (default: the cluster's, up to 3)."_s, u"R"_s);
    const QCommandLineOption configOpt(u"config"_s, u"create: a topic config KEY=VALUE (repeatable)."_s,
                                       u"KEY=VALUE"_s);
    const QCommandLineOption jsonOpt(u"json"_s, u"Print JSON."_s);
    parser.addOptions({workspaceOption(), partitionsOpt, rfOpt, configOpt, jsonOpt});
    parser.addPositionalArgument(
        u"ACTION"_s, u"list | describe NAME | create NAME | delete NAME | add-partitions NAME --partitions P"_s);
    int code = 0;
    if (!parse(parser, u"topics"_s, u"List, describe, create or delete topics."_s, args, &code))
        return code;
    QStringList pos = parser.positionalArguments();
    const QString action = pos.isEmpty() ? u"list"_s : pos.takeFirst();
    const bool needsName = action != u"list";
    if (action != u"list" && action != u"describe" && action != u"create" && action != u"delete" &&
        action != u"add-partitions")
        return usageError(u"unknown action '%1' (use list, describe, create, delete or add-partitions)"_s.arg(action),
                          u"topics"_s);
    if (action == u"add-partitions" && !parser.isSet(partitionsOpt))
        return usageError(u"`topics add-partitions NAME` needs --partitions P, the new total"_s, u"topics"_s);
    if (needsName ? pos.size() != 1 : !pos.isEmpty())
        return usageError(needsName ? u"`topics %1` takes one topic name"_s.arg(action)
                                    : u"`topics list` takes no name"_s,
                          u"topics"_s);
    const QString name = needsName ? pos.first() : QString();
    auto bootstrap = bootstrapOf(parser);
    if (!bootstrap)
        return fail(bootstrap.error());
    KafkaAdmin admin(bootstrap.value());
    const bool json = parser.isSet(jsonOpt);

    if (action == u"create") {
        TopicSpec topic;
        topic.name = name;
        bool ok1 = false, ok2 = false;
        topic.partitions = parser.value(partitionsOpt).toInt(&ok1);
        // Unset: the brokers' default.replication.factor, as `kafka-topics --create` does (-1 asks for it).
        const bool rfGiven = parser.isSet(rfOpt);
        topic.replicationFactor = rfGiven ? parser.value(rfOpt).toInt(&ok2) : -1;
        if (!ok1 || topic.partitions < 1)
            return usageError(u"--partitions takes a number of at least 1"_s, u"topics"_s);
        if (rfGiven && (!ok2 || topic.replicationFactor < 1))
            return usageError(u"--replication-factor takes a number of at least 1"_s, u"topics"_s);
        for (const QString &c : parser.values(configOpt)) {
            const qsizetype eq = c.indexOf(u'=');
            if (eq <= 0)
                return usageError(u"--config takes KEY=VALUE, not '%1'"_s.arg(c), u"topics"_s);
            topic.configs.insert(c.left(eq), c.mid(eq + 1));
        }
        if (auto s = admin.createTopic(topic, kAdminTimeoutMs); !s)
            return fail(withQuorumState(s.error(), parser));
        if (topic.replicationFactor < 0)
            if (auto md = admin.metadata(kAdminTimeoutMs, name); md && !md->topics.value(0).partitions.isEmpty())
                topic.replicationFactor = int(md->topics.value(0).partitions.first().replicas.size());
        if (json)
            printJson({{u"created"_s, name},
                       {u"partitions"_s, topic.partitions},
                       {u"replication_factor"_s,
                        topic.replicationFactor > 0 ? QJsonValue(topic.replicationFactor) : QJsonValue()}});
        else
            out() << "created topic " << name << " (" << topic.partitions
                  << (topic.partitions == 1 ? " partition" : " partitions") << ", replication factor "
                  << (topic.replicationFactor > 0 ? QString::number(topic.replicationFactor) : u"the cluster's"_s)
                  << ")" << Qt::endl;
        return Ok;
    }
    if (action == u"add-partitions") {
        bool okP = false;
        const int total = parser.value(partitionsOpt).toInt(&okP);
        if (!okP || total < 1)
            return usageError(u"--partitions takes the new total number of partitions"_s, u"topics"_s);
        if (auto s = admin.createPartitions(name, total, kAdminTimeoutMs); !s)
            return fail(withQuorumState(s.error(), parser));
        if (json)
            printJson({{u"topic"_s, name}, {u"partitions"_s, total}});
        else
            out() << "topic " << name << " now has " << total << " partitions" << Qt::endl;
        return Ok;
    }
    if (action == u"delete") {
        if (auto s = admin.deleteTopic(name, kAdminTimeoutMs); !s)
            return fail(withQuorumState(s.error(), parser));
        if (json)
            printJson({{u"deleted"_s, name}});
        else
            out() << "deleted topic " << name << Qt::endl;
        return Ok;
    }
    auto md = admin.metadata(kAdminTimeoutMs, name);
    if (!md)
        return fail(md.error());
    if (action == u"list") {
        QJsonArray names;
        for (const TopicDescription &t : md->topics) {
            if (json)
                names.append(QJsonObject{
                    {u"name"_s, t.name}, {u"partitions"_s, int(t.partitions.size())}, {u"internal"_s, t.internal}});
            else
                out() << t.name << "  (" << t.partitions.size() << " partitions" << (t.internal ? ", internal" : "")
                      << ")\n";
        }
        if (json)
            printJson({{u"topics"_s, names}});
        out().flush();
        return Ok;
    }
    const TopicDescription &t = md->topics.first();
    auto configs = admin.topicConfigs(name, kAdminTimeoutMs);
    if (json) {
        QJsonArray parts;
        for (const PartitionState &p : t.partitions)
            parts.append(QJsonObject{{u"partition"_s, p.partition},
                                     {u"leader"_s, p.leader},
                                     {u"replicas"_s, jsonInts(p.replicas)},
                                     {u"isr"_s, jsonInts(p.isr)}});
        QJsonObject cfg;
        if (configs)
            for (auto it = configs->begin(); it != configs->end(); ++it)
                cfg.insert(it.key(), it.value());
        printJson({{u"name"_s, t.name}, {u"partitions"_s, parts}, {u"configs"_s, cfg}});
        return Ok;
    }
    out() << "topic " << t.name << "  partitions " << t.partitions.size() << "  replication factor "
          << (t.partitions.isEmpty() ? 0 : t.partitions.first().replicas.size()) << '\n';
    if (configs && !configs->isEmpty()) {
        QStringList c;
        for (auto it = configs->begin(); it != configs->end(); ++it)
            c.append(it.key() + u'=' + it.value());
        out() << "configs " << c.join(u", "_s) << '\n';
    }
    for (const PartitionState &p : t.partitions) {
        const bool under = p.isr.size() < p.replicas.size();
        out() << "  partition " << p.partition << "  leader " << (p.leader < 0 ? u"none"_s : QString::number(p.leader))
              << "  replicas " << ints(p.replicas) << "  isr " << ints(p.isr) << (under ? "  (under-replicated)" : "")
              << '\n';
    }
    out().flush();
    return Ok;
}

int runGroups(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"Print JSON."_s);
    parser.addOptions({workspaceOption(), jsonOpt});
    parser.addPositionalArgument(u"GROUP"_s, u"Only this consumer group (default: every group)."_s, u"[GROUP]"_s);
    int code = 0;
    if (!parse(parser, u"groups"_s,
               u"Consumer groups: state, committed offset, end offset and lag of every partition they committed for."_s,
               args, &code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() > 1)
        return usageError(u"`groups` takes at most one group name"_s, u"groups"_s);
    auto bootstrap = bootstrapOf(parser);
    if (!bootstrap)
        return fail(bootstrap.error());
    auto groups = KafkaAdmin(bootstrap.value()).consumerGroupLags(kAdminTimeoutMs, pos.value(0));
    if (!groups)
        return fail(groups.error());
    if (parser.isSet(jsonOpt)) {
        QJsonArray list;
        for (const GroupLag &g : std::as_const(groups.value())) {
            QJsonArray parts;
            for (const PartitionLag &p : g.partitions)
                parts.append(QJsonObject{{u"topic"_s, p.topic},
                                         {u"partition"_s, p.partition},
                                         {u"committed"_s, p.committed < 0 ? QJsonValue() : QJsonValue(p.committed)},
                                         {u"end"_s, p.end < 0 ? QJsonValue() : QJsonValue(p.end)},
                                         {u"lag"_s, p.lag < 0 ? QJsonValue() : QJsonValue(p.lag)}});
            list.append(QJsonObject{{u"group"_s, g.group},
                                    {u"state"_s, g.state},
                                    {u"lag"_s, g.totalLag < 0 ? QJsonValue() : QJsonValue(g.totalLag)},
                                    {u"partitions"_s, parts}});
        }
        printJson({{u"groups"_s, list}});
        return Ok;
    }
    if (groups->isEmpty()) {
        out()
            << "no consumer groups (a consumer joins one with a group.id; try `ensemble consume -t TOPIC --group NAME`)"
            << Qt::endl;
        return Ok;
    }
    auto dash = [](qint64 v) { return v < 0 ? u"-"_s : QString::number(v); };
    for (const GroupLag &g : std::as_const(groups.value())) {
        out() << "group " << g.group << "  (" << g.state << ")  lag " << dash(g.totalLag) << '\n';
        for (const PartitionLag &p : g.partitions)
            out() << "  " << qSetFieldWidth(28) << Qt::left << (p.topic + u'-' + QString::number(p.partition))
                  << qSetFieldWidth(0) << "  committed " << qSetFieldWidth(10) << Qt::right << dash(p.committed)
                  << qSetFieldWidth(0) << "  end " << qSetFieldWidth(10) << dash(p.end) << qSetFieldWidth(0) << "  lag "
                  << dash(p.lag) << Qt::left << '\n';
    }
    out().flush();
    return Ok;
}

} // namespace ensemble::cli
