// The user's cluster file: what nodes to run, on which ports, with which settings and topics.
// Parsed from YAML (yaml-cpp); every problem is reported with its line and column.
#pragma once

#include "Diagnostic.h"
#include "TopicSpec.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace ensemble {

enum class ClusterMode { ZooKeeper, KRaft };
enum class Profile { Demo, Default };

QString toString(ClusterMode mode);
QString toString(Profile profile);

inline constexpr char kDefaultZooKeeperKafkaVersion[] = "3.9.2"; // the last line with ZooKeeper mode
inline constexpr char kDefaultKRaftKafkaVersion[] = "4.4.0";

struct SourceMark
{
    int line = 0; // 1-based
    int column = 0;
};

struct ClusterSpec
{
    QString name = QStringLiteral("ensemble");
    ClusterMode mode = ClusterMode::ZooKeeper;
    int coordinators = 3;  // ZooKeeper servers, or KRaft controllers
    int brokers = 3;       // Kafka brokers (KRaft with combined: must be 0)
    bool combined = false; // KRaft only: the coordinators are brokers too (process.roles=broker,controller)
    QString kafkaVersion;  // empty = the mode's default (kDefaultZooKeeperKafkaVersion / kDefaultKRaftKafkaVersion)
    QString listen = QStringLiteral("127.0.0.1");
    int coordinatorPortBase = 0; // first ZooKeeper client port; 0 = free ports picked at start
    int brokerPortBase = 0;      // first broker listener port; 0 = free ports picked at start
    int coordinatorHeapMb = 128;
    int brokerHeapMb = 256;
    Profile profile = Profile::Demo;
    QString kafkaHome; // an Apache Kafka distribution (its libs/); empty = KAFKA_HOME or the installed runtime
    QString java;      // a java executable; empty = JAVA_HOME or PATH
    QList<TopicSpec> topics;
    QMap<QString, QString> brokerConfig;      // passed through to every server.properties
    QMap<QString, QString> coordinatorConfig; // passed through to every zoo.cfg

    // Where each key was found in the file ("brokers", "topics[0].replication_factor"), for diagnostics.
    QHash<QString, SourceMark> marks;

    // 1-based names: zookeeper-1 (ZooKeeper mode), controller-1 (KRaft), kafka-1 (KRaft combined nodes: kafka-N).
    QString coordinatorName(int index) const;
    QString brokerName(int index) const; // 1-based: kafka-1
    // The Kafka version this cluster runs: kafka_version, else the mode's default.
    QString effectiveKafkaVersion() const;
    SourceMark markOf(const QString &key) const { return marks.value(key); }

    // Equality ignores where things were written.
    bool operator==(const ClusterSpec &other) const;
};

struct SpecParseResult
{
    std::optional<ClusterSpec> spec; // set when there are no errors
    QList<Diagnostic> diagnostics;   // errors and warnings, in file order
};

// Parses and validates a cluster file's text.
SpecParseResult parseClusterSpec(const QByteArray &yaml);
// Reads and parses a file; a missing or unreadable file is an error diagnostic.
SpecParseResult loadClusterSpec(const QString &path);
// The built-in default cluster (3 ZooKeeper + 3 Kafka), as YAML text.
QByteArray defaultClusterYaml();
// The built-in KRaft cluster (3 controllers + 3 brokers on Kafka 4.4.0), as YAML text.
QByteArray kraftClusterYaml();

} // namespace ensemble
