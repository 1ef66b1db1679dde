// Reads messages from every partition of a topic through librdkafka, without a consumer group
// (partitions assigned directly), so nothing is committed and nothing waits for a rebalance.
#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>

namespace ensemble {

struct ConsumeRequest
{
    QString topic;
    bool fromBeginning = false; // otherwise only messages produced from now on
    int max = 0;                // 0 = no limit (until the timeout)
    int timeoutMs = 10000;      // give up after this long without reaching max; 0 = until *cancel is set
    int partition = -1;         // -1 = every partition
    qint64 offset = -1;         // >= 0: start here (in each partition read) instead of beginning/end
    qint64 fromTimestampMs = -1; // >= 0: start at the first message at or after this time (ms since the epoch)
    const std::atomic<bool> *cancel = nullptr; // stops reading when set
    std::function<void()> onIdle; // called when a poll (100 ms) brought nothing, e.g. to hand on a batch
    bool collect = true; // false: messages go only to onMessage (a follow that runs for hours keeps nothing)
};

struct ConsumedMessage
{
    int partition = 0;
    qint64 offset = 0;
    qint64 timestampMs = 0;
    QByteArray key;   // null when the message had no key
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
    QString m_bootstrap;
};

} // namespace ensemble
