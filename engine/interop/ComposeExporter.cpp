#include "ComposeExporter.h"

#include "FixedPortLayout.h"
#include "ImageConventions.h"
#include "KRaftComposeExporter.h"
#include "NodeConfig.h"
#include "YamlScalar.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

QString composeProjectName(const QString &clusterName)
{
    QString out;
    for (const QChar c : clusterName.toLower())
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' || c == u'-' ? c : u'-';
    while (!out.isEmpty() && !out.front().isLetterOrNumber())
        out.remove(0, 1);
    return out.isEmpty() ? u"ensemble"_s : out;
}

namespace {

const QString kZooKeeperData = u"/var/lib/zookeeper/data"_s;
const QString kZooKeeperLog = u"/var/lib/zookeeper/log"_s;
const QString kKafkaData = u"/var/lib/kafka/data"_s;

QString env(const QString &name, const QString &value)
{
    return u"      "_s + name + u": "_s + yamlQuoted(value) + u'\n';
}

// The address clients on the Docker host use: the published address, or localhost when published everywhere.
QString advertisedHost(const ClusterSpec &spec)
{
    return spec.listen == u"0.0.0.0" ? u"localhost"_s : spec.listen;
}

class ComposeWriter
{
  public:
    ComposeWriter(const ClusterSpec &spec, const ClusterLayout &layout) : m_spec(spec), m_layout(layout) {}

    QString yaml()
    {
        const QList<NodeLayout> zks = m_layout.coordinators();
        const QList<NodeLayout> brokers = m_layout.brokers();
        QString out;
        out +=
            u"# Cluster '%1' (%2 ZooKeeper + %3 Kafka, ZooKeeper mode) for docker compose, written by\n"
            "# `ensemble export --format compose`. README.md beside this file says how to run it.\n"_s.arg(m_spec.name)
                .arg(m_spec.coordinators)
                .arg(m_spec.brokers);
        out += u"name: "_s + composeProjectName(m_spec.name) + u"\n\n"_s;
        out += extension();
        out += u"services:\n"_s;
        for (const NodeLayout &z : zks)
            out += zookeeper(z);
        for (const NodeLayout &b : brokers)
            out += broker(b);
        if (!m_spec.topics.isEmpty())
            out += topicsService();
        out += u"volumes:\n"_s;
        for (const NodeLayout &z : zks)
            out += u"  %1-data:\n  %1-log:\n"_s.arg(z.name);
        for (const NodeLayout &b : brokers)
            out += u"  %1-data:\n"_s.arg(b.name);
        return out;
    }

  private:
    // Cluster-file settings docker has no use for, so that `ensemble import` gives the same cluster back.
    QString extension() const
    {
        QString out = u"# Read by `ensemble import` (docker compose ignores x- keys): cluster-file settings that have "
                      u"no\n"
                      "# meaning in a container. Ports 0 = the cluster file leaves ports to Ensemble (free ports).\n"
                      "x-ensemble:\n"_s;
        out += u"  cluster: "_s + yamlScalar(m_spec.name) + u'\n';
        out += u"  ports: {coordinator: %1, broker: %2}\n"_s.arg(m_spec.coordinatorPortBase).arg(m_spec.brokerPortBase);
        if (!m_spec.kafkaHome.isEmpty())
            out += u"  kafka_home: "_s + yamlScalar(m_spec.kafkaHome) + u'\n';
        if (!m_spec.java.isEmpty())
            out += u"  java: "_s + yamlScalar(m_spec.java) + u'\n';
        return out + u'\n';
    }

    QString published(int port) const { return u"      - \"%1:%2:%2\"\n"_s.arg(m_spec.listen).arg(port); }

    QString zookeeper(const NodeLayout &z) const
    {
        QString out = u"  %1:\n    image: %2\n"_s.arg(z.name, QString::fromLatin1(kComposeZooKeeperImage));
        out += u"    ports:\n"_s + published(z.clientPort);
        out += u"    environment:\n"_s;
        out += env(u"ZOOKEEPER_SERVER_ID"_s, QString::number(z.id));
        out += env(u"ZOOKEEPER_CLIENT_PORT"_s, QString::number(z.clientPort));
        if (m_spec.coordinators > 1) {
            QStringList servers;
            for (const NodeLayout &s : m_layout.coordinators())
                servers.append(u"%1:2888:3888"_s.arg(s.name));
            out += u"      # host:2888:3888 = followers connect to the leader on 2888, leader election runs "
                   u"on 3888;\n"
                   "      # cp-zookeeper numbers the entries server.1, server.2 ... in this order.\n"_s;
            out += env(u"ZOOKEEPER_SERVERS"_s, servers.join(u';'));
        }
        QStringList systemProperties;
        const NodeConfig::Properties props = NodeConfig::zooKeeperProperties(m_spec, m_layout, z, kZooKeeperData);
        for (const auto &[key, value] : props) {
            if (key == u"dataDir" || key == u"clientPort" || key == u"clientPortAddress" ||
                key.startsWith(u"server."_s))
                continue;
            const QString name = confluentZooKeeperEnv(key);
            if (name.isEmpty())
                systemProperties.append(u"-Dzookeeper."_s + key + u'=' + value);
            else
                out += env(name, value);
        }
        out += env(u"KAFKA_HEAP_OPTS"_s, u"-Xmx%1m -Xms%1m"_s.arg(m_spec.coordinatorHeapMb));
        if (!systemProperties.isEmpty()) {
            out +=
                u"      # settings cp-zookeeper has no variable for, as the system properties ZooKeeper also reads\n"_s;
            out += env(u"KAFKA_OPTS"_s, systemProperties.join(u' '));
        }
        // `srvr` answers "Mode: leader|follower|standalone" only while the server serves (is in a quorum).
        out +=
            u"    healthcheck:\n"
            "      test: [\"CMD\", \"bash\", \"-c\", \"exec 3<>/dev/tcp/127.0.0.1/%1 && echo srvr >&3 && [[ "
            "$$(cat <&3) == *Mode:* ]]\"]\n"
            "      interval: 5s\n      timeout: 5s\n      retries: 30\n      start_period: 10s\n"_s.arg(z.clientPort);
        out += u"    volumes:\n      - %1-data:%2\n      - %1-log:%3\n\n"_s.arg(z.name, kZooKeeperData, kZooKeeperLog);
        return out;
    }

    QString broker(const NodeLayout &b) const
    {
        QString out = u"  %1:\n    image: %2\n"_s.arg(b.name, QString::fromLatin1(kComposeKafkaImage));
        out += u"    depends_on:\n"_s;
        for (const NodeLayout &z : m_layout.coordinators())
            out += u"      %1: {condition: service_healthy}\n"_s.arg(z.name);
        out += u"    ports:\n"_s + published(b.clientPort);
        out += u"    environment:\n"_s;
        out += env(u"KAFKA_BROKER_ID"_s, QString::number(b.id));
        QStringList connect;
        for (const NodeLayout &z : m_layout.coordinators())
            connect.append(u"%1:%2"_s.arg(z.name).arg(z.clientPort));
        out += env(u"KAFKA_ZOOKEEPER_CONNECT"_s, connect.join(u','));
        out += u"      # INTERNAL: brokers and containers on this network (kafka-N:%1); EXTERNAL: clients on "
               u"the host,\n"
               "      # through the published port, so it advertises the published address, not the container name.\n"_s
                   .arg(kComposeInternalPort);
        out += env(u"KAFKA_LISTENERS"_s,
                   u"INTERNAL://0.0.0.0:%1,EXTERNAL://0.0.0.0:%2"_s.arg(kComposeInternalPort).arg(b.clientPort));
        out += env(u"KAFKA_ADVERTISED_LISTENERS"_s, u"INTERNAL://%1:%2,EXTERNAL://%3:%4"_s.arg(b.name)
                                                        .arg(kComposeInternalPort)
                                                        .arg(advertisedHost(m_spec))
                                                        .arg(b.clientPort));
        out += env(u"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"_s, u"INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT"_s);
        out += env(u"KAFKA_INTER_BROKER_LISTENER_NAME"_s, u"INTERNAL"_s);
        out += env(u"KAFKA_HEAP_OPTS"_s, u"-Xmx%1m -Xms%1m"_s.arg(m_spec.brokerHeapMb));
        const NodeConfig::Properties props = NodeConfig::brokerProperties(m_spec, m_layout, b, kKafkaData);
        for (const auto &[key, value] : props) {
            if (key == u"broker.id" || key == u"listeners" || key == u"advertised.listeners" || key == u"log.dirs" ||
                key == u"zookeeper.connect")
                continue;
            out += env(confluentEnvName(u"KAFKA_"_s, key), value);
        }
        // Ready = the broker answers requests (it registered in ZooKeeper and opened its listeners).
        out += u"    healthcheck:\n"
               "      test: [\"CMD\", \"kafka-broker-api-versions\", \"--bootstrap-server\", \"127.0.0.1:%1\"]\n"
               "      interval: 10s\n      timeout: 20s\n      retries: 30\n      start_period: 20s\n"_s.arg(
                   kComposeInternalPort);
        out += u"    volumes:\n      - %1-data:%2\n\n"_s.arg(b.name, kKafkaData);
        return out;
    }

    QString topicsService() const
    {
        QStringList bootstrap;
        for (const NodeLayout &b : m_layout.brokers())
            bootstrap.append(u"%1:%2"_s.arg(b.name).arg(kComposeInternalPort));
        QString out =
            u"  # One-shot: creates the cluster's topics once every broker is healthy, then exits.\n"
            "  create-topics:\n    image: %1\n    depends_on:\n"_s.arg(QString::fromLatin1(kComposeKafkaImage));
        for (const NodeLayout &b : m_layout.brokers())
            out += u"      %1: {condition: service_healthy}\n"_s.arg(b.name);
        out += u"    restart: \"no\"\n    entrypoint: [\"/bin/bash\", \"-c\"]\n    command:\n      - |\n"_s;
        out += u"        set -e\n"_s;
        for (const TopicSpec &t : m_spec.topics) {
            QString line = u"        kafka-topics --bootstrap-server %1 --create --if-not-exists --topic %2 "
                           "--partitions %3 --replication-factor %4"_s.arg(bootstrap.join(u','), t.name)
                               .arg(t.partitions)
                               .arg(t.replicationFactor);
            for (auto it = t.configs.begin(); it != t.configs.end(); ++it)
                line += u" --config "_s + it.key() + u'=' + it.value();
            out += line + u'\n';
        }
        out += u"        echo \"topics ready\"\n\n"_s;
        return out;
    }

    const ClusterSpec &m_spec;
    const ClusterLayout &m_layout;
};

QString readme(const ClusterSpec &spec, const ClusterLayout &layout)
{
    QStringList bootstrap, zk, rows;
    for (const NodeLayout &n : layout.nodes) {
        const QString address = u"%1:%2"_s.arg(advertisedHost(spec)).arg(n.clientPort);
        (n.kind == NodeKind::Broker ? bootstrap : zk).append(address);
        rows.append(u"| %1 | %2 | %3 | %4 |"_s
                        .arg(n.name, n.kind == NodeKind::Broker ? u"Kafka broker"_s : u"ZooKeeper server"_s)
                        .arg(n.id)
                        .arg(n.kind == NodeKind::Broker
                                 ? u"%1 (EXTERNAL), %2:%3 inside the network (INTERNAL)"_s.arg(address, n.name)
                                       .arg(kComposeInternalPort)
                                 : address + u" (client)"_s));
    }
    QString out = u"# Cluster '%1' in docker compose\n\n"_s.arg(spec.name);
    out += u"Written by `ensemble export --format compose`: the same %1 ZooKeeper + %2 Kafka cluster "
           u"Ensemble runs as "
           "processes, as containers. Node names, ids, settings and topics are the cluster file's.\n\n"_s
               .arg(spec.coordinators)
               .arg(spec.brokers);
    out += u"## Run it\n\n```sh\ndocker compose up -d          # ZooKeeper first; brokers start once the "
           "ZooKeeper servers are healthy\ndocker compose ps             # wait until every node says (healthy)\n"_s;
    if (!spec.topics.isEmpty())
        out += u"docker compose logs create-topics   # \"topics ready\" once the topics exist\n"_s;
    out += u"docker compose down -v        # stop and delete the data volumes\n```\n\n"_s;
    out += u"Clients on this machine: `bootstrap.servers=%1`. ZooKeeper: `%2`.\n\n"_s.arg(bootstrap.join(u','),
                                                                                          zk.join(u','));
    out += u"| node | role | id | address |\n|---|---|---|---|\n"_s + rows.join(u'\n') + u"\n\n"_s;
    out += u"## How it is laid out\n\n"
           "- Images: `%1` and `%2` (Confluent Platform 7.9 = Apache Kafka 3.9, the last Kafka line with "
           "ZooKeeper "
           "mode, the mode Ensemble runs). See docs/configs.md in Ensemble for why these images.\n"
           "- Every published port is bound to %3 only: nothing is reachable from other machines.\n"
           "- Each broker has two listeners. INTERNAL (port %4) is what brokers use among themselves and what "
           "containers on this network use (`kafka-1:%4`). EXTERNAL is published on the host and advertises the "
           "published address, so a client on the host that bootstraps from it is told addresses it can reach.\n"
           "- ZooKeeper servers list each other as `host:2888:3888`: followers connect to the leader on 2888, "
           "leader "
           "election runs on 3888.\n"
           "- Brokers wait for `condition: service_healthy` of every ZooKeeper server (a healthcheck that asks "
           "`srvr` for the server's mode), not just for their containers to start.\n"
           "- Data lives in named volumes (`docker volume ls`), one per node.\n"_s
               .arg(QString::fromLatin1(kComposeZooKeeperImage), QString::fromLatin1(kComposeKafkaImage), spec.listen)
               .arg(kComposeInternalPort);
    if (spec.coordinatorPortBase == 0 || spec.brokerPortBase == 0)
        out += u"- The cluster file leaves ports to Ensemble (free ports at every start); here they are fixed: "
               "ZooKeeper from %1, Kafka from %2. Set `ports:` in the cluster file to choose others.\n"_s
                   .arg(spec.coordinatorPortBase ? spec.coordinatorPortBase : kDefaultCoordinatorPort)
                   .arg(spec.brokerPortBase ? spec.brokerPortBase : kDefaultBrokerPort);
    out += u"\n## Break it\n\n```sh\ndocker compose kill kafka-2      # a broker dies: partitions elect new "
           "leaders\ndocker compose start kafka-2\ndocker compose pause zookeeper-1  # freeze a ZooKeeper "
           "server\n"
           "docker compose unpause zookeeper-1\n```\n"_s;
    return out;
}

} // namespace

Expected<QList<ExportedFile>> exportCompose(const ClusterSpec &spec)
{
    if (spec.mode == ClusterMode::KRaft)
        return exportKRaftCompose(spec);
    auto layout = fixedPortLayout(spec);
    if (!layout)
        return layout.error();
    return QList<ExportedFile>{
        ExportedFile{u"docker-compose.yml"_s, ComposeWriter(spec, layout.value()).yaml()},
        ExportedFile{u"README.md"_s, readme(spec, layout.value())},
    };
}

} // namespace ensemble
