// Reads the cluster's own record on a worker thread: the controller, registered brokers and every partition's
// leader/ISR from ZooKeeper's znodes (ZooKeeper C client), and the brokers that answer Kafka metadata
// (librdkafka). Emits one snapshot per round. KRaft (no ZooKeeper connect string): brokers, topics and partitions
// from the metadata answer alone.
#pragma once

#include "ClusterState.h"

#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace ensemble {

struct ClusterSnapshot
{
    qint64 startedWallMs = 0; // when this round began reading: it shows nothing newer than that
    bool zookeeperReachable = false;
    int controller = -1;
    int controllerEpoch = -1;
    QSet<int> registeredBrokers;
    bool metadataAnswered = false;
    QSet<int> metadataBrokers; // brokers listed in a Kafka metadata answer
    QMap<QString, QMap<int, PartitionState>> topics;
};

class ClusterProbe : public QObject
{
    Q_OBJECT
  public:
    ClusterProbe(QString zookeeperConnect, QString bootstrapServers, QString clientLogFile);
    ~ClusterProbe() override;

    // Call these through queued invocations: the probe lives on its own thread.
    Q_INVOKABLE void start(int intervalMs);
    Q_INVOKABLE void probeNow();
    Q_INVOKABLE void stop();

  Q_SIGNALS:
    void snapshot(const ensemble::ClusterSnapshot &snapshot);

  private:
    struct Clients;
    void readZooKeeper(ClusterSnapshot &out);
    void readMetadata(ClusterSnapshot &out);

    QString m_zookeeperConnect;
    QString m_bootstrap;
    QString m_clientLogFile;
    std::unique_ptr<Clients> m_clients;
    QTimer *m_timer = nullptr;
};

} // namespace ensemble

Q_DECLARE_METATYPE(ensemble::ClusterSnapshot)
