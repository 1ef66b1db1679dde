// Reads messages from a topic through librdkafka. By default without a consumer group (partitions assigned
// directly), so nothing is committed and nothing waits for a rebalance; with ConsumeRequest::group as a member
// of that group, committing what it read (so the group's lag shows in `ensemble groups` and the Traffic charts).
#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>

struct rd_kafka_s; // librdkafka's handle, kept out of this header

namespace ensemble {

struct ConsumeRequest
{
    QString topic;
    bool fromBeginning = false;  // otherwise only messages produced from now on
    int max = 0;                 // 0 = no limit (until the timeout)
    int timeoutMs = 10000;       // give up after this long without reaching max; 0 = until *cancel is set
    int partition = -1;          // -1 = every partition
    qint64 offset = -1;          // >= 0: start here (in each partition read) instead of beginning/end
    qint64 fromTimestampMs = -1; // >= 0: start at the first message at or after this time (ms since the epoch)
    const std::atomic<bool> *cancel = nullptr; // stops reading when set
    std::function<void()> onIdle;              // called when a poll (100 ms) brought nothing, e.g. to hand on a batch
    // Called with each error librdkafka reports while reading (a broker down, a partition without leader), when it
    // differs from the previous one; reading goes on. Without it, an error is returned only if nothing was read.
    std::function<void(const QString &)> onProblem;
    bool collect = true; // false: messages go only to onMessage (a follow that runs for hours keeps nothing)
    // Non-empty: read as a member of this consumer group (subscribe, commit what was read), starting where the
    // group left off — or, for a new group, at the beginning/end as fromBeginning says. Partition, offset and
    // timestamp do not apply then: the group's coordinator assigns the partitions.
    QString group;
};

struct ConsumedMessage
{
    int partition = 0;
    qint64 offset = 0;
    qint64 timestampMs = 0;
    QByteArray key; // null when the message had no key
    QByteArray value;
    QList<std::pair<QByteArray, QByteArray>> headers;

    QJsonObject toJson() const;
};

class KafkaConsumer
{
  public:
    explicit KafkaConsumer(QString bootstrapServers) : m_bootstrap(std::move(bootstrapServers)) {}
    // onMessage is called for each message as it arrives (e.g. to print it); the list is returned at the end.
    Expected<QList<ConsumedMessage>> consume(const ConsumeRequest &request,
                                             const std::function<void(const ConsumedMessage &)> &onMessage = {});

  private:
    static Status assignPartitions(::rd_kafka_s *rk, const ConsumeRequest &request, const QByteArray &topic,
                                   int partitions);
    static Expected<QList<ConsumedMessage>> readMessages(::rd_kafka_s *rk, const ConsumeRequest &request,
                                                         const std::function<void(const ConsumedMessage &)> &onMessage);
    QString m_bootstrap;
};

} // namespace ensemble
