#include "PropertiesExporter.h"

#include "FixedPortLayout.h"
#include "KRaftPropertiesExporter.h"
#include "NodeConfig.h"
#include "RuntimeLocator.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

QString nodeHeader(const ClusterSpec &spec, const NodeLayout &node)
{
    QString header = u"# %1 of cluster '%2', written by `ensemble export --format properties`.\n"
                     "# Paths are relative to the export directory: start the node from there (start.sh does).\n"_s.arg(
                         node.name, spec.name);
    if (node.kind == NodeKind::Coordinator && spec.coordinators > 1)
        header += u"# server.N=HOST:QUORUM_PORT:ELECTION_PORT — followers connect to the leader on the first "
                  u"port,\n"
                  "# leader election runs on the second. Each server has its own pair so all can share one host.\n"_s;
    return header;
}

QString startScript(const ClusterSpec &spec, const ClusterLayout &layout)
{
    QString out = u"#!/bin/sh\n"
                  "# Starts cluster '%1' with Kafka's own scripts: the ZooKeeper servers first, then the brokers,\n"
                  "# then creates the topics. Needs KAFKA_HOME = an Apache Kafka %2 distribution (3.9 is the last\n"
                  "# line with ZooKeeper mode). Each node logs to NODE/logs/; NODE/pid holds its process id.\n"
                  "set -eu\n"
                  "cd \"$(dirname \"$0\")\"\n"
                  ": \"${KAFKA_HOME:?set KAFKA_HOME to an Apache Kafka 3.9.x directory}\"\n\n"
                  "start() { # NODE HEAP_MB SCRIPT CONFIG\n"
                  "  mkdir -p \"$1/logs\"\n"
                  "  LOG_DIR=\"$PWD/$1/logs\" KAFKA_HEAP_OPTS=\"-Xmx$2m -Xms$2m\" \\\n"
                  "    nohup \"$KAFKA_HOME/bin/$3\" \"$4\" > \"$1/logs/console.out\" 2>&1 &\n"
                  "  echo $! > \"$1/pid\"\n"
                  "  echo \"started $1 (pid $!)\"\n"
                  "}\n\n"_s.arg(spec.name, QString::fromLatin1(RuntimeLocator::kPinnedKafkaVersion));
    for (const NodeLayout &z : layout.coordinators())
        out += u"start %1 %2 zookeeper-server-start.sh %1/zoo.cfg\n"_s.arg(z.name).arg(spec.coordinatorHeapMb);
    out += u"# Brokers wait up to zookeeper.connection.timeout.ms (60 s) for the ZooKeeper quorum.\n"_s;
    for (const NodeLayout &b : layout.brokers())
        out += u"start %1 %2 kafka-server-start.sh %1/server.properties\n"_s.arg(b.name).arg(spec.brokerHeapMb);
    if (!spec.topics.isEmpty()) {
        out += u"\nbootstrap=%1\n"
               "echo \"waiting for the brokers ...\"\n"
               "until \"$KAFKA_HOME/bin/kafka-broker-api-versions.sh\" --bootstrap-server \"$bootstrap\" "
               "> /dev/null 2>&1; do sleep 2; done\n"_s.arg(layout.bootstrapServers());
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
    out += u"echo \"cluster '%1' started: bootstrap.servers=%2\"\n"_s.arg(spec.name, layout.bootstrapServers());
    return out;
}

QString stopScript(const ClusterSpec &spec, const ClusterLayout &layout)
{
    QStringList order;
    for (const NodeLayout &b : layout.brokers())
        order.append(b.name);
    for (const NodeLayout &z : layout.coordinators())
        order.append(z.name);
    return u"#!/bin/sh\n"
           "# Stops cluster '%1': brokers first (a controlled shutdown moves their partition leaders away),\n"
           "# ZooKeeper last. Uses the pid files start.sh wrote.\n"
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

QString startOrder(const ClusterSpec &spec, const ClusterLayout &layout)
{
    QString out = u"# Cluster '%1': start order\n\n"
                  "Written by `ensemble export --format properties`. One directory per node, with the same settings "
                  "Ensemble gives it, on fixed ports on %2. Run the nodes with Kafka's own scripts from an Apache "
                  "Kafka 3.9.x distribution (`KAFKA_HOME`), **from this directory** (paths in the files are relative "
                  "to it).\n\n"
                  "`./start.sh` does all of the below; `./stop.sh` stops the nodes in the reverse order.\n\n"_s.arg(
                      spec.name, layout.host);
    out += u"## 1. ZooKeeper servers (all of them; a quorum needs a majority)\n\n```sh\n"_s;
    for (const NodeLayout &z : layout.coordinators())
        out += u"$KAFKA_HOME/bin/zookeeper-server-start.sh %1/zoo.cfg\n"_s.arg(z.name);
    out += u"```\n\n| server | myid | client | quorum | election |\n|---|---|---|---|---|\n"_s;
    for (const NodeLayout &z : layout.coordinators())
        out += u"| %1 | %2 | %3 | %4 | %5 |\n"_s.arg(z.name)
                   .arg(z.id)
                   .arg(z.clientPort)
                   .arg(z.quorumPort)
                   .arg(z.electionPort);
    out += u"\nThe quorum port (first in `server.N=host:QUORUM:ELECTION`) carries follower-to-leader "
           u"traffic; the "
           "election port (second) carries leader-election votes. Each ZooKeeper server's `myid` is in "
           "`NODE/data/myid`.\n\n"_s;
    out += u"## 2. Kafka brokers (once ZooKeeper has a quorum; they wait up to 60 s for it)\n\n```sh\n"_s;
    for (const NodeLayout &b : layout.brokers())
        out += u"$KAFKA_HOME/bin/kafka-server-start.sh %1/server.properties\n"_s.arg(b.name);
    out += u"```\n\n| broker | broker.id | listener |\n|---|---|---|\n"_s;
    for (const NodeLayout &b : layout.brokers())
        out += u"| %1 | %2 | %3:%4 |\n"_s.arg(b.name).arg(b.id).arg(layout.host).arg(b.clientPort);
    if (!spec.topics.isEmpty()) {
        out += u"\n## 3. Topics\n\n```sh\n"_s;
        for (const TopicSpec &t : spec.topics) {
            QString line = u"$KAFKA_HOME/bin/kafka-topics.sh --bootstrap-server %1 --create --if-not-exists --topic %2 "
                           "--partitions %3 --replication-factor %4"_s.arg(layout.bootstrapServers(), t.name)
                               .arg(t.partitions)
                               .arg(t.replicationFactor);
            for (auto it = t.configs.begin(); it != t.configs.end(); ++it)
                line += u" --config "_s + it.key() + u'=' + it.value();
            out += line + u'\n';
        }
        out += u"```\n"_s;
    }
    out += u"\nStop in the reverse order: brokers first (`kill PID` = a controlled shutdown), then ZooKeeper.\n"_s;
    return out;
}

} // namespace

Expected<QList<ExportedFile>> exportProperties(const ClusterSpec &spec)
{
    if (spec.mode == ClusterMode::KRaft)
        return exportKRaftProperties(spec);
    auto layout = fixedPortLayout(spec);
    if (!layout)
        return layout.error();
    const ClusterLayout &l = layout.value();
    QList<ExportedFile> files;
    for (const NodeLayout &node : l.nodes) {
        const QString header = nodeHeader(spec, node);
        if (node.kind == NodeKind::Coordinator) {
            const QString data = node.name + u"/data"_s;
            files.append({node.name + u"/zoo.cfg"_s,
                          NodeConfig::render(NodeConfig::zooKeeperProperties(spec, l, node, data), header)});
            files.append({data + u"/myid"_s, QString::number(node.id) + u'\n'});
        } else {
            files.append(
                {node.name + u"/server.properties"_s,
                 NodeConfig::render(NodeConfig::brokerProperties(spec, l, node, node.name + u"/data"_s), header)});
        }
    }
    files.append({u"START-ORDER.md"_s, startOrder(spec, l)});
    files.append({u"start.sh"_s, startScript(spec, l), true});
    files.append({u"stop.sh"_s, stopScript(spec, l), true});
    return files;
}

} // namespace ensemble
