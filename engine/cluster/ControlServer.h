// Serves the engine to other processes over a local socket in the workspace: one JSON request per line,
// one JSON answer per line; `events` with follow=true keeps streaming events until the client hangs up.
//   {"cmd":"ping"} {"cmd":"status"} {"cmd":"node","action":"kill","node":"kafka-1"} {"cmd":"down"}
//   {"cmd":"events","since":0,"follow":true}
#pragma once

#include <QJsonObject>
#include <QList>
#include <QLocalServer>
#include <QObject>

namespace ensemble {

class Engine;
struct ClusterEvent;

class ControlServer : public QObject
{
    Q_OBJECT
  public:
    explicit ControlServer(Engine *engine, QObject *parent = nullptr);
    ~ControlServer() override;

    // Listens on the workspace's control.sock (a stale socket file from a crashed run is removed first).
    bool listen(QString *error);

  private:
    void onConnection();
    void handle(QLocalSocket *socket, const QJsonObject &request);
    void broadcast(const ClusterEvent &event);

    Engine *m_engine;
    QLocalServer m_server;
    QList<QLocalSocket *> m_followers;
};

} // namespace ensemble
