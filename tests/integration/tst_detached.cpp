// Clusters that outlive the command that started them, and ports that outlive a restart: `ensemble up -d`
// returns with the cluster healthy, `ensemble ls` lists it, `ensemble down` stops it, the workspace keeps its
// ports across starts (a port taken meanwhile is refused naming its holder), and a SIGKILLed supervisor leaves
// no JVM. Runs in a data folder of its own (XDG_DATA_HOME), so `ls` sees only this test's cluster.
#include "CliRunner.h"

#include "StrayReaper.h"
#include "Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {
const QByteArray kSmallCluster = R"(name: it-detached
coordinators: 1
brokers: 1
topics: [{name: t, partitions: 1, replication_factor: 1}]
)";
} // namespace

class TestDetached : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void upDetachedReturnsHealthyAndLsListsIt();
    void downStopsItAndLsShowsItStopped();
    void portTakenBetweenStartsIsRefusedNamingItsHolder();
    void restartKeepsTheBootstrapAddress();
    void sigkilledSupervisorLeavesNoJvm();
    void cleanupTestCase();

  private:
    CliResult cli(const QStringList &args, int timeoutMs = 240000) { return runCli(args, timeoutMs, m_env); }
    QJsonObject listed(); // this test's cluster in `ensemble ls --json`

    QTemporaryDir m_dir;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QString m_file;
    QString m_workspace;
    QString m_bootstrap;
    QString m_why;
};

void TestDetached::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (!runtimeAvailable(&m_why))
        QSKIP(qPrintable(m_why));
    // A data folder of our own, sharing the installed Kafka runtime.
    const QString data = m_dir.path() + u"/data"_s;
    QVERIFY(QDir().mkpath(data + u"/ensemble"_s));
    QVERIFY(QFile::link(ensemble::Workspace::dataRoot() + u"/runtime"_s, data + u"/ensemble/runtime"_s));
    m_env.insert(u"XDG_DATA_HOME"_s, data);
    m_file = writeClusterFile(m_dir.path(), kSmallCluster);
    m_workspace = data + u"/ensemble/clusters/it-detached"_s;
}

QJsonObject TestDetached::listed()
{
    const CliResult r = cli({u"ls"_s, u"--json"_s}, 30000);
    if (r.exitCode != 0)
        return {};
    for (const QJsonValue &v : r.json().value(u"clusters"_s).toArray())
        if (v.toObject().value(u"workspace"_s).toString() == m_workspace)
            return v.toObject();
    return {};
}

void TestDetached::upDetachedReturnsHealthyAndLsListsIt()
{
    const CliResult r = cli({u"up"_s, u"-d"_s, u"-f"_s, m_file});
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    QVERIFY2(r.text().contains(u"healthy"_s), qPrintable(r.text()));
    // The command has returned; the cluster answers and is healthy.
    const CliResult status = cli({u"status"_s, u"--json"_s, u"-w"_s, m_workspace}, 30000);
    QVERIFY2(status.exitCode == 0, qPrintable(status.text()));
    QCOMPARE(status.json().value(u"healthy"_s).toBool(), true);

    const QJsonObject entry = listed();
    QVERIFY2(!entry.isEmpty(), "ls --json does not list the cluster");
    QCOMPARE(entry.value(u"state"_s).toString(), u"running"_s);
    QCOMPARE(entry.value(u"name"_s).toString(), u"it-detached"_s);
    QCOMPARE(entry.value(u"mode"_s).toString(), u"zookeeper"_s);
    QVERIFY(!entry.value(u"kafka_version"_s).toString().isEmpty());
    m_bootstrap = entry.value(u"bootstrap"_s).toString();
    QVERIFY2(QRegularExpression(u"^127\\.0\\.0\\.1:\\d+$"_s).match(m_bootstrap).hasMatch(), qPrintable(m_bootstrap));
    QVERIFY2(r.text().contains(m_bootstrap), qPrintable(r.text()));
}

void TestDetached::downStopsItAndLsShowsItStopped()
{
    const CliResult r = cli({u"down"_s, u"-w"_s, m_workspace}, 150000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    QVERIFY(ensemble::StrayReaper::find(m_workspace).isEmpty());
    const QJsonObject entry = listed();
    QCOMPARE(entry.value(u"state"_s).toString(), u"stopped"_s);
    QCOMPARE(entry.value(u"bootstrap"_s).toString(), m_bootstrap); // the kept ports
}

void TestDetached::portTakenBetweenStartsIsRefusedNamingItsHolder()
{
    QVERIFY(!m_bootstrap.isEmpty());
    const int port = m_bootstrap.section(u':', 1).toInt();
    QTcpServer blocker;
    QVERIFY2(blocker.listen(QHostAddress::LocalHost, quint16(port)), "the kept port was taken by someone else");
    const CliResult r = cli({u"up"_s, u"-d"_s, u"-f"_s, m_file}, 120000);
    QVERIFY2(r.exitCode == 2, qPrintable(u"exit %1: "_s.arg(r.exitCode) + r.text()));
    QVERIFY2(r.text().contains(u"port %1"_s.arg(port)), qPrintable(r.text()));
    QVERIFY2(r.text().contains(u"pid %1"_s.arg(QCoreApplication::applicationPid())), qPrintable(r.text()));
    QVERIFY2(r.text().contains(u"--reset-ports"_s), qPrintable(r.text()));
    QVERIFY(ensemble::StrayReaper::find(m_workspace).isEmpty());
    QCOMPARE(listed().value(u"state"_s).toString(), u"stopped"_s);
}

void TestDetached::restartKeepsTheBootstrapAddress()
{
    const CliResult r = cli({u"up"_s, u"-d"_s, u"-f"_s, m_file});
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    const QJsonObject entry = listed();
    QCOMPARE(entry.value(u"state"_s).toString(), u"running"_s);
    QCOMPARE(entry.value(u"bootstrap"_s).toString(), m_bootstrap);
}

void TestDetached::sigkilledSupervisorLeavesNoJvm()
{
    const QList<ensemble::StrayProcess> nodes = ensemble::StrayReaper::find(m_workspace);
    QVERIFY2(nodes.size() == 2, "expected the two node JVMs of the running cluster");
    // The supervisor holds the workspace lock (QLockFile: its pid on the first line).
    QFile lockFile(m_workspace + u"/engine.lock"_s);
    QVERIFY(lockFile.open(QIODevice::ReadOnly));
    const qint64 supervisor = lockFile.readLine().trimmed().toLongLong();
    QVERIFY(supervisor > 1);
    QVERIFY(::kill(pid_t(supervisor), SIGKILL) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(ensemble::StrayReaper::find(m_workspace).isEmpty(), 15000);
}

void TestDetached::cleanupTestCase()
{
    // Whatever a failed step left running.
    if (!m_workspace.isEmpty()) {
        cli({u"down"_s, u"-w"_s, m_workspace}, 150000);
        ensemble::StrayReaper::reap(m_workspace);
    }
}

QTEST_GUILESS_MAIN(TestDetached)
#include "tst_detached.moc"
