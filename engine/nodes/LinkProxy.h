// A TCP proxy on 127.0.0.1 for one network link between two nodes (e.g. zookeeper-1 -> zookeeper-2's election
// port): it passes bytes through untouched, and on demand cuts the link (closes live connections, both
// directions, and refuses new ones) or delays it (latency with jitter). With no fault set it forwards each read at
// once, without timers. Lives in one thread; call it from that thread (or through queued invocations).
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTcpServer>

#include <functional>

class QTcpSocket;
class QTimer;

namespace ensemble {

class LinkProxy : public QObject
{
    Q_OBJECT
  public:
    // Rewrites the first bytes a client sends (e.g. ZooKeeper's election handshake). Given what has arrived so
    // far, returns the bytes to forward in their place, or nothing (an empty optional) while it needs more.
    using FirstBytesRewrite = std::function<std::optional<QByteArray>(const QByteArray &received)>;
    // Names the node a connection comes from, given its first bytes (e.g. the client id of a Kafka request
    // header); an empty optional while it needs more, an empty string when it cannot tell.
    using SourceOf = std::function<std::optional<QString>(const QByteArray &received)>;

    LinkProxy(QString name, QHostAddress targetHost, quint16 targetPort, QObject *parent = nullptr);
    ~LinkProxy() override;

    // Listens on host:port (0 = any free port). False with errorString() set when it cannot.
    bool listen(const QHostAddress &host, quint16 port);
    quint16 port() const { return m_server.serverPort(); }
    QString name() const { return m_name; }
    QString errorString() const { return m_server.errorString(); }
    void setFirstBytesRewrite(FirstBytesRewrite rewrite) { m_rewrite = std::move(rewrite); }
    void setSourceOf(SourceOf sourceOf) { m_sourceOf = std::move(sourceOf); }

    // Cut: every live connection is closed and new ones are closed as soon as they arrive. Heal: setCut(false).
    void setCut(bool cut);
    bool isCut() const { return m_cut; }
    // Cuts only the connections whose source (see setSourceOf) is one of SOURCES: live ones are closed, new ones
    // closed once their first bytes name them. A proxy in front of one node can so cut each of its peers alone.
    void setCutSources(const QSet<QString> &sources);
    QSet<QString> cutSources() const { return m_cutSources; }
    // Each chunk, in both directions, is held latencyMs + a uniform random 0..jitterMs; order is kept.
    void setLatency(int latencyMs, int jitterMs);
    int latencyMs() const { return m_latencyMs; }
    int jitterMs() const { return m_jitterMs; }
    // A latency for the connections from one source only (see setSourceOf), on top of setLatency's.
    void setSourceLatency(const QString &source, int latencyMs, int jitterMs);
    void clearSourceLatencies() { m_sourceLatency.clear(); }
    int liveConnections() const { return int(m_pipes.size()); }

  private:
    struct Pipe;
    struct Direction;
    void onNewConnection();
    void dialUpstream(Pipe *pipe);
    void send(Pipe *pipe, Direction &dir, const QByteArray &bytes);
    void forward(Pipe *pipe, Direction &dir);
    void flushDue(Pipe *pipe, Direction &dir);
    void closePipe(Pipe *pipe);

    static constexpr int kUpstreamRetries = 50; // x kUpstreamRetryMs: how long a refusing target is retried
    static constexpr int kUpstreamRetryMs = 100;
    static constexpr qint64 kEarlyLimit = 1 << 20; // bytes held for a target that has not accepted yet
    QString m_name;
    QHostAddress m_targetHost;
    quint16 m_targetPort;
    QTcpServer m_server;
    QList<Pipe *> m_pipes;
    quint64 m_serials = 0;
    FirstBytesRewrite m_rewrite;
    SourceOf m_sourceOf;
    QSet<QString> m_cutSources;
    QHash<QString, std::pair<int, int>> m_sourceLatency; // source -> (latency, jitter)
    bool m_cut = false;
    int m_latencyMs = 0;
    int m_jitterMs = 0;
};

} // namespace ensemble
