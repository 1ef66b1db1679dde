#include "LinkProxy.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

#include <deque>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
QElapsedTimer &clock()
{
    static QElapsedTimer c = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return c;
}
} // namespace

// One way of a connection. Chunks wait in `held` only while a latency is set.
struct LinkProxy::Direction
{
    QTcpSocket *from = nullptr;
    QTcpSocket *to = nullptr;
    std::deque<std::pair<qint64, QByteArray>> held; // (due, bytes), due never decreasing
    QTimer *timer = nullptr;
    bool rewriting = false; // the first bytes still go through the rewrite
    QByteArray head;        // what arrived while rewriting
};

struct LinkProxy::Pipe
{
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr;
    Direction out;  // client -> upstream
    Direction back; // upstream -> client
    bool closing = false;
    bool cut = false; // closed by a cut: abort, send nothing more
    QString source;   // the node it comes from, when a SourceOf named it
    int upstreamRetries = 0;
    QByteArray early;  // from the client while the target has not accepted yet (up to kEarlyLimit)
    quint64 serial{0}; // tells this pipe from a later one at the same address (a pending retry's check)
};

LinkProxy::LinkProxy(QString name, QHostAddress targetHost, quint16 targetPort, QObject *parent)
    : QObject(parent), m_name(std::move(name)), m_targetHost(std::move(targetHost)), m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &LinkProxy::onNewConnection);
}

LinkProxy::~LinkProxy()
{
    for (Pipe *p : std::as_const(m_pipes))
        delete p; // the sockets are children of this object
}

bool LinkProxy::listen(const QHostAddress &host, quint16 port)
{
    return m_server.listen(host, port);
}

void LinkProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        client->setParent(this);
        if (m_cut) {
            // Refused: closed before a byte passes (the kernel has already completed the handshake).
            client->abort();
            client->deleteLater();
            continue;
        }
        auto *pipe = new Pipe;
        pipe->serial = ++m_serials;
        pipe->client = client;
        client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        client->setReadBufferSize(kEarlyLimit);
        pipe->out = {client, nullptr, {}, nullptr, bool(m_rewrite) || bool(m_sourceOf), {}};
        pipe->back = {nullptr, client, {}, nullptr, false, {}};
        m_pipes.append(pipe);
        connect(client, &QTcpSocket::readyRead, this, [this, pipe] { forward(pipe, pipe->out); });
        connect(client, &QTcpSocket::disconnected, this, [this, pipe] { closePipe(pipe); });
        connect(client, &QTcpSocket::errorOccurred, this, [this, pipe] { closePipe(pipe); });
        dialUpstream(pipe);
        if (client->bytesAvailable() > 0)
            forward(pipe, pipe->out);
    }
}

// A fresh socket for each attempt: a QTcpSocket whose connection was refused is not reliably ready to dial again.
void LinkProxy::dialUpstream(Pipe *pipe)
{
    if (pipe->upstream) {
        pipe->upstream->disconnect(this);
        pipe->upstream->abort();
        pipe->upstream->deleteLater();
    }
    auto *upstream = new QTcpSocket(this);
    pipe->upstream = upstream;
    pipe->out.to = upstream;
    pipe->back.from = upstream;
    upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(upstream, &QTcpSocket::connected, this, [this, pipe] {
        // What the client sent before the target listened goes first, in order; then what it left unread.
        pipe->upstream->write(pipe->early);
        pipe->early.clear();
        if (pipe->client->bytesAvailable() > 0)
            forward(pipe, pipe->out);
    });
    connect(upstream, &QTcpSocket::readyRead, this, [this, pipe] { forward(pipe, pipe->back); });
    connect(upstream, &QTcpSocket::disconnected, this, [this, pipe] { closePipe(pipe); });
    connect(upstream, &QTcpSocket::errorOccurred, this, [this, pipe](QAbstractSocket::SocketError e) {
        // The target not listening yet (a new ZooKeeper leader opens its quorum port moments after it wins): the
        // client already got a connection from us, so retry for it rather than hang up, as a direct dial's
        // refusal would have made the client retry by itself.
        if (e == QAbstractSocket::ConnectionRefusedError && !m_cut && m_pipes.contains(pipe) && !pipe->closing &&
            pipe->upstreamRetries++ < kUpstreamRetries) {
            QTimer::singleShot(kUpstreamRetryMs, this, [this, pipe, serial = pipe->serial] {
                if (m_pipes.contains(pipe) && pipe->serial == serial && !pipe->closing)
                    dialUpstream(pipe);
            });
            return;
        }
        closePipe(pipe);
    });
    upstream->connectToHost(m_targetHost, m_targetPort);
}

// Writes towards DIR's far side; toward a target that has not answered yet, the bytes wait in the pipe.
void LinkProxy::send(Pipe *pipe, Direction &dir, const QByteArray &bytes)
{
    if (dir.to == pipe->upstream && pipe->upstream->state() != QAbstractSocket::ConnectedState)
        pipe->early += bytes;
    else
        dir.to->write(bytes);
}

void LinkProxy::forward(Pipe *pipe, Direction &dir)
{
    if (pipe->closing)
        return;
    // A target that has not accepted yet: hold at most kEarlyLimit, and leave the rest with the client (its
    // socket's read buffer is bounded too, so the client is made to wait) until `connected` reads it.
    if (&dir == &pipe->out && pipe->early.size() >= kEarlyLimit &&
        pipe->upstream->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray bytes = dir.from->readAll();
    if (dir.rewriting) {
        dir.head += bytes;
        if (m_sourceOf) {
            const std::optional<QString> source = m_sourceOf(dir.head);
            if (!source)
                return;
            pipe->source = *source;
            if (!pipe->source.isEmpty() && m_cutSources.contains(pipe->source)) {
                pipe->cut = true;
                closePipe(pipe);
                return;
            }
        }
        const std::optional<QByteArray> rewritten = m_rewrite ? m_rewrite(dir.head) : std::optional(dir.head);
        if (!rewritten)
            return;
        dir.rewriting = false;
        dir.head.clear();
        bytes = *rewritten;
    }
    if (bytes.isEmpty())
        return;
    int latencyMs = m_latencyMs, jitterMs = m_jitterMs;
    if (!m_sourceLatency.isEmpty() && !pipe->source.isEmpty())
        if (const auto it = m_sourceLatency.constFind(pipe->source); it != m_sourceLatency.cend()) {
            latencyMs = std::max(latencyMs, it->first);
            jitterMs = std::max(jitterMs, it->second);
        }
    if (latencyMs <= 0 && jitterMs <= 0 && dir.held.empty()) {
        send(pipe, dir, bytes); // the common case: no fault, no timer
        return;
    }
    const qint64 now = clock().elapsed();
    qint64 due = now + latencyMs + (jitterMs > 0 ? QRandomGenerator::global()->bounded(jitterMs + 1) : 0);
    if (!dir.held.empty())
        due = std::max(due, dir.held.back().first); // jitter never reorders a byte stream
    dir.held.emplace_back(due, std::move(bytes));
    if (!dir.timer) {
        dir.timer = new QTimer(this);
        dir.timer->setSingleShot(true);
        dir.timer->setTimerType(Qt::PreciseTimer);
        const bool outward = &dir == &pipe->out;
        connect(dir.timer, &QTimer::timeout, this,
                [this, pipe, outward] { flushDue(pipe, outward ? pipe->out : pipe->back); });
    }
    if (!dir.timer->isActive())
        dir.timer->start(int(std::max<qint64>(0, dir.held.front().first - now)));
}

void LinkProxy::flushDue(Pipe *pipe, Direction &dir)
{
    const qint64 now = clock().elapsed();
    while (!dir.held.empty() && dir.held.front().first <= now) {
        send(pipe, dir, dir.held.front().second);
        dir.held.pop_front();
    }
    if (!dir.held.empty())
        dir.timer->start(int(dir.held.front().first - now));
    else if (pipe->closing)
        closePipe(pipe);
}

void LinkProxy::closePipe(Pipe *pipe)
{
    if (!m_pipes.contains(pipe))
        return;
    pipe->closing = true;
    const bool abort = m_cut || pipe->cut;
    // A side that hung up: pass on what it sent (unless it is still held back by latency), then hang up the other.
    for (Direction *d : {&pipe->out, &pipe->back})
        if (!abort && d->from->bytesAvailable() > 0 && d->held.empty() && !d->rewriting)
            send(pipe, *d, d->from->readAll());
    if (!abort && (!pipe->out.held.empty() || !pipe->back.held.empty()))
        return; // flushDue() calls again when the held bytes are out
    m_pipes.removeOne(pipe);
    for (Direction *d : {&pipe->out, &pipe->back})
        if (d->timer) {
            d->timer->stop();
            d->timer->deleteLater();
        }
    for (QTcpSocket *s : {pipe->client, pipe->upstream}) {
        s->disconnect(this);
        if (abort)
            s->abort();
        else
            s->disconnectFromHost(); // sends what is still buffered first
        s->deleteLater();
    }
    delete pipe;
}

void LinkProxy::setCut(bool cut)
{
    m_cut = cut;
    if (!cut)
        return;
    const QList<Pipe *> live = m_pipes;
    for (Pipe *p : live)
        closePipe(p);
}

void LinkProxy::setCutSources(const QSet<QString> &sources)
{
    m_cutSources = sources;
    const QList<Pipe *> live = m_pipes;
    for (Pipe *p : live)
        if (!p->source.isEmpty() && m_cutSources.contains(p->source)) {
            p->cut = true;
            closePipe(p);
        }
}

void LinkProxy::setSourceLatency(const QString &source, int latencyMs, int jitterMs)
{
    if (latencyMs <= 0 && jitterMs <= 0)
        m_sourceLatency.remove(source);
    else
        m_sourceLatency.insert(source, {std::max(0, latencyMs), std::max(0, jitterMs)});
}

void LinkProxy::setLatency(int latencyMs, int jitterMs)
{
    m_latencyMs = std::max(0, latencyMs);
    m_jitterMs = std::max(0, jitterMs);
}

} // namespace ensemble
