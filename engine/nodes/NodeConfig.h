// The files and command line of one node: zoo.cfg + myid for a ZooKeeper server, server.properties for a Kafka
// broker, a log4j.properties that gives one parseable line format, and the JVM arguments.
#pragma once

#include "ClusterSpec.h"
#include "NodeLayout.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace ensemble {

struct Runtime;

// Directories a node's files refer to.
struct NodePaths
{
    QString conf;
    QString data;
    QString logs;
};

// The line format every node logs in: "2026-11-25 14:34:33,012 INFO [logger.name] message".
inline constexpr auto kLogPattern = "%d{ISO8601} %p [%c] %m%n";

class NodeConfig
{
  public:
    // Ordered key/value pairs as they are written (user settings from the cluster file last, so they win).
    using Properties = QList<std::pair<QString, QString>>;

    static Properties zooKeeperProperties(const ClusterSpec &spec, const ClusterLayout &layout, const NodeLayout &node,
                                          const QString &dataDir);
    static Properties brokerProperties(const ClusterSpec &spec, const ClusterLayout &layout, const NodeLayout &node,
                                       const QString &logDir);
    static QString render(const Properties &properties, const QString &header);
    // Sets KEY, replacing an earlier value in place (the order of the file is kept), or appends it.
    static void set(Properties &properties, const QString &key, const QString &value);
    // Sets every override in turn (a cluster file's broker_config / coordinator_config).
    static void setAll(Properties &properties, const QMap<QString, QString> &overrides);
    static QString log4jProperties(NodeKind kind);

    // Main class and its argument (the config file) after the JVM options.
    static QStringList jvmArguments(const ClusterSpec &spec, const Runtime &runtime, const NodeLayout &node,
                                    const NodePaths &paths, const QString &workspaceRoot);
    // The config file the main class reads: conf/zoo.cfg or conf/server.properties.
    static QString configFileName(NodeKind kind);

    // Writes conf/ (config + log4j) and, for ZooKeeper, data/myid.
    static bool writeFiles(const ClusterSpec &spec, const ClusterLayout &layout, const NodeLayout &node,
                           const NodePaths &paths, QString *error);
};

} // namespace ensemble
