#include "QuorumDescriber.h"

#include "DescribeQuorumCodec.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QtEndian>

#include <algorithm>
#include <atomic>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// Sends REQUEST and reads one size-prefixed reply (at most kMaxReplyBytes) before DEADLINE.
Expected<QByteArray> exchange(QTcpSocket &socket, const QByteArray &request, const QDeadlineTimer &deadline)
{
    socket.write(request);
    while (socket.bytesToWrite() > 0)
        if (!socket.waitForBytesWritten(int(std::max<qint64>(1, deadline.remainingTime()))))
            return Error::runtime(u"no answer: "_s + socket.errorString());
    auto readAtLeast = [&](qint64 n) -> bool {
        while (socket.bytesAvailable() < n)
            if (deadline.hasExpired() || !socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
                return false;
        return true;
    };
    if (!readAtLeast(4))
        return Error::runtime(u"no answer within the timeout (paused, or not listening)"_s);
    char sizeBytes[4];
    socket.read(sizeBytes, 4);
    const qint32 size = qFromBigEndian<qint32>(sizeBytes);
    if (size < 4 || size > DescribeQuorumCodec::kMaxReplyBytes)
        return Error::runtime(u"a reply of %1 bytes — not a Kafka listener?"_s.arg(size));
    if (!readAtLeast(size))
        return Error::runtime(u"the reply stopped short"_s);
    return socket.read(size);
}

} // namespace

QuorumDescriber::QuorumDescriber(QString host, QList<QuorumEndpoint> endpoints, QHash<int, QString> names)
    : m_host(std::move(host)), m_endpoints(std::move(endpoints)), m_names(std::move(names))
{
}

QuorumDescriber::QuorumDescriber(const ClusterLayout &layout) : m_host(layout.host)
{
    for (const NodeLayout &n : layout.nodes) {
        m_names.insert(n.id, n.name);
        if (n.isKRaftController())
            m_endpoints.append(QuorumEndpoint{n.name, n.id, quint16(n.controllerPort)});
    }
}

void QuorumDescriber::start(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &QuorumDescriber::describeNow);
    }
    m_timer->start(intervalMs);
    describeNow();
}

void QuorumDescriber::stop()
{
    if (m_timer)
        m_timer->stop();
}

Expected<QuorumFigures> QuorumDescriber::describe(const QString &host, quint16 port, int timeoutMs,
                                                  QByteArray *rawReply, qint16 *version)
{
    QTcpSocket socket;
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(timeoutMs))
        return Error::runtime(u"%1:%2 does not accept connections: %3"_s.arg(host).arg(port).arg(socket.errorString()));
    const QDeadlineTimer deadline(timeoutMs);
    static std::atomic<qint32> correlation{0}; // any value works; distinct ones make a stray reply visible
    const qint32 first = ++correlation;
    auto versions = exchange(socket, DescribeQuorumCodec::apiVersionsRequest(first), deadline);
    if (!versions)
        return versions.error();
    auto picked = DescribeQuorumCodec::pickVersion(*versions, first);
    if (!picked)
        return picked.error();
    const qint32 second = ++correlation;
    auto reply = exchange(socket, DescribeQuorumCodec::describeQuorumRequest(*picked, second), deadline);
    if (!reply)
        return reply.error();
    if (rawReply)
        *rawReply = *reply;
    if (version)
        *version = *picked;
    return DescribeQuorumCodec::parseReply(*reply, *picked, second, QDateTime::currentMSecsSinceEpoch());
}

void QuorumDescriber::describeNow()
{
    QList<QuorumEndpoint> order = m_endpoints;
    std::stable_partition(order.begin(), order.end(), [this](const QuorumEndpoint &e) { return e.id == m_leaderHint; });
    QStringList why;
    for (const QuorumEndpoint &e : std::as_const(order)) {
        auto result = describe(m_host, e.port, kTimeoutMs);
        if (!result) {
            why.append(e.name + u": "_s + result.error().message);
            continue;
        }
        QuorumFigures f = *result;
        f.answeredBy = e.name;
        f.leader = m_names.value(f.leaderId);
        for (QList<ReplicaFigures> *list : {&f.voters, &f.observers})
            for (ReplicaFigures &r : *list)
                r.name = m_names.value(r.id);
        m_leaderHint = f.leaderId;
        Q_EMIT figures(f);
        return;
    }
    Q_EMIT unavailable(why.isEmpty() ? u"no controller to ask"_s : why.join(u"; "_s));
}

} // namespace ensemble
