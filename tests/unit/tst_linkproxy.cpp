// The link proxy on real loopback sockets: bytes pass intact, a cut closes live connections and refuses new ones,
// a heal lets new ones through, a latency delays each way by at least the set time, and no fault means no timers.
#include "LinkFaults.h"
#include "LinkProxy.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QtEndian>

#include <memory>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

// Echoes every byte back; counts the connections that reached it.
class EchoServer : public QTcpServer
{
  public:
    EchoServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                ++accepted;
                connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    int accepted = 0;
};

std::unique_ptr<QTcpSocket> dial(quint16 port)
{
    auto s = std::make_unique<QTcpSocket>();
    s->connectToHost(QHostAddress::LocalHost, port);
    s->waitForConnected(2000);
    return s;
}

QByteArray readExactly(QTcpSocket *s, qsizetype n, int timeoutMs = 5000)
{
    QByteArray got;
    QElapsedTimer t;
    t.start();
    while (got.size() < n && t.elapsed() < timeoutMs) {
        if (s->bytesAvailable() == 0)
            QTest::qWait(1); // the proxy lives in this thread: let its event loop run
        got += s->readAll();
    }
    return got;
}

// The start of a Kafka request (ApiVersions v3) from CLIENT_ID: what a KRaft inbound proxy reads to name its caller.
QByteArray kafkaRequestHead(const QByteArray &clientId)
{
    QByteArray h(14, '\0');
    qToBigEndian<qint32>(qint32(10 + clientId.size()), h.data());
    qToBigEndian<qint16>(18, h.data() + 4);
    qToBigEndian<qint16>(3, h.data() + 6);
    qToBigEndian<qint32>(7, h.data() + 8);
    qToBigEndian<qint16>(qint16(clientId.size()), h.data() + 12);
    return h + clientId;
}

} // namespace

class TestLinkProxy : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void passesBytesIntact()
    {
        EchoServer echo;
        LinkProxy proxy(u"a>b"_s, QHostAddress::LocalHost, echo.serverPort());
        QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
        auto client = dial(proxy.port());
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
        QByteArray payload(1 << 20, Qt::Uninitialized);
        for (qsizetype i = 0; i < payload.size(); ++i)
            payload[i] = char(QRandomGenerator::global()->bounded(256));
        client->write(payload);
        QCOMPARE(readExactly(client.get(), payload.size()), payload);
        QCOMPARE(echo.accepted, 1);
        // No fault set: forwarded at once, without a single timer.
        QVERIFY(proxy.findChildren<QTimer *>(Qt::FindDirectChildrenOnly).isEmpty());
    }

    void cutClosesLiveConnectionsAndRefusesNewOnes()
    {
        EchoServer echo;
        LinkProxy proxy(u"a>b"_s, QHostAddress::LocalHost, echo.serverPort());
        QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
        auto live = dial(proxy.port());
        live->write("ping");
        QCOMPARE(readExactly(live.get(), 4), "ping"_ba);
        QCOMPARE(proxy.liveConnections(), 1);

        proxy.setCut(true);
        QTRY_COMPARE_WITH_TIMEOUT(live->state(), QAbstractSocket::UnconnectedState, 3000);
        QCOMPARE(proxy.liveConnections(), 0);

        auto refused = dial(proxy.port());
        refused->write("lost");
        QTRY_COMPARE_WITH_TIMEOUT(refused->state(), QAbstractSocket::UnconnectedState, 3000);
        QVERIFY(refused->readAll().isEmpty());
        QCOMPARE(echo.accepted, 1); // nothing reached the target while cut

        proxy.setCut(false);
        auto healed = dial(proxy.port());
        healed->write("back");
        QCOMPARE(readExactly(healed.get(), 4), "back"_ba);
        QCOMPARE(echo.accepted, 2);
    }

    // A new ZooKeeper leader opens its quorum port moments after it wins, and a follower dials it at once: the
    // proxy has already accepted the follower, so it must keep it and pass its first bytes on once the target
    // listens (seen on real nodes: the follower got EOF after 106 ms, and the leader it had elected never formed).
    void waitsForATargetThatIsNotListeningYet()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        } // closed: nothing listens there now
        LinkProxy proxy(u"a>b"_s, QHostAddress::LocalHost, port);
        QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
        auto client = dial(proxy.port());
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
        client->write("early");
        QTest::qWait(350); // several refused attempts
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
        EchoServer late;
        late.close();
        QVERIFY(late.listen(QHostAddress::LocalHost, port));
        QCOMPARE(readExactly(client.get(), 5), "early"_ba);
        client->write("later");
        QCOMPARE(readExactly(client.get(), 5), "later"_ba);
        QCOMPARE(late.accepted, 1);
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    }

    void latencyDelaysEachWay()
    {
        EchoServer echo;
        LinkProxy proxy(u"a>b"_s, QHostAddress::LocalHost, echo.serverPort());
        QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
        auto client = dial(proxy.port());
        client->write("warm");
        QCOMPARE(readExactly(client.get(), 4), "warm"_ba);

        proxy.setLatency(150, 50);
        QElapsedTimer t;
        t.start();
        QByteArray sent;
        for (int i = 0; i < 20; ++i) { // many chunks with jitter: order must hold
            const QByteArray chunk = QByteArray::number(i).rightJustified(3, '0');
            sent += chunk;
            client->write(chunk);
            client->flush();
            QTest::qWait(2);
        }
        QCOMPARE(readExactly(client.get(), sent.size()), sent);
        QVERIFY2(t.elapsed() >= 300, qPrintable(u"round trip took %1 ms"_s.arg(t.elapsed()))); // 150 out + 150 back

        proxy.setLatency(0, 0);
        t.restart();
        client->write("fast");
        QCOMPARE(readExactly(client.get(), 4), "fast"_ba);
        QVERIFY2(t.elapsed() < 150, qPrintable(u"healed round trip took %1 ms"_s.arg(t.elapsed())));
    }

    void rewritesFirstBytesOnce()
    {
        EchoServer echo;
        LinkProxy proxy(u"a>b"_s, QHostAddress::LocalHost, echo.serverPort());
        proxy.setFirstBytesRewrite([](const QByteArray &head) -> std::optional<QByteArray> {
            if (head.size() < 4)
                return std::nullopt; // wait for the whole header
            return "HEAD"_ba + head.mid(4);
        });
        QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
        auto client = dial(proxy.port());
        client->write("ab");
        client->flush();
        QTest::qWait(20);
        client->write("cdtail-abcd");
        QCOMPARE(readExactly(client.get(), 13), "HEADtail-abcd"_ba);
    }
    // Three "ZooKeeper servers" (echo servers on their quorum and election ports) behind LinkFaults: each zoo.cfg
    // points at the proxies, the election handshake announces the proxy of the way back, isolate cuts.
    void linkFaultsRewriteConfigAndHandshakeAndIsolate()
    {
        std::vector<std::unique_ptr<EchoServer>> echoes;
        ClusterLayout layout;
        for (int id = 1; id <= 3; ++id) {
            NodeLayout n;
            n.name = u"zookeeper-%1"_s.arg(id);
            n.kind = NodeKind::Coordinator;
            n.id = id;
            echoes.push_back(std::make_unique<EchoServer>());
            n.quorumPort = echoes.back()->serverPort();
            echoes.push_back(std::make_unique<EchoServer>());
            n.electionPort = echoes.back()->serverPort();
            layout.nodes.append(n);
        }
        LinkFaults links;
        QVERIFY(links.open(layout));
        QCOMPARE(links.portsJson().size(), 12); // 3 servers x 2 peers x 2 ports

        const NodeLayout &z1 = layout.nodes[0], &z2 = layout.nodes[1];
        const QString cfg = u"tickTime=2000\nserver.1=127.0.0.1:%1:%2\nserver.2=127.0.0.1:%3:%4\n"_s.arg(z1.quorumPort)
                                .arg(z1.electionPort)
                                .arg(z2.quorumPort)
                                .arg(z2.electionPort);
        const QString proxied = links.pointZooCfgAtProxies(cfg, layout, z1);
        QVERIFY2(proxied.contains(u"server.1=127.0.0.1:%1:%2"_s.arg(z1.quorumPort).arg(z1.electionPort)),
                 qPrintable(proxied)); // its own line: the ports it binds
        QVERIFY2(proxied.contains(u"server.2=127.0.0.1:%1:%2"_s.arg(links.proxyPort(z1.name, z2.name, false))
                                      .arg(links.proxyPort(z1.name, z2.name, true))),
                 qPrintable(proxied));

        // zookeeper-1 dials zookeeper-2's election port announcing its real address; zookeeper-2 must see the
        // proxy zookeeper-2 -> zookeeper-1 instead (the echo shows what arrived).
        auto election = dial(quint16(links.proxyPort(z1.name, z2.name, true)));
        const QByteArray announced = u"127.0.0.1:%1"_s.arg(z1.electionPort).toLatin1();
        QByteArray handshake(20, '\0');
        qToBigEndian<qint64>(-65535, handshake.data());
        qToBigEndian<qint64>(1, handshake.data() + 8);
        qToBigEndian<qint32>(qint32(announced.size()), handshake.data() + 16);
        election->write(handshake + announced + "vote");
        const QByteArray back = u"127.0.0.1:%1"_s.arg(links.proxyPort(z2.name, z1.name, true)).toLatin1();
        const QByteArray got = readExactly(election.get(), 20 + back.size() + 4);
        QCOMPARE(got.mid(20), back + "vote");
        QCOMPARE(qFromBigEndian<qint32>(got.constData() + 16), qint32(back.size()));

        QVERIFY(links.inject({NetworkFault::Kind::Isolate, z1.name, {}, 0, 0}));
        QTRY_COMPARE_WITH_TIMEOUT(election->state(), QAbstractSocket::UnconnectedState, 3000);
        QCOMPARE(links.activeJson().size(), 2);                                        // zookeeper-1's two links
        QVERIFY(!links.inject({NetworkFault::Kind::Isolate, u"kafka-1"_s, {}, 0, 0})); // not a proxied node
        QVERIFY(links.inject({NetworkFault::Kind::Heal, {}, {}, 0, 0}));
        QVERIFY(links.activeJson().isEmpty());
        auto again = dial(quint16(links.proxyPort(z2.name, z1.name, false)));
        again->write("ping");
        QCOMPARE(readExactly(again.get(), 4), "ping"_ba);
    }

    // Two "KRaft controllers" (echo servers on their CONTROLLER ports) and a broker behind LinkFaults: one inbound
    // proxy per controller that the properties point at, which tells its callers apart by their client id, so
    // isolating controller-2 closes its connection into controller-1 and leaves the broker's alone.
    void kraftInboundProxyCutsOnePeerByClientId()
    {
        std::vector<std::unique_ptr<EchoServer>> echoes;
        ClusterLayout layout;
        layout.host = u"127.0.0.1"_s;
        for (int i = 1; i <= 2; ++i) {
            NodeLayout c;
            c.name = u"controller-%1"_s.arg(i);
            c.kind = NodeKind::Coordinator;
            c.id = 100 + i;
            echoes.push_back(std::make_unique<EchoServer>());
            c.controllerPort = echoes.back()->serverPort();
            layout.nodes.append(c);
        }
        NodeLayout broker;
        broker.name = u"kafka-1"_s;
        broker.kind = NodeKind::Broker;
        broker.id = 1;
        broker.clientPort = 1; // never dialled here
        layout.nodes.append(broker);
        LinkFaults links;
        QVERIFY(links.open(layout));
        QCOMPARE(links.portsJson().size(), 2);
        const NodeLayout &c1 = layout.nodes[0], &c2 = layout.nodes[1];
        const int p1 = links.inboundPort(c1.name), p2 = links.inboundPort(c2.name);
        QVERIFY(p1 > 0 && p2 > 0);

        const QString props = u"node.id=101\ncontroller.quorum.voters=101@127.0.0.1:%1,102@127.0.0.1:%2\n"
                              "listeners=CONTROLLER://127.0.0.1:%1\n"_s.arg(c1.controllerPort)
                                  .arg(c2.controllerPort);
        const QString proxied = links.pointKRaftPropertiesAtProxies(props, layout, c1);
        QVERIFY2(proxied.contains(u"controller.quorum.voters=101@127.0.0.1:%1,102@127.0.0.1:%2\n"_s.arg(p1).arg(p2)),
                 qPrintable(proxied));
        QVERIFY2(proxied.contains(u"listeners=CONTROLLER://127.0.0.1:%1\n"_s.arg(c1.controllerPort)),
                 qPrintable(proxied)); // it still binds its real port
        QVERIFY2(proxied.contains(u"advertised.listeners=CONTROLLER://127.0.0.1:%1"_s.arg(p1)), qPrintable(proxied));
        const QString brokerProps = links.pointKRaftPropertiesAtProxies(
            u"advertised.listeners=PLAINTEXT://127.0.0.1:1\ncontroller.quorum.voters=x\n"_s, layout, broker);
        QVERIFY2(brokerProps.contains(u"advertised.listeners=PLAINTEXT://127.0.0.1:1\n"_s), qPrintable(brokerProps));

        auto fromC2 = dial(quint16(p1));
        const QByteArray head2 = kafkaRequestHead("raft-client-102");
        fromC2->write(head2 + "fetch");
        QCOMPARE(readExactly(fromC2.get(), head2.size() + 5), head2 + "fetch");
        auto fromBroker = dial(quint16(p1));
        const QByteArray headB = kafkaRequestHead("1");
        fromBroker->write(headB);
        QCOMPARE(readExactly(fromBroker.get(), headB.size()), headB);

        QVERIFY(links.inject({NetworkFault::Kind::Isolate, c2.name, {}, 0, 0}));
        QTRY_COMPARE_WITH_TIMEOUT(fromC2->state(), QAbstractSocket::UnconnectedState, 3000);
        fromBroker->write("beat");
        QCOMPARE(readExactly(fromBroker.get(), 4), "beat"_ba); // kafka-1 <-> controller-1 is not cut
        auto again = dial(quint16(p1));
        again->write(head2);
        QTRY_COMPARE_WITH_TIMEOUT(again->state(), QAbstractSocket::UnconnectedState, 3000); // closed once named
        auto intoC2 = dial(quint16(p2));
        intoC2->write(headB);
        QTRY_COMPARE_WITH_TIMEOUT(intoC2->state(), QAbstractSocket::UnconnectedState, 3000); // everyone cut from it

        QVERIFY(links.inject({NetworkFault::Kind::Heal, {}, {}, 0, 0}));
        auto healed = dial(quint16(p1));
        healed->write(head2);
        QCOMPARE(readExactly(healed.get(), head2.size()), head2);
    }
};

QTEST_GUILESS_MAIN(TestLinkProxy)
#include "tst_linkproxy.moc"
