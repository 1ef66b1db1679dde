// Topic administration and metadata over librdkafka (blocking calls: run them on a worker thread or in the CLI).
#pragma once

#include "ClusterSpec.h"
#include "ClusterState.h"
#include "Expected.h"

#include <QList>
#include <QString>

struct rd_kafka_s; // librdkafka's handle, kept out of this header
struct rd_kafka_metadata_partition;

namespace ensemble {

struct TopicDescription
{
    QString name;
    QList<PartitionState> partitions;
    bool internal = false;
};

struct BrokerDescription
{
    int id = 0;
    QString host;
    int port = 0;
};

// One partition a consumer group has committed an offset for.
struct PartitionLag
{
    QString topic;
    int partition = 0;
    qint64 committed = -1; // the group's committed offset (-1: none)
    qint64 end = -1;       // the partition's high watermark (-1: unknown)
    qint64 lag = -1;       // end - committed; -1 when either is unknown
};

// A consumer group and how far it is behind, as `kafka-consumer-groups --describe` reports it.
struct GroupLag
{
    QString group;
    QString state; // Stable, Empty, PreparingRebalance, ...
    QList<PartitionLag> partitions;
    qint64 totalLag = 0; // over the partitions whose lag is known; -1 when it could not be measured this time
};

struct ClusterMetadata
{
    QList<BrokerDescription> brokers;
    QList<TopicDescription> topics;
    int originBroker = -1;
};

class KafkaAdmin
{
  public:
    // One partition of a librdkafka metadata answer: id, leader, replicas and ISR (also read by ClusterProbe).
    static PartitionState partitionStateOf(const rd_kafka_metadata_partition &partition);

    explicit KafkaAdmin(QString bootstrapServers);
    ~KafkaAdmin();
    KafkaAdmin(const KafkaAdmin &) = delete;
    KafkaAdmin &operator=(const KafkaAdmin &) = delete;

    // All topics, or only TOPIC when given (an unknown topic is a BadInput error).
    Expected<ClusterMetadata> metadata(int timeoutMs, const QString &topic = {});
    // Returns once the topic is visible in metadata with a leader for every partition (or after timeoutMs).
    Status createTopic(const TopicSpec &topic, int timeoutMs);
    // metadata(timeoutMs, topic), asking again for up to graceMs while the topic is unknown.
    Expected<ClusterMetadata> metadataOfExisting(const QString &topic, int timeoutMs, int graceMs = 2000);
    Status deleteTopic(const QString &name, int timeoutMs);
    // Grows topic NAME to TOTAL partitions (Kafka cannot shrink a topic).
    Status createPartitions(const QString &name, int total, int timeoutMs);
    // Every consumer group (or only GROUP) with its committed offsets and lag per partition, sorted by name, in
    // about timeoutMs at most (groups not measured in time, or whose coordinator did not answer: lag -1).
    Expected<QList<GroupLag>> consumerGroupLags(int timeoutMs, const QString &group = {});
    // Topic-level configs that differ from the broker defaults.
    Expected<QMap<QString, QString>> topicConfigs(const QString &name, int timeoutMs);

  private:
    Status ensureHandle();
    QString m_bootstrap;
    ::rd_kafka_s *m_rk = nullptr;
};

} // namespace ensemble
