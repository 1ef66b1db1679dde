// Produces messages through librdkafka and waits for every delivery report (blocking: CLI or worker thread).
#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <vector>

namespace ensemble {

struct ProduceRequest
{
    QString topic;
    QByteArray key;
    QByteArray value;
    QList<std::pair<QByteArray, QByteArray>> headers;
    int partition = -1; // -1 = let the partitioner choose
    int count = 1;
    int ratePerSecond = 0;                // 0 = as fast as the client goes
    QString acks = QStringLiteral("all"); // 0, 1 or all
    int timeoutMs = 30000;                // for the whole batch to be acknowledged
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
