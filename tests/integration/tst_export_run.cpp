// The `properties` export runs: a 1 + 1 cluster exported with `ensemble export --format properties`, started
// as is (the exported zoo.cfg and server.properties, unchanged, from the export directory) with the JVM
// command line the engine's launcher uses. ZooKeeper must answer `srvr`, the broker must log that it started;
// both are stopped.
#include "ExportedFile.h"
#include "NodeConfig.h"
#include "PropertiesExporter.h"
#include "RuntimeLocator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

int freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

// A node JVM started by the test; stopped (SIGTERM, then SIGKILL) when it goes out of scope.
struct Node
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QString logFile; // stdout and stderr go to a file: a pipe nobody drains would stall a chatty JVM
    QByteArray output;

    QByteArray log() const
    {
        QFile f(logFile);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    ~Node() { stop(); }
    void stop()
    {
        if (process->state() == QProcess::NotRunning)
            return;
        process->terminate();
        if (!process->waitForFinished(30000)) {
            process->kill();
            process->waitForFinished(10000);
        }
    }
    bool waitForLine(const QByteArray &text, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs && process->state() != QProcess::NotRunning) {
            QTest::qWait(250);
            output = log();
            if (output.contains(text))
                return true;
        }
        output = log();
        return output.contains(text);
    }
};

QByteArray srvr(int port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(port));
    if (!socket.waitForConnected(1000))
        return {};
    socket.write("srvr");
    QByteArray answer;
    while (socket.waitForReadyRead(1000))
        answer += socket.readAll();
    return answer;
}

} // namespace

class TestExportRun : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void exportedPropertiesStartARealCluster();
};

void TestExportRun::exportedPropertiesStartARealCluster()
{
    ClusterSpec spec;
    spec.name = u"export-run"_s;
    spec.coordinators = 1;
    spec.brokers = 1;
    spec.coordinatorPortBase = freePort();
    spec.brokerPortBase = freePort();
    QVERIFY(spec.coordinatorPortBase > 0 && spec.brokerPortBase > 0);
    QVERIFY(spec.coordinatorPortBase != spec.brokerPortBase);
    auto runtime = RuntimeLocator::locate(spec);
    if (!runtime)
        QSKIP(qPrintable(runtime.error().message));

    QTemporaryDir tmp;
    const QString exportDir = tmp.filePath(u"export"_s);
    const QList<ExportedFile> files = exportProperties(spec).value();
    QVERIFY(writeExportedFiles(exportDir, files, false).ok());

    // Only what the export has no business writing lives outside it: each node's log4j config and logs.
    auto launch = [&](Node &node, const NodeLayout &layout, const QString &config) {
        const QString side = tmp.filePath(u"side/"_s + layout.name);
        QDir().mkpath(side);
        QFile log4j(side + u"/log4j.properties"_s);
        QVERIFY(log4j.open(QIODevice::WriteOnly));
        log4j.write(NodeConfig::log4jProperties(layout.kind).toUtf8());
        log4j.close();
        QStringList args =
            NodeConfig::jvmArguments(spec, runtime.value(), layout, NodePaths{side, QString(), side}, tmp.path());
        args.last() = config; // the exported file, relative to the export directory, as START-ORDER.md says
        node.process->setWorkingDirectory(exportDir);
        node.process->setProcessChannelMode(QProcess::MergedChannels);
        node.logFile = side + u"/node.log"_s;
        node.process->setStandardOutputFile(node.logFile);
        node.process->start(runtime->java, args);
        QVERIFY2(node.process->waitForStarted(10000), qPrintable(node.process->errorString()));
    };

    NodeLayout zk{spec.coordinatorName(1), NodeKind::Coordinator, 1, spec.coordinatorPortBase};
    NodeLayout kafka{spec.brokerName(1), NodeKind::Broker, 1, spec.brokerPortBase};
    Node zookeeper;
    launch(zookeeper, zk, u"zookeeper-1/zoo.cfg"_s);
    QElapsedTimer timer;
    timer.start();
    QByteArray answer;
    while (timer.elapsed() < 60000 && !answer.contains("Mode: standalone")) {
        QTest::qWait(250);
        answer = srvr(spec.coordinatorPortBase);
        QVERIFY2(zookeeper.process->state() != QProcess::NotRunning, zookeeper.log().right(4000).constData());
    }
    QVERIFY2(answer.contains("Mode: standalone"), answer.constData());

    Node broker;
    launch(broker, kafka, u"kafka-1/server.properties"_s);
    QVERIFY2(broker.waitForLine("[KafkaServer id=1] started", 120000), broker.output.right(4000).constData());

    // The relative paths in the exported files landed in the export directory.
    QVERIFY(QFile::exists(exportDir + u"/zookeeper-1/data/version-2"_s));
    QVERIFY(QFile::exists(exportDir + u"/kafka-1/data/meta.properties"_s));
    // And the exported files were used as they are.
    for (const ExportedFile &f : files) {
        QFile file(exportDir + u'/' + f.path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), f.content);
    }

    broker.stop();
    zookeeper.stop();
    QCOMPARE(broker.process->state(), QProcess::NotRunning);
    QCOMPARE(zookeeper.process->state(), QProcess::NotRunning);
}

QTEST_GUILESS_MAIN(TestExportRun)
#include "tst_export_run.moc"
