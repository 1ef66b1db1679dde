// Ports for every node: free ones from the kernel, or the fixed ranges the cluster file asks for, refused
// with a useful message when something already listens there.
#include "PortAllocator.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

QList<int> allPorts(const ClusterLayout &layout)
{
    QList<int> out;
    for (const NodeLayout &n : layout.nodes) {
        out.append(n.clientPort);
        if (n.kind == NodeKind::Coordinator)
            out << n.quorumPort << n.electionPort;
    }
    return out;
}

bool canListen(int port)
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, quint16(port));
}

// The first port of `count` consecutive ports that nothing listens on, outside the kernel's ephemeral range
// so the allocator's own free-port picks cannot land in it.
int freeRange(int count, int from = 20000)
{
    for (int base = from; base + count <= 32000; base += count + 7) {
        bool free = true;
        for (int p = base; p < base + count && free; ++p)
            free = canListen(p);
        if (free)
            return base;
    }
    return 0;
}

ClusterSpec specWith(int coordinators, int brokers)
{
    ClusterSpec spec;
    spec.coordinators = coordinators;
    spec.brokers = brokers;
    return spec;
}

} // namespace

class TestPortAllocator : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void freePortsAreDistinctAndBindable();
    void nodesGetNamesKindsAndIds();
    void fixedBasesGiveConsecutivePorts();
    void fixedPortInUseIsBadInputNamingPortAndNode_data();
    void fixedPortInUseIsBadInputNamingPortAndNode();
    void unusableListenAddressIsBadInput();
    void keptPortsAreTakenAgain();
    void keptPortTakenSinceIsBadInputNamingItsHolder();
    void keptKRaftControllerPortsAreTakenAgain_data();
    void keptKRaftControllerPortsAreTakenAgain();
    void keptPortsOfOtherNodesAreIgnored();
    void conventionalPortTakenFallsBackSilently();
    void conventionalPortsAreUsedWhenFree();
    void isFreeSeesAListeningSocket();
    void describeOwnerNamesThisProcess();
    void describeOwnerOfADualStackListenerNamesThisProcess();
    void describeOwnerOfAFreePortIsEmpty();
};

void TestPortAllocator::freePortsAreDistinctAndBindable()
{
    const Expected<ClusterLayout> layout = PortAllocator::allocate(specWith(3, 3));
    QVERIFY2(layout.ok(), layout.ok() ? "" : qPrintable(layout.error().message));

    const QList<int> ports = allPorts(layout.value());
    QCOMPARE(ports.size(), 3 * 3 + 3);
    QCOMPARE(QSet<int>(ports.begin(), ports.end()).size(), ports.size());
    // Once allocate() returns it holds nothing: each node's JVM must be able to bind its ports.
    for (int port : ports) {
        QVERIFY(port >= 1024 && port <= 65535);
        QVERIFY2(canListen(port), qPrintable(QString::number(port)));
    }
    QCOMPARE(layout->host, u"127.0.0.1"_s);
}

void TestPortAllocator::nodesGetNamesKindsAndIds()
{
    const Expected<ClusterLayout> layout = PortAllocator::allocate(specWith(3, 2));
    QVERIFY(layout.ok());
    QStringList names;
    for (const NodeLayout &n : layout->nodes)
        names.append(u"%1:%2:%3"_s.arg(n.name, toString(n.kind)).arg(n.id));
    QCOMPARE(names, (QStringList{u"zookeeper-1:coordinator:1"_s, u"zookeeper-2:coordinator:2"_s,
                                 u"zookeeper-3:coordinator:3"_s, u"kafka-1:broker:1"_s, u"kafka-2:broker:2"_s}));
    for (const NodeLayout &broker : layout->brokers()) {
        QCOMPARE(broker.quorumPort, 0);
        QCOMPARE(broker.electionPort, 0);
    }
}

void TestPortAllocator::fixedBasesGiveConsecutivePorts()
{
    const int coordinatorBase = freeRange(3);
    QVERIFY(coordinatorBase > 0);
    const int brokerBase = freeRange(3, coordinatorBase + 100);
    QVERIFY(brokerBase > 0);
    ClusterSpec spec = specWith(3, 3);
    spec.coordinatorPortBase = coordinatorBase;
    spec.brokerPortBase = brokerBase;

    const Expected<ClusterLayout> layout = PortAllocator::allocate(spec);
    QVERIFY2(layout.ok(), layout.ok() ? "" : qPrintable(layout.error().message));
    const QList<NodeLayout> zk = layout->coordinators();
    const QList<NodeLayout> kafka = layout->brokers();
    QCOMPARE(zk.size(), 3);
    QCOMPARE(kafka.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(zk[i].clientPort, coordinatorBase + i);
        QCOMPARE(kafka[i].clientPort, brokerBase + i);
    }
    // Quorum and election ports are not in the file: they are free ports, distinct from everything else.
    const QList<int> ports = allPorts(layout.value());
    QCOMPARE(QSet<int>(ports.begin(), ports.end()).size(), 12);
    QCOMPARE(layout->zookeeperConnect(), u"127.0.0.1:%1,127.0.0.1:%2,127.0.0.1:%3"_s.arg(coordinatorBase)
                                             .arg(coordinatorBase + 1)
                                             .arg(coordinatorBase + 2));
}

void TestPortAllocator::fixedPortInUseIsBadInputNamingPortAndNode_data()
{
    QTest::addColumn<bool>("anyAddress"); // held on 0.0.0.0 rather than 127.0.0.1
    QTest::addColumn<bool>("broker");     // the taken port is in the broker range, else the coordinator range

    QTest::newRow("coordinator, loopback") << false << false;
    QTest::newRow("broker, loopback") << false << true;
    QTest::newRow("broker, all interfaces") << true << true;
}

void TestPortAllocator::fixedPortInUseIsBadInputNamingPortAndNode()
{
    QFETCH(bool, anyAddress);
    QFETCH(bool, broker);

    const int base = freeRange(3);
    QVERIFY(base > 0);
    QTcpServer squatter; // the second node's port is taken
    QVERIFY(squatter.listen(anyAddress ? QHostAddress::AnyIPv4 : QHostAddress::LocalHost, quint16(base + 1)));

    ClusterSpec spec = specWith(3, 3);
    (broker ? spec.brokerPortBase : spec.coordinatorPortBase) = base;
    const Expected<ClusterLayout> layout = PortAllocator::allocate(spec);
    QVERIFY(!layout.ok());
    const Error &error = layout.error();
    QCOMPARE(int(error.kind), int(Error::Kind::BadInput));
    QCOMPARE(error.exitCode(), 2);
    const QString pid = QString::number(QCoreApplication::applicationPid());
    QVERIFY2(error.message.contains(
                 u"port %1 for %2 is already in use"_s.arg(base + 1).arg(broker ? u"kafka-2"_s : u"zookeeper-2"_s)),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(u"by pid "_s + pid), qPrintable(error.message));
    QVERIFY2(error.message.contains(broker ? u"`ports: {broker: ...}`"_s : u"`ports: {coordinator: ...}`"_s),
             qPrintable(error.message));
}

void TestPortAllocator::unusableListenAddressIsBadInput()
{
    ClusterSpec spec = specWith(1, 1);
    spec.listen = u"192.0.2.1"_s; // TEST-NET-1: never an address of this machine
    const Expected<ClusterLayout> layout = PortAllocator::allocate(spec);
    QVERIFY(!layout.ok());
    QCOMPARE(layout.error().exitCode(), 2);
    QVERIFY2(layout.error().message.contains(u"192.0.2.1"_s), qPrintable(layout.error().message));
}

void TestPortAllocator::keptPortsAreTakenAgain()
{
    const Expected<ClusterLayout> first = PortAllocator::allocate(specWith(3, 3));
    QVERIFY(first.ok());
    PortRequest request;
    request.kept = first.value();
    request.conventional = true; // kept ports win over the conventional ones
    const Expected<ClusterLayout> second = PortAllocator::allocate(specWith(3, 3), request);
    QVERIFY2(second.ok(), second.ok() ? "" : qPrintable(second.error().message));
    QCOMPARE(second->nodes, first->nodes);
    QCOMPARE(second->bootstrapServers(), first->bootstrapServers());
}

void TestPortAllocator::keptPortTakenSinceIsBadInputNamingItsHolder()
{
    const Expected<ClusterLayout> first = PortAllocator::allocate(specWith(1, 2));
    QVERIFY(first.ok());
    const int taken = first->brokers().at(1).clientPort;
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, quint16(taken)));

    PortRequest request;
    request.kept = first.value();
    const Expected<ClusterLayout> second = PortAllocator::allocate(specWith(1, 2), request);
    QVERIFY(!second.ok());
    QCOMPARE(second.error().exitCode(), 2);
    const QString message = second.error().message;
    QVERIFY2(
        message.contains(u"port %1, which kafka-2 kept from its first start, is now in use by pid %2"_s.arg(taken).arg(
            QCoreApplication::applicationPid())),
        qPrintable(message));
    QVERIFY2(message.contains(u"ensemble up --reset-ports"_s), qPrintable(message));
    // Without the kept layout (what --reset-ports does) the same start succeeds on other ports.
    const Expected<ClusterLayout> reset = PortAllocator::allocate(specWith(1, 2));
    QVERIFY(reset.ok());
    QVERIFY(!allPorts(reset.value()).contains(taken));
}

void TestPortAllocator::keptKRaftControllerPortsAreTakenAgain_data()
{
    QTest::addColumn<bool>("combined");
    QTest::newRow("controllers and brokers") << false;
    QTest::newRow("combined") << true;
}

void TestPortAllocator::keptKRaftControllerPortsAreTakenAgain()
{
    QFETCH(bool, combined);
    ClusterSpec spec = specWith(3, combined ? 0 : 2);
    spec.mode = ClusterMode::KRaft;
    spec.combined = combined;
    const Expected<ClusterLayout> first = PortAllocator::allocate(spec);
    QVERIFY(first.ok());
    PortRequest request;
    request.kept = ClusterLayout::fromJson(first->toJson()); // as layout.json keeps it
    const Expected<ClusterLayout> second = PortAllocator::allocate(spec, request);
    QVERIFY2(second.ok(), second.ok() ? "" : qPrintable(second.error().message));
    QCOMPARE(second->nodes, first->nodes);
    QCOMPARE(second->quorumVoters(), first->quorumVoters());
    QCOMPARE(second->bootstrapServers(), first->bootstrapServers());
    // A kept controller port taken since is refused like a kept broker port.
    QTcpServer squatter;
    const int taken = first->kraftControllers().at(1).controllerPort;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, quint16(taken)));
    const Expected<ClusterLayout> third = PortAllocator::allocate(spec, request);
    QVERIFY(!third.ok());
    QVERIFY2(third.error().message.contains(
                 u"port %1, which %2 kept"_s.arg(taken).arg(first->kraftControllers().at(1).name)),
             qPrintable(third.error().message));
}

void TestPortAllocator::keptPortsOfOtherNodesAreIgnored()
{
    // A layout whose nodes are not in the spec (another node count) keeps nothing for them; a node of another
    // kind under the same name keeps nothing either.
    ClusterLayout kept;
    const int stale = freeRange(1, 21000);
    QVERIFY(stale > 0);
    kept.nodes.append(NodeLayout{u"kafka-5"_s, NodeKind::Broker, 5, stale});
    kept.nodes.append(NodeLayout{u"kafka-1"_s, NodeKind::Coordinator, 1, stale + 1});
    PortRequest request;
    request.kept = kept;
    const Expected<ClusterLayout> layout = PortAllocator::allocate(specWith(1, 1), request);
    QVERIFY(layout.ok());
    QVERIFY(!allPorts(layout.value()).contains(stale));
    QVERIFY(!allPorts(layout.value()).contains(stale + 1));
}

void TestPortAllocator::conventionalPortTakenFallsBackSilently()
{
    // 9092 is taken: by this test, or already by some other program on this shared machine.
    QTcpServer squatter;
    [[maybe_unused]] const bool ours = squatter.listen(QHostAddress::LocalHost, PortAllocator::kBrokerBase);
    QVERIFY(!PortAllocator::isFree(u"127.0.0.1"_s, PortAllocator::kBrokerBase));
    PortRequest request;
    request.conventional = true;
    const Expected<ClusterLayout> layout = PortAllocator::allocate(specWith(1, 3), request);
    QVERIFY2(layout.ok(), layout.ok() ? "" : qPrintable(layout.error().message));
    const QList<int> ports = allPorts(layout.value());
    QVERIFY(!ports.contains(PortAllocator::kBrokerBase));
    QCOMPARE(QSet<int>(ports.begin(), ports.end()).size(), ports.size());
    for (int port : ports)
        QVERIFY2(canListen(port), qPrintable(QString::number(port)));
}

void TestPortAllocator::conventionalPortsAreUsedWhenFree()
{
    // Other clusters may hold some of the conventional ports on this machine: each node takes its own
    // conventional port exactly when that port was free.
    QHash<QString, int> expected{{u"zookeeper-1"_s, PortAllocator::kCoordinatorBase},
                                 {u"zookeeper-2"_s, PortAllocator::kCoordinatorBase + 1},
                                 {u"kafka-1"_s, PortAllocator::kBrokerBase},
                                 {u"kafka-2"_s, PortAllocator::kBrokerBase + 1},
                                 {u"kafka-3"_s, PortAllocator::kBrokerBase + 2}};
    QHash<QString, bool> wasFree;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        wasFree.insert(it.key(), canListen(it.value()));
    PortRequest request;
    request.conventional = true;
    const Expected<ClusterLayout> layout = PortAllocator::allocate(specWith(2, 3), request);
    QVERIFY2(layout.ok(), layout.ok() ? "" : qPrintable(layout.error().message));
    for (const NodeLayout &node : layout->nodes) {
        const bool conventional = node.clientPort == expected.value(node.name);
        QVERIFY2(conventional == wasFree.value(node.name), qPrintable(node.name));
    }
}

void TestPortAllocator::isFreeSeesAListeningSocket()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const int port = server.serverPort();
    QVERIFY(!PortAllocator::isFree(u"127.0.0.1"_s, port));
    server.close();
    QVERIFY(PortAllocator::isFree(u"127.0.0.1"_s, port));
}

void TestPortAllocator::describeOwnerNamesThisProcess()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QString owner = PortAllocator::describeOwner(server.serverPort());
    const QString pid = QString::number(QCoreApplication::applicationPid());
    // "pid 1234 (tst_portallocat)": the kernel keeps 15 characters of the command name.
    QCOMPARE(owner, u"pid %1 (%2)"_s.arg(pid, u"tst_portallocator"_s.left(15)));
}

void TestPortAllocator::describeOwnerOfADualStackListenerNamesThisProcess()
{
    // A JVM without -Djava.net.preferIPv4Stack (a user's own Kafka on 9092, say) listens on [::], which also
    // takes the IPv4 port; such sockets are listed in /proc/net/tcp6, not /proc/net/tcp.
    QTcpServer server;
    if (!server.listen(QHostAddress::Any, 0))
        QSKIP("no IPv6 on this machine");
    const int port = server.serverPort();
    QVERIFY(!PortAllocator::isFree(u"127.0.0.1"_s, port));
    const QString pid = QString::number(QCoreApplication::applicationPid());
    QVERIFY2(PortAllocator::describeOwner(port).startsWith(u"pid "_s + pid),
             qPrintable(PortAllocator::describeOwner(port)));
}

void TestPortAllocator::describeOwnerOfAFreePortIsEmpty()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const int port = server.serverPort();
    server.close();
    QCOMPARE(PortAllocator::describeOwner(port), QString());
}

QTEST_GUILESS_MAIN(TestPortAllocator)
#include "tst_portallocator.moc"
