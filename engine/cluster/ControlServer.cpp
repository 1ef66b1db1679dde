#include "ControlServer.h"

#include "Engine.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
void reply(QLocalSocket *socket, const QJsonObject &answer)
{
    socket->write(QJsonDocument(answer).toJson(QJsonDocument::Compact) + '\n');
    socket->flush();
}

QJsonObject failure(const Error &error)
{
    return QJsonObject{{u"ok"_s, false}, {u"error"_s, error.message}, {u"exit_code"_s, error.exitCode()}};
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
    if (!m_server.listen(path)) {
        if (error)
            *error = u"cannot open the control socket %1: %2"_s.arg(path, m_server.errorString());
        return false;
    }
    return true;
}

void ControlServer::onConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [this, socket] { m_followers.removeAll(socket); });
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            while (socket->canReadLine()) {
                const QByteArray line = socket->readLine().trimmed();
                QJsonParseError parseError;
                const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
                if (!doc.isObject()) {
                    reply(socket, failure(Error::badInput(u"not a JSON object: "_s + parseError.errorString())));
                    continue;
                }
                handle(socket, doc.object());
            }
        });
    }
}

void ControlServer::handle(QLocalSocket *socket, const QJsonObject &request)
{
    const QString cmd = request.value(u"cmd"_s).toString();
    if (cmd == u"ping") {
        reply(socket,
              {{u"ok"_s, true}, {u"cluster"_s, m_engine->spec().name}, {u"pid"_s, QCoreApplication::applicationPid()}});
    } else if (cmd == u"status") {
        reply(socket, {{u"ok"_s, true}, {u"status"_s, m_engine->statusJson()}});
    } else if (cmd == u"node") {
        const auto action = nodeActionFromString(request.value(u"action"_s).toString());
        if (!action) {
            reply(socket,
                  failure(Error::badInput(u"unknown action '%1'"_s.arg(request.value(u"action"_s).toString()))));
            return;
        }
        const Status s = m_engine->act(*action, request.value(u"node"_s).toString());
        reply(socket, s ? QJsonObject{{u"ok"_s, true}} : failure(s.error()));
    } else if (cmd == u"down") {
        reply(socket, {{u"ok"_s, true}});
        Q_EMIT m_engine->shutdownRequested();
    } else if (cmd == u"events") {
        const qint64 since = request.value(u"since"_s).toInteger(0);
        for (const ClusterEvent &e : m_engine->eventsSince(since))
            if (e.timeMs >= since)
                socket->write(QJsonDocument(QJsonObject{{u"event"_s, e.toJson()}}).toJson(QJsonDocument::Compact) +
                              '\n');
        if (request.value(u"follow"_s).toBool())
            m_followers.append(socket);
        else
            reply(socket, {{u"ok"_s, true}, {u"end"_s, true}});
        socket->flush();
    } else {
        reply(socket, failure(Error::badInput(u"unknown command '%1'"_s.arg(cmd))));
    }
}

void ControlServer::broadcast(const ClusterEvent &event)
{
    const QByteArray line =
        QJsonDocument(QJsonObject{{u"event"_s, event.toJson()}}).toJson(QJsonDocument::Compact) + '\n';
    for (QLocalSocket *socket : std::as_const(m_followers)) {
        socket->write(line);
        socket->flush();
    }
}

} // namespace ensemble
