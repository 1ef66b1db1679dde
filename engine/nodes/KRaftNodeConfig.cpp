#include "KRaftNodeConfig.h"

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

} // namespace

QString KRaftNodeConfig::processRoles(const ClusterSpec &spec, const NodeLayout &node)
{
    if (!node.isKRaftController())
        return u"broker"_s;
    return spec.combined ? u"broker,controller"_s : u"controller"_s;
}

NodeConfig::Properties KRaftNodeConfig::properties(const ClusterSpec &spec, const ClusterLayout &layout,
                                                   const NodeLayout &node, const QString &dataDir)
{
    const bool demo = spec.profile == Profile::Demo;
    const bool controller = node.isKRaftController();
    const bool broker = !controller || spec.combined;
    const int brokers = spec.combined ? spec.coordinators : spec.brokers;
    const QString plain = u"PLAINTEXT://%1:%2"_s.arg(layout.host).arg(node.clientPort);
    const QString control = u"CONTROLLER://%1:%2"_s.arg(layout.host).arg(node.controllerPort);

    NodeConfig::Properties p;
    set(p, u"process.roles"_s, processRoles(spec, node));
    set(p, u"node.id"_s, num(node.id));
    // Static voters: every node knows the whole quorum from its file; nothing to bootstrap or reconfigure.
    set(p, u"controller.quorum.voters"_s, layout.quorumVoters());
    set(p, u"controller.listener.names"_s, u"CONTROLLER"_s);
    QStringList listeners;
    if (broker)
        listeners.append(plain);
    if (controller)
        listeners.append(control);
    set(p, u"listeners"_s, listeners.join(u','));
    if (broker) {
        set(p, u"advertised.listeners"_s, plain);
        set(p, u"inter.broker.listener.name"_s, u"PLAINTEXT"_s);
    }
    set(p, u"listener.security.protocol.map"_s, u"CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"_s);
    set(p, u"log.dirs"_s, dataDir);
    set(p, u"metadata.log.dir"_s, dataDir); // quorum-state lives in DATA/__cluster_metadata-0/
    if (broker) {
        // Internal topics cannot ask for more replicas than there are brokers.
        set(p, u"offsets.topic.replication.factor"_s, num(std::min(3, brokers)));
        set(p, u"transaction.state.log.replication.factor"_s, num(std::min(3, brokers)));
        set(p, u"transaction.state.log.min.isr"_s, num(std::min(2, brokers)));
        set(p, u"default.replication.factor"_s, num(std::min(3, brokers)));
        set(p, u"group.initial.rebalance.delay.ms"_s, u"0"_s);
        set(p, u"auto.create.topics.enable"_s, u"false"_s);
        // The cleaner's default 128 MB buffer alone exceeds a small dev heap (OutOfMemoryError at start).
        set(p, u"log.cleaner.dedupe.buffer.size"_s, num(std::max(4, spec.brokerHeapMb / 8) * 1024 * 1024));
    }
    if (demo) {
        // Failover in seconds: a silent leader is noticed after 1 s, an election round lasts 0.5-1 s (Kafka's
        // defaults: 2 s and 1-2 s); a broker that misses heartbeats for 3 s is fenced (default 9 s).
        set(p, u"controller.quorum.election.timeout.ms"_s, u"500"_s);
        set(p, u"controller.quorum.fetch.timeout.ms"_s, u"1000"_s);
        set(p, u"controller.quorum.election.backoff.max.ms"_s, u"500"_s);
        set(p, u"broker.session.timeout.ms"_s, u"3000"_s);
        set(p, u"broker.heartbeat.interval.ms"_s, u"500"_s);
        if (broker) {
            set(p, u"replica.lag.time.max.ms"_s, u"5000"_s);
            set(p, u"leader.imbalance.check.interval.seconds"_s, u"15"_s);
        }
    }
    if (broker)
        setAll(p, spec.brokerConfig);
    if (controller && !spec.combined)
        setAll(p, spec.coordinatorConfig);
    return p;
}

QString KRaftNodeConfig::log4j2Xml()
{
    return u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<!-- Written by Ensemble: one line format on stdout, which Ensemble parses and stores in logs/. -->\n"
           "<Configuration status=\"warn\">\n"
           "  <Appenders>\n"
           "    <Console name=\"stdout\" target=\"SYSTEM_OUT\">\n"
           "      <PatternLayout pattern=\"%d{yyyy-MM-dd HH:mm:ss,SSS} %p [%c] %m%n\"/>\n"
           "    </Console>\n"
           "  </Appenders>\n"
           "  <Loggers>\n"
           "    <Logger name=\"kafka.request.logger\" level=\"warn\"/>\n"
           "    <Root level=\"info\">\n"
           "      <AppenderRef ref=\"stdout\"/>\n"
           "    </Root>\n"
           "  </Loggers>\n"
           "</Configuration>\n"_s;
}

QStringList KRaftNodeConfig::formatArguments(const QString &clusterId, const QString &propertiesFile)
{
    return {u"kafka.tools.StorageTool"_s, u"format"_s, u"-t"_s, clusterId, u"-c"_s, propertiesFile};
}

QString KRaftNodeConfig::quorumStateFile(const QString &dataDir)
{
    return dataDir + u"/__cluster_metadata-0/quorum-state"_s;
}

} // namespace ensemble
