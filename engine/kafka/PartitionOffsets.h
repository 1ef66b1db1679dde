// The first or the end offset (high watermark) of partitions, asked of their leaders within a deadline.
// librdkafka 2.0's rd_kafka_query_watermark_offsets() waits for its replies with no deadline of its own: against a
// stopped or failing-over cluster it was seen to wait for minutes (and a window's exit with it). This goes through
// rd_kafka_offsets_for_times() (a ListOffsets request for all the partitions at once, timestamp -1 = end,
// -2 = first), whose wait ends at the timeout.
#pragma once

#include <QByteArray>
#include <QList>

struct rd_kafka_s;

namespace ensemble {

enum class OffsetEnd { First, End };

struct TopicPartitionOffsets
{
    QList<qint64> offsets; // per partition, -1 where not known
    bool complete = false; // every partition answered
};

// Partitions 0..partitions-1 of `topic`, through any client handle (consumer or producer).
TopicPartitionOffsets partitionOffsets(rd_kafka_s *handle, const QByteArray &topic, int partitions, OffsetEnd which,
                                       int timeoutMs);

} // namespace ensemble
