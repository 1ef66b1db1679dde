#include "AttachedSession.h"

#include "ControlClient.h"
#include "NodeLogTail.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <memory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAttached, "ensemble.cluster.attached")

namespace ensemble {

Expected<AttachedSession *> AttachedSession::open(const QString &workspaceDir, QObject *parent)
{
    auto ws = Workspace::open(workspaceDir);
    if (!ws)
        return ws.error();
    const SpecParseResult parsed = loadClusterSpec(ws->clusterFile());
    if (!parsed.spec)
        return Error::badInput(
            u"%1 has no readable cluster file — start its cluster with `ensemble up -d -w %1`"_s.arg(ws->root()));
    QFile layoutFile(ws->layoutFile());
    if (!layoutFile.open(QIODevice::ReadOnly))
        return Error::badInput(
            u"the cluster in %1 has never run (no layout.json) — start it with `ensemble up -d -w %1`"_s.arg(
                ws->root()));
    const ClusterLayout layout = ClusterLayout::fromJson(QJsonDocument::fromJson(layoutFile.readAll()).object());
    if (layout.nodes.isEmpty())
        return Error::badInput(
            u"%1 is not a cluster layout — start the cluster again with `ensemble up -d -w %2`"_s.arg(
                layoutFile.fileName(), ws->root()));
    return new AttachedSession(*parsed.spec, *ws, layout, parent);
}

AttachedSession::AttachedSession(ClusterSpec spec, Workspace workspace, ClusterLayout layout, QObject *parent)
    : ClusterSession(parent), m_spec(std::move(spec)), m_workspace(std::move(workspace)), m_layout(std::move(layout)),
      m_state(m_layout), m_logs(new NodeLogTail(this))
{
    connect(m_logs, &NodeLogTail::line, this, &ClusterSession::nodeLine);
    m_pollTimer.setInterval(kPollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &AttachedSession::pollStatus);
}

AttachedSession::~AttachedSession()
{
    m_ended = true; // the sockets' close handlers below must not report the cluster lost
    for (QLocalSocket *socket : findChildren<QLocalSocket *>())
        socket->abort();
}

void AttachedSession::start()
{
    if (m_stream)
        return;
    m_stream = request(
        {{u"cmd"_s, u"events"_s}, {u"since"_s, 0}, {u"follow"_s, false}},
        [this](const QJsonObject &line) {
            onHistoryLine(line);
            return !m_ready && !m_ended;
        },
        [this](const QString &error) {
            if (m_ready || m_ended)
                return;
            m_ended = true;
            Q_EMIT failed(error.isEmpty() ? u"the cluster in %1 hung up before its history was read — is it "
                                            "still running? (`ensemble ls`)"_s.arg(m_workspace.root())
                                          : error);
        });
}

QLocalSocket *AttachedSession::request(const QJsonObject &message, std::function<bool(const QJsonObject &)> onLine,
                                       std::function<void(const QString &)> onClosed)
{
    auto *socket = new QLocalSocket(this);
    auto closed = std::make_shared<bool>(false);
    auto close = [socket, closed, onClosed](const QString &error) {
        if (std::exchange(*closed, true))
            return;
        socket->deleteLater();
        onClosed(error);
    };
    connect(socket, &QLocalSocket::connected, socket,
            [socket, message] { socket->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n'); });
    connect(socket, &QLocalSocket::readyRead, this, [socket, closed, onLine] {
        while (!*closed && socket->canReadLine()) {
            const QJsonObject line = QJsonDocument::fromJson(socket->readLine()).object();
            if (!onLine(line)) {
                socket->abort();
                return;
            }
        }
    });
    connect(socket, &QLocalSocket::disconnected, this, [close] { close({}); });
    connect(socket, &QLocalSocket::errorOccurred, this, [this, socket, close](QLocalSocket::LocalSocketError error) {
        if (error == QLocalSocket::PeerClosedError) {
            close({});
            return;
        }
        close(error == QLocalSocket::SocketAccessError
                  ? u"permission denied: the cluster in %1 belongs to another user — only that user may watch it"_s.arg(
                        m_workspace.root())
                  : u"cannot reach the cluster in %1: %2 — is it running? (`ensemble ls`)"_s.arg(
                        m_workspace.root(), socket->errorString()));
    });
    socket->connectToServer(m_workspace.socketPath());
    return socket;
}

void AttachedSession::onHistoryLine(const QJsonObject &line)
{
    if (line.value(u"end"_s).toBool()) {
        for (const ClusterEvent &e : m_history.events())
            if (e.timeMs == m_lastMs)
                m_lastMsEvents.append(e.toJson());
        m_ready = true;
        qCInfo(lcAttached) << "attached to" << m_workspace.root() << "with" << m_history.events().size() << "events";
        // Whoever shows the session connects to it now, before anything live (or the cluster's end) is reported.
        Q_EMIT ready();
        QHash<QString, QString> files;
        for (const NodeLayout &n : m_layout.nodes)
            files.insert(n.name, logFile(n.name));
        m_logs->start(files);
        follow();
        pollStatus();
        m_pollTimer.start();
        return;
    }
    if (line.contains(u"ok"_s) && !line.value(u"ok"_s).toBool()) {
        m_ended = true;
        Q_EMIT failed(line.value(u"error"_s).toString());
        return;
    }
    if (const auto event = ClusterEvent::fromJson(line.value(u"event"_s).toObject())) {
        m_state.apply(*event);
        m_history.append(*event);
        m_lastMs = std::max(m_lastMs, event->timeMs);
    }
}

void AttachedSession::follow()
{
    // From the history's last cluster time on: what happened since the history was read comes first.
    m_stream = request(
        {{u"cmd"_s, u"events"_s}, {u"since"_s, m_lastMs}, {u"follow"_s, true}},
        [this](const QJsonObject &line) {
            if (const auto event = ClusterEvent::fromJson(line.value(u"event"_s).toObject()))
                onLiveEvent(*event);
            return true;
        },
        [this](const QString &error) {
            if (m_ended)
                return;
            if (m_shuttingDown)
                end({});
            else
                end(error.isEmpty() ? u"the cluster in %1 has gone: its process ended (stopped with "
                                      "`ensemble down`, or killed)"_s.arg(m_workspace.root())
                                    : error);
        });
}

void AttachedSession::onLiveEvent(const ClusterEvent &event)
{
    if (event.timeMs < m_lastMs)
        return;
    if (event.timeMs == m_lastMs && m_lastMsEvents.removeOne(event.toJson()))
        return; // in the history already
    m_state.apply(event);
    m_history.append(event);
    Q_EMIT eventEmitted(event);
}

void AttachedSession::pollStatus()
{
    if (m_poll) {
        if (m_pollAge.elapsed() < kAnswerTimeoutMs)
            return;
        m_poll->abort(); // no answer: the next tick asks again
    }
    m_pollAge.start();
    m_poll = request(
        {{u"cmd"_s, u"status"_s}},
        [this](const QJsonObject &line) {
            const QJsonObject status = line.value(u"status"_s).toObject();
            if (status.isEmpty())
                return false;
            m_status = status;
            m_uptimeMs = status.value(u"uptime_ms"_s).toInteger(-1);
            m_uptimeClock.start();
            if (isHealthy() && !std::exchange(m_healthySeen, true))
                Q_EMIT healthy(tookToHealthyMs());
            if (m_spec.mode == ClusterMode::KRaft && !std::exchange(m_statusSeen, true))
                Q_EMIT quorumFiguresUnavailable(u"the replication figures are measured by the process that runs this "
                                                "cluster — see `ensemble status -w %1`"_s.arg(m_workspace.root()));
            return false;
        },
        [](const QString &) {}); // the event stream tells when the cluster has gone
}

Status AttachedSession::act(NodeAction action, const QString &node)
{
    if (!m_layout.find(node))
        return Error::badInput(u"no node '%1' in this cluster"_s.arg(node));
    send({{u"cmd"_s, u"node"_s}, {u"action"_s, toString(action)}, {u"node"_s, node}},
         u"%1 %2"_s.arg(toString(action), node));
    return ok();
}

Expected<QString> AttachedSession::networkFault(const NetworkFault &fault)
{
    send(ControlClient::faultRequest(fault), u"%1 %2"_s.arg(toString(fault.kind), fault.target()).trimmed());
    return u"%1 sent"_s.arg(toString(fault.kind));
}

qint64 AttachedSession::tookToHealthyMs() const
{
    // How long its start took, from the history (it may have been healthy for hours when this attached).
    const QList<ClusterEvent> &events = m_history.events();
    for (auto it = events.crbegin(); it != events.crend(); ++it)
        if (it->kind == EventKind::ClusterHealthy)
            return it->fields.value(u"took_ms"_s).toInteger(it->timeMs);
    return m_uptimeMs;
}

void AttachedSession::shutdown()
{
    if (m_shuttingDown || m_ended)
        return;
    m_shuttingDown = true;
    m_pollTimer.stop();
    send({{u"cmd"_s, u"down"_s}}, u"down"_s);
}

void AttachedSession::send(const QJsonObject &command, const QString &what)
{
    auto answered = std::make_shared<bool>(false);
    QLocalSocket *socket = request(
        command,
        [this, answered, what](const QJsonObject &line) {
            *answered = true;
            if (!line.value(u"ok"_s).toBool())
                Q_EMIT commandFailed(u"%1: %2"_s.arg(what, line.value(u"error"_s).toString()));
            return false;
        },
        [this, answered, what](const QString &error) {
            if (!*answered && !m_ended)
                Q_EMIT commandFailed(u"%1: %2"_s.arg(
                    what, error.isEmpty() ? u"the cluster hung up without an answer — is it still running?"_s : error));
        });
    QTimer::singleShot(kAnswerTimeoutMs, socket, &QLocalSocket::abort);
}

qint64 AttachedSession::clusterTimeMs() const
{
    if (m_uptimeMs >= 0)
        return m_uptimeMs + m_uptimeClock.elapsed();
    return m_history.events().isEmpty() ? 0 : m_history.events().constLast().timeMs;
}

void AttachedSession::end(const QString &lostBecause)
{
    if (std::exchange(m_ended, true))
        return;
    m_pollTimer.stop();
    m_logs->stop();
    if (!lostBecause.isEmpty()) {
        qCWarning(lcAttached).noquote() << lostBecause;
        Q_EMIT lost(lostBecause);
    }
    Q_EMIT stopped();
}

} // namespace ensemble
