// `ensemble drill`: the built-in failover drill against the running cluster (see engine/FailoverDrill.h).
#include "Cli.h"

#include "ChaosFaults.h"
#include "ControlClient.h"
#include "FailoverDrill.h"

#include <QJsonArray>

#include <atomic>
#include <csignal>
#include <random>
#include <signal.h> // sigaction

using namespace Qt::StringLiterals;

namespace ensemble::cli {

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int)
{
    g_interrupted.store(true); // lock-free: safe in a signal handler
}
} // namespace

int runDrill(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"Print the report as one JSON object."_s);
    const QCommandLineOption rateOpt(u"rate"_s, u"Messages per second while the drill runs (default 400)."_s, u"N"_s,
                                     u"400"_s);
    const QCommandLineOption killsOpt(u"kills"_s, u"How many leader kills (default 2)."_s, u"N"_s, u"2"_s);
    const QCommandLineOption chaosOpt(
        u"chaos"_s, u"Random faults instead of the leader kills (kill, stop, pause, restart; with link proxies, "
                    "`ensemble up --link-proxies`, also isolate and slow — without them those two are skipped; quorum "
                    "servers and brokers, leaders and followers), one at a time, for --duration, every one healed "
                    "at the end."_s);
    const QCommandLineOption durationOpt(u"duration"_s, u"With --chaos: how long faults go on (default 60)."_s,
                                         u"SEC"_s, u"60"_s);
    const QCommandLineOption intervalOpt(u"interval"_s,
                                         u"With --chaos: start a fault at most every SEC seconds (default 0: the "
                                         "next as soon as the cluster is whole again; 60 for a soak)."_s,
                                         u"SEC"_s, u"0"_s);
    const QCommandLineOption seedOpt(u"seed"_s,
                                     u"With --chaos: the seed of the fault sequence (default: random; "
                                     "the report says which, to repeat it)."_s,
                                     u"N"_s);
    const QCommandLineOption unsafeOpt(u"unsafe"_s, u"With --chaos: also fault groups that cannot spare a node (a "
                                                    "single ZooKeeper server, fewer than 3 controllers)."_s);
    parser.addOptions(
        {workspaceOption(), jsonOpt, rateOpt, killsOpt, chaosOpt, durationOpt, intervalOpt, seedOpt, unsafeOpt});
    int code = 0;
    if (!parse(parser, u"drill"_s,
               u"Failover drill: produce with acks=all to a new topic (replication factor 3, min.insync.replicas=2), "
               "kill its leader broker twice with a restart between (or, with --chaos, random faults for a while), "
               "read everything back, and report acknowledged, consumed, lost and duplicated messages. Exits 1 when "
               "any acknowledged message was lost."_s,
               args, &code))
        return code;
    bool ok1 = false, ok2 = false;
    const int rate = parser.value(rateOpt).toInt(&ok1);
    const int kills = parser.value(killsOpt).toInt(&ok2);
    if (!ok1 || rate < 1 || rate > 100000)
        return usageError(u"--rate takes 1 to 100000 messages per second"_s, u"drill"_s);
    if (!ok2 || kills < 1 || kills > 10)
        return usageError(u"--kills takes 1 to 10"_s, u"drill"_s);
    const bool chaos = parser.isSet(chaosOpt);
    bool ok3 = false, ok4 = true;
    const int duration = parser.value(durationOpt).toInt(&ok3);
    quint64 seed = parser.isSet(seedOpt) ? parser.value(seedOpt).toULongLong(&ok4) : std::random_device{}();
    bool ok5 = false;
    const int interval = parser.value(intervalOpt).toInt(&ok5);
    if (!chaos &&
        (parser.isSet(durationOpt) || parser.isSet(intervalOpt) || parser.isSet(seedOpt) || parser.isSet(unsafeOpt)))
        return usageError(u"--duration, --interval, --seed and --unsafe go with --chaos"_s, u"drill"_s);
    if (!ok3 || duration < 5 || duration > 86400)
        return usageError(u"--duration takes 5 to 86400 seconds"_s, u"drill"_s);
    if (!ok5 || interval < 0 || interval > 3600)
        return usageError(u"--interval takes 0 to 3600 seconds"_s, u"drill"_s);
    if (!ok4)
        return usageError(u"--seed takes a whole number from 0 to 18446744073709551615"_s, u"drill"_s);
    auto root = ControlClient::resolveWorkspace(parser.value(u"workspace"_s));
    if (!root)
        return fail(root.error());
    const QString ws = root.value();
    auto status = [ws]() -> Expected<QJsonObject> {
        auto answer = ControlClient::request(ws, {{u"cmd"_s, u"status"_s}});
        if (!answer)
            return answer.error();
        return answer->value(u"status"_s).toObject();
    };
    auto first = status();
    if (!first)
        return fail(first.error());
    const bool json = parser.isSet(jsonOpt);
    FailoverDrill drill(
        first->value(u"bootstrap"_s).toString(),
        {status,
         [ws](const QString &action, const QString &node) -> Status {
             auto a = ControlClient::request(ws, {{u"cmd"_s, u"node"_s}, {u"action"_s, action}, {u"node"_s, node}});
             if (!a)
                 return a.error();
             return ok();
         },
         [ws](const NetworkFault &fault) {
             return ControlClient::sendFault(ws, fault);
         }, // --chaos: isolate, slow, heal
         [json](const QString &message) { (json ? err() : out()) << "  " << message << Qt::endl; }});
    drill.ratePerSecond = rate;
    drill.kills = kills;
    if (chaos) {
        const ChaosFaults faults(seed, duration, parser.isSet(unsafeOpt), interval);
        drill.faultPhase = [faults](const DrillFaultContext &c, QJsonObject *out) { return faults.run(c, out); };
    }
    // Ctrl-C or SIGTERM: stop producing, restart a broker the drill killed, delete the drill topic, then exit.
    drill.cancel = &g_interrupted;
    // Once: a second Ctrl-C (cleanup taking too long) ends the command the default way.
    struct sigaction onSignal = {};
    onSignal.sa_handler = onInterrupt;
    onSignal.sa_flags = SA_RESETHAND;
    sigemptyset(&onSignal.sa_mask);
    sigaction(SIGINT, &onSignal, nullptr);
    sigaction(SIGTERM, &onSignal, nullptr);
    auto report = drill.run();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!report)
        return fail(report.error());
    const DrillReport &r = report.value();
    if (json) {
        printJson(r.toJson());
    } else {
        out() << "drill on " << r.topic << " took " << QString::number(double(r.elapsedMs) / 1000.0, 'f', 1) << " s\n"
              << "  sent         " << r.attempted << " = " << r.acknowledged << " acknowledged + " << r.refused
              << " refused + " << r.timedOut << " timed out + " << r.unknown << " unknown (no report)\n"
              << "  writes failed for " << QString::number(double(r.failingMs) / 1000.0, 'f', 1)
              << " s (refused: too few replicas in sync, or timed out)\n"
              << "  consumed     " << r.consumed << "\n"
              << "  lost         " << r.lost << "   (acknowledged but never read)\n"
              << "  duplicated   " << r.duplicated << Qt::endl;
        if (const QJsonObject c = r.faults.value(u"chaos"_s).toObject(); !c.isEmpty())
            out() << "  faults       " << c.value(u"faults"_s).toArray().size() << " (seed "
                  << c.value(u"seed"_s).toString() << ": `--seed " << c.value(u"seed"_s).toString()
                  << "` repeats the sequence); cluster "
                  << (c.value(u"healthy"_s).toBool() ? "whole again" : "NOT whole again") << Qt::endl;
    }
    // Chaos also fails when the cluster was not whole again at the end (the report's chaos.healthy).
    const bool whole = !chaos || r.faults.value(u"chaos"_s).toObject().value(u"healthy"_s).toBool();
    return r.lost == 0 && r.acknowledged > 0 && whole ? Ok : RuntimeFailure;
}

} // namespace ensemble::cli
