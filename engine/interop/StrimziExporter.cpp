#include "StrimziExporter.h"

#include "FixedPortLayout.h"
#include "KRaftLayout.h"
#include "NodeConfig.h"
#include "YamlScalar.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// Strimzi's KafkaClusterSpec.FORBIDDEN_PREFIXES / FORBIDDEN_PREFIX_EXCEPTIONS (1.2.0; 0.45.2 has the same list
// without the last two prefixes and without the KRaft exceptions), read from strimzi/strimzi-kafka-operator.
const QStringList &forbiddenKafkaPrefixes()
{
    static const QStringList prefixes = {
        u"listeners"_s,
        u"advertised."_s,
        u"broker."_s,
        u"listener."_s,
        u"host.name"_s,
        u"port"_s,
        u"inter.broker.listener.name"_s,
        u"sasl."_s,
        u"ssl."_s,
        u"security."_s,
        u"password."_s,
        u"log.dir"_s,
        u"zookeeper.connect"_s,
        u"zookeeper.set.acl"_s,
        u"zookeeper.ssl"_s,
        u"zookeeper.clientCnxnSocket"_s,
        u"authorizer."_s,
        u"super.user"_s,
        u"cruise.control.metrics.topic"_s,
        u"cruise.control.metrics.reporter.bootstrap.servers"_s,
        u"node.id"_s,
        u"process.roles"_s,
        u"controller."_s,
        u"metadata.log.dir"_s,
        u"zookeeper.metadata.migration.enable"_s,
        u"client.quota.callback.static.kafka.admin."_s,
        u"client.quota.callback.static.produce"_s,
        u"client.quota.callback.static.fetch"_s,
        u"client.quota.callback.static.storage.per.volume.limit.min.available."_s,
        u"client.quota.callback.static.excluded.principal.name.list"_s,
        u"prometheus.metrics.reporter."_s,
        u"cordoned.log.dirs"_s,
    };
    return prefixes;
}

const QStringList &kafkaPrefixExceptions(ClusterMode mode)
{
    static const QStringList common = {
        u"zookeeper.connection.timeout.ms"_s,
        u"sasl.server.max.receive.size"_s,
        u"ssl.cipher.suites"_s,
        u"ssl.protocol"_s,
        u"ssl.enabled.protocols"_s,
        u"ssl.secure.random.implementation"_s,
        u"cruise.control.metrics.topic.num.partitions"_s,
        u"cruise.control.metrics.topic.replication.factor"_s,
        u"cruise.control.metrics.topic.retention.ms"_s,
        u"cruise.control.metrics.topic.auto.create.retries"_s,
        u"cruise.control.metrics.topic.auto.create.timeout.ms"_s,
        u"cruise.control.metrics.topic.min.insync.replicas"_s,
        u"controller.quorum.election.backoff.max.ms"_s,
        u"controller.quorum.election.timeout.ms"_s,
        u"controller.quorum.fetch.timeout.ms"_s,
    };
    static const QStringList kraft =
        common + QStringList{u"broker.session.timeout.ms"_s, u"broker.heartbeat.interval.ms"_s,
                             u"controller.socket.timeout.ms"_s};
    return mode == ClusterMode::KRaft ? kraft : common;
}

bool forbiddenKafkaKey(const QString &key, ClusterMode mode)
{
    if (kafkaPrefixExceptions(mode).contains(key))
        return false;
    for (const QString &p : forbiddenKafkaPrefixes())
        if (key.startsWith(p))
            return true;
    return false;
}

// Where the settings Strimzi refuses in spec.kafka.config went instead.
QString forbiddenKafkaKeyFate(const QString &key, ClusterMode mode)
{
    if ((key == u"broker.id" || key == u"node.id") && mode == ClusterMode::ZooKeeper)
        return u"Strimzi numbers the brokers itself, from 0"_s;
    if (key == u"broker.id" || key == u"node.id")
        return u"Strimzi numbers the nodes itself; the node pools ask for Ensemble's ids "
               "(annotation strimzi.io/next-node-ids)"_s;
    if (key == u"listeners" || key == u"advertised.listeners" || key.startsWith(u"listener."_s) ||
        key == u"inter.broker.listener.name")
        return u"spec.kafka.listeners"_s;
    if (key.startsWith(u"log.dir"_s) || key == u"metadata.log.dir")
        return u"the storage of the node pools (or spec.kafka.storage)"_s;
    if (key == u"zookeeper.connect")
        return u"spec.zookeeper (Strimzi connects the brokers to its own ZooKeeper)"_s;
    if (key == u"process.roles")
        return u"the roles of the node pools"_s;
    if (key.startsWith(u"controller."_s))
        return u"Strimzi configures the controller quorum from the node pools"_s;
    return u"left out: Strimzi sets it itself or through its own fields (see its KafkaClusterSpec)"_s;
}

// Strimzi's ZookeeperClusterSpec.FORBIDDEN_PREFIXES and exceptions (0.45.2).
bool forbiddenZooKeeperKey(const QString &key)
{
    static const QStringList prefixes = {u"server."_s,
                                         u"dataDir"_s,
                                         u"dataLogDir"_s,
                                         u"clientPort"_s,
                                         u"authProvider"_s,
                                         u"quorum.auth"_s,
                                         u"requireClientAuthScheme"_s,
                                         u"snapshot.trust.empty"_s,
                                         u"standaloneEnabled"_s,
                                         u"reconfigEnabled"_s,
                                         u"4lw.commands.whitelist"_s,
                                         u"secureClientPort"_s,
                                         u"ssl."_s,
                                         u"serverCnxnFactory"_s,
                                         u"sslQuorum"_s};
    static const QStringList exceptions = {u"ssl.protocol"_s,
                                           u"ssl.quorum.protocol"_s,
                                           u"ssl.enabledProtocols"_s,
                                           u"ssl.quorum.enabledProtocols"_s,
                                           u"ssl.ciphersuites"_s,
                                           u"ssl.quorum.ciphersuites"_s,
                                           u"ssl.hostnameVerification"_s,
                                           u"ssl.quorum.hostnameVerification"_s};
    if (exceptions.contains(key))
        return false;
    for (const QString &p : prefixes)
        if (key.startsWith(p))
            return true;
    return false;
}

bool isInteger(const QString &value)
{
    bool ok = false;
    value.toLongLong(&ok);
    return ok && !value.startsWith(u'+') && !(value.size() > 1 && value.startsWith(u'0'));
}

// A config value: numbers and booleans as YAML numbers / booleans (Strimzi passes them on as text), the rest
// as plain or quoted strings.
QString configValue(const QString &value)
{
    if (isInteger(value) || value == u"true" || value == u"false")
        return value;
    return yamlQuoted(value);
}

class StrimziWriter
{
  public:
    explicit StrimziWriter(const ClusterSpec &spec)
        : m_spec(spec), m_kraft(spec.mode == ClusterMode::KRaft), m_name(kubernetesName(spec.name))
    {
        const QString wanted = spec.effectiveKafkaVersion();
        const bool supported = m_kraft ? (wanted == u"4.3.0" || wanted == u"4.3.1")
                                       : (wanted == u"3.9.0" || wanted == u"3.9.1" || wanted == u"3.9.2");
        m_kafkaVersion =
            supported ? wanted : QString::fromLatin1(m_kraft ? kStrimziKRaftKafka : kStrimziZooKeeperKafka);
        if (!supported)
            m_notes.append(u"Kafka %1: Strimzi %2 does not support it; the resources ask for Kafka %3, the newest "
                           "version it runs"_s.arg(wanted, strimziVersion(), m_kafkaVersion));
    }

    QString strimziVersion() const
    {
        return QString::fromLatin1(m_kraft ? kStrimziKRaftVersion : kStrimziZooKeeperVersion);
    }
    QString apiVersion() const { return m_kraft ? u"kafka.strimzi.io/v1"_s : u"kafka.strimzi.io/v1beta2"_s; }
    QString name() const { return m_name; }
    QString kafkaVersion() const { return m_kafkaVersion; }
    const QStringList &notes() const { return m_notes; }

    QString kafkaYaml()
    {
        QString out = u"# Cluster '%1' as Strimzi %2 resources (%3), written by `ensemble export --format strimzi`.\n"
                      "# README.md beside this file says how to install Strimzi and apply them.\n"_s.arg(
                          m_spec.name, strimziVersion(), apiVersion());
        if (m_kraft)
            out += nodePools();
        out +=
            u"---\napiVersion: %1\nkind: Kafka\nmetadata:\n  name: %2\nspec:\n  kafka:\n"_s.arg(apiVersion(), m_name);
        out += u"    version: %1\n"_s.arg(m_kafkaVersion);
        if (m_kraft)
            out += u"    metadataVersion: %1-IV0\n"_s.arg(m_kafkaVersion.section(u'.', 0, 1));
        else
            out += u"    replicas: %1\n"_s.arg(m_spec.brokers);
        out += u"    # Clients inside Kubernetes: %1-kafka-bootstrap:9092. From outside, add an external listener\n"
               "    # (type: nodeport, loadbalancer, ingress or route) or use kubectl port-forward.\n"
               "    listeners:\n"
               "      - name: plain\n        port: 9092\n        type: internal\n        tls: false\n"_s.arg(m_name);
        out += config(u"    config:\n"_s, brokerConfig());
        if (!m_kraft) {
            out += jvmOptions(u"    "_s, m_spec.brokerHeapMb);
            out += u"    storage:\n      type: jbod\n      volumes:\n"
                   "        - id: 0\n          type: persistent-claim\n          size: 10Gi\n"
                   "          deleteClaim: false\n"_s;
            out += u"  zookeeper:\n    replicas: %1\n"_s.arg(m_spec.coordinators);
            out += config(u"    config:\n"_s, zooKeeperConfig());
            out += jvmOptions(u"    "_s, m_spec.coordinatorHeapMb);
            out += u"    storage:\n      type: persistent-claim\n      size: 10Gi\n      deleteClaim: false\n"_s;
        }
        out += u"  # The Topic Operator turns the KafkaTopic resources (topics.yaml) into topics.\n"
               "  entityOperator:\n    topicOperator: {}\n    userOperator: {}\n"_s;
        return out;
    }

    QString topicsYaml() const
    {
        QString out = u"# The topics of cluster '%1' as KafkaTopic resources, for the Topic Operator. Apply them once\n"
                      "# the Kafka resource is Ready.\n"_s.arg(m_spec.name);
        for (const TopicSpec &t : m_spec.topics) {
            const QString resource = kubernetesName(t.name);
            out += u"---\napiVersion: %1\nkind: KafkaTopic\nmetadata:\n  name: %2\n  labels:\n"
                   "    strimzi.io/cluster: %3\nspec:\n"_s.arg(apiVersion(), resource, m_name);
            if (resource != t.name) // Kubernetes names are lower case; the topic keeps its own name
                out += u"  topicName: %1\n"_s.arg(yamlScalar(t.name));
            out += u"  partitions: %1\n  replicas: %2\n"_s.arg(t.partitions).arg(t.replicationFactor);
            QList<std::pair<QString, QString>> configs;
            for (auto it = t.configs.begin(); it != t.configs.end(); ++it)
                configs.append({it.key(), it.value()});
            out += config(u"  config:\n"_s, configs);
        }
        return out;
    }

  private:
    QString nodePools()
    {
        QString out;
        auto pool = [&](const QString &poolName, const QStringList &roles, int replicas, int firstId, int heapMb) {
            out += u"---\napiVersion: %1\nkind: KafkaNodePool\nmetadata:\n  name: %2\n  labels:\n"
                   "    strimzi.io/cluster: %3\n  annotations:\n"
                   "    # Ensemble's node ids; Strimzi takes them for the nodes it creates.\n"
                   "    strimzi.io/next-node-ids: \"[%4-%5]\"\nspec:\n  replicas: %6\n  roles:\n"_s
                       .arg(apiVersion(), poolName, m_name)
                       .arg(firstId)
                       .arg(firstId + replicas - 1)
                       .arg(replicas);
            for (const QString &r : roles)
                out += u"    - "_s + r + u'\n';
            out += u"  storage:\n    type: jbod\n    volumes:\n      - id: 0\n        type: persistent-claim\n"
                   "        size: 10Gi\n        deleteClaim: false\n        kraftMetadata: shared\n"_s;
            out += jvmOptions(u"  "_s, heapMb);
        };
        if (m_spec.combined) {
            pool(u"combined"_s, {u"controller"_s, u"broker"_s}, m_spec.coordinators, 1, m_spec.brokerHeapMb);
        } else {
            pool(u"controller"_s, {u"controller"_s}, m_spec.coordinators, 101, m_spec.coordinatorHeapMb);
            pool(u"broker"_s, {u"broker"_s}, m_spec.brokers, 1, m_spec.brokerHeapMb);
        }
        return out;
    }

    static QString jvmOptions(const QString &indent, int heapMb)
    {
        return indent + u"jvmOptions:\n"_s + indent + u"  -Xms: %1m\n"_s.arg(heapMb) + indent +
               u"  -Xmx: %1m\n"_s.arg(heapMb);
    }

    static QString config(const QString &header, const QList<std::pair<QString, QString>> &settings)
    {
        if (settings.isEmpty())
            return {};
        QString out = header;
        const QString indent = QString(header.indexOf(u'c') + 2, u' ');
        for (const auto &[key, value] : settings)
            out += indent + yamlScalar(key) + u": "_s + configValue(value) + u'\n';
        return out;
    }

    // What Ensemble writes into every server.properties, without what Strimzi sets itself.
    QList<std::pair<QString, QString>> brokerConfig()
    {
        NodeConfig::Properties settings;
        if (m_kraft) {
            settings = kraftSharedSettings(m_spec);
        } else if (auto layout = fixedPortLayout(m_spec); layout && !layout->brokers().isEmpty()) {
            settings = NodeConfig::brokerProperties(m_spec, layout.value(), layout->brokers().first(), u"/data"_s);
        }
        QList<std::pair<QString, QString>> out;
        for (const auto &[key, value] : settings) {
            if (forbiddenKafkaKey(key, m_spec.mode)) {
                const QString note = u"`%1` (broker setting): %2"_s.arg(key, forbiddenKafkaKeyFate(key, m_spec.mode));
                if (!m_notes.contains(note))
                    m_notes.append(note);
                continue;
            }
            out.append({key, value});
        }
        return out;
    }

    QList<std::pair<QString, QString>> zooKeeperConfig()
    {
        auto layout = fixedPortLayout(m_spec);
        if (!layout || layout->coordinators().isEmpty())
            return {};
        QList<std::pair<QString, QString>> out;
        for (const auto &[key, value] :
             NodeConfig::zooKeeperProperties(m_spec, layout.value(), layout->coordinators().first(), u"/data"_s)) {
            if (forbiddenZooKeeperKey(key) || key == u"clientPortAddress" || key.startsWith(u"admin."_s)) {
                if (!key.startsWith(u"server."_s) && key != u"dataDir" && key != u"clientPort")
                    m_notes.append(u"`%1` (ZooKeeper setting): left out, Strimzi sets it itself"_s.arg(key));
                continue;
            }
            out.append({key, value});
        }
        return out;
    }

    const ClusterSpec &m_spec;
    bool m_kraft;
    QString m_name;
    QString m_kafkaVersion;
    QStringList m_notes;
};

QString readme(const ClusterSpec &spec, const StrimziWriter &w)
{
    const bool kraft = spec.mode == ClusterMode::KRaft;
    const QString version = w.strimziVersion();
    QString out = u"# Cluster '%1' on Kubernetes with Strimzi\n\n"_s.arg(spec.name);
    out += u"Written by `ensemble export --format strimzi`: the cluster as custom resources of the Strimzi operator "
           "%1 (`%2`), running Apache Kafka %3 in %4 mode.\n\n"_s.arg(version, w.apiVersion(), w.kafkaVersion(),
                                                                      kraft ? u"KRaft"_s : u"ZooKeeper"_s);
    if (kraft)
        out += spec.combined ? u"- KafkaNodePool `combined`: %1 nodes that are controllers and brokers (node ids "
                               "1..%1).\n"_s.arg(spec.coordinators)
                             : u"- KafkaNodePool `controller`: %1 KRaft controllers (node ids 101..%2).\n"
                               "- KafkaNodePool `broker`: %3 brokers (node ids 1..%3).\n"_s.arg(spec.coordinators)
                                   .arg(100 + spec.coordinators)
                                   .arg(spec.brokers);
    else
        out += u"- Kafka `%1`: %2 ZooKeeper servers and %3 brokers. Strimzi 0.45 is the last Strimzi line with "
               "ZooKeeper mode (Strimzi 0.46 and 1.x run KRaft only), and Kafka 3.9 the last Kafka line with it.\n"_s
                   .arg(w.name())
                   .arg(spec.coordinators)
                   .arg(spec.brokers);
    if (!spec.topics.isEmpty())
        out +=
            u"- %1 KafkaTopic resource(s) in topics.yaml, created by the Topic Operator.\n"_s.arg(spec.topics.size());
    out += u"\n## 1. Install Strimzi %1\n\n```sh\nkubectl create namespace kafka\n"
           "helm install strimzi-cluster-operator oci://quay.io/strimzi-helm/strimzi-kafka-operator \\\n"
           "  --version %1 --namespace kafka\n```\n\n"
           "(or the release's `strimzi-cluster-operator-%1.yaml` from "
           "https://github.com/strimzi/strimzi-kafka-operator/releases/tag/%1, with the namespace in its "
           "RoleBindings set to `kafka`). This version matters: the resources use its API (`%2`).\n\n"_s.arg(
               version, w.apiVersion());
    out += u"## 2. Apply, in this order\n\n```sh\n"
           "kubectl apply -n kafka -f kafka.yaml           # %1the Kafka resource\n"
           "kubectl wait -n kafka kafka/%2 --for=condition=Ready --timeout=900s\n"_s.arg(
               kraft ? u"node pools first, then "_s : QString(), w.name());
    if (!spec.topics.isEmpty())
        out += u"kubectl apply -n kafka -f topics.yaml          # once the cluster is Ready\n"
               "kubectl get -n kafka kafkatopics\n"_s;
    out += u"```\n\nInside the cluster, clients bootstrap from `%1-kafka-bootstrap.kafka.svc:9092`. From this "
           "machine: `kubectl port-forward -n kafka svc/%1-kafka-bootstrap 9092` only reaches the bootstrap; add an "
           "external listener (`type: nodeport` or `loadbalancer`) for clients outside Kubernetes.\n\n"_s.arg(w.name());
    out += u"## What differs from the cluster Ensemble runs\n\n"
           "- Storage: one 10Gi persistent volume per node (`deleteClaim: false`); change `size` to your needs.\n"
           "- Listen address and ports (`listen`, `ports`) have no meaning here: Strimzi's listener is port 9092 "
           "inside Kubernetes.\n"_s;
    for (const QString &n : w.notes())
        out += u"- "_s + n + u'\n';
    return out;
}

} // namespace

bool isStrimziForbiddenKafkaKey(const QString &key, ClusterMode mode)
{
    return forbiddenKafkaKey(key, mode);
}

bool isStrimziForbiddenZooKeeperKey(const QString &key)
{
    return forbiddenZooKeeperKey(key);
}

QString kubernetesName(const QString &name)
{
    QString out;
    for (const QChar c : name.toLower())
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'-' || c == u'.' ? c : u'-';
    while (!out.isEmpty() && !out.front().isLetterOrNumber())
        out.remove(0, 1);
    while (!out.isEmpty() && !out.back().isLetterOrNumber())
        out.chop(1);
    out.truncate(63);
    return out.isEmpty() ? u"ensemble"_s : out;
}

Expected<QList<ExportedFile>> exportStrimzi(const ClusterSpec &spec)
{
    if (auto layout = fixedPortLayout(spec); !layout)
        return layout.error();
    StrimziWriter writer(spec);
    QList<ExportedFile> files{{u"kafka.yaml"_s, writer.kafkaYaml()}};
    if (!spec.topics.isEmpty())
        files.append({u"topics.yaml"_s, writer.topicsYaml()});
    files.append({u"README.md"_s, readme(spec, writer)});
    return files;
}

} // namespace ensemble
