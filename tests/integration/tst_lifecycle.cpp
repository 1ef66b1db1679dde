// What happens around a cluster's life: bad input is refused with a clear message and starts nothing, and no
// node outlives an `ensemble up` that is killed with SIGKILL.
#include "CliRunner.h"

#include "StrayReaper.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {
const QByteArray kSmallCluster = R"(name: it-small
coordinators: 1
brokers: 1
topics: [{name: t, partitions: 1, replication_factor: 1}]
)";
} // namespace

class TestLifecycle : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void brokenClusterFileIsRefusedWithLineAndColumn();
    void invalidClusterFileIsRefused();
    void usedPortIsRefusedNamingIt();
    void missingJavaIsRefused();
    void wrongKafkaHomeIsRefused();
    void nonWorkspaceDirectoryIsRefused();
    void commandsWithoutClusterSayHowToStartOne();
    void unknownNodeAndSecondUpAreRefused();
    void sigkilledAppLeavesNoNodeBehind();
    void killedBrokerThenDownThenUpComesUp();

  private:
    // Asserts that `ensemble up` with ARGS exits 2, says TEXT, and started no JVM for WORKSPACE.
    void expectRefusedUp(const QStringList &args, const QString &workspace, const QString &text,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    QTemporaryDir m_dir;
    QString m_why;
};

void TestLifecycle::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestLifecycle::expectRefusedUp(const QStringList &args, const QString &workspace, const QString &text,
                                    const QProcessEnvironment &env)
{
    const CliResult r = runCli(QStringList{u"up"_s, u"-w"_s, workspace} + args, 60000, env);
    QVERIFY2(r.exitCode == 2, qPrintable(u"exit %1: "_s.arg(r.exitCode) + r.text()));
    QVERIFY2(r.text().contains(text), qPrintable(r.text()));
    QVERIFY(ensemble::StrayReaper::find(QDir(workspace).absolutePath()).isEmpty());
}

void TestLifecycle::brokenClusterFileIsRefusedWithLineAndColumn()
{
    const QString dir = m_dir.path() + u"/broken"_s;
    QDir().mkpath(dir);
    const QString file = writeClusterFile(dir, "name: x\nbrokers: [1, 2\ncoordinators: 3\n");
    expectRefusedUp({u"-f"_s, file}, dir + u"/ws"_s, u"cluster.yaml:3:"_s);
    const CliResult v = runCli({u"validate"_s, u"-f"_s, file});
    QCOMPARE(v.exitCode, 2);
    QVERIFY2(v.text().contains(u"not valid YAML"_s), qPrintable(v.text()));
}

void TestLifecycle::invalidClusterFileIsRefused()
{
    const QString dir = m_dir.path() + u"/invalid"_s;
    QDir().mkpath(dir);
    const QString file = writeClusterFile(dir, "name: x\nbrokers: two\n");
    expectRefusedUp({u"-f"_s, file}, dir + u"/ws"_s, u"cluster.yaml:2:10: error: 'brokers' must be a whole number"_s);
    // A missing file is bad input too.
    expectRefusedUp({u"-f"_s, dir + u"/nope.yaml"_s}, dir + u"/ws"_s, u"cannot read the cluster file"_s);
}

void TestLifecycle::usedPortIsRefusedNamingIt()
{
    if (!runtimeAvailable(&m_why))
        QSKIP(qPrintable(m_why));
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost));
    const int port = blocker.serverPort();
    const QString dir = m_dir.path() + u"/port"_s;
    QDir().mkpath(dir);
    const QString file = writeClusterFile(
        dir, "name: p\ncoordinators: 1\nbrokers: 1\nports: {broker: " + QByteArray::number(port) + "}\n");
    expectRefusedUp(
        {u"-f"_s, file}, dir + u"/ws"_s,
        u"port %1 for kafka-1 is already in use by pid %2"_s.arg(port).arg(QCoreApplication::applicationPid()));
}

void TestLifecycle::missingJavaIsRefused()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PATH"_s, m_dir.path()); // no java here
    env.remove(u"JAVA_HOME"_s);
    expectRefusedUp({}, m_dir.path() + u"/nojava"_s, u"no Java runtime found"_s, env);
}

void TestLifecycle::wrongKafkaHomeIsRefused()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"KAFKA_HOME"_s, m_dir.path() + u"/not-kafka"_s);
    expectRefusedUp({}, m_dir.path() + u"/nokafka"_s, u"no Kafka runtime at"_s, env);
}

void TestLifecycle::nonWorkspaceDirectoryIsRefused()
{
    // A directory with the user's files is never taken over as a workspace.
    const QString dir = m_dir.path() + u"/users-own"_s;
    QDir().mkpath(dir);
    QFile f(dir + u"/notes.txt"_s);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("mine");
    f.close();
    expectRefusedUp({}, dir, u"is not empty and is not an Ensemble workspace"_s);
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{u"notes.txt"_s});
}

void TestLifecycle::commandsWithoutClusterSayHowToStartOne()
{
    const QString dir = m_dir.path() + u"/idle"_s;
    QDir().mkpath(dir);
    CliResult r = runCli({u"status"_s, u"-w"_s, dir});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.text().contains(u"is not an Ensemble workspace"_s), qPrintable(r.text()));
    r = runCli({u"bogus"_s});
    QCOMPARE(r.exitCode, 2);
    r = runCli({u"produce"_s, u"-n"_s, u"-4"_s, u"-t"_s, u"x"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.text().contains(u"-n takes a count"_s), qPrintable(r.text()));
}

void TestLifecycle::unknownNodeAndSecondUpAreRefused()
{
    if (!runtimeAvailable(&m_why))
        QSKIP(qPrintable(m_why));
    const QString dir = m_dir.path() + u"/small"_s;
    QDir().mkpath(dir);
    const QString file = writeClusterFile(dir, kSmallCluster);
    RunningCluster cluster(dir + u"/ws"_s, file);
    QString why;
    QVERIFY2(cluster.waitHealthy(120000, &why), qPrintable(why));

    CliResult r = runCli(QStringList{u"kill"_s, u"kafka-7"_s} + cluster.ws());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.text().contains(u"no node named 'kafka-7'"_s), qPrintable(r.text()));

    r = runCli({u"up"_s, u"-w"_s, cluster.workspace(), u"-f"_s, file}, 60000);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.text().contains(u"is already running"_s), qPrintable(r.text()));
    // ...and the first cluster still runs.
    QCOMPARE(runCli(QStringList{u"status"_s} + cluster.ws()).exitCode, 0);

    r = runCli(QStringList{u"produce"_s, u"-t"_s, u"no-such-topic"_s} + cluster.ws());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.text().contains(u"topic 'no-such-topic' does not exist"_s), qPrintable(r.text()));

    // Start right after stop, while the broker is still shutting down: accepted, and it starts once it has exited.
    auto kafka1 = [](const QJsonObject &status) {
        for (const QJsonValue &n : status.value(u"nodes"_s).toArray())
            if (n[u"name"_s].toString() == u"kafka-1"_s)
                return n.toObject();
        return QJsonObject();
    };
    QJsonObject before;
    QVERIFY(
        cluster.waitForStatus([&](const QJsonObject &s) { return kafka1(s)[u"state"_s] == u"up"_s; }, 60000, &before));
    const qint64 oldPid = kafka1(before)[u"pid"_s].toInteger();
    r = runCli(QStringList{u"stop"_s, u"kafka-1"_s} + cluster.ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    r = runCli(QStringList{u"start"_s, u"kafka-1"_s} + cluster.ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    QJsonObject after;
    const bool back = cluster.waitForStatus(
        [&](const QJsonObject &s) {
            const QJsonObject n = kafka1(s);
            return n[u"state"_s] == u"up"_s && n[u"pid"_s].toInteger() != oldPid;
        },
        90000, &after);
    QVERIFY2(back, QJsonDocument(after).toJson().constData());
}

void TestLifecycle::sigkilledAppLeavesNoNodeBehind()
{
    if (!runtimeAvailable(&m_why))
        QSKIP(qPrintable(m_why));
    const QString dir = m_dir.path() + u"/sigkill"_s;
    QDir().mkpath(dir);
    RunningCluster cluster(dir + u"/ws"_s, writeClusterFile(dir, kSmallCluster));
    QString why;
    QVERIFY2(cluster.waitHealthy(120000, &why), qPrintable(why));
    const QString ws = QDir(cluster.workspace()).absolutePath();
    QCOMPARE(ensemble::StrayReaper::find(ws).size(), 2);

    ::kill(pid_t(cluster.process().processId()), SIGKILL);
    QVERIFY(cluster.process().waitForFinished(10000));
    QTRY_VERIFY_WITH_TIMEOUT(ensemble::StrayReaper::find(ws).isEmpty(), 10000);
}

void TestLifecycle::killedBrokerThenDownThenUpComesUp()
{
    // A teacher's flow: kill a broker, stop the cluster, start it again at once. The killed broker's ZooKeeper
    // session is in ZooKeeper's snapshot and lives until its timeout (18 s here); a broker that registered before
    // it expired exited with NodeExists and the start failed.
    if (!runtimeAvailable(&m_why))
        QSKIP(qPrintable(m_why));
    const QString dir = m_dir.path() + u"/killed-then-down"_s;
    QDir().mkpath(dir);
    const QString file = writeClusterFile(dir, kSmallCluster);
    const QString ws = dir + u"/ws"_s;
    QString why;
    {
        RunningCluster first(ws, file);
        QVERIFY2(first.waitHealthy(120000, &why), qPrintable(why));
        const CliResult kill = runCli({u"kill"_s, u"kafka-1"_s, u"-w"_s, ws});
        QVERIFY2(kill.exitCode == 0, qPrintable(kill.text()));
        const CliResult down = runCli({u"down"_s, u"-w"_s, ws}, 120000);
        QVERIFY2(down.exitCode == 0, qPrintable(down.text()));
        QVERIFY(first.process().waitForFinished(60000));
    }
    RunningCluster second(ws, file);
    QVERIFY2(second.waitHealthy(120000, &why), qPrintable(why));
    QVERIFY2(second.upOutput(true).contains("starts once its previous ZooKeeper session has expired"),
             second.upOutput(true).constData());
}

QTEST_GUILESS_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"
