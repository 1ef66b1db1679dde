// Producer throughput and latency of Ensemble's client layer (engine/KafkaProducer over librdkafka) against
// Kafka's own org.apache.kafka.tools.ProducerPerformance from the same runtime, on the same cluster, in the
// same run: 1 KB records, acks=1 and acks=all, as fast as possible — the tool with its own defaults and again with
// librdkafka's batching (batch.size=1048576 linger.ms=5) — then latency at a fixed 5,000 msg/s.
// Usage: bench_producer [RECORDS] [--paced-only]
//   (default 200000 records; starts its own default cluster in a temporary workspace)
#include "KafkaAdmin.h"
#include "KafkaProducer.h"
#include "Percentile.h"
#include "RuntimeLocator.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

struct Figures
{
    double recordsPerSec = 0;
    double p50 = 0;
    double p99 = 0;
    double steadyP99 = -1; // ours only: records sent after the first second
    double firstMs = -1;   // ours only: the first record's latency
};

// The Java producer batches up to 16 KB with linger.ms=0 by default; librdkafka (and so Ensemble) up to 1 MB with
// linger.ms=5. kLikeLibrdkafka gives Kafka's tool the same batching, to compare like with like.
const QStringList kLikeLibrdkafka{u"batch.size=1048576"_s, u"linger.ms=5"_s};

Figures kafkaTool(const Runtime &rt, const QString &bootstrap, const QString &topic, int records, const QString &acks,
                  int throughput, const QStringList &extraProps = {})
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    const QStringList args = QStringList{u"-Xmx512m"_s,         u"-cp"_s,
                                         rt.classpath(),        u"org.apache.kafka.tools.ProducerPerformance"_s,
                                         u"--topic"_s,          topic,
                                         u"--num-records"_s,    QString::number(records),
                                         u"--record-size"_s,    u"1024"_s,
                                         u"--throughput"_s,     QString::number(throughput),
                                         u"--producer-props"_s, u"bootstrap.servers="_s + bootstrap,
                                         u"acks="_s + acks} +
                             extraProps;
    p.start(rt.java, args);
    p.waitForFinished(600000);
    const QString outText = QString::fromUtf8(p.readAll());
    // "200000 records sent, 71234.5 records/sec (69.56 MB/sec), 12.3 ms avg latency, 345.0 ms max latency,
    //  10 ms 50th, 30 ms 95th, 40 ms 99th, 50 ms 99.9th."
    static const QRegularExpression re(
        u"(\\d+) records sent, ([\\d.]+) records/sec .*?([\\d.]+) ms 50th, ([\\d.]+) ms 95th, ([\\d.]+) ms 99th"_s);
    QRegularExpressionMatch last;
    for (auto it = re.globalMatch(outText); it.hasNext();)
        last = it.next();
    if (!last.hasMatch()) {
        std::fprintf(stderr, "ProducerPerformance said:\n%s\n", qPrintable(outText.right(2000)));
        return {};
    }
    return {last.captured(2).toDouble(), last.captured(3).toDouble(), last.captured(5).toDouble()};
}

Figures ours(const QString &bootstrap, const QString &topic, int records, const QString &acks, int rate)
{
    ProduceRequest r;
    r.topic = topic;
    r.value = QByteArray(1024, 'x');
    r.count = records;
    r.acks = acks;
    r.ratePerSecond = rate;
    r.timeoutMs = 120000;
    // Paced runs: also the latency of records sent after the first second, to tell start-up from steady state.
    std::vector<double> steady;
    double first = -1;
    if (rate > 0)
        r.onDelivery = [&](const DeliveryResult &d) {
            if (d.seq == 0)
                first = d.latencyMs;
            if (d.error.isEmpty() && d.seq >= rate)
                steady.push_back(d.latencyMs);
        };
    auto report = KafkaProducer(bootstrap).produce(r);
    if (!report || report->acked == 0)
        return {};
    return {double(report->acked) * 1000.0 / double(std::max<qint64>(1, report->elapsedMs)),
            report->latencyPercentileMs(0.5), report->latencyPercentileMs(0.99),
            steady.empty() ? -1 : percentileOf(steady, 0.99), first};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int records = argc > 1 && argv[1][0] != '-' ? std::max(1000, atoi(argv[1])) : 200000;
    const QString binary = QCoreApplication::applicationDirPath() + u"/../app/ensemble"_s;
    auto rt = RuntimeLocator::locate(ClusterSpec{});
    if (!rt) {
        std::fprintf(stderr, "%s\n", qPrintable(rt.error().message));
        return 1;
    }
    QTemporaryDir dir;
    QProcess up;
    up.start(binary, {u"up"_s, u"-q"_s, u"-w"_s, dir.path() + u"/ws"_s});
    up.waitForStarted();
    QByteArray out;
    while (!out.contains("healthy in") && up.state() == QProcess::Running) {
        up.waitForReadyRead(500);
        out += up.readAll();
    }
    if (!out.contains("healthy in")) {
        std::fprintf(stderr, "the cluster did not start:\n%s%s\n", out.constData(),
                     up.readAllStandardError().constData());
        return 1;
    }
    QProcess status;
    status.start(binary, {u"status"_s, u"--json"_s, u"-w"_s, dir.path() + u"/ws"_s});
    status.waitForFinished(20000);
    const QString bootstrap =
        QJsonDocument::fromJson(status.readAllStandardOutput()).object().value(u"bootstrap"_s).toString();
    KafkaAdmin admin(bootstrap);
    for (const QString &t : {u"bench-ours"_s, u"bench-kafka"_s})
        (void)admin.createTopic(TopicSpec{t, 3, 3, {{u"min.insync.replicas"_s, u"2"_s}}}, 15000);

    std::printf("producer, 1 KB records, default cluster (3 brokers, topic with 3 partitions, replication factor 3)\n");
    const bool pacedOnly = QCoreApplication::arguments().contains(u"--paced-only"_s);
    std::printf("%-46s %12s %10s %10s %8s %8s\n", "client", "records/s", "vs tool", "vs batched", "p50 ms", "p99 ms");
    const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    for (const QString &acks : {u"1"_s, u"all"_s}) {
        if (pacedOnly)
            break;
        const Figures k = kafkaTool(rt.value(), bootstrap, u"bench-kafka"_s, records, acks, -1);
        const Figures kb = kafkaTool(rt.value(), bootstrap, u"bench-kafka"_s, records, acks, -1, kLikeLibrdkafka);
        const Figures o = ours(bootstrap, u"bench-ours"_s, records, acks, 0);
        std::printf("%-46s %12.0f %9.2fx %9.2fx %8.1f %8.1f\n", qPrintable(u"kafka ProducerPerformance acks="_s + acks),
                    k.recordsPerSec, 1.0, ratio(k.recordsPerSec, kb.recordsPerSec), k.p50, k.p99);
        std::printf("%-46s %12.0f %9.2fx %9.2fx %8.1f %8.1f\n",
                    qPrintable(u"kafka ProducerPerformance batched acks="_s + acks), kb.recordsPerSec,
                    ratio(kb.recordsPerSec, k.recordsPerSec), 1.0, kb.p50, kb.p99);
        std::printf("%-46s %12.0f %9.2fx %9.2fx %8.1f %8.1f\n", qPrintable(u"ensemble (librdkafka) acks="_s + acks),
                    o.recordsPerSec, ratio(o.recordsPerSec, k.recordsPerSec), ratio(o.recordsPerSec, kb.recordsPerSec),
                    o.p50, o.p99);
        std::fflush(stdout);
    }
    const int paced = 50000; // 10 s at 5,000 msg/s
    std::printf("\nlatency at a fixed 5,000 msg/s (%d records, acks=all)\n", paced);
    const Figures k = kafkaTool(rt.value(), bootstrap, u"bench-kafka"_s, paced, u"all"_s, 5000);
    const Figures o = ours(bootstrap, u"bench-ours"_s, paced, u"all"_s, 5000);
    std::printf("%-34s %14.0f %14s %9.1f %9.1f\n", "kafka ProducerPerformance", k.recordsPerSec, "", k.p50, k.p99);
    std::printf("%-34s %14.0f %14s %9.1f %9.1f\n", "ensemble (librdkafka)", o.recordsPerSec, "", o.p50, o.p99);
    std::printf("  ensemble: first record acknowledged after %.1f ms; p99 of the records sent after the first second "
                "%.1f ms\n",
                o.firstMs, o.steadyP99);
    up.terminate();
    up.waitForFinished(120000);
    return 0;
}
