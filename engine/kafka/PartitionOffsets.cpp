#include "PartitionOffsets.h"

#include <librdkafka/rdkafka.h>

namespace ensemble {

TopicPartitionOffsets partitionOffsets(rd_kafka_t *handle, const QByteArray &topic, int partitions, OffsetEnd which,
                                       int timeoutMs)
{
    TopicPartitionOffsets out;
    out.offsets = QList<qint64>(qMax(0, partitions), -1);
    if (!handle || partitions <= 0)
        return out;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list, topic.constData(), p)->offset =
            which == OffsetEnd::End ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING; // as ListOffsets timestamps
    const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(handle, list, timeoutMs);
    out.complete = err == RD_KAFKA_RESP_ERR_NO_ERROR;
    for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t &tp = list->elems[i];
        const bool known = err == RD_KAFKA_RESP_ERR_NO_ERROR && !tp.err && tp.offset >= 0;
        if (tp.partition >= 0 && tp.partition < partitions)
            out.offsets[tp.partition] = known ? qint64(tp.offset) : -1;
        out.complete &= known;
    }
    rd_kafka_topic_partition_list_destroy(list);
    return out;
}

} // namespace ensemble
