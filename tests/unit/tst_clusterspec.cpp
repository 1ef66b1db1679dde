// The cluster file: the built-in default, every message the reader and the validator can give (with its
// severity, line and column), malformed YAML, and the shapes a value may take.
#include "ClusterSpec.h"
#include "ClusterSpecValidator.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

QString dump(const QList<Diagnostic> &diagnostics)
{
    QStringList lines;
    for (const Diagnostic &d : diagnostics)
        lines.append(d.format(u"cluster.yaml"_s));
    return lines.isEmpty() ? u"(no diagnostics)"_s : lines.join(u"\n  "_s);
}

QString severityName(Severity severity)
{
    return severity == Severity::Error ? u"error"_s : u"warning"_s;
}

const Diagnostic *findDiagnostic(const QList<Diagnostic> &diagnostics, const QString &fragment)
{
    for (const Diagnostic &d : diagnostics)
        if (d.message.contains(fragment))
            return &d;
    return nullptr;
}

} // namespace

class TestClusterSpec : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void defaultClusterIsThreeCoordinatorsThreeBrokersAndATradingTopic();
    void everyKeyIsRead();
    void equalityIgnoresWhereThingsWereWritten();
    void everyMessagePointsAtItsPlace_data();
    void everyMessagePointsAtItsPlace();
    void kraftClusterFilesAreValid();
    void malformedYamlIsAnErrorAtItsLine_data();
    void malformedYamlIsAnErrorAtItsLine();
    void problemsAreCollectedInFileOrder();
    void everyUnknownKeyIsReported();
    void heapIsANumberOrAMapping_data();
    void heapIsANumberOrAMapping();
    void portsSetTheFirstPortOfEachRange_data();
    void portsSetTheFirstPortOfEachRange();
    void minInsyncFromBrokerConfigIsReportedAtAPlace();
    void duplicateKeyIsAnError();
    void hugePortBaseIsOutOfRange();
    void validatorAcceptsTheDefaultSpec();
    void loadReadsAFile();
    void oversizedFileIsRefusedAtOnce();
    void loadOfAMissingFileIsAnError();
};

void TestClusterSpec::defaultClusterIsThreeCoordinatorsThreeBrokersAndATradingTopic()
{
    const QByteArray yaml = defaultClusterYaml();
    QVERIFY2(!yaml.isEmpty(), "the default cluster resource is not linked into the engine");

    const SpecParseResult result = parseClusterSpec(yaml);
    QVERIFY2(result.diagnostics.isEmpty(), qPrintable(dump(result.diagnostics)));
    QVERIFY(result.spec.has_value());
    const ClusterSpec &spec = *result.spec;
    QCOMPARE(toString(spec.mode), u"zookeeper"_s);
    QCOMPARE(spec.coordinators, 3);
    QCOMPARE(spec.brokers, 3);
    QCOMPARE(spec.listen, u"127.0.0.1"_s);
    QCOMPARE(toString(spec.profile), u"demo"_s);
    QCOMPARE(spec.coordinatorPortBase, 0);
    QCOMPARE(spec.brokerPortBase, 0);
    QCOMPARE(spec.coordinatorHeapMb, 128);
    QCOMPARE(spec.brokerHeapMb, 256);
    QCOMPARE(spec.topics.size(), 1);
    const TopicSpec &topic = spec.topics.first();
    QCOMPARE(topic.name, u"FINANCE-STOCK-TRADING-TEST"_s);
    QCOMPARE(topic.partitions, 3);
    QCOMPARE(topic.replicationFactor, 3);
    QCOMPARE(topic.configs, (QMap<QString, QString>{{u"min.insync.replicas"_s, u"2"_s}}));
}

void TestClusterSpec::everyKeyIsRead()
{
    const QByteArray yaml = R"(name: big.cluster_1
mode: zookeeper
coordinators: 5
brokers: 4
listen: 127.0.0.2
ports: {coordinator: 12181, broker: 19092}
heap_mb: {coordinator: 96, broker: 384}
profile: default
kafka_home: /opt/kafka
java: /usr/lib/jvm/java-17/bin/java
topics:
  - name: orders
    partitions: 6
    replication_factor: 3
    configs:
      retention.ms: "60000"
      min.insync.replicas: 2
  - name: audit
broker_config:
  num.network.threads: 2
coordinator_config:
  maxSessionTimeout: 30000
)";
    const SpecParseResult result = parseClusterSpec(yaml);
    QVERIFY2(result.diagnostics.isEmpty(), qPrintable(dump(result.diagnostics)));
    QVERIFY(result.spec.has_value());
    const ClusterSpec &s = *result.spec;
    QCOMPARE(s.name, u"big.cluster_1"_s);
    QCOMPARE(s.coordinators, 5);
    QCOMPARE(s.brokers, 4);
    QCOMPARE(s.listen, u"127.0.0.2"_s);
    QCOMPARE(s.coordinatorPortBase, 12181);
    QCOMPARE(s.brokerPortBase, 19092);
    QCOMPARE(s.coordinatorHeapMb, 96);
    QCOMPARE(s.brokerHeapMb, 384);
    QCOMPARE(toString(s.profile), u"default"_s);
    QCOMPARE(s.kafkaHome, u"/opt/kafka"_s);
    QCOMPARE(s.java, u"/usr/lib/jvm/java-17/bin/java"_s);
    QCOMPARE(s.topics.size(), 2);
    QCOMPARE(s.topics[0],
             (TopicSpec{u"orders"_s, 6, 3, {{u"retention.ms"_s, u"60000"_s}, {u"min.insync.replicas"_s, u"2"_s}}}));
    QCOMPARE(s.topics[1], (TopicSpec{u"audit"_s, 1, 1, {}}));
    QCOMPARE(s.brokerConfig, (QMap<QString, QString>{{u"num.network.threads"_s, u"2"_s}}));
    QCOMPARE(s.coordinatorConfig, (QMap<QString, QString>{{u"maxSessionTimeout"_s, u"30000"_s}}));
    // Marks are 1-based and point where each key was written.
    QCOMPARE(s.markOf(u"brokers"_s).line, 4);
    QCOMPARE(s.markOf(u"brokers"_s).column, 1);
    QCOMPARE(s.markOf(u"topics[1].name"_s).line, 18);
    QCOMPARE(s.markOf(u"topics[1].name"_s).column, 11);
}

void TestClusterSpec::equalityIgnoresWhereThingsWereWritten()
{
    const auto block = parseClusterSpec("brokers: 2\ntopics:\n  - name: t\n    partitions: 2\n");
    const auto flow = parseClusterSpec("{topics: [{partitions: 2, name: t}], brokers: 2}");
    const auto other = parseClusterSpec("brokers: 2\ntopics: [{name: t, partitions: 3}]\n");
    QVERIFY(block.spec && flow.spec && other.spec);
    QVERIFY(block.spec->markOf(u"topics[0].partitions"_s).line != flow.spec->markOf(u"topics[0].partitions"_s).line);
    QCOMPARE(*block.spec, *flow.spec);
    QVERIFY(!(*block.spec == *other.spec));
}

void TestClusterSpec::kraftClusterFilesAreValid()
{
    const SpecParseResult builtIn = parseClusterSpec(kraftClusterYaml());
    QVERIFY(builtIn.spec);
    QVERIFY(builtIn.diagnostics.isEmpty());
    QVERIFY(builtIn.spec->mode == ClusterMode::KRaft);
    QCOMPARE(builtIn.spec->effectiveKafkaVersion(), u"4.4.0"_s);
    QCOMPARE(builtIn.spec->coordinators, 3);
    QCOMPARE(builtIn.spec->brokers, 3);
    QCOMPARE(builtIn.spec->coordinatorName(1), u"controller-1"_s);
    QCOMPARE(builtIn.spec->topics.value(0).name, u"FINANCE-STOCK-TRADING-TEST"_s);
    // combined without brokers: the three nodes are the brokers.
    const SpecParseResult combined = parseClusterSpec("mode: kraft\ncombined: true\nkafka_version: 3.9.2\n");
    QVERIFY(combined.spec);
    QCOMPARE(combined.spec->brokers, 0);
    QCOMPARE(combined.spec->coordinatorName(2), u"kafka-2"_s);
    // Their topics are placed on the combined nodes: three replicas on three of them is no warning.
    const SpecParseResult topics =
        parseClusterSpec("mode: kraft\ncombined: true\ntopics:\n  - {name: t, partitions: 1, replication_factor: 3}\n");
    QVERIFY(topics.spec);
    QVERIFY2(topics.diagnostics.isEmpty(), qPrintable(topics.diagnostics.value(0).message));
    const SpecParseResult tooMany =
        parseClusterSpec("mode: kraft\ncombined: true\ntopics:\n  - {name: t, partitions: 1, replication_factor: 4}\n");
    QCOMPARE(tooMany.diagnostics.size(), 1);
    QVERIFY(tooMany.diagnostics.first().message.contains(u"asks for 4 replicas but the cluster has 3 brokers"_s));
}

void TestClusterSpec::everyMessagePointsAtItsPlace_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<bool>("warning");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    // Reader (ClusterSpec.cpp): the shape of the file and of each value; the place is the offending value.
    QTest::newRow("empty file") << QByteArray() << false << 0 << 0 << u"the cluster file is empty"_s;
    QTest::newRow("only a comment") << QByteArray("# nothing yet\n") << false << 0 << 0
                                    << u"the cluster file is empty"_s;
    QTest::newRow("a list") << QByteArray("- zookeeper\n- kafka\n") << false << 1 << 1
                            << u"the cluster file must be a mapping of keys to values"_s;
    QTest::newRow("a scalar") << QByteArray("just some words\n") << false << 1 << 1
                              << u"the cluster file must be a mapping"_s;
    QTest::newRow("unknown key") << QByteArray("name: demo\ncolour: blue\n") << false << 2 << 1
                                 << u"unknown key 'colour'"_s;
    QTest::newRow("unknown key, flow") << QByteArray("{name: demo, colour: blue}") << false << 1 << 14
                                       << u"unknown key 'colour'"_s;
    QTest::newRow("list for a scalar") << QByteArray("name: [a, b]\n") << false << 1 << 7
                                       << u"'name' must be a single value, not a list"_s;
    QTest::newRow("mapping for a scalar") << QByteArray("listen:\n  host: 127.0.0.1\n") << false << 2 << 3
                                          << u"'listen' must be a single value, not a mapping"_s;
    QTest::newRow("word for a number") << QByteArray("brokers: three\n") << false << 1 << 10
                                       << u"'brokers' must be a whole number, not 'three'"_s;
    QTest::newRow("fraction for a number") << QByteArray("coordinators: 2.5\n") << false << 1 << 15
                                           << u"'coordinators' must be a whole number, not '2.5'"_s;
    QTest::newRow("unknown mode") << QByteArray("mode: raft\n") << false << 1 << 7 << u"unknown mode 'raft'"_s;
    QTest::newRow("unknown profile") << QByteArray("profile: fast\n") << false << 1 << 10
                                     << u"unknown profile 'fast'"_s;
    QTest::newRow("ports not a mapping") << QByteArray("ports: 9092\n") << false << 1 << 8
                                         << u"'ports' must be a mapping"_s;
    QTest::newRow("unknown port key") << QByteArray("ports:\n  coordinator: 2181\n  admin: 8080\n") << false << 3 << 3
                                      << u"unknown key 'ports.admin'"_s;
    QTest::newRow("port not a number") << QByteArray("ports: {coordinator: 2181, broker: lots}\n") << false << 1 << 36
                                       << u"'ports.broker' must be a whole number, not 'lots'"_s;
    QTest::newRow("heap a list") << QByteArray("heap_mb: [128, 256]\n") << false << 1 << 10
                                 << u"'heap_mb' must be a number or a mapping"_s;
    QTest::newRow("unknown heap key") << QByteArray("heap_mb: {zookeeper: 128}\n") << false << 1 << 11
                                      << u"unknown key 'heap_mb.zookeeper'"_s;
    QTest::newRow("heap not a number") << QByteArray("heap_mb: {broker: big}\n") << false << 1 << 19
                                       << u"'heap_mb.broker' must be a whole number, not 'big'"_s;
    QTest::newRow("broker_config a list") << QByteArray("broker_config: [num.network.threads]\n") << false << 1 << 16
                                          << u"'broker_config' must be a mapping of property names"_s;
    QTest::newRow("coordinator_config a scalar") << QByteArray("coordinator_config: tickTime\n") << false << 1 << 21
                                                 << u"'coordinator_config' must be a mapping"_s;
    QTest::newRow("config value a list") << QByteArray("broker_config:\n  log.retention.hours: [1, 2]\n") << false << 2
                                         << 24 << u"'broker_config.log.retention.hours' must be a single value"_s;
    QTest::newRow("topics not a list") << QByteArray("topics: orders\n") << false << 1 << 9
                                       << u"'topics' must be a list"_s;
    QTest::newRow("topic not a mapping") << QByteArray("topics:\n  - orders\n") << false << 2 << 5
                                         << u"each topic must be a mapping with at least a 'name'"_s;
    QTest::newRow("unknown topic key") << QByteArray("topics:\n  - name: orders\n    partition: 3\n") << false << 3 << 5
                                       << u"unknown key 'partition' in a topic"_s;
    QTest::newRow("topic without name") << QByteArray("topics:\n  - partitions: 3\n") << false << 2 << 5
                                        << u"a topic needs a 'name'"_s;
    QTest::newRow("partitions not a number")
        << QByteArray("topics:\n  - name: orders\n    partitions: many\n") << false << 3 << 17
        << u"'topics[0].partitions' must be a whole number, not 'many'"_s;
    QTest::newRow("topic configs a list") << QByteArray("topics:\n  - name: orders\n    configs: [a]\n") << false << 3
                                          << 14 << u"'topics[0].configs' must be a mapping"_s;

    // Validator (ClusterSpecValidator.cpp): values that cannot work. A top-level key's place is the key
    // itself; a nested value's place is the value.
    QTest::newRow("name with a space") << QByteArray("brokers: 3\nname: my cluster\n") << false << 2 << 1
                                       << u"cluster name 'my cluster' is not usable as a directory name"_s;
    QTest::newRow("zookeeper on 4.x") << QByteArray("kafka_version: 4.4.0\n") << false << 1 << 1
                                      << u"Kafka 4.4.0 has no ZooKeeper mode (4.x is KRaft-only)"_s;
    QTest::newRow("kraft on 3.8") << QByteArray("mode: kraft\nkafka_version: 3.8.1\n") << false << 2 << 1
                                  << u"Ensemble runs KRaft on Kafka 3.9 and 4.x, not 3.8.1"_s;
    QTest::newRow("version not a version") << QByteArray("mode: kraft\nkafka_version: latest\n") << false << 2 << 1
                                           << u"'latest' is not a Kafka version"_s;
    QTest::newRow("combined with brokers") << QByteArray("mode: kraft\ncombined: true\nbrokers: 2\n") << false << 3 << 1
                                           << u"`combined: true` runs the 3 coordinators as brokers too, so brokers "
                                              "must be 0, not 2"_s;
    QTest::newRow("combined in zookeeper mode")
        << QByteArray("combined: true\n") << false << 1 << 1 << u"`combined: true` is a KRaft setting"_s;
    QTest::newRow("kraft keys refused") << QByteArray("mode: kraft\nbroker_config: {process.roles: broker}\n") << false
                                        << 2 << 17 << u"'process.roles' is set by Ensemble for each node"_s;
    QTest::newRow("no coordinators") << QByteArray("coordinators: 0\n") << false << 1 << 1
                                     << u"coordinators must be between 1 and 9, not 0"_s;
    QTest::newRow("too many coordinators") << QByteArray("name: x\ncoordinators: 10\n") << false << 2 << 1
                                           << u"coordinators must be between 1 and 9, not 10"_s;
    QTest::newRow("too many brokers") << QByteArray("brokers: 17\n") << false << 1 << 1
                                      << u"brokers must be between 1 and 16, not 17"_s;
    QTest::newRow("host name") << QByteArray("listen: localhost\n") << false << 1 << 1
                               << u"'localhost' is not an IPv4 address"_s;
    QTest::newRow("IPv6") << QByteArray("listen: '::1'\n") << false << 1 << 1 << u"'::1' is not an IPv4 address"_s;
    QTest::newRow("privileged port") << QByteArray("ports: {coordinator: 80}\n") << false << 1 << 22
                                     << u"port range 80-82 is outside 1024-65535"_s;
    QTest::newRow("range past 65535") << QByteArray("ports:\n  broker: 65534\n") << false << 2 << 11
                                      << u"port range 65534-65536 is outside 1024-65535"_s;
    QTest::newRow("overlapping ranges") << QByteArray("ports: {coordinator: 9091, broker: 9093}\n") << false << 1 << 36
                                        << u"broker ports 9093-9095 overlap coordinator ports 9091-9093"_s;
    QTest::newRow("tiny coordinator heap") << QByteArray("heap_mb: {coordinator: 16}\n") << false << 1 << 1
                                           << u"coordinator heap 16 MB is outside 32-32768"_s;
    QTest::newRow("huge broker heap") << QByteArray("heap_mb: {broker: 40000}\n") << false << 1 << 1
                                      << u"broker heap 40000 MB is outside 64-32768"_s;
    QTest::newRow("illegal topic name") << QByteArray("topics:\n  - name: 'orders!'\n") << false << 2 << 11
                                        << u"'orders!' is not a legal Kafka topic name"_s;
    QTest::newRow("topic listed twice") << QByteArray("topics:\n  - name: orders\n  - name: orders\n") << false << 3
                                        << 11 << u"topic 'orders' is listed twice"_s;
    QTest::newRow("no partitions") << QByteArray("topics:\n  - {name: orders, partitions: 0}\n") << false << 2 << 32
                                   << u"topic 'orders' needs 1 to 10000 partitions, not 0"_s;
    QTest::newRow("no replicas") << QByteArray("topics:\n  - {name: orders, replication_factor: 0}\n") << false << 2
                                 << 40 << u"topic 'orders' needs a replication factor of at least 1"_s;
    QTest::newRow("managed broker key") << QByteArray("broker_config: {broker.id: 7}\n") << false << 1 << 17
                                        << u"'broker.id' is set by Ensemble for each node"_s;
    QTest::newRow("server line") << QByteArray("coordinator_config:\n  server.4: 127.0.0.1:1:2\n") << false << 2 << 3
                                 << u"'server.4' is set by Ensemble for each node"_s;
    QTest::newRow("managed coordinator key") << QByteArray("coordinator_config:\n  dataDir: /tmp/zk\n") << false << 2
                                             << 3 << u"'dataDir' is set by Ensemble for each node"_s;

    // Validator warnings: the file is usable, but risky.
    QTest::newRow("even coordinators")
        << QByteArray("coordinators: 4\n") << true << 1 << 1
        << u"an even number of ZooKeeper servers (4) tolerates no more failures than 3"_s;
    QTest::newRow("even controllers") << QByteArray("mode: kraft\ncoordinators: 2\n") << true << 2 << 1
                                      << u"an even number of KRaft controllers (2) tolerates no more failures than 1"_s;
    QTest::newRow("all interfaces") << QByteArray("listen: 0.0.0.0\n") << true << 1 << 1
                                    << u"listening on 0.0.0.0 exposes every node to the whole network"_s;
    QTest::newRow("LAN address") << QByteArray("listen: 192.168.1.10\n") << true << 1 << 1
                                 << u"nodes will listen on 192.168.1.10, reachable from outside this machine"_s;
    QTest::newRow("small broker heap") << QByteArray("heap_mb: {broker: 128}\n") << true << 1 << 1
                                       << u"a broker heap of 128 MB may run out of memory under load"_s;
    QTest::newRow("more replicas than brokers")
        << QByteArray("brokers: 2\ntopics:\n  - {name: orders, replication_factor: 3}\n") << true << 3 << 40
        << u"topic 'orders' asks for 3 replicas but the cluster has 2 brokers"_s;
    QTest::newRow("min.insync = replicas")
        << QByteArray("topics:\n  - name: orders\n    replication_factor: 2\n    configs:\n"
                      "      min.insync.replicas: 2\n")
        << true << 5 << 7 << u"topic 'orders' has min.insync.replicas=2 with replication factor 2"_s;
}

void TestClusterSpec::everyMessagePointsAtItsPlace()
{
    QFETCH(QByteArray, yaml);
    QFETCH(bool, warning);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    const SpecParseResult result = parseClusterSpec(yaml);
    const Diagnostic *d = findDiagnostic(result.diagnostics, message);
    QVERIFY2(d, qPrintable(u"no diagnostic says \"%1\"; got:\n  %2"_s.arg(message, dump(result.diagnostics))));
    QCOMPARE(severityName(d->severity), warning ? u"warning"_s : u"error"_s);
    QCOMPARE(d->line, line);
    QCOMPARE(d->column, column);
    // A file with an error gives no spec; a file with only warnings gives one.
    QCOMPARE(result.spec.has_value(), warning);
}

void TestClusterSpec::malformedYamlIsAnErrorAtItsLine_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    QTest::newRow("indented key") << QByteArray("name: demo\nbrokers: 3\n  coordinators: 3\n") << 3 << 15;
    QTest::newRow("topic key out of line") << QByteArray("topics:\n  - name: orders\n   partitions: 3\n") << 3 << 4;
    // yaml-cpp notices an unclosed flow collection where the next key's ':' appears, or at the end of the
    // file.
    QTest::newRow("unclosed bracket") << QByteArray("name: demo\ntopics: [orders, audit\nbrokers: 3\n") << 3 << 8;
    QTest::newRow("unclosed brace") << QByteArray("ports: {coordinator: 2181\n") << 2 << 1;
    QTest::newRow("tab indentation") << QByteArray("ports:\n\tcoordinator: 2181\n") << 2 << 13;
}

void TestClusterSpec::malformedYamlIsAnErrorAtItsLine()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);

    const SpecParseResult result = parseClusterSpec(yaml);
    QVERIFY(!result.spec.has_value());
    QCOMPARE(result.diagnostics.size(), 1);
    const Diagnostic &d = result.diagnostics.first();
    QVERIFY2(d.message.startsWith(u"not valid YAML: "_s), qPrintable(d.message));
    QVERIFY(d.message.size() > 16); // yaml-cpp's own words follow
    QCOMPARE(severityName(d.severity), u"error"_s);
    QCOMPARE(d.line, line);
    QCOMPARE(d.column, column);
}

void TestClusterSpec::problemsAreCollectedInFileOrder()
{
    // The validator checks name, then counts, then topics; the user reads them top to bottom.
    const SpecParseResult result =
        parseClusterSpec("topics:\n  - {name: 'a b'}\nbrokers: 17\nname: 'x y'\nlisten: 0.0.0.0\n");
    QVERIFY(!result.spec);
    QCOMPARE(result.diagnostics.size(), 4);
    QList<int> lines;
    for (const Diagnostic &d : result.diagnostics)
        lines.append(d.line);
    QCOMPARE(lines, (QList<int>{2, 3, 4, 5}));
    QCOMPARE(severityName(result.diagnostics[3].severity), u"warning"_s);
}

void TestClusterSpec::everyUnknownKeyIsReported()
{
    const SpecParseResult result = parseClusterSpec("colour: blue\nbrokers: 3\nsize: big\n");
    QVERIFY(!result.spec);
    QCOMPARE(result.diagnostics.size(), 2);
    QCOMPARE(result.diagnostics[0].message, u"unknown key 'colour'"_s);
    QCOMPARE(result.diagnostics[0].line, 1);
    QCOMPARE(result.diagnostics[1].message, u"unknown key 'size'"_s);
    QCOMPARE(result.diagnostics[1].line, 3);
    QVERIFY2(result.diagnostics[1].hint.contains(u"broker_config"_s), "the hint lists the allowed keys");
}

void TestClusterSpec::heapIsANumberOrAMapping_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("coordinatorHeap");
    QTest::addColumn<int>("brokerHeap");
    QTest::addColumn<bool>("warned");

    // One number is the broker's heap; ZooKeeper never needs more than 128 MB.
    QTest::newRow("number") << QByteArray("heap_mb: 512\n") << 128 << 512 << false;
    QTest::newRow("small number") << QByteArray("heap_mb: 100\n") << 100 << 100 << true;
    QTest::newRow("mapping") << QByteArray("heap_mb: {coordinator: 64, broker: 300}\n") << 64 << 300 << false;
    QTest::newRow("broker only") << QByteArray("heap_mb:\n  broker: 1024\n") << 128 << 1024 << false;
    QTest::newRow("left out") << QByteArray("name: x\n") << 128 << 256 << false;
    QTest::newRow("empty value") << QByteArray("heap_mb:\n") << 128 << 256 << false;
}

void TestClusterSpec::heapIsANumberOrAMapping()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, coordinatorHeap);
    QFETCH(int, brokerHeap);
    QFETCH(bool, warned);

    const SpecParseResult result = parseClusterSpec(yaml);
    QVERIFY2(result.spec, qPrintable(dump(result.diagnostics)));
    QCOMPARE(result.spec->coordinatorHeapMb, coordinatorHeap);
    QCOMPARE(result.spec->brokerHeapMb, brokerHeap);
    QCOMPARE(findDiagnostic(result.diagnostics, u"may run out of memory"_s) != nullptr, warned);
}

void TestClusterSpec::portsSetTheFirstPortOfEachRange_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("coordinatorBase");
    QTest::addColumn<int>("brokerBase");

    QTest::newRow("both") << QByteArray("ports: {coordinator: 2181, broker: 9092}\n") << 2181 << 9092;
    QTest::newRow("brokers only") << QByteArray("ports:\n  broker: 19092\n") << 0 << 19092;
    QTest::newRow("left out: free ports") << QByteArray("name: x\n") << 0 << 0;
    QTest::newRow("adjacent ranges") << QByteArray("ports: {coordinator: 9089, broker: 9092}\n") << 9089 << 9092;
}

void TestClusterSpec::portsSetTheFirstPortOfEachRange()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, coordinatorBase);
    QFETCH(int, brokerBase);

    const SpecParseResult result = parseClusterSpec(yaml);
    QVERIFY2(result.spec, qPrintable(dump(result.diagnostics)));
    QVERIFY2(result.diagnostics.isEmpty(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(result.spec->coordinatorPortBase, coordinatorBase);
    QCOMPARE(result.spec->brokerPortBase, brokerBase);
}

void TestClusterSpec::minInsyncFromBrokerConfigIsReportedAtAPlace()
{
    // min.insync.replicas may come from broker_config rather than the topic's own configs.
    const SpecParseResult result = parseClusterSpec(
        "broker_config:\n  min.insync.replicas: 3\ntopics:\n  - {name: orders, replication_factor: 3}\n");
    const Diagnostic *d = findDiagnostic(result.diagnostics, u"has min.insync.replicas=3 with replication factor 3"_s);
    QVERIFY2(d, qPrintable(dump(result.diagnostics)));
    QCOMPARE(severityName(d->severity), u"warning"_s);
    // Reported at the topic (line 4), the closest place the file wrote.
    QCOMPARE(d->line, 4);
}

void TestClusterSpec::hugePortBaseIsOutOfRange()
{
    const SpecParseResult result = parseClusterSpec("ports: {coordinator: 2147483647}\n");
    QVERIFY(!result.spec);
    const Diagnostic *d =
        findDiagnostic(result.diagnostics, u"port range 2147483647-2147483649 is outside 1024-65535"_s);
    QVERIFY2(d, qPrintable(dump(result.diagnostics)));
}

void TestClusterSpec::duplicateKeyIsAnError()
{
    // YAML forbids duplicate keys but yaml-cpp accepts them and root["brokers"] returns the first one, so a
    // `brokers: 5` added at the bottom of a file would be ignored without a word.
    const SpecParseResult result = parseClusterSpec("brokers: 3\nname: x\nbrokers: 5\n");
    QVERIFY2(!result.spec,
             qPrintable(u"spec accepted with brokers = %1"_s.arg(result.spec ? result.spec->brokers : 0)));
    QCOMPARE(result.diagnostics.first().line, 3);
}

void TestClusterSpec::validatorAcceptsTheDefaultSpec()
{
    // A spec built in code (not from a file) validates too; without marks, its diagnostics have no place.
    ClusterSpec spec;
    QVERIFY2(validateClusterSpec(spec).isEmpty(), qPrintable(dump(validateClusterSpec(spec))));
    spec.brokers = 0;
    const QList<Diagnostic> diagnostics = validateClusterSpec(spec);
    QCOMPARE(diagnostics.size(), 1);
    QCOMPARE(diagnostics.first().message, u"brokers must be between 1 and 16, not 0"_s);
    QCOMPARE(diagnostics.first().line, 0);
}

void TestClusterSpec::loadReadsAFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"cluster.yaml"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("name: from-disk\nbrokers: 1\ncoordinators: 1\n");
    file.close();

    const SpecParseResult result = loadClusterSpec(path);
    QVERIFY2(result.spec, qPrintable(dump(result.diagnostics)));
    QCOMPARE(result.spec->name, u"from-disk"_s);
    QCOMPARE(result.spec->brokers, 1);
    QCOMPARE(result.spec->coordinators, 1);
}

void TestClusterSpec::loadOfAMissingFileIsAnError()
{
    QTemporaryDir dir;
    const SpecParseResult result = loadClusterSpec(dir.filePath(u"no-such.yaml"_s));
    QVERIFY(!result.spec);
    QCOMPARE(result.diagnostics.size(), 1);
    QCOMPARE(severityName(result.diagnostics.first().severity), u"error"_s);
    QVERIFY2(result.diagnostics.first().message.startsWith(u"cannot read the cluster file: "_s),
             qPrintable(result.diagnostics.first().message));
    QCOMPARE(result.diagnostics.first().line, 0);
}

void TestClusterSpec::oversizedFileIsRefusedAtOnce()
{
    // 200,000 topics (9 MB): refused at once with what to check, not parsed into gigabytes of YAML nodes.
    QByteArray big = "topics:\n";
    for (int i = 0; big.size() <= 9'000'000; ++i)
        big += "  - {name: t" + QByteArray::number(i) + ", partitions: 1, replication_factor: 1}\n";
    QElapsedTimer timer;
    timer.start();
    const SpecParseResult r = parseClusterSpec(big);
    QVERIFY(!r.spec);
    QCOMPARE(r.diagnostics.size(), 1);
    const Diagnostic &d = r.diagnostics.first();
    QVERIFY2(d.message.startsWith(u"the cluster file is 8.6 MiB; at most 4 MiB of a cluster file is read"_s),
             qPrintable(d.message));
    QVERIFY(d.hint.contains(u"right file"_s));
    QVERIFY(timer.elapsed() < 2000);
}

QTEST_GUILESS_MAIN(TestClusterSpec)
#include "tst_clusterspec.moc"
