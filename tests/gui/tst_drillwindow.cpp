// The failover drill and the consumer-lag chart in the window, on a real cluster (1 ZooKeeper + 3 Kafka): a group
// that read 20 of 50 messages shows a lag of 30 in the Traffic charts, and the drill run from its dock kills and
// restarts a leader broker, feeds the charts, and reports nothing lost; a drill cancelled between a kill and its
// restart starts the broker again and deletes its topic.
#include "CliRunner.h"
#include "DrillPanel.h"
#include "ExitWatchdog.h"
#include "KafkaConsumer.h"
#include "KafkaProducer.h"
#include "MainWindow.h"
#include "TrafficCharts.h"

#include <QApplication>
#include <QLocale>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <future>

using namespace Qt::StringLiterals;
using namespace ensemble;
using namespace ensemble::ui;

namespace {
const QByteArray kCluster = R"(name: gui-drill
coordinators: 1
brokers: 3
topics: [{name: lagged, partitions: 1, replication_factor: 3}]
)";
} // namespace

class TestDrillWindow : public QObject
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
        m_window->resize(1280, 800);
        m_window->show();
        QSignalSpy healthy(m_window.get(), &MainWindow::clusterHealthy);
        QVERIFY(m_window->startCluster());
        QVERIFY(healthy.wait(180000));
        m_charts = m_window->findChild<TrafficCharts *>();
        m_drill = m_window->drillPanel(); // built on first use
        QVERIFY(m_charts);
        QVERIFY(m_drill);
        m_charts->setWindowSeconds(900); // every second of the drills stays in the charts for the checks below
    }

    void cleanupTestCase()
    {
        if (!m_window || !m_window->isClusterRunning())
            return;
        QSignalSpy stopped(m_window.get(), &MainWindow::clusterStopped);
        m_window->stopCluster();
        QVERIFY(stopped.wait(120000));
    }

    void consumerLagOfAGroupIsCharted()
    {
        const QString bootstrap = m_window->engine()->layout().bootstrapServers();
        // On another thread: the window's event loop must keep reading the nodes' output (a node whose output
        // pipe is full stops), and the first group creates __consumer_offsets, which logs a lot.
        auto work = std::async(std::launch::async, [bootstrap]() -> QString {
            ProduceRequest produce;
            produce.topic = u"lagged"_s;
            produce.value = "m";
            produce.count = 50;
            auto sent = KafkaProducer(bootstrap).produce(produce);
            if (!sent || sent->acked != 50)
                return u"produce: "_s + (sent ? u"acked %1"_s.arg(sent->acked) : sent.error().message);
            ConsumeRequest consume;
            consume.topic = u"lagged"_s;
            consume.group = u"lag-app"_s;
            consume.fromBeginning = true;
            consume.max = 20;
            consume.timeoutMs = 60000;
            auto read = KafkaConsumer(bootstrap).consume(consume);
            if (!read || read->size() != 20)
                return u"consume: "_s + (read ? u"read %1"_s.arg(read->size()) : read.error().message);
            return {};
        });
        QTRY_VERIFY_WITH_TIMEOUT(work.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 120000);
        const QString problem = work.get();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // The charts ask every 2 s; the group committed 20 of 50 when its consumer closed.
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_charts->seconds().empty() && m_charts->seconds().back().lag.value(u"lag-app"_s, -1) == 30, 20000);
    }

    void drillFromTheWindowLosesNothing()
    {
        QVERIFY(m_drill->killsBox()->isEnabled());
        m_drill->killsBox()->setValue(1);
        m_drill->rateBox()->setValue(200);
        QSignalSpy finished(m_drill, &DrillPanel::finished);
        m_drill->run();
        QVERIFY(m_drill->isRunning());
        QVERIFY(finished.wait(300000));
        const QString error = finished.first().at(1).toString();
        QVERIFY2(error.isEmpty(), qPrintable(error + u"\n"_s + m_drill->stepsText()));
        const DrillReport report = m_drill->lastReport();
        QVERIFY2(report.acknowledged > 0, qPrintable(m_drill->stepsText()));
        QCOMPARE(report.lost, 0);
        QVERIFY(report.consumed >= report.acknowledged);
        QVERIFY(m_drill->stepsText().contains(u"killed kafka-"_s));
        QVERIFY(m_drill->stepsText().contains(u"restarted kafka-"_s));
        QVERIFY(m_drill->verdictText().contains(u"Nothing lost"_s));
        // The numbers add up, and the live line and the verdict say the same.
        QCOMPARE(report.acknowledged + report.refused + report.timedOut + report.unknown, report.attempted);
        QCOMPARE(report.failed, report.refused + report.timedOut + report.unknown);
        const QString sum = u"%1 sent = %2 acknowledged + %3 refused + %4 timed out + %5 unknown"_s.arg(
            QLocale::system().toString(report.attempted), QLocale::system().toString(report.acknowledged),
            QLocale::system().toString(report.refused), QLocale::system().toString(report.timedOut),
            QLocale::system().toString(report.unknown));
        QVERIFY2(m_drill->verdictText().contains(sum), qPrintable(m_drill->verdictText()));
        QVERIFY2(m_drill->countsText().startsWith(u"sent %1 · acknowledged %2"_s.arg(
                     QLocale::system().toString(report.attempted), QLocale::system().toString(report.acknowledged))),
                 qPrintable(m_drill->countsText()));
        // Its deliveries went through the window's client, so the charts counted them.
        qint64 charted = 0;
        QTRY_VERIFY_WITH_TIMEOUT((charted =
                                      [&] {
                                          qint64 n = 0;
                                          for (const TrafficCharts::Second &s : m_charts->seconds())
                                              n += s.acked;
                                          return n;
                                      }()) >= report.acknowledged,
                                 5000);
        QCOMPARE(m_charts->faultMarkerCount(), 2); // the kill and the restart
    }

    void cancelledDrillLeavesTheClusterAsItWas()
    {
        m_drill->killsBox()->setValue(2);
        m_drill->rateBox()->setValue(200);
        QSignalSpy finished(m_drill, &DrillPanel::finished);
        m_drill->run();
        // Cancel between the kill and the restart.
        QTRY_VERIFY_WITH_TIMEOUT(m_drill->stepsText().contains(u"killed kafka-"_s), 120000);
        m_drill->cancel();
        QVERIFY(finished.wait(120000));
        const QString error = finished.first().at(1).toString();
        QVERIFY2(error.contains(u"cancelled"_s), qPrintable(error + u"\n"_s + m_drill->stepsText()));
        QVERIFY2(m_drill->stepsText().contains(u"restarted kafka-"_s), qPrintable(m_drill->stepsText()));
        QVERIFY(m_drill->verdictText().contains(u"cancelled"_s));
        Engine *engine = m_window->engine();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const NodeStatus &n : engine->state().nodes())
                    if (n.state != NodeState::Up)
                        return false;
                return true;
            }(),
            120000);
        QTRY_VERIFY2_WITH_TIMEOUT(
            [&] {
                for (const QString &topic : engine->state().topics().keys())
                    if (topic.startsWith(u"ensemble-drill-"_s))
                        return false;
                return true;
            }(),
            qPrintable(m_drill->stepsText()), 60000);
    }

  private:
    QTemporaryDir m_dir;
    QString m_file;
    std::unique_ptr<MainWindow> m_window;
    TrafficCharts *m_charts = nullptr;
    DrillPanel *m_drill = nullptr;
};

ENSEMBLE_WATCHED_TEST_MAIN(TestDrillWindow)
#include "tst_drillwindow.moc"
