// Import: docker-compose files of the common image families become cluster files — the blog's 3 + 3 file, a
// Confluent, a bitnami and an official-zookeeper/apache-kafka shape (tests/data/compose/) — malformed YAML is
// refused with its line, and import(export(cluster)) gives the cluster back.
#include "ClusterSpec.h"
#include "ComposeExporter.h"
#include "ComposeImporter.h"
#include "ComposeSamples.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

ImportResult importFile(const QString &path)
{
    return importComposeText(readFile(path), QFileInfo(path).completeBaseName());
}

QString dump(const ImportResult &r)
{
    QStringList lines;
    for (const Diagnostic &d : r.diagnostics)
        lines.append(d.format(u"compose"_s));
    for (const QString &n : r.notes)
        lines.append(u"note: "_s + n);
    return lines.join(u"\n  "_s);
}

ClusterSpec imported(const QString &path)
{
    const ImportResult r = importFile(path);
    if (!r.spec)
        qWarning("%s", qPrintable(dump(r)));
    return r.spec.value_or(ClusterSpec{});
}

ClusterSpec specFrom(const QByteArray &yaml)
{
    const SpecParseResult r = parseClusterSpec(yaml);
    if (!r.spec)
        qFatal("test cluster file is not valid");
    return *r.spec;
}

bool hasNote(const ImportResult &r, const QString &fragment)
{
    return std::any_of(r.notes.begin(), r.notes.end(), [&](const QString &n) { return n.contains(fragment); });
}

} // namespace

class TestImport : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void blogFileIsThreePlusThreeWithItsTopic();
    void oversizedComposeFileIsRefusedAtOnce();
    void confluentShape();
    void bitnamiShapeWithListEnvironment();
    void officialZooKeeperAndApacheKafkaShape();
    void environmentAsMapOrListReadsTheSame();
    void unknownServicesAreSkippedNotErrors();
    void malformedYamlIsRefusedWithItsLine();
    void withoutBrokersThereIsNothingToImportAndKRaftIsImported();
    void importOfExportIsTheSameCluster_data();
    void importOfExportIsTheSameCluster();
    void exportOfAnImportedFileIsStable_data();
    void exportOfAnImportedFileIsStable();
    void cliImportsTheBlogFile();
};

void TestImport::blogFileIsThreePlusThreeWithItsTopic()
{
    const ImportResult r = importFile(blogPath());
    QVERIFY2(r.spec.has_value(), qPrintable(dump(r)));
    const ClusterSpec &spec = *r.spec;
    QCOMPARE(spec.name, u"blog-3zk-3kafka-compose"_s);
    QCOMPARE(toString(spec.mode), u"zookeeper"_s);
    QCOMPARE(spec.coordinators, 3);
    QCOMPARE(spec.brokers, 3);
    QCOMPARE(spec.coordinatorPortBase, 2181); // 2181, 2182, 2183 as the file publishes them
    QCOMPARE(spec.brokerPortBase, 9092);      // the OUTSIDE listeners: localhost:9092..9094
    QCOMPARE(spec.listen, u"127.0.0.1"_s);
    QCOMPARE(toString(spec.profile), u"demo"_s);
    QCOMPARE(spec.topics.size(), 1); // declared on every broker, imported once
    QCOMPARE(spec.topics.first().name, u"FINANCE-STOCK-TRADING-TEST"_s);
    QCOMPARE(spec.topics.first().partitions, 1);
    QCOMPARE(spec.topics.first().replicationFactor, 1);
    // KAFKA_LOG4J_LOGGERS is logging plumbing, KAFKA_LOG_DIRS / listeners / ids are Ensemble's to set.
    QVERIFY2(spec.brokerConfig.isEmpty(), qPrintable(QStringList(spec.brokerConfig.keys()).join(u", "_s)));
    QVERIFY(spec.coordinatorConfig.isEmpty());
    QVERIFY(r.skipped.isEmpty());
    QVERIFY2(hasNote(r, u"wurstmeister/zookeeper, which ignores its environment"_s), qPrintable(dump(r)));
    QVERIFY2(hasNote(r, u"every network interface"_s), qPrintable(dump(r)));
    QVERIFY(hasNote(r, u"INSIDE, OUTSIDE"_s));
}

void TestImport::confluentShape()
{
    const ImportResult r = importFile(kCompose + u"/confluent-3zk-3kafka.yml"_s);
    QVERIFY2(r.spec.has_value(), qPrintable(dump(r)));
    const ClusterSpec &spec = *r.spec;
    QCOMPARE(spec.name, u"payments"_s); // the compose project name
    QCOMPARE(spec.coordinators, 3);
    QCOMPARE(spec.brokers, 3);
    QCOMPARE(spec.coordinatorPortBase, 22181); // host side of 127.0.0.1:22181:2181
    QCOMPARE(spec.brokerPortBase, 19092);
    QCOMPARE(spec.brokerHeapMb, 512);
    QCOMPARE(toString(spec.profile), u"default"_s); // tickTime 2000
    const QMap<QString, QString> expected{{u"log.retention.hours"_s, u"72"_s}, {u"num.partitions"_s, u"6"_s}};
    QCOMPARE(spec.brokerConfig, expected);
    QVERIFY(spec.coordinatorConfig.isEmpty());
    QCOMPARE(spec.topics.size(), 3);
    QCOMPARE(spec.topics[0].name, u"audit"_s); // KAFKA_CREATE_TOPICS on broker-c (which cp-kafka ignores)
    QCOMPARE(spec.topics[1].name, u"payments"_s);
    QCOMPARE(spec.topics[1].partitions, 6);
    QCOMPARE(spec.topics[1].replicationFactor, 3);
    QCOMPARE(spec.topics[1].configs.value(u"min.insync.replicas"_s), u"2"_s);
    QCOMPARE(spec.topics[2].name, u"payments-dlq"_s);
    QCOMPARE(spec.topics[2].configs.value(u"retention.ms"_s), u"604800000"_s);
    QCOMPARE(r.skipped.size(), 2);
    QVERIFY(r.skipped[0].startsWith(u"schema-registry"_s));
    QVERIFY(r.skipped[1].startsWith(u"akhq"_s));
    QVERIFY2(hasNote(r, u"broker.id 101, 102, 103"_s), qPrintable(dump(r)));
    QVERIFY2(hasNote(r, u"topic audit comes from KAFKA_CREATE_TOPICS"_s), qPrintable(dump(r)));
}

void TestImport::bitnamiShapeWithListEnvironment()
{
    const ImportResult r = importFile(kCompose + u"/bitnami-2zk-2kafka.yml"_s);
    QVERIFY2(r.spec.has_value(), qPrintable(dump(r)));
    const ClusterSpec &spec = *r.spec;
    QCOMPARE(spec.name, u"bitnami-2zk-2kafka"_s); // no `name:`: the file name
    QCOMPARE(spec.coordinators, 2);
    QCOMPARE(spec.brokers, 2);
    QCOMPARE(spec.coordinatorPortBase, 2181);
    QCOMPARE(spec.brokerPortBase, 9092);
    QCOMPARE(spec.coordinatorHeapMb, 256); // ZOO_HEAP_SIZE
    QCOMPARE(toString(spec.profile), u"default"_s);
    // KAFKA_CFG_* are properties; KAFKA_LOG_RETENTION_MS is not read by bitnami/kafka, so not imported.
    const QMap<QString, QString> expected{{u"auto.create.topics.enable"_s, u"true"_s},
                                          {u"compression.type"_s, u"lz4"_s}};
    QCOMPARE(spec.brokerConfig, expected);
    QVERIFY(spec.topics.isEmpty());
}

void TestImport::officialZooKeeperAndApacheKafkaShape()
{
    const ImportResult r = importFile(kCompose + u"/official-zk-apache-kafka.yml"_s);
    QVERIFY2(r.spec.has_value(), qPrintable(dump(r)));
    const ClusterSpec &spec = *r.spec;
    QCOMPARE(spec.coordinators, 3);
    QCOMPARE(spec.brokers, 1);
    QCOMPARE(spec.coordinatorPortBase, 2181);
    QCOMPARE(spec.brokerPortBase, 9092);
    QCOMPARE(toString(spec.profile), u"demo"_s);
    // offsets.topic.replication.factor=1 is what Ensemble sets for one broker anyway.
    const QMap<QString, QString> expected{{u"log.segment.bytes"_s, u"104857600"_s},
                                          {u"message.max.bytes"_s, u"2097152"_s}};
    QCOMPARE(spec.brokerConfig, expected);
    QVERIFY(spec.coordinatorConfig.isEmpty()); // the 4lw whitelist stays Ensemble's
    QVERIFY2(hasNote(r, u"4lw.commands.whitelist=srvr,mntr,ruok is left out"_s), qPrintable(dump(r)));
}

void TestImport::environmentAsMapOrListReadsTheSame()
{
    const QByteArray map = R"(services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    ports: ["127.0.0.1:2300:2181"]
    environment:
      ZOOKEEPER_CLIENT_PORT: 2181
      ZOOKEEPER_TICK_TIME: 500
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports: ["127.0.0.1:9300:9300"]
    environment:
      KAFKA_BROKER_ID: "7"
      KAFKA_ZOOKEEPER_CONNECT: zk:2181
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9300
      KAFKA_LOG_RETENTION_MS: 1000
      KAFKA_CONFLUENT_SUPPORT_METRICS___ENABLE: "false"
)";
    const QByteArray list = R"(services:
  zk:
    image: confluentinc/cp-zookeeper:7.9.6
    ports: ["127.0.0.1:2300:2181"]
    environment:
      - ZOOKEEPER_CLIENT_PORT=2181
      - ZOOKEEPER_TICK_TIME=500
  kafka:
    image: confluentinc/cp-kafka:7.9.6
    ports: ["127.0.0.1:9300:9300"]
    environment:
      - KAFKA_BROKER_ID=7
      - KAFKA_ZOOKEEPER_CONNECT=zk:2181
      - KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://localhost:9300
      - KAFKA_LOG_RETENTION_MS=1000
      - KAFKA_CONFLUENT_SUPPORT_METRICS___ENABLE=false
)";
    const ImportResult a = importComposeText(map, u"shape"_s);
    const ImportResult b = importComposeText(list, u"shape"_s);
    QVERIFY2(a.spec.has_value(), qPrintable(dump(a)));
    QVERIFY2(b.spec.has_value(), qPrintable(dump(b)));
    QCOMPARE(*a.spec, *b.spec);
    QCOMPARE(a.spec->coordinatorPortBase, 2300);
    QCOMPARE(a.spec->brokerPortBase, 9300);
    QCOMPARE(toString(a.spec->profile), u"demo"_s); // tickTime 500
    QCOMPARE(a.spec->brokerConfig.value(u"log.retention.ms"_s), u"1000"_s);
    // cp-kafka's naming: ___ is '-', __ is '_', _ is '.'
    QCOMPARE(a.spec->brokerConfig.value(u"confluent.support.metrics-enable"_s), u"false"_s);
}

void TestImport::unknownServicesAreSkippedNotErrors()
{
    const QByteArray yaml = R"(services:
  zookeeper: {image: "zookeeper:3.8"}
  kafka:
    image: wurstmeister/kafka:2.13-2.8.1
    environment: {KAFKA_ZOOKEEPER_CONNECT: "zookeeper:2181", KAFKA_BROKER_ID: "1"}
  ui: {image: "provectuslabs/kafka-ui:latest"}
  app: {build: .}
)";
    const ImportResult r = importComposeText(yaml, u"x"_s);
    QVERIFY2(r.spec.has_value(), qPrintable(dump(r)));
    QCOMPARE(r.skipped.size(), 2);
    QVERIFY(r.skipped[0].startsWith(u"ui (provectuslabs/kafka-ui:latest)"_s));
    QVERIFY(r.skipped[1].contains(u"built from a Dockerfile"_s));
    QCOMPARE(r.spec->brokerPortBase, 0); // nothing published: free ports
}

void TestImport::malformedYamlIsRefusedWithItsLine()
{
    const ImportResult r = importFile(kCompose + u"/malformed.yml"_s);
    QVERIFY(!r.spec.has_value());
    QCOMPARE(r.diagnostics.size(), 1);
    QCOMPARE(r.diagnostics.first().severity, Severity::Error);
    QCOMPARE(r.diagnostics.first().line, 9); // the unclosed flow list opened on line 8 ends here
    QVERIFY(r.diagnostics.first().column > 0);
    QVERIFY(r.diagnostics.first().message.startsWith(u"not valid YAML"_s));

    const ImportResult tabs = importComposeText("services:\n  zk:\n\timage: zookeeper\n", u"x"_s);
    QVERIFY(!tabs.spec.has_value());
    QCOMPARE(tabs.diagnostics.first().line, 3);
}

void TestImport::withoutBrokersThereIsNothingToImportAndKRaftIsImported()
{
    const ImportResult none = importComposeText("services:\n  zk: {image: zookeeper}\n", u"x"_s);
    QVERIFY(!none.spec.has_value());
    QVERIFY(none.diagnostics.first().message.contains(u"no Kafka broker"_s));
    const ImportResult kraft = importComposeText(
        "services:\n  kafka:\n    image: apache/kafka:3.9.1\n    environment:\n      KAFKA_PROCESS_ROLES: "
        "broker,controller\n      KAFKA_NODE_ID: 1\n",
        u"x"_s);
    // A KRaft service is imported now (tst_importkraft covers it in depth): one combined node.
    QVERIFY(kraft.spec.has_value());
    QVERIFY(kraft.spec->mode == ClusterMode::KRaft);
    QVERIFY(kraft.spec->combined);
    QCOMPARE(kraft.spec->coordinators, 1);
    const ImportResult notCompose = importComposeText("name: x\nbrokers: 3\n", u"x"_s);
    QVERIFY(!notCompose.spec.has_value());
    QVERIFY(notCompose.diagnostics.first().message.contains(u"services"_s));
}

void TestImport::importOfExportIsTheSameCluster_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("default (free ports)") << defaultClusterYaml();
    QTest::newRow("5 + 4") << readFile(QStringLiteral(ENSEMBLE_TEST_DATA "/golden/5zk-4kafka/input.yaml"));
    QTest::newRow("1 + 1, fixed ports, runtime paths")
        << QByteArray("name: Solo.1\ncoordinators: 1\nbrokers: 1\nports: {coordinator: 3181, broker: 10092}\n"
                      "kafka_home: /opt/kafka_2.13-3.9.1\njava: /usr/lib/jvm/java-17/bin/java\n"
                      "broker_config: {auto.create.topics.enable: 'true', message.max.bytes: 3000000}\n");
    QTest::newRow("only broker ports fixed, demo, big heaps")
        << QByteArray("name: mixed\ncoordinators: 3\nbrokers: 2\nports: {broker: 29192}\nheap_mb: {coordinator: 64, "
                      "broker: 1024}\ncoordinator_config: {tickTime: 250, maxSessionTimeout: 8000}\n"
                      "topics: [{name: a, partitions: 2, replication_factor: 2, configs: {retention.ms: 1}}]\n");
}

void TestImport::importOfExportIsTheSameCluster()
{
    QFETCH(QByteArray, yaml);
    const ClusterSpec spec = specFrom(yaml);
    const QString compose = exportCompose(spec).value().first().content;
    const ImportResult r = importComposeText(compose.toUtf8(), u"whatever"_s);
    QVERIFY2(r.spec.has_value(), qPrintable(dump(r)));
    QCOMPARE(r.spec->name, spec.name);
    QCOMPARE(r.spec->coordinatorPortBase, spec.coordinatorPortBase);
    QCOMPARE(r.spec->brokerPortBase, spec.brokerPortBase);
    QCOMPARE(r.spec->coordinatorHeapMb, spec.coordinatorHeapMb);
    QCOMPARE(r.spec->brokerHeapMb, spec.brokerHeapMb);
    QCOMPARE(toString(r.spec->profile), toString(spec.profile));
    QCOMPARE(r.spec->topics, spec.topics);
    QCOMPARE(r.spec->brokerConfig, spec.brokerConfig);
    QCOMPARE(r.spec->coordinatorConfig, spec.coordinatorConfig);
    QCOMPARE(*r.spec, spec);
}

void TestImport::exportOfAnImportedFileIsStable_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("blog") << blogPath();
    for (const QString &name :
         {u"confluent-3zk-3kafka"_s, u"bitnami-2zk-2kafka"_s, u"official-zk-apache-kafka"_s, u"mistakes"_s})
        QTest::newRow(qPrintable(name)) << kCompose + u'/' + name + u".yml"_s;
}

void TestImport::exportOfAnImportedFileIsStable()
{
    QFETCH(QString, path);
    const ClusterSpec first = imported(path);
    QVERIFY(first.brokers > 0);
    const QString compose = exportCompose(first).value().first().content;
    const ImportResult again = importComposeText(compose.toUtf8(), u"other-name"_s);
    QVERIFY2(again.spec.has_value(), qPrintable(dump(again)));
    QCOMPARE(*again.spec, first);
    QCOMPARE(exportCompose(*again.spec).value().first().content, compose);
}

void TestImport::cliImportsTheBlogFile()
{
    const QString binary = QStringLiteral(ENSEMBLE_BINARY);
    if (!QFile::exists(binary))
        QSKIP("the ensemble binary is not built");
    QTemporaryDir dir;
    const QString out = dir.filePath(u"blog.yaml"_s);
    QProcess p;
    p.start(binary, {u"import"_s, blogPath(), u"-o"_s, out});
    QVERIFY(p.waitForFinished(30000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0, qPrintable(text));
    QVERIFY2(text.contains(u"3 ZooKeeper, 3 Kafka, 1 topic(s)"_s), qPrintable(text));
    const SpecParseResult back = loadClusterSpec(out);
    QVERIFY(back.spec.has_value());
    QCOMPARE(*back.spec, imported(blogPath()));

    p.start(binary, {u"import"_s, kCompose + u"/malformed.yml"_s, u"-o"_s, dir.filePath(u"x.yaml"_s)});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("malformed.yml:9:"));
    QVERIFY(!QFile::exists(dir.filePath(u"x.yaml"_s)));
}

void TestImport::oversizedComposeFileIsRefusedAtOnce()
{
    // A compose file with 350,000 environment variables (8.5 MB) took 456 MB and 33 s before import refused it.
    QByteArray big = "services:\n  kafka:\n    image: apache/kafka:3.9.2\n    environment:\n";
    for (int i = 0; big.size() <= 8'500'000; ++i)
        big += "      X_" + QByteArray::number(i) + ": \"" + QByteArray::number(i) + "\"\n";
    QElapsedTimer timer;
    timer.start();
    const ImportResult r = importComposeText(big, u"big"_s);
    QVERIFY(!r.spec);
    QVERIFY2(dump(r).contains(u"the compose file is 8.1 MiB; at most 4 MiB of a compose file is read"_s),
             qPrintable(dump(r)));
    QVERIFY(timer.elapsed() < 2000);
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
