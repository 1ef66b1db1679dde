// `ensemble scenario list` and `ensemble scenario run NAME|FILE`: guided failover lessons (docs/scenarios.md).
#include "Cli.h"

#include "ControlClient.h"
#include "Scenario.h"
#include "ScenarioRunner.h"

#include <QFileInfo>
#include <QJsonArray>

#include <atomic>
#include <csignal>
#include <signal.h> // sigaction

using namespace Qt::StringLiterals;

namespace ensemble::cli {

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void onScenarioInterrupt(int)
{
    g_interrupted.store(true);
}

int listScenarios(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"Print the lessons as one JSON object."_s);
    parser.addOption(jsonOpt);
    int code = 0;
    if (!parse(parser, u"scenario list"_s, u"The built-in lessons, and whether each can run on this build."_s, args,
               &code))
        return code;
    QJsonArray all;
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult parsed = parseScenario(builtinScenarioYaml(name));
        if (!parsed.scenario)
            return fail(Error::runtime(
                u"the built-in lesson %1 does not parse: %2"_s.arg(name, parsed.diagnostics.value(0).format(name))));
        const Scenario &s = *parsed.scenario;
        const QString why = ScenarioRunner::unavailableReason(s);
        all.append(QJsonObject{{u"name"_s, s.name},
                               {u"title"_s, s.title},
                               {u"mode"_s, s.mode},
                               {u"available"_s, why.isEmpty()},
                               {u"why_not"_s, why},
                               {u"description"_s, s.description}});
        if (!parser.isSet(jsonOpt))
            out() << (why.isEmpty() ? "  " : "- ") << s.name.leftJustified(30) << ' ' << s.title
                  << (why.isEmpty() ? QString() : u"   ["_s + why + u"]"_s) << '\n';
    }
    if (parser.isSet(jsonOpt))
        printJson({{u"scenarios"_s, all}});
    else
        out() << "run one with `ensemble scenario run NAME` against a running cluster (`ensemble up`)" << Qt::endl;
    return Ok;
}

int runScenario(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"Print the report as one JSON object (narration goes to stderr)."_s);
    parser.addOptions({workspaceOption(), jsonOpt});
    parser.addPositionalArgument(u"scenario"_s, u"A built-in lesson's name (`ensemble scenario list`) or a file."_s);
    int code = 0;
    if (!parse(parser, u"scenario run"_s,
               u"Play a lesson against the running cluster: each step's narration, action and expectation. Exits 1 "
               "when an expectation fails (saying which and what was seen), 2 for a bad scenario file. The cluster "
               "is restored at the end."_s,
               args, &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"name one lesson or scenario file"_s, u"scenario run"_s);
    const QString what = parser.positionalArguments().first();
    ScenarioParseResult parsed;
    QString source = what;
    if (const QByteArray yaml = builtinScenarioYaml(what); !yaml.isEmpty() && !QFileInfo::exists(what)) {
        parsed = parseScenario(yaml);
        source = u"builtin:"_s + what;
    } else if (QFileInfo::exists(what)) {
        parsed = loadScenario(what);
    } else {
        return fail(Error::badInput(
            u"no lesson or file '%1' — see `ensemble scenario list`, or give a scenario file's path"_s.arg(what)));
    }
    for (const Diagnostic &d : std::as_const(parsed.diagnostics))
        err() << d.format(source) << '\n';
    if (!parsed.scenario) {
        err().flush();
        return BadUsage;
    }
    const Scenario &scenario = *parsed.scenario;
    if (const QString why = ScenarioRunner::unavailableReason(scenario); !why.isEmpty())
        return fail(Error::runtime(u"scenario %1 %2"_s.arg(scenario.name, why)));
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
    QTextStream &talk = json ? err() : out();
    talk << scenario.title << "\n" << scenario.description.simplified() << "\n" << Qt::endl;
    ScenarioRunner runner(
        first->value(u"bootstrap"_s).toString(),
        {status,
         [ws](const QString &action, const QString &node) -> Status {
             auto a = ControlClient::request(ws, {{u"cmd"_s, u"node"_s}, {u"action"_s, action}, {u"node"_s, node}});
             if (!a)
                 return a.error();
             return ok();
         },
         [&talk](const QString &line) { talk << line << Qt::endl; }});
    runner.setFaultHook([ws](const NetworkFault &fault) { return ControlClient::sendFault(ws, fault); });
    // Ctrl-C: stop after the current step, put the cluster back, then exit.
    runner.cancel = &g_interrupted;
    struct sigaction onSignal = {};
    onSignal.sa_handler = onScenarioInterrupt;
    onSignal.sa_flags = SA_RESETHAND;
    sigemptyset(&onSignal.sa_mask);
    sigaction(SIGINT, &onSignal, nullptr);
    sigaction(SIGTERM, &onSignal, nullptr);
    auto report = runner.run(scenario);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!report)
        return fail(report.error());
    if (json)
        printJson(report->toJson());
    else if (report->passed)
        out() << "passed: " << scenario.name << " in " << QString::number(double(report->elapsedMs) / 1000.0, 'f', 1)
              << " s" << Qt::endl;
    if (!report->passed)
        err() << "ensemble: error: scenario " << scenario.name << " failed at " << report->failure << Qt::endl;
    return report->passed ? Ok : RuntimeFailure;
}
} // namespace

int runScenarioCommand(const QStringList &args)
{
    const QString sub = args.value(0);
    if (sub == u"list")
        return listScenarios(args.mid(1));
    if (sub == u"run")
        return runScenario(args.mid(1));
    return usageError(u"use `ensemble scenario list` or `ensemble scenario run NAME|FILE [--json] [-w DIR]`"_s,
                      u"scenario"_s);
}

} // namespace ensemble::cli
