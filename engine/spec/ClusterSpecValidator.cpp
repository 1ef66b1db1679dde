#include "ClusterSpecValidator.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// Settings Ensemble writes itself for each node; a pass-through value would break the cluster.
const QSet<QString> &managedBrokerKeys()
{
    static const QSet<QString> keys = {u"broker.id"_s,
                                       u"node.id"_s,
                                       u"listeners"_s,
                                       u"advertised.listeners"_s,
                                       u"log.dirs"_s,
                                       u"log.dir"_s,
                                       u"zookeeper.connect"_s,
                                       u"process.roles"_s,
                                       u"controller.quorum.voters"_s,
                                       u"controller.quorum.bootstrap.servers"_s,
                                       u"controller.listener.names"_s,
                                       u"listener.security.protocol.map"_s,
                                       u"inter.broker.listener.name"_s,
                                       u"metadata.log.dir"_s};
    return keys;
}

const QSet<QString> &managedCoordinatorKeys()
{
    static const QSet<QString> keys = {u"dataDir"_s,
                                       u"dataLogDir"_s,
                                       u"clientPort"_s,
                                       u"clientPortAddress"_s,
                                       u"process.roles"_s,
                                       u"node.id"_s,
                                       u"controller.quorum.voters"_s,
                                       u"listeners"_s,
                                       u"log.dirs"_s,
                                       u"metadata.log.dir"_s};
    return keys;
}

class Validator
{
  public:
    explicit Validator(const ClusterSpec &spec) : m_spec(spec) {}

    QList<Diagnostic> run()
    {
        checkName();
        checkCounts();
        checkListen();
        checkPorts();
        checkHeap();
        checkTopics();
        checkConfig(u"broker_config"_s, m_spec.brokerConfig, managedBrokerKeys());
        checkConfig(u"coordinator_config"_s, m_spec.coordinatorConfig, managedCoordinatorKeys());
        return m_out;
    }

  private:
    void add(Severity severity, const QString &key, const QString &message, const QString &hint)
    {
        // A value the file does not spell out (a default, a broker-wide setting) is reported where its closest
        // written parent is: topics[0].configs -> topics[0].
        QString place = key;
        SourceMark m = m_spec.markOf(place);
        while (m.line == 0 && place.contains(u'.')) {
            place.truncate(place.lastIndexOf(u'.'));
            m = m_spec.markOf(place);
        }
        m_out.append(Diagnostic{severity, m.line, m.column, message, hint});
    }
    void error(const QString &key, const QString &message, const QString &hint = {})
    {
        add(Severity::Error, key, message, hint);
    }
    void warning(const QString &key, const QString &message, const QString &hint = {})
    {
        add(Severity::Warning, key, message, hint);
    }

    void checkName()
    {
        static const QRegularExpression valid(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
        if (!valid.match(m_spec.name).hasMatch())
            error(u"name"_s, u"cluster name '%1' is not usable as a directory name"_s.arg(m_spec.name),
                  u"use letters, digits, '.', '_' and '-' (at most 64)"_s);
    }

    void checkCounts()
    {
        const bool kraft = m_spec.mode == ClusterMode::KRaft;
        checkVersion();
        if (m_spec.coordinators < 1 || m_spec.coordinators > 9)
            error(u"coordinators"_s, u"coordinators must be between 1 and 9, not %1"_s.arg(m_spec.coordinators),
                  u"3 or 5 is usual"_s);
        else if (m_spec.coordinators % 2 == 0)
            warning(u"coordinators"_s,
                    u"an even number of %1 (%2) tolerates no more failures than %3"_s
                        .arg(kraft ? u"KRaft controllers"_s : u"ZooKeeper servers"_s)
                        .arg(m_spec.coordinators)
                        .arg(m_spec.coordinators - 1),
                    u"use an odd number such as %1"_s.arg(m_spec.coordinators + 1));
        if (m_spec.combined && !kraft)
            error(u"combined"_s, u"`combined: true` is a KRaft setting"_s,
                  u"add `mode: kraft`, or remove `combined`"_s);
        if (kraft && m_spec.combined) {
            if (m_spec.brokers != 0)
                error(u"brokers"_s,
                      u"`combined: true` runs the %1 coordinators as brokers too, so brokers must be 0, not %2"_s
                          .arg(m_spec.coordinators)
                          .arg(m_spec.brokers),
                      u"remove `brokers` (or set `combined: false` for separate brokers)"_s);
        } else if (m_spec.brokers < 1 || m_spec.brokers > 16) {
            error(u"brokers"_s, u"brokers must be between 1 and 16, not %1"_s.arg(m_spec.brokers));
        }
    }

    void checkVersion()
    {
        static const QRegularExpression version(u"^(\\d+)\\.(\\d+)\\.(\\d+)$"_s);
        if (m_spec.kafkaVersion.isEmpty())
            return;
        const auto m = version.match(m_spec.kafkaVersion);
        if (!m.hasMatch()) {
            error(u"kafka_version"_s, u"'%1' is not a Kafka version"_s.arg(m_spec.kafkaVersion),
                  u"write it as MAJOR.MINOR.PATCH, e.g. 4.4.0 or 3.9.2"_s);
            return;
        }
        const int major = m.captured(1).toInt(), minor = m.captured(2).toInt();
        if (m_spec.mode == ClusterMode::ZooKeeper && major >= 4)
            error(u"kafka_version"_s, u"Kafka %1 has no ZooKeeper mode (4.x is KRaft-only)"_s.arg(m_spec.kafkaVersion),
                  u"use `mode: kraft`, or `kafka_version: 3.9.2` for ZooKeeper mode"_s);
        if (m_spec.mode == ClusterMode::KRaft && (major < 3 || (major == 3 && minor < 9)))
            error(u"kafka_version"_s, u"Ensemble runs KRaft on Kafka 3.9 and 4.x, not %1"_s.arg(m_spec.kafkaVersion),
                  u"use `kafka_version: 3.9.2` or 4.4.0"_s);
    }

    void checkListen()
    {
        QHostAddress address;
        if (!address.setAddress(m_spec.listen) || address.protocol() != QAbstractSocket::IPv4Protocol) {
            error(u"listen"_s, u"'%1' is not an IPv4 address"_s.arg(m_spec.listen),
                  u"use 127.0.0.1 (this machine only)"_s);
            return;
        }
        if (address == QHostAddress::AnyIPv4)
            warning(u"listen"_s, u"listening on 0.0.0.0 exposes every node to the whole network"_s,
                    u"use 127.0.0.1 unless other machines must reach the cluster"_s);
        else if (!address.isLoopback())
            warning(u"listen"_s, u"nodes will listen on %1, reachable from outside this machine"_s.arg(m_spec.listen),
                    u"use 127.0.0.1 unless other machines must reach the cluster"_s);
    }

    void checkPortRange(const QString &key, int base, int count)
    {
        if (base == 0)
            return;
        const qint64 last = qint64(base) + count - 1; // 64-bit: a huge base must not overflow
        if (base < 1024 || last > 65535)
            error(key, u"port range %1-%2 is outside 1024-65535"_s.arg(base).arg(last),
                  u"pick a first port between 1024 and %1, or leave it out to use free ports"_s.arg(65536 - count));
    }

    void checkPorts()
    {
        checkPortRange(u"ports.coordinator"_s, m_spec.coordinatorPortBase, m_spec.coordinators);
        checkPortRange(u"ports.broker"_s, m_spec.brokerPortBase, m_spec.brokers);
        const int c = m_spec.coordinatorPortBase, b = m_spec.brokerPortBase;
        if (c != 0 && b != 0 && qint64(c) < qint64(b) + m_spec.brokers && qint64(b) < qint64(c) + m_spec.coordinators)
            error(u"ports.broker"_s,
                  u"broker ports %1-%2 overlap coordinator ports %3-%4"_s.arg(b)
                      .arg(b + m_spec.brokers - 1)
                      .arg(c)
                      .arg(c + m_spec.coordinators - 1),
                  u"move one range, e.g. coordinator: 2181, broker: 9092"_s);
    }

    void checkHeap()
    {
        if (m_spec.coordinatorHeapMb < 32 || m_spec.coordinatorHeapMb > 32768)
            error(u"heap_mb"_s, u"coordinator heap %1 MB is outside 32-32768"_s.arg(m_spec.coordinatorHeapMb));
        if (m_spec.brokerHeapMb < 64 || m_spec.brokerHeapMb > 32768)
            error(u"heap_mb"_s, u"broker heap %1 MB is outside 64-32768"_s.arg(m_spec.brokerHeapMb),
                  u"256 is enough for a development broker"_s);
        else if (m_spec.brokerHeapMb < 192)
            warning(u"heap_mb"_s, u"a broker heap of %1 MB may run out of memory under load"_s.arg(m_spec.brokerHeapMb),
                    u"use at least 256"_s);
    }

    void checkTopics()
    {
        static const QRegularExpression legal(u"^[A-Za-z0-9._-]+$"_s);
        QSet<QString> seen;
        // Combined KRaft nodes are the brokers (`brokers` is 0 there).
        const int brokers = m_spec.combined ? m_spec.coordinators : m_spec.brokers;
        for (qsizetype i = 0; i < m_spec.topics.size(); ++i) {
            const TopicSpec &t = m_spec.topics[i];
            const QString key = u"topics[%1]"_s.arg(i);
            if (t.name.isEmpty())
                continue; // reported by the reader
            if (!legal.match(t.name).hasMatch() || t.name.size() > 249 || t.name == u"." || t.name == u"..")
                error(key + u".name"_s, u"'%1' is not a legal Kafka topic name"_s.arg(t.name),
                      u"use letters, digits, '.', '_' and '-' (at most 249)"_s);
            if (seen.contains(t.name))
                error(key + u".name"_s, u"topic '%1' is listed twice"_s.arg(t.name), u"remove one of them"_s);
            seen.insert(t.name);
            if (t.partitions < 1 || t.partitions > 10000)
                error(key + u".partitions"_s,
                      u"topic '%1' needs 1 to 10000 partitions, not %2"_s.arg(t.name).arg(t.partitions));
            if (t.replicationFactor < 1)
                error(key + u".replication_factor"_s,
                      u"topic '%1' needs a replication factor of at least 1"_s.arg(t.name));
            else if (t.replicationFactor > brokers)
                warning(key + u".replication_factor"_s,
                        u"topic '%1' asks for %2 replicas but the cluster has %3 brokers; Kafka will refuse to "
                        "create it"_s.arg(t.name)
                            .arg(t.replicationFactor)
                            .arg(brokers),
                        u"lower replication_factor to %1 or add brokers"_s.arg(brokers));
            const QString minIsr =
                t.configs.value(u"min.insync.replicas"_s, m_spec.brokerConfig.value(u"min.insync.replicas"_s));
            bool ok = false;
            const int isr = minIsr.toInt(&ok);
            if (ok && isr >= t.replicationFactor && t.replicationFactor > 1)
                warning(key + u".configs"_s,
                        u"topic '%1' has min.insync.replicas=%2 with replication factor %3: one broker down stops "
                        "every acks=all write"_s.arg(t.name)
                            .arg(isr)
                            .arg(t.replicationFactor),
                        u"use min.insync.replicas=%1"_s.arg(t.replicationFactor - 1));
        }
    }

    void checkConfig(const QString &section, const QMap<QString, QString> &config, const QSet<QString> &managed)
    {
        for (auto it = config.begin(); it != config.end(); ++it) {
            const bool serverLine = section == u"coordinator_config" && it.key().startsWith(u"server.");
            if (managed.contains(it.key()) || serverLine)
                error(section + u'.' + it.key(), u"'%1' is set by Ensemble for each node"_s.arg(it.key()),
                      u"remove it from %1; use ports/listen in the cluster file instead"_s.arg(section));
        }
    }

    const ClusterSpec &m_spec;
    QList<Diagnostic> m_out;
};

} // namespace

QList<Diagnostic> validateClusterSpec(const ClusterSpec &spec)
{
    return Validator(spec).run();
}

} // namespace ensemble
