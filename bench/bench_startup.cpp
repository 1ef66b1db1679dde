// Start-to-healthy of the default 3 + 3 cluster, Ensemble against the way Kafka's own scripts start it, in the
// same run, on the same machine, with the same generated node configs:
//   ensemble    `ensemble up` (all six JVMs at once, small heaps, serial GC, C1 only)
//   sequential  zookeeper-server-start.sh / kafka-server-start.sh style: one node after the other, each waited
//               for before the next (ZooKeeper: its client port accepts connections; a broker: it logs
//               "[KafkaServer id=N] started"), the scripts' JVM options (-Xmx512M ZooKeeper, -Xmx1G -Xms1G
//               brokers, G1), then the same topic is created.
// "Healthy" is the same for both: every partition of FINANCE-STOCK-TRADING-TEST has a leader and 3 in-sync
// replicas. Resident memory is the sum of VmRSS of the six JVMs at that moment.
//
// Usage: bench_startup [ROUNDS]   (default 3; needs the installed Kafka runtime and java)
#include "ClusterSpec.h"
#include "KafkaAdmin.h"
#include "NodeConfig.h"
#include "PortAllocator.h"
#include "RuntimeLocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

qint64 rssKb(qint64 pid)
{
    QFile f(u"/proc/%1/status"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

bool topicHealthy(const QString &bootstrap, const QString &topic, int partitions, int replicas)
{
    KafkaAdmin admin(bootstrap);
    auto md = admin.metadata(2000, topic);
    if (!md || md->topics.isEmpty() || md->topics.first().partitions.size() != partitions)
        return false;
    for (const PartitionState &p : md->topics.first().partitions)
        if (p.leader < 0 || p.isr.size() < replicas)
            return false;
    return true;
}

struct Result
{
    qint64 ms = -1;
    qint64 rssKb = 0;
};

Result runEnsemble(const QString &binary, const QString &dir)
{
    Result r;
    QProcess up;
    QElapsedTimer timer;
    timer.start();
    up.start(binary, {u"up"_s, u"--json"_s, u"-w"_s, dir + u"/ws"_s});
    QByteArray out;
    while (timer.elapsed() < 300000 && up.state() != QProcess::NotRunning) {
        up.waitForReadyRead(100);
        out += up.readAllStandardOutput();
        if (out.contains("\"kind\":\"cluster_healthy\"")) {
            r.ms = timer.elapsed();
            break;
        }
    }
    QProcess status;
    status.start(binary, {u"status"_s, u"--json"_s, u"-w"_s, dir + u"/ws"_s});
    status.waitForFinished(20000);
    const QJsonObject s = QJsonDocument::fromJson(status.readAllStandardOutput()).object();
    for (const QJsonValue &n : s.value(u"nodes"_s).toArray())
        r.rssKb += rssKb(n.toObject().value(u"pid"_s).toInteger());
    up.terminate();
    up.waitForFinished(120000);
    return r;
}

QStringList scriptJvmOptions(const NodeLayout &node, const QString &conf, const QString &logs)
{
    // kafka-run-class.sh's defaults; the heap from zookeeper-server-start.sh / kafka-server-start.sh.
    QStringList opts = node.kind == NodeKind::Coordinator ? QStringList{u"-Xmx512M"_s, u"-Xms512M"_s}
                                                          : QStringList{u"-Xmx1G"_s, u"-Xms1G"_s};
    opts += {u"-server"_s,
             u"-XX:+UseG1GC"_s,
             u"-XX:MaxGCPauseMillis=20"_s,
             u"-XX:InitiatingHeapOccupancyPercent=35"_s,
             u"-XX:+ExplicitGCInvokesConcurrent"_s,
             u"-XX:MaxInlineLevel=15"_s,
             u"-Djava.awt.headless=true"_s,
             u"-Dlog4j.configuration=file:"_s + conf + u"/log4j.properties"_s,
             u"-Dkafka.logs.dir="_s + logs};
    return opts;
}

Result runSequential(const Runtime &runtime, const ClusterSpec &spec, const QString &dir)
{
    Result r;
    auto layout = PortAllocator::allocate(spec);
    if (!layout) {
        std::fprintf(stderr, "%s\n", qPrintable(layout.error().message));
        return r;
    }
    std::vector<std::unique_ptr<QProcess>> procs;
    QElapsedTimer timer;
    timer.start();
    bool ok = true;
    for (const NodeLayout &node : layout->nodes) {
        const QString base = dir + u"/seq/"_s + node.name;
        const NodePaths paths{base + u"/conf"_s, base + u"/data"_s, base + u"/logs"_s};
        for (const QString &d : {paths.conf, paths.data, paths.logs})
            QDir().mkpath(d);
        QString error;
        NodeConfig::writeFiles(spec, layout.value(), node, paths, &error);
        auto p = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::MergedChannels);
        QStringList args = scriptJvmOptions(node, paths.conf, paths.logs);
        args += {u"-cp"_s, runtime.classpath(),
                 node.kind == NodeKind::Coordinator ? u"org.apache.zookeeper.server.quorum.QuorumPeerMain"_s
                                                    : u"kafka.Kafka"_s,
                 paths.conf + u'/' + NodeConfig::configFileName(node.kind)};
        p->start(runtime.java, args);
        // Wait for this node before starting the next, as a person following the quickstart does.
        QByteArray out;
        bool ready = false;
        const QByteArray started = "[KafkaServer id=" + QByteArray::number(node.id) + "] started";
        while (!ready && timer.elapsed() < 300000 && p->state() != QProcess::NotRunning) {
            if (node.kind == NodeKind::Coordinator) {
                QTcpSocket s;
                s.connectToHost(layout->host, quint16(node.clientPort));
                ready = s.waitForConnected(200);
                if (!ready)
                    QThread::msleep(50);
            } else {
                p->waitForReadyRead(100);
                out += p->readAll();
                ready = out.contains(started);
            }
        }
        procs.push_back(std::move(p));
        if (!ready) {
            std::fprintf(stderr, "sequential: %s did not start\n", qPrintable(node.name));
            ok = false;
            break;
        }
    }
    if (ok) {
        const QString bootstrap = layout->bootstrapServers();
        const TopicSpec &topic = spec.topics.first();
        if (auto s = KafkaAdmin(bootstrap).createTopic(topic, 30000); !s)
            std::fprintf(stderr, "sequential: %s\n", qPrintable(s.error().message));
        while (timer.elapsed() < 300000 &&
               !topicHealthy(bootstrap, topic.name, topic.partitions, topic.replicationFactor))
            QThread::msleep(100);
        r.ms = timer.elapsed();
        for (auto &p : procs)
            r.rssKb += rssKb(p->processId());
    }
    for (auto &p : procs) {
        p->kill();
        p->waitForFinished(10000);
    }
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 3;
    const QString binary = QCoreApplication::applicationDirPath() + u"/../app/ensemble"_s;
    const ClusterSpec spec = *parseClusterSpec(defaultClusterYaml()).spec;
    auto runtime = RuntimeLocator::locate(spec);
    if (!runtime) {
        std::fprintf(stderr, "%s\n", qPrintable(runtime.error().message));
        return 1;
    }
    std::printf("start to healthy, default cluster (3 ZooKeeper + 3 Kafka %s, %s profile), %d cores\n",
                qPrintable(runtime->kafkaVersion), qPrintable(toString(spec.profile)), QThread::idealThreadCount());
    std::printf("%-6s %14s %16s %7s %16s %18s\n", "round", "ensemble_ms", "sequential_ms", "ratio", "ensemble_rss_mb",
                "sequential_rss_mb");
    for (int i = 1; i <= rounds; ++i) {
        QTemporaryDir dir;
        const Result seq = runSequential(runtime.value(), spec, dir.path());
        const Result ens = runEnsemble(binary, dir.path());
        std::printf("%-6d %14lld %16lld %6.0f%% %16lld %18lld\n", i, ens.ms, seq.ms,
                    seq.ms > 0 ? 100.0 * double(ens.ms) / double(seq.ms) : 0.0, ens.rssKb / 1024, seq.rssKb / 1024);
        std::fflush(stdout);
    }
    return 0;
}
