// A cluster that another process runs (the supervisor of `ensemble up -d`, `ensemble up` in a terminal, another
// window), watched and driven over its workspace's control socket, never blocking: the history first (every event
// since the start, folded into a ClusterState), then the live events (`events --follow`); the status polled each
// second (health, uptime); node actions and `down` sent as requests; node output tailed from the workspace's
// per-node logs. The cluster going away (its process killed, `ensemble down` from a shell) ends the session with
// lost() and stopped(). Deleting the session leaves the cluster running.
#pragma once

#include "ClusterSession.h"
#include "EventHistory.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QLocalSocket>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace ensemble {

class NodeLogTail;

class AttachedSession : public ClusterSession
{
    Q_OBJECT
  public:
    // Reads what WORKSPACEDIR's cluster was started with (cluster.yaml, layout.json): bad input when it is no
    // workspace or its cluster never ran. Nothing is connected yet: start() does that.
    static Expected<AttachedSession *> open(const QString &workspaceDir, QObject *parent = nullptr);
    ~AttachedSession() override;

    // Asks for the history; ready() once it is in (events(), state()), failed() when the cluster does not answer.
    void start();
    bool isReady() const { return m_ready; }

    const ClusterSpec &spec() const override { return m_spec; }
    const Workspace &workspace() const override { return m_workspace; }
    const ClusterLayout &layout() const override { return m_layout; }
    const ClusterState &state() const override { return m_state; }
    const QList<ClusterEvent> &events() const override { return m_history.events(); }
    QList<ClusterEvent> eventsSince(qint64 sinceMs) const override { return m_history.since(sinceMs); }
    QJsonObject statusJson() const override { return m_status; }
    Status act(NodeAction action, const QString &node) override;
    Expected<QString> networkFault(const NetworkFault &fault) override;
    void shutdown() override;
    bool isHealthy() const override { return m_status.value(QStringLiteral("healthy")).toBool(); }
    bool isShuttingDown() const override { return m_shuttingDown; }
    qint64 clusterTimeMs() const override;
    bool isAttached() const override { return true; }

  Q_SIGNALS:
    void ready();
    void failed(const QString &message);

  private:
    AttachedSession(ClusterSpec spec, Workspace workspace, ClusterLayout layout, QObject *parent);
    // A new connection that sends MESSAGE and hands each answer line to ONLINE (false: hang up); ONCLOSED when the
    // connection ends, with why when it never got through.
    QLocalSocket *request(const QJsonObject &message, std::function<bool(const QJsonObject &)> onLine,
                          std::function<void(const QString &error)> onClosed);
    void onHistoryLine(const QJsonObject &line);
    void follow();
    void onLiveEvent(const ClusterEvent &event);
    void pollStatus();
    qint64 tookToHealthyMs() const;
    void send(const QJsonObject &command, const QString &what);
    void end(const QString &lostBecause); // empty: asked for (shutdown)

    ClusterSpec m_spec;
    Workspace m_workspace;
    ClusterLayout m_layout;
    ClusterState m_state;
    EventHistory m_history;
    QList<QJsonObject> m_lastMsEvents; // the history's events at its last cluster time: the follow repeats them
    qint64 m_lastMs = 0;
    QJsonObject m_status;
    qint64 m_uptimeMs = -1; // from the last status answer, at m_uptimeClock's start
    QElapsedTimer m_uptimeClock;
    QPointer<QLocalSocket> m_stream; // the history, then the live events
    QPointer<QLocalSocket> m_poll;
    QElapsedTimer m_pollAge;
    QTimer m_pollTimer;
    NodeLogTail *m_logs;
    bool m_ready = false;
    bool m_healthySeen = false;
    bool m_statusSeen = false;
    bool m_shuttingDown = false;
    bool m_ended = false;
    static constexpr int kPollMs = 1000;
    static constexpr int kAnswerTimeoutMs = 10000;
};

} // namespace ensemble
