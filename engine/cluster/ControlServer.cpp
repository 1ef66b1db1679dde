#include "ControlServer.h"

#include "ControlRequest.h"
#include "Engine.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QTimer>

#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcControl, "ensemble.control")

namespace ensemble {

namespace {
QByteArray line(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject failure(const Error &error)
{
    return QJsonObject{{u"ok"_s, false}, {u"error"_s, error.message}, {u"exit_code"_s, error.exitCode()}};
}

QString userName(uid_t uid)
{
    const passwd *pw = ::getpwuid(uid);
    return pw ? u"%1 (uid %2)"_s.arg(QString::fromLocal8Bit(pw->pw_name)).arg(uid) : u"uid %1"_s.arg(uid);
}

// The uid of the process at the other end of SOCKET, or -1 when the kernel does not say.
qint64 peerUid(const QLocalSocket *socket)
{
    ucred cred{};
    socklen_t size = sizeof cred;
    if (::getsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0)
        return -1;
    return cred.uid;
}
} // namespace

ControlServer::ControlServer(Engine *engine, QObject *parent) : QObject(parent), m_engine(engine)
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &ControlServer::onConnection);
    connect(m_engine, &Engine::eventEmitted, this, &ControlServer::broadcast);
}

ControlServer::~ControlServer()
{
    m_server.close();
}

bool ControlServer::listen(QString *error)
{
    const QString path = m_engine->workspace().socketPath();
    // The workspace lock is held, so any socket file here is left over from a run that died.
    QLocalServer::removeServer(path);
    // The socket is made under this umask, so it is never open to others, not even for a moment.
    const mode_t previous = ::umask(0077);
    const bool listening = m_server.listen(path);
    ::umask(previous);
    if (!listening) {
        if (error)
            *error = u"cannot open the control socket %1: %2"_s.arg(path, m_server.errorString());
        return false;
    }
    ::chmod(QFile::encodeName(path).constData(), 0600); // UserAccessOption leaves the owner's x bit
    return true;
}

void ControlServer::onConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        m_clients.append(socket);
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [this, socket] {
            m_clients.removeAll(socket);
            m_followers.removeAll(socket);
        });
        // Without a bound Qt would read whatever a client sends into memory; with it Qt stops reading the
        // socket once this much waits, and onReadyRead drops a client whose line is no shorter.
        socket->setReadBufferSize(kMaxRequestBytes + 1);
        // The file's mode keeps others out; the peer's uid is checked too, in case the file's mode was changed.
        const qint64 uid = peerUid(socket);
        if (uid != qint64(::geteuid())) {
            qCWarning(lcControl) << "refused a control connection from" << userName(uid_t(uid));
            refuse(socket, failure(Error::badInput(u"refused: this cluster's control socket serves only its owner, %1; "
                                                   "you are %2 — run the command as that user"_s.arg(
                                                       userName(::geteuid()), userName(uid_t(uid))))));
            continue;
        }
        if (m_clients.size() > kMaxClients) {
            refuse(socket, failure(Error::runtime(u"refused: %1 clients are connected already — close some (e.g. "
                                                  "`ensemble events --follow`) and try again"_s.arg(kMaxClients))));
            continue;
        }
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void ControlServer::onReadyRead(QLocalSocket *socket)
{
    while (socket->state() == QLocalSocket::ConnectedState && socket->canReadLine()) {
        const auto request = ControlRequest::parse(socket->readLine(kMaxRequestBytes + 1).trimmed());
        if (request)
            handle(socket, *request);
        else
            send(socket, line(failure(request.error())));
    }
    // A line longer than any request, or one that never ends: answer once and hang up. Its bytes are never kept.
    if (socket->state() == QLocalSocket::ConnectedState && !socket->canReadLine() &&
        socket->bytesAvailable() > kMaxRequestBytes) {
        qCWarning(lcControl) << "dropped a client whose request exceeds" << kMaxRequestBytes << "bytes";
        refuse(socket, failure(Error::badInput(u"request larger than %1 bytes — a request is one short JSON "
                                               "object on one line"_s.arg(kMaxRequestBytes))));
    }
}

void ControlServer::handle(QLocalSocket *socket, const ControlRequest &request)
{
    switch (request.command) {
    case ControlRequest::Command::Ping:
        send(socket, line({{u"ok"_s, true},
                           {u"cluster"_s, m_engine->spec().name},
                           {u"pid"_s, QCoreApplication::applicationPid()}}));
        break;
    case ControlRequest::Command::Status:
        send(socket, line({{u"ok"_s, true}, {u"status"_s, m_engine->statusJson()}}));
        break;
    case ControlRequest::Command::Node: {
        const Status s = m_engine->act(request.action, request.node);
        send(socket, line(s ? QJsonObject{{u"ok"_s, true}} : failure(s.error())));
        break;
    }
    case ControlRequest::Command::Fault: {
        const Expected<QString> done = m_engine->networkFault(request.fault);
        send(socket, line(done ? QJsonObject{{u"ok"_s, true}, {u"detail"_s, done.value()}} : failure(done.error())));
        break;
    }
    case ControlRequest::Command::Down:
        send(socket, line({{u"ok"_s, true}}));
        m_engine->requestShutdown();
        break;
    case ControlRequest::Command::Events: {
        QByteArray backlog;
        for (const ClusterEvent &e : m_engine->eventsSince(request.sinceMs))
            if (e.timeMs >= request.sinceMs)
                backlog += line(QJsonObject{{u"event"_s, e.toJson()}});
        if (!request.follow)
            backlog += line({{u"ok"_s, true}, {u"end"_s, true}});
        if (send(socket, backlog) && request.follow && !m_followers.contains(socket))
            m_followers.append(socket);
        break;
    }
    }
}

bool ControlServer::send(QLocalSocket *socket, const QByteArray &data)
{
    if (socket->state() != QLocalSocket::ConnectedState)
        return false;
    // A client that does not read would otherwise make every answer and event pile up here. The first answer
    // (an events backlog) may be large on its own; only what waits beyond it counts.
    if (socket->bytesToWrite() > 0 && socket->bytesToWrite() + data.size() > kMaxBacklogBytes) {
        qCWarning(lcControl) << "dropped a client that does not read its answers;" << socket->bytesToWrite()
                             << "bytes were waiting for it";
        m_followers.removeAll(socket);
        socket->abort();
        return false;
    }
    socket->write(data);
    socket->flush();
    return true;
}

void ControlServer::refuse(QLocalSocket *socket, const QJsonObject &answer)
{
    disconnect(socket, &QLocalSocket::readyRead, this, nullptr); // no more requests are read from it
    m_followers.removeAll(socket);
    socket->write(line(answer));
    socket->flush();
    socket->disconnectFromServer(); // after what is written has gone; abort() if it never goes
    QTimer::singleShot(2000, socket, &QLocalSocket::abort);
}

void ControlServer::broadcast(const ClusterEvent &event)
{
    if (m_followers.isEmpty())
        return;
    const QByteArray data = line(QJsonObject{{u"event"_s, event.toJson()}});
    for (QLocalSocket *socket : QList<QLocalSocket *>(m_followers)) // send() may drop one
        send(socket, data);
}

} // namespace ensemble
