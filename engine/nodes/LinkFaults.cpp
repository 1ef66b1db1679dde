#include "LinkFaults.h"

#include <QJsonObject>

#include <QtEndian>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// ZooKeeper's election handshake (QuorumCnxManager, protocol versions -65536 and -65535): int64 version, int64 sid,
// int32 length, then "host:port[|host:port...]", the dialler's election address, which a peer with a higher id
// dials back to (it keeps only connections from higher to lower ids). Pointing it at the proxy of the way back
// keeps that second connection under the proxies' control too. A positive version is the old protocol (the sid,
// no address): passed as it is.
std::optional<QByteArray> rewriteElectionHandshake(const QByteArray &head, const QByteArray &announce)
{
    if (head.size() < 8)
        return std::nullopt;
    const qint64 version = qFromBigEndian<qint64>(head.constData());
    if (version >= 0)
        return head;
    if (head.size() < 20)
        return std::nullopt;
    const qint32 length = qFromBigEndian<qint32>(head.constData() + 16);
    if (length < 0 || length > 4096)
        return head; // not a handshake we know: leave it to ZooKeeper to refuse
    if (head.size() < 20 + length)
        return std::nullopt;
    QByteArray out = head.left(16);
    out.resize(20);
    qToBigEndian<qint32>(qint32(announce.size()), out.data() + 16);
    return out + announce + head.mid(20 + length);
}

QString portName(bool election)
{
    return election ? u"election"_s : u"quorum"_s;
}

std::pair<QString, QString> pairOf(const QString &a, const QString &b)
{
    return a < b ? std::pair{a, b} : std::pair{b, a};
}

} // namespace

LinkFaults::LinkFaults()
{
    m_thread.setObjectName(u"link-proxies"_s);
    m_home = new QObject;
    m_home->moveToThread(&m_thread);
    m_thread.start();
}

LinkFaults::~LinkFaults()
{
    QMetaObject::invokeMethod(
        m_home, [home = m_home] { delete home; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

Status LinkFaults::open(const ClusterLayout &layout)
{
    QString error;
    QList<Link> created;
    const QHostAddress host(layout.host);
    const QList<NodeLayout> servers = layout.coordinators();
    QMetaObject::invokeMethod(
        m_home,
        [&] {
            // Every proxy listens first (on a port the kernel picks, so none is taken between choosing and
            // binding); the election proxies' rewrite then needs the port of the way back.
            for (const NodeLayout &from : servers)
                for (const NodeLayout &to : servers)
                    for (const bool election : {false, true}) {
                        if (from.name == to.name)
                            continue;
                        auto *proxy = new LinkProxy(u"%1>%2:%3"_s.arg(from.name, to.name, portName(election)), host,
                                                    quint16(election ? to.electionPort : to.quorumPort), m_home);
                        if (!proxy->listen(host, 0)) {
                            error = u"cannot open the link proxy %1 on %2: %3 — free some ports, or start "
                                    "without `--link-proxies`"_s.arg(proxy->name(), layout.host, proxy->errorString());
                            return;
                        }
                        created.append({from.name, to.name, election, proxy});
                    }
        },
        Qt::BlockingQueuedConnection);
    m_proxies = created;
    for (const NodeLayout &s : servers)
        m_nodes.append(s.name);
    if (!error.isEmpty())
        return Error::runtime(error);
    for (const Link &l : std::as_const(m_proxies))
        if (l.election) {
            const QByteArray back = u"%1:%2"_s.arg(layout.host).arg(proxyPort(l.to, l.from, true)).toLatin1();
            QMetaObject::invokeMethod(
                l.proxy,
                [p = l.proxy, back] {
                    p->setFirstBytesRewrite(
                        [back](const QByteArray &head) { return rewriteElectionHandshake(head, back); });
                },
                Qt::BlockingQueuedConnection);
        }
    return ok();
}

int LinkFaults::proxyPort(const QString &from, const QString &to, bool election) const
{
    for (const Link &l : m_proxies)
        if (l.from == from && l.to == to && l.election == election)
            return l.proxy->port();
    return 0;
}

QString LinkFaults::pointZooCfgAtProxies(const QString &zooCfg, const ClusterLayout &layout,
                                         const NodeLayout &node) const
{
    // NodeConfig writes every server.N line with the real ports; in the zoo.cfg of NODE, the lines of its peers
    // become their proxies (its own line keeps the ports it binds).
    QStringList lines = zooCfg.split(u'\n');
    for (QString &line : lines)
        for (const NodeLayout &peer : layout.coordinators())
            if (peer.name != node.name && line.startsWith(u"server.%1="_s.arg(peer.id)))
                line = u"server.%1=%2:%3:%4"_s.arg(peer.id)
                           .arg(layout.host)
                           .arg(proxyPort(node.name, peer.name, false))
                           .arg(proxyPort(node.name, peer.name, true));
    return lines.join(u'\n');
}

QJsonObject LinkFaults::portsJson() const
{
    QJsonObject out;
    for (const Link &l : m_proxies)
        out.insert(u"%1>%2:%3"_s.arg(l.from, l.to, portName(l.election)), l.proxy->port());
    return out;
}

Status LinkFaults::checkNode(const QString &node) const
{
    if (m_proxies.isEmpty())
        return Error::badInput(u"this cluster has no link proxies (network faults need 2 or more ZooKeeper servers "
                               "and a cluster started with `ensemble up --link-proxies`)"_s);
    if (!m_nodes.contains(node))
        return Error::badInput(
            u"cannot fault the network of '%1' — network faults reach the ZooKeeper servers' "
            "links only (%2); brokers' links are not proxied yet"_s.arg(node, m_nodes.join(u", "_s)));
    return ok();
}

Expected<QString> LinkFaults::inject(const NetworkFault &fault)
{
    switch (fault.kind) {
    case NetworkFault::Kind::Isolate:
        return isolate(fault.node);
    case NetworkFault::Kind::Partition:
        return partition(fault.groups);
    case NetworkFault::Kind::Slow:
        return slow(fault.node, fault.latencyMs, fault.jitterMs);
    case NetworkFault::Kind::Heal:
        return heal(fault.node);
    }
    return Error::badInput(u"unknown network fault"_s);
}

Expected<QString> LinkFaults::isolate(const QString &node)
{
    if (auto s = checkNode(node); !s)
        return s.error();
    for (const QString &other : std::as_const(m_nodes))
        if (other != node)
            m_cut.insert(pairOf(node, other));
    apply();
    return u"cut every link between %1 and the other ZooKeeper servers (both directions, live connections closed); "
           "its clients (the brokers) still reach it"_s.arg(node);
}

Expected<QString> LinkFaults::partition(const QList<QStringList> &groups)
{
    QSet<QString> seen;
    for (const QStringList &g : groups)
        for (const QString &n : g) {
            if (auto s = checkNode(n); !s)
                return s.error();
            if (seen.contains(n))
                return Error::badInput(u"%1 is in two groups — give each node once, e.g. zookeeper-1,zookeeper-2 / "
                                       "zookeeper-3"_s.arg(n));
            seen.insert(n);
        }
    if (groups.size() < 2)
        return Error::badInput(u"a partition needs two groups or more, separated by '/' — e.g. "
                               "zookeeper-1,zookeeper-2 / zookeeper-3"_s);
    for (qsizetype i = 0; i < groups.size(); ++i)
        for (qsizetype j = i + 1; j < groups.size(); ++j)
            for (const QString &a : groups[i])
                for (const QString &b : groups[j])
                    m_cut.insert(pairOf(a, b));
    apply();
    QStringList parts;
    for (const QStringList &g : groups)
        parts.append(g.join(u','));
    return u"cut every link between the groups %1 (both directions, live connections closed)"_s.arg(
        parts.join(u" / "_s));
}

Expected<QString> LinkFaults::slow(const QString &node, int latencyMs, int jitterMs)
{
    if (auto s = checkNode(node); !s)
        return s.error();
    if (latencyMs < 0 || jitterMs < 0 || latencyMs > 60000 || jitterMs > 60000)
        return Error::badInput(u"latency and jitter are milliseconds from 0 to 60000"_s);
    m_slow.insert(node, {latencyMs, jitterMs});
    apply();
    return u"every link of %1 to the other ZooKeeper servers now waits %2 ms (+ up to %3 ms jitter) each way"_s
        .arg(node)
        .arg(latencyMs)
        .arg(jitterMs);
}

Expected<QString> LinkFaults::heal(const QString &node)
{
    if (!node.isEmpty())
        if (auto s = checkNode(node); !s)
            return s.error();
    if (node.isEmpty()) {
        m_cut.clear();
        m_slow.clear();
    } else {
        m_slow.remove(node);
        m_cut.removeIf([&](const auto &p) { return p.first == node || p.second == node; });
    }
    apply();
    return node.isEmpty() ? u"healed every link"_s : u"healed every link of %1"_s.arg(node);
}

void LinkFaults::apply()
{
    for (const Link &l : std::as_const(m_proxies)) {
        const bool cut = m_cut.contains(pairOf(l.from, l.to));
        const Slow a = m_slow.value(l.from), b = m_slow.value(l.to);
        const int latency = std::max(a.latencyMs, b.latencyMs);
        const int jitter = std::max(a.jitterMs, b.jitterMs);
        QMetaObject::invokeMethod(l.proxy, [p = l.proxy, cut, latency, jitter] {
            p->setLatency(latency, jitter);
            if (p->isCut() != cut)
                p->setCut(cut);
        });
    }
}

QJsonArray LinkFaults::activeJson() const
{
    QJsonArray out;
    QList<std::pair<QString, QString>> cut(m_cut.begin(), m_cut.end());
    std::sort(cut.begin(), cut.end());
    for (const auto &[a, b] : cut)
        out.append(QJsonObject{{u"kind"_s, u"cut"_s}, {u"link"_s, QJsonArray{a, b}}});
    for (auto it = m_slow.begin(); it != m_slow.end(); ++it)
        out.append(QJsonObject{{u"kind"_s, u"slow"_s},
                               {u"node"_s, it.key()},
                               {u"latency_ms"_s, it->latencyMs},
                               {u"jitter_ms"_s, it->jitterMs}});
    return out;
}

} // namespace ensemble
