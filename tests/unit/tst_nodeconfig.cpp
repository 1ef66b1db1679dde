// What each node is given: zoo.cfg, server.properties, log4j.properties, myid, and the JVM command line.
#include "KRaftNodeConfig.h"
#include "KRaftStorage.h"
#include "NodeConfig.h"
#include "PortAllocator.h"
#include "RuntimeLocator.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

// A layout with fixed, recognisable ports: ZooKeeper 2181.., quorum 2888.., election 3888..; brokers 9092...
ClusterLayout layoutFor(const ClusterSpec &spec)
{
    ClusterLayout layout;
    layout.host = spec.listen;
    for (int i = 1; i <= spec.coordinators; ++i)
        layout.nodes.append(
            NodeLayout{spec.coordinatorName(i), NodeKind::Coordinator, i, 2180 + i, 2887 + i, 3887 + i});
    for (int i = 1; i <= spec.brokers; ++i)
        layout.nodes.append(NodeLayout{spec.brokerName(i), NodeKind::Broker, i, 9091 + i});
    return layout;
}

ClusterSpec specWith(int coordinators, int brokers, Profile profile = Profile::Demo)
{
    ClusterSpec spec;
    spec.name = u"unit"_s;
    spec.coordinators = coordinators;
    spec.brokers = brokers;
    spec.profile = profile;
    return spec;
}

// Every value written for a key, in order (a key written twice shows up twice).
QStringList valuesOf(const QString &rendered, const QString &key)
{
    QStringList out;
    for (const QString &line : rendered.split(u'\n'))
        if (line.startsWith(key + u'='))
            out.append(line.mid(key.size() + 1));
    return out;
}

QString valueOf(const NodeConfig::Properties &props, const QString &key)
{
    for (const auto &[k, v] : props)
        if (k == key)
            return v;
    return {};
}

bool has(const NodeConfig::Properties &props, const QString &key)
{
    for (const auto &p : props)
        if (p.first == key)
            return true;
    return false;
}

QString zooCfg(const ClusterSpec &spec, int index = 1)
{
    const ClusterLayout layout = layoutFor(spec);
    const NodeLayout node = *layout.find(spec.coordinatorName(index));
    return NodeConfig::render(NodeConfig::zooKeeperProperties(spec, layout, node, u"/ws/zookeeper-1/data"_s), {});
}

QString serverProperties(const ClusterSpec &spec, int index = 1)
{
    const ClusterLayout layout = layoutFor(spec);
    const NodeLayout node = *layout.find(spec.brokerName(index));
    return NodeConfig::render(NodeConfig::brokerProperties(spec, layout, node, u"/ws/kafka/data"_s), {});
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestNodeConfig : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void newClusterIdsNeverStartWithADash();
    void threeServerEnsembleListsEveryServerWithItsOwnPorts();
    void zooCfgServesOnlyOnTheListenAddressWithSrvrAllowed();
    void singleServerHasNoServerLines();
    void profileSetsTimeouts_data();
    void profileSetsTimeouts();
    void serverPropertiesNameTheBrokerAndItsListener();
    void internalTopicsNeverAskForMoreReplicasThanBrokers_data();
    void internalTopicsNeverAskForMoreReplicasThanBrokers();
    void userSettingsWinAndKeepOneLinePerKey();
    void renderWritesHeaderThenOneLinePerProperty();
    void writeFilesCreatesConfigLog4jAndMyid();
    void writeFilesForABrokerWritesNoMyid();
    void writeFilesReportsAMissingDirectory();
    void log4jUsesTheParsedLinePattern();
    void jvmArgumentsCarryHeapMainClassAndOwnership_data();
    void jvmArgumentsCarryHeapMainClassAndOwnership();
    void kraftLayoutGivesControllersTheirOwnIdsAndPorts();
    void kraftControllerBrokerAndCombinedProperties();
    void kraftDemoProfileShortensRaftAndSessionTimeouts();
    void kraftUserSettingsGoToTheirRole();
    void kraftFilesAndJvmArgumentsFollowTheRuntimesLogging();
};

void TestNodeConfig::threeServerEnsembleListsEveryServerWithItsOwnPorts()
{
    const QString cfg = zooCfg(specWith(3, 3), 2);
    QSet<QString> ports;
    for (int id = 1; id <= 3; ++id) {
        const QStringList server = valuesOf(cfg, u"server."_s + QString::number(id));
        QCOMPARE(server.size(), 1);
        const QStringList parts = server.first().split(u':');
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts[0], u"127.0.0.1"_s);
        QCOMPARE(parts[1], QString::number(2887 + id));
        QCOMPARE(parts[2], QString::number(3887 + id));
        ports.insert(parts[1]);
        ports.insert(parts[2]);
    }
    QCOMPARE(ports.size(), 6); // one host: every quorum and election port differs
    QVERIFY(valuesOf(cfg, u"server.4"_s).isEmpty());
    QCOMPARE(valuesOf(cfg, u"clientPort"_s), QStringList{u"2182"_s}); // zookeeper-2's own client port
}

void TestNodeConfig::zooCfgServesOnlyOnTheListenAddressWithSrvrAllowed()
{
    const QString cfg = zooCfg(specWith(3, 3));
    QCOMPARE(valuesOf(cfg, u"clientPortAddress"_s), QStringList{u"127.0.0.1"_s});
    QCOMPARE(valuesOf(cfg, u"admin.enableServer"_s), QStringList{u"false"_s});
    QCOMPARE(valuesOf(cfg, u"dataDir"_s), QStringList{u"/ws/zookeeper-1/data"_s});
    const QStringList whitelist = valuesOf(cfg, u"4lw.commands.whitelist"_s);
    QCOMPARE(whitelist.size(), 1);
    const QStringList words = whitelist.first().split(u',');
    QVERIFY2(words.contains(u"srvr"_s), qPrintable(whitelist.first())); // CoordinatorProbe asks srvr
    QVERIFY2(words.contains(u"mntr"_s), qPrintable(whitelist.first()));
}

void TestNodeConfig::singleServerHasNoServerLines()
{
    const QString cfg = zooCfg(specWith(1, 1));
    static const QRegularExpression serverLine(u"^server\\.\\d+="_s, QRegularExpression::MultilineOption);
    QVERIFY2(!serverLine.match(cfg).hasMatch(), qPrintable(cfg));
    QCOMPARE(valuesOf(cfg, u"clientPort"_s), QStringList{u"2181"_s});
}

void TestNodeConfig::profileSetsTimeouts_data()
{
    QTest::addColumn<int>("profile");
    QTest::addColumn<QString>("tickTime");
    QTest::addColumn<QString>("sessionTimeout"); // empty: left to Kafka's default (18000)
    QTest::addColumn<QString>("replicaLag");     // empty: left to Kafka's default (30000)

    QTest::newRow("demo") << int(Profile::Demo) << u"500"_s << u"4000"_s << u"5000"_s;
    QTest::newRow("default") << int(Profile::Default) << u"2000"_s << QString() << QString();
}

void TestNodeConfig::profileSetsTimeouts()
{
    QFETCH(int, profile);
    QFETCH(QString, tickTime);
    QFETCH(QString, sessionTimeout);
    QFETCH(QString, replicaLag);

    const ClusterSpec spec = specWith(3, 3, Profile(profile));
    QCOMPARE(valuesOf(zooCfg(spec), u"tickTime"_s), QStringList{tickTime});

    const ClusterLayout layout = layoutFor(spec);
    const auto broker = NodeConfig::brokerProperties(spec, layout, layout.brokers().first(), u"/d"_s);
    QCOMPARE(has(broker, u"zookeeper.session.timeout.ms"_s), !sessionTimeout.isEmpty());
    QCOMPARE(valueOf(broker, u"zookeeper.session.timeout.ms"_s), sessionTimeout);
    QCOMPARE(has(broker, u"replica.lag.time.max.ms"_s), !replicaLag.isEmpty());
    QCOMPARE(valueOf(broker, u"replica.lag.time.max.ms"_s), replicaLag);

    if (!sessionTimeout.isEmpty()) {
        // ZooKeeper only grants sessions between 2 and 20 ticks; a timeout outside is silently clamped.
        const int tick = tickTime.toInt();
        QVERIFY(sessionTimeout.toInt() >= 2 * tick && sessionTimeout.toInt() <= 20 * tick);
    }
}

void TestNodeConfig::serverPropertiesNameTheBrokerAndItsListener()
{
    const QString props = serverProperties(specWith(3, 3), 2);
    QCOMPARE(valuesOf(props, u"broker.id"_s), QStringList{u"2"_s});
    QCOMPARE(valuesOf(props, u"listeners"_s), QStringList{u"PLAINTEXT://127.0.0.1:9093"_s});
    QCOMPARE(valuesOf(props, u"advertised.listeners"_s), QStringList{u"PLAINTEXT://127.0.0.1:9093"_s});
    QCOMPARE(valuesOf(props, u"log.dirs"_s), QStringList{u"/ws/kafka/data"_s});
    QCOMPARE(valuesOf(props, u"zookeeper.connect"_s), QStringList{u"127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183"_s});
}

void TestNodeConfig::internalTopicsNeverAskForMoreReplicasThanBrokers_data()
{
    QTest::addColumn<int>("brokers");
    QTest::addColumn<QString>("replicas");
    QTest::addColumn<QString>("minIsr");

    QTest::newRow("1 broker") << 1 << u"1"_s << u"1"_s;
    QTest::newRow("2 brokers") << 2 << u"2"_s << u"2"_s;
    QTest::newRow("3 brokers") << 3 << u"3"_s << u"2"_s;
    QTest::newRow("5 brokers") << 5 << u"3"_s << u"2"_s;
}

void TestNodeConfig::internalTopicsNeverAskForMoreReplicasThanBrokers()
{
    QFETCH(int, brokers);
    QFETCH(QString, replicas);
    QFETCH(QString, minIsr);

    const QString props = serverProperties(specWith(1, brokers));
    QCOMPARE(valuesOf(props, u"offsets.topic.replication.factor"_s), QStringList{replicas});
    QCOMPARE(valuesOf(props, u"transaction.state.log.replication.factor"_s), QStringList{replicas});
    QCOMPARE(valuesOf(props, u"default.replication.factor"_s), QStringList{replicas});
    QCOMPARE(valuesOf(props, u"transaction.state.log.min.isr"_s), QStringList{minIsr});
}

void TestNodeConfig::userSettingsWinAndKeepOneLinePerKey()
{
    ClusterSpec spec = specWith(3, 3);
    spec.brokerConfig = {{u"offsets.topic.replication.factor"_s, u"1"_s},
                         {u"zookeeper.session.timeout.ms"_s, u"6000"_s},
                         {u"num.network.threads"_s, u"2"_s}};
    spec.coordinatorConfig = {{u"tickTime"_s, u"250"_s}, {u"maxSessionTimeout"_s, u"9000"_s}};

    const QString props = serverProperties(spec);
    QCOMPARE(valuesOf(props, u"offsets.topic.replication.factor"_s), QStringList{u"1"_s});
    QCOMPARE(valuesOf(props, u"zookeeper.session.timeout.ms"_s), QStringList{u"6000"_s});
    QCOMPARE(valuesOf(props, u"num.network.threads"_s), QStringList{u"2"_s});
    QCOMPARE(valuesOf(props, u"broker.id"_s), QStringList{u"1"_s}); // untouched settings stay

    const QString cfg = zooCfg(spec);
    QCOMPARE(valuesOf(cfg, u"tickTime"_s), QStringList{u"250"_s});
    QCOMPARE(valuesOf(cfg, u"maxSessionTimeout"_s), QStringList{u"9000"_s});
}

void TestNodeConfig::renderWritesHeaderThenOneLinePerProperty()
{
    const QString text = NodeConfig::render({{u"a"_s, u"1"_s}, {u"b.c"_s, u"x=y"_s}}, u"# head\n"_s);
    QCOMPARE(text, u"# head\na=1\nb.c=x=y\n"_s);
}

void TestNodeConfig::writeFilesCreatesConfigLog4jAndMyid()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    QVERIFY(QDir(root.path()).mkpath(u"conf"_s) && QDir(root.path()).mkpath(u"data"_s));
    const NodePaths paths{root.filePath(u"conf"_s), root.filePath(u"data"_s), root.filePath(u"logs"_s)};
    const ClusterSpec spec = specWith(3, 3);
    const ClusterLayout layout = layoutFor(spec);

    QString error;
    QVERIFY2(NodeConfig::writeFiles(spec, layout, *layout.find(u"zookeeper-1"_s), paths, &error), qPrintable(error));

    const QString cfg = QString::fromUtf8(readAll(root.filePath(u"conf/zoo.cfg"_s)));
    QVERIFY2(cfg.startsWith(u"# Written by Ensemble for zookeeper-1 of cluster 'unit'"_s), qPrintable(cfg));
    QCOMPARE(valuesOf(cfg, u"clientPort"_s), QStringList{u"2181"_s});
    QCOMPARE(valuesOf(cfg, u"dataDir"_s), QStringList{paths.data});
    QCOMPARE(valuesOf(cfg, u"server.3"_s), QStringList{u"127.0.0.1:2890:3890"_s});
    QVERIFY(readAll(root.filePath(u"conf/log4j.properties"_s)).contains("log4j.rootLogger="));
    QCOMPARE(readAll(root.filePath(u"data/myid"_s)), QByteArray("1\n"));
}

void TestNodeConfig::writeFilesForABrokerWritesNoMyid()
{
    QTemporaryDir root;
    QVERIFY(QDir(root.path()).mkpath(u"conf"_s) && QDir(root.path()).mkpath(u"data"_s));
    const NodePaths paths{root.filePath(u"conf"_s), root.filePath(u"data"_s), root.filePath(u"logs"_s)};
    const ClusterSpec spec = specWith(3, 3);
    const ClusterLayout layout = layoutFor(spec);

    QString error;
    QVERIFY2(NodeConfig::writeFiles(spec, layout, *layout.find(u"kafka-3"_s), paths, &error), qPrintable(error));
    const QString props = QString::fromUtf8(readAll(root.filePath(u"conf/server.properties"_s)));
    QCOMPARE(valuesOf(props, u"broker.id"_s), QStringList{u"3"_s});
    QCOMPARE(valuesOf(props, u"log.dirs"_s), QStringList{paths.data});
    QVERIFY(QFile::exists(root.filePath(u"conf/log4j.properties"_s)));
    QVERIFY(!QFile::exists(root.filePath(u"conf/zoo.cfg"_s)));
    QVERIFY(!QFile::exists(root.filePath(u"data/myid"_s)));
}

void TestNodeConfig::writeFilesReportsAMissingDirectory()
{
    QTemporaryDir root;
    const NodePaths paths{root.filePath(u"missing/conf"_s), root.filePath(u"missing/data"_s), {}};
    const ClusterSpec spec = specWith(1, 1);
    const ClusterLayout layout = layoutFor(spec);

    QString error;
    QVERIFY(!NodeConfig::writeFiles(spec, layout, layout.nodes.first(), paths, &error));
    QVERIFY2(error.contains(paths.conf), qPrintable(error));
}

void TestNodeConfig::log4jUsesTheParsedLinePattern()
{
    const QString zk = NodeConfig::log4jProperties(NodeKind::Coordinator);
    const QString broker = NodeConfig::log4jProperties(NodeKind::Broker);
    const QString pattern = u"log4j.appender.stdout.layout.ConversionPattern="_s + QString::fromLatin1(kLogPattern);
    QVERIFY(zk.contains(pattern));
    QVERIFY(broker.contains(pattern));
    // The controller's and state-change loggers carry the elections the UI shows.
    QCOMPARE(valuesOf(broker, u"log4j.logger.kafka.controller"_s), QStringList{u"INFO"_s});
    QCOMPARE(valuesOf(broker, u"log4j.logger.state.change.logger"_s), QStringList{u"INFO"_s});
}

void TestNodeConfig::jvmArgumentsCarryHeapMainClassAndOwnership_data()
{
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("heap");
    QTest::addColumn<QString>("mainClass");
    QTest::addColumn<QString>("configFile");

    QTest::newRow("zookeeper") << u"zookeeper-2"_s << u"-Xmx96m"_s
                               << u"org.apache.zookeeper.server.quorum.QuorumPeerMain"_s << u"zoo.cfg"_s;
    QTest::newRow("kafka") << u"kafka-1"_s << u"-Xmx320m"_s << u"kafka.Kafka"_s << u"server.properties"_s;
}

void TestNodeConfig::jvmArgumentsCarryHeapMainClassAndOwnership()
{
    QFETCH(QString, node);
    QFETCH(QString, heap);
    QFETCH(QString, mainClass);
    QFETCH(QString, configFile);

    ClusterSpec spec = specWith(3, 3);
    spec.coordinatorHeapMb = 96;
    spec.brokerHeapMb = 320;
    const ClusterLayout layout = layoutFor(spec);
    Runtime runtime;
    runtime.java = u"/usr/bin/java"_s;
    runtime.libDir = u"/opt/kafka/libs"_s;
    const NodePaths paths{u"/ws/nodes/"_s + node + u"/conf"_s, u"/ws/nodes/"_s + node + u"/data"_s,
                          u"/ws/nodes/"_s + node + u"/logs"_s};

    const QStringList args = NodeConfig::jvmArguments(spec, runtime, *layout.find(node), paths, u"/ws"_s);
    QVERIFY2(args.contains(heap), qPrintable(args.join(u' ')));
    QCOMPARE(args.filter(u"-Xmx"_s).size(), 1);
    QVERIFY(args.contains(u"-Densemble.workspace=/ws"_s));
    QVERIFY(args.contains(u"-Densemble.node="_s + node));
    QVERIFY(args.contains(u"-Dlog4j.configuration=file:"_s + paths.conf + u"/log4j.properties"_s));
    const qsizetype cp = args.indexOf(u"-cp"_s);
    QVERIFY(cp >= 0);
    QCOMPARE(args.value(cp + 1), u"/opt/kafka/libs/*"_s);

    // The JVM reads options up to the main class; everything after it goes to the program.
    QVERIFY(args.size() >= 2);
    QCOMPARE(args.at(args.size() - 2), mainClass);
    QCOMPARE(args.last(), paths.conf + u'/' + configFile);
    for (qsizetype i = 0; i < args.size() - 2; ++i)
        QVERIFY2(args[i].startsWith(u'-') || i == cp + 1, qPrintable(args[i]));
}

namespace {

ClusterSpec kraftSpec(int controllers, int brokers, bool combined = false, Profile profile = Profile::Demo)
{
    ClusterSpec spec = specWith(controllers, brokers, profile);
    spec.mode = ClusterMode::KRaft;
    spec.combined = combined;
    return spec;
}

NodeConfig::Properties kraftProps(const ClusterSpec &spec, const ClusterLayout &layout, const QString &node)
{
    return KRaftNodeConfig::properties(spec, layout, *layout.find(node), u"/ws/"_s + node + u"/data"_s);
}

} // namespace

void TestNodeConfig::kraftLayoutGivesControllersTheirOwnIdsAndPorts()
{
    ClusterSpec spec = kraftSpec(3, 2);
    spec.coordinatorPortBase = 39093;
    spec.brokerPortBase = 39192;
    auto layout = PortAllocator::allocate(spec);
    QVERIFY2(layout, qPrintable(layout ? QString() : layout.error().message));
    const NodeLayout *c2 = layout->find(u"controller-2"_s);
    QVERIFY(c2);
    QVERIFY(c2->kind == NodeKind::Coordinator);
    QCOMPARE(c2->id, 102); // never a broker's id
    QCOMPARE(c2->controllerPort, 39094);
    QCOMPARE(layout->find(u"kafka-2"_s)->id, 2); // brokers keep broker.id = i, as in ZooKeeper mode
    QCOMPARE(layout->find(u"kafka-2"_s)->controllerPort, 0);
    QCOMPARE(layout->quorumVoters(), u"101@127.0.0.1:39093,102@127.0.0.1:39094,103@127.0.0.1:39095"_s);
    QCOMPARE(layout->bootstrapServers(), u"127.0.0.1:39192,127.0.0.1:39193"_s);
    QCOMPARE(ClusterLayout::fromJson(layout->toJson()).nodes, layout->nodes);

    // Combined: three kafka-N nodes, each a broker with a controller listener, ids 1..3.
    ClusterSpec combined = kraftSpec(3, 0, true);
    auto both = PortAllocator::allocate(combined);
    QVERIFY(both);
    QCOMPARE(both->nodes.size(), 3);
    for (const NodeLayout &n : both->nodes) {
        QVERIFY(n.kind == NodeKind::Broker);
        QVERIFY(n.controllerPort > 0 && n.clientPort > 0 && n.controllerPort != n.clientPort);
    }
    QCOMPARE(both->nodes[2].name, u"kafka-3"_s);
    QCOMPARE(both->nodes[2].id, 3);
    QVERIFY(both->quorumVoters().startsWith(u"1@127.0.0.1:"_s));
}

void TestNodeConfig::kraftControllerBrokerAndCombinedProperties()
{
    const ClusterSpec spec = kraftSpec(3, 2);
    ClusterLayout layout = layoutFor(spec);
    for (NodeLayout &n : layout.nodes)
        if (n.kind == NodeKind::Coordinator)
            n.id = 100 + n.id, n.controllerPort = 19092 + n.id - 100, n.clientPort = n.controllerPort;
    const auto controller = kraftProps(spec, layout, u"controller-1"_s);
    QCOMPARE(valueOf(controller, u"process.roles"_s), u"controller"_s);
    QCOMPARE(valueOf(controller, u"node.id"_s), u"101"_s);
    QCOMPARE(valueOf(controller, u"controller.quorum.voters"_s),
             u"101@127.0.0.1:19093,102@127.0.0.1:19094,103@127.0.0.1:19095"_s);
    QCOMPARE(valueOf(controller, u"listeners"_s), u"CONTROLLER://127.0.0.1:19093"_s);
    QCOMPARE(valueOf(controller, u"controller.listener.names"_s), u"CONTROLLER"_s);
    QCOMPARE(valueOf(controller, u"metadata.log.dir"_s), u"/ws/controller-1/data"_s);
    QVERIFY(!has(controller, u"advertised.listeners"_s)); // a controller serves no clients
    QVERIFY(!has(controller, u"offsets.topic.replication.factor"_s));
    QVERIFY(!has(controller, u"zookeeper.connect"_s));

    const auto broker = kraftProps(spec, layout, u"kafka-2"_s);
    QCOMPARE(valueOf(broker, u"process.roles"_s), u"broker"_s);
    QCOMPARE(valueOf(broker, u"node.id"_s), u"2"_s);
    QCOMPARE(valueOf(broker, u"listeners"_s), u"PLAINTEXT://127.0.0.1:9093"_s);
    QCOMPARE(valueOf(broker, u"advertised.listeners"_s), u"PLAINTEXT://127.0.0.1:9093"_s);
    QCOMPARE(valueOf(broker, u"inter.broker.listener.name"_s), u"PLAINTEXT"_s);
    QCOMPARE(valueOf(broker, u"controller.quorum.voters"_s), valueOf(controller, u"controller.quorum.voters"_s));
    // Two brokers: internal topics ask for two replicas at most.
    QCOMPARE(valueOf(broker, u"offsets.topic.replication.factor"_s), u"2"_s);
    QCOMPARE(valueOf(broker, u"transaction.state.log.replication.factor"_s), u"2"_s);
    QVERIFY(!has(broker, u"broker.id"_s));
    QVERIFY(!has(broker, u"zookeeper.connect"_s));

    const ClusterSpec combinedSpec = kraftSpec(3, 0, true);
    auto combinedLayout = PortAllocator::allocate(combinedSpec);
    QVERIFY(combinedLayout);
    const NodeLayout k1 = *combinedLayout->find(u"kafka-1"_s);
    const auto combined = kraftProps(combinedSpec, *combinedLayout, u"kafka-1"_s);
    QCOMPARE(valueOf(combined, u"process.roles"_s), u"broker,controller"_s);
    QCOMPARE(valueOf(combined, u"listeners"_s),
             u"PLAINTEXT://127.0.0.1:%1,CONTROLLER://127.0.0.1:%2"_s.arg(k1.clientPort).arg(k1.controllerPort));
    QCOMPARE(valueOf(combined, u"advertised.listeners"_s), u"PLAINTEXT://127.0.0.1:%1"_s.arg(k1.clientPort));
    QCOMPARE(valueOf(combined, u"offsets.topic.replication.factor"_s), u"3"_s); // three combined brokers
}

void TestNodeConfig::kraftDemoProfileShortensRaftAndSessionTimeouts()
{
    ClusterSpec demo = kraftSpec(3, 1);
    auto layout = PortAllocator::allocate(demo);
    QVERIFY(layout);
    const auto controller = kraftProps(demo, *layout, u"controller-1"_s);
    QCOMPARE(valueOf(controller, u"controller.quorum.election.timeout.ms"_s), u"500"_s);
    QCOMPARE(valueOf(controller, u"controller.quorum.fetch.timeout.ms"_s), u"1000"_s);
    QCOMPARE(valueOf(controller, u"broker.session.timeout.ms"_s), u"3000"_s);
    const auto broker = kraftProps(demo, *layout, u"kafka-1"_s);
    QCOMPARE(valueOf(broker, u"broker.heartbeat.interval.ms"_s), u"500"_s);
    QCOMPARE(valueOf(broker, u"replica.lag.time.max.ms"_s), u"5000"_s);
    QCOMPARE(valueOf(broker, u"offsets.topic.replication.factor"_s), u"1"_s);

    // default: Kafka's own timeouts (nothing written for them).
    ClusterSpec plain = kraftSpec(3, 1, false, Profile::Default);
    for (const QString &node : {u"controller-1"_s, u"kafka-1"_s}) {
        const auto props = kraftProps(plain, *layout, node);
        for (const QString &key :
             {u"controller.quorum.election.timeout.ms"_s, u"controller.quorum.fetch.timeout.ms"_s,
              u"broker.session.timeout.ms"_s, u"broker.heartbeat.interval.ms"_s, u"replica.lag.time.max.ms"_s})
            QVERIFY2(!has(props, key), qPrintable(node + u' ' + key));
    }
}

void TestNodeConfig::kraftUserSettingsGoToTheirRole()
{
    ClusterSpec spec = kraftSpec(3, 1);
    spec.brokerConfig.insert(u"num.partitions"_s, u"6"_s);
    spec.coordinatorConfig.insert(u"controller.quorum.election.timeout.ms"_s, u"800"_s);
    auto layout = PortAllocator::allocate(spec);
    QVERIFY(layout);
    const auto controller = kraftProps(spec, *layout, u"controller-1"_s);
    QCOMPARE(valueOf(controller, u"controller.quorum.election.timeout.ms"_s), u"800"_s);
    QVERIFY(!has(controller, u"num.partitions"_s));
    const auto broker = kraftProps(spec, *layout, u"kafka-1"_s);
    QCOMPARE(valueOf(broker, u"num.partitions"_s), u"6"_s);
    QCOMPARE(valueOf(broker, u"controller.quorum.election.timeout.ms"_s), u"500"_s);
}

void TestNodeConfig::kraftFilesAndJvmArgumentsFollowTheRuntimesLogging()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ClusterSpec spec = kraftSpec(3, 1);
    auto layout = PortAllocator::allocate(spec);
    QVERIFY(layout);
    const NodeLayout node = *layout->find(u"controller-2"_s);
    const NodePaths paths{dir.path(), dir.path(), dir.path()};
    QString error;
    QVERIFY2(NodeConfig::writeFiles(spec, *layout, node, paths, &error), qPrintable(error));
    const QString props = QString::fromUtf8(readAll(dir.path() + u"/server.properties"_s));
    QCOMPARE(valuesOf(props, u"process.roles"_s), QStringList{u"controller"_s});
    QVERIFY(!QFile::exists(dir.path() + u"/zoo.cfg"_s));
    // log4j2 for 4.x with the same line layout as log4j 1's ISO8601 pattern (no 'T' between date and time).
    const QString xml = QString::fromUtf8(readAll(dir.path() + u"/log4j2.xml"_s));
    QVERIFY(xml.contains(u"pattern=\"%d{yyyy-MM-dd HH:mm:ss,SSS} %p [%c] %m%n\""_s));
    QVERIFY(QFile::exists(dir.path() + u"/log4j.properties"_s));

    Runtime v4;
    v4.kafkaVersion = u"4.4.0"_s;
    v4.libDir = u"/rt/4.4.0/libs"_s;
    const QStringList args4 = NodeConfig::jvmArguments(spec, v4, node, paths, u"/ws"_s);
    QVERIFY(args4.contains(u"-Dlog4j2.configurationFile="_s + dir.path() + u"/log4j2.xml"_s));
    QVERIFY(args4.filter(u"-Dlog4j.configuration="_s).isEmpty());
    QCOMPARE(args4.at(args4.size() - 2), u"kafka.Kafka"_s);
    QCOMPARE(args4.last(), dir.path() + u"/server.properties"_s);
    QVERIFY(args4.contains(u"-Xmx192m"_s)); // a controller holds the metadata image: more than ZooKeeper's 128
    Runtime v3;
    v3.kafkaVersion = u"3.9.2"_s;
    const QStringList args3 = NodeConfig::jvmArguments(spec, v3, node, paths, u"/ws"_s);
    QVERIFY(args3.contains(u"-Dlog4j.configuration=file:"_s + dir.path() + u"/log4j.properties"_s));

    QCOMPARE(KRaftNodeConfig::formatArguments(u"abc"_s, u"/c/server.properties"_s),
             (QStringList{u"kafka.tools.StorageTool"_s, u"format"_s, u"-t"_s, u"abc"_s, u"-c"_s,
                          u"/c/server.properties"_s}));
}

void TestNodeConfig::newClusterIdsNeverStartWithADash()
{
    // `StorageTool format -t -Xyz…` takes the id for an option: a KRaft first start failed once in 64 so.
    QSet<QString> seen;
    for (int i = 0; i < 20000; ++i) {
        const QString id = KRaftStorage::newClusterId();
        QCOMPARE(id.size(), 22); // 16 bytes, URL-safe base64 without padding, as Kafka's Uuid
        QVERIFY2(!id.startsWith(u'-'), qPrintable(id));
        seen.insert(id);
    }
    QCOMPARE(seen.size(), 20000);
}

QTEST_GUILESS_MAIN(TestNodeConfig)
#include "tst_nodeconfig.moc"
