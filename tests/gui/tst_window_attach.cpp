// The window attached to a cluster it did not start: `ensemble up -d` runs a real 1 + 1 cluster under its
// supervisor; File → Clusters lists it and attaches; the window shows the events from before the attach (its
// history) and what happens next; a node killed through the window is killed (`ensemble status` of another process
// says so) and restarted, its log lines reach the log view; closing the window keeps the cluster running; a second
// window sees `ensemble down` from a shell as the cluster gone. Runs in a data folder of its own (XDG_DATA_HOME),
// so the Clusters list holds only this test's cluster besides none; the cluster is always stopped at the end.
#include "CliRunner.h"
#include "ClusterChooser.h"
#include "ClusterFeed.h"
#include "ExitWatchdog.h"
#include "MainWindow.h"
#include "NodeItem.h"
#include "PartitionModel.h"
#include "StrayReaper.h"
#include "TopologyScene.h"
#include "TopologyView.h"
#include "Workspace.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace ensemble;
using namespace ensemble::ui;

namespace {
const QByteArray kSmallCluster = R"(name: gui-attach
coordinators: 1
brokers: 1
profile: demo
topics: [{name: t, partitions: 2, replication_factor: 1}]
)";

QString nodeStatus(const QJsonObject &status, const QString &node)
{
    for (const QJsonValue &v : status.value(u"nodes"_s).toArray())
        if (v.toObject().value(u"name"_s).toString() == node)
            return v.toObject().value(u"state"_s).toString();
    return {};
}
} // namespace

class TestWindowAttach : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setApplicationName(u"ensemble"_s); // the runtime lives in ensemble's data directory
        QVERIFY(m_dir.isValid());
        if (!runtimeAvailable(&m_why))
            QSKIP(qPrintable(u"no Kafka runtime: "_s + m_why));
        // A data folder of our own (for `ls` and the Clusters list), sharing the installed Kafka runtime; this
        // process's ClusterListing reads it too.
        const QString data = m_dir.path() + u"/data"_s;
        QVERIFY(QDir().mkpath(data + u"/ensemble"_s));
        QVERIFY(QFile::link(Workspace::dataRoot() + u"/runtime"_s, data + u"/ensemble/runtime"_s));
        qputenv("XDG_DATA_HOME", QFile::encodeName(data));
        m_env.insert(u"XDG_DATA_HOME"_s, data);
        m_file = writeClusterFile(m_dir.path(), kSmallCluster);
        m_workspace = m_dir.path() + u"/ws"_s;
    }

    void attachesShowsHistoryActsAndKeepsItRunning()
    {
        const CliResult up = cli({u"up"_s, u"-d"_s, u"-f"_s, m_file, u"-w"_s, m_workspace}, 240000);
        QVERIFY2(up.exitCode == 0, qPrintable(up.text()));
        m_started = true;
        // What happened before the window came: the events file, through the control socket.
        const CliResult before = cli({u"events"_s, u"--json"_s, u"-w"_s, m_workspace}, 30000);
        QCOMPARE(before.exitCode, 0);
        const qsizetype eventsBefore = before.out.count('\n');
        QVERIFY2(eventsBefore > 5, before.out.constData());

        MainWindow window;
        window.setUnattended(true);
        window.resize(1280, 800);
        window.show();
        QSignalSpy attached(&window, &MainWindow::clusterAttached);
        QSignalSpy healthy(&window, &MainWindow::clusterHealthy);
        QSignalSpy errors(&window, &MainWindow::errorShown);

        // File → Clusters… lists what `ensemble ls` lists, and attaches.
        ClusterChooser chooser(&window);
        chooser.show();
        QSignalSpy listed(&chooser, &ClusterChooser::listed);
        QVERIFY(listed.wait(20000));
        QVERIFY2(chooser.select(m_workspace), "the Clusters dialog does not list the cluster");
        const auto entry = std::find_if(chooser.clusters().begin(), chooser.clusters().end(), [this](const auto &c) {
            return c.toObject().value(u"workspace"_s).toString() == m_workspace;
        });
        QVERIFY(entry != chooser.clusters().end());
        QCOMPARE((*entry).toObject().value(u"state"_s).toString(), u"running"_s);
        QVERIFY(chooser.attachButton()->isEnabled());
        connect(&chooser, &ClusterChooser::attachRequested, &window, &MainWindow::attachCluster);
        chooser.attachButton()->click();
        QVERIFY(attached.wait(30000));
        QVERIFY(window.isAttached() && window.isClusterRunning() && !window.engine());
        QVERIFY2(window.windowTitle().contains(u"attached"_s), qPrintable(window.windowTitle()));

        // The history: the events from before the attach, folded into what the views show.
        QVERIFY2(
            window.liveFeed()->events().size() >= eventsBefore,
            qPrintable(
                u"%1 events shown, %2 before the attach"_s.arg(window.liveFeed()->events().size()).arg(eventsBefore)));
        const auto isUp = [](const ClusterEvent &e) { return e.kind == EventKind::ClusterHealthy; };
        QVERIFY2(std::any_of(window.liveFeed()->events().cbegin(), window.liveFeed()->events().cend(), isUp),
                 "the cluster_healthy event from before the attach is not shown");
        TopologyScene *scene = window.topology()->topologyScene();
        QCOMPARE(scene->nodeItems().size(), 2);
        QTRY_VERIFY(scene->nodeItem(u"zookeeper-1"_s)->look().state == NodeState::Up);
        QTRY_VERIFY(scene->nodeItem(u"kafka-1"_s)->look().state == NodeState::Up);
        QTRY_VERIFY(scene->nodeItem(u"zookeeper-1"_s)->look().crown);
        QTRY_VERIFY(scene->nodeItem(u"kafka-1"_s)->look().badge);
        QTRY_COMPARE(window.partitionModel()->rowCount(), 2);
        // Live: the polled status says healthy.
        QVERIFY(healthy.count() > 0 || healthy.wait(15000));
        QTRY_VERIFY(window.statusText().contains(u"Healthy"_s));

        // A node killed through the window: the window shows it, and so does `ensemble status` of another process.
        QSignalSpy lines(window.session(), &ClusterSession::nodeLine);
        window.requestNodeAction(NodeAction::Kill, u"kafka-1"_s);
        QTRY_VERIFY_WITH_TIMEOUT(scene->nodeItem(u"kafka-1"_s)->look().state == NodeState::Killed, 30000);
        const CliResult status = cli({u"status"_s, u"--json"_s, u"-w"_s, m_workspace}, 30000);
        QCOMPARE(status.exitCode, 0);
        const QString killed = nodeStatus(status.json(), u"kafka-1"_s);
        QVERIFY2(!killed.isEmpty() && killed != u"up", qPrintable(status.text()));
        // Started again through the window: it comes up, and its log lines reach the window as it writes them.
        window.requestNodeAction(NodeAction::Start, u"kafka-1"_s);
        QTRY_VERIFY_WITH_TIMEOUT(scene->nodeItem(u"kafka-1"_s)->look().state == NodeState::Up, 120000);
        // Other nodes log too (ZooKeeper expires the killed broker's session): look for kafka-1's own lines.
        const auto fromKafka = [&lines] {
            return std::any_of(lines.cbegin(), lines.cend(),
                               [](const QList<QVariant> &l) { return l.at(0).toString() == u"kafka-1"_s; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(fromKafka(), 10000);
        QCOMPARE(errors.count(), 0);

        const QString shot = QStringLiteral(ENSEMBLE_BUILD_DIR) + u"/tst_window_attach.png"_s;
        QFile::remove(shot);
        QVERIFY(window.saveScreenshot(shot));
        QVERIFY(QFileInfo(shot).size() > 10000);

        // Closing the window (unattended: "keep running") leaves the cluster running.
        QVERIFY(window.close());
        QVERIFY(!window.isAttached());
        const CliResult after = cli({u"status"_s, u"--json"_s, u"-w"_s, m_workspace}, 30000);
        QVERIFY2(after.exitCode == 0, qPrintable(after.text()));
        QCOMPARE(nodeStatus(after.json(), u"zookeeper-1"_s), u"up"_s);
    }

    void downFromAShellShowsTheClusterGone()
    {
        if (!m_started)
            QSKIP("the cluster did not start");
        MainWindow window;
        window.setUnattended(true);
        window.show();
        QSignalSpy attached(&window, &MainWindow::clusterAttached);
        QSignalSpy errors(&window, &MainWindow::errorShown);
        QSignalSpy stopped(&window, &MainWindow::clusterStopped);
        QVERIFY(window.attachCluster(m_workspace));
        QVERIFY(attached.wait(30000));
        const CliResult down = cli({u"down"_s, u"-w"_s, m_workspace}, 150000);
        QVERIFY2(down.exitCode == 0, qPrintable(down.text()));
        m_started = false;
        QVERIFY(stopped.count() > 0 || stopped.wait(15000));
        QVERIFY(!window.isClusterRunning());
        QVERIFY(!errors.isEmpty());
        QVERIFY2(errors.last().at(0).toString().contains(u"has gone"_s), qPrintable(errors.last().at(0).toString()));
        QVERIFY(StrayReaper::find(m_workspace).isEmpty());
        // Attaching to a cluster that no longer runs says so, and what to do.
        QVERIFY(window.attachCluster(m_workspace));
        QTRY_VERIFY_WITH_TIMEOUT(errors.last().at(0).toString().contains(u"is it running"_s), 10000);
        QVERIFY(!window.isAttached());
    }

    void cleanupTestCase()
    {
        if (m_started) // a failure above: stop what the test started
            cli({u"down"_s, u"-w"_s, m_workspace}, 150000);
    }

  private:
    CliResult cli(const QStringList &args, int timeoutMs) { return runCli(args, timeoutMs, m_env); }

    QTemporaryDir m_dir;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QString m_file;
    QString m_workspace;
    QString m_why;
    bool m_started = false;
};

ENSEMBLE_WATCHED_TEST_MAIN(TestWindowAttach)
#include "tst_window_attach.moc"
