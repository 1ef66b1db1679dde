#include "LinkFaults.h"

#include <QJsonObject>
#include <QRegularExpression>

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

// The node that sends a Kafka request, from the client id in its header (int32 size, int16 api key, int16 api
// version, int32 correlation id, then the client id as an int16 length and bytes; flexible headers keep this
// legacy string): `raft-client-N` (node N's raft client), `N` (a broker's channels to the controller) or
// `broker-N-...` (a broker's fetchers). An empty optional while fewer bytes arrived; empty when it names no node.
std::optional<QString> kafkaClientSource(const QByteArray &head, const QHash<int, QString> &names)
{
    if (head.size() < 14)
        return std::nullopt;
    const qint16 length = qFromBigEndian<qint16>(head.constData() + 12);
    if (length < 0 || length > 512)
        return QString();
    if (head.size() < 14 + length)
        return std::nullopt;
    static const QRegularExpression id(u"^(?:raft-client-|broker-)?(\\d+)(?:-.*)?$"_s);
    const QRegularExpressionMatch m = id.match(QString::fromLatin1(head.constData() + 14, length));
    return m.hasMatch() ? names.value(m.captured(1).toInt()) : QString();
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
    if (!layout.kraftControllers().isEmpty())
        return openKRaft(layout);
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
                        created.append({from.name, to.name, election, false, proxy});
                    }
            for (const NodeLayout &broker : layout.brokers())
                for (const NodeLayout &to : servers) {
                    auto *proxy = new LinkProxy(u"%1>%2:client"_s.arg(broker.name, to.name), host,
                                                quint16(to.clientPort), m_home);
                    if (!proxy->listen(host, 0)) {
                        error = u"cannot open the link proxy %1 on %2: %3 — free some ports, or start without link "
                                "proxies"_s.arg(proxy->name(), layout.host, proxy->errorString());
                        return;
                    }
                    created.append({broker.name, to.name, false, true, proxy});
                }
        },
        Qt::BlockingQueuedConnection);
    m_proxies = created;
    for (const NodeLayout &n : layout.nodes)
        m_nodes.append(n.name);
    if (!error.isEmpty())
        return Error::runtime(error);
    for (const Link &l : std::as_const(m_proxies))
        if (l.election && !l.client) {
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

Status LinkFaults::openKRaft(const ClusterLayout &layout)
{
    QHash<int, QString> names;
    for (const NodeLayout &n : layout.nodes)
        names.insert(n.id, n.name);
    QString error;
    QList<Inbound> created;
    const QHostAddress host(layout.host);
    const QList<NodeLayout> controllers = layout.kraftControllers();
    QMetaObject::invokeMethod(
        m_home,
        [&] {
            for (const NodeLayout &c : controllers) {
                auto *proxy = new LinkProxy(u"%1:controller"_s.arg(c.name), host, quint16(c.controllerPort), m_home);
                proxy->setSourceOf([names](const QByteArray &head) { return kafkaClientSource(head, names); });
                if (!proxy->listen(host, 0)) {
                    error = u"cannot open the link proxy %1 on %2: %3 — free some ports, or start without link "
                            "proxies"_s.arg(proxy->name(), layout.host, proxy->errorString());
                    return;
                }
                created.append({c.name, proxy});
            }
        },
        Qt::BlockingQueuedConnection);
    m_inbound = created;
    for (const NodeLayout &n : layout.nodes)
        m_nodes.append(n.name);
    if (!error.isEmpty())
        return Error::runtime(error);
    return ok();
}

int LinkFaults::inboundPort(const QString &node) const
{
    for (const Inbound &in : m_inbound)
        if (in.node == node)
            return in.proxy->port();
    return 0;
}

QString LinkFaults::pointKRaftPropertiesAtProxies(const QString &properties, const ClusterLayout &layout,
                                                  const NodeLayout &node) const
{
    QStringList voters;
    for (const NodeLayout &c : layout.kraftControllers())
        voters.append(u"%1@%2:%3"_s.arg(c.id).arg(layout.host).arg(inboundPort(c.name)));
    // The controller still binds its real port (listeners=); what it advertises is what a raft leader hands its
    // followers, so that must be the proxy too.
    const QString advertised = u"CONTROLLER://%1:%2"_s.arg(layout.host).arg(inboundPort(node.name));
    const bool controller = node.isKRaftController() && inboundPort(node.name) > 0;
    bool advertisedSet = false;
    QStringList lines = properties.split(u'\n');
    for (QString &line : lines) {
        if (line.startsWith(u"controller.quorum.voters="_s)) {
            line = u"controller.quorum.voters="_s + voters.join(u',');
        } else if (controller && line.startsWith(u"advertised.listeners="_s)) {
            line += u',' + advertised;
            advertisedSet = true;
        }
    }
    if (controller && !advertisedSet) {
        const qsizetype at = !lines.isEmpty() && lines.last().isEmpty() ? lines.size() - 1 : lines.size();
        lines.insert(at, u"advertised.listeners="_s + advertised);
    }
    return lines.join(u'\n');
}

int LinkFaults::proxyPort(const QString &from, const QString &to, bool election) const
{
    for (const Link &l : m_proxies)
        if (l.from == from && l.to == to && l.election == election && !l.client)
            return l.proxy->port();
    return 0;
}

int LinkFaults::clientProxyPort(const QString &from, const QString &to) const
{
    for (const Link &l : m_proxies)
        if (l.from == from && l.to == to && l.client)
            return l.proxy->port();
    return 0;
}

QString LinkFaults::pointBrokerPropertiesAtProxies(const QString &properties, const ClusterLayout &layout,
                                                   const NodeLayout &node) const
{
    static const QString key = u"zookeeper.connect="_s;
    QStringList lines = properties.split(u'\n');
    for (QString &line : lines)
        if (line.startsWith(key)) {
            const QString value = line.mid(key.size());
            const qsizetype slash = value.indexOf(u'/');
            QStringList servers;
            for (const NodeLayout &z : layout.coordinators())
                servers.append(u"%1:%2"_s.arg(layout.host).arg(clientProxyPort(node.name, z.name)));
            line = key + servers.join(u',') + (slash >= 0 ? value.mid(slash) : QString());
        }
    return lines.join(u'\n');
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
        out.insert(u"%1>%2:%3"_s.arg(l.from, l.to, l.client ? u"client"_s : portName(l.election)), l.proxy->port());
    for (const Inbound &in : m_inbound)
        out.insert(u"%1:controller"_s.arg(in.node), in.proxy->port());
    return out;
}

Error LinkFaults::notActive()
{
    return Error::badInput(u"this cluster has no link proxies — start it with `ensemble up --link-proxies` "
                           "(network faults need a broker or a second ZooKeeper server, or 2 or more KRaft nodes)"_s);
}

Status LinkFaults::checkNode(const QString &node) const
{
    if (!isActive())
        return notActive();
    if (!m_nodes.contains(node))
        return Error::badInput(u"cannot fault the network of '%1' — network faults reach the %2' links only "
                               "(%3)"_s.arg(node, peersWord(), m_nodes.join(u", "_s)));
    return ok();
}

bool LinkFaults::isCut(const QString &a, const QString &b) const
{
    return m_cut.contains(pairOf(a, b));
}

bool LinkFaults::linked(const QString &a, const QString &b) const
{
    for (const Link &l : m_proxies)
        if ((l.from == a && l.to == b) || (l.from == b && l.to == a))
            return true;
    for (const Inbound &in : m_inbound)
        if (in.node == a || in.node == b)
            return true;
    return false;
}

QString LinkFaults::peersWord() const
{
    return m_inbound.isEmpty() ? u"ZooKeeper servers"_s : u"KRaft nodes"_s;
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
    int links = 0;
    for (const QString &other : std::as_const(m_nodes))
        if (other != node && linked(node, other)) {
            m_cut.insert(pairOf(node, other));
            ++links;
        }
    apply();
    if (!m_inbound.isEmpty())
        return u"cut every link between %1 and the KRaft controllers (both directions, live connections closed); "
               "links between brokers (replication) and client traffic stay direct"_s.arg(node);
    if (links == 0)
        return u"%1 has no proxied link to cut: nothing was cut"_s.arg(node);
    return u"cut every proxied link of %1: ZooKeeper peer links and brokers' ZooKeeper sessions (both directions, "
           "live connections closed); replication and client traffic stay direct"_s.arg(node);
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
    int links = 0;
    for (qsizetype i = 0; i < groups.size(); ++i)
        for (qsizetype j = i + 1; j < groups.size(); ++j)
            for (const QString &a : groups[i])
                for (const QString &b : groups[j])
                    if (linked(a, b)) {
                        m_cut.insert(pairOf(a, b));
                        ++links;
                    }
    apply();
    QStringList parts;
    for (const QStringList &g : groups)
        parts.append(g.join(u','));
    if (links == 0)
        return u"no proxied link runs between the groups %1 (links between brokers are direct): nothing was cut"_s.arg(
            parts.join(u" / "_s));
    return u"cut every proxied link between the groups %1 (both directions, live connections closed)"_s.arg(
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
    return u"every link of %1 to the other %4 now waits %2 ms (+ up to %3 ms jitter) each way"_s.arg(node)
        .arg(latencyMs)
        .arg(jitterMs)
        .arg(peersWord());
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
    for (const Inbound &in : std::as_const(m_inbound)) {
        // In front of controller Y: cut the connections of every X whose link to Y is cut; when Y is cut from
        // everyone, cut connections that name no node too.
        QSet<QString> sources;
        for (const QString &n : std::as_const(m_nodes))
            if (n != in.node && m_cut.contains(pairOf(n, in.node)))
                sources.insert(n);
        const bool all = m_nodes.size() > 1 && sources.size() == m_nodes.size() - 1;
        const Slow own = m_slow.value(in.node);
        const QHash<QString, Slow> slow = m_slow;
        QMetaObject::invokeMethod(in.proxy, [p = in.proxy, sources, all, own, slow] {
            p->setLatency(own.latencyMs, own.jitterMs);
            p->clearSourceLatencies();
            for (auto it = slow.begin(); it != slow.end(); ++it)
                p->setSourceLatency(it.key(), it->latencyMs, it->jitterMs);
            p->setCutSources(sources);
            if (p->isCut() != all)
                p->setCut(all);
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
