#include "MinIsrCheck.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

MinIsrCheck MinIsrCheck::fromConfigs(const QList<TopicSpec> &topics, const QMap<QString, QString> &brokerConfig)
{
    const QString key = u"min.insync.replicas"_s;
    bool ok = false;
    int fallback = brokerConfig.value(key).toInt(&ok);
    if (!ok || fallback < 1)
        fallback = 1;
    QMap<QString, int> perTopic;
    for (const TopicSpec &t : topics)
        if (const int v = t.configs.value(key).toInt(&ok); ok && v >= 1)
            perTopic.insert(t.name, v);
    return MinIsrCheck(std::move(perTopic), fallback);
}

QList<UnderMinIsr> MinIsrCheck::scan(const ClusterState &state, int leavingBroker) const
{
    QList<UnderMinIsr> out;
    for (const TopicState &topic : state.topics()) {
        const int min = minIsr(topic.name);
        for (const PartitionState &p : topic.partitions) {
            if (p.replicas.isEmpty() && p.isr.isEmpty())
                continue; // not described yet: nothing known
            int isr = int(p.isr.size());
            if (leavingBroker >= 0 && p.isr.contains(leavingBroker))
                --isr;
            // No leader refuses every write, whatever acks is; it is marked elsewhere (leader "none").
            if (isr < min)
                out.append({topic.name, p.partition, isr, min});
        }
    }
    return out;
}

QList<UnderMinIsr> MinIsrCheck::now(const ClusterState &state) const
{
    return scan(state, -1);
}

QList<UnderMinIsr> MinIsrCheck::ifBrokerLeaves(const ClusterState &state, int brokerId) const
{
    const QList<UnderMinIsr> already = now(state);
    QList<UnderMinIsr> out;
    for (const UnderMinIsr &u : scan(state, brokerId)) {
        bool was = false;
        for (const UnderMinIsr &a : already)
            was |= a.topic == u.topic && a.partition == u.partition;
        if (!was)
            out.append(u);
    }
    return out;
}

QString MinIsrCheck::topicsText(const QList<UnderMinIsr> &partitions)
{
    QMap<QString, QStringList> byTopic;
    for (const UnderMinIsr &u : partitions)
        byTopic[u.topic].append(QString::number(u.partition));
    QStringList parts;
    for (auto it = byTopic.cbegin(); it != byTopic.cend(); ++it)
        parts.append(u"%1 (partition%2 %3)"_s.arg(it.key(), it.value().size() > 1 ? u"s"_s : QString(),
                                                  it.value().join(u", "_s)));
    if (parts.size() <= 1)
        return parts.value(0);
    const QString last = parts.takeLast();
    return parts.join(u", "_s) + u" and "_s + last;
}

} // namespace ensemble
