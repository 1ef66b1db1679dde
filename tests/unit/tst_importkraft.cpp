// Import of KRaft compose files: Apache Kafka's own examples (3 controllers + 3 brokers, 3 combined nodes, both
// with `image: ${IMAGE}`), a broker built from a Dockerfile, cp-kafka and bitnami KRaft variables, and round
// trips import -> export -> import of Ensemble's own KRaft compose files. While the cluster-file validator still
// refuses KRaft (developer E makes it accept it), the import is checked without it (ImportCheck::SkipValidation).
#include "ClusterSamples.h"
#include "ClusterSpecValidator.h"
#include "ComposeExporter.h"
#include "ComposeImporter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

const QString kKRaftDir = QStringLiteral(ENSEMBLE_TEST_DATA "/compose/kraft");

// Whether the validator accepts a KRaft cluster yet.
ImportCheck check()
{
    ClusterSpec probe;
    probe.mode = ClusterMode::KRaft;
    return hasErrors(validateClusterSpec(probe)) ? ImportCheck::SkipValidation : ImportCheck::Validate;
}

ImportResult importText(const QByteArray &yaml, const QString &name = u"imported"_s)
{
    return importComposeText(yaml, name, check());
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

bool hasNote(const ImportResult &r, const QString &fragment)
{
    return std::any_of(r.notes.begin(), r.notes.end(), [&](const QString &n) { return n.contains(fragment); });
}

} // namespace

class TestImportKRaft : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void apacheIsolatedIsThreeControllersAndThreeBrokers();
    void apacheCombinedIsThreeCombinedNodes();
    void everyApacheFileHasItsCounts_data();
    void everyApacheFileHasItsCounts();
    void builtBrokerIsRecognisedByItsEnvironment();
    void confluentAndBitnamiKRaftVariables();
    void controllersWithoutBrokersCannotBeImported();
    void roundTrip_data();
    void roundTrip();
};

void TestImportKRaft::apacheIsolatedIsThreeControllersAndThreeBrokers()
{
    const ImportResult r = importText(readTestFile(kKRaftDir + u"/apache-isolated-plaintext.yml"_s), u"isolated"_s);
    QVERIFY2(r.spec, qPrintable(dump(r)));
    QVERIFY(r.spec->mode == ClusterMode::KRaft);
    QVERIFY(!r.spec->combined);
    QCOMPARE(r.spec->coordinators, 3);
    QCOMPARE(r.spec->brokers, 3);
    QCOMPARE(r.spec->brokerPortBase, 29092); // 29092, 39092, 49092: not one range, a note says so
    QVERIFY2(hasNote(r, u"host ports 29092, 39092, 49092 are not consecutive"_s), qPrintable(dump(r)));
    QVERIFY2(hasNote(r, u"CLUSTER_ID 4L6g3nShT-eMCtK--X86sw is not carried over"_s), qPrintable(dump(r)));
    // Node ids 1..3 (controllers) and 4..6 (brokers) become 101..103 and 1..3.
    QVERIFY2(hasNote(r, u"controllers controller-1, controller-2, controller-3 (node.id 1, 2, 3)"_s),
             qPrintable(dump(r)));
    QVERIFY2(hasNote(r, u"(node.id 4, 5, 6) become kafka-1..3 with node.id 1, 2, 3"_s), qPrintable(dump(r)));
    QVERIFY2(hasNote(r, u"image ${IMAGE}, which says nothing"_s), qPrintable(dump(r)));
    QCOMPARE(r.spec->brokerConfig.value(u"offsets.topic.replication.factor"_s), u"1"_s);
    QVERIFY(!r.spec->brokerConfig.contains(u"controller.quorum.voters"_s));
    QVERIFY(!r.spec->brokerConfig.contains(u"log.dirs"_s));
}

void TestImportKRaft::apacheCombinedIsThreeCombinedNodes()
{
    const ImportResult r = importText(readTestFile(kKRaftDir + u"/apache-combined-plaintext.yml"_s), u"combined"_s);
    QVERIFY2(r.spec, qPrintable(dump(r)));
    QVERIFY(r.spec->mode == ClusterMode::KRaft);
    QVERIFY(r.spec->combined);
    QCOMPARE(r.spec->coordinators, 3);
    QCOMPARE(r.spec->brokers, 0);
    QVERIFY(!hasNote(r, u"become"_s)); // node ids 1..3 are Ensemble's own
}

void TestImportKRaft::everyApacheFileHasItsCounts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("coordinators");
    QTest::addColumn<int>("brokers");
    QTest::addColumn<bool>("combined");
    QTest::newRow("isolated plaintext") << u"apache-isolated-plaintext"_s << 3 << 3 << false;
    QTest::newRow("isolated ssl") << u"apache-isolated-ssl"_s << 3 << 3 << false;
    QTest::newRow("image test isolated") << u"apache-test-isolated"_s << 3 << 3 << false;
    QTest::newRow("combined plaintext") << u"apache-combined-plaintext"_s << 3 << 0 << true;
    QTest::newRow("combined ssl") << u"apache-combined-ssl"_s << 3 << 0 << true;
    QTest::newRow("image test combined") << u"apache-test-combined"_s << 3 << 0 << true;
    QTest::newRow("single node") << u"apache-single-node"_s << 1 << 0 << true;
}

void TestImportKRaft::everyApacheFileHasItsCounts()
{
    QFETCH(QString, file);
    QFETCH(int, coordinators);
    QFETCH(int, brokers);
    QFETCH(bool, combined);
    const ImportResult r = importText(readTestFile(kKRaftDir + u'/' + file + u".yml"_s), file);
    QVERIFY2(r.spec, qPrintable(dump(r)));
    QVERIFY(r.spec->mode == ClusterMode::KRaft);
    QCOMPARE(r.spec->coordinators, coordinators);
    QCOMPARE(r.spec->brokers, brokers);
    QCOMPARE(r.spec->combined, combined);
}

void TestImportKRaft::builtBrokerIsRecognisedByItsEnvironment()
{
    const ImportResult r = importText(readTestFile(kKRaftDir + u"/built-broker-ctf-writeup.yml"_s), u"built"_s);
    QVERIFY2(r.spec, qPrintable(dump(r)));
    QVERIFY(r.spec->combined);
    QCOMPARE(r.spec->coordinators, 1);
    QCOMPARE(r.spec->brokerPortBase, 9092);
    QVERIFY2(hasNote(r, u"kafka is built from a Dockerfile"_s), qPrintable(dump(r)));
    // The other built services (backend, frontend, dns) only talk to Kafka: skipped, not brokers.
    QCOMPARE(r.skipped.size(), 4);
}

void TestImportKRaft::confluentAndBitnamiKRaftVariables()
{
    const QByteArray confluent =
        "services:\n"
        "  broker:\n    image: confluentinc/cp-kafka:7.9.6\n"
        "    ports: [\"127.0.0.1:9092:9092\"]\n"
        "    environment:\n"
        "      KAFKA_NODE_ID: 1\n"
        "      KAFKA_PROCESS_ROLES: broker,controller\n"
        "      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@broker:29093\n"
        "      KAFKA_LISTENERS: PLAINTEXT://broker:29092,CONTROLLER://broker:29093,"
        "PLAINTEXT_HOST://0.0.0.0:9092\n"
        "      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://broker:29092,PLAINTEXT_HOST://localhost:9092\n"
        "      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n"
        "      KAFKA_LOG_RETENTION_HOURS: 12\n"
        "      CLUSTER_ID: MkU3OEVBNTcwNTJENDM2Qk\n";
    const ImportResult c = importText(confluent);
    QVERIFY2(c.spec, qPrintable(dump(c)));
    QVERIFY(c.spec->combined);
    QCOMPARE(c.spec->brokerPortBase, 9092);
    QCOMPARE(c.spec->listen, u"127.0.0.1"_s);
    QCOMPARE(c.spec->brokerConfig.value(u"log.retention.hours"_s), u"12"_s);

    QByteArray bitnami;
    for (int i = 1; i <= 3; ++i)
        bitnami += QStringLiteral("  kafka-%1:\n    image: bitnami/kafka:3.9\n    environment:\n"
                                  "      - KAFKA_CFG_NODE_ID=%1\n      - KAFKA_CFG_PROCESS_ROLES=%2\n"
                                  "      - KAFKA_CFG_CONTROLLER_QUORUM_VOTERS=1@kafka-1:9093\n"
                                  "      - KAFKA_CFG_CONTROLLER_LISTENER_NAMES=CONTROLLER\n"
                                  "      - KAFKA_CFG_LISTENERS=%3\n      - KAFKA_KRAFT_CLUSTER_ID=abc\n")
                       .arg(i)
                       .arg(i == 1 ? u"controller"_s : u"broker"_s)
                       .arg(i == 1 ? u"CONTROLLER://:9093"_s : u"PLAINTEXT://:9092"_s)
                       .toUtf8();
    const ImportResult b = importText("services:\n" + bitnami);
    QVERIFY2(b.spec, qPrintable(dump(b)));
    QVERIFY(!b.spec->combined);
    QCOMPARE(b.spec->coordinators, 1);
    QCOMPARE(b.spec->brokers, 2);
    QVERIFY2(hasNote(b, u"CLUSTER_ID abc is not carried over"_s), qPrintable(dump(b)));
}

void TestImportKRaft::controllersWithoutBrokersCannotBeImported()
{
    const ImportResult r = importText("services:\n  c:\n    image: apache/kafka:4.4.0\n    environment:\n"
                                      "      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: controller\n"
                                      "      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@c:9093\n");
    QVERIFY(!r.spec);
    QVERIFY2(r.diagnostics.first().message.contains(u"all controllers"_s), qPrintable(dump(r)));
}

void TestImportKRaft::roundTrip_data()
{
    QTest::addColumn<QString>("cluster");
    QTest::newRow("3 + 3") << u"kraft-3c-3b"_s;
    QTest::newRow("combined") << u"kraft-combined-3"_s;
}

void TestImportKRaft::roundTrip()
{
    QFETCH(QString, cluster);
    const ClusterSpec spec = namedCluster(cluster);
    const QString exported = exportCompose(spec).value().first().content;
    const ImportResult back = importText(exported.toUtf8());
    QVERIFY2(back.spec, qPrintable(dump(back)));
    QCOMPARE(*back.spec, spec);
    // import -> export -> import -> export gives the same text.
    const QString again = exportCompose(*back.spec).value().first().content;
    QCOMPARE(again, exported);
    const ImportResult third = importText(again.toUtf8());
    QVERIFY(third.spec);
    QCOMPARE(*third.spec, *back.spec);
    // The Apache example too: what it imports to exports and imports to itself.
    const ImportResult apache = importText(readTestFile(kKRaftDir + u"/apache-isolated-plaintext.yml"_s), u"iso"_s);
    QVERIFY(apache.spec);
    const ImportResult reimported = importText(exportCompose(*apache.spec).value().first().content.toUtf8());
    QVERIFY2(reimported.spec, qPrintable(dump(reimported)));
    QCOMPARE(*reimported.spec, *apache.spec);
}

QTEST_GUILESS_MAIN(TestImportKRaft)
#include "tst_importkraft.moc"
