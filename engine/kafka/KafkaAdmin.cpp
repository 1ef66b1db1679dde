#include "KafkaAdmin.h"

#include "KafkaConf.h"
#include "KafkaHandleRelease.h"
#include "PartitionOffsets.h"
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QThread>

#include <librdkafka/rdkafka.h>

#include <algorithm>

#include <memory>
#include <tuple>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// Ensemble's brokers do not create topics on first use (auto.create.topics.enable=false, as production clusters
// usually have it): say how to make one.
QString noSuchTopic(const QString &topic)
{
    return u"topic '%1' does not exist — create it with `ensemble topics create %1` (or list them with `ensemble "
           "topics list`; topics are not created on first use unless broker_config sets auto.create.topics.enable)"_s
               .arg(topic);
}

template <typename T, void (*Destroy)(T *)> struct Deleter
{
    void operator()(T *p) const
    {
        if (p)
            Destroy(p);
    }
};
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, Deleter<rd_kafka_queue_t, rd_kafka_queue_destroy>>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, Deleter<rd_kafka_event_t, rd_kafka_event_destroy>>;
using OptionsPtr =
    std::unique_ptr<rd_kafka_AdminOptions_t, Deleter<rd_kafka_AdminOptions_t, rd_kafka_AdminOptions_destroy>>;

QString unreachable(const QString &bootstrap)
{
    return u"no broker answered at %1 — is the cluster up? (`ensemble status`)"_s.arg(bootstrap);
}

EventPtr waitFor(rd_kafka_queue_t *queue, int timeoutMs)
{
    return EventPtr(rd_kafka_queue_poll(queue, timeoutMs + 1000));
}
} // namespace

PartitionState KafkaAdmin::partitionStateOf(const rd_kafka_metadata_partition &partition)
{
    PartitionState ps;
    ps.partition = partition.id;
    ps.leader = partition.leader;
    for (int r = 0; r < partition.replica_cnt; ++r)
        ps.replicas.append(partition.replicas[r]);
    for (int r = 0; r < partition.isr_cnt; ++r)
        ps.isr.append(partition.isrs[r]);
    return ps;
}

KafkaAdmin::KafkaAdmin(QString bootstrapServers) : m_bootstrap(std::move(bootstrapServers)) {}

KafkaAdmin::~KafkaAdmin()
{
    if (m_rk)
        releaseKafkaHandle(m_rk);
}

Status KafkaAdmin::ensureHandle()
{
    if (m_rk)
        return ok();
    QString rejected;
    rd_kafka_conf_t *conf = newKafkaConf(m_bootstrap, "ensemble-admin", &rejected);
    if (!rejected.isEmpty()) {
        rd_kafka_conf_destroy(conf);
        return Error::badInput(rejected);
    }
    char err[512];
    m_rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!m_rk) {
        rd_kafka_conf_destroy(conf); // kept by rd_kafka_new only when it succeeds
        return Error::runtime(u"cannot create a Kafka client: "_s + QString::fromUtf8(err));
    }
    return ok();
}

Expected<ClusterMetadata> KafkaAdmin::metadata(int timeoutMs, const QString &topic)
{
    if (auto s = ensureHandle(); !s)
        return s.error();
    const rd_kafka_metadata_t *md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk, topic.isEmpty() ? 1 : 0, nullptr, &md, timeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::runtime(unreachable(m_bootstrap) + u" ("_s + QString::fromUtf8(rd_kafka_err2str(err)) + u')');
    ClusterMetadata out;
    out.originBroker = md->orig_broker_id;
    for (int i = 0; i < md->broker_cnt; ++i)
        out.brokers.append({md->brokers[i].id, QString::fromUtf8(md->brokers[i].host), md->brokers[i].port});
    for (int t = 0; t < md->topic_cnt; ++t) {
        const rd_kafka_metadata_topic_t &mt = md->topics[t];
        TopicDescription topicDesc;
        topicDesc.name = QString::fromUtf8(mt.topic);
        if (!topic.isEmpty() && topicDesc.name != topic)
            continue;
        if (mt.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            continue;
        topicDesc.internal = topicDesc.name.startsWith(u"__"_s);
        for (int p = 0; p < mt.partition_cnt; ++p)
            topicDesc.partitions.append(partitionStateOf(mt.partitions[p]));
        std::sort(topicDesc.partitions.begin(), topicDesc.partitions.end(),
                  [](const PartitionState &a, const PartitionState &b) { return a.partition < b.partition; });
        out.topics.append(topicDesc);
    }
    rd_kafka_metadata_destroy(md);
    std::sort(out.brokers.begin(), out.brokers.end(),
              [](const BrokerDescription &a, const BrokerDescription &b) { return a.id < b.id; });
    std::sort(out.topics.begin(), out.topics.end(),
              [](const TopicDescription &a, const TopicDescription &b) { return a.name < b.name; });
    if (!topic.isEmpty() && out.topics.isEmpty())
        return Error::badInput(noSuchTopic(topic));
    return out;
}

Status KafkaAdmin::createTopic(const TopicSpec &topic, int timeoutMs)
{
    // A broker makes every partition's log before it answers: thousands take it many seconds.
    timeoutMs = std::max(timeoutMs, topic.partitions * 20);
    if (auto s = ensureHandle(); !s)
        return s;
    char err[512];
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic.name.toUtf8().constData(), topic.partitions,
                                                    topic.replicationFactor, err, sizeof err);
    if (!nt)
        return Error::badInput(u"cannot create topic '%1': %2"_s.arg(topic.name, QString::fromUtf8(err)));
    for (auto it = topic.configs.begin(); it != topic.configs.end(); ++it)
        rd_kafka_NewTopic_set_config(nt, it.key().toUtf8().constData(), it.value().toUtf8().constData());
    QueuePtr queue(rd_kafka_queue_new(m_rk));
    OptionsPtr options(rd_kafka_AdminOptions_new(m_rk, RD_KAFKA_ADMIN_OP_CREATETOPICS));
    // The broker answers by the operation timeout at the latest (REQUEST_TIMED_OUT: still being made, waited for
    // below); the request's own timeout is longer, so that answer arrives rather than a local time-out.
    const int operationMs = std::min(timeoutMs, 10000);
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), operationMs, err, sizeof err);
    rd_kafka_AdminOptions_set_request_timeout(options.get(), operationMs + 10000, err, sizeof err);
    rd_kafka_CreateTopics(m_rk, &nt, 1, options.get(), queue.get());
    rd_kafka_NewTopic_destroy(nt);
    EventPtr event = waitFor(queue.get(), operationMs + 10000);
    if (!event)
        return Error::runtime(unreachable(m_bootstrap));
    if (rd_kafka_event_error(event.get()))
        return Error::runtime(u"cannot create topic '%1': %2"_s.arg(
            topic.name, QString::fromUtf8(rd_kafka_event_error_string(event.get()))));
    size_t count = 0;
    const rd_kafka_topic_result_t **results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
    for (size_t i = 0; i < count; ++i) {
        const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
        if (e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
            return Error::badInput(u"topic '%1' already exists"_s.arg(topic.name));
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT) {
            const char *msg = rd_kafka_topic_result_error_string(results[i]);
            const bool badInput = e == RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR ||
                                  e == RD_KAFKA_RESP_ERR_INVALID_PARTITIONS || e == RD_KAFKA_RESP_ERR_INVALID_CONFIG ||
                                  e == RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION;
            const QString text =
                u"cannot create topic '%1': %2"_s.arg(topic.name, QString::fromUtf8(msg ? msg : rd_kafka_err2str(e)));
            // The cluster's default replication with a broker down: not the user's input, and they can choose.
            if (e == RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR && topic.replicationFactor < 0)
                return Error::runtime(text + u" — a broker is down: start it, or give --replication-factor N"_s);
            return badInput ? Error::badInput(text) : Error::runtime(text);
        }
    }
    // The controller has made it, but the broker answering metadata may not know it for a moment: a produce right
    // after "created" would be told the topic does not exist. Return once it is visible with a leader everywhere.
    QElapsedTimer waited;
    waited.start();
    const int visibleWithinMs = timeoutMs; // thousands of partitions take a while to get their leaders
    qsizetype seen = 0, led = 0;
    while (waited.elapsed() < visibleWithinMs) {
        if (auto md = metadata(2000, topic.name); md) {
            const QList<PartitionState> &partitions = md->topics.value(0).partitions;
            seen = partitions.size();
            led = std::count_if(partitions.cbegin(), partitions.cend(),
                                [](const PartitionState &p) { return p.leader >= 0; });
            if (seen == topic.partitions && led == seen)
                return ok();
        }
        QThread::msleep(100);
    }
    return Error::runtime(
        u"topic '%1' was created but after %2 s the brokers show %3 of its %4 partitions, %5 with a "
        "leader — check the brokers' logs; `ensemble topics describe %1` shows when it is ready"_s.arg(topic.name)
            .arg(visibleWithinMs / 1000)
            .arg(seen)
            .arg(topic.partitions)
            .arg(led));
}

Expected<ClusterMetadata> KafkaAdmin::metadataOfExisting(const QString &topic, int timeoutMs, int graceMs)
{
    // A topic made a moment ago by another client may not have reached the broker that answers yet.
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        auto md = metadata(timeoutMs, topic);
        if (md || md.error().kind != Error::Kind::BadInput || waited.elapsed() >= graceMs)
            return md;
        QThread::msleep(200);
    }
}

Status KafkaAdmin::deleteTopic(const QString &name, int timeoutMs)
{
    if (auto s = ensureHandle(); !s)
        return s;
    char err[512];
    rd_kafka_DeleteTopic_t *dt = rd_kafka_DeleteTopic_new(name.toUtf8().constData());
    QueuePtr queue(rd_kafka_queue_new(m_rk));
    OptionsPtr options(rd_kafka_AdminOptions_new(m_rk, RD_KAFKA_ADMIN_OP_DELETETOPICS));
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeoutMs, err, sizeof err);
    rd_kafka_DeleteTopics(m_rk, &dt, 1, options.get(), queue.get());
    rd_kafka_DeleteTopic_destroy(dt);
    EventPtr event = waitFor(queue.get(), timeoutMs);
    if (!event)
        return Error::runtime(unreachable(m_bootstrap));
    if (rd_kafka_event_error(event.get()))
        return Error::runtime(
            u"cannot delete topic '%1': %2"_s.arg(name, QString::fromUtf8(rd_kafka_event_error_string(event.get()))));
    size_t count = 0;
    const rd_kafka_topic_result_t **results =
        rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event.get()), &count);
    for (size_t i = 0; i < count; ++i) {
        const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
        if (e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            return Error::badInput(noSuchTopic(name));
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
            return Error::runtime(u"cannot delete topic '%1': %2"_s.arg(name, QString::fromUtf8(rd_kafka_err2str(e))));
    }
    return ok();
}

Status KafkaAdmin::createPartitions(const QString &name, int total, int timeoutMs)
{
    if (auto s = ensureHandle(); !s)
        return s;
    char err[512];
    rd_kafka_NewPartitions_t *np =
        rd_kafka_NewPartitions_new(name.toUtf8().constData(), size_t(std::max(total, 0)), err, sizeof err);
    if (!np)
        return Error::badInput(u"cannot add partitions to '%1': %2"_s.arg(name, QString::fromUtf8(err)));
    QueuePtr queue(rd_kafka_queue_new(m_rk));
    OptionsPtr options(rd_kafka_AdminOptions_new(m_rk, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS));
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeoutMs, err, sizeof err);
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, err, sizeof err);
    rd_kafka_CreatePartitions(m_rk, &np, 1, options.get(), queue.get());
    rd_kafka_NewPartitions_destroy(np);
    EventPtr event = waitFor(queue.get(), timeoutMs);
    if (!event)
        return Error::runtime(unreachable(m_bootstrap));
    if (rd_kafka_event_error(event.get()))
        return Error::runtime(u"cannot add partitions to '%1': %2"_s.arg(
            name, QString::fromUtf8(rd_kafka_event_error_string(event.get()))));
    size_t count = 0;
    const rd_kafka_topic_result_t **results =
        rd_kafka_CreatePartitions_result_topics(rd_kafka_event_CreatePartitions_result(event.get()), &count);
    for (size_t i = 0; i < count; ++i) {
        const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR)
            continue;
        if (e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            return Error::badInput(noSuchTopic(name));
        const char *msg = rd_kafka_topic_result_error_string(results[i]);
        const QString text =
            u"cannot add partitions to '%1': %2"_s.arg(name, QString::fromUtf8(msg ? msg : rd_kafka_err2str(e)));
        return e == RD_KAFKA_RESP_ERR_INVALID_PARTITIONS ? Error::badInput(text) : Error::runtime(text);
    }
    return ok();
}

Expected<QMap<QString, QString>> KafkaAdmin::topicConfigs(const QString &name, int timeoutMs)
{
    if (auto s = ensureHandle(); !s)
        return s.error();
    char err[512];
    rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name.toUtf8().constData());
    QueuePtr queue(rd_kafka_queue_new(m_rk));
    OptionsPtr options(rd_kafka_AdminOptions_new(m_rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, err, sizeof err);
    rd_kafka_DescribeConfigs(m_rk, &res, 1, options.get(), queue.get());
    rd_kafka_ConfigResource_destroy(res);
    EventPtr event = waitFor(queue.get(), timeoutMs);
    if (!event || rd_kafka_event_error(event.get()))
        return Error::runtime(u"cannot read the configs of topic '%1'"_s.arg(name));
    QMap<QString, QString> out;
    size_t count = 0;
    const rd_kafka_ConfigResource_t **resources =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event.get()), &count);
    for (size_t i = 0; i < count; ++i) {
        size_t entries = 0;
        const rd_kafka_ConfigEntry_t **configs = rd_kafka_ConfigResource_configs(resources[i], &entries);
        for (size_t j = 0; j < entries; ++j)
            if (rd_kafka_ConfigEntry_source(configs[j]) == RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG) {
                const char *value = rd_kafka_ConfigEntry_value(configs[j]);
                out.insert(QString::fromUtf8(rd_kafka_ConfigEntry_name(configs[j])),
                           value ? QString::fromUtf8(value) : QString());
            }
    }
    return out;
}

Expected<QList<GroupLag>> KafkaAdmin::consumerGroupLags(int timeoutMs, const QString &onlyGroup)
{
    // Built on librdkafka's long-standing calls (list_groups, committed, query_watermark_offsets): the 2.0 Admin
    // API's ListConsumerGroups/ListConsumerGroupOffsets crashed librdkafka 2.0.2 inside its own threads when
    // asked every 2 s while a broker was being killed (seen in tests/gui/tst_drillwindow).
    if (auto s = ensureHandle(); !s)
        return s.error();
    // 1. The groups and their states (the coordinators of every broker are asked).
    QList<GroupLag> groups;
    {
        const rd_kafka_group_list *list = nullptr;
        const QByteArray only = onlyGroup.toUtf8();
        const rd_kafka_resp_err_t e =
            rd_kafka_list_groups(m_rk, onlyGroup.isEmpty() ? nullptr : only.constData(), &list, timeoutMs);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR && !list)
            return Error::runtime(
                e == RD_KAFKA_RESP_ERR__TRANSPORT || e == RD_KAFKA_RESP_ERR__TIMED_OUT
                    ? unreachable(m_bootstrap)
                    : u"cannot list the consumer groups: %1"_s.arg(QString::fromUtf8(rd_kafka_err2str(e))));
        for (int i = 0; list && i < list->group_cnt; ++i) {
            const rd_kafka_group_info &info = list->groups[i];
            const QString protocolType = QString::fromUtf8(info.protocol_type ? info.protocol_type : "");
            if (info.state && QByteArray(info.state) == "Dead")
                continue;
            if (!protocolType.isEmpty() && protocolType != u"consumer")
                continue; // Kafka Connect workers and the like: no committed offsets to compare
            GroupLag g{QString::fromUtf8(info.group), QString::fromUtf8(info.state ? info.state : "Unknown"), {}, 0};
            if (info.err) { // its coordinator did not answer (moving, or its broker is down): lag unknown
                g.state = QString::fromUtf8(rd_kafka_err2str(info.err));
                g.totalLag = -1;
            }
            groups.append(g);
        }
        if (list)
            rd_kafka_group_list_destroy(list);
    }
    if (!onlyGroup.isEmpty() && groups.isEmpty())
        return Error::badInput(u"there is no consumer group '%1' — list them with `ensemble groups`"_s.arg(onlyGroup));
    std::sort(groups.begin(), groups.end(), [](const GroupLag &a, const GroupLag &b) { return a.group < b.group; });
    if (groups.isEmpty())
        return groups;

    // 2. Every partition a group could have committed for: those of every topic but the internal ones.
    // The whole call keeps to timeoutMs (each step gets what is left), so a dying cluster cannot hold it long.
    QElapsedTimer clock;
    clock.start();
    auto left = [&] { return int(std::max<qint64>(1, timeoutMs - clock.elapsed())); };
    auto md = metadata(left());
    if (!md)
        return md.error();
    rd_kafka_topic_partition_list_t *all = rd_kafka_topic_partition_list_new(16);
    QHash<QString, int> partitionCounts;
    for (const TopicDescription &t : std::as_const(md->topics))
        if (!t.internal)
            for (const PartitionState &p : t.partitions) {
                rd_kafka_topic_partition_list_add(all, t.name.toUtf8().constData(), p.partition);
                partitionCounts[t.name] = qMax(partitionCounts.value(t.name), p.partition + 1);
            }

    // 3. Each group's committed offsets, asked through a consumer handle that names the group but never joins it;
    // 4. the end (high watermark) of each partition a group committed for.
    QHash<std::pair<QString, int>, qint64> ends;
    bool noAnswer = false;
    constexpr int kMaxGroups = 20; // the rest are listed with their lag unknown
    for (qsizetype gi = 0; gi < groups.size(); ++gi) {
        GroupLag &g = groups[gi];
        if (g.totalLag < 0)
            continue;
        if (gi >= kMaxGroups || noAnswer || clock.elapsed() >= timeoutMs) {
            g.totalLag = -1; // not measured this time
            continue;
        }
        char err[512];
        rd_kafka_conf_t *conf = newKafkaConf(m_bootstrap, "ensemble-lag");
        rd_kafka_conf_set(conf, "group.id", g.group.toUtf8().constData(), err, sizeof err);
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
        rd_kafka_t *reader = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
        if (!reader) {
            rd_kafka_conf_destroy(conf);
            g.totalLag = -1;
            continue;
        }
        rd_kafka_topic_partition_list_t *offsets = rd_kafka_topic_partition_list_copy(all);
        const rd_kafka_resp_err_t e = rd_kafka_committed(reader, offsets, left());
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
            g.totalLag = -1; // the coordinator did not answer
        // Topics the group committed for: each of their partitions is shown, those without a commit as unknown
        // (as Kafka's own kafka-consumer-groups does: where it would start depends on auto.offset.reset).
        QSet<QByteArray> topics;
        for (int j = 0; e == RD_KAFKA_RESP_ERR_NO_ERROR && j < offsets->cnt; ++j)
            if (!offsets->elems[j].err && offsets->elems[j].offset >= 0)
                topics.insert(QByteArray(offsets->elems[j].topic));
        for (int j = 0; e == RD_KAFKA_RESP_ERR_NO_ERROR && j < offsets->cnt; ++j) {
            const rd_kafka_topic_partition_t &tp = offsets->elems[j];
            if (!topics.contains(QByteArray(tp.topic)))
                continue;
            PartitionLag p;
            p.topic = QString::fromUtf8(tp.topic);
            p.partition = int(tp.partition);
            p.committed = tp.err || tp.offset < 0 ? -1 : qint64(tp.offset);
            const auto key = std::pair{p.topic, p.partition};
            if (!ends.contains(key) && (noAnswer || clock.elapsed() >= timeoutMs)) {
                g.totalLag = -1; // out of time, or the cluster stopped answering: not measured this time
                break;
            }
            if (!ends.contains(key)) {
                // One ListOffsets round for all the topic's partitions (see PartitionOffsets for why not
                // rd_kafka_query_watermark_offsets).
                const int count = partitionCounts.value(p.topic, p.partition + 1);
                const TopicPartitionOffsets topicEnds =
                    partitionOffsets(m_rk, QByteArray(tp.topic), count, OffsetEnd::End, left());
                for (int k = 0; k < count; ++k)
                    ends.insert(std::pair{p.topic, k}, topicEnds.offsets.value(k, -1));
                // Each further query to a cluster that did not answer this one would wait out its own timeout.
                noAnswer = !topicEnds.complete;
            }
            p.end = ends.value(key);
            if (p.end >= 0 && p.committed >= 0) {
                p.lag = std::max<qint64>(0, p.end - p.committed);
                g.totalLag += p.lag;
            }
            g.partitions.append(p);
        }
        rd_kafka_topic_partition_list_destroy(offsets);
        releaseKafkaHandle(reader);
    }
    rd_kafka_topic_partition_list_destroy(all);
    return groups;
}

} // namespace ensemble
