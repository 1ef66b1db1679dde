// The Scenarios dock on a real cluster (1 ZooKeeper + 3 Kafka): reached from its menu entry, it lists every lesson
// and greys those this cluster cannot run (saying why); the controller-failover lesson played from it ticks its
// steps as they happen, shows the narration, passes, and leaves the cluster whole.
#include "CliRunner.h"
#include "Engine.h"
#include "KafkaDocks.h"
#include "MainWindow.h"
#include "ScenariosPanel.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;
using namespace ensemble::ui;

namespace {
const QByteArray kCluster = R"(name: gui-scenarios
coordinators: 1
brokers: 3
)";
} // namespace

class TestScenariosWindow : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setApplicationName(u"ensemble"_s);
        QString why;
        if (!runtimeAvailable(&why))
            QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
        m_file = writeClusterFile(m_dir.path(), kCluster);
        m_window = std::make_unique<MainWindow>(m_file, m_dir.filePath(u"ws"_s));
        m_window->setUnattended(true);
        m_window->resize(1366, 768);
        m_window->show();
        QSignalSpy healthy(m_window.get(), &MainWindow::clusterHealthy);
        QVERIFY(m_window->startCluster());
        QVERIFY(healthy.wait(180000));
    }

    void cleanupTestCase()
    {
        if (m_window && m_window->isClusterRunning()) {
            QSignalSpy stopped(m_window.get(), &MainWindow::clusterStopped);
            m_window->stopCluster();
            QVERIFY(stopped.wait(120000));
        }
        // The window (and its Kafka client, whose workers have all returned) goes now, not at exit.
        QElapsedTimer closing;
        closing.start();
        m_window.reset();
        QVERIFY2(closing.elapsed() < 10000, qPrintable(u"closing the window took %1 ms"_s.arg(closing.elapsed())));
    }

    void menuEntryShowsTheLessons()
    {
        QAction *entry = nullptr;
        for (QAction *a : m_window->findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(u"Ctrl+L"_s))
                entry = a;
        QVERIFY(entry);
        QVERIFY2(QString(entry->text()).remove(u'&').contains(u"Scenarios"_s), qPrintable(entry->text()));
        entry->trigger();
        QDockWidget *dock = m_window->kafkaDocks()->dock(KafkaDocks::Scenarios);
        QTRY_VERIFY(dock->isVisible());
        m_panel = m_window->kafkaDocks()->scenariosPanel();
        QVERIFY(m_panel);
        QTRY_COMPARE(dock->widget()->findChild<ScenariosPanel *>(), m_panel);
        QVERIFY(m_panel->findChild<QListWidget *>()->count() >= 9);
        // One ZooKeeper server: the three-server lessons and the KRaft ones are there to read but cannot run.
        QVERIFY(m_panel->select(u"zookeeper-leader-failover"_s));
        QVERIFY2(m_panel->whyNot().contains(u"at least 3 ZooKeeper servers"_s), qPrintable(m_panel->whyNot()));
        QVERIFY(m_panel->verdictText().contains(u"cannot run"_s));
        QVERIFY(m_panel->select(u"kraft-leader-failover"_s));
        QVERIFY2(m_panel->whyNot().contains(u"KRaft"_s), qPrintable(m_panel->whyNot()));
        QVERIFY(m_panel->select(u"controller-failover"_s));
        QVERIFY(m_panel->whyNot().isEmpty());
        const QStringList steps = m_panel->stepLines();
        QCOMPARE(steps.size(), 7);
        for (const QString &s : steps)
            QVERIFY2(s.startsWith(u"·"_s), qPrintable(s));
        QVERIFY(steps[1].contains(u"kill controller"_s));
    }

    void lessonPlaysAndPasses()
    {
        QVERIFY(m_panel);
        QVERIFY(m_panel->select(u"controller-failover"_s));
        QSignalSpy finished(m_panel, &ScenariosPanel::finished);
        m_panel->run();
        QVERIFY(m_panel->isRunning());
        // As it happens: the kill done and its narration shown while the lesson still runs.
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->stepLines().value(1).startsWith(u"✓"_s), 120000);
        QVERIFY(m_panel->isRunning());
        QVERIFY2(m_panel->stepLines().value(1).contains(u"kill kafka-"_s), qPrintable(m_panel->stepLines().value(1)));
        QVERIFY(!m_panel->narrationText().isEmpty());
        QVERIFY(finished.wait(300000));
        const QString error = finished.first().at(1).toString();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const ScenarioReport report = m_panel->lastReport();
        QVERIFY2(report.passed, qPrintable(report.failure + u"\n"_s + m_panel->stepLines().join(u'\n')));
        QVERIFY(report.acknowledged > 0);
        QCOMPARE(report.lost, 0);
        for (const QString &s : m_panel->stepLines())
            QVERIFY2(s.startsWith(u"✓"_s), qPrintable(s));
        QVERIFY2(m_panel->verdictText().startsWith(u"✔ Passed"_s), qPrintable(m_panel->verdictText()));
        // Whole again: every node up (the runner waited for it before reporting).
        for (const NodeStatus &n : m_window->engine()->state().nodes())
            QVERIFY2(n.state == NodeState::Up, qPrintable(n.layout.name));
        QVERIFY(m_window->saveScreenshot(m_dir.filePath(u"scenarios.png"_s)));
    }

  private:
    QTemporaryDir m_dir;
    QString m_file;
    std::unique_ptr<MainWindow> m_window;
    ScenariosPanel *m_panel = nullptr;
};

QTEST_MAIN(TestScenariosWindow)
#include "tst_scenarioswindow.moc"
