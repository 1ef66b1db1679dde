#include "KafkaConsumer.h"

#include "KafkaAdmin.h"
#include "KafkaConf.h"
#include "KafkaHandleRelease.h"

#include <QElapsedTimer>
#include <QJsonArray>

#include <librdkafka/rdkafka.h>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

QJsonValue bytesJson(const QByteArray &bytes)
{
    return bytes.isNull() ? QJsonValue() : QJsonValue(QString::fromUtf8(bytes));
}
} // namespace

QJsonObject ConsumedMessage::toJson() const
{
    QJsonObject h;
    for (const auto &[name, value] : headers)
        h.insert(QString::fromUtf8(name), bytesJson(value));
    return QJsonObject{{u"partition"_s, partition}, {u"offset"_s, offset},          {u"timestamp"_s, timestampMs},
                       {u"key"_s, bytesJson(key)},  {u"value"_s, bytesJson(value)}, {u"headers"_s, h}};
}

Expected<QList<ConsumedMessage>> KafkaConsumer::consume(const ConsumeRequest &request,
                                                        const std::function<void(const ConsumedMessage &)> &onMessage)
{
    if (request.max < 0)
        return Error::badInput(u"-n must be 0 (no limit) or more"_s);
    if (request.offset >= 0 && request.fromTimestampMs >= 0)
        return Error::badInput(u"start at an offset or at a timestamp, not both"_s);
    if (!request.group.isEmpty() && (request.partition >= 0 || request.offset >= 0 || request.fromTimestampMs >= 0))
        return Error::badInput(u"a consumer group reads where it left off, on the partitions its coordinator assigns: "
                               "drop --partition/--offset/--from-timestamp, or drop --group"_s);
    int partitions = 0;
    {
        KafkaAdmin admin(m_bootstrap);
        auto md = admin.metadataOfExisting(request.topic, 5000);
        if (!md)
            return md.error();
        partitions = int(md->topics.value(0).partitions.size());
        if (request.partition >= partitions)
            return Error::badInput(u"topic '%1' has partitions 0-%2; there is no partition %3"_s.arg(request.topic)
                                       .arg(partitions - 1)
                                       .arg(request.partition));
    }

    rd_kafka_conf_t *conf = newKafkaConf(m_bootstrap, "ensemble-consumer");
    char err[512];
    const QByteArray topic = request.topic.toUtf8();
    if (!request.group.isEmpty()) {
        if (rd_kafka_conf_set(conf, "group.id", request.group.toUtf8().constData(), err, sizeof err) !=
            RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return Error::badInput(u"bad consumer group name '%1': %2"_s.arg(request.group, QString::fromUtf8(err)));
        }
        // Commit what was handed out every second, and once more when closing, so the group's lag is current.
        rd_kafka_conf_set(conf, "auto.commit.interval.ms", "1000", err, sizeof err);
        rd_kafka_conf_set(conf, "auto.offset.reset", request.fromBeginning ? "earliest" : "latest", err, sizeof err);
    } else {
        rd_kafka_conf_set(conf, "group.id", "ensemble-cli", err, sizeof err); // never joined: partitions are assigned
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
    }
    rd_kafka_conf_set(conf, "enable.partition.eof", "false", err, sizeof err);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) {
        rd_kafka_conf_destroy(conf); // kept by rd_kafka_new only when it succeeds
        return Error::runtime(u"cannot create a Kafka consumer: "_s + QString::fromUtf8(err));
    }

    if (!request.group.isEmpty()) {
        rd_kafka_topic_partition_list_t *subscription = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(subscription, topic.constData(), RD_KAFKA_PARTITION_UA);
        const rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, subscription);
        rd_kafka_topic_partition_list_destroy(subscription);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_destroy(rk);
            return Error::runtime(
                u"cannot join group '%1': %2"_s.arg(request.group, QString::fromUtf8(rd_kafka_err2str(e))));
        }
    } else if (auto s = assignPartitions(rk, request, topic, partitions); !s) {
        rd_kafka_destroy(rk);
        return s.error();
    }
    return readMessages(rk, request, onMessage);
}

Status KafkaConsumer::assignPartitions(rd_kafka_s *rk, const ConsumeRequest &request, const QByteArray &topic,
                                       int partitions)
{
    rd_kafka_topic_partition_list_t *assignment = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p) {
        if (request.partition >= 0 && p != request.partition)
            continue;
        qint64 start = request.fromBeginning ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
        if (request.offset >= 0)
            start = request.offset;
        else if (request.fromTimestampMs >= 0)
            start = request.fromTimestampMs; // replaced by the offset for that time below
        rd_kafka_topic_partition_list_add(assignment, topic.constData(), p)->offset = start;
    }
    if (request.fromTimestampMs >= 0) {
        // The broker answers with the first offset at or after the time, or -1 (the end) when there is none.
        const rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(rk, assignment, 10000);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_topic_partition_list_destroy(assignment);
            return Error::runtime(u"cannot find the offsets of '%1' at %2: %3"_s.arg(request.topic)
                                      .arg(request.fromTimestampMs)
                                      .arg(QString::fromUtf8(rd_kafka_err2str(e))));
        }
        for (int i = 0; i < assignment->cnt; ++i)
            if (assignment->elems[i].offset < 0)
                assignment->elems[i].offset = RD_KAFKA_OFFSET_END;
    }
    rd_kafka_assign(rk, assignment);
    rd_kafka_topic_partition_list_destroy(assignment);
    return ok();
}

Expected<QList<ConsumedMessage>>
KafkaConsumer::readMessages(rd_kafka_s *rk, const ConsumeRequest &request,
                            const std::function<void(const ConsumedMessage &)> &onMessage)
{
    QList<ConsumedMessage> out;
    QString error;
    QString lastProblem;
    QElapsedTimer timer;
    timer.start();
    qint64 received = 0;
    while ((request.max == 0 || received < request.max) &&
           (request.timeoutMs <= 0 || timer.elapsed() < request.timeoutMs) &&
           !(request.cancel && request.cancel->load())) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, 100);
        if (!msg) {
            if (request.onIdle)
                request.onIdle();
            continue;
        }
        if (msg->err) {
            if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                const QString text = QString::fromUtf8(rd_kafka_message_errstr(msg));
                if (error.isEmpty())
                    error = text;
                if (request.onProblem && text != lastProblem)
                    request.onProblem(text);
                lastProblem = text;
            }
            rd_kafka_message_destroy(msg);
            continue;
        }
        lastProblem.clear();
        ConsumedMessage m;
        m.partition = msg->partition;
        m.offset = msg->offset;
        m.timestampMs = rd_kafka_message_timestamp(msg, nullptr);
        if (msg->key)
            m.key = QByteArray(static_cast<const char *>(msg->key), qsizetype(msg->key_len));
        m.value =
            msg->payload ? QByteArray(static_cast<const char *>(msg->payload), qsizetype(msg->len)) : QByteArray("");
        rd_kafka_headers_t *headers = nullptr;
        if (rd_kafka_message_headers(msg, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const char *name = nullptr;
            const void *value = nullptr;
            size_t size = 0;
            for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
                 ++i)
                m.headers.append({QByteArray(name), value
                                                        ? QByteArray(static_cast<const char *>(value), qsizetype(size))
                                                        : QByteArray()});
        }
        rd_kafka_message_destroy(msg);
        if (onMessage)
            onMessage(m);
        ++received;
        if (request.collect)
            out.append(m);
    }
    releaseKafkaHandle(rk, true);
    if (received == 0 && !error.isEmpty())
        return Error::runtime(u"reading '%1' failed: %2"_s.arg(request.topic, error));
    return out;
}

} // namespace ensemble
