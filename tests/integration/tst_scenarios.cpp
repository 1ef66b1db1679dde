// Every built-in ZooKeeper-mode lesson, the isolated-leader one included (the cluster runs with link proxies), played
// with `ensemble scenario run --json` on one shared real 3 ZooKeeper + 3 Kafka cluster (demo profile); each must pass
// and leave the cluster as it found it.
#include "CliRunner.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kCluster = R"(name: it-scenarios
coordinators: 3
brokers: 3
profile: demo
heap_mb: {coordinator: 128, broker: 256}
)";

} // namespace

class TestScenarios : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        if (!runtimeAvailable(&why))
            QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
        QVERIFY(m_dir.isValid());
        const QString file = writeClusterFile(m_dir.path(), kCluster);
        m_cluster = std::make_unique<RunningCluster>(m_dir.path() + u"/ws"_s, file, QStringList{u"--link-proxies"_s});
        QVERIFY2(m_cluster->waitHealthy(240000, &why), qPrintable(why));
    }

    void listShowsEveryLessonAndWhyNot()
    {
        const CliResult r = runCli({u"scenario"_s, u"list"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray all = r.json().value(u"scenarios"_s).toArray();
        QVERIFY(all.size() >= 8);
        int available = 0;
        for (const QJsonValue &v : all) {
            const QJsonObject s = v.toObject();
            available += s.value(u"available"_s).toBool();
            if (!s.value(u"available"_s).toBool())
                QVERIFY(s.value(u"why_not"_s).toString().contains(u"not available yet"_s));
        }
        QCOMPARE(available, 10); // every lesson: KRaft mode and network faults exist now
    }

    void badFileExitsTwoWithItsPlace()
    {
        const QString file = m_dir.path() + u"/bad.yaml"_s;
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("name: bad\ndescription: d\nsteps:\n  - do: explode kafka-1\n");
        f.close();
        const CliResult r = runCli(QStringList{u"scenario"_s, u"run"_s, file} + m_cluster->ws());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.text().contains(u"bad.yaml:4:9: error: cannot read the action"_s), qPrintable(r.text()));
    }

    void lessonPasses_data()
    {
        QTest::addColumn<QString>("lesson");
        for (const char *name :
             {"zookeeper-leader-failover", "zookeeper-quorum-lost", "controller-failover", "min-insync-replicas",
              "unclean-leader-election", "paused-broker", "zookeeper-leader-isolated"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void lessonPasses()
    {
        QFETCH(QString, lesson);
        const CliResult r = runCli(QStringList{u"scenario"_s, u"run"_s, lesson, u"--json"_s} + m_cluster->ws(), 300000);
        const QJsonObject report = r.json();
        qInfo().noquote() << lesson << "took" << report.value(u"elapsed_ms"_s).toInteger() << "ms";
        QVERIFY2(r.exitCode == 0 && report.value(u"passed"_s).toBool(), qPrintable(r.text()));
        QVERIFY(report.value(u"acknowledged"_s).toInteger() > 0);
        if (lesson == u"unclean-leader-election")
            QVERIFY(report.value(u"lost"_s).toInteger() > 0);
        else if (report.contains(u"lost"_s))
            QCOMPARE(report.value(u"lost"_s).toInteger(), 0);
        // Restored: every node up again before the next lesson.
        QVERIFY(m_cluster->waitForStatus(
            [](const QJsonObject &s) {
                for (const QJsonValue &n : s.value(u"nodes"_s).toArray())
                    if (n.toObject().value(u"state"_s).toString() != u"up")
                        return false;
                return true;
            },
            30000));
    }

  private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunningCluster> m_cluster;
};

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
