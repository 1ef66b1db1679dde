// The built-in no-loss check: produce continuously with acks=all to a fresh topic (replication factor 3,
// min.insync.replicas=2), kill the broker leading its partitions twice (restarting it in between), then read
// everything back and count what was acknowledged, read, lost (acknowledged but never read) and duplicated.
// Blocking: run it in the CLI or on a worker thread. Node actions and status go through callbacks, so the same
// drill runs against the window's engine or, over the control socket, a cluster run elsewhere.
#pragma once

#include "DeliveryTally.h"
#include "Expected.h"
#include "KafkaProducer.h"
#include "NetworkFault.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>

namespace ensemble {

struct DrillStep
{
    qint64 atMs = 0; // since the drill began
    QString what;
};

struct DrillReport
{
    QString topic;
    qint64 attempted = 0;
    qint64 acknowledged = 0;
    // sent (attempted) = acknowledged + refused + timedOut + unknown; failed = the last three.
    qint64 failed = 0;     // never acknowledged
    qint64 refused = 0;    // the broker said no (NOT_ENOUGH_REPLICAS: fewer in-sync replicas than min.insync)
    qint64 timedOut = 0;   // no answer within message.timeout.ms
    qint64 unknown = 0;    // no delivery report (still in flight or purged when the producer stopped)
    qint64 failingMs = 0;  // how long writes were failing, from delivery reports (DeliveryTally::failingMs)
    qint64 consumed = 0;   // messages read back, duplicates included
    qint64 lost = 0;       // acknowledged, never read
    qint64 duplicated = 0; // read more than once
    qint64 elapsedMs = 0;
    QList<DrillStep> steps;
    QJsonObject faults; // what a fault phase other than the leader kills reports (e.g. `chaos`); empty otherwise

    QJsonObject toJson() const;
};

// What a drill's fault phase is given: it runs while the producer sends, and returns when it is done, every fault
// it set healed (also when cancelled).
struct DrillFaultContext
{
    QString topic; // the drill topic: 3 partitions, replication factor 3, min.insync.replicas=2
    std::function<Expected<QJsonObject>()> status;
    std::function<Status(const QString &action, const QString &node)> act;
    std::function<Expected<QString>(const NetworkFault &)> fault; // isolate, slow, heal; null: none
    std::function<void(const QString &what)> say;                 // a step of the report
    std::function<void(int ms)> pause;                            // wakes early when cancelled
    std::function<bool(const std::function<bool(const QJsonObject &)> &, int ms)> waitFor; // false on timeout
    std::function<bool(int ms)> waitInSync; // every node up, the drill topic fully in sync
    std::function<bool()> cancelled;
    std::function<qint64()> sent;
};

class FailoverDrill
{
  public:
    struct Hooks
    {
        std::function<Expected<QJsonObject>()> status;                         // `ensemble status --json` shape
        std::function<Status(const QString &action, const QString &node)> act; // kill / start
        std::function<Expected<QString>(const NetworkFault &)> fault;          // optional: link-proxy faults
        std::function<void(const QString &message)> progress;                  // optional
        // Optional: each delivery report of the drill's producer, on the producer's thread (e.g. for charts).
        std::function<void(const DeliveryResult &)> onDelivery;
        // Optional: how many messages have been sent so far, on the producer's thread, a few times a second.
        std::function<void(qint64 sent)> onSent;
    };

    FailoverDrill(QString bootstrapServers, Hooks hooks)
        : m_bootstrap(std::move(bootstrapServers)), m_hooks(std::move(hooks))
    {
    }

    int ratePerSecond = 400;
    int kills = 2;
    // Replaces the leader kills: runs while the producer sends; returns a failure (empty when it ran to its end)
    // and may fill the report's `faults`.
    std::function<QString(const DrillFaultContext &, QJsonObject *faults)> faultPhase;
    // When set (from any thread), the drill stops producing, restarts a broker it killed, deletes its topic and
    // returns an error saying it was cancelled instead of a report.
    const std::atomic<bool> *cancel = nullptr;

    Expected<DrillReport> run();

  private:
    bool cancelled() const { return cancel && cancel->load(); }
    QString m_bootstrap;
    Hooks m_hooks;
};

} // namespace ensemble
