// `ensemble up`: runs a cluster in the foreground until Ctrl-C, SIGTERM or `ensemble down`.
#include "Cli.h"

#include "AppLog.h"
#include "ClusterRun.h"
#include "DetachedUp.h"
#include "RuntimeLocator.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT/SIGTERM/SIGHUP become a queued call on the event loop (a signal handler may do almost nothing).
void installSignalHandlers(QObject *context, const std::function<void()> &handler)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [handler] {
        char byte;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
        handler();
    });
    struct sigaction sa
    {
    };
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1) + u" s"_s;
}

} // namespace

int runUp(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption fileOpt({u"f"_s, u"file"_s}, u"Cluster file (default: the built-in 3 + 3 cluster)."_s,
                                     u"FILE"_s);
    const QCommandLineOption wsOpt(
        {u"w"_s, u"workspace"_s}, u"Workspace directory (default: ~/.local/share/ensemble/clusters/NAME)."_s, u"DIR"_s);
    const QCommandLineOption jsonOpt(u"json"_s, u"Print events as JSON lines on stdout (progress goes to stderr)."_s);
    const QCommandLineOption quietOpt({u"q"_s, u"quiet"_s}, u"Print progress only, not every event."_s);
    const QCommandLineOption detachOpt(
        {u"d"_s, u"detach"_s},
        u"Run the cluster in the background, owned by a supervisor process; return once it is healthy."_s);
    const QCommandLineOption resetPortsOpt(
        u"reset-ports"_s,
        u"Forget the ports this workspace kept from its first start and pick them again (the bootstrap changes)."_s);
    QCommandLineOption readyFdOpt(u"ready-fd"_s, u"(internal) the supervisor's report pipe."_s, u"FD"_s);
    readyFdOpt.setFlags(QCommandLineOption::HiddenFromHelp);
    const QCommandLineOption proxiesOpt(
        u"link-proxies"_s, u"ZooKeeper servers (KRaft: every node, to the controllers) reach each other through "
                           "proxies that Ensemble owns, so that their links can be cut or slowed (ensemble isolate, "
                           "partition, slow, heal)."_s);
    const QCommandLineOption noProxiesOpt(u"no-link-proxies"_s,
                                          u"Nodes dial each other directly: no network faults (isolate, partition, "
                                          "slow, heal) on this run."_s);
    parser.addOptions(
        {fileOpt, wsOpt, jsonOpt, quietOpt, detachOpt, resetPortsOpt, proxiesOpt, noProxiesOpt, readyFdOpt});
    int code = 0;
    if (!parse(parser, u"up"_s,
               u"Start a cluster in the foreground and print its events. Ctrl-C (or `ensemble down`) stops every node "
               "cleanly."_s,
               args, &code))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return usageError(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()), u"up"_s);
    if (parser.isSet(proxiesOpt) && parser.isSet(noProxiesOpt))
        return usageError(u"--link-proxies and --no-link-proxies contradict each other; give one"_s, u"up"_s);
    const bool json = parser.isSet(jsonOpt);
    QTextStream &progress = json ? err() : out();

    const QString file = parser.value(fileOpt);
    if (parser.isSet(detachOpt)) {
        if (json)
            return usageError(u"--json prints events in the foreground; leave it out with -d"_s, u"up"_s);
        // Bad input fails here, before a supervisor exists: the cluster file, the runtime, the workspace.
        const SpecParseResult parsed = file.isEmpty() ? parseClusterSpec(defaultClusterYaml()) : loadClusterSpec(file);
        for (const Diagnostic &d : parsed.diagnostics)
            err() << d.format(file.isEmpty() ? u"default cluster"_s : file) << Qt::endl;
        if (!parsed.spec)
            return fail(Error::badInput(u"the cluster file has errors; nothing was started"_s));
        if (auto runtime = RuntimeLocator::locate(*parsed.spec); !runtime)
            return fail(runtime.error());
        const QString wsDir = parser.isSet(wsOpt) ? parser.value(wsOpt) : Workspace::defaultDirFor(parsed.spec->name);
        auto workspace = Workspace::openOrCreate(wsDir);
        if (!workspace)
            return fail(workspace.error());
        QStringList upArgs;
        if (!file.isEmpty())
            upArgs << u"-f"_s << QFileInfo(file).absoluteFilePath();
        if (parser.isSet(resetPortsOpt))
            upArgs << u"--reset-ports"_s;
        if (parser.isSet(proxiesOpt))
            upArgs << u"--link-proxies"_s;
        if (parser.isSet(noProxiesOpt))
            upArgs << u"--no-link-proxies"_s;
        return startDetached(workspace->root(), upArgs);
    }
    ReadyPipe ready(parser.isSet(readyFdOpt) ? parser.value(readyFdOpt).toInt() : -1);

    const bool quiet = parser.isSet(quietOpt);
    AppLog::installQtMessageHandler(); // Qt's messages also go to WORKSPACE/ensemble.log once the run has one
    ClusterRun run(file, parser.isSet(wsOpt) ? parser.value(wsOpt) : QString());
    run.setResetPorts(parser.isSet(resetPortsOpt));
    if (parser.isSet(proxiesOpt) || parser.isSet(noProxiesOpt))
        run.setLinkProxies(parser.isSet(proxiesOpt));
    int exitCode = Ok;
    bool stopping = false;
    Engine *engine = nullptr;
    auto stopAll = [&](int code) {
        if (stopping)
            return;
        stopping = true;
        exitCode = code;
        if (!engine) { // still setting up: nothing runs yet
            QCoreApplication::exit(code);
            return;
        }
        progress << "  stopping the cluster..." << Qt::endl;
        engine->shutdown();
    };
    auto printDiagnostics = [&] {
        for (const QString &d : run.diagnostics())
            err() << d << Qt::endl;
    };
    QObject::connect(&run, &ClusterRun::progress, &run,
                     [&progress](const QString &message) { progress << "  " << message << Qt::endl; });
    QObject::connect(&run, &ClusterRun::failed, &run, [&](const Error &error) {
        printDiagnostics();
        ready.failed(error.message);
        exitCode = fail(error);
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&run, &ClusterRun::ready, &run, [&] {
        printDiagnostics();
        engine = run.engine();
        if (stopping) { // Ctrl-C during the set-up
            QCoreApplication::exit(exitCode);
            return;
        }
        progress << "ensemble: cluster '" << engine->spec().name << "' in " << engine->workspace().root() << Qt::endl;
        QObject::connect(engine, &Engine::progress, engine,
                         [&progress](const QString &message) { progress << "  " << message << Qt::endl; });
        QObject::connect(engine, &Engine::eventEmitted, engine, [&](const ClusterEvent &e) {
            if (json)
                printJson(e.toJson());
            else if (!quiet)
                out() << "  " << e.toText() << Qt::endl;
        });
        QObject::connect(engine, &Engine::healthy, engine, [&](qint64 ms) {
            progress << "ensemble: healthy in " << seconds(ms) << " — bootstrap " << engine->layout().bootstrapServers()
                     << (engine->spec().mode == ClusterMode::KRaft
                             ? u" — KRaft voters "_s + engine->layout().quorumVoters()
                             : u" — zookeeper "_s + engine->layout().zookeeperConnect())
                     << Qt::endl
                     << "          `ensemble status` shows it; Ctrl-C stops it." << Qt::endl;
            ready.healthy(engine->layout().bootstrapServers());
        });
        QObject::connect(engine, &Engine::startFailed, engine, [&](const QString &message) {
            err() << "ensemble: error: the cluster did not start: " << message << Qt::endl;
            ready.failed(message);
            stopAll(RuntimeFailure);
        });
        QObject::connect(engine, &Engine::shutdownRequested, engine, [&] { stopAll(Ok); });
        QObject::connect(engine, &Engine::stopped, engine, [&] {
            progress << "ensemble: every node stopped" << Qt::endl;
            QCoreApplication::exit(exitCode);
        });
        engine->start();
    });
    installSignalHandlers(&run, [&] { stopAll(Ok); });
    run.setUp();
    return QCoreApplication::exec();
}

} // namespace ensemble::cli
