#include "PortAllocator.h"

#include <QDir>
#include <QFile>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

// A bound socket, closed when it goes out of scope. Holding them until every port is chosen keeps the
// kernel from handing out the same free port twice.
class BoundSocket
{
  public:
    BoundSocket(const QString &host, int port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            return;
        const int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); // as the JVM does
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        if (::inet_pton(AF_INET, host.toLatin1().constData(), &addr.sin_addr) != 1 ||
            ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(m_fd, 1) != 0) {
            ::close(m_fd);
            m_fd = -1;
            return;
        }
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
    }
    ~BoundSocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    BoundSocket(BoundSocket &&other) noexcept : m_fd(std::exchange(other.m_fd, -1)), m_port(other.m_port) {}
    BoundSocket(const BoundSocket &) = delete;
    BoundSocket &operator=(const BoundSocket &) = delete;

    bool ok() const { return m_fd >= 0; }
    int port() const { return m_port; }

  private:
    int m_fd = -1;
    int m_port = 0;
};

// Inode of the socket listening on a TCP port, from /proc/net/tcp (state 0A = LISTEN).
QString listeningInode(int port)
{
    for (const QString &table : {u"/proc/net/tcp"_s, u"/proc/net/tcp6"_s}) {
        QFile file(table);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        file.readLine(); // header
        while (!file.atEnd()) {
            const QList<QByteArray> f = file.readLine().simplified().split(' ');
            if (f.size() < 10 || f[3] != "0A")
                continue;
            const QByteArray local = f[1];
            const int colon = local.lastIndexOf(':');
            bool ok = false;
            if (colon > 0 && local.mid(colon + 1).toInt(&ok, 16) == port && ok)
                return QString::fromLatin1(f[9]);
        }
    }
    return {};
}

} // namespace

bool PortAllocator::isFree(const QString &host, int port)
{
    return BoundSocket(host, port).ok();
}

QString PortAllocator::describeOwner(int port)
{
    const QString inode = listeningInode(port);
    if (inode.isEmpty())
        return {};
    const QString target = u"socket:["_s + inode + u']';
    const QStringList pids = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        if (!pid.front().isDigit())
            continue;
        const QDir fdDir(u"/proc/"_s + pid + u"/fd"_s);
        for (const QString &fd : fdDir.entryList(QDir::System | QDir::NoDotAndDotDot)) {
            char buf[64] = {};
            const QByteArray path = fdDir.filePath(fd).toLocal8Bit();
            const ssize_t n = ::readlink(path.constData(), buf, sizeof buf - 1);
            if (n <= 0 || QString::fromLatin1(buf, n) != target)
                continue;
            QFile comm(u"/proc/"_s + pid + u"/comm"_s);
            if (!comm.open(QIODevice::ReadOnly))
                return u"pid "_s + pid;
            return u"pid %1 (%2)"_s.arg(pid, QString::fromLocal8Bit(comm.readAll().trimmed()));
        }
    }
    return {};
}

Expected<ClusterLayout> PortAllocator::allocate(const ClusterSpec &spec, const PortRequest &request)
{
    ClusterLayout layout;
    layout.host = spec.listen;
    std::vector<BoundSocket> held;

    auto fixed = [&](int port, const QString &node, const QString &key) -> Expected<int> {
        BoundSocket socket(spec.listen, port);
        if (!socket.ok()) {
            const QString owner = describeOwner(port);
            return Error::badInput(
                u"port %1 for %2 is already in use%3 — stop that program, choose another first port under "
                "`ports: {%4: ...}` in the cluster file, or leave `ports` out to use free ports"_s.arg(port)
                    .arg(node, owner.isEmpty() ? QString() : u" by "_s + owner, key));
        }
        held.push_back(std::move(socket));
        return port;
    };
    auto any = [&]() -> Expected<int> {
        BoundSocket socket(spec.listen, 0);
        if (!socket.ok())
            return Error::badInput(u"cannot open a port on %1 — is it an address of this machine?"_s.arg(spec.listen));
        const int port = socket.port();
        held.push_back(std::move(socket));
        return port;
    };

    // Fixed ports first, so a free port picked for a quorum or election port never lands in a fixed range.
    const bool kraft = spec.mode == ClusterMode::KRaft;
    QList<NodeLayout> coordinators, brokers;
    for (int i = 1; i <= spec.coordinators; ++i) {
        NodeLayout node{spec.coordinatorName(i), NodeKind::Coordinator, i};
        if (kraft) {
            // A combined node is a broker with a controller listener; a pure controller's only port is that one.
            node.kind = spec.combined ? NodeKind::Broker : NodeKind::Coordinator;
            node.id = spec.combined ? i : NodeLayout::kControllerIdBase + i;
        }
        if (spec.coordinatorPortBase) {
            auto client = fixed(spec.coordinatorPortBase + i - 1, node.name, u"coordinator"_s);
            if (!client)
                return client.error();
            (kraft ? node.controllerPort : node.clientPort) = client.value();
        }
        if (kraft && spec.combined && spec.brokerPortBase) {
            auto listener = fixed(spec.brokerPortBase + i - 1, node.name, u"broker"_s);
            if (!listener)
                return listener.error();
            node.clientPort = listener.value();
        }
        coordinators.append(node);
    }
    for (int i = 1; i <= spec.brokers; ++i) {
        NodeLayout node{spec.brokerName(i), NodeKind::Broker, i};
        if (spec.brokerPortBase) {
            auto listener = fixed(spec.brokerPortBase + i - 1, node.name, u"broker"_s);
            if (!listener)
                return listener.error();
            node.clientPort = listener.value();
        }
        brokers.append(node);
    }
    auto pick = [&](int *port) -> std::optional<Error> {
        if (*port)
            return std::nullopt;
        auto picked = any();
        if (!picked)
            return picked.error();
        *port = picked.value();
        return std::nullopt;
    };
    // Then the earlier run's ports (strictly: a client may be configured with them) and the conventional ones
    // (when free), all before any free pick: a kept port may lie in the kernel's ephemeral range.
    auto kept = [&](NodeLayout &node, int NodeLayout::*slot, int conventional) -> Status {
        const NodeLayout *before = request.kept.find(node.name);
        const int wanted = before && before->kind == node.kind ? before->*slot : 0;
        if (node.*slot || (!wanted && !(request.conventional && conventional)))
            return ok();
        if (wanted) {
            BoundSocket socket(spec.listen, wanted);
            if (!socket.ok()) {
                const QString owner = describeOwner(wanted);
                return Error::badInput(
                    u"port %1, which %2 kept from its first start, is now in use%3 — stop that program, or run "
                    "`ensemble up --reset-ports` to pick new ports (the bootstrap address changes)"_s.arg(wanted)
                        .arg(node.name, owner.isEmpty() ? QString() : u" by "_s + owner));
            }
            held.push_back(std::move(socket));
            node.*slot = wanted;
        } else if (BoundSocket socket(spec.listen, conventional); socket.ok()) {
            held.push_back(std::move(socket));
            node.*slot = conventional;
        }
        return ok();
    };
    // A KRaft controller keeps its controller port (the voters' addresses are in every node's configuration);
    // a combined node keeps its broker listener too.
    for (NodeLayout &node : coordinators) {
        QList<std::pair<int NodeLayout::*, int>> slots{{&NodeLayout::clientPort, kCoordinatorBase + node.id - 1},
                                                       {&NodeLayout::quorumPort, kQuorumBase + node.id - 1},
                                                       {&NodeLayout::electionPort, kElectionBase + node.id - 1}};
        if (kraft) {
            const int index = spec.combined ? node.id : node.id - NodeLayout::kControllerIdBase;
            slots = {{&NodeLayout::controllerPort, kControllerBase + index - 1}};
            if (spec.combined)
                slots.append({&NodeLayout::clientPort, kBrokerBase + index - 1});
        }
        for (const auto &[slot, conventional] : slots)
            if (auto s = kept(node, slot, conventional); !s)
                return s.error();
    }
    for (NodeLayout &node : brokers)
        if (auto s = kept(node, &NodeLayout::clientPort, kBrokerBase + node.id - 1); !s)
            return s.error();

    for (NodeLayout &node : coordinators) {
        QList<int *> ports{&node.clientPort, &node.quorumPort, &node.electionPort};
        if (kraft && spec.combined)
            ports = {&node.clientPort, &node.controllerPort};
        else if (kraft)
            ports = {&node.controllerPort};
        for (int *port : ports)
            if (auto problem = pick(port))
                return *problem;
        if (kraft && !spec.combined)
            node.clientPort = node.controllerPort; // what status and probes show as the node's port
        layout.nodes.append(node);
    }
    for (NodeLayout &node : brokers) {
        if (auto problem = pick(&node.clientPort))
            return *problem;
        layout.nodes.append(node);
    }
    return layout;
}

} // namespace ensemble
