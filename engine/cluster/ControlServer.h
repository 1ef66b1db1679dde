// Serves the engine to other processes over a local socket in the workspace: one JSON request per line,
// one JSON answer per line; `events` with follow=true keeps streaming events until the client hangs up.
//   {"cmd":"ping"} {"cmd":"status"} {"cmd":"node","action":"kill","node":"kafka-1"} {"cmd":"down"}
//   {"cmd":"events","since":0,"follow":true}
// Only the user who runs the cluster may use it (the socket file is 0600 and the peer's uid is checked), and no
// client can make it hold much memory: a request is at most kMaxRequestBytes, a client that does not read its
// answers is dropped once kMaxBacklogBytes wait for it, and at most kMaxClients are connected at once.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QLocalServer>
#include <QObject>

namespace ensemble {

class Engine;
struct ControlRequest;
struct ClusterEvent;

class ControlServer : public QObject
{
    Q_OBJECT
  public:
    static constexpr qint64 kMaxRequestBytes = 1024 * 1024;
    static constexpr qint64 kMaxBacklogBytes = 4 * 1024 * 1024;
    static constexpr int kMaxClients = 256;

    explicit ControlServer(Engine *engine, QObject *parent = nullptr);
    ~ControlServer() override;

    // Listens on the workspace's control.sock (a stale socket file from a crashed run is removed first).
    bool listen(QString *error);

  private:
    void onConnection();
    void onReadyRead(QLocalSocket *socket);
    void handle(QLocalSocket *socket, const ControlRequest &request);
    void broadcast(const ClusterEvent &event);
    // Writes DATA to the client, or drops the client when more than kMaxBacklogBytes would wait for it.
    bool send(QLocalSocket *socket, const QByteArray &data);
    // Answers ANSWER and hangs up once it is written.
    void refuse(QLocalSocket *socket, const QJsonObject &answer);

    Engine *m_engine;
    QLocalServer m_server;
    QList<QLocalSocket *> m_clients;
    QList<QLocalSocket *> m_followers;
};

} // namespace ensemble
