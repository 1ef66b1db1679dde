// Application class-data sharing (AppCDS) for the node JVMs: six JVMs loading Kafka's classes at once is what
// a cluster start spends most of its CPU on. The first graceful stop of a node of each kind records the classes
// it loaded into an archive (-XX:ArchiveClassesAtExit); later starts map that archive (-XX:SharedArchiveFile).
// A missing, stale or foreign archive costs nothing: the JVM warns and loads classes the ordinary way.
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
    // The archives live under dataRoot()/runtime/cds/KEY, KEY naming the java binary and the classpath.
    explicit ClassDataArchive(const Runtime &runtime);
    // For testing: archives under DIR.
    ClassDataArchive(const Runtime &runtime, const QString &dir);

    QString archivePath(NodeKind kind) const;
    // JVM options for NODE: use the archive of its kind when there is one; otherwise let the first node of
    // that kind record one (into a private temporary file, so concurrent clusters never share a half-written one).
    QStringList jvmOptions(NodeKind kind, const QString &node);
    // Call when NODE's JVM has ended; a recording it made is kept only after a clean exit.
    void nodeExited(const QString &node, bool clean);

  private:
    QString m_dir;
    QHash<QString, NodeKind> m_recorders; // node -> kind it records
};

} // namespace ensemble
