// Log-parsing throughput on recorded real node logs (tests/data/logs): lines per second on one core, for the
// ZooKeeper and Kafka parsers including the line split, as the engine runs them on every line a node prints.
#include "KafkaLogParser.h"
#include "LogLine.h"
#include "ZooKeeperLogParser.h"

#include <QDir>
#include <QFile>
#include <QStringList>

#include <benchmark/benchmark.h>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

QStringList load(const QString &prefix)
{
    QStringList lines;
    const QDir dir(QStringLiteral(ENSEMBLE_TEST_DATA) + u"/logs"_s);
    for (const QString &name : dir.entryList({prefix + u"*.log"_s}, QDir::Files)) {
        QFile f(dir.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            lines += QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    }
    return lines;
}

template <typename Parse> void run(benchmark::State &state, const QStringList &lines, Parse parse)
{
    if (lines.isEmpty()) {
        state.SkipWithError("no recorded logs found");
        return;
    }
    qsizetype events = 0;
    for (auto _ : state) {
        for (const QString &line : lines)
            if (const auto l = splitLogLine(line))
                events += parse(*l).size();
        benchmark::DoNotOptimize(events);
    }
    state.SetItemsProcessed(state.iterations() * lines.size());
    state.counters["events_per_pass"] = double(events) / double(state.iterations());
}

void ZooKeeperLines(benchmark::State &state)
{
    static const QStringList lines = load(u"walkthrough-zookeeper"_s);
    run(state, lines, [](const LogLine &l) { return parseZooKeeperLine(l, 1); });
}

void KafkaLines(benchmark::State &state)
{
    static const QStringList lines = load(u"walkthrough-kafka"_s) + load(u"paused-follower-kafka"_s);
    run(state, lines, [](const LogLine &l) { return parseKafkaLine(l, 1); });
}

// The worst case for the engine: only marker lines (every one yields an event).
void ZooKeeperVoteLines(benchmark::State &state)
{
    static const QStringList lines = load(u"walkthrough-zookeeper"_s).filter(u"Notification: my state:"_s);
    run(state, lines, [](const LogLine &l) { return parseZooKeeperLine(l, 1); });
}

} // namespace

BENCHMARK(ZooKeeperLines);
BENCHMARK(KafkaLines);
BENCHMARK(ZooKeeperVoteLines);
BENCHMARK_MAIN();
