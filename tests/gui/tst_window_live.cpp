// The window with a real cluster (1 ZooKeeper + 1 Kafka): it starts, shows the nodes up with their roles, the
// `ensemble status` of another process sees it, a screenshot is written, and every node stops.
#include "CliRunner.h"
#include "ClusterFeed.h"
#include "DrillPanel.h"
#include "ExitWatchdog.h"
#include "MainWindow.h"
#include "NodeItem.h"
#include "PartitionModel.h"
#include "ProduceForm.h"
#include "RecordedRun.h"
#include "TopologyScene.h"
#include "TopologyView.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;
using namespace ensemble::ui;

namespace {
const QByteArray kSmallCluster = R"(name: gui-small
coordinators: 1
brokers: 1
topics: [{name: t, partitions: 2, replication_factor: 1}]
)";
} // namespace

class TestWindowLive : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setApplicationName(u"ensemble"_s); // the runtime lives in ensemble's data directory
        QString why;
        if (!runtimeAvailable(&why))
            QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
    }

    void windowRunsARealClusterAndSavesAScreenshot()
    {
        QTemporaryDir dir;
        const QString file = writeClusterFile(dir.path(), kSmallCluster);
        const QString ws = dir.filePath(u"ws"_s);
        MainWindow window(file, ws);
        window.setUnattended(true);
        window.resize(1280, 800);
        window.show();
        QSignalSpy healthy(&window, &MainWindow::clusterHealthy);
        QSignalSpy stopped(&window, &MainWindow::clusterStopped);
        QVERIFY(window.startCluster());
        // The set-up (java -version, stray reaping, port checks, node files) runs on a worker: Start returns before
        // it is done, and the window keeps serving events meanwhile.
        QVERIFY(!window.isClusterRunning());
        QTRY_VERIFY_WITH_TIMEOUT(window.isClusterRunning(), 60000);
        QVERIFY(healthy.wait(180000));
        // Ensemble's own log of this run, in the workspace.
        QFile ownLog(ws + u"/ensemble.log"_s);
        QVERIFY(ownLog.open(QIODevice::ReadOnly));
        const QByteArray logged = ownLog.readAll();
        QVERIFY2(logged.contains(QByteArray("[run] info: ready in " + ws.toUtf8())), logged.constData());

        TopologyScene *scene = window.topology()->topologyScene();
        QCOMPARE(scene->nodeItems().size(), 2);
        QTRY_VERIFY(scene->nodeItem(u"zookeeper-1"_s)->look().state == NodeState::Up);
        QTRY_VERIFY(scene->nodeItem(u"kafka-1"_s)->look().state == NodeState::Up);
        QTRY_VERIFY(scene->nodeItem(u"zookeeper-1"_s)->look().crown); // standalone: it leads itself
        QTRY_VERIFY(scene->nodeItem(u"kafka-1"_s)->look().badge);
        QTRY_COMPARE(window.partitionModel()->rowCount(), 2);
        QTRY_VERIFY(window.statusText().contains(u"Healthy"_s));
        QVERIFY(window.statusText().contains(window.liveFeed()->layout().bootstrapServers()));

        // Another process sees the cluster the window runs (the event loop keeps running: the window answers).
        QProcess status;
        QSignalSpy finished(&status, &QProcess::finished);
        status.start(QStringLiteral(ENSEMBLE_BINARY), {u"status"_s, u"--json"_s, u"-w"_s, ws});
        QVERIFY(finished.wait(30000));
        QCOMPARE(status.exitCode(), 0);
        const QJsonObject json = QJsonDocument::fromJson(status.readAllStandardOutput()).object();
        QCOMPARE(json.value(u"cluster"_s).toString(), u"gui-small"_s);

        // The Kafka tabs are built when first shown or asked for; this cluster is too small for the drill.
        auto *produceDock = window.findChild<QDockWidget *>(u"ProduceDock"_s);
        QVERIFY(produceDock);
        QVERIFY(!produceDock->findChild<ProduceForm *>());
        produceDock->raise();
        QTRY_VERIFY(produceDock->findChild<ProduceForm *>());
        DrillPanel *drill = window.drillPanel();
        QVERIFY(drill);
        QVERIFY2(drill->verdictText().contains(u"at least 3 brokers"_s), qPrintable(drill->verdictText()));
        drill->run();
        QVERIFY(!drill->isRunning());

        const QString shot = QStringLiteral(ENSEMBLE_BUILD_DIR) + u"/tst_window_live.png"_s;
        QFile::remove(shot);
        QVERIFY(window.saveScreenshot(shot));
        QVERIFY(QFileInfo(shot).size() > 10000);

        window.stopCluster();
        QVERIFY(stopped.wait(90000));
        QVERIFY(!window.isClusterRunning());
    }
};

ENSEMBLE_WATCHED_TEST_MAIN(TestWindowLive)
#include "tst_window_live.moc"
