#include "ComposeImporter.h"

#include "ClusterSpecValidator.h"
#include "ComposeTopology.h"
#include "FixedPortLayout.h"
#include "KRaftLayout.h"
#include "NodeConfig.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace ensemble {

QString clusterNameFrom(const QString &text)
{
    QString out;
    for (const QChar c : text)
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'.' || c == u'_' || c == u'-' ? c : u'-';
    while (!out.isEmpty() && !out.front().isLetterOrNumber())
        out.remove(0, 1);
    out.truncate(64);
    return out.isEmpty() ? u"imported"_s : out;
}

namespace {

// Settings the cluster file cannot carry per node: Ensemble writes them from its own layout.
bool isManagedBrokerKey(const QString &key)
{
    static const QSet<QString> keys = {u"broker.id"_s,
                                       u"node.id"_s,
                                       u"listeners"_s,
                                       u"advertised.listeners"_s,
                                       u"zookeeper.connect"_s,
                                       u"log.dirs"_s,
                                       u"log.dir"_s,
                                       u"listener.security.protocol.map"_s,
                                       u"inter.broker.listener.name"_s,
                                       u"process.roles"_s,
                                       u"advertised.host.name"_s,
                                       u"advertised.port"_s,
                                       u"host.name"_s,
                                       u"port"_s,
                                       u"security.inter.broker.protocol"_s,
                                       u"cluster.id"_s};
    return keys.contains(key);
}

bool isManagedZooKeeperKey(const QString &key)
{
    static const QSet<QString> keys = {u"dataDir"_s, u"dataLogDir"_s, u"clientPort"_s, u"clientPortAddress"_s,
                                       u"secureClientPort"_s};
    return keys.contains(key) || key.startsWith(u"server."_s);
}

QMap<QString, QString> toMap(const NodeConfig::Properties &props)
{
    QMap<QString, QString> out;
    for (const auto &[k, v] : props)
        out.insert(k, v);
    return out;
}

// What is left of SETTINGS once those Ensemble writes anyway (with the same value) are taken out.
QMap<QString, QString> beyond(const QMap<QString, QString> &settings, const QMap<QString, QString> &generated)
{
    QMap<QString, QString> out;
    for (auto it = settings.begin(); it != settings.end(); ++it)
        if (!generated.contains(it.key()) || generated.value(it.key()) != it.value())
            out.insert(it.key(), it.value());
    return out;
}

QString joinInts(const QList<int> &values)
{
    QStringList parts;
    for (int v : values)
        parts.append(QString::number(v));
    return parts.join(u", "_s);
}

// The first port of a range, and whether the ports are first, first+1, ...
int firstPort(const QList<int> &ports, bool *consecutive)
{
    *consecutive = true;
    if (ports.isEmpty() || ports.first() <= 0)
        return 0;
    for (qsizetype i = 0; i < ports.size(); ++i)
        if (ports[i] != ports.first() + i)
            *consecutive = false;
    return ports.first();
}

class Importer
{
  public:
    Importer(const ComposeFile &file, const QString &fallbackName, ImportCheck check)
        : m_file(file), m_fallbackName(fallbackName), m_check(check)
    {
    }

    ImportResult run()
    {
        m_topology = interpretCompose(m_file);
        m_result.skipped = m_topology.skipped;
        if (m_topology.brokers.isEmpty()) {
            fail(u"no Kafka broker service found"_s, u"Ensemble imports services using wurstmeister/kafka, "
                                                     u"confluentinc/cp-kafka, bitnami/kafka or "
                                                     "apache/kafka images"_s);
            return m_result;
        }
        noteRecognisedByEnvironment();
        const bool kraft = std::any_of(m_topology.brokers.begin(), m_topology.brokers.end(),
                                       [](const KafkaBroker &b) { return b.kraft; });
        if (kraft)
            return runKRaft();
        if (m_topology.zookeepers.isEmpty()) {
            fail(u"no ZooKeeper service found, and no Kafka service sets process.roles (KRaft)"_s,
                 u"Ensemble imports ZooKeeper-mode clusters (services using wurstmeister/zookeeper, "
                 "confluentinc/cp-zookeeper, bitnami/zookeeper or zookeeper images) and KRaft clusters (Kafka "
                 "services with KAFKA_PROCESS_ROLES / KAFKA_CFG_PROCESS_ROLES)"_s);
            return m_result;
        }
        sortNodes();
        ClusterSpec spec;
        spec.name = clusterName();
        spec.coordinators = int(m_topology.zookeepers.size());
        spec.brokers = int(m_topology.brokers.size());
        readPorts(spec);
        readListen(spec);
        readHeap(spec);
        readTopics(spec);
        spec.kafkaHome = m_file.extension.value(u"kafka_home"_s);
        spec.java = m_file.extension.value(u"java"_s);
        readSettings(spec);
        noteImageQuirks();
        return finish(spec);
    }

  private:
    ImportResult finish(const ClusterSpec &spec)
    {
        if (m_check == ImportCheck::SkipValidation) {
            m_result.spec = spec;
            return m_result;
        }
        const QList<Diagnostic> problems = validateClusterSpec(spec);
        for (const Diagnostic &d : problems)
            if (d.severity == Severity::Error)
                m_result.diagnostics.append(
                    Diagnostic{Severity::Error, 0, 0, u"the imported cluster is not valid: "_s + d.message, d.hint});
        if (!hasErrors(m_result.diagnostics))
            m_result.spec = spec;
        return m_result;
    }

    // KRaft: controllers, brokers or combined nodes (process.roles), each group in node-id order.
    ImportResult runKRaft()
    {
        QList<KafkaBroker> controllers, brokers, combined;
        for (const KafkaBroker &b : m_topology.brokers) {
            if (!b.kraft)
                note(u"%1 sets no process.roles: a ZooKeeper-mode broker in a KRaft file, left out"_s.arg(b.service));
            else if (b.isCombined())
                combined.append(b);
            else if (b.isController())
                controllers.append(b);
            else if (b.isBroker())
                brokers.append(b);
        }
        if (!m_topology.zookeepers.isEmpty())
            note(u"the ZooKeeper services are left out: the Kafka services run in KRaft mode"_s);
        if (brokers.isEmpty() && combined.isEmpty()) {
            fail(u"the KRaft nodes are all controllers: there is no broker to import"_s,
                 u"add services with KAFKA_PROCESS_ROLES=broker (or broker,controller)"_s);
            return m_result;
        }
        if (controllers.isEmpty() && combined.isEmpty()) {
            fail(u"the KRaft nodes are all brokers: there is no controller quorum to import"_s,
                 u"add services with KAFKA_PROCESS_ROLES=controller (or broker,controller)"_s);
            return m_result;
        }
        auto byId = [](QList<KafkaBroker> &nodes) {
            std::stable_sort(nodes.begin(), nodes.end(), [](const KafkaBroker &a, const KafkaBroker &b) {
                return (a.id >= 0 ? a.id : INT_MAX) < (b.id >= 0 ? b.id : INT_MAX);
            });
        };
        byId(controllers);
        byId(brokers);
        byId(combined);

        ClusterSpec spec;
        spec.name = clusterName();
        spec.mode = ClusterMode::KRaft;
        if (controllers.isEmpty() && brokers.isEmpty()) {
            spec.combined = true;
            spec.coordinators = int(combined.size());
            spec.brokers = 0;
        } else {
            if (!combined.isEmpty())
                note(u"%1 are controllers and brokers while other nodes are only one of them: Ensemble runs either "
                     "combined nodes or separate controllers and brokers, so they become controllers"_s.arg(
                         services(combined)));
            controllers += combined;
            spec.coordinators = int(controllers.size());
            spec.brokers = int(brokers.size());
        }
        const QList<KafkaBroker> coordinators = spec.combined ? combined : controllers;
        const QList<KafkaBroker> brokerNodes = spec.combined ? combined : brokers;
        noteKRaftIds(spec, coordinators, brokerNodes);
        readKRaftPorts(spec, brokerNodes);
        readListen(spec);
        for (const KafkaBroker &b : coordinators)
            if (b.heapMb > 0 && !spec.combined) {
                spec.coordinatorHeapMb = std::min(b.heapMb, 32768);
                break;
            }
        for (const KafkaBroker &b : brokerNodes)
            if (b.heapMb > 0) {
                spec.brokerHeapMb = b.heapMb;
                break;
            }
        readTopics(spec);
        spec.kafkaHome = m_file.extension.value(u"kafka_home"_s);
        spec.java = m_file.extension.value(u"java"_s);
        spec.kafkaVersion = kraftVersion();
        readKRaftSettings(spec);
        noteClusterIdAndVoters(spec, coordinators);
        return finish(spec);
    }

    static QString services(const QList<KafkaBroker> &nodes)
    {
        QStringList names;
        for (const KafkaBroker &b : nodes)
            names.append(b.service);
        return names.join(u", "_s);
    }

    void noteKRaftIds(const ClusterSpec &spec, const QList<KafkaBroker> &coordinators,
                      const QList<KafkaBroker> &brokerNodes)
    {
        auto check = [&](const QList<KafkaBroker> &nodes, bool coordinator, const QString &what) {
            QList<int> ids, expected;
            for (qsizetype i = 0; i < nodes.size(); ++i) {
                ids.append(nodes[i].id);
                expected.append(kraftNodeId(spec, coordinator, int(i) + 1));
            }
            if (ids != expected)
                note(u"%1 %2 (node.id %3) become %4 with node.id %5: Ensemble numbers its nodes itself"_s.arg(
                    what, services(nodes), joinInts(ids),
                    nodes.size() == 1 ? (coordinator ? spec.coordinatorName(1) : spec.brokerName(1))
                                      : (coordinator ? spec.coordinatorName(1) : spec.brokerName(1)) + u".."_s +
                                            QString::number(nodes.size()),
                    joinInts(expected)));
        };
        if (spec.combined) {
            check(coordinators, true, u"combined nodes"_s);
            return;
        }
        check(coordinators, true, u"controllers"_s);
        check(brokerNodes, false, u"brokers"_s);
    }

    void readKRaftPorts(ClusterSpec &spec, const QList<KafkaBroker> &brokerNodes)
    {
        QList<int> ports;
        for (const KafkaBroker &b : brokerNodes)
            ports.append(b.hostPort);
        bool consecutive = true;
        const int first = firstPort(ports, &consecutive);
        if (ports.contains(0)) {
            note(u"not every broker publishes a listener for clients on the host: Ensemble picks free broker ports "
                 "at start"_s);
        } else if (!consecutive) {
            note(u"the brokers' host ports %1 are not consecutive: Ensemble gives them the ports %2.."_s
                     .arg(joinInts(ports))
                     .arg(first));
        }
        const int base = ports.contains(0) ? 0 : first;
        if (spec.combined)
            spec.coordinatorPortBase = 0; // combined nodes are numbered by the broker ports
        spec.brokerPortBase = base;
        bool ok = false;
        if (const int c = m_file.extension.value(u"ports.coordinator"_s).toInt(&ok); ok)
            spec.coordinatorPortBase = c;
        if (const int b = m_file.extension.value(u"ports.broker"_s).toInt(&ok); ok)
            spec.brokerPortBase = b;
    }

    // The Kafka version: what `ensemble export` wrote, else an apache/kafka tag that is a release.
    QString kraftVersion() const
    {
        if (const QString v = m_file.extension.value(u"kafka_version"_s); !v.isEmpty())
            return v;
        static const QRegularExpression release(u"^\\d+\\.\\d+\\.\\d+$"_s);
        for (const KafkaBroker &b : m_topology.brokers) {
            const ImageInfo image = classifyImage(m_file.services.at(b.serviceIndex).image);
            if (image.family == ImageFamily::ApacheKafka && release.match(image.tag).hasMatch() &&
                image.tag != QLatin1StringView(kDefaultKRaftKafkaVersion))
                return image.tag;
        }
        return {};
    }

    void readKRaftSettings(ClusterSpec &spec)
    {
        QMap<QString, QString> settings;
        for (const KafkaBroker &b : m_topology.brokers)
            for (auto it = b.properties.begin(); it != b.properties.end(); ++it) {
                if (!b.kraft || isManagedBrokerKey(it.key()) || isKRaftNodeKey(it.key()))
                    continue;
                if (settings.contains(it.key()) && settings.value(it.key()) != it.value())
                    note(u"%1 sets %2=%3 but another node sets %4: the cluster file has one value for every node, "
                         "%4"_s.arg(b.service, it.key(), it.value(), settings.value(it.key())));
                else
                    settings.insert(it.key(), it.value());
            }
        QMap<QString, QString> best;
        int bestCount = INT_MAX;
        for (const Profile profile : {Profile::Demo, Profile::Default}) {
            ClusterSpec candidate = spec;
            candidate.profile = profile;
            const QMap<QString, QString> generated = toMap(kraftSharedSettings(candidate));
            const QMap<QString, QString> left = beyond(settings, generated);
            // A profile setting the file does not have counts against the profile too: a file without the demo
            // timeouts runs Kafka's own.
            int missing = 0;
            for (auto it = generated.begin(); it != generated.end(); ++it)
                missing += settings.contains(it.key()) ? 0 : 1;
            if (int(left.size()) + missing < bestCount) {
                bestCount = int(left.size()) + missing;
                best = left;
                spec.profile = profile;
            }
        }
        spec.brokerConfig = best;
    }

    void noteClusterIdAndVoters(const ClusterSpec &spec, const QList<KafkaBroker> &coordinators)
    {
        QStringList ids;
        for (const KafkaBroker &b : m_topology.brokers)
            if (!b.clusterId.isEmpty() && !ids.contains(b.clusterId))
                ids.append(b.clusterId);
        if (!ids.isEmpty() && ids != QStringList{kraftClusterId(spec.name)})
            note(u"CLUSTER_ID %1 is not carried over: Ensemble formats its KRaft nodes with a cluster id of its "
                 "own"_s.arg(ids.join(u", "_s)));
        QList<int> voterIds;
        for (const KafkaBroker &b : coordinators)
            for (const QuorumVoter &v : b.voters)
                if (!voterIds.contains(v.id))
                    voterIds.append(v.id);
        if (voterIds.size() > coordinators.size())
            note(u"controller.quorum.voters names %1 voters but the file has %2 controller service(s): the cluster "
                 "file has one voter per controller"_s.arg(voterIds.size())
                     .arg(coordinators.size()));
    }

    void noteRecognisedByEnvironment()
    {
        for (const KafkaBroker &b : m_topology.brokers) {
            if (!b.recognisedByEnvironment)
                continue;
            const ComposeService &s = m_file.services.at(b.serviceIndex);
            note(u"%1 is %2, which says nothing about what it runs: its KAFKA_* variables make it a Kafka node, "
                 "read as %3 reads them"_s.arg(s.name,
                                               s.built             ? u"built from a Dockerfile"_s
                                               : s.image.isEmpty() ? u"without an image"_s
                                                                   : u"image "_s + s.image,
                                               familyName(b.family)));
        }
    }

    void fail(const QString &message, const QString &hint)
    {
        m_result.diagnostics.append(Diagnostic{Severity::Error, 0, 0, message, hint});
    }
    void note(const QString &text) { m_result.notes.append(text); }

    void sortNodes()
    {
        // By id; nodes without one keep their file order after those with one.
        std::stable_sort(m_topology.zookeepers.begin(), m_topology.zookeepers.end(),
                         [](const ZooKeeperNode &a, const ZooKeeperNode &b) {
                             return (a.id > 0 ? a.id : INT_MAX) < (b.id > 0 ? b.id : INT_MAX);
                         });
        std::stable_sort(m_topology.brokers.begin(), m_topology.brokers.end(),
                         [](const KafkaBroker &a, const KafkaBroker &b) {
                             return (a.id >= 0 ? a.id : INT_MAX) < (b.id >= 0 ? b.id : INT_MAX);
                         });
        QList<int> zkIds, brokerIds;
        QStringList zkServices, brokerServices;
        for (const ZooKeeperNode &z : m_topology.zookeepers) {
            zkIds.append(z.id);
            zkServices.append(z.service);
        }
        for (const KafkaBroker &b : m_topology.brokers) {
            brokerIds.append(b.id);
            brokerServices.append(b.service);
        }
        auto numbered = [](const QList<int> &ids) { // ids not given (0 or -1) take any number
            for (qsizetype i = 0; i < ids.size(); ++i)
                if (ids[i] > 0 && ids[i] != i + 1)
                    return false;
            return true;
        };
        if (!numbered(zkIds))
            note(u"ZooKeeper services %1 (myid %2) become zookeeper-1..%3: Ensemble numbers servers from 1"_s
                     .arg(zkServices.join(u", "_s), joinInts(zkIds))
                     .arg(zkIds.size()));
        if (!numbered(brokerIds) || brokerIds.contains(0))
            note(u"Kafka services %1 (broker.id %2) become kafka-1..%3 with broker.id 1..%3: Ensemble numbers "
                 "brokers from 1"_s.arg(brokerServices.join(u", "_s), joinInts(brokerIds))
                     .arg(brokerIds.size()));
    }

    QString clusterName() const
    {
        if (const QString n = m_file.extension.value(u"cluster"_s); !n.isEmpty())
            return n;
        return clusterNameFrom(m_file.projectName.isEmpty() ? m_fallbackName : m_file.projectName);
    }

    void readPorts(ClusterSpec &spec)
    {
        QList<int> zkPorts, brokerPorts;
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            zkPorts.append(z.hostPort > 0 ? z.hostPort : z.clientPort);
        for (const KafkaBroker &b : m_topology.brokers)
            brokerPorts.append(b.hostPort);
        bool zkConsecutive = true, brokerConsecutive = true;
        spec.coordinatorPortBase = firstPort(zkPorts, &zkConsecutive);
        spec.brokerPortBase = firstPort(brokerPorts, &brokerConsecutive);
        if (std::find(brokerPorts.begin(), brokerPorts.end(), 0) != brokerPorts.end()) {
            spec.brokerPortBase = 0;
            note(u"not every broker publishes a listener for clients on the host: Ensemble picks free broker "
                 u"ports "
                 "at start"_s);
        } else if (!brokerConsecutive) {
            note(u"the brokers' host ports %1 are not consecutive: Ensemble gives kafka-1..%2 the ports %3.."_s
                     .arg(joinInts(brokerPorts))
                     .arg(brokerPorts.size())
                     .arg(spec.brokerPortBase));
        }
        if (!zkConsecutive)
            note(u"the ZooKeeper client ports %1 are not consecutive: Ensemble gives zookeeper-1..%2 the ports %3.."_s
                     .arg(joinInts(zkPorts))
                     .arg(zkPorts.size())
                     .arg(spec.coordinatorPortBase));
        // What `ensemble export` wrote for a cluster that leaves ports to Ensemble.
        if (m_file.extension.value(u"ports.coordinator"_s) == u"0")
            spec.coordinatorPortBase = 0;
        if (m_file.extension.value(u"ports.broker"_s) == u"0")
            spec.brokerPortBase = 0;
        const int c = spec.coordinatorPortBase, b = spec.brokerPortBase;
        if (c && b && c < b + spec.brokers && b < c + spec.coordinators) {
            note(u"the ZooKeeper and Kafka ports overlap once numbered from %1 and %2: Ensemble picks free "
                 u"ports "
                 "instead"_s.arg(c)
                     .arg(b));
            spec.coordinatorPortBase = spec.brokerPortBase = 0;
        }
    }

    void readListen(ClusterSpec &spec)
    {
        QSet<QString> ips;
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            if (z.hostPort > 0)
                ips.insert(z.hostIp);
        for (const KafkaBroker &b : m_topology.brokers)
            if (b.hostPort > 0)
                ips.insert(b.hostIp);
        QHostAddress address;
        if (ips.size() == 1 && address.setAddress(*ips.begin()) &&
            address.protocol() == QAbstractSocket::IPv4Protocol) {
            spec.listen = *ips.begin();
            return;
        }
        if (ips.contains(QString()) || ips.contains(u"0.0.0.0"_s))
            note(u"the compose file publishes ports on every network interface; the cluster listens on "
                 u"127.0.0.1 "
                 "only (set `listen:` to change that)"_s);
    }

    void readHeap(ClusterSpec &spec)
    {
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            if (z.heapMb > 0) {
                spec.coordinatorHeapMb = z.heapMb;
                break;
            }
        for (const KafkaBroker &b : m_topology.brokers)
            if (b.heapMb > 0) {
                spec.brokerHeapMb = b.heapMb;
                break;
            }
    }

    void readTopics(ClusterSpec &spec)
    {
        QMap<QString, TopicSpec> seen;
        for (const TopicDeclaration &d : m_topology.topics) {
            if (seen.contains(d.topic.name)) {
                if (!(seen.value(d.topic.name) == d.topic))
                    note(u"topic %1 is declared differently in %2 (%3): the first declaration is kept"_s.arg(
                        d.topic.name, d.service, d.source));
                continue;
            }
            seen.insert(d.topic.name, d.topic);
            spec.topics.append(d.topic);
            for (const KafkaBroker &b : m_topology.brokers)
                if (b.service == d.service && d.source == u"KAFKA_CREATE_TOPICS" &&
                    readEnv(b.family, d.source).kind == EnvReading::Kind::Ignored)
                    note(u"topic %1 comes from KAFKA_CREATE_TOPICS, which %2 does not read: the compose file "
                         u"never "
                         "creates it, Ensemble will"_s.arg(d.topic.name, familyName(b.family)));
        }
    }

    void readSettings(ClusterSpec &spec)
    {
        // Broker settings: one broker_config for all brokers.
        QMap<QString, QString> broker;
        for (const KafkaBroker &b : m_topology.brokers) {
            for (auto it = b.properties.begin(); it != b.properties.end(); ++it) {
                if (isManagedBrokerKey(it.key()))
                    continue;
                if (broker.contains(it.key()) && broker.value(it.key()) != it.value())
                    note(u"%1 sets %2=%3 but another broker sets %4: the cluster file has one value for every "
                         "broker, %4"_s.arg(b.service, it.key(), it.value(), broker.value(it.key())));
                else
                    broker.insert(it.key(), it.value());
            }
        }
        QMap<QString, QString> coordinator;
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            for (auto it = z.properties.begin(); it != z.properties.end(); ++it)
                if (!isManagedZooKeeperKey(it.key()) && !coordinator.contains(it.key()))
                    coordinator.insert(it.key(), it.value());

        // The profile whose own settings explain most of the file; the rest is broker_config /
        // coordinator_config.
        auto leftovers = [&](Profile profile, QMap<QString, QString> *b, QMap<QString, QString> *c) {
            ClusterSpec candidate = spec;
            candidate.profile = profile;
            auto layout = fixedPortLayout(candidate);
            ClusterLayout l = layout ? layout.value() : ClusterLayout{};
            if (l.nodes.isEmpty()) {
                *b = broker;
                *c = coordinator;
                return int(b->size() + c->size());
            }
            *b = beyond(broker, toMap(NodeConfig::brokerProperties(candidate, l, l.brokers().first(), {})));
            *c =
                beyond(coordinator, toMap(NodeConfig::zooKeeperProperties(candidate, l, l.coordinators().first(), {})));
            return int(b->size() + c->size());
        };
        QMap<QString, QString> demoBroker, demoZk, defaultBroker, defaultZk;
        const int demo = leftovers(Profile::Demo, &demoBroker, &demoZk);
        const int standard = leftovers(Profile::Default, &defaultBroker, &defaultZk);
        spec.profile = standard < demo ? Profile::Default : Profile::Demo;
        spec.brokerConfig = spec.profile == Profile::Demo ? demoBroker : defaultBroker;
        spec.coordinatorConfig = spec.profile == Profile::Demo ? demoZk : defaultZk;
        // ZooKeeper settings Ensemble depends on: its probes speak four-letter words, and three admin servers
        // on one host would all want port 8080.
        for (const QString &key :
             {u"4lw.commands.whitelist"_s, u"admin.enableServer"_s, u"admin.serverPort"_s, u"admin.serverAddress"_s})
            if (spec.coordinatorConfig.contains(key))
                note(u"the ZooKeeper setting %1=%2 is left out: Ensemble sets it for its own probes and ports"_s.arg(
                    key, spec.coordinatorConfig.take(key)));
    }

    void noteImageQuirks()
    {
        QStringList ignoring;
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            if (!z.readsEnvironment)
                ignoring.append(z.service);
        if (!ignoring.isEmpty())
            note(u"%1 use wurstmeister/zookeeper, which ignores its environment and runs standalone servers "
                 u"on port "
                 "2181: the cluster file follows what the environment says (ids, ports, one ensemble), not "
                 "what "
                 "those containers actually run"_s.arg(ignoring.join(u", "_s)));
        QSet<QString> listenerNames;
        for (const KafkaBroker &b : m_topology.brokers)
            for (const ListenerAddress &l : b.advertised)
                listenerNames.insert(l.name);
        if (listenerNames.size() > 1) {
            QStringList names(listenerNames.begin(), listenerNames.end());
            names.sort();
            note(u"the brokers' listeners %1 become one PLAINTEXT listener per broker on the cluster's address"_s.arg(
                names.join(u", "_s)));
        }
    }

    const ComposeFile &m_file;
    QString m_fallbackName;
    ImportCheck m_check;
    ComposeTopology m_topology;
    ImportResult m_result;
};

} // namespace

ImportResult importCompose(const ComposeFile &file, const QString &fallbackName, ImportCheck check)
{
    return Importer(file, fallbackName, check).run();
}

ImportResult importComposeText(const QByteArray &yaml, const QString &fallbackName, ImportCheck check)
{
    const ComposeParseResult parsed = parseComposeFile(yaml);
    if (!parsed.file) {
        ImportResult result;
        result.diagnostics = parsed.diagnostics;
        return result;
    }
    return importCompose(*parsed.file, fallbackName, check);
}

} // namespace ensemble
