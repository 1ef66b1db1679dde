// Finds what the nodes run on: a java executable and a Kafka classpath (which also carries ZooKeeper),
// from the cluster file, KAFKA_HOME / JAVA_HOME, or the runtime our installer fetched.
#pragma once

#include "ClusterSpec.h"
#include "Expected.h"

#include <QString>
#include <QStringList>

namespace ensemble {

struct Runtime
{
    QString java;         // absolute path of the java executable
    int javaMajor = 0;    // 17
    QString javaSource;   // where java was found: "the cluster file", "JAVA_HOME", "PATH"
    QString libDir;       // directory holding kafka_2.13-*.jar, zookeeper-*.jar ...
    QString kafkaVersion; // 3.9.2
    QString zookeeperVersion;
    QString source; // "cluster file", "KAFKA_HOME", "installed runtime"

    // 4.x logs through log4j2 (-Dlog4j2.configurationFile), 3.x through reload4j (-Dlog4j.configuration).
    bool usesLog4j2() const
    {
        return !kafkaVersion.isEmpty() && kafkaVersion.section(QLatin1Char('.'), 0, 0).toInt() >= 4;
    }

    QString classpath() const { return libDir + QStringLiteral("/*"); }
};

class RuntimeLocator
{
  public:
    static constexpr auto kPinnedKafkaVersion = "3.9.2";

    // The directory the installer fills for a version: dataRoot()/runtime/kafka-VERSION/libs (default: the pin).
    static QString installedLibDir(const QString &kafkaVersion = {});
    // The Kafka versions installed side by side under dataRoot()/runtime, sorted ("3.9.2", "4.4.0").
    static QStringList installedVersions();

    // Blocking: asks `java -version` the first time a java executable is seen (the answer is then cached).
    static Expected<Runtime> locate(const ClusterSpec &spec);
    // Asks the java that SPEC would use for its version now (e.g. on a worker thread while the window opens), so
    // a later locate() does not wait for a JVM to start.
    static void warmUp(const ClusterSpec &spec = {});
    static Expected<QString> findJava(const QString &explicitPath);
    static Expected<Runtime> inspectLibDir(const QString &dir, const QString &source);
};

} // namespace ensemble
