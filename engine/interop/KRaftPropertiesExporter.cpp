#include "KRaftPropertiesExporter.h"

#include "FixedPortLayout.h"
#include "KRaftLayout.h"
#include "NodeConfig.h"

#include <QHash>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

struct Node
{
    QString name;
    int id = 0;
    bool controller = false;
    bool broker = false;
    int port = 0;           // PLAINTEXT (brokers)
    int controllerPort = 0; // CONTROLLER (controllers)
};

QString roles(const Node &n)
{
    return n.controller && n.broker ? u"broker,controller"_s : n.controller ? u"controller"_s : u"broker"_s;
}

Expected<QList<Node>> layout(const ClusterSpec &spec)
{
    const int brokerBase = spec.brokerPortBase > 0 ? spec.brokerPortBase : kDefaultBrokerPort;
    const int controllerBase = spec.coordinatorPortBase > 0 ? spec.coordinatorPortBase : kDefaultKRaftControllerPort;
    QList<Node> nodes;
    for (int i = 1; i <= spec.coordinators; ++i)
        nodes.append(Node{spec.coordinatorName(i), kraftNodeId(spec, true, i), true, spec.combined,
                          spec.combined ? brokerBase + i - 1 : 0, controllerBase + i - 1});
    if (!spec.combined)
        for (int i = 1; i <= spec.brokers; ++i)
            nodes.append(Node{spec.brokerName(i), kraftNodeId(spec, false, i), false, true, brokerBase + i - 1, 0});
    QHash<int, QString> used;
    for (const Node &n : nodes)
        for (const int port : {n.port, n.controllerPort}) {
            if (port == 0)
                continue;
            if (port > 65535 || used.contains(port))
                return Error::badInput(u"%1 would use port %2%3 — choose other first ports under `ports:` in the "
                                       "cluster file"_s.arg(n.name)
                                           .arg(port)
                                           .arg(used.contains(port) ? u", as does "_s + used.value(port) : QString()));
            used.insert(port, n.name);
        }
    return nodes;
}

QString serverProperties(const ClusterSpec &spec, const QList<Node> &nodes, const Node &n)
{
    QStringList voters;
    for (const Node &c : nodes)
        if (c.controller)
            voters.append(u"%1@%2:%3"_s.arg(c.id).arg(spec.listen).arg(c.controllerPort));
    QStringList listeners;
    if (n.broker)
        listeners.append(u"PLAINTEXT://%1:%2"_s.arg(spec.listen).arg(n.port));
    if (n.controller)
        listeners.append(u"CONTROLLER://%1:%2"_s.arg(spec.listen).arg(n.controllerPort));
    NodeConfig::Properties p = {
        {u"process.roles"_s, roles(n)},
        {u"node.id"_s, QString::number(n.id)},
        {u"controller.quorum.voters"_s, voters.join(u',')},
        {u"controller.listener.names"_s, u"CONTROLLER"_s},
        {u"listeners"_s, listeners.join(u',')},
    };
    if (n.broker) {
        p.append({u"advertised.listeners"_s, u"PLAINTEXT://%1:%2"_s.arg(spec.listen).arg(n.port)});
        p.append({u"inter.broker.listener.name"_s, u"PLAINTEXT"_s});
    }
    p.append({u"listener.security.protocol.map"_s, u"CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"_s});
    p.append({u"log.dirs"_s, n.name + u"/data"_s});
    p += kraftSharedSettings(spec);
    return NodeConfig::render(p, u"# %1 (%2) of KRaft cluster '%3', written by `ensemble export --format properties`.\n"
                                 "# Paths are relative to the export directory: start the node from there (start.sh "
                                 "does).\n"_s.arg(n.name, roles(n), spec.name));
}

QString startScript(const ClusterSpec &spec, const QList<Node> &nodes)
{
    QString out = u"#!/bin/sh\n"
                  "# Starts KRaft cluster '%1' with Kafka's own scripts: formats every node's storage with one "
                  "cluster id\n"
                  "# (once; --ignore-formatted), starts the controllers, then the brokers, then creates the topics.\n"
                  "# Needs KAFKA_HOME = an Apache Kafka %2 distribution. Each node logs to NODE/logs/.\n"
                  "set -eu\n"
                  "cd \"$(dirname \"$0\")\"\n"
                  ": \"${KAFKA_HOME:?set KAFKA_HOME to an Apache Kafka %2 directory}\"\n"
                  "cluster_id=%3\n\n"
                  "start() { # NODE HEAP_MB\n"
                  "  mkdir -p \"$1/logs\"\n"
                  "  \"$KAFKA_HOME/bin/kafka-storage.sh\" format --ignore-formatted -t \"$cluster_id\" "
                  "-c \"$1/server.properties\" > \"$1/logs/format.out\"\n"
                  "  LOG_DIR=\"$PWD/$1/logs\" KAFKA_HEAP_OPTS=\"-Xmx$2m -Xms$2m\" \\\n"
                  "    nohup \"$KAFKA_HOME/bin/kafka-server-start.sh\" \"$1/server.properties\" > "
                  "\"$1/logs/console.out\" 2>&1 &\n"
                  "  echo $! > \"$1/pid\"\n"
                  "  echo \"started $1 (pid $!)\"\n"
                  "}\n\n"_s.arg(spec.name, spec.effectiveKafkaVersion(), kraftClusterId(spec.name));
    QStringList bootstrap;
    for (const Node &n : nodes) {
        out +=
            u"start %1 %2\n"_s.arg(n.name).arg(n.controller && !n.broker ? spec.coordinatorHeapMb : spec.brokerHeapMb);
        if (n.broker)
            bootstrap.append(u"%1:%2"_s.arg(spec.listen).arg(n.port));
    }
    if (!spec.topics.isEmpty()) {
        out += u"\nbootstrap=%1\n"
               "echo \"waiting for the brokers ...\"\n"
               "until \"$KAFKA_HOME/bin/kafka-broker-api-versions.sh\" --bootstrap-server \"$bootstrap\" "
               "> /dev/null 2>&1; do sleep 2; done\n"_s.arg(bootstrap.join(u','));
        for (const TopicSpec &t : spec.topics) {
            QString line = u"\"$KAFKA_HOME/bin/kafka-topics.sh\" --bootstrap-server \"$bootstrap\" --create "
                           "--if-not-exists --topic %1 --partitions %2 --replication-factor %3"_s.arg(t.name)
                               .arg(t.partitions)
                               .arg(t.replicationFactor);
            for (auto it = t.configs.begin(); it != t.configs.end(); ++it)
                line += u" --config "_s + it.key() + u'=' + it.value();
            out += line + u'\n';
        }
    }
    out += u"echo \"cluster '%1' started: bootstrap.servers=%2\"\n"_s.arg(spec.name, bootstrap.join(u','));
    return out;
}

QString stopScript(const ClusterSpec &spec, const QList<Node> &nodes)
{
    QStringList order;
    for (const Node &n : nodes)
        if (n.broker && !n.controller)
            order.append(n.name);
    for (const Node &n : nodes)
        if (n.controller)
            order.append(n.name);
    return u"#!/bin/sh\n"
           "# Stops KRaft cluster '%1': brokers first (a controlled shutdown moves their partition leaders away),\n"
           "# the controllers last. Uses the pid files start.sh wrote.\n"
           "cd \"$(dirname \"$0\")\"\n"
           "for node in %2; do\n"
           "  [ -f \"$node/pid\" ] || continue\n"
           "  pid=$(cat \"$node/pid\")\n"
           "  if kill \"$pid\" 2>/dev/null; then\n"
           "    while kill -0 \"$pid\" 2>/dev/null; do sleep 1; done\n"
           "    echo \"stopped $node\"\n"
           "  fi\n"
           "  rm -f \"$node/pid\"\n"
           "done\n"_s.arg(spec.name, order.join(u' '));
}

QString startOrder(const ClusterSpec &spec, const QList<Node> &nodes)
{
    QString out = u"# KRaft cluster '%1': start order\n\n"
                  "Written by `ensemble export --format properties`. One directory per node, with fixed ports on %2. "
                  "Run the nodes with Kafka's own scripts from an Apache Kafka %3 distribution (`KAFKA_HOME`), **from "
                  "this directory** (paths in the files are relative to it). `./start.sh` does all of the below; "
                  "`./stop.sh` stops the nodes in the reverse order.\n\n"
                  "1. Format every node's storage with the same cluster id: `$KAFKA_HOME/bin/kafka-storage.sh format "
                  "-t %4 -c NODE/server.properties`.\n"
                  "2. Start %5 (a quorum needs a majority of the voters).\n"
                  "%6\n"
                  "| node | process.roles | node.id | listeners |\n|---|---|---|---|\n"_s
                      .arg(spec.name, spec.listen, spec.effectiveKafkaVersion(), kraftClusterId(spec.name))
                      .arg(spec.combined ? u"every node"_s : u"the controllers"_s)
                      .arg(spec.combined ? QString() : u"3. Start the brokers; they register with the quorum.\n"_s);
    for (const Node &n : nodes) {
        QStringList listeners;
        if (n.broker)
            listeners.append(u"PLAINTEXT %1:%2"_s.arg(spec.listen).arg(n.port));
        if (n.controller)
            listeners.append(u"CONTROLLER %1:%2"_s.arg(spec.listen).arg(n.controllerPort));
        out += u"| %1 | %2 | %3 | %4 |\n"_s.arg(n.name, roles(n)).arg(n.id).arg(listeners.join(u", "_s));
    }
    out +=
        u"\nStop in the reverse order: brokers first (`kill PID` = a controlled shutdown), then the controllers.\n"_s;
    return out;
}

} // namespace

Expected<QList<ExportedFile>> exportKRaftProperties(const ClusterSpec &spec)
{
    auto nodes = layout(spec);
    if (!nodes)
        return nodes.error();
    QList<ExportedFile> files;
    for (const Node &n : nodes.value())
        files.append({n.name + u"/server.properties"_s, serverProperties(spec, nodes.value(), n)});
    files.append({u"START-ORDER.md"_s, startOrder(spec, nodes.value())});
    files.append({u"start.sh"_s, startScript(spec, nodes.value()), true});
    files.append({u"stop.sh"_s, stopScript(spec, nodes.value()), true});
    return files;
}

} // namespace ensemble
