// Reads the cluster's own record on a worker thread: the controller, registered brokers and every partition's
// leader/ISR from ZooKeeper's znodes (ZooKeeper C client), and the brokers that answer Kafka metadata
// (librdkafka). Emits one snapshot per round. KRaft (no ZooKeeper connect string): brokers, topics and partitions
// from the metadata answer alone, so it matters which broker answers: a broker cut off from the controllers keeps
// answering from its stale cache (still the leader, still in every ISR). KRaft asks one broker at a time, each
// through a client of its own, brokers behind the controllers last (setBrokersBehind).
#pragma once

#include "ClusterState.h"
#include "QuorumFigures.h"

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
    int metadataFrom = -1;     // KRaft: the broker whose metadata this is; -1 when none answered
    QMap<QString, QMap<int, PartitionState>> topics;
};

class LinkFaults;

class ClusterProbe : public QObject
{
    Q_OBJECT
  public:
    // BROKERS (node.id -> host:port) is what KRaft asks one by one; ZooKeeper mode asks BOOTSTRAPSERVERS.
    ClusterProbe(QString zookeeperConnect, QString bootstrapServers, QString clientLogFile,
                 QMap<int, QString> brokers = {});
    ~ClusterProbe() override;

    // Call these through queued invocations: the probe lives on its own thread.
    Q_INVOKABLE void start(int intervalMs);
    Q_INVOKABLE void probeNow();
    Q_INVOKABLE void stop();
    // KRaft: brokers whose metadata is likely behind the controllers' (asked only when no other answers).
    Q_INVOKABLE void setBrokersBehind(const QSet<int> &ids) { m_behind = ids; }

    // The brokers of a KRaft cluster whose metadata is likely stale: observers the raft leader reports as lagging
    // (FIGURES), and brokers whose link to the raft leader (or, with no leader known, to any controller) LINKS cut.
    static QSet<int> brokersBehind(const ClusterLayout &layout, const QuorumFigures &figures, const LinkFaults *links);

  Q_SIGNALS:
    void snapshot(const ensemble::ClusterSnapshot &snapshot);

  private:
    struct Clients;
    void readZooKeeper(ClusterSnapshot &out);
    void readMetadata(ClusterSnapshot &out);
    void readKRaftMetadata(ClusterSnapshot &out);

    QString m_zookeeperConnect;
    QString m_bootstrap;
    QString m_clientLogFile;
    QMap<int, QString> m_brokers;
    QSet<int> m_behind;
    int m_lastAnswered = -1; // asked first next round, when not behind
    std::unique_ptr<Clients> m_clients;
    QTimer *m_timer = nullptr;
};

} // namespace ensemble

Q_DECLARE_METATYPE(ensemble::ClusterSnapshot)
