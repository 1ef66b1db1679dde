// Class data for the node JVMs: six JVMs loading Kafka's classes at once is what a cluster start spends most of
// its CPU on. Java 17 to 24 map an application class-data sharing archive (AppCDS: -XX:SharedArchiveFile, recorded
// with -XX:ArchiveClassesAtExit); Java 25 and newer an ahead-of-time cache (JEP 483/514: -XX:AOTCache, recorded
// with -XX:AOTCacheOutput), which also keeps linked classes and method profiles. One is recorded at a node's
// graceful stop: at install time by a short training run (ClassDataTraining), else by the first node of each kind
// that stops gracefully. A missing, stale or foreign archive costs nothing: the JVM loads classes the ordinary way.
#pragma once

#include "NodeLayout.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace ensemble {

struct Runtime;

class ClassDataArchive
{
  public:
    enum class Format { None, AppCds, AotCache };

    // The archives live under directoryFor(RUNTIME).
    explicit ClassDataArchive(const Runtime &runtime);
    // For testing: archives under DIR.
    ClassDataArchive(const Runtime &runtime, const QString &dir);

    // dataRoot()/runtime/cds/KEY, KEY naming the java binary (path and date), the classpath and the Kafka version:
    // another Java or another runtime never finds this one's archives.
    static QString directoryFor(const Runtime &runtime);
    // AOT cache from Java 25 on (JEP 514's one-step -XX:AOTCacheOutput), AppCDS from 13 (dynamic archives), none
    // before.
    static Format formatFor(int javaMajor);
    // The kinds of node whose archives RUNTIME's clusters use: ZooKeeper mode (a runtime with ZooKeeper) its
    // servers and brokers; KRaft one archive for controllers, brokers and combined nodes alike (all run kafka.Kafka).
    static QList<NodeKind> kindsFor(const Runtime &runtime);

    Format format() const { return m_format; }
    QString archivePath(NodeKind kind) const;
    // True when KIND's archive is there and newer than the runtime's jars and the java binary (else it is stale).
    bool isUsable(NodeKind kind) const;
    // "AOT cache" / "AppCDS archive" / "no class-data archive", for the start line and status.
    QString formatName() const;

    // JVM options for NODE: use the archive of its kind when there is a usable one; otherwise let the first node
    // of that kind record one (into a private temporary file, so concurrent clusters never share a half-written
    // one). A stale archive is deleted so that it is recorded again.
    QStringList jvmOptions(NodeKind kind, const QString &node);
    // True while NODE records an archive: its graceful stop then writes it (an AOT cache takes seconds).
    bool isRecording(const QString &node) const { return m_recorders.contains(node); }
    // Call when NODE's JVM has ended; a recording it made is kept only after a clean exit.
    void nodeExited(const QString &node, bool clean);

  private:
    struct Recording
    {
        NodeKind kind;
        QString file;
    };
    QString m_dir;
    QString m_libDir;
    QString m_java;
    Format m_format = Format::AppCds;
    QHash<QString, Recording> m_recorders; // node -> what it records
};

} // namespace ensemble
