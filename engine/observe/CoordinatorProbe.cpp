#include "CoordinatorProbe.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
constexpr int kProbeTimeoutMs = 400;
}

std::optional<SrvrReply> parseSrvr(const QByteArray &text)
{
    if (text.trimmed().isEmpty())
        return std::nullopt;
    SrvrReply reply;
    if (text.contains("not currently serving requests"))
        return reply; // alive but electing
    bool recognised = false;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.startsWith("Mode:")) {
            reply.mode = QString::fromLatin1(line.mid(5).trimmed());
            reply.serving = !reply.mode.isEmpty(); // a bare "Mode:" names no role (found by fuzz_srvr)
            recognised = true;
        } else if (line.startsWith("Zxid:")) {
            bool ok = false;
            const qint64 zxid = line.mid(5).trimmed().toLongLong(&ok, 0);
            if (ok) {
                reply.zxid = zxid;
                reply.epoch = int(zxid >> 32);
            }
            recognised = true;
        }
    }
    if (!recognised)
        return std::nullopt;
    return reply;
}

CoordinatorProbe::CoordinatorProbe(QList<NodeLayout> coordinators, QString host, QObject *parent)
    : QObject(parent), m_nodes(std::move(coordinators)), m_host(std::move(host))
{
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, &CoordinatorProbe::probeAll);
}

void CoordinatorProbe::probeAll()
{
    for (const NodeLayout &node : m_nodes)
        probe(node);
}

void CoordinatorProbe::probe(const NodeLayout &node)
{
    auto *socket = new QTcpSocket(this);
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    const QString name = node.name;
    auto finish = [this, socket, name](bool timedOut) {
        if (socket->property("done").toBool())
            return;
        socket->setProperty("done", true);
        const QByteArray answer = socket->readAll();
        const auto reply = timedOut ? std::nullopt : parseSrvr(answer);
        Q_EMIT replied(name, reply.has_value(), reply.value_or(SrvrReply{}));
        socket->abort();
        socket->deleteLater();
    };
    connect(socket, &QTcpSocket::connected, socket, [socket] { socket->write("srvr"); });
    connect(socket, &QTcpSocket::disconnected, socket, [finish] { finish(false); });
    connect(socket, &QTcpSocket::errorOccurred, socket, [finish, socket](QAbstractSocket::SocketError error) {
        // The server closes the connection after answering; that is the normal end.
        finish(error == QAbstractSocket::RemoteHostClosedError ? false : true);
        Q_UNUSED(socket);
    });
    connect(deadline, &QTimer::timeout, socket, [finish] { finish(true); });
    deadline->start(kProbeTimeoutMs);
    socket->connectToHost(m_host, quint16(node.clientPort));
}

} // namespace ensemble
