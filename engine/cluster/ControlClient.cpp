#include "ControlClient.h"

#include "Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocalSocket>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
bool connectTo(QLocalSocket &socket, const QString &root, int timeoutMs)
{
    socket.connectToServer(root + u"/control.sock"_s);
    return socket.waitForConnected(timeoutMs);
}

// Set when the socket is there but belongs to another user: the kernel (mode 0600) or the server refused us.
Error refusedBy(const QString &root)
{
    const QFileInfo socket(root + u"/control.sock"_s);
    return Error::badInput(u"permission denied: the cluster in %1 belongs to user %2; only that user may control it "
                           "— run the command as %2"_s.arg(
                               root, socket.owner().isEmpty() ? QString::number(socket.ownerId()) : socket.owner()));
}

Expected<QJsonObject> readAnswer(QLocalSocket &socket, int timeoutMs)
{
    while (!socket.canReadLine()) {
        if (socket.state() != QLocalSocket::ConnectedState || !socket.waitForReadyRead(timeoutMs)) {
            if (socket.canReadLine())
                break;
            return Error::runtime(u"the cluster process did not answer — is it still running? (`ensemble status`)"_s);
        }
    }
    const QJsonObject answer = QJsonDocument::fromJson(socket.readLine()).object();
    if (!answer.value(u"ok"_s).toBool(true) && !answer.contains(u"event"_s))
        return Error{answer.value(u"exit_code"_s).toInt() == 2 ? Error::Kind::BadInput : Error::Kind::Runtime,
                     answer.value(u"error"_s).toString()};
    return answer;
}
} // namespace

bool ControlClient::isAlive(const QString &workspaceRoot)
{
    return reach(workspaceRoot).ok();
}

Status ControlClient::reach(const QString &workspaceRoot)
{
    QLocalSocket socket;
    if (!connectTo(socket, workspaceRoot, 1000)) {
        if (socket.error() == QLocalSocket::SocketAccessError)
            return refusedBy(workspaceRoot);
        return Error::runtime(u"no cluster is running in %1 — start it with `ensemble up -w %1`"_s.arg(workspaceRoot));
    }
    socket.write("{\"cmd\":\"ping\"}\n");
    auto answer = readAnswer(socket, 2000);
    if (!answer)
        return answer.error();
    return ok();
}

Expected<QString> ControlClient::resolveWorkspace(const QString &explicitDir)
{
    if (!explicitDir.isEmpty()) {
        auto ws = Workspace::open(explicitDir);
        if (!ws)
            return ws.error();
        if (auto s = reach(ws->root()); !s)
            return s.error();
        return ws->root();
    }
    QStringList alive;
    for (const QString &root : Workspace::knownWorkspaces())
        if (isAlive(root))
            alive.append(root);
    if (alive.isEmpty())
        return Error::runtime(
            u"no cluster is running — start one with `ensemble up` (or name its workspace with -w DIR)"_s);
    if (alive.size() > 1)
        return Error::badInput(u"several clusters are running (%1) — pick one with -w DIR"_s.arg(alive.join(u", "_s)));
    return alive.first();
}

Expected<QJsonObject> ControlClient::request(const QString &workspaceRoot, const QJsonObject &request, int timeoutMs)
{
    QLocalSocket socket;
    if (!connectTo(socket, workspaceRoot, timeoutMs) && socket.error() == QLocalSocket::SocketAccessError)
        return refusedBy(workspaceRoot);
    if (socket.state() != QLocalSocket::ConnectedState)
        return Error::runtime(u"cannot reach the cluster in %1: %2 — is it running? (`ensemble up -w %1`)"_s.arg(
            workspaceRoot, socket.errorString()));
    socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    socket.flush();
    return readAnswer(socket, timeoutMs);
}

QJsonObject ControlClient::faultRequest(const NetworkFault &fault)
{
    QJsonObject request = fault.toJson();
    request.insert(u"cmd"_s, u"fault"_s);
    return request;
}

Expected<QString> ControlClient::sendFault(const QString &workspaceRoot, const NetworkFault &fault)
{
    auto answer = request(workspaceRoot, faultRequest(fault));
    if (!answer)
        return answer.error();
    return answer->value(u"detail"_s).toString();
}

Status ControlClient::streamEvents(const QString &workspaceRoot, qint64 sinceMs, bool follow,
                                   const std::function<bool(const QJsonObject &)> &onEvent)
{
    QLocalSocket socket;
    if (!connectTo(socket, workspaceRoot, 5000) && socket.error() == QLocalSocket::SocketAccessError)
        return refusedBy(workspaceRoot);
    if (socket.state() != QLocalSocket::ConnectedState)
        return Error::runtime(u"cannot reach the cluster in %1: %2"_s.arg(workspaceRoot, socket.errorString()));
    socket.write(QJsonDocument(QJsonObject{{u"cmd"_s, u"events"_s}, {u"since"_s, sinceMs}, {u"follow"_s, follow}})
                     .toJson(QJsonDocument::Compact) +
                 '\n');
    socket.flush();
    for (;;) {
        while (socket.canReadLine()) {
            const QJsonObject line = QJsonDocument::fromJson(socket.readLine()).object();
            if (line.value(u"end"_s).toBool())
                return ok();
            if (line.contains(u"ok"_s) && !line.value(u"ok"_s).toBool())
                return Error{line.value(u"exit_code"_s).toInt() == 2 ? Error::Kind::BadInput : Error::Kind::Runtime,
                             line.value(u"error"_s).toString()};
            if (line.contains(u"event"_s) && !onEvent(line.value(u"event"_s).toObject()))
                return ok();
        }
        if (socket.state() != QLocalSocket::ConnectedState)
            return ok(); // the cluster stopped
        socket.waitForReadyRead(1000);
    }
}

} // namespace ensemble
