// A KRaft cluster's storage in a workspace: one cluster id for the workspace's life (kraft.json beside the
// cluster file), which nodes still need `StorageTool format` (no meta.properties yet), and the refusals when the
// directories belong to another cluster id or to a ZooKeeper-mode cluster. Formatting itself runs the runtime's
// own kafka.tools.StorageTool, one JVM per node, all at once, without blocking the caller's thread.
#pragma once

#include "ClusterSpec.h"
#include "Expected.h"
#include "NodeLayout.h"
#include "RuntimeLocator.h"
#include "Workspace.h"

#include <QObject>
#include <QStringList>

class QProcess;

namespace ensemble {

class KRaftStorage : public QObject
{
    Q_OBJECT
  public:
    // The workspace's cluster id (created and stored on the first call), after checking that no node directory
    // was formatted for another cluster id and that the workspace does not hold a ZooKeeper-mode cluster.
    static Expected<QString> clusterId(const Workspace &workspace, const ClusterLayout &layout);
    // A new id in Kafka's Uuid text form (16 random bytes, base64url without padding: 22 characters).
    static QString newClusterId();
    // The cluster.id a formatted directory carries in meta.properties; empty when it is not formatted.
    static QString formattedClusterId(const QString &dataDir);

    KRaftStorage(Runtime runtime, QString clusterId, QObject *parent = nullptr);
    ~KRaftStorage() override;
    // Formats each (node name, conf dir, data dir) that is not formatted yet, in parallel; emits finished() once
    // (at once when nothing needs it).
    void formatMissing(const Workspace &workspace, const ClusterLayout &layout);

  Q_SIGNALS:
    // ok = every format succeeded; message = what failed, with the tool's last lines.
    void finished(bool ok, const QString &message, const QStringList &formatted);

  private:
    void onFormatDone(const QString &node, QProcess *process);

    Runtime m_runtime;
    QString m_clusterId;
    QList<QProcess *> m_running;
    QStringList m_formatted;
    QStringList m_failures;
};

} // namespace ensemble
