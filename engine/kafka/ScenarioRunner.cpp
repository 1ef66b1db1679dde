#include "ScenarioRunner.h"

#include "KafkaAdmin.h"
#include "KafkaConf.h"
#include "KafkaHandleRelease.h"
#include "PartitionOffsets.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QThread>

#include <librdkafka/rdkafka.h>

#include <mutex>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

QJsonArray nodesOf(const QJsonObject &status)
{
    return status.value(u"nodes"_s).toArray();
}

QJsonObject partitionOf(const QJsonObject &status, const QString &topic, int partition)
{
    for (const QJsonValue &t : status.value(u"topics"_s).toArray())
        if (t.toObject().value(u"name"_s).toString() == topic)
            for (const QJsonValue &p : t.toObject().value(u"partitions"_s).toArray())
                if (p.toObject().value(u"partition"_s).toInt(-1) == partition)
                    return p.toObject();
    return {};
}

QString brokerName(const QJsonObject &status, int id)
{
    for (const QJsonValue &n : nodesOf(status))
        if (n.toObject().value(u"kind"_s).toString() == u"broker" && n.toObject().value(u"id"_s).toInt(-2) == id)
            return n.toObject().value(u"name"_s).toString();
    return {};
}

// A string field of NODE's entry in a status ("state", "role").
QString nodeField(const QJsonObject &status, const QString &node, const QString &key)
{
    for (const QJsonValue &n : nodesOf(status))
        if (n.toObject().value(u"name"_s).toString() == node)
            return n.toObject().value(key).toString();
    return {};
}

QString stateOf(const QJsonObject &status, const QString &node)
{
    return nodeField(status, node, u"state"_s);
}

QString roleOf(const QJsonObject &status, const QString &node)
{
    return nodeField(status, node, u"role"_s);
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1) + u" s"_s;
}

struct Ledger
{
    std::mutex mutex;
    QList<qint64> acked;
    qint64 failed = 0;
    QString firstError; // rd_kafka_err2name of the first failure
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *msg, void *opaque)
{
    auto *l = static_cast<Ledger *>(opaque);
    std::lock_guard lock(l->mutex);
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        l->acked.append(qint64(reinterpret_cast<intptr_t>(msg->_private)));
    } else {
        ++l->failed;
        if (l->firstError.isEmpty())
            l->firstError = QString::fromUtf8(rd_kafka_err2name(msg->err));
    }
}

} // namespace

QJsonObject ScenarioReport::toJson() const
{
    QJsonArray s;
    for (const ScenarioStepResult &r : steps)
        s.append(QJsonObject{{u"step"_s, r.index},
                             {u"kind"_s, r.kind},
                             {u"text"_s, r.text},
                             {u"ok"_s, r.ok},
                             {u"seen"_s, r.seen},
                             {u"at_ms"_s, r.startMs},
                             {u"elapsed_ms"_s, r.elapsedMs}});
    QJsonObject o{{u"scenario"_s, scenario},
                  {u"passed"_s, passed},
                  {u"topic"_s, topic},
                  {u"acknowledged"_s, acknowledged},
                  {u"elapsed_ms"_s, elapsedMs},
                  {u"restored"_s, QJsonArray::fromStringList(restored)},
                  {u"steps"_s, s}};
    if (lost >= 0)
        o.insert(u"lost"_s, lost);
    if (!passed)
        o.insert(u"failed_step"_s, failedStep), o.insert(u"failure"_s, failure);
    return o;
}

QString ScenarioRunner::unavailableReason(const Scenario &scenario)
{
    QStringList missing;
    for (const QString &need : scenario.needs())
        if (!capabilities().contains(need))
            missing << (need == u"kraft" ? u"needs KRaft mode (not available yet)"_s
                                         : u"needs network faults (not available yet)"_s);
    return missing.join(u"; "_s);
}

void ScenarioRunner::say(const QString &line) const
{
    if (m_hooks.narrate)
        m_hooks.narrate(line);
}

Expected<QString> ScenarioRunner::resolve(const QString &selector, const QJsonObject &status) const
{
    const QString kind = selector.section(u' ', 0, 0);
    if (kind == u"it") {
        if (m_it.isEmpty())
            return Error::runtime(u"`it` names the node of the latest node action, and there was none yet"_s);
        return m_it;
    }
    if (kind == u"stopped") { // the earliest node this lesson stopped or killed that is still down
        if (m_down.isEmpty())
            return Error::runtime(u"the lesson has stopped no node that is still down"_s);
        return m_down.first();
    }
    if (!kind.startsWith(u"partition"_s) &&
        (kind.endsWith(u"-leader"_s) || kind.endsWith(u"-follower"_s))) { // zookeeper-* or quorum-*
        const QString want = kind.endsWith(u"-leader"_s) ? u"leader"_s : u"follower"_s;
        for (const QJsonValue &n : nodesOf(status))
            if (n.toObject().value(u"kind"_s).toString() == u"coordinator" &&
                n.toObject().value(u"role"_s).toString() == want &&
                !m_down.contains(n.toObject().value(u"name"_s).toString()))
                return n.toObject().value(u"name"_s).toString();
        return Error::runtime(u"no quorum server is %1 now"_s.arg(want));
    }
    if (kind == u"controller") {
        const QString name = brokerName(status, status.value(u"controller"_s).toInt(-1));
        if (name.isEmpty())
            return Error::runtime(u"the cluster has no controller now"_s);
        return name;
    }
    if (kind == u"partition-leader" || kind == u"partition-follower") {
        const QString ref = selector.section(u' ', 1);
        const int p = ref.section(u'-', -1).toInt();
        const QJsonObject part = partitionOf(status, m_topic, p);
        const int leader = part.value(u"leader"_s).toInt(-1);
        if (kind == u"partition-leader") {
            if (leader < 0)
                return Error::runtime(u"partition %1 has no leader now"_s.arg(ref));
            return brokerName(status, leader);
        }
        // A follower that is up, from the ISR first (the one whose loss matters), then any replica.
        for (const char *set : {"isr", "replicas"})
            for (const QJsonValue &id : part.value(QLatin1StringView(set)).toArray())
                if (id.toInt() != leader && stateOf(status, brokerName(status, id.toInt())) == u"up" &&
                    !m_down.contains(brokerName(status, id.toInt())) && // a clean stop takes a while
                    !m_paused.contains(brokerName(status, id.toInt())))
                    return brokerName(status, id.toInt());
        return Error::runtime(u"partition %1 has no follower that is up"_s.arg(ref));
    }
    if (stateOf(status, selector).isEmpty())
        return Error::badInput(u"the cluster has no node '%1' — see `ensemble status`"_s.arg(selector));
    return selector;
}

QString ScenarioRunner::runAction(const ScenarioStep &step, bool *ok)
{
    *ok = true;
    const QString &v = step.verb;
    if (v == u"wait") {
        for (int slept = 0; slept < step.durationMs && !cancelled(); slept += 100)
            QThread::msleep(100);
        return u"waited "_s + seconds(step.durationMs);
    }
    if (v == u"produce") {
        QString error;
        return produce(step.acks, step.rate, step.durationMs, false, &error);
    }
    if (v == u"consume") {
        QString seen;
        countLost(&seen);
        return seen;
    }
    if (v == u"restore") {
        ScenarioReport restored;
        restore(restored, false);
        return restored.restored.isEmpty() ? u"nothing to restore"_s : restored.restored.join(u", "_s);
    }
    auto status = m_hooks.status();
    if (!status) {
        *ok = false;
        return status.error().message;
    }
    m_base = *status;
    if (v == u"isolate" || v == u"partition" || v == u"slow" || v == u"heal")
        return runNetworkFault(step, *status, ok);
    auto node = resolve(step.target, *status);
    if (!node) {
        *ok = false;
        return node.error().message;
    }
    m_it = *node;
    // Recorded before acting, so a node left half-stopped by a failed action is still put back.
    if (v == u"kill" || v == u"stop")
        m_down.append(*node);
    if (v == u"pause")
        m_paused.append(*node);
    if (auto s = m_hooks.act(v, *node); !s) {
        *ok = false;
        return s.error().message;
    }
    if (v == u"start")
        m_down.removeAll(*node);
    if (v == u"resume")
        m_paused.removeAll(*node);
    return step.target == *node ? u"%1 %2"_s.arg(v, *node) : u"%1 %2 (%3)"_s.arg(v, *node, step.target);
}

QString ScenarioRunner::produce(const QString &acks, int rate, int durationMs, bool probe, QString *errorName)
{
    if (m_topic.isEmpty())
        return u"the scenario has no topic to produce to — declare `topic:`"_s;
    Ledger ledger;
    rd_kafka_conf_t *conf = newKafkaConf(m_bootstrap, "ensemble-scenario");
    char err[512];
    rd_kafka_conf_set(conf, "acks", acks.toUtf8().constData(), err, sizeof err);
    // A probe reports the broker's own refusal (e.g. NOT_ENOUGH_REPLICAS) instead of retrying it into a timeout.
    rd_kafka_conf_set(conf, "retries", probe ? "0" : "5", err, sizeof err);
    rd_kafka_conf_set(conf, "message.timeout.ms", probe ? "4000" : "15000", err, sizeof err);
    rd_kafka_conf_set(conf, "linger.ms", "5", err, sizeof err);
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_opaque(conf, &ledger);
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!producer) {
        rd_kafka_conf_destroy(conf);
        *errorName = u"CLIENT"_s;
        return u"cannot create a producer: "_s + QString::fromUtf8(err);
    }
    const QByteArray topic = m_topic.toUtf8();
    const qint64 total = probe ? 1 : qint64(rate) * durationMs / 1000;
    QElapsedTimer clock;
    clock.start();
    qint64 sent = 0;
    while (sent < total && !cancelled()) {
        const qint64 due = probe ? 1 : std::min(total, clock.elapsed() * rate / 1000 + 1);
        for (; sent < due; ++sent) {
            const qint64 seq = m_nextSeq++;
            const QByteArray value = "scenario-" + QByteArray::number(seq);
            rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.constData()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_VALUE(const_cast<char *>(value.constData()), size_t(value.size())),
                              RD_KAFKA_V_OPAQUE(reinterpret_cast<void *>(intptr_t(seq))), RD_KAFKA_V_END);
        }
        rd_kafka_poll(producer, 10);
    }
    rd_kafka_flush(producer, probe ? 6000 : 20000);
    releaseKafkaHandle(producer);
    std::lock_guard lock(ledger.mutex);
    if (acks != u"0")
        for (qint64 seq : std::as_const(ledger.acked))
            m_acked.insert(seq);
    *errorName = ledger.firstError;
    if (probe)
        return ledger.acked.isEmpty() ? u"failed with "_s + ledger.firstError : u"acknowledged"_s;
    return u"sent %1 with acks=%2: %3 acknowledged, %4 failed%5"_s.arg(sent)
        .arg(acks)
        .arg(ledger.acked.size())
        .arg(ledger.failed)
        .arg(ledger.firstError.isEmpty() ? QString() : u" (first: "_s + ledger.firstError + u")"_s);
}

qint64 ScenarioRunner::countLost(QString *seen)
{
    rd_kafka_conf_t *conf = newKafkaConf(m_bootstrap, "ensemble-scenario");
    char err[512];
    rd_kafka_conf_set(conf, "group.id", "ensemble-scenario", err, sizeof err);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
    rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!consumer) {
        rd_kafka_conf_destroy(conf);
        *seen = u"cannot create a consumer: "_s + QString::fromUtf8(err);
        return -1;
    }
    const QByteArray topic = m_topic.toUtf8();
    const int parts = m_scenario->topic ? m_scenario->topic->partitions : 0;
    QList<qint64> high(parts, 0), next(parts, 0);
    rd_kafka_topic_partition_list_t *assignment = rd_kafka_topic_partition_list_new(parts);
    const TopicPartitionOffsets firsts = partitionOffsets(consumer, topic, parts, OffsetEnd::First, 10000);
    const TopicPartitionOffsets ends = partitionOffsets(consumer, topic, parts, OffsetEnd::End, 10000);
    bool unknown = !firsts.complete || !ends.complete;
    for (int p = 0; p < parts; ++p) {
        high[p] = qMax<qint64>(0, ends.offsets[p]);
        next[p] = qMax<qint64>(0, firsts.offsets[p]);
        rd_kafka_topic_partition_list_add(assignment, topic.constData(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(consumer, assignment);
    rd_kafka_topic_partition_list_destroy(assignment);
    QSet<qint64> read;
    QElapsedTimer clock;
    clock.start();
    auto behind = [&] {
        for (int p = 0; p < parts; ++p)
            if (next[p] < high[p])
                return true;
        return false;
    };
    while (behind() && clock.elapsed() < 30000 && !cancelled()) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(consumer, 200);
        if (!msg)
            continue;
        if (!msg->err && msg->partition >= 0 && msg->partition < parts) {
            next[msg->partition] = msg->offset + 1;
            const QByteArray value(static_cast<const char *>(msg->payload), qsizetype(msg->len));
            if (value.startsWith("scenario-"))
                read.insert(value.mid(9).toLongLong());
        }
        rd_kafka_message_destroy(msg);
    }
    const bool complete = !behind() && !unknown;
    releaseKafkaHandle(consumer, true);
    if (!complete) {
        *seen = u"could not read %1 to its end within 30 s (read %2)"_s.arg(m_topic).arg(read.size());
        return -1;
    }
    qint64 lost = 0;
    for (qint64 seq : std::as_const(m_acked))
        lost += !read.contains(seq);
    m_lost = lost;
    *seen = u"read %1 messages; %2 of %3 acknowledged are missing"_s.arg(read.size()).arg(lost).arg(m_acked.size());
    return lost;
}

QString ScenarioRunner::runExpectation(const ScenarioStep &step, bool *ok)
{
    const QString &v = step.verb;
    QElapsedTimer clock;
    clock.start();
    QString seen, node; // node: what a node-is selector named
    *ok = false;
    do {
        if (v == u"produce-fails" || v == u"produce-succeeds") {
            QString error;
            seen = produce(step.acks, 1, 1, true, &error);
            *ok = v == u"produce-succeeds" ? error.isEmpty()
                                           : !error.isEmpty() && (step.error.isEmpty() || error.startsWith(step.error));
        } else if (v == u"nothing-lost" || v == u"acked-lost") {
            const qint64 lost = countLost(&seen);
            *ok = lost >= 0 && (v == u"nothing-lost" ? lost == 0 : lost > 0);
            if (lost >= 0)
                return seen; // a complete read is the answer: reading again would not change it
        } else {
            auto status = m_hooks.status();
            if (!status) {
                seen = status.error().message;
            } else if (v.startsWith(u"quorum-"_s)) {
                const QString now = status->value(u"quorum_leader"_s).toString();
                const QString before = m_base.value(u"quorum_leader"_s).toString();
                *ok = v == u"quorum-lost"     ? now.isEmpty()
                      : v == u"quorum-leader" ? !now.isEmpty()
                                              : !now.isEmpty() && now != before;
                seen = now.isEmpty() ? u"no quorum leader"_s : u"quorum leader %1"_s.arg(now);
            } else if (v == u"all-up") {
                *ok = fullyInSync(*status);
                seen = *ok ? u"every node up, every replica in sync"_s : u"not yet: "_s + notInSync(*status);
            } else if (v == u"controller-changes") {
                const int now = status->value(u"controller"_s).toInt(-1);
                *ok = now >= 0 && now != m_base.value(u"controller"_s).toInt(-1);
                seen = now < 0 ? u"no controller"_s : u"controller is broker %1"_s.arg(now);
            } else if (v == u"node-is") {
                // A selector names a node once it can (`zookeeper-leader` right after a kill: once there is one),
                // and that node is then watched: `controller is down` must not move on to the next controller.
                if (node.isEmpty()) {
                    const auto named = resolve(step.target, *status);
                    if (!named && named.error().kind == Error::Kind::BadInput)
                        return named.error().message;
                    if (named)
                        node = *named;
                    else
                        seen = named.error().message;
                }
                if (!node.isEmpty()) {
                    const QString state = stateOf(*status, node), role = roleOf(*status, node);
                    const bool running =
                        state == u"up" || state == u"starting" || state == u"paused" || state == u"stopping";
                    *ok = step.state == u"up"     ? state == u"up"
                          : step.state == u"down" ? !running
                                                  : state == u"up" && role == step.state;
                    seen = role.isEmpty() ? u"%1 is %2"_s.arg(node, state) : u"%1 is %2, %3"_s.arg(node, state, role);
                }
            } else if (v == u"partition-new-leader") {
                const int p = step.target.section(u'-', -1).toInt();
                const int now = partitionOf(*status, m_topic, p).value(u"leader"_s).toInt(-1);
                *ok = now >= 0 && now != partitionOf(m_base, m_topic, p).value(u"leader"_s).toInt(-1);
                seen = now < 0 ? u"no leader"_s : u"leader is broker %1"_s.arg(now);
            }
        }
        if (*ok)
            break;
        QThread::msleep(250);
    } while (clock.elapsed() < step.deadlineMs && !cancelled());
    return seen;
}

QString ScenarioRunner::notInSync(const QJsonObject &status) const
{
    QStringList why;
    for (const QJsonValue &n : nodesOf(status))
        if (n.toObject().value(u"state"_s).toString() != u"up")
            why << n.toObject().value(u"name"_s).toString() + u" "_s + n.toObject().value(u"state"_s).toString();
    if (m_scenario->topic)
        for (int p = 0; p < m_scenario->topic->partitions; ++p) {
            const QJsonObject part = partitionOf(status, m_topic, p);
            if (part.value(u"isr"_s).toArray().size() != m_scenario->topic->replicationFactor)
                why << u"partition %1 has %2 of %3 replicas in sync"_s.arg(p)
                           .arg(part.value(u"isr"_s).toArray().size())
                           .arg(m_scenario->topic->replicationFactor);
        }
    return why.join(u", "_s);
}

bool ScenarioRunner::fullyInSync(const QJsonObject &status) const
{
    for (const QJsonValue &n : nodesOf(status))
        if (n.toObject().value(u"state"_s).toString() != u"up")
            return false;
    if (!m_scenario->topic || m_topic.isEmpty())
        return true;
    for (int p = 0; p < m_scenario->topic->partitions; ++p) {
        const QJsonObject part = partitionOf(status, m_topic, p);
        if (part.value(u"leader"_s).toInt(-1) < 0 ||
            part.value(u"isr"_s).toArray().size() != m_scenario->topic->replicationFactor)
            return false;
    }
    return true;
}

QString ScenarioRunner::runNetworkFault(const ScenarioStep &step, const QJsonObject &status, bool *ok)
{
    *ok = false;
    if (!m_fault)
        return u"network faults cannot be reached from here — run the lesson with `ensemble scenario run`"_s;
    NetworkFault fault;
    fault.kind = networkFaultKindFromString(step.verb).value_or(NetworkFault::Kind::Heal);
    if (fault.kind == NetworkFault::Kind::Partition) {
        for (const QStringList &group : NetworkFault::parseGroups(step.target)) {
            QStringList nodes;
            for (const QString &selector : group) {
                auto node = resolve(selector, status);
                if (!node)
                    return node.error().message;
                nodes << *node;
            }
            fault.groups << nodes;
        }
    } else if (!step.target.isEmpty()) {
        auto node = resolve(step.target, status);
        if (!node)
            return node.error().message;
        fault.node = *node;
        m_it = *node;
    }
    fault.latencyMs = fault.kind == NetworkFault::Kind::Slow ? step.durationMs : 0;
    const Expected<QString> done = m_fault(fault);
    if (!done)
        return done.error().message;
    m_faulted = fault.kind != NetworkFault::Kind::Heal || !fault.node.isEmpty();
    *ok = true;
    return done.value();
}

void ScenarioRunner::restore(ScenarioReport &report, bool final)
{
    if (m_faulted && m_fault) {
        NetworkFault healAll;
        healAll.kind = NetworkFault::Kind::Heal;
        if (m_fault(healAll))
            report.restored << u"healed every link"_s;
        m_faulted = false;
    }
    for (const QString &n : std::as_const(m_paused))
        if (m_hooks.act(u"resume"_s, n))
            report.restored << u"resumed "_s + n;
    // A node stopped a moment ago may still be shutting down: the engine starts it once it has exited.
    for (const QString &n : std::as_const(m_down)) {
        const Status s = m_hooks.act(u"start"_s, n);
        report.restored << (s ? u"started "_s + n : u"could not start %1: %2"_s.arg(n, s.error().message));
    }
    m_paused.clear();
    m_down.clear();
    if (!final)
        return;
    if (!report.restored.isEmpty())
        say(u"  restoring: "_s + report.restored.join(u", "_s));
    QElapsedTimer clock;
    clock.start();
    bool healthy = false;
    // False once the cluster (or the window asking for it) has stopped answering: nothing left to wait for.
    bool answers = true;
    int unanswered = 0;
    while (!healthy && answers && clock.elapsed() < 90000) {
        auto s = m_hooks.status();
        unanswered = s ? 0 : unanswered + 1;
        answers = unanswered < 3;
        healthy = s && fullyInSync(*s);
        if (!healthy && answers)
            QThread::msleep(500);
    }
    if (!healthy)
        say(u"  warning: the cluster was not fully back in sync 90 s after the lesson (see `ensemble status`)"_s);
    if (!m_topic.isEmpty())
        for (int i = 0; i < 10 && answers; ++i) {
            const Status s = KafkaAdmin(m_bootstrap).deleteTopic(m_topic, 5000);
            if (s || s.error().message.contains(u"marked for deletion"_s))
                break;
            answers = bool(m_hooks.status());
            QThread::msleep(1000);
        }
}

Expected<ScenarioReport> ScenarioRunner::run(const Scenario &scenario)
{
    if (const QString why = unavailableReason(scenario); !why.isEmpty())
        return Error::runtime(u"scenario %1 %2"_s.arg(scenario.name, why));
    m_scenario = &scenario;
    auto status = m_hooks.status();
    if (!status)
        return status.error();
    int coordinators = 0, brokers = 0;
    for (const QJsonValue &n : nodesOf(*status))
        (n.toObject().value(u"kind"_s).toString() == u"broker" ? brokers : coordinators) += 1;
    if (status->value(u"mode"_s).toString() != scenario.mode || coordinators < scenario.coordinators ||
        brokers < scenario.brokers)
        return Error::badInput(
            u"scenario %1 needs a %2 cluster with at least %3 coordinators and %4 brokers; this "
            "one is %5 with %6 and %7 — start one with `ensemble up`"_s.arg(scenario.name, scenario.mode)
                .arg(scenario.coordinators)
                .arg(scenario.brokers)
                .arg(status->value(u"mode"_s).toString())
                .arg(coordinators)
                .arg(brokers));
    if (!fullyInSync(*status))
        return Error::runtime(u"every node must be up before a lesson — see `ensemble status`"_s);

    ScenarioReport report;
    report.scenario = scenario.name;
    QElapsedTimer clock;
    clock.start();
    if (scenario.topic) {
        m_topic = scenario.topic->name + u"_"_s + QString::number(QDateTime::currentMSecsSinceEpoch());
        report.topic = m_topic;
        TopicSpec t{m_topic, scenario.topic->partitions, scenario.topic->replicationFactor, scenario.topic->configs};
        if (auto s = KafkaAdmin(m_bootstrap).createTopic(t, 15000); !s)
            return s.error();
        QElapsedTimer waiting;
        waiting.start();
        bool ready = false;
        while (!ready && waiting.elapsed() < 60000) {
            auto s = m_hooks.status();
            ready = s && fullyInSync(*s);
            if (!ready)
                QThread::msleep(250);
        }
        say(u"created topic %1 (%2 partition(s), replication factor %3)"_s.arg(m_topic)
                .arg(scenario.topic->partitions)
                .arg(scenario.topic->replicationFactor));
    }
    report.passed = true;
    for (int i = 0; i < scenario.steps.size() && report.passed && !cancelled(); ++i) {
        const ScenarioStep &step = scenario.steps[i];
        if (!step.before.isEmpty())
            say(u"  » "_s + step.before);
        ScenarioStepResult r;
        r.index = i + 1;
        r.kind = step.kind == ScenarioStepKind::Action ? u"do"_s : u"expect"_s;
        r.text = step.text;
        r.startMs = clock.elapsed();
        if (m_hooks.stepStarting)
            m_hooks.stepStarting(r.index, step);
        r.seen = step.kind == ScenarioStepKind::Action ? runAction(step, &r.ok) : runExpectation(step, &r.ok);
        r.elapsedMs = clock.elapsed() - r.startMs;
        report.steps.append(r);
        if (m_hooks.stepFinished)
            m_hooks.stepFinished(r);
        say(u"%1 %2. %3 %4 — %5 (%6)"_s.arg(r.ok ? u"  ✓"_s : u"  ✗"_s)
                .arg(r.index)
                .arg(r.kind, step.text, r.seen, seconds(r.elapsedMs)));
        if (!r.ok) {
            report.passed = false;
            report.failedStep = r.index;
            report.failure = step.kind == ScenarioStepKind::Expect
                                 ? u"step %1: expected '%2' within %3, but saw: %4"_s.arg(r.index).arg(
                                       step.text, seconds(step.deadlineMs), r.seen)
                                 : u"step %1: '%2' failed: %3"_s.arg(r.index).arg(step.text, r.seen);
        } else if (!step.after.isEmpty()) {
            say(u"  « "_s + step.after);
        }
    }
    if (cancelled() && report.passed)
        report.passed = false, report.failure = u"cancelled"_s;
    report.acknowledged = m_acked.size();
    report.lost = m_lost;
    restore(report, true);
    report.elapsedMs = clock.elapsed();
    return report;
}

} // namespace ensemble
