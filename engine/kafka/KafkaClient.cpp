#include "KafkaClient.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcKafkaClient, "ensemble.kafkaclient")

namespace ensemble {

namespace {
constexpr qint64 kBatchMs = 50; // how often a running job reports: often enough to look live, rarely enough to be cheap

// Gathers values from a worker's callbacks and hands them on in batches.
template <typename T> class Batcher
{
  public:
    explicit Batcher(std::function<void(const QList<T> &)> flush) : m_flush(std::move(flush)) { m_clock.start(); }
    void add(const T &value)
    {
        m_pending.append(value);
        if (m_clock.elapsed() >= kBatchMs)
            flush();
    }
    void flush()
    {
        if (!m_pending.isEmpty())
            m_flush(std::exchange(m_pending, {}));
        m_clock.restart();
    }

  private:
    std::function<void(const QList<T> &)> m_flush;
    QList<T> m_pending;
    QElapsedTimer m_clock;
};
} // namespace

KafkaClient::KafkaClient(QString bootstrapServers, QObject *parent)
    : QObject(parent), m_bootstrap(std::move(bootstrapServers))
{
    qRegisterMetaType<ensemble::DeliveryResult>();
    qRegisterMetaType<ensemble::ProduceSummary>();
    qRegisterMetaType<ensemble::ConsumedMessage>();
    qRegisterMetaType<ensemble::TopicDescription>();
    qRegisterMetaType<ensemble::TopicDetails>();
    qRegisterMetaType<ensemble::DrillReport>();
    qRegisterMetaType<ensemble::GroupLag>();
    qRegisterMetaType<ensemble::ScenarioStepResult>();
    qRegisterMetaType<ensemble::ScenarioReport>();
    qRegisterMetaType<ensemble::KafkaClient::JobId>("ensemble::KafkaClient::JobId");
    m_pool.setMaxThreadCount(8); // followers and "keep producing" hold a thread each for as long as they run
    m_pool.setExpiryTimeout(30000);
}

KafkaClient::~KafkaClient()
{
    cancelAll();
    m_pool.waitForDone();
}

void KafkaClient::deleteWhenIdle()
{
    cancelAll();
    // The workers hold `this` (they emit its signals) until they return; a cancelled job returns within its
    // current librdkafka call, an admin call within its timeout. Polled: QThreadPool has no "done" signal.
    if (m_pool.waitForDone(0)) { // often idle already
        deleteLater();
        return;
    }
    auto *poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, [this, poll] {
        if (m_pool.waitForDone(0)) {
            poll->stop();
            deleteLater();
        }
    });
    poll->start(20);
}

KafkaClient::JobId KafkaClient::begin(Flag *flag)
{
    const JobId job = m_nextJob++;
    Flag f = std::make_shared<std::atomic<bool>>(false);
    QMutexLocker lock(&m_mutex);
    m_running.insert(job, f);
    if (flag)
        *flag = f;
    return job;
}

void KafkaClient::end(JobId job)
{
    QMutexLocker lock(&m_mutex);
    m_running.remove(job);
}

void KafkaClient::cancel(JobId job)
{
    QMutexLocker lock(&m_mutex);
    if (const Flag flag = m_running.value(job))
        flag->store(true);
}

void KafkaClient::cancelAll()
{
    QMutexLocker lock(&m_mutex);
    for (const Flag &flag : std::as_const(m_running))
        flag->store(true);
}

bool KafkaClient::isRunning(JobId job) const
{
    QMutexLocker lock(&m_mutex);
    return m_running.contains(job);
}

KafkaClient::JobId KafkaClient::produce(ProduceRequest request)
{
    Flag cancelled;
    const JobId job = begin(&cancelled);
    m_pool.start([this, job, cancelled, request = std::move(request)]() mutable {
        Batcher<DeliveryResult> batch(
            [this, job](const QList<DeliveryResult> &results) { Q_EMIT delivered(job, results); });
        request.cancel = cancelled.get();
        request.onDelivery = [&batch](const DeliveryResult &d) { batch.add(d); };
        auto report = KafkaProducer(m_bootstrap).produce(request);
        batch.flush();
        ProduceSummary summary;
        if (!report) {
            summary.error = report.error().message;
        } else {
            summary.sent = report->sent;
            summary.acked = report->acked;
            summary.failed = report->failed;
            summary.elapsedMs = report->elapsedMs;
            summary.p50Ms = report->latencyPercentileMs(0.5);
            summary.p99Ms = report->latencyPercentileMs(0.99);
        }
        qCDebug(lcKafkaClient) << "produce job" << job << "acked" << summary.acked << "failed" << summary.failed;
        end(job);
        Q_EMIT produceFinished(job, summary);
    });
    return job;
}

KafkaClient::JobId KafkaClient::drill(FailoverDrill::Hooks hooks, int ratePerSecond, int kills,
                                      std::function<QString(const DrillFaultContext &, QJsonObject *)> faultPhase)
{
    Flag cancelled;
    const JobId job = begin(&cancelled);
    m_pool.start([this, job, cancelled, hooks = std::move(hooks), ratePerSecond, kills,
                  faultPhase = std::move(faultPhase)]() mutable {
        Batcher<DeliveryResult> batch(
            [this, job](const QList<DeliveryResult> &results) { Q_EMIT delivered(job, results); });
        hooks.onDelivery = [&batch](const DeliveryResult &d) { batch.add(d); };
        hooks.progress = [this, job](const QString &message) { Q_EMIT drillProgress(job, message); };
        hooks.onSent = [this, job](qint64 sent) { Q_EMIT drillSent(job, sent); };
        FailoverDrill drill(m_bootstrap, std::move(hooks));
        drill.ratePerSecond = ratePerSecond;
        drill.kills = kills;
        drill.faultPhase = std::move(faultPhase);
        drill.cancel = cancelled.get();
        auto report = drill.run();
        batch.flush();
        end(job);
        if (report)
            Q_EMIT drillFinished(job, report.value(), {});
        else
            Q_EMIT drillFinished(job, {}, report.error().message);
    });
    return job;
}

KafkaClient::JobId KafkaClient::scenario(Scenario scenario, ScenarioRunner::Hooks hooks,
                                         std::function<Expected<QString>(const NetworkFault &)> fault)
{
    Flag cancelled;
    const JobId job = begin(&cancelled);
    m_pool.start([this, job, cancelled, scenario = std::move(scenario), hooks = std::move(hooks),
                  fault = std::move(fault)]() mutable {
        hooks.narrate = [this, job](const QString &line) { Q_EMIT scenarioNarration(job, line); };
        hooks.stepStarting = [this, job](int index, const ScenarioStep &step) {
            ScenarioStepResult r;
            r.index = index;
            r.kind = step.kind == ScenarioStepKind::Action ? u"do"_s : u"expect"_s;
            r.text = step.text;
            Q_EMIT scenarioStep(job, r, false);
        };
        hooks.stepFinished = [this, job](const ScenarioStepResult &r) { Q_EMIT scenarioStep(job, r, true); };
        ScenarioRunner runner(m_bootstrap, std::move(hooks));
        if (fault)
            runner.setFaultHook(std::move(fault));
        runner.cancel = cancelled.get();
        auto report = runner.run(scenario);
        end(job);
        if (report)
            Q_EMIT scenarioFinished(job, report.value(), {});
        else
            Q_EMIT scenarioFinished(job, {}, report.error().message);
    });
    return job;
}

KafkaClient::JobId KafkaClient::follow(const QString &topic, const ConsumeStart &start)
{
    Flag cancelled;
    const JobId job = begin(&cancelled);
    m_pool.start([this, job, cancelled, topic, start] {
        ConsumeRequest request;
        request.topic = topic;
        request.timeoutMs = 0;
        request.collect = false;
        request.cancel = cancelled.get();
        request.partition = start.partition;
        request.group = start.group;
        request.fromBeginning = start.from == ConsumeStart::From::Beginning;
        if (start.from == ConsumeStart::From::Offset)
            request.offset = std::max<qint64>(start.offset, 0);
        if (start.from == ConsumeStart::From::Timestamp)
            request.fromTimestampMs = std::max<qint64>(start.timestampMs, 0);
        Batcher<ConsumedMessage> batch(
            [this, job](const QList<ConsumedMessage> &messages) { Q_EMIT messagesConsumed(job, messages); });
        request.onIdle = [&batch] { batch.flush(); }; // a burst followed by silence still arrives
        request.onProblem = [this, job](const QString &problem) { Q_EMIT consumeProblem(job, problem); };
        auto result = KafkaConsumer(m_bootstrap).consume(request, [&batch](const ConsumedMessage &m) { batch.add(m); });
        batch.flush();
        end(job);
        Q_EMIT consumeFinished(job, result ? QString() : result.error().message);
    });
    return job;
}

KafkaClient::JobId KafkaClient::listTopics()
{
    const JobId job = begin();
    m_pool.start([this, job] {
        KafkaAdmin admin(m_bootstrap);
        auto md = admin.metadata(kListTimeoutMs);
        end(job);
        Q_EMIT topicsListed(job, md ? md->topics : QList<TopicDescription>{}, md ? QString() : md.error().message);
    });
    return job;
}

KafkaClient::JobId KafkaClient::measureGroupLags()
{
    if (m_measuringLag.exchange(true))
        return 0;
    if (!m_lagAdmin)
        m_lagAdmin = std::make_shared<KafkaAdmin>(m_bootstrap);
    const JobId job = begin();
    m_pool.start([this, job, admin = m_lagAdmin] {
        auto lags = admin->consumerGroupLags(kListTimeoutMs);
        m_measuringLag = false;
        end(job);
        Q_EMIT groupLagsMeasured(job, lags ? lags.value() : QList<GroupLag>{}, lags ? QString() : lags.error().message);
    });
    return job;
}

KafkaClient::JobId KafkaClient::describeTopic(const QString &name)
{
    const JobId job = begin();
    m_pool.start([this, job, name] {
        KafkaAdmin admin(m_bootstrap);
        TopicDetails details;
        QString error;
        if (auto md = admin.metadata(kAdminTimeoutMs, name); !md) {
            error = md.error().message;
        } else {
            details.topic = md->topics.value(0);
            if (auto configs = admin.topicConfigs(name, kAdminTimeoutMs))
                details.configs = *configs;
            else
                error = configs.error().message;
        }
        end(job);
        Q_EMIT topicDescribed(job, details, error);
    });
    return job;
}

KafkaClient::JobId KafkaClient::runAdmin(const QString &action, const QString &topic,
                                         std::function<Status(KafkaAdmin &)> work)
{
    const JobId job = begin();
    m_pool.start([this, job, action, topic, work = std::move(work)] {
        KafkaAdmin admin(m_bootstrap);
        const Status s = work(admin);
        end(job);
        Q_EMIT adminFinished(job, action, topic, s ? QString() : s.error().message);
    });
    return job;
}

KafkaClient::JobId KafkaClient::createTopic(const TopicSpec &topic)
{
    return runAdmin(u"create"_s, topic.name, [topic](KafkaAdmin &admin) {
        Status created = admin.createTopic(topic, kAdminTimeoutMs); // returns once the topic is visible
        return created;
    });
}

KafkaClient::JobId KafkaClient::deleteTopic(const QString &name)
{
    return runAdmin(u"delete"_s, name, [name](KafkaAdmin &admin) { return admin.deleteTopic(name, kAdminTimeoutMs); });
}

KafkaClient::JobId KafkaClient::addPartitions(const QString &name, int totalPartitions)
{
    return runAdmin(u"add-partitions"_s, name, [name, totalPartitions](KafkaAdmin &admin) {
        return admin.createPartitions(name, totalPartitions, kAdminTimeoutMs);
    });
}

} // namespace ensemble
