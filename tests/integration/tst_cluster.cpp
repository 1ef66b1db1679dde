// The default 3 ZooKeeper + 3 Kafka cluster, for real: healthy, visible in status, carries messages, and lets a
// broker be stopped gracefully and started again. One cluster is shared by every test function.
#include "CliRunner.h"

#include "StrayReaper.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kCluster = R"(name: it-default
coordinators: 3
brokers: 3
profile: demo
heap_mb: {coordinator: 128, broker: 256}
topics:
  - name: FINANCE-STOCK-TRADING-TEST
    partitions: 3
    replication_factor: 3
    configs: {min.insync.replicas: 2}
)";

QJsonObject nodeNamed(const QJsonObject &status, const QString &name)
{
    for (const QJsonValue &v : status.value(u"nodes"_s).toArray())
        if (v.toObject().value(u"name"_s).toString() == name)
            return v.toObject();
    return {};
}

QList<QJsonObject> partitionsOf(const QJsonObject &status, const QString &topic)
{
    QList<QJsonObject> out;
    for (const QJsonValue &t : status.value(u"topics"_s).toArray())
        if (t.toObject().value(u"name"_s).toString() == topic)
            for (const QJsonValue &p : t.toObject().value(u"partitions"_s).toArray())
                out.append(p.toObject());
    return out;
}

// host:port of every TCP socket PID listens on, from /proc (IPv4 and IPv6 tables).
QStringList listeningAddresses(qint64 pid)
{
    QSet<QByteArray> inodes;
    const QDir fds(u"/proc/%1/fd"_s.arg(pid));
    for (const QString &fd : fds.entryList(QDir::System | QDir::NoDotAndDotDot)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        const qsizetype at = target.indexOf(u"socket:["_s);
        if (at >= 0)
            inodes.insert(target.mid(at + 8).chopped(1).toLatin1());
    }
    QStringList out;
    for (const QString &table : {u"/proc/net/tcp"_s, u"/proc/net/tcp6"_s}) {
        QFile f(table);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        f.readLine();
        while (!f.atEnd()) {
            const QList<QByteArray> cols = f.readLine().simplified().split(' ');
            if (cols.size() < 10 || cols[3] != "0A" || !inodes.contains(cols[9]))
                continue;
            const QList<QByteArray> local = cols[1].split(':');
            QString host;
            if (local[0].size() == 8) {
                const quint32 raw = local[0].toUInt(nullptr, 16); // little-endian on x86
                host = u"%1.%2.%3.%4"_s.arg(raw & 0xff).arg((raw >> 8) & 0xff).arg((raw >> 16) & 0xff).arg(raw >> 24);
            } else {
                host = u"ipv6:"_s + QString::fromLatin1(local[0]);
            }
            out.append(host + u':' + QString::number(local[1].toInt(nullptr, 16)));
        }
    }
    return out;
}

} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void defaultClusterComesUpHealthy();
    void thousandAcksAllMessagesAreAllConsumedBack();
    void gracefulStopMovesLeadershipAndStartRejoins();
    void downStopsEveryNodeAndLeavesOutsideFilesAlone();

  private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunningCluster> m_cluster;
};

void TestCluster::initTestCase()
{
    QString why;
    if (!runtimeAvailable(&why))
        QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
    QVERIFY(m_dir.isValid());
    QDir(m_dir.path()).mkpath(u"outside"_s);
    const QString file = writeClusterFile(m_dir.path() + u"/outside"_s, kCluster);
    m_cluster = std::make_unique<RunningCluster>(m_dir.path() + u"/ws"_s, file);
    QVERIFY2(m_cluster->waitHealthy(180000, &why), qPrintable(why));
}

void TestCluster::defaultClusterComesUpHealthy()
{
    const CliResult r = runCli(QStringList{u"status"_s, u"--json"_s} + m_cluster->ws());
    QCOMPARE(r.exitCode, 0);
    const QJsonObject s = r.json();
    QCOMPARE(s.value(u"cluster"_s).toString(), u"it-default"_s);
    QCOMPARE(s.value(u"mode"_s).toString(), u"zookeeper"_s);
    const QJsonArray nodes = s.value(u"nodes"_s).toArray();
    QCOMPARE(nodes.size(), 6);
    int coordinators = 0, leaders = 0;
    for (const QJsonValue &v : nodes) {
        const QJsonObject n = v.toObject();
        QCOMPARE(n.value(u"state"_s).toString(), u"up"_s);
        QVERIFY(n.value(u"pid"_s).toInteger() > 0);
        QVERIFY(QFile::exists(u"/proc/%1"_s.arg(n.value(u"pid"_s).toInteger())));
        if (n.value(u"kind"_s).toString() == u"coordinator") {
            ++coordinators;
            QVERIFY(n.value(u"ports"_s).toObject().value(u"client"_s).toInt() > 0);
            leaders += n.value(u"role"_s).toString() == u"leader";
        } else {
            QVERIFY(n.value(u"ports"_s).toObject().value(u"listener"_s).toInt() > 0);
        }
    }
    QCOMPARE(coordinators, 3);
    QCOMPARE(leaders, 1);
    QVERIFY(s.value(u"quorum_leader"_s).toString().startsWith(u"zookeeper-"_s));
    QVERIFY(s.value(u"controller"_s).toInt(-1) >= 1);
    QCOMPARE(s.value(u"bootstrap"_s).toString().count(u','), 2);
    const auto partitions = partitionsOf(s, u"FINANCE-STOCK-TRADING-TEST"_s);
    QCOMPARE(partitions.size(), 3);
    for (const QJsonObject &p : partitions) {
        QVERIFY(p.value(u"leader"_s).toInt() >= 1);
        QCOMPARE(p.value(u"replicas"_s).toArray().size(), 3);
        QCOMPARE(p.value(u"isr"_s).toArray().size(), 3);
    }
    // Every node writes its log, and listens on loopback only.
    for (const QJsonValue &v : nodes) {
        const QJsonObject n = v.toObject();
        QVERIFY(
            QFile(m_cluster->workspace() + u"/nodes/"_s + n.value(u"name"_s).toString() + u"/logs/node.log"_s).size() >
            0);
        const QStringList addresses = listeningAddresses(n.value(u"pid"_s).toInteger());
        QVERIFY2(!addresses.isEmpty(), qPrintable(n.value(u"name"_s).toString()));
        for (const QString &a : addresses)
            QVERIFY2(a.startsWith(u"127.0.0.1:"_s), qPrintable(n.value(u"name"_s).toString() + u" listens on "_s + a));
    }
}

void TestCluster::thousandAcksAllMessagesAreAllConsumedBack()
{
    const QStringList ws = m_cluster->ws();
    CliResult r = runCli(QStringList{u"topics"_s, u"create"_s, u"roundtrip"_s, u"--partitions"_s, u"3"_s,
                                     u"--replication-factor"_s, u"3"_s} +
                         ws);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runCli(QStringList{u"produce"_s, u"-t"_s, u"roundtrip"_s, u"-n"_s, u"1000"_s, u"--acks"_s, u"all"_s, u"-k"_s,
                           u"k"_s, u"-v"_s, u"payload"_s, u"--json"_s} +
                   ws,
               120000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().value(u"acknowledged"_s).toInt(), 1000);
    QCOMPARE(r.json().value(u"failed"_s).toInt(), 0);
    // Read everything there is (no -n limit): exactly the 1000 messages, each once.
    r = runCli(
        QStringList{u"consume"_s, u"-t"_s, u"roundtrip"_s, u"--from-beginning"_s, u"--timeout"_s, u"8"_s, u"--json"_s} +
            ws,
        60000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1000);
    QSet<QString> seen;
    for (const QByteArray &line : lines) {
        const QJsonObject m = QJsonDocument::fromJson(line).object();
        QCOMPARE(m.value(u"value"_s).toString(), u"payload"_s);
        QCOMPARE(m.value(u"key"_s).toString(), u"k"_s);
        seen.insert(u"%1/%2"_s.arg(m.value(u"partition"_s).toInt()).arg(m.value(u"offset"_s).toInteger()));
    }
    QCOMPARE(seen.size(), 1000);
}

void TestCluster::gracefulStopMovesLeadershipAndStartRejoins()
{
    const QStringList ws = m_cluster->ws();
    const QString topic = u"FINANCE-STOCK-TRADING-TEST"_s;
    // Stop the broker that leads partition 0.
    QJsonObject status = runCli(QStringList{u"status"_s, u"--json"_s} + ws).json();
    const int leader = partitionsOf(status, topic).value(0).value(u"leader"_s).toInt();
    QVERIFY(leader >= 1);
    const QString victim = u"kafka-%1"_s.arg(leader);
    CliResult r = runCli(QStringList{u"stop"_s, victim} + ws);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(m_cluster->waitForStatus(
                 [&](const QJsonObject &s) {
                     if (nodeNamed(s, victim).value(u"state"_s).toString() != u"stopped")
                         return false;
                     for (const QJsonObject &p : partitionsOf(s, topic))
                         if (p.value(u"leader"_s).toInt() == leader || p.value(u"leader"_s).toInt() < 0)
                             return false;
                     return true;
                 },
                 60000, &status),
             QJsonDocument(status).toJson().constData());
    // A controlled shutdown exits with the JVM's SIGTERM status, not a crash.
    QCOMPARE(nodeNamed(status, victim).value(u"pid"_s).isNull(), true);

    r = runCli(QStringList{u"start"_s, victim} + ws);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(m_cluster->waitForStatus(
                 [&](const QJsonObject &s) {
                     if (nodeNamed(s, victim).value(u"state"_s).toString() != u"up")
                         return false;
                     for (const QJsonObject &p : partitionsOf(s, topic))
                         if (p.value(u"isr"_s).toArray().size() != 3)
                             return false;
                     return true;
                 },
                 90000, &status),
             QJsonDocument(status).toJson().constData());
    // Stopping a node that is not running is refused as bad input.
    r = runCli(QStringList{u"resume"_s, victim} + ws);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.text().contains(u"not paused"_s));
}

void TestCluster::downStopsEveryNodeAndLeavesOutsideFilesAlone()
{
    const QString outside = m_dir.path() + u"/outside"_s;
    QFile sentinel(outside + u"/keep.txt"_s);
    QVERIFY(sentinel.open(QIODevice::WriteOnly));
    sentinel.write("user data");
    sentinel.close();
    const QByteArray clusterFileBefore = [&] {
        QFile f(outside + u"/cluster.yaml"_s);
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }();
    const QStringList outsideBefore = QDir(outside).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);

    const CliResult r = runCli(QStringList{u"down"_s} + m_cluster->ws(), 120000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(m_cluster->process().waitForFinished(30000));
    QCOMPARE(m_cluster->process().exitCode(), 0);
    QVERIFY(ensemble::StrayReaper::find(m_cluster->workspace()).isEmpty());
    QCOMPARE(QDir(outside).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), outsideBefore);
    QFile f(outside + u"/cluster.yaml"_s);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), clusterFileBefore);
    QVERIFY(sentinel.open(QIODevice::ReadOnly));
    QCOMPARE(sentinel.readAll(), QByteArray("user data"));
    // The workspace keeps the data for the next start.
    QVERIFY(QFile::exists(m_cluster->workspace() + u"/nodes/kafka-1/data/meta.properties"_s));
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
