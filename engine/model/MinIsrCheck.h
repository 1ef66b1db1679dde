// Which partitions cannot take acks=all writes: those whose ISR is smaller than their topic's
// min.insync.replicas (the broker answers NOT_ENOUGH_REPLICAS), now or after a broker leaves (a kill, stop or
// pause takes it out of every ISR once replica.lag.time.max.ms has passed). Pure query over ClusterState; the
// min.insync.replicas values come from the caller (the cluster file's topic configs and broker config).
#pragma once

#include "ClusterState.h"
#include "TopicSpec.h"

#include <QList>
#include <QMap>
#include <QString>

namespace ensemble {

struct UnderMinIsr
{
    QString topic;
    int partition = 0;
    int isr = 0;    // replicas in sync (after the broker left, for ifBrokerLeaves)
    int minIsr = 1; // the topic's min.insync.replicas
    bool operator==(const UnderMinIsr &) const = default;
};

class MinIsrCheck
{
  public:
    // PER_TOPIC: min.insync.replicas of topics that set it; DEFAULT_MIN_ISR: the brokers' (Kafka's default is 1).
    explicit MinIsrCheck(QMap<QString, int> perTopic = {}, int defaultMinIsr = 1)
        : m_perTopic(std::move(perTopic)), m_default(defaultMinIsr)
    {
    }

    // From a cluster file: each topic's configs, else the brokers' min.insync.replicas, else Kafka's 1.
    static MinIsrCheck fromConfigs(const QList<TopicSpec> &topics, const QMap<QString, QString> &brokerConfig);

    int minIsr(const QString &topic) const { return m_perTopic.value(topic, m_default); }
    // Partitions refusing acks=all writes now.
    QList<UnderMinIsr> now(const ClusterState &state) const;
    // Partitions that would refuse them once broker BROKER_ID is out of every ISR, and do not already.
    QList<UnderMinIsr> ifBrokerLeaves(const ClusterState &state, int brokerId) const;
    // The topics of PARTITIONS in one sentence: "orders (partitions 0, 2) and audit (partition 1)".
    static QString topicsText(const QList<UnderMinIsr> &partitions);

  private:
    QList<UnderMinIsr> scan(const ClusterState &state, int leavingBroker) const;
    QMap<QString, int> m_perTopic;
    int m_default;
};

} // namespace ensemble
