// Produces messages through librdkafka and waits for every delivery report (blocking: CLI or worker thread).
#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace ensemble {

// One message's content, when it differs per message (templates).
struct ProducedMessage
{
    QByteArray key; // null = no key
    QByteArray value;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

// The broker's answer for one message: where it landed, or why it did not.
struct DeliveryResult
{
    qint64 seq = 0; // 0-based index of the message in its request
    int partition = -1;
    qint64 offset = -1;
    double latencyMs = 0; // send to acknowledgement
    QString error;        // empty when acknowledged
    bool operator==(const DeliveryResult &) const = default;
};

struct ProduceRequest
{
    QString topic;
    QByteArray key;
    QByteArray value;
    QList<std::pair<QByteArray, QByteArray>> headers;
    int partition = -1; // -1 = let the partitioner choose
    int count = 1;
    int ratePerSecond = 0;                     // 0 = as fast as the client goes
    QString acks = QStringLiteral("all");      // 0, 1 or all
    int timeoutMs = 30000;                     // for the whole batch to be acknowledged
    QString compression;                       // empty/none, gzip, snappy, lz4 or zstd
    bool untilCancelled = false;               // "keep producing": ignore count, run until *cancel is set
    const std::atomic<bool> *cancel = nullptr; // stops sending when set; what was sent is still flushed
    // Optional: the content of message SEQ (templates); when unset every message is key/value/headers above.
    std::function<void(qint64 seq, ProducedMessage &message)> messageFor;
    // Optional: each delivery report, called on the producing thread as it arrives.
    std::function<void(const DeliveryResult &)> onDelivery;
};

struct ProduceReport
{
    int sent = 0;
    int acked = 0;
    int failed = 0;
    QMap<int, int> perPartition; // partition -> acknowledged count
    QString firstError;
    qint64 elapsedMs = 0;
    // Send-to-acknowledgement time of each acknowledged message, in microseconds (unsorted).
    std::vector<qint64> latenciesUs;

    double latencyPercentileMs(double p) const;
};

class KafkaProducer
{
  public:
    explicit KafkaProducer(QString bootstrapServers) : m_bootstrap(std::move(bootstrapServers)) {}
    // Checks the topic exists first, so a typo gets a clear error instead of a timeout.
    Expected<ProduceReport> produce(const ProduceRequest &request);

  private:
    QString m_bootstrap;
};

} // namespace ensemble
