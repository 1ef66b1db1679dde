// Export: every format of the default cluster and of a 5 + 4 cluster against golden files in
// tests/data/golden/ (regenerate them with ENSEMBLE_UPDATE_GOLDEN=1 and read the diff), the cluster file
// round trip, and what the compose and properties files must hold whatever the golden text says.
#include "ClusterSamples.h"
#include "ClusterSpec.h"
#include "ClusterSpecWriter.h"
#include "ComposeExporter.h"
#include "ComposeFile.h"
#include "ComposeLinter.h"
#include "PropertiesExporter.h"
#include "StrimziExporter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

const QString kGolden = kGoldenDir;

QByteArray readFile(const QString &path)
{
    return readTestFile(path);
}

ClusterSpec specFrom(const QByteArray &yaml)
{
    return clusterFrom(yaml);
}

QList<ExportedFile> exportAs(const ClusterSpec &spec, const QString &format)
{
    if (format == u"compose")
        return exportCompose(spec).value();
    if (format == u"properties")
        return exportProperties(spec).value();
    if (format == u"strimzi")
        return exportStrimzi(spec).value();
    return {{u"cluster.yaml"_s,
             writeClusterSpec(spec, {u"Cluster '%1', exported by `ensemble export --format yaml`."_s.arg(spec.name)})}};
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(QDir(dir).relativeFilePath(it.next()));
    out.sort();
    return out;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void matchesGoldenFiles_data();
    void matchesGoldenFiles();
    void clusterFileRoundTripsThroughTheWriter_data();
    void clusterFileRoundTripsThroughTheWriter();
    void composeFileNamesEveryNodeAndLintsClean_data();
    void composeFileNamesEveryNodeAndLintsClean();
    void composeSplitsListenersInsideAndOutside();
    void propertiesGiveEveryServerItsOwnPorts();
    void clashingFixedPortsAreRefused();
    void projectNameIsWhatComposeAccepts();
    void cliWritesTheFilesAndWillNotOverwrite();
};

void TestExport::matchesGoldenFiles_data()
{
    QTest::addColumn<QString>("cluster");
    QTest::addColumn<QString>("format");
    for (const QString &cluster : {u"default"_s, u"5zk-4kafka"_s, u"kraft-3c-3b"_s, u"kraft-combined-3"_s})
        for (const QString &format : {u"compose"_s, u"properties"_s, u"strimzi"_s, u"yaml"_s})
            QTest::addRow("%s %s", qPrintable(cluster), qPrintable(format)) << cluster << format;
}

void TestExport::matchesGoldenFiles()
{
    QFETCH(QString, cluster);
    QFETCH(QString, format);
    const QList<ExportedFile> files = exportAs(namedCluster(cluster), format);
    const QString dir = kGolden + u'/' + cluster + u'/' + format;
    if (qEnvironmentVariableIsSet("ENSEMBLE_UPDATE_GOLDEN")) {
        QDir(dir).removeRecursively();
        QVERIFY(writeExportedFiles(dir, files, true).ok());
        QSKIP("golden files rewritten; review them with git diff");
    }
    QStringList exported;
    for (const ExportedFile &f : files) {
        exported.append(f.path);
        const QByteArray golden = readFile(dir + u'/' + f.path);
        QVERIFY2(!golden.isEmpty(),
                 qPrintable(u"no golden file %1/%2 (ENSEMBLE_UPDATE_GOLDEN=1 writes it)"_s.arg(dir, f.path)));
        QCOMPARE(f.content, QString::fromUtf8(golden));
    }
    exported.sort();
    QCOMPARE(exported, filesUnder(dir));
}

void TestExport::clusterFileRoundTripsThroughTheWriter_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("default") << defaultClusterYaml();
    QTest::newRow("5 + 4") << readFile(kGolden + u"/5zk-4kafka/input.yaml"_s);
    QTest::newRow("awkward strings") << QByteArray(
        "name: odd.name_1\ncoordinators: 1\nbrokers: 1\nlisten: 127.0.0.1\nkafka_home: \"/opt/my kafka: "
        "3.9\"\n"
        "java: '#java'\ntopics:\n  - name: t.1\n    configs: {retention.ms: '0', cleanup.policy: "
        "'compact,delete',"
        " message.timestamp.type: 'yes', x: 'a: b', y: '- z', z: ''}\n"
        "broker_config: {log.cleaner.enable: 'true', ssl.endpoint.identification.algorithm: ''}\n");
}

void TestExport::clusterFileRoundTripsThroughTheWriter()
{
    QFETCH(QByteArray, yaml);
    const ClusterSpec spec = specFrom(yaml);
    const QString written = writeClusterSpec(spec, {u"a header"_s});
    const SpecParseResult back = parseClusterSpec(written.toUtf8());
    QVERIFY2(back.spec.has_value(), qPrintable(written));
    QVERIFY2(back.diagnostics.isEmpty() || !hasErrors(back.diagnostics), qPrintable(written));
    QCOMPARE(*back.spec, spec);
    // Every key is explicit.
    for (const QString &key :
         {u"name:"_s, u"mode:"_s, u"coordinators:"_s, u"brokers:"_s, u"listen:"_s, u"ports:"_s, u"heap_mb:"_s,
          u"profile:"_s, u"kafka_home:"_s, u"java:"_s, u"topics:"_s, u"broker_config:"_s, u"coordinator_config:"_s})
        QVERIFY2(written.contains(u'\n' + key), qPrintable(key));
    // And writing it again gives the same text.
    QCOMPARE(writeClusterSpec(*back.spec, {u"a header"_s}), written);
}

void TestExport::composeFileNamesEveryNodeAndLintsClean_data()
{
    QTest::addColumn<QString>("cluster");
    QTest::newRow("default") << u"default"_s;
    QTest::newRow("5 + 4") << u"5zk-4kafka"_s;
    QTest::newRow("KRaft 3 + 3") << u"kraft-3c-3b"_s;
    QTest::newRow("KRaft combined 3") << u"kraft-combined-3"_s;
}

void TestExport::composeFileNamesEveryNodeAndLintsClean()
{
    QFETCH(QString, cluster);
    const ClusterSpec spec = namedCluster(cluster);
    const QList<ExportedFile> files = exportCompose(spec).value();
    QCOMPARE(files.size(), 2);
    QCOMPARE(files[1].path, u"README.md"_s);
    const ComposeParseResult parsed = parseComposeFile(files[0].content.toUtf8());
    QVERIFY(parsed.file.has_value());
    QStringList names;
    for (const ComposeService &s : parsed.file->services)
        names.append(s.name);
    QStringList expected;
    for (int i = 1; i <= spec.coordinators; ++i)
        expected.append(spec.coordinatorName(i));
    for (int i = 1; i <= spec.brokers; ++i)
        expected.append(spec.brokerName(i));
    if (!spec.topics.isEmpty())
        expected.append(u"create-topics"_s);
    QCOMPARE(names, expected);
    const QList<LintFinding> findings = lintCompose(*parsed.file);
    QStringList text;
    for (const LintFinding &f : findings)
        text.append(f.format(u"docker-compose.yml"_s));
    QVERIFY2(findings.isEmpty(), qPrintable(text.join(u'\n')));
    for (const ComposeService &s : parsed.file->services) {
        for (const ComposePort &p : s.ports)
            QCOMPARE(p.hostIp, u"127.0.0.1"_s);
        if (s.name != u"create-topics") {
            QVERIFY2(s.hasHealthcheck, qPrintable(s.name));
            QVERIFY2(!s.volumes.isEmpty() && !s.volumes.first().source.isEmpty(), qPrintable(s.name));
        }
    }
    QVERIFY(files[1].content.contains(u"docker compose up -d"_s));
}

void TestExport::composeSplitsListenersInsideAndOutside()
{
    const ClusterSpec spec = namedCluster(u"5zk-4kafka"_s);
    const ComposeFile file = *parseComposeFile(exportCompose(spec).value().first().content.toUtf8()).file;
    const ComposeService *kafka3 = file.service(u"kafka-3"_s);
    QVERIFY(kafka3);
    QCOMPARE(kafka3->envValue(u"KAFKA_BROKER_ID"_s), u"3"_s);
    QCOMPARE(kafka3->envValue(u"KAFKA_ADVERTISED_LISTENERS"_s),
             u"INTERNAL://kafka-3:29092,EXTERNAL://127.0.0.1:19094"_s);
    QCOMPARE(kafka3->envValue(u"KAFKA_INTER_BROKER_LISTENER_NAME"_s), u"INTERNAL"_s);
    QCOMPARE(kafka3->ports.size(), 1);
    QCOMPARE(kafka3->ports.first().published, 19094);
    QCOMPARE(kafka3->ports.first().target, 19094);
    QCOMPARE(kafka3->envValue(u"KAFKA_NUM_PARTITIONS"_s), u"4"_s); // broker_config
    QCOMPARE(kafka3->dependsOn.size(), 5);
    for (const ComposeDependency &d : kafka3->dependsOn)
        QCOMPARE(d.condition, u"service_healthy"_s);
    const ComposeService *zk5 = file.service(u"zookeeper-5"_s);
    QVERIFY(zk5);
    QCOMPARE(zk5->envValue(u"ZOOKEEPER_SERVER_ID"_s), u"5"_s);
    QCOMPARE(zk5->envValue(u"ZOOKEEPER_CLIENT_PORT"_s), u"12185"_s);
    QCOMPARE(zk5->envValue(u"ZOOKEEPER_MAX_SESSION_TIMEOUT"_s), u"30000"_s);
    QVERIFY(zk5->envValue(u"KAFKA_OPTS"_s).contains(u"-Dzookeeper.snapshot.trust.empty=true"_s));
    QCOMPARE(zk5->envValue(u"ZOOKEEPER_SERVERS"_s),
             u"zookeeper-1:2888:3888;zookeeper-2:2888:3888;zookeeper-3:2888:3888;zookeeper-4:2888:3888;"
             "zookeeper-5:2888:3888"_s);
}

void TestExport::propertiesGiveEveryServerItsOwnPorts()
{
    const ClusterSpec spec = namedCluster(u"5zk-4kafka"_s);
    const QList<ExportedFile> files = exportProperties(spec).value();
    QMap<QString, QString> byPath;
    for (const ExportedFile &f : files)
        byPath.insert(f.path, f.content);
    QSet<QString> ports;
    for (int i = 1; i <= 5; ++i) {
        const QString cfg = byPath.value(u"zookeeper-%1/zoo.cfg"_s.arg(i));
        QVERIFY2(cfg.contains(u"\nclientPort=%1\n"_s.arg(12180 + i)), qPrintable(cfg));
        QVERIFY(cfg.contains(u"\ndataDir=zookeeper-%1/data\n"_s.arg(i)));
        QVERIFY(cfg.contains(u"\nserver.%1=127.0.0.1:%2:%3\n"_s.arg(i).arg(2887 + i).arg(3887 + i)));
        QVERIFY(cfg.contains(u"\nmaxSessionTimeout=30000\n"_s));
        QCOMPARE(byPath.value(u"zookeeper-%1/data/myid"_s.arg(i)), u"%1\n"_s.arg(i));
        ports.insert(QString::number(12180 + i));
    }
    for (int i = 1; i <= 4; ++i) {
        const QString props = byPath.value(u"kafka-%1/server.properties"_s.arg(i));
        QVERIFY(props.contains(u"\nbroker.id=%1\n"_s.arg(i)));
        QVERIFY(props.contains(u"\nlisteners=PLAINTEXT://127.0.0.1:%1\n"_s.arg(19091 + i)));
        QVERIFY(props.contains(u"\nlog.dirs=kafka-%1/data\n"_s.arg(i)));
        QVERIFY(props.contains(u"\nzookeeper.connect=127.0.0.1:12181,127.0.0.1:12182,127.0.0.1:12183,127.0.0.1:"
                               "12184,127.0.0.1:12185\n"_s));
    }
    const QString start = byPath.value(u"start.sh"_s);
    QVERIFY(start.indexOf(u"zookeeper-server-start.sh zookeeper-5/zoo.cfg"_s) <
            start.indexOf(u"kafka-server-start.sh kafka-1/server.properties"_s));
    QVERIFY(start.contains(u"--topic orders --partitions 8 --replication-factor 3"_s));
    for (const ExportedFile &f : files)
        QCOMPARE(f.executable, f.path.endsWith(u".sh"_s));
    QVERIFY(byPath.contains(u"START-ORDER.md"_s));
}

void TestExport::clashingFixedPortsAreRefused()
{
    ClusterSpec spec = namedCluster(u"default"_s);
    spec.coordinatorPortBase = 2887; // zookeeper-2's client port would be zookeeper-1's quorum port 2888
    const auto files = exportProperties(spec);
    QVERIFY(!files.ok());
    QCOMPARE(files.error().kind, Error::Kind::BadInput);
    QVERIFY2(files.error().message.contains(u"2888"_s), qPrintable(files.error().message));
    QVERIFY(!exportCompose(spec).ok());
}

void TestExport::projectNameIsWhatComposeAccepts()
{
    QCOMPARE(composeProjectName(u"My.Cluster_1"_s), u"my-cluster_1"_s);
    QCOMPARE(composeProjectName(u"default"_s), u"default"_s);
    QCOMPARE(composeProjectName(u"-x"_s), u"x"_s);
}

void TestExport::cliWritesTheFilesAndWillNotOverwrite()
{
    const QString binary = QStringLiteral(ENSEMBLE_BINARY);
    if (!QFile::exists(binary))
        QSKIP("the ensemble binary is not built");
    QTemporaryDir dir;
    QProcess p;
    p.start(binary, {u"export"_s, u"--format"_s, u"properties"_s, u"-o"_s, dir.path()});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(QFile::exists(dir.filePath(u"zookeeper-3/zoo.cfg"_s)));
    QVERIFY(QFileInfo(dir.filePath(u"start.sh"_s)).isExecutable());
    p.start(binary, {u"export"_s, u"--format"_s, u"properties"_s, u"-o"_s, dir.path()});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("already exists"));
    p.start(binary, {u"export"_s, u"--format"_s, u"yaml"_s, u"-o"_s, u"-"_s});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    const SpecParseResult back = parseClusterSpec(p.readAllStandardOutput());
    QVERIFY(back.spec.has_value());
    QCOMPARE(*back.spec, namedCluster(u"default"_s));
    p.start(binary, {u"export"_s, u"--format"_s, u"zip"_s, u"-o"_s, dir.path()});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 2);
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
