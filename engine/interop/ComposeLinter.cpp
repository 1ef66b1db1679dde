#include "ComposeLinter.h"

#include "ComposeLintRules.h"

#include <QMap>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace ensemble {

QString envNameFor(ImageFamily family, const QString &property)
{
    if (family == ImageFamily::BitnamiKafka)
        return u"KAFKA_CFG_"_s + property.toUpper().replace(u'.', u'_');
    if (family == ImageFamily::WurstmeisterKafka)
        return u"KAFKA_"_s + property.toUpper().replace(u'.', u'_');
    return confluentEnvName(u"KAFKA_"_s, property);
}

QString joinNames(QStringList names)
{
    names.removeDuplicates();
    return names.join(u", "_s);
}

namespace {

using Kind = EnvReading::Kind;

int majorVersion(const QString &tag)
{
    static const QRegularExpression leading(u"^(\\d+)\\."_s);
    const QRegularExpressionMatch m = leading.match(tag);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

// The rules about any compose file of a Kafka cluster: images, environment, ids, ports, host names,
// listeners, dependencies, networks, replication.
class GeneralLintRules : public ComposeLintRules
{
  public:
    using ComposeLintRules::ComposeLintRules;

    void run()
    {
        obsoleteVersion();
        imageMode();
        unmaintainedImages();
        environmentNotRead();
        duplicateIds();
        duplicatePorts();
        portsOnAllInterfaces();
        hostnamesAsAddresses();
        advertisedListeners();
        dependsOn();
        externalNetworks();
        replication();
    }

  private:
    void obsoleteVersion()
    {
        if (m_file.version.isEmpty())
            return;
        add(u"obsolete-version"_s, LintSeverity::Info, m_file.versionMark,
            u"the top-level `version: '%1'` is obsolete"_s.arg(m_file.version),
            u"the Compose Specification ignores it (it selects no features) and `docker compose` warns about "
            u"it on "
            "every run"_s,
            u"delete the `version:` line"_s);
    }

    void imageMode()
    {
        for (const KafkaBroker &b : m_topology.brokers) {
            if (b.kraft)
                continue;
            const ComposeService &s = service(b.serviceIndex);
            const int major = majorVersion(classifyImage(s.image).tag);
            QString why;
            if (b.family == ImageFamily::ApacheKafka)
                why = u"the apache/kafka images configure and start KRaft nodes only; ZooKeeper mode is not "
                      u"supported "
                      "in them (KAFKA-16453), so this broker never joins the ZooKeeper cluster"_s;
            else if (b.family == ImageFamily::ConfluentKafka && major >= 8)
                why = u"Confluent Platform 8 ships Apache Kafka 4, which has no ZooKeeper mode"_s;
            else if (b.family == ImageFamily::BitnamiKafka && major >= 4)
                why = u"Apache Kafka 4 has no ZooKeeper mode"_s;
            if (!why.isEmpty())
                add(u"image-mode"_s, LintSeverity::Error, s.imageMark,
                    u"%1 cannot run a ZooKeeper-mode broker"_s.arg(s.image), why,
                    u"use confluentinc/cp-kafka:7.9.x (Apache Kafka 3.9, the last line with ZooKeeper mode), "
                    u"or move "
                    "the cluster to KRaft"_s);
        }
        for (const ZooKeeperNode &z : m_topology.zookeepers) {
            const ComposeService &s = service(z.serviceIndex);
            if (z.family == ImageFamily::ConfluentZooKeeper && majorVersion(classifyImage(s.image).tag) >= 8)
                add(u"image-mode"_s, LintSeverity::Error, s.imageMark, u"%1 does not exist"_s.arg(s.image),
                    u"Confluent Platform 8 removed ZooKeeper; cp-zookeeper stops at 7.9"_s,
                    u"use confluentinc/cp-zookeeper:7.9.x"_s);
        }
    }

    void unmaintainedImages()
    {
        for (const ComposeService &s : m_file.services) {
            const ImageInfo image = classifyImage(s.image);
            if (image.repository.startsWith(u"wurstmeister/"_s))
                add(u"unmaintained-image"_s, LintSeverity::Info, s.imageMark,
                    u"%1 is an unmaintained image"_s.arg(image.repository),
                    u"the wurstmeister images have not changed in years (the last change to kafka-docker is "
                    u"from "
                    "2022, to zookeeper-docker from 2018) and run old releases (this tag: %1) that no longer "
                    "get "
                    "security fixes"_s.arg(image.tag.isEmpty() ? u"latest"_s : image.tag),
                    u"use confluentinc/cp-zookeeper and confluentinc/cp-kafka 7.9.x (ZooKeeper mode, Kafka "
                    u"3.9); "
                    "`ensemble import` then `ensemble export --format compose` writes such a file"_s);
            else if (image.repository.startsWith(u"bitnami/"_s) && roleOf(image.family) != ImageRole::Other)
                add(u"unmaintained-image"_s, LintSeverity::Info, s.imageMark,
                    u"%1 tags are no longer maintained"_s.arg(image.repository),
                    u"since August 2025 Bitnami publishes only hardened `latest` images for free; versioned "
                    u"tags moved "
                    "to bitnamilegacy/*, which gets no updates (bitnami/containers#83267)"_s,
                    u"use confluentinc/cp-zookeeper and confluentinc/cp-kafka 7.9.x for a ZooKeeper-mode cluster"_s);
        }
    }

    void environmentNotRead()
    {
        static const QSet<QString> essential = {u"ZOOKEEPER_SERVERS"_s, u"ZOO_SERVERS"_s,   u"ZOOKEEPER_SERVER_ID"_s,
                                                u"ZOO_MY_ID"_s,         u"ZOO_SERVER_ID"_s, u"KAFKA_CREATE_TOPICS"_s};
        for (const ComposeService &s : m_file.services) {
            const ImageFamily family = classifyImage(s.image).family;
            if (family == ImageFamily::Unknown)
                continue;
            // One finding per reason: the variables that share it are listed together.
            QMap<QString, QList<const ComposeEnvVar *>> byReason;
            QMap<QString, EnvReading> readings;
            QStringList order;
            for (const ComposeEnvVar &v : s.environment) {
                const EnvReading r = readEnv(family, v.name);
                if (r.kind != Kind::Ignored && r.kind != Kind::Fatal)
                    continue;
                if (!byReason.contains(r.reason))
                    order.append(r.reason);
                byReason[r.reason].append(&v);
                readings.insert(r.reason, r);
            }
            for (const QString &reason : order) {
                const QList<const ComposeEnvVar *> &vars = byReason[reason];
                QStringList names;
                bool serious = readings[reason].kind == Kind::Fatal;
                for (const ComposeEnvVar *v : vars) {
                    names.append(v->name);
                    serious = serious || essential.contains(v->name);
                }
                QString why = reason;
                if (family == ImageFamily::WurstmeisterZooKeeper)
                    why += u": each such container runs a standalone ZooKeeper on port 2181, the servers "
                           u"never form "
                           "an ensemble (brokers connected to different servers see different clusters), a "
                           "published "
                           "port other than 2181 reaches nothing, and a volume mounted anywhere but the "
                           "image's data "
                           "directory stays empty"_s;
                const bool fatal = readings[reason].kind == Kind::Fatal;
                add(u"env-not-read"_s, serious ? LintSeverity::Error : LintSeverity::Warning, vars.first()->mark,
                    (fatal ? u"%1 refuses to start with %2"_s : u"%1 does not read %2"_s)
                        .arg(familyName(family), names.join(u", "_s)),
                    why, readings[reason].suggestion);
            }
        }
    }

    void duplicateIds()
    {
        QMap<int, QString> zk, kafka;
        for (const ZooKeeperNode &z : m_topology.zookeepers) {
            if (z.id <= 0)
                continue;
            if (zk.contains(z.id))
                add(u"duplicate-id"_s, LintSeverity::Error, z.idMark.line ? z.idMark : service(z.serviceIndex).mark,
                    u"ZooKeeper id %1 is used by both %2 and %3"_s.arg(z.id).arg(zk.value(z.id), z.service),
                    u"an ensemble tells its servers apart by myid: two servers with one id are one member to "
                    u"the "
                    "others, so they cannot both join and the majority is counted wrong"_s,
                    u"give every ZooKeeper server its own id (1-255) and its own entry in the server list"_s);
            else
                zk.insert(z.id, z.service);
        }
        for (const KafkaBroker &b : m_topology.brokers) {
            if (b.id < 0)
                continue;
            if (kafka.contains(b.id))
                add(u"duplicate-id"_s, LintSeverity::Error, b.idMark,
                    u"%1 id %2 is used by both %3 and %4"_s.arg(b.kraft ? u"node"_s : u"broker"_s)
                        .arg(b.id)
                        .arg(kafka.value(b.id), b.service),
                    b.kraft ? u"KRaft tells nodes apart by node.id: a second broker with the id is fenced as "
                              "the same broker, a second controller is one voter to the quorum"_s
                            : u"a broker registers as /brokers/ids/%1 in ZooKeeper; the second one with the same "
                              "id is refused (the node already exists) and shuts down"_s.arg(b.id),
                    u"give each node its own %1"_s.arg(envNameFor(b.family, b.kraft ? u"node.id"_s : u"broker.id"_s)));
            else
                kafka.insert(b.id, b.service);
        }
    }

    void duplicatePorts()
    {
        struct Use
        {
            QString service;
            QString ip;
        };
        QMap<int, QList<Use>> used;
        for (const ComposeService &s : m_file.services)
            for (const ComposePort &p : s.ports) {
                if (p.published <= 0)
                    continue;
                for (const Use &u : used.value(p.published))
                    if (u.service != s.name && (u.ip.isEmpty() || p.hostIp.isEmpty() || u.ip == p.hostIp ||
                                                u.ip == u"0.0.0.0" || p.hostIp == u"0.0.0.0"))
                        add(u"duplicate-port"_s, LintSeverity::Error, p.mark,
                            u"host port %1 is published by both %2 and %3"_s.arg(p.published).arg(u.service, s.name),
                            u"a host port can be bound once: the second container fails to start with \"port "
                            u"is "
                            "already allocated\""_s,
                            u"give each service its own host port (the number left of the container port)"_s);
                used[p.published].append(Use{s.name, p.hostIp});
            }
    }

    void portsOnAllInterfaces()
    {
        for (const ComposeService &s : m_file.services) {
            for (const ComposePort &p : s.ports) {
                if (!p.hostIp.isEmpty() && p.hostIp != u"0.0.0.0" && p.hostIp != u"::")
                    continue;
                const QString example = p.published > 0 ? u"\"127.0.0.1:%1:%2\""_s.arg(p.published).arg(p.target)
                                                        : u"\"127.0.0.1::%1\""_s.arg(p.target);
                add(u"ports-all-interfaces"_s, LintSeverity::Warning, p.mark,
                    u"ports are published on every network interface"_s,
                    u"a mapping without a host address binds 0.0.0.0 (and ::): anyone who can reach this "
                    u"machine can "
                    "use ZooKeeper and Kafka, which have no authentication here, and Docker's own firewall "
                    "rules "
                    "bypass ufw/firewalld"_s,
                    u"bind to this machine only: write %1 instead of \"%2\" (prefix each mapping with 127.0.0.1:)"_s
                        .arg(example, p.raw));
                break; // one finding per service
            }
        }
    }

    // hostname: values used as addresses by other containers.
    void hostnamesAsAddresses()
    {
        auto check = [&](const QStringList &hosts, SourceMark mark) {
            QStringList names, services;
            for (const QString &h : hosts) {
                if (m_file.serviceByDnsName(h))
                    continue;
                if (const ComposeService *s = m_file.serviceByHostname(h)) {
                    names.append(h);
                    services.append(s->name);
                }
            }
            if (names.isEmpty())
                return;
            names.removeDuplicates();
            services.removeDuplicates();
            add(u"hostname-not-a-dns-name"_s, LintSeverity::Warning, mark,
                names.size() == 1
                    ? u"%1 is only the `hostname:` of a service, not a name other containers can resolve"_s.arg(
                          names.first())
                    : u"%1 are only `hostname:` values, not names other containers can resolve"_s.arg(
                          names.join(u", "_s)),
                u"Docker's DNS on a network answers for service names, container_name values and network "
                u"aliases; "
                "compose does not register `hostname:` (docker/compose#2925), so other containers may fail "
                "to resolve "
                "it (UnknownHostException)"_s,
                u"use the service name (%1) or add the name as an alias under the service's `networks:`"_s.arg(
                    joinNames(services)));
        };
        for (const KafkaBroker &b : m_topology.brokers) {
            QStringList hosts;
            for (const HostPort &hp : b.zookeeperConnect)
                hosts.append(hp.host);
            check(hosts, b.zookeeperConnectMark);
            hosts.clear();
            for (const ListenerAddress &l : b.advertised)
                hosts.append(l.host);
            check(hosts, b.advertisedMark);
        }
        for (const ZooKeeperNode &z : m_topology.zookeepers) {
            if (!z.readsEnvironment)
                continue;
            QStringList hosts;
            for (const ZooKeeperServerEntry &e : z.servers)
                hosts.append(e.host);
            check(hosts, z.serversMark);
        }
    }

    void advertisedListeners()
    {
        for (const KafkaBroker &b : m_topology.brokers) {
            const ComposeService &s = service(b.serviceIndex);
            QString interBroker = b.interBrokerListener;
            if (interBroker.isEmpty() && !b.advertised.isEmpty())
                interBroker = b.advertised.first().name;
            for (const ListenerAddress &a : b.advertised) {
                int containerPort = a.port;
                for (const ListenerAddress &l : b.listeners)
                    if (l.name == a.name)
                        containerPort = l.port;
                const ComposePort *published = nullptr;
                for (const ComposePort &p : s.ports)
                    if (p.target == containerPort && p.published > 0)
                        published = &p;
                const QString address = u"%1:%2"_s.arg(a.host).arg(a.port);
                if (a.host.isEmpty() || a.host == u"0.0.0.0" || a.host == u"::") {
                    add(u"advertised-listener-unreachable"_s, LintSeverity::Error, b.advertisedMark,
                        u"listener %1 advertises '%2', which no client can connect to"_s.arg(a.name, address),
                        u"advertised.listeners is the address the broker gives clients and other brokers; "
                        u"Kafka "
                        "refuses the meta-address 0.0.0.0 there, and an empty host advertises the "
                        "container's "
                        "own random hostname"_s,
                        u"advertise a name the clients of this listener can resolve: the service name for "
                        "containers, the published address (localhost:PORT) for the host"_s);
                    continue;
                }
                const bool local = a.host == u"localhost" || a.host.startsWith(u"127."_s);
                if (local && a.name == interBroker && brokerCount() > 1) {
                    add(u"advertised-listener-unreachable"_s, LintSeverity::Error, b.advertisedMark,
                        u"the inter-broker listener %1 advertises %2, which inside each container is that "
                        u"container "
                        "itself"_s.arg(a.name, address),
                        u"the other brokers connect to this address to replicate and to reach the "
                        u"controller: they "
                        "reach themselves, so replication fails and partitions stay under-replicated"_s,
                        u"use two listeners: one for the brokers that advertises the service name "
                        u"(INTERNAL://%1:%2), "
                        "one for the host that advertises localhost on the published port, and set "
                        "KAFKA_INTER_BROKER_LISTENER_NAME to the first"_s.arg(s.name)
                            .arg(29092));
                } else if (published && !isHostReachableName(a.host)) {
                    // Often the broker already has a proper listener for the host, and this one is published
                    // by mistake: then the fix is to stop publishing it, not to change what it advertises.
                    QString hostListener;
                    for (const ListenerAddress &other : b.advertised)
                        if (other.name != a.name && isHostReachableName(other.host))
                            hostListener = u"%1://%2:%3"_s.arg(other.name, other.host).arg(other.port);
                    const QString fix =
                        hostListener.isEmpty()
                            ? u"advertise the published address on the published listener "
                              u"(%1://localhost:%2) and "
                              "keep the container name on a listener that is not published, for other containers"_s
                                  .arg(a.name)
                                  .arg(published->published)
                            : u"remove the \"%1\" mapping: %2 is for containers on the network%3, and "
                              u"clients on "
                              "the host already have %4"_s.arg(
                                  published->raw, a.name, a.name == interBroker ? u" and the brokers"_s : QString(),
                                  hostListener);
                    add(u"advertised-listener-unreachable"_s, LintSeverity::Warning, b.advertisedMark,
                        u"listener %1 is published on host port %2 but advertises %3, a name only containers "
                        u"on "
                        "the Docker network know"_s.arg(a.name)
                            .arg(published->published)
                            .arg(address),
                        u"a client on the host bootstraps from localhost:%1, then connects to the address "
                        u"the "
                        "metadata gives it — %2 — which it cannot resolve, so producing and consuming fail "
                        "after the "
                        "first request"_s.arg(published->published)
                            .arg(address),
                        fix);
                } else if (published && isHostReachableName(a.host) && published->published != a.port) {
                    add(u"advertised-listener-unreachable"_s, LintSeverity::Error, b.advertisedMark,
                        u"listener %1 advertises port %2, but its container port %3 is published on host port %4"_s
                            .arg(a.name)
                            .arg(a.port)
                            .arg(containerPort)
                            .arg(published->published),
                        u"clients are sent to %1, where this broker does not listen (or another one does)"_s.arg(
                            address),
                        u"advertise %1://%2:%3, or publish \"%4:%5\""_s.arg(a.name, a.host)
                            .arg(published->published)
                            .arg(a.port)
                            .arg(containerPort));
                } else if (!published && local) {
                    add(u"advertised-listener-unreachable"_s, LintSeverity::Warning, b.advertisedMark,
                        u"listener %1 advertises %2, but its port %3 is not published"_s.arg(a.name, address)
                            .arg(containerPort),
                        u"clients on the host cannot reach an unpublished port, and for other containers "
                        "localhost is themselves"_s,
                        u"publish \"127.0.0.1:%1:%2\" or advertise the service name for containers"_s.arg(a.port).arg(
                            containerPort));
                }
            }
        }
    }

    void dependsOn()
    {
        QSet<QString> clusterServices;
        for (const ZooKeeperNode &z : m_topology.zookeepers)
            clusterServices.insert(z.service);
        for (const KafkaBroker &b : m_topology.brokers)
            clusterServices.insert(b.service);
        for (const ComposeService &s : m_file.services) {
            QStringList notReady, noHealthcheck;
            for (const ComposeDependency &d : s.dependsOn) {
                if (!clusterServices.contains(d.service))
                    continue;
                const ComposeService *target = m_file.service(d.service);
                if (d.condition == u"service_healthy") {
                    if (target && !target->hasHealthcheck)
                        add(u"depends-on-not-ready"_s, LintSeverity::Error, d.mark,
                            u"%1 waits for %2 to be healthy, but %2 has no healthcheck"_s.arg(s.name, d.service),
                            u"docker compose refuses to start %1: a dependency without a healthcheck never "
                            u"becomes "
                            "healthy"_s.arg(s.name),
                            u"add a healthcheck to %1"_s.arg(d.service));
                } else if (d.condition != u"service_completed_successfully") {
                    notReady.append(d.service);
                    if (target && !target->hasHealthcheck)
                        noHealthcheck.append(d.service);
                }
            }
            if (notReady.isEmpty())
                continue;
            const bool kraft = std::any_of(m_topology.brokers.begin(), m_topology.brokers.end(),
                                           [&](const KafkaBroker &b) { return b.kraft && b.service == s.name; });
            QString why =
                kraft ? u"compose then starts %1 as soon as those containers exist; a controller that is still "
                        "starting has no quorum leader yet, and the broker keeps retrying to register instead of "
                        "serving — clients that connect meanwhile get errors"_s.arg(s.name)
                      : u"compose then starts %1 as soon as those containers exist; a ZooKeeper or Kafka JVM that "
                        "is still starting refuses connections, and a broker that cannot reach ZooKeeper within "
                        "zookeeper.connection.timeout.ms (18 s by default) exits"_s.arg(s.name);
            if (!kraft)
                why += s.restart.isEmpty() || s.restart == u"no" ? u" — with no restart policy it stays down"_s
                                                                 : u" and is restarted (restart: %1)"_s.arg(s.restart);
            if (!noHealthcheck.isEmpty())
                why += u". %1 ha%2 no healthcheck to wait for"_s.arg(noHealthcheck.join(u", "_s),
                                                                     noHealthcheck.size() == 1 ? u"s"_s : u"ve"_s);
            add(u"depends-on-not-ready"_s, LintSeverity::Warning, s.dependsOnMark,
                u"depends_on waits for %1 to start, not to be ready"_s.arg(notReady.join(u", "_s)), why,
                (kraft ? u"give each dependency a healthcheck (controllers: kafka-metadata-quorum.sh "
                         "--bootstrap-controller 127.0.0.1:PORT describe --status; brokers: "
                         "kafka-broker-api-versions.sh) and write depends_on: {%1: {condition: service_healthy}, "
                         "...}"_s
                       : u"give each dependency a healthcheck (ZooKeeper: ask `srvr` for \"Mode:\"; Kafka: "
                         "kafka-broker-api-versions) and write depends_on: {%1: {condition: service_healthy}, ...}"_s)
                    .arg(notReady.first()));
        }
    }

    void externalNetworks()
    {
        for (const ComposeNetwork &n : m_file.networks)
            if (n.external)
                add(u"external-network"_s, LintSeverity::Warning, n.externalMark.line ? n.externalMark : n.mark,
                    u"network %1 is declared `external: true`, so it must exist before `docker compose up`"_s.arg(
                        n.name),
                    u"compose does not create external networks: `up` fails with \"network %1 declared as "
                    u"external, "
                    "but could not be found\" until someone runs `docker network create %1`, and `down` "
                    "leaves it "
                    "behind"_s.arg(n.name),
                    u"drop `external: true` so compose creates and removes the network with the project, or "
                    "document `docker network create %1` as a step before `up`"_s.arg(n.name));
    }

    void replication()
    {
        const int brokers = brokerCount();
        if (brokers == 0)
            return;
        QSet<QString> seen;
        for (const TopicDeclaration &d : m_topology.topics) {
            const TopicSpec &t = d.topic;
            if (seen.contains(t.name))
                continue;
            seen.insert(t.name);
            const bool createTopics = d.source == u"KAFKA_CREATE_TOPICS";
            if (t.replicationFactor > brokers)
                add(u"replication-factor-above-brokers"_s, LintSeverity::Error, d.mark,
                    u"topic %1 asks for %2 replicas but there are %3 brokers"_s.arg(t.name)
                        .arg(t.replicationFactor)
                        .arg(brokers),
                    u"Kafka refuses to create it (InvalidReplicationFactorException: replication factor "
                    u"larger than "
                    "available brokers), so producers to it fail"_s,
                    createTopics ? u"write %1:%2:%3"_s.arg(t.name).arg(t.partitions).arg(brokers)
                                 : u"lower --replication-factor to %1 or add brokers"_s.arg(brokers));
            else if (t.replicationFactor == 1 && brokers > 1)
                add(u"replication-factor-one"_s, LintSeverity::Warning, d.mark,
                    u"topic %1 has replication factor 1 on a %2-broker cluster"_s.arg(t.name).arg(brokers),
                    u"each partition lives on one broker only: when that broker stops, its partitions have "
                    u"no "
                    "leader to fail over to and go offline, and their data is gone with that broker's disk — "
                    "the "
                    "other brokers cannot help"_s,
                    createTopics ? u"write %1:%2:%3 (and min.insync.replicas=2 on the topic)"_s.arg(t.name)
                                       .arg(t.partitions)
                                       .arg(std::min(3, brokers))
                                 : u"use --replication-factor %1 with --config min.insync.replicas=2"_s.arg(
                                       std::min(3, brokers)));
        }
        internalTopics();
    }

    // __consumer_offsets and __transaction_state get their replication factor from broker settings whose
    // default depends on the image: Kafka's default is 3, but Kafka's sample server.properties (the starting
    // point of the wurstmeister and bitnami images) sets 1.
    void internalTopics()
    {
        const int brokers = brokerCount();
        for (const KafkaBroker &b : m_topology.brokers) {
            if (!b.isBroker())
                continue; // a KRaft controller hosts no partitions
            const bool sampleConfig =
                b.family == ImageFamily::WurstmeisterKafka || b.family == ImageFamily::BitnamiKafka;
            for (const QString &key :
                 {u"offsets.topic.replication.factor"_s, u"transaction.state.log.replication.factor"_s,
                  u"default.replication.factor"_s}) {
                const bool set = b.properties.contains(key);
                const bool internal = key != u"default.replication.factor";
                int value = set ? b.properties.value(key).toInt() : (sampleConfig || !internal ? 1 : 3);
                if (!set && !internal)
                    continue; // default.replication.factor=1 unset is Kafka's default for auto-created topics
                if (!set && key == u"transaction.state.log.replication.factor")
                    continue; // said once, with offsets.topic.replication.factor
                const SourceMark mark = set ? b.propertyMarks.value(key) : service(b.serviceIndex).environmentMark;
                const QString env = envNameFor(b.family, key);
                const QString origin = set ? u"%1=%2"_s.arg(key).arg(value)
                                           : u"%1 is not set, so it is %2%3"_s.arg(key).arg(value).arg(
                                                 sampleConfig ? u" (from Kafka's sample server.properties, which "
                                                                "this image starts from)"_s
                                                              : QString());
                if (value > brokers)
                    add(u"replication-factor-above-brokers"_s, LintSeverity::Error, mark,
                        u"%1, but there are %2 brokers"_s.arg(origin).arg(brokers),
                        u"Kafka cannot create __consumer_offsets with more replicas than brokers: consumer "
                        u"groups never "
                        "get a coordinator and consumers hang (\"coordinator not available\")"_s,
                        u"set %1: \"%2\" (and %3: \"%2\")"_s.arg(env).arg(brokers).arg(
                            envNameFor(b.family, u"transaction.state.log.replication.factor"_s)));
                else if (value == 1 && brokers > 1)
                    add(u"replication-factor-one"_s, LintSeverity::Warning, mark,
                        u"%1 on a %2-broker cluster"_s.arg(origin).arg(brokers),
                        internal ? u"the internal topic (__consumer_offsets / __transaction_state) gets one "
                                   u"replica: "
                                   "when the broker holding a partition of it stops, the consumer groups (or "
                                   "transactions) it coordinates stop too, and committed offsets can be lost"_s
                                 : u"topics created without an explicit replication factor get one replica and go "
                                   "offline with their broker"_s,
                        u"set %1: \"%2\""_s.arg(env).arg(std::min(3, brokers)));
            }
        }
    }
};

} // namespace

QList<LintFinding> lintCompose(const ComposeFile &file)
{
    const ComposeTopology topology = interpretCompose(file);
    QList<LintFinding> out;
    GeneralLintRules(file, topology, out).run();
    lintZooKeeper(file, topology, out);
    lintKRaft(file, topology, out);
    return foldLintFindings(out);
}

ComposeLintResult lintComposeText(const QByteArray &yaml)
{
    ComposeLintResult result;
    const ComposeParseResult parsed = parseComposeFile(yaml);
    result.diagnostics = parsed.diagnostics;
    if (parsed.file)
        result.findings = lintCompose(*parsed.file);
    return result;
}

} // namespace ensemble
