#include "KRaftComposeExporter.h"

#include "ComposeExporter.h"
#include "FixedPortLayout.h"
#include "ImageConventions.h"
#include "KRaftLayout.h"
#include "YamlScalar.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

const QString kData = u"/var/lib/kafka/data"_s;
const QString kScripts = u"/opt/kafka/bin"_s;

QString env(const QString &name, const QString &value)
{
    return u"      "_s + name + u": "_s + yamlQuoted(value) + u'\n';
}

struct KRaftNode
{
    QString name;
    int id = 0;
    bool controller = false;
    bool broker = false;
    int hostPort = 0; // EXTERNAL listener (brokers only)
};

class KRaftComposeWriter
{
  public:
    explicit KRaftComposeWriter(const ClusterSpec &spec) : m_spec(spec)
    {
        const int brokerBase = spec.brokerPortBase > 0 ? spec.brokerPortBase : kDefaultBrokerPort;
        // The EXTERNAL listener uses the host port inside the container too: keep INTERNAL and CONTROLLER off
        // the brokers' host ports (29092 / 29093, else 39092 / 39093, ...).
        const int brokerCount = spec.combined ? spec.coordinators : spec.brokers;
        auto clashes = [&](int port) { return port >= brokerBase && port < brokerBase + brokerCount; };
        while (clashes(m_internalPort) || clashes(m_controllerPort)) {
            m_internalPort += 10000;
            m_controllerPort += 10000;
        }
        for (int i = 1; i <= spec.coordinators; ++i)
            m_nodes.append(KRaftNode{spec.coordinatorName(i), kraftNodeId(spec, true, i), true, spec.combined,
                                     spec.combined ? brokerBase + i - 1 : 0});
        if (!spec.combined)
            for (int i = 1; i <= spec.brokers; ++i)
                m_nodes.append(
                    KRaftNode{spec.brokerName(i), kraftNodeId(spec, false, i), false, true, brokerBase + i - 1});
    }

    const QList<KRaftNode> &nodes() const { return m_nodes; }
    QString image() const { return QString::fromLatin1(kComposeKRaftImage) + u':' + m_spec.effectiveKafkaVersion(); }
    int internalPort() const { return m_internalPort; }
    int controllerPort() const { return m_controllerPort; }
    QString host() const { return m_spec.listen == u"0.0.0.0" ? u"localhost"_s : m_spec.listen; }

    QString yaml() const
    {
        QString out = u"# Cluster '%1' (%2, KRaft mode) for docker compose, written by\n"
                      "# `ensemble export --format compose`. README.md beside this file says how to run it.\n"_s.arg(
                          m_spec.name, shape());
        out += u"name: "_s + composeProjectName(m_spec.name) + u"\n\n"_s;
        out += u"# Read by `ensemble import` (docker compose ignores x- keys): cluster-file settings that have no\n"
               "# meaning in a container. Ports 0 = the cluster file leaves ports to Ensemble (free ports).\n"
               "x-ensemble:\n"_s;
        out += u"  cluster: "_s + yamlScalar(m_spec.name) + u'\n';
        out += u"  ports: {coordinator: %1, broker: %2}\n"_s.arg(m_spec.coordinatorPortBase).arg(m_spec.brokerPortBase);
        if (!m_spec.kafkaVersion.isEmpty())
            out += u"  kafka_version: "_s + yamlScalar(m_spec.kafkaVersion) + u'\n';
        if (!m_spec.kafkaHome.isEmpty())
            out += u"  kafka_home: "_s + yamlScalar(m_spec.kafkaHome) + u'\n';
        if (!m_spec.java.isEmpty())
            out += u"  java: "_s + yamlScalar(m_spec.java) + u'\n';
        out += u"\nservices:\n"_s;
        for (const KRaftNode &n : m_nodes)
            out += node(n);
        if (!m_spec.topics.isEmpty())
            out += topicsService();
        out += u"volumes:\n"_s;
        for (const KRaftNode &n : m_nodes)
            out += u"  %1-data:\n"_s.arg(n.name);
        return out;
    }

    QString shape() const
    {
        return m_spec.combined ? u"%1 combined controller + broker nodes"_s.arg(m_spec.coordinators)
                               : u"%1 controllers + %2 brokers"_s.arg(m_spec.coordinators).arg(m_spec.brokers);
    }

  private:
    QString voters() const
    {
        QStringList out;
        for (const KRaftNode &n : m_nodes)
            if (n.controller)
                out.append(u"%1@%2:%3"_s.arg(n.id).arg(n.name).arg(m_controllerPort));
        return out.join(u',');
    }

    QString node(const KRaftNode &n) const
    {
        QString out = u"  %1:\n    image: %2\n"_s.arg(n.name, image());
        if (n.broker && !n.controller) {
            out += u"    depends_on:\n"_s;
            for (const KRaftNode &c : m_nodes)
                if (c.controller)
                    out += u"      %1: {condition: service_healthy}\n"_s.arg(c.name);
        }
        if (n.hostPort > 0)
            out += u"    ports:\n      - \"%1:%2:%2\"\n"_s.arg(m_spec.listen).arg(n.hostPort);
        out += u"    environment:\n"_s;
        out += env(u"KAFKA_NODE_ID"_s, QString::number(n.id));
        out += env(u"KAFKA_PROCESS_ROLES"_s, n.controller && n.broker ? u"broker,controller"_s
                                             : n.controller           ? u"controller"_s
                                                                      : u"broker"_s);
        out += u"      # Every node formats its storage with this id on first start (apache/kafka's entrypoint).\n"_s;
        out += env(u"CLUSTER_ID"_s, kraftClusterId(m_spec.name));
        out += env(u"KAFKA_CONTROLLER_QUORUM_VOTERS"_s, voters());
        out += env(u"KAFKA_CONTROLLER_LISTENER_NAMES"_s, u"CONTROLLER"_s);
        QStringList listeners, advertised;
        if (n.broker) {
            listeners << u"INTERNAL://:%1"_s.arg(m_internalPort) << u"EXTERNAL://:%1"_s.arg(n.hostPort);
            advertised << u"INTERNAL://%1:%2"_s.arg(n.name).arg(m_internalPort)
                       << u"EXTERNAL://%1:%2"_s.arg(host()).arg(n.hostPort);
        }
        if (n.controller)
            listeners << u"CONTROLLER://:%1"_s.arg(m_controllerPort);
        if (n.broker)
            out += u"      # INTERNAL: brokers and containers on this network (%1:%2); EXTERNAL: clients on the host,\n"
                   "      # through the published port; CONTROLLER: the quorum, never published.\n"_s.arg(n.name)
                       .arg(m_internalPort);
        out += env(u"KAFKA_LISTENERS"_s, listeners.join(u','));
        if (n.broker) {
            out += env(u"KAFKA_ADVERTISED_LISTENERS"_s, advertised.join(u','));
            out += env(u"KAFKA_INTER_BROKER_LISTENER_NAME"_s, u"INTERNAL"_s);
        }
        out +=
            env(u"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"_s,
                n.broker ? u"CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT"_s : u"CONTROLLER:PLAINTEXT"_s);
        out += env(u"KAFKA_LOG_DIRS"_s, kData);
        const int heap = n.controller && !n.broker ? m_spec.coordinatorHeapMb : m_spec.brokerHeapMb;
        out += env(u"KAFKA_HEAP_OPTS"_s, u"-Xmx%1m -Xms%1m"_s.arg(heap));
        for (const auto &[key, value] : kraftSharedSettings(m_spec))
            out += env(confluentEnvName(u"KAFKA_"_s, key), value);
        if (n.broker)
            // Ready = the broker answers requests: it joined the quorum, registered and opened its listeners.
            out += u"    healthcheck:\n"
                   "      test: [\"CMD\", \"%1/kafka-broker-api-versions.sh\", \"--bootstrap-server\", "
                   "\"127.0.0.1:%2\"]\n"_s.arg(kScripts)
                       .arg(m_internalPort);
        else
            // Ready = the quorum answers with a leader through this controller.
            out += u"    healthcheck:\n"
                   "      test: [\"CMD\", \"%1/kafka-metadata-quorum.sh\", \"--bootstrap-controller\", "
                   "\"127.0.0.1:%2\", \"describe\", \"--status\"]\n"_s.arg(kScripts)
                       .arg(m_controllerPort);
        out += u"      interval: 10s\n      timeout: 20s\n      retries: 30\n      start_period: 20s\n"_s;
        out += u"    volumes:\n      - %1-data:%2\n\n"_s.arg(n.name, kData);
        return out;
    }

    QString topicsService() const
    {
        QStringList bootstrap;
        for (const KRaftNode &n : m_nodes)
            if (n.broker)
                bootstrap.append(u"%1:%2"_s.arg(n.name).arg(m_internalPort));
        QString out = u"  # One-shot: creates the cluster's topics once every broker is healthy, then exits.\n"
                      "  create-topics:\n    image: %1\n    depends_on:\n"_s.arg(image());
        for (const KRaftNode &n : m_nodes)
            if (n.broker)
                out += u"      %1: {condition: service_healthy}\n"_s.arg(n.name);
        out += u"    restart: \"no\"\n    entrypoint: [\"/bin/bash\", \"-c\"]\n    command:\n      - |\n"
               "        set -e\n"_s;
        for (const TopicSpec &t : m_spec.topics) {
            QString line = u"        %1/kafka-topics.sh --bootstrap-server %2 --create --if-not-exists --topic %3 "
                           "--partitions %4 --replication-factor %5"_s.arg(kScripts, bootstrap.join(u','), t.name)
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
    QList<KRaftNode> m_nodes;
    int m_internalPort = kComposeInternalPort;
    int m_controllerPort = kKRaftControllerPort;
};

QString readme(const ClusterSpec &spec, const KRaftComposeWriter &w)
{
    QStringList bootstrap, rows;
    for (const KRaftNode &n : w.nodes()) {
        if (n.broker)
            bootstrap.append(u"%1:%2"_s.arg(w.host()).arg(n.hostPort));
        rows.append(u"| %1 | %2 | %3 | %4 |"_s
                        .arg(n.name, n.controller && n.broker ? u"controller + broker"_s
                                     : n.controller           ? u"controller"_s
                                                              : u"broker"_s)
                        .arg(n.id)
                        .arg(n.broker
                                 ? u"%1:%2 (EXTERNAL), %3:%4 inside the network (INTERNAL)"_s.arg(w.host())
                                       .arg(n.hostPort)
                                       .arg(n.name)
                                       .arg(w.internalPort())
                                 : u"%1:%2 inside the network (CONTROLLER)"_s.arg(n.name).arg(w.controllerPort())));
    }
    QString out = u"# Cluster '%1' in docker compose (KRaft)\n\n"_s.arg(spec.name);
    out += u"Written by `ensemble export --format compose`: %1 in KRaft mode, Apache Kafka %2, with the cluster "
           "file's node names, ids, settings and topics.\n\n"_s.arg(w.shape(), spec.effectiveKafkaVersion());
    out += u"## Run it\n\n```sh\ndocker compose up -d          # %1\ndocker compose ps             # wait "
           "until every node says (healthy)\n"_s.arg(spec.combined
                                                         ? u"the combined nodes start together and elect a leader"_s
                                                         : u"controllers first; brokers once the quorum is healthy"_s);
    if (!spec.topics.isEmpty())
        out += u"docker compose logs create-topics   # \"topics ready\" once the topics exist\n"_s;
    out += u"docker compose down -v        # stop and delete the data volumes\n```\n\n"_s;
    out += u"Clients on this machine: `bootstrap.servers=%1`.\n\n"_s.arg(bootstrap.join(u','));
    out += u"| node | role | node.id | address |\n|---|---|---|---|\n"_s + rows.join(u'\n') + u"\n\n"_s;
    out +=
        u"## How it is laid out\n\n"
        "- Image: `%1` (apache/kafka images run KRaft only, one tag per Apache Kafka release).\n"
        "- One `CLUSTER_ID` for every node (derived from the cluster name, so the file is the same at every "
        "export); each node formats its volume with it on first start.\n"
        "- `KAFKA_CONTROLLER_QUORUM_VOTERS` lists every controller as `id@service:%2`, the same on every node.\n"
        "- Listeners: CONTROLLER (port %2) for the quorum, inside the network only; INTERNAL (port %3) for the "
        "brokers among themselves and for other containers; EXTERNAL, published on %4 only, advertises the "
        "published address so a client on the host is told addresses it can reach.\n"
        "- Healthchecks: a controller is healthy when `kafka-metadata-quorum.sh describe --status` answers "
        "through it, a broker when `kafka-broker-api-versions.sh` does%5.\n"
        "- Data lives in named volumes (`docker volume ls`), one per node.\n"_s.arg(w.image())
            .arg(w.controllerPort())
            .arg(w.internalPort())
            .arg(spec.listen)
            .arg(spec.combined ? QString() : u"; brokers wait for `condition: service_healthy` of every controller"_s);
    if (spec.brokerPortBase == 0)
        out += u"- The cluster file leaves ports to Ensemble (free ports at every start); here they are fixed: "
               "brokers from %1. Set `ports:` in the cluster file to choose others.\n"_s.arg(kDefaultBrokerPort);
    out += u"\n## Break it\n\n```sh\ndocker compose kill %1     # a controller dies: the quorum elects a new "
           "leader\ndocker compose start %1\n```\n"_s.arg(spec.coordinatorName(1));
    return out;
}

} // namespace

Expected<QList<ExportedFile>> exportKRaftCompose(const ClusterSpec &spec)
{
    const int brokerBase = spec.brokerPortBase > 0 ? spec.brokerPortBase : kDefaultBrokerPort;
    const int brokers = spec.combined ? spec.coordinators : spec.brokers;
    if (brokerBase + brokers - 1 > 65535)
        return Error::badInput(u"the broker ports from %1 run past 65535 — choose another first port under "
                               "`ports:`"_s.arg(brokerBase));
    const KRaftComposeWriter writer(spec);
    return QList<ExportedFile>{
        ExportedFile{u"docker-compose.yml"_s, writer.yaml()},
        ExportedFile{u"README.md"_s, readme(spec, writer)},
    };
}

} // namespace ensemble
