// The files and commands of a KRaft node (Kafka 3.9 or 4.x): server.properties for a controller, a broker or a
// combined node; the log4j2 configuration 4.x reads (same line layout as the log4j 1 one); the StorageTool
// `format` command a node's directories need once before its first start.
#pragma once

#include "ClusterSpec.h"
#include "NodeConfig.h"
#include "NodeLayout.h"

namespace ensemble {

class KRaftNodeConfig
{
  public:
    // process.roles for the node: "controller", "broker" or "broker,controller".
    static QString processRoles(const ClusterSpec &spec, const NodeLayout &node);
    static NodeConfig::Properties properties(const ClusterSpec &spec, const ClusterLayout &layout,
                                             const NodeLayout &node, const QString &dataDir);
    // log4j2 XML for Kafka 4.x: the line pattern of kLogPattern, with log4j 1's ISO8601 date (log4j2's ISO8601
    // puts a 'T' between date and time).
    static QString log4j2Xml();
    // Arguments after the JVM options: kafka.tools.StorageTool format -t CLUSTER_ID -c PROPS (a second format of
    // the same directories is refused, which is what we want).
    static QStringList formatArguments(const QString &clusterId, const QString &propertiesFile);
    // The file a controller's raft client rewrites on every durable state change.
    static QString quorumStateFile(const QString &dataDir);
};

} // namespace ensemble
