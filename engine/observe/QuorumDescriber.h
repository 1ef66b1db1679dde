// Asks a KRaft quorum for its replication figures with Kafka's own DescribeQuorum request (librdkafka has none):
// a TCP connection to a controller's listener on the loopback, ApiVersions to pick a version, DescribeQuorum for
// __cluster_metadata-0. Only the raft leader answers, so the controller named as leader is asked first, then
// the others. Lives on the probe thread (its calls block, bounded by short timeouts); emits one QuorumFigures
// per round that found the leader, or unavailable() with why.
#pragma once

#include "Expected.h"
#include "NodeLayout.h"
#include "QuorumFigures.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

namespace ensemble {

struct QuorumEndpoint
{
    QString name; // controller-1
    int id = -1;  // node.id
    quint16 port = 0;
};

class QuorumDescriber : public QObject
{
    Q_OBJECT
  public:
    static constexpr int kTimeoutMs = 800; // per exchange: a paused controller accepts the connection, never answers

    // ENDPOINTS are the controllers' listeners; NAMES every node.id of the cluster (voters and observers).
    QuorumDescriber(QString host, QList<QuorumEndpoint> endpoints, QHash<int, QString> names);
    // One for a KRaft cluster: its controllers' CONTROLLER listeners, every node's name.
    explicit QuorumDescriber(const ClusterLayout &layout);

    // Call these through queued invocations: the describer lives on the probe thread.
    Q_INVOKABLE void start(int intervalMs);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void describeNow();
    Q_INVOKABLE void setLeaderHint(int id) { m_leaderHint = id; }

    // One exchange with one listener, blocking up to about 2 × TIMEOUTMS. RAWREPLY (if given) gets the
    // DescribeQuorum reply's bytes (what tests/data keeps) and VERSION the version spoken.
    static Expected<QuorumFigures> describe(const QString &host, quint16 port, int timeoutMs,
                                            QByteArray *rawReply = nullptr, qint16 *version = nullptr);

  Q_SIGNALS:
    void figures(const ensemble::QuorumFigures &figures);
    void unavailable(const QString &reason);

  private:
    QString m_host;
    QList<QuorumEndpoint> m_endpoints;
    QHash<int, QString> m_names;
    int m_leaderHint = -1;
    QTimer *m_timer = nullptr;
};

} // namespace ensemble
