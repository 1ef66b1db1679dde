// Strimzi and KRaft exports beyond their golden text: no key Strimzi forbids reaches spec.kafka.config (what
// the user's broker_config asks for is listed in the README instead), KRaft clusters become node pools with
// Ensemble's node ids, and a KRaft compose file has one CLUSTER_ID, one voter list and healthy-waiting brokers.
// The golden files themselves are validated against Strimzi's CRD schemas by the ctest strimzi_crd_schemas.
#include "ClusterSamples.h"
#include "ComposeExporter.h"
#include "ComposeFile.h"
#include "ComposeTopology.h"
#include "KRaftLayout.h"
#include "StrimziExporter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

QString fileOf(const QList<ExportedFile> &files, const QString &path)
{
    for (const ExportedFile &f : files)
        if (f.path == path)
            return f.content;
    return {};
}

// The keys directly under "    config:" of spec.kafka in kafka.yaml.
QStringList kafkaConfigKeys(const QString &yaml)
{
    QStringList keys;
    bool inKafka = false, inConfig = false;
    for (const QString &line : yaml.split(u'\n')) {
        if (line == u"  kafka:")
            inKafka = true;
        else if (line.startsWith(u"  ") && !line.startsWith(u"   "))
            inKafka = false;
        if (inKafka && line == u"    config:") {
            inConfig = true;
            continue;
        }
        if (inConfig && line.startsWith(u"      ") && !line.startsWith(u"       "))
            keys.append(line.trimmed().section(u':', 0, 0).remove(u'"'));
        else if (inConfig)
            inConfig = false;
    }
    return keys;
}

} // namespace

class TestStrimzi : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void noForbiddenKeyInKafkaConfig_data();
    void noForbiddenKeyInKafkaConfig();
    void forbiddenUserSettingsAreLeftOutWithANote();
    void zooKeeperModeIsStrimzi045();
    void kraftBecomesNodePoolsWithEnsembleIds();
    void combinedIsOnePool();
    void kubernetesNamesAreLowerCase();
    void kraftComposeHasOneClusterIdAndVoterList();
};

void TestStrimzi::noForbiddenKeyInKafkaConfig_data()
{
    QTest::addColumn<QString>("cluster");
    for (const QString &c : {u"default"_s, u"5zk-4kafka"_s, u"kraft-3c-3b"_s, u"kraft-combined-3"_s})
        QTest::newRow(qPrintable(c)) << c;
}

void TestStrimzi::noForbiddenKeyInKafkaConfig()
{
    QFETCH(QString, cluster);
    const ClusterSpec spec = namedCluster(cluster);
    const QString kafka = fileOf(exportStrimzi(spec).value(), u"kafka.yaml"_s);
    const QStringList keys = kafkaConfigKeys(kafka);
    QVERIFY2(keys.contains(u"offsets.topic.replication.factor"_s), qPrintable(kafka));
    for (const QString &key : keys)
        QVERIFY2(!isStrimziForbiddenKafkaKey(key, spec.mode), qPrintable(key));
    for (const QString &key : {u"broker.id"_s, u"node.id"_s, u"listeners"_s, u"advertised.listeners"_s, u"log.dirs"_s,
                               u"zookeeper.connect"_s, u"process.roles"_s, u"controller.quorum.voters"_s})
        QVERIFY2(!keys.contains(key), qPrintable(key));
    if (spec.mode == ClusterMode::KRaft)
        for (const QString &key : keys)
            QVERIFY2(!key.startsWith(u"zookeeper."_s), qPrintable(key));
}

void TestStrimzi::forbiddenUserSettingsAreLeftOutWithANote()
{
    ClusterSpec spec = namedCluster(u"default"_s);
    spec.brokerConfig.insert(u"ssl.keystore.location"_s, u"/etc/ks.jks"_s);
    spec.brokerConfig.insert(u"ssl.protocol"_s, u"TLSv1.3"_s); // an exception Strimzi allows
    spec.brokerConfig.insert(u"num.partitions"_s, u"4"_s);
    const QList<ExportedFile> files = exportStrimzi(spec).value();
    const QStringList keys = kafkaConfigKeys(fileOf(files, u"kafka.yaml"_s));
    QVERIFY(!keys.contains(u"ssl.keystore.location"_s));
    QVERIFY(keys.contains(u"ssl.protocol"_s));
    QVERIFY(keys.contains(u"num.partitions"_s));
    QVERIFY(fileOf(files, u"README.md"_s).contains(u"`ssl.keystore.location` (broker setting)"_s));
}

void TestStrimzi::zooKeeperModeIsStrimzi045()
{
    const QList<ExportedFile> files = exportStrimzi(namedCluster(u"5zk-4kafka"_s)).value();
    const QString kafka = fileOf(files, u"kafka.yaml"_s);
    QVERIFY(kafka.contains(u"apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\n"_s));
    QVERIFY(kafka.contains(u"\n  zookeeper:\n    replicas: 5\n"_s));
    QVERIFY(kafka.contains(u"\n    replicas: 4\n"_s));
    QVERIFY(kafka.contains(u"\n    version: 3.9.2\n"_s));
    QVERIFY(!kafka.contains(u"KafkaNodePool"_s));
    QVERIFY(fileOf(files, u"topics.yaml"_s).contains(u"kind: KafkaTopic"_s));
    const QString readme = fileOf(files, u"README.md"_s);
    QVERIFY(readme.contains(u"--version 0.45.2"_s));
    QVERIFY(readme.indexOf(u"-f kafka.yaml"_s) < readme.indexOf(u"-f topics.yaml"_s));
}

void TestStrimzi::kraftBecomesNodePoolsWithEnsembleIds()
{
    const ClusterSpec spec = namedCluster(u"kraft-3c-3b"_s);
    const QList<ExportedFile> files = exportStrimzi(spec).value();
    const QString kafka = fileOf(files, u"kafka.yaml"_s);
    QVERIFY(kafka.contains(u"apiVersion: kafka.strimzi.io/v1\nkind: KafkaNodePool\nmetadata:\n  name: controller\n"_s));
    QVERIFY(kafka.contains(u"strimzi.io/next-node-ids: \"[101-103]\""_s));
    QVERIFY(kafka.contains(u"strimzi.io/next-node-ids: \"[1-3]\""_s));
    QVERIFY(kafka.indexOf(u"kind: KafkaNodePool"_s) < kafka.indexOf(u"kind: Kafka\n"_s));
    QVERIFY(!kafka.contains(u"zookeeper"_s));
    QVERIFY(kafka.contains(u"\n    metadataVersion: 4.3-IV0\n"_s));
    // Ensemble runs Kafka 4.4.0; Strimzi 1.2.0 knows up to 4.3.1: the README says so.
    QVERIFY(fileOf(files, u"README.md"_s).contains(u"Kafka 4.4.0: Strimzi 1.2.0 does not support it"_s));
    QVERIFY(fileOf(files, u"topics.yaml"_s).contains(u"apiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic"_s));
}

void TestStrimzi::combinedIsOnePool()
{
    const QString kafka = fileOf(exportStrimzi(namedCluster(u"kraft-combined-3"_s)).value(), u"kafka.yaml"_s);
    QCOMPARE(kafka.count(u"kind: KafkaNodePool"_s), 1);
    QVERIFY(kafka.contains(u"  roles:\n    - controller\n    - broker\n"_s));
    QVERIFY(kafka.contains(u"offsets.topic.replication.factor: 3"_s)); // sized by the combined nodes
}

void TestStrimzi::kubernetesNamesAreLowerCase()
{
    QCOMPARE(kubernetesName(u"FINANCE-STOCK-TRADING-TEST"_s), u"finance-stock-trading-test"_s);
    QCOMPARE(kubernetesName(u"my_topic."_s), u"my-topic"_s);
    const QString topics = fileOf(exportStrimzi(namedCluster(u"default"_s)).value(), u"topics.yaml"_s);
    QVERIFY(topics.contains(u"  name: finance-stock-trading-test\n"_s));
    QVERIFY(topics.contains(u"  topicName: FINANCE-STOCK-TRADING-TEST\n"_s));
}

void TestStrimzi::kraftComposeHasOneClusterIdAndVoterList()
{
    const ClusterSpec spec = namedCluster(u"kraft-3c-3b"_s);
    const ComposeFile file = *parseComposeFile(exportCompose(spec).value().first().content.toUtf8()).file;
    const ComposeTopology t = interpretCompose(file);
    QCOMPARE(t.brokers.size(), 6);
    QStringList ids;
    for (const KafkaBroker &b : t.brokers) {
        QCOMPARE(b.clusterId, kraftClusterId(spec.name));
        QCOMPARE(b.properties.value(u"controller.quorum.voters"_s),
                 u"101@controller-1:29093,102@controller-2:29093,103@controller-3:29093"_s);
        ids.append(QString::number(b.id));
        const ComposeService *s = file.service(b.service);
        QVERIFY(s->hasHealthcheck);
        QVERIFY(s->image.startsWith(u"apache/kafka:4.4.0"_s));
        if (b.isBroker()) {
            QCOMPARE(s->dependsOn.size(), 3);
            for (const ComposeDependency &d : s->dependsOn)
                QCOMPARE(d.condition, u"service_healthy"_s);
            QVERIFY(b.hostPort >= 19092 && b.hostPort <= 19094);
        }
    }
    QCOMPARE(ids.join(u','), u"101,102,103,1,2,3"_s);
    QCOMPARE(kraftClusterId(spec.name).size(), 22); // a base64url UUID, as kafka-storage random-uuid prints
}

QTEST_GUILESS_MAIN(TestStrimzi)
#include "tst_strimzi.moc"
