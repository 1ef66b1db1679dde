#include "FailoverDrill.h"

#include "KafkaAdmin.h"
#include "KafkaConf.h"
#include "KafkaHandleRelease.h"
#include "PartitionOffsets.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QThread>

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

struct Delivery
{
    std::mutex mutex;
    QSet<qint64> acked;
    DeliveryTally tally;
    QElapsedTimer clock;
    const std::function<void(const DeliveryResult &)> *forward = nullptr; // the optional hook
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *msg, void *opaque)
{
    auto *d = static_cast<Delivery *>(opaque);
    const qint64 seq = qint64(reinterpret_cast<intptr_t>(msg->_private));
    DeliveryResult r;
    r.seq = seq;
    r.partition = msg->partition;
    r.offset = msg->err ? -1 : msg->offset;
    const int64_t latencyUs = rd_kafka_message_latency(msg);
    r.latencyMs = latencyUs >= 0 ? double(latencyUs) / 1000.0 : 0.0;
    if (msg->err)
        r.error = QString::fromUtf8(rd_kafka_err2str(msg->err));
    {
        std::lock_guard lock(d->mutex);
        if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR)
            d->acked.insert(seq);
        d->tally.add(r, d->clock.elapsed());
    }
    if (d->forward && *d->forward)
        (*d->forward)(r);
}

QList<QJsonObject> partitionsOf(const QJsonObject &status, const QString &topic)
{
    QList<QJsonObject> out;
    for (const QJsonValue &t : status.value(u"topics"_s).toArray())
        if (t.toObject().value(u"name"_s).toString() == topic)
            for (const QJsonValue &p : t.toObject().value(u"partitions"_s).toArray())
                out.append(p.toObject());
    return out;
}

} // namespace

QJsonObject DrillReport::toJson() const
{
    QJsonArray s;
    for (const DrillStep &step : steps)
        s.append(QJsonObject{{u"at_ms"_s, step.atMs}, {u"what"_s, step.what}});
    QJsonObject o{{u"topic"_s, topic},     {u"attempted"_s, attempted},   {u"acknowledged"_s, acknowledged},
                  {u"failed"_s, failed},   {u"refused"_s, refused},       {u"timed_out"_s, timedOut},
                  {u"unknown"_s, unknown}, {u"failing_ms"_s, failingMs},  {u"consumed"_s, consumed},
                  {u"lost"_s, lost},       {u"duplicated"_s, duplicated}, {u"elapsed_ms"_s, elapsedMs},
                  {u"steps"_s, s}};
    for (auto it = faults.constBegin(); it != faults.constEnd(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

Expected<DrillReport> FailoverDrill::run()
{
    QElapsedTimer clock;
    clock.start();
    DrillReport report;
    auto say = [&](const QString &what) {
        report.steps.append({clock.elapsed(), what});
        if (m_hooks.progress)
            m_hooks.progress(what);
    };
    auto status = m_hooks.status();
    if (!status)
        return status.error();
    int brokers = 0;
    for (const QJsonValue &n : status->value(u"nodes"_s).toArray())
        brokers += n.toObject().value(u"kind"_s).toString() == u"broker";
    if (brokers < 3)
        return Error::badInput(u"the drill needs at least 3 brokers (replication factor 3, min.insync.replicas=2); "
                               "this cluster has %1"_s.arg(brokers));

    report.topic = u"ensemble-drill-%1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    // Deletes the drill topic, each try through a new connection: an older one may still take a killed broker for
    // the controller (librdkafka 2.0 answers "Not controller for cluster" instead of asking again), and right
    // after a kill there may be no controller for a few seconds. Tries for up to 20 s while the cluster answers;
    // a topic already marked for deletion counts as deleted.
    auto dropTopic = [this](const QString &name) -> Status {
        QElapsedTimer trying;
        trying.start();
        for (;;) {
            Status s = KafkaAdmin(m_bootstrap).deleteTopic(name, 5000);
            if (s || s.error().message.contains(u"marked for deletion"_s))
                return ok();
            if (trying.elapsed() > 20000 || !m_hooks.status())
                return s;
            QThread::msleep(1000);
        }
    };
    KafkaAdmin admin(m_bootstrap);
    TopicSpec topic{report.topic, 3, 3, {{u"min.insync.replicas"_s, u"2"_s}}};
    if (auto s = admin.createTopic(topic, 15000); !s)
        return s.error();
    say(u"created topic %1 (3 partitions, replication factor 3, min.insync.replicas=2)"_s.arg(report.topic));

    // Wait until the topic is fully replicated, so the first kill finds every partition in sync.
    auto waitFor = [&](const std::function<bool(const QJsonObject &)> &pred, int timeoutMs) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs && !cancelled()) {
            if (auto s = m_hooks.status(); s && pred(*s))
                return true;
            QThread::msleep(200);
        }
        return false;
    };
    auto fullyInSync = [&](const QJsonObject &s) {
        const QList<QJsonObject> parts = partitionsOf(s, report.topic);
        if (parts.size() != 3)
            return false;
        for (const QJsonObject &p : parts)
            if (p.value(u"leader"_s).toInt(-1) < 0 || p.value(u"isr"_s).toArray().size() != 3)
                return false;
        for (const QJsonValue &n : s.value(u"nodes"_s).toArray())
            if (n.toObject().value(u"state"_s).toString() != u"up")
                return false;
        return true;
    };
    const Error cancelledError = Error::runtime(u"the drill was cancelled"_s);
    if (!waitFor(fullyInSync, 60000)) {
        (void)dropTopic(report.topic);
        if (cancelled())
            return cancelledError;
        return Error::runtime(
            u"the drill topic never became fully in sync — is every broker up? (`ensemble status`)"_s);
    }

    // The producer: its own thread, one message per tick, idempotent so retries during failover add no duplicates.
    Delivery delivery;
    delivery.clock.start();
    delivery.forward = &m_hooks.onDelivery;
    rd_kafka_conf_t *conf = newKafkaConf(m_bootstrap, "ensemble-drill");
    char err[512];
    rd_kafka_conf_set(conf, "acks", "all", err, sizeof err);
    rd_kafka_conf_set(conf, "enable.idempotence", "true", err, sizeof err);
    rd_kafka_conf_set(conf, "message.timeout.ms", "60000", err, sizeof err);
    rd_kafka_conf_set(conf, "linger.ms", "5", err, sizeof err);
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_opaque(conf, &delivery);
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!producer) {
        rd_kafka_conf_destroy(conf); // rd_kafka_new keeps the configuration only when it succeeds
        (void)dropTopic(report.topic);
        return Error::runtime(u"cannot create the drill's producer: "_s + QString::fromUtf8(err));
    }
    std::atomic<bool> producing{true};
    std::atomic<qint64> attempted{0};
    const QByteArray topicName = report.topic.toUtf8();
    const int rate = std::max(1, ratePerSecond);
    std::thread producerThread([&] {
        QElapsedTimer t;
        t.start();
        qint64 seq = 0;
        qint64 lastSentReport = 0;
        while (producing) {
            const qint64 due = t.elapsed() * rate / 1000;
            while (seq < due && producing) {
                const QByteArray value = "drill-" + QByteArray::number(seq);
                const rd_kafka_resp_err_t e = rd_kafka_producev(
                    producer, RD_KAFKA_V_TOPIC(topicName.constData()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                    RD_KAFKA_V_KEY(value.constData(), size_t(value.size())),
                    RD_KAFKA_V_VALUE(const_cast<char *>(value.constData()), size_t(value.size())),
                    RD_KAFKA_V_OPAQUE(reinterpret_cast<void *>(intptr_t(seq))), RD_KAFKA_V_END);
                if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                    break;
                ++seq;
                attempted = seq;
            }
            rd_kafka_poll(producer, 10);
            if (m_hooks.onSent && t.elapsed() - lastSentReport >= 250) {
                lastSentReport = t.elapsed();
                m_hooks.onSent(seq);
            }
        }
        // Everything sent gets its delivery report (up to message.timeout.ms), unless the drill is cancelled:
        // then nothing will be read back, and what is still queued is given up.
        QElapsedTimer flushing;
        flushing.start();
        while (rd_kafka_outq_len(producer) > 0 && !cancelled() && flushing.elapsed() < 90000)
            rd_kafka_flush(producer, 500);
        if (cancelled()) {
            rd_kafka_purge(producer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
            rd_kafka_flush(producer, 1000);
        }
        if (m_hooks.onSent)
            m_hooks.onSent(seq);
    });

    // Sleeps MS, waking early when the drill is cancelled.
    auto pause = [&](int ms) {
        for (int slept = 0; slept < ms && !cancelled(); slept += 100)
            QThread::msleep(100);
    };
    QString failure;
    QString down; // a broker this drill killed and has not restarted yet
    if (faultPhase) {
        DrillFaultContext context;
        context.topic = report.topic;
        context.status = m_hooks.status;
        context.act = m_hooks.act;
        context.fault = m_hooks.fault;
        context.say = say;
        context.pause = pause;
        context.waitFor = waitFor;
        context.waitInSync = [&](int ms) { return waitFor(fullyInSync, ms); };
        context.cancelled = [this] { return cancelled(); };
        context.sent = [&] { return attempted.load(); };
        failure = faultPhase(context, &report.faults);
    }
    for (int k = 0; k < kills && failure.isEmpty() && !cancelled() && !faultPhase; ++k) {
        pause(2000);
        if (cancelled())
            break;
        auto s = m_hooks.status();
        if (!s) {
            failure = s.error().message;
            break;
        }
        // The leader of partition k % 3, or of any partition that has one.
        const QList<QJsonObject> parts = partitionsOf(*s, report.topic);
        int target = k % 3;
        for (int i = 0; i < parts.size() && parts.value(target).value(u"leader"_s).toInt(-1) < 0; ++i)
            target = i;
        const int leader = parts.value(target).value(u"leader"_s).toInt(-1);
        if (leader < 0) {
            failure = u"no partition of %1 has a leader to kill"_s.arg(report.topic);
            break;
        }
        QString victim; // the broker node with that id (node names come from the cluster file)
        for (const QJsonValue &n : s->value(u"nodes"_s).toArray())
            if (n.toObject().value(u"kind"_s).toString() == u"broker" &&
                n.toObject().value(u"id"_s).toInt(-2) == leader)
                victim = n.toObject().value(u"name"_s).toString();
        if (victim.isEmpty()) {
            failure =
                u"broker %1 leads %2-%3 but is not a node of this cluster"_s.arg(leader).arg(report.topic).arg(target);
            break;
        }
        down = victim; // from here on, whatever happens, the cleanup starts it again
        if (auto r = m_hooks.act(u"kill"_s, victim); !r) {
            failure = r.error().message;
            break;
        }
        say(u"killed %1, leader of %2-%3 (%4 messages sent so far)"_s.arg(victim, report.topic)
                .arg(target)
                .arg(attempted.load()));
        const bool moved = waitFor(
            [&](const QJsonObject &st) {
                for (const QJsonObject &p : partitionsOf(st, report.topic))
                    if (p.value(u"leader"_s).toInt(-1) < 0 || p.value(u"leader"_s).toInt() == leader)
                        return false;
                return true;
            },
            60000);
        if (cancelled())
            break;
        say(moved ? u"every partition has a new leader"_s : u"leadership did not move within 60 s"_s);
        pause(2000);
        if (auto r = m_hooks.act(u"start"_s, victim); !r) {
            failure = r.error().message;
            break;
        }
        down.clear();
        say(u"restarted %1"_s.arg(victim));
        if (!waitFor(fullyInSync, 90000))
            say(u"%1 did not rejoin every ISR within 90 s"_s.arg(victim));
        else
            say(u"%1 is back in every ISR"_s.arg(victim));
    }
    pause(2000);
    producing = false;
    producerThread.join();
    releaseKafkaHandle(producer);
    say(u"stopped producing after %1 messages"_s.arg(attempted.load()));
    if (!down.isEmpty()) { // cancelled (or failed) between a kill and its restart: leave the cluster as found
        // Cancelled right after the kill, the killed JVM may not be reaped yet: the engine starts it once it is.
        const auto r = m_hooks.act(u"start"_s, down);
        if (r)
            say(u"restarted %1"_s.arg(down));
        else
            say(u"could not restart %1: %2"_s.arg(down, r.error().message));
    }
    if (!failure.isEmpty() || cancelled()) {
        (void)dropTopic(report.topic);
        return failure.isEmpty() ? cancelledError : Error::runtime(u"the drill was interrupted: "_s + failure);
    }

    // Read everything back, up to each partition's high watermark.
    rd_kafka_conf_t *cconf = newKafkaConf(m_bootstrap, "ensemble-drill");
    rd_kafka_conf_set(cconf, "group.id", "ensemble-drill", err, sizeof err);
    rd_kafka_conf_set(cconf, "enable.auto.commit", "false", err, sizeof err);
    rd_kafka_conf_set(cconf, "isolation.level", "read_committed", err, sizeof err);
    rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, cconf, err, sizeof err);
    if (!consumer) {
        rd_kafka_conf_destroy(cconf);
        (void)dropTopic(report.topic);
        return Error::runtime(u"cannot create the drill's consumer: "_s + QString::fromUtf8(err));
    }
    qint64 high[3] = {0, 0, 0};
    rd_kafka_topic_partition_list_t *assignment = rd_kafka_topic_partition_list_new(3);
    const TopicPartitionOffsets ends = partitionOffsets(consumer, topicName, 3, OffsetEnd::End, 10000);
    for (int p = 0; p < 3; ++p) {
        high[p] = qMax<qint64>(0, ends.offsets[p]);
        rd_kafka_topic_partition_list_add(assignment, topicName.constData(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(consumer, assignment);
    rd_kafka_topic_partition_list_destroy(assignment);
    QHash<qint64, int> seen;
    qint64 next[3] = {0, 0, 0};
    // Bounded by silence, not by a total: a 30-minute soak has ~2 million messages to read back, more than a loaded
    // machine reads in any fixed time; a read-back that gets nothing for 30 s has stopped.
    QElapsedTimer idle;
    idle.start();
    while ((next[0] < high[0] || next[1] < high[1] || next[2] < high[2]) && idle.elapsed() < 30000 && !cancelled()) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(consumer, 200);
        if (!msg)
            continue;
        if (!msg->err && msg->partition >= 0 && msg->partition < 3) {
            idle.restart(); // a message, not an error event (those repeat while no broker answers)
            next[msg->partition] = msg->offset + 1;
            const QByteArray value(static_cast<const char *>(msg->payload), qsizetype(msg->len));
            if (value.startsWith("drill-"))
                ++seen[value.mid(6).toLongLong()];
            ++report.consumed;
        }
        rd_kafka_message_destroy(msg);
    }
    releaseKafkaHandle(consumer, true);
    if (const qint64 unread = qMax<qint64>(0, high[0] - next[0]) + qMax<qint64>(0, high[1] - next[1]) +
                              qMax<qint64>(0, high[2] - next[2]);
        unread > 0)
        say(u"the read-back stopped %1 offsets short of the end (nothing came for 30 s): what was not read counts as "
            "lost"_s.arg(unread));
    if (cancelled()) {
        (void)dropTopic(report.topic);
        return cancelledError;
    }

    report.attempted = attempted;
    {
        std::lock_guard lock(delivery.mutex);
        // Counted from the reports themselves, so the figures add up: sent = acknowledged + refused + timed out +
        // unknown (an idempotent producer reports each message once).
        delivery.tally.setSent(report.attempted);
        report.acknowledged = delivery.tally.acknowledged();
        report.refused = delivery.tally.refused();
        report.timedOut = delivery.tally.timedOut();
        report.unknown = delivery.tally.unknown();
        report.failed = report.refused + report.timedOut + report.unknown;
        report.failingMs = delivery.tally.failingMs();
        for (qint64 seq : std::as_const(delivery.acked))
            if (!seen.contains(seq))
                ++report.lost;
    }
    for (auto it = seen.cbegin(); it != seen.cend(); ++it)
        report.duplicated += it.value() - 1;
    report.elapsedMs = clock.elapsed();
    say(u"delivery reports: %1 acknowledged, %2 refused, %3 timed out, %4 unknown of %5 sent; writes failing for "
        "%6 s"_s.arg(report.acknowledged)
            .arg(report.refused)
            .arg(report.timedOut)
            .arg(report.unknown)
            .arg(report.attempted)
            .arg(double(report.failingMs) / 1000.0, 0, 'f', 1));
    say(u"read back %1 messages: %2 lost, %3 duplicated"_s.arg(report.consumed)
            .arg(report.lost)
            .arg(report.duplicated));
    if (auto s = dropTopic(report.topic); !s)
        say(u"could not delete %1: %2"_s.arg(report.topic, s.error().message));
    return report;
}

} // namespace ensemble
