#include "KafkaProducer.h"

#include "KafkaAdmin.h"
#include "KafkaConf.h"
#include "KafkaHandleRelease.h"
#include "Percentile.h"

#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <random>

#include <librdkafka/rdkafka.h>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// A run that goes on until it is stopped keeps a uniform sample of this many latencies (1.6 MB), not all of them.
constexpr size_t kMaxLatencySamples = 200'000;

struct Tracking
{
    ProduceReport *report = nullptr;
    const std::function<void(const DeliveryResult &)> *onDelivery = nullptr;
    std::minstd_rand random{20261125};
    quint64 latenciesSeen = 0;

    void addLatency(qint64 us)
    {
        std::vector<qint64> &all = report->latenciesUs;
        ++latenciesSeen;
        if (all.size() < kMaxLatencySamples) {
            all.push_back(us);
            return;
        }
        // Reservoir sampling: every latency seen so far stays in the sample with the same probability.
        const quint64 slot = quint64(random()) % latenciesSeen;
        if (slot < kMaxLatencySamples)
            all[size_t(slot)] = us;
    }
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *msg, void *opaque)
{
    auto *tracking = static_cast<Tracking *>(opaque);
    ProduceReport *report = tracking->report;
    const auto index = size_t(reinterpret_cast<intptr_t>(msg->_private));
    // From the producev() call to this report, measured by librdkafka (microseconds).
    const qint64 latencyUs = rd_kafka_message_latency(msg);
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++report->acked;
        ++report->perPartition[msg->partition];
        if (latencyUs >= 0)
            tracking->addLatency(latencyUs);
    } else {
        ++report->failed;
        if (report->firstError.isEmpty())
            report->firstError = QString::fromUtf8(rd_kafka_err2str(msg->err));
    }
    if (tracking->onDelivery && *tracking->onDelivery) {
        DeliveryResult d;
        d.seq = qint64(index);
        d.partition = msg->partition;
        d.offset = msg->err ? -1 : msg->offset;
        d.latencyMs = double(std::max<qint64>(latencyUs, 0)) / 1000.0;
        if (msg->err)
            d.error = QString::fromUtf8(rd_kafka_err2str(msg->err));
        (*tracking->onDelivery)(d);
    }
}
} // namespace

double ProduceReport::latencyPercentileMs(double p) const
{
    std::vector<qint64> copy = latenciesUs;
    return percentileOf(copy, p) / 1000.0;
}

Expected<ProduceReport> KafkaProducer::produce(const ProduceRequest &request)
{
    if (request.acks != u"0" && request.acks != u"1" && request.acks != u"all" && request.acks != u"-1")
        return Error::badInput(u"--acks must be 0, 1 or all, not '%1'"_s.arg(request.acks));
    if (request.count < 1 && !request.untilCancelled)
        return Error::badInput(u"the message count must be at least 1"_s);
    static const QStringList kCompressions{u""_s, u"none"_s, u"gzip"_s, u"snappy"_s, u"lz4"_s, u"zstd"_s};
    if (!kCompressions.contains(request.compression))
        return Error::badInput(
            u"compression must be none, gzip, snappy, lz4 or zstd, not '%1'"_s.arg(request.compression));
    {
        KafkaAdmin admin(m_bootstrap);
        auto md = admin.metadataOfExisting(request.topic, 5000);
        if (!md)
            return md.error();
        const int partitions = int(md->topics.value(0).partitions.size());
        if (request.partition >= partitions)
            return Error::badInput(u"topic '%1' has partitions 0-%2; there is no partition %3"_s.arg(request.topic)
                                       .arg(partitions - 1)
                                       .arg(request.partition));
    }

    ProduceReport report;
    rd_kafka_conf_t *conf = newKafkaConf(m_bootstrap, "ensemble-producer");
    char err[512];
    auto set = [&](const char *key, const QByteArray &value) {
        return rd_kafka_conf_set(conf, key, value.constData(), err, sizeof err) == RD_KAFKA_CONF_OK;
    };
    set("acks", request.acks.toLatin1());
    set("message.timeout.ms", QByteArray::number(request.timeoutMs));
    set("linger.ms", "5");
    if (request.acks == u"all" || request.acks == u"-1")
        set("enable.idempotence", "true"); // no duplicates when a leader moves mid-batch
    if (!request.compression.isEmpty())
        set("compression.codec", request.compression.toLatin1());
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    Tracking tracking;
    tracking.report = &report;
    tracking.onDelivery = &request.onDelivery;
    if (!request.untilCancelled)
        report.latenciesUs.reserve(std::min(size_t(request.count), kMaxLatencySamples));
    rd_kafka_conf_set_opaque(conf, &tracking);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        rd_kafka_conf_destroy(conf); // kept by rd_kafka_new only when it succeeds
        return Error::runtime(u"cannot create a Kafka producer: "_s + QString::fromUtf8(err));
    }

    const QByteArray topic = request.topic.toUtf8();
    {
        // Connect and learn the partition leaders before the first send, as the Java producer's first send()
        // does, so the first messages' latencies measure the brokers, not this client's start-up.
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic.constData(), nullptr);
        const rd_kafka_metadata_t *md = nullptr;
        if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR)
            rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(rkt);
    }
    QElapsedTimer timer;
    timer.start();
    ProducedMessage message{request.key, request.value, request.headers};
    for (qint64 i = 0; request.untilCancelled || i < request.count; ++i) {
        if (request.cancel && request.cancel->load())
            break;
        if (request.ratePerSecond > 0) {
            // Paced: message i is due at i / rate seconds; serve delivery reports while waiting.
            const qint64 dueNs = qint64(i) * 1'000'000'000 / request.ratePerSecond;
            while (timer.nsecsElapsed() < dueNs && !(request.cancel && request.cancel->load()))
                rd_kafka_poll(rk, int(std::clamp<qint64>((dueNs - timer.nsecsElapsed()) / 1'000'000, 0, 10)));
        }
        if (request.messageFor)
            request.messageFor(i, message);
        rd_kafka_headers_t *headers = nullptr;
        if (!message.headers.isEmpty()) {
            headers = rd_kafka_headers_new(message.headers.size());
            for (const auto &[name, value] : message.headers)
                rd_kafka_header_add(headers, name.constData(), name.size(), value.constData(), value.size());
        }
        rd_kafka_resp_err_t e;
        do {
            e = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(topic.constData()),
                RD_KAFKA_V_PARTITION(request.partition < 0 ? RD_KAFKA_PARTITION_UA : request.partition),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_KEY(message.key.isNull() ? nullptr : message.key.constData(), size_t(message.key.size())),
                RD_KAFKA_V_VALUE(const_cast<char *>(message.value.constData()), size_t(message.value.size())),
                RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(reinterpret_cast<void *>(intptr_t(i))), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                rd_kafka_poll(rk, 50);
        } while (e == RD_KAFKA_RESP_ERR__QUEUE_FULL);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (headers)
                rd_kafka_headers_destroy(headers);
            ++report.failed;
            if (report.firstError.isEmpty())
                report.firstError = QString::fromUtf8(rd_kafka_err2str(e));
            if (request.onDelivery)
                request.onDelivery(DeliveryResult{i, request.partition, -1, 0, QString::fromUtf8(rd_kafka_err2str(e))});
            continue;
        }
        ++report.sent;
        rd_kafka_poll(rk, 0);
    }
    if (request.cancel && request.cancel->load()) {
        // Stopped: what is in flight gets a few seconds to be acknowledged (a live cluster needs milliseconds);
        // the rest is given up and reported as failed, so stopping never waits for message.timeout.ms.
        rd_kafka_flush(rk, 5000);
        if (rd_kafka_outq_len(rk) > 0) {
            rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
            rd_kafka_flush(rk, 1000);
        }
    } else {
        rd_kafka_flush(rk, request.timeoutMs + 5000);
    }
    report.elapsedMs = timer.elapsed();
    releaseKafkaHandle(rk);
    return report;
}

} // namespace ensemble
