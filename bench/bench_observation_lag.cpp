// Observation lag on a live default cluster: from the moment a node writes a log line (its own timestamp) to the
// moment Ensemble emits the event read from it (the event's wall clock). Drives elections and failovers so there
// is something to see: SIGKILL and restart of the ZooKeeper leader and of a broker, then a graceful stop.
// Usage: bench_observation_lag [ROUNDS]   (default 2)
#include "Percentile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QString g_binary;
QStringList g_ws;

QByteArray cli(const QStringList &args)
{
    QProcess p;
    p.start(g_binary, args + g_ws);
    p.waitForFinished(60000);
    return p.readAllStandardOutput();
}

QJsonObject status()
{
    return QJsonDocument::fromJson(cli({u"status"_s, u"--json"_s})).object();
}

void waitRecovered()
{
    for (int i = 0; i < 240; ++i) {
        const QJsonObject s = status();
        bool ok = !s.value(u"quorum_leader"_s).isNull() && !s.value(u"controller"_s).isNull();
        for (const QJsonValue &n : s.value(u"nodes"_s).toArray())
            ok = ok && n.toObject().value(u"state"_s).toString() == u"up";
        for (const QJsonValue &t : s.value(u"topics"_s).toArray())
            for (const QJsonValue &p : t.toObject().value(u"partitions"_s).toArray())
                ok = ok && p.toObject().value(u"isr"_s).toArray().size() ==
                               p.toObject().value(u"replicas"_s).toArray().size();
        if (ok)
            return;
        QThread::msleep(500);
    }
}

double percentile(std::vector<qint64> v, double p)
{
    return ensemble::percentileOf(v, p);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 2;
    g_binary = QCoreApplication::applicationDirPath() + u"/../app/ensemble"_s;
    QTemporaryDir dir;
    g_ws = {u"-w"_s, dir.path() + u"/ws"_s};
    QProcess up;
    up.start(g_binary, QStringList{u"up"_s, u"-q"_s} + g_ws);
    up.waitForStarted();
    QByteArray out;
    while (!out.contains("healthy in") && up.state() == QProcess::Running) {
        up.waitForReadyRead(500);
        out += up.readAll();
    }
    for (int r = 0; r < rounds; ++r) {
        const QString zk = status().value(u"quorum_leader"_s).toString();
        cli({u"kill"_s, zk});
        QThread::sleep(3);
        cli({u"start"_s, zk});
        waitRecovered();
        const QString broker = u"kafka-%1"_s.arg(r % 3 + 1);
        cli({u"kill"_s, broker});
        QThread::sleep(7);
        cli({u"start"_s, broker});
        waitRecovered();
        cli({u"stop"_s, broker});
        QThread::sleep(2);
        cli({u"start"_s, broker});
        waitRecovered();
    }
    up.terminate();
    up.waitForFinished(120000);

    QFile f(dir.path() + u"/ws/events.jsonl"_s);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "no event log\n");
        return 1;
    }
    std::vector<qint64> all, votes;
    while (!f.atEnd()) {
        const QJsonObject e = QJsonDocument::fromJson(f.readLine()).object();
        const QJsonObject fields = e.value(u"fields"_s).toObject();
        if (e.value(u"source"_s).toString() != u"log" || !fields.contains(u"log_ms"_s))
            continue;
        const qint64 lag = e.value(u"wall"_s).toInteger() - fields.value(u"log_ms"_s).toInteger();
        all.push_back(lag);
        if (e.value(u"kind"_s).toString() == u"vote")
            votes.push_back(lag);
    }
    std::printf("observation lag, node log line -> Ensemble event (ms; log timestamps have 1 ms resolution)\n");
    std::printf("%-12s %8s %6s %6s %6s %6s\n", "events", "count", "p50", "p90", "p99", "max");
    auto row = [](const char *name, const std::vector<qint64> &v) {
        std::printf("%-12s %8zu %6.0f %6.0f %6.0f %6.0f\n", name, v.size(), percentile(v, 0.5), percentile(v, 0.9),
                    percentile(v, 0.99), v.empty() ? 0.0 : double(*std::max_element(v.begin(), v.end())));
    };
    row("all (log)", all);
    row("votes", votes);
    return 0;
}
