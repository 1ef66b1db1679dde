// The window's Kafka client: KafkaProducer, KafkaConsumer and KafkaAdmin run on this object's own worker threads,
// and every result comes back as a queued signal carrying the job id the call returned, so the caller's thread
// never waits and a receiver can ignore a stale job's late answers. Results are value types.
#pragma once

#include "FailoverDrill.h"
#include "KafkaAdmin.h"
#include "KafkaConsumer.h"
#include "KafkaProducer.h"
#include "ScenarioRunner.h"

#include <QHash>
#include <QLoggingCategory>
#include <QMap>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcKafkaClient)

namespace ensemble {

// How one produce job ended.
struct ProduceSummary
{
    qint64 sent = 0;
    qint64 acked = 0;
    qint64 failed = 0;
    qint64 elapsedMs = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    QString error; // why the job could not run at all (bad topic, no broker); per-message errors are in failed
    bool operator==(const ProduceSummary &) const = default;
};

// A topic with its configs, as `describe` shows it.
struct TopicDetails
{
    TopicDescription topic;
    QMap<QString, QString> configs; // only those that differ from the broker's defaults
};

// Where a follow starts.
struct ConsumeStart
{
    enum class From { Beginning, End, Offset, Timestamp };
    From from = From::End;
    qint64 offset = 0;      // From::Offset
    qint64 timestampMs = 0; // From::Timestamp, ms since the epoch
    int partition = -1;     // -1 = every partition
    QString group;          // non-empty: read as a member of this consumer group (see ConsumeRequest::group)
};

class KafkaClient : public QObject
{
    Q_OBJECT
  public:
    using JobId = quint64;

    explicit KafkaClient(QString bootstrapServers, QObject *parent = nullptr);
    // Cancels every running job and waits for the workers (an admin call may take its timeout to return): a
    // window's thread calls deleteWhenIdle() instead.
    ~KafkaClient() override;
    // Cancels every running job and deletes this object once its last worker has returned, without waiting.
    // Signals may still come until then; receivers that go away first simply miss them.
    void deleteWhenIdle();

    QString bootstrapServers() const { return m_bootstrap; }

    // Produces REQUEST (count messages, or until cancel() when untilCancelled); delivery reports arrive in
    // batches through delivered(), then produceFinished(). The request's own onDelivery/cancel are replaced.
    JobId produce(ProduceRequest request);
    // Follows TOPIC until cancel(): messages arrive in batches through messagesConsumed(), then consumeFinished().
    JobId follow(const QString &topic, const ConsumeStart &start);
    JobId listTopics();
    // Every consumer group's committed offsets and lag (through groupLagsMeasured). Asked for every few seconds
    // by the charts, so it reuses one connection; a call while the previous one still runs returns 0 (skipped).
    JobId measureGroupLags();
    JobId describeTopic(const QString &name);
    JobId createTopic(const TopicSpec &topic);
    JobId deleteTopic(const QString &name);
    JobId addPartitions(const QString &name, int totalPartitions);
    // Runs the failover drill (engine/FailoverDrill.h) with HOOKS' status and act, which it calls from its worker
    // thread. Progress lines come through drillProgress(), the drill producer's delivery reports through
    // delivered() (so whatever counts deliveries counts the drill's too), then drillFinished(). cancel() stops it
    // and leaves the cluster as it was found (a killed broker is restarted).
    // FAULTPHASE, when set, replaces the leader kills (e.g. ChaosFaults::run for a chaos drill).
    JobId drill(FailoverDrill::Hooks hooks, int ratePerSecond, int kills,
                std::function<QString(const DrillFaultContext &, QJsonObject *)> faultPhase = {});
    // Plays SCENARIO (engine/ScenarioRunner.h) with HOOKS' status and act, called from its worker thread. Each
    // step's start and end come through scenarioStep(), narration and other lines through scenarioNarration(),
    // then scenarioFinished(). cancel() stops it after the current step; the runner then restores the cluster.
    // FAULT, when set, carries out the lesson's network faults (isolate, partition, slow, heal).
    JobId scenario(Scenario scenario, ScenarioRunner::Hooks hooks,
                   std::function<Expected<QString>(const NetworkFault &)> fault = {});
    // Asks a produce, follow or drill job to stop; it still ends with its finished signal.
    void cancel(JobId job);
    void cancelAll();
    bool isRunning(JobId job) const;

    static constexpr int kAdminTimeoutMs = 15000;
    static constexpr int kListTimeoutMs = 5000; // the topic list is asked for often; a down cluster answers soon

  Q_SIGNALS:
    // Delivery reports of one produce job, in the order librdkafka gave them (at most every 50 ms per job).
    void delivered(ensemble::KafkaClient::JobId job, const QList<ensemble::DeliveryResult> &results);
    void produceFinished(ensemble::KafkaClient::JobId job, const ensemble::ProduceSummary &summary);
    void messagesConsumed(ensemble::KafkaClient::JobId job, const QList<ensemble::ConsumedMessage> &messages);
    void consumeFinished(ensemble::KafkaClient::JobId job, const QString &error);
    // A follow ran into an error and goes on reading (e.g. while a broker is down).
    void consumeProblem(ensemble::KafkaClient::JobId job, const QString &problem);
    void topicsListed(ensemble::KafkaClient::JobId job, const QList<ensemble::TopicDescription> &topics,
                      const QString &error);
    void groupLagsMeasured(ensemble::KafkaClient::JobId job, const QList<ensemble::GroupLag> &groups,
                           const QString &error);
    void topicDescribed(ensemble::KafkaClient::JobId job, const ensemble::TopicDetails &details, const QString &error);
    void drillProgress(ensemble::KafkaClient::JobId job, const QString &message);
    // How many messages the drill's producer has sent so far (a few times a second).
    void drillSent(ensemble::KafkaClient::JobId job, qint64 sent);
    // ERROR is empty when the drill ran to its end (REPORT then says whether anything was lost).
    void drillFinished(ensemble::KafkaClient::JobId job, const ensemble::DrillReport &report, const QString &error);
    // Step INDEX of a scenario job begins (RESULT.ok unset, RESULT.seen empty) or ends (DONE).
    void scenarioStep(ensemble::KafkaClient::JobId job, const ensemble::ScenarioStepResult &result, bool done);
    void scenarioNarration(ensemble::KafkaClient::JobId job, const QString &line);
    // ERROR is empty when the lesson ran (REPORT.passed says whether every expectation held).
    void scenarioFinished(ensemble::KafkaClient::JobId job, const ensemble::ScenarioReport &report,
                          const QString &error);
    // create / delete / add-partitions: ACTION names which; ERROR is empty on success.
    void adminFinished(ensemble::KafkaClient::JobId job, const QString &action, const QString &topic,
                       const QString &error);

  private:
    using Flag = std::shared_ptr<std::atomic<bool>>;
    JobId begin(Flag *flag = nullptr);
    void end(JobId job);
    JobId runAdmin(const QString &action, const QString &topic, std::function<Status(KafkaAdmin &)> work);

    QString m_bootstrap;
    QThreadPool m_pool;
    std::shared_ptr<KafkaAdmin> m_lagAdmin; // used by one measureGroupLags job at a time
    std::atomic<bool> m_measuringLag{false};
    mutable QMutex m_mutex;
    QHash<JobId, Flag> m_running;
    std::atomic<JobId> m_nextJob{1};
};

} // namespace ensemble

Q_DECLARE_METATYPE(ensemble::DeliveryResult)
Q_DECLARE_METATYPE(ensemble::ProduceSummary)
Q_DECLARE_METATYPE(ensemble::ConsumedMessage)
Q_DECLARE_METATYPE(ensemble::TopicDescription)
Q_DECLARE_METATYPE(ensemble::TopicDetails)
Q_DECLARE_METATYPE(ensemble::DrillReport)
Q_DECLARE_METATYPE(ensemble::GroupLag)
Q_DECLARE_METATYPE(ensemble::ScenarioStepResult)
Q_DECLARE_METATYPE(ensemble::ScenarioReport)
