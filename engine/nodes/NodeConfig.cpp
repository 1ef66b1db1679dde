#include "NodeConfig.h"

#include "KRaftNodeConfig.h"
#include "RuntimeLocator.h"

#include <QFile>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

constexpr auto set = &NodeConfig::set;
constexpr auto setAll = &NodeConfig::setAll;

QString num(int value)
{
    return QString::number(value);
}

bool writeText(const QString &path, const QString &text, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

NodeConfig::Properties NodeConfig::zooKeeperProperties(const ClusterSpec &spec, const ClusterLayout &layout,
                                                       const NodeLayout &node, const QString &dataDir)
{
    const bool demo = spec.profile == Profile::Demo;
    Properties p;
    // demo: 500 ms ticks let sessions be as short as 1 s and elections finish in well under a second.
    set(p, u"tickTime"_s, demo ? u"500"_s : u"2000"_s);
    set(p, u"initLimit"_s, u"10"_s);
    set(p, u"syncLimit"_s, demo ? u"4"_s : u"5"_s);
    set(p, u"dataDir"_s, dataDir);
    set(p, u"clientPort"_s, num(node.clientPort));
    set(p, u"clientPortAddress"_s, layout.host);
    set(p, u"maxClientCnxns"_s, u"0"_s);
    set(p, u"admin.enableServer"_s, u"false"_s); // its default port 8080 would collide between servers
    set(p, u"4lw.commands.whitelist"_s, u"srvr,mntr,stat,ruok,conf"_s);
    set(p, u"autopurge.snapRetainCount"_s, u"3"_s);
    set(p, u"autopurge.purgeInterval"_s, u"1"_s);
    const QList<NodeLayout> servers = layout.coordinators();
    if (servers.size() > 1)
        for (const NodeLayout &s : servers)
            set(p, u"server."_s + num(s.id), u"%1:%2:%3"_s.arg(layout.host).arg(s.quorumPort).arg(s.electionPort));
    setAll(p, spec.coordinatorConfig);
    return p;
}

NodeConfig::Properties NodeConfig::brokerProperties(const ClusterSpec &spec, const ClusterLayout &layout,
                                                    const NodeLayout &node, const QString &logDir)
{
    const bool demo = spec.profile == Profile::Demo;
    const int brokers = spec.brokers;
    const QString listener = u"PLAINTEXT://%1:%2"_s.arg(layout.host).arg(node.clientPort);
    Properties p;
    set(p, u"broker.id"_s, num(node.id));
    set(p, u"listeners"_s, listener);
    set(p, u"advertised.listeners"_s, listener);
    set(p, u"log.dirs"_s, logDir);
    set(p, u"zookeeper.connect"_s, layout.zookeeperConnect());
    // Brokers start together with ZooKeeper; give them time to find a quorum.
    set(p, u"zookeeper.connection.timeout.ms"_s, u"60000"_s);
    // Internal topics cannot ask for more replicas than there are brokers.
    set(p, u"offsets.topic.replication.factor"_s, num(std::min(3, brokers)));
    set(p, u"transaction.state.log.replication.factor"_s, num(std::min(3, brokers)));
    set(p, u"transaction.state.log.min.isr"_s, num(std::min(2, brokers)));
    set(p, u"default.replication.factor"_s, num(std::min(3, brokers)));
    set(p, u"group.initial.rebalance.delay.ms"_s, u"0"_s);
    // Production clusters usually refuse to create topics on a typo; so do we (override in broker_config).
    set(p, u"auto.create.topics.enable"_s, u"false"_s);
    // The cleaner's default 128 MB buffer alone exceeds a small dev heap (OutOfMemoryError at start).
    set(p, u"log.cleaner.dedupe.buffer.size"_s, num(std::max(4, spec.brokerHeapMb / 8) * 1024 * 1024));
    if (demo) {
        // Failover in seconds: a dead broker's ZooKeeper session expires after 4 s (ZooKeeper allows 1-10 s
        // with 500 ms ticks), a silent follower leaves the ISR after 5 s, preferred leaders return quickly.
        set(p, u"zookeeper.session.timeout.ms"_s, u"4000"_s);
        set(p, u"replica.lag.time.max.ms"_s, u"5000"_s);
        set(p, u"leader.imbalance.check.interval.seconds"_s, u"15"_s);
        set(p, u"controlled.shutdown.retry.backoff.ms"_s, u"1000"_s);
    }
    setAll(p, spec.brokerConfig);
    return p;
}

QString NodeConfig::render(const Properties &properties, const QString &header)
{
    QString out = header;
    for (const auto &[key, value] : properties)
        out += key + u'=' + value + u'\n';
    return out;
}

QString NodeConfig::log4jProperties(NodeKind kind)
{
    QString out = u"# Written by Ensemble: one line format on stdout, which Ensemble parses and stores in logs/.\n"
                  "log4j.rootLogger=INFO, stdout\n"
                  "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                  "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
                  "log4j.appender.stdout.layout.ConversionPattern="_s +
                  QString::fromLatin1(kLogPattern) + u'\n';
    if (kind == NodeKind::Broker)
        out += u"log4j.logger.kafka.controller=INFO\n"
               "log4j.logger.state.change.logger=INFO\n"
               "log4j.logger.kafka.request.logger=WARN\n"
               "log4j.logger.org.apache.zookeeper=WARN\n"
               "log4j.logger.kafka.zookeeper.ZooKeeperClient=INFO\n"_s;
    return out;
}

QString NodeConfig::configFileName(NodeKind kind)
{
    return kind == NodeKind::Coordinator ? u"zoo.cfg"_s : u"server.properties"_s;
}

QStringList NodeConfig::jvmArguments(const ClusterSpec &spec, const Runtime &runtime, const NodeLayout &node,
                                     const NodePaths &paths, const QString &workspaceRoot)
{
    const bool kraft = spec.mode == ClusterMode::KRaft;
    const bool zk = !kraft && node.kind == NodeKind::Coordinator;
    // A KRaft controller holds the metadata log and image: more than a ZooKeeper server needs, less than a broker.
    const int heap = kraft && node.kind == NodeKind::Coordinator ? std::max(spec.coordinatorHeapMb, 192)
                     : node.kind == NodeKind::Coordinator        ? spec.coordinatorHeapMb
                                                                 : spec.brokerHeapMb;
    const QString logging = runtime.usesLog4j2()
                                ? u"-Dlog4j2.configurationFile="_s + paths.conf + u"/log4j2.xml"_s
                                : u"-Dlog4j.configuration=file:"_s + paths.conf + u"/log4j.properties"_s;
    return {
        u"-Xmx%1m"_s.arg(heap),
        u"-Xms%1m"_s.arg(std::min(heap, 32)),
        // Serial GC and the C1 compiler only: less memory and less CPU at start on small machines.
        u"-XX:+UseSerialGC"_s,
        u"-XX:TieredStopAtLevel=1"_s,
        u"-XX:ReservedCodeCacheSize=64m"_s,
        u"-Xss512k"_s,
        u"-XX:+ExitOnOutOfMemoryError"_s,
        u"-Djava.awt.headless=true"_s,
        u"-Djava.net.preferIPv4Stack=true"_s,
        logging,
        u"-Dkafka.logs.dir="_s + paths.logs,
        u"-Dzookeeper.admin.enableServer=false"_s,
        // Lets a later run recognise this JVM as ours (stray reaping) without trusting a pid alone.
        u"-Densemble.workspace="_s + workspaceRoot,
        u"-Densemble.node="_s + node.name,
        u"-cp"_s,
        runtime.classpath(),
        zk ? u"org.apache.zookeeper.server.quorum.QuorumPeerMain"_s : u"kafka.Kafka"_s,
        paths.conf + u'/' + (kraft ? u"server.properties"_s : configFileName(node.kind)),
    };
}

bool NodeConfig::writeFiles(const ClusterSpec &spec, const ClusterLayout &layout, const NodeLayout &node,
                            const NodePaths &paths, QString *error)
{
    const QString header = u"# Written by Ensemble for %1 of cluster '%2'. Edit the cluster file instead: this file "
                           "is rewritten at every start.\n"_s.arg(node.name, spec.name);
    if (spec.mode == ClusterMode::KRaft) {
        // Both logging files: 3.9 reads the log4j 1 one, 4.x the log4j2 one; the lines look the same.
        return writeText(paths.conf + u"/server.properties"_s,
                         render(KRaftNodeConfig::properties(spec, layout, node, paths.data), header), error) &&
               writeText(paths.conf + u"/log4j.properties"_s, log4jProperties(NodeKind::Broker), error) &&
               writeText(paths.conf + u"/log4j2.xml"_s, KRaftNodeConfig::log4j2Xml(), error);
    }
    const bool zk = node.kind == NodeKind::Coordinator;
    const Properties props =
        zk ? zooKeeperProperties(spec, layout, node, paths.data) : brokerProperties(spec, layout, node, paths.data);
    if (!writeText(paths.conf + u'/' + configFileName(node.kind), render(props, header), error) ||
        !writeText(paths.conf + u"/log4j.properties"_s, log4jProperties(node.kind), error))
        return false;
    if (zk && !writeText(paths.data + u"/myid"_s, num(node.id) + u'\n', error))
        return false;
    return true;
}

void NodeConfig::set(Properties &properties, const QString &key, const QString &value)
{
    for (auto &p : properties)
        if (p.first == key) {
            p.second = value;
            return;
        }
    properties.append({key, value});
}

void NodeConfig::setAll(Properties &properties, const QMap<QString, QString> &overrides)
{
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        set(properties, it.key(), it.value());
}

} // namespace ensemble
