// ensemble: the GUI by default (coming), headless subcommands otherwise.
// Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input.
#include "Cli.h"

#include "AppLog.h"
#include "GuiApp.h"
#include "RuntimeLocator.h"

#include <QCoreApplication>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;
using namespace ensemble::cli;

namespace {

const char *kHelp =
    "Usage: ensemble COMMAND [OPTIONS]\n"
    "Run a real Apache Kafka cluster (ZooKeeper + Kafka JVMs) on this machine, watch it, break it.\n"
    "\n"
    "Cluster:\n"
    "  gui         the window (also with no arguments): -f FILE, -w DIR, --screenshot FILE [--after SEC]\n"
    "  up          start a cluster in the foreground (-f FILE, -w DIR, --json); -d: in the background\n"
    "              --reset-ports: pick new ports (a workspace keeps the ports of its first start)\n"
    "  down        stop the running cluster (--purge deletes its workspace)\n"
    "  ls          the clusters, running and stopped: state, mode, version, bootstrap, workspace (--json)\n"
    "  status      nodes, roles, controller, partitions (--json)\n"
    "  events      the event stream (--follow, --json, --since MS)\n"
    "Nodes:\n"
    "  kill NODE | stop NODE | start NODE | restart NODE | pause NODE | resume NODE\n"
    "Network (ZooKeeper peer links):\n"
    "  isolate NODE | partition A,B / C | slow NODE --latency MS [--jitter MS] | heal [NODE]\n"
    "Kafka:\n"
    "  produce     -t TOPIC [-k KEY] [-v VALUE] [--header N=V] [-p N] [-n COUNT] [--rate N] [--acks 0|1|all]\n"
    "              placeholders {{seq}} {{uuid}} {{now}} {{random_int(a,b)}} (--literal: none); --json [--verbose]\n"
    "  consume     -t TOPIC [--from-beginning | -p N --offset O | --from-timestamp MS|ISO] [-n MAX] [--json]\n"
    "              [--group GROUP]: read as a consumer group member, committing what was read\n"
    "  groups      [GROUP] consumer groups with committed offsets and lag per partition (--json)\n"
    "  drill       failover drill: produce acks=all, kill leaders (or --chaos), count lost messages (--json)\n"
    "  scenario    list | run NAME|FILE [--json]: guided failover lessons that check what happens\n"
    "  topics      list | describe NAME | create NAME [--partitions P] [--replication-factor R] [--config K=V]\n"
    "              | add-partitions NAME --partitions P | delete NAME\n"
    "Cluster files:\n"
    "  validate    -f FILE: check a cluster file, or lint a docker-compose file\n"
    "  init        [--kraft] [FILE]: write the default cluster file (--kraft: 3 controllers + 3 brokers, Kafka 4.4.0)\n"
    "  export      [-f FILE] --format compose|properties|strimzi|yaml -o DIR: run the cluster elsewhere\n"
    "  import      COMPOSE.yml -o FILE: a docker-compose file's ZooKeeper/Kafka services as a cluster file\n"
    "Runtimes:\n"
    "  runtime     list | install VERSION | archive VERSION | remove VERSION: Kafka runtimes from Maven Central,\n"
    "              checksums verified; archive: class-data archives for fast starts (install makes them too)\n"
    "\n"
    "  --version   print the version;  COMMAND --help for a command's options.\n"
    "Commands that talk to a cluster take -w DIR, which may be left out when exactly one cluster runs.\n"
    "Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n"
    "Logs (attach them to a problem report): Ensemble's own log of a cluster in WORKSPACE/ensemble.log, the\n"
    "window's in %1; each node's output in WORKSPACE/nodes/NODE/logs/node.log.\n";

} // namespace

int main(int argc, char *argv[])
{
    // The window (no arguments, `gui`, `--screenshot`) needs a QApplication; every other command stays headless.
    if (ensemble::ui::isGuiInvocation(argc, argv))
        return ensemble::ui::runGui(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"ensemble"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(ENSEMBLE_VERSION));
    // Our own debug lines only on request: ENSEMBLE_DEBUG=1.
    if (qEnvironmentVariableIsEmpty("ENSEMBLE_DEBUG"))
        QLoggingCategory::setFilterRules(u"ensemble.*.debug=false"_s);

    QStringList args = app.arguments().mid(1);
    if (args.first() == u"--help" || args.first() == u"-h" || args.first() == u"help") {
        out() << QString::fromUtf8(kHelp).arg(ensemble::AppLog::windowLogFile());
        out().flush();
        return Ok;
    }
    const QString command = args.takeFirst();
    if (command == u"--version" || command == u"version") {
        out() << "ensemble " << ENSEMBLE_VERSION << " (runs Apache Kafka "
              << ensemble::RuntimeLocator::kPinnedKafkaVersion << " by default)" << Qt::endl;
        return Ok;
    }
    if (command == u"up")
        return runUp(args);
    if (command == u"down")
        return runDown(args);
    if (command == u"ls")
        return runLs(args);
    if (command == u"status")
        return runStatus(args);
    if (command == u"events")
        return runEvents(args);
    if (QStringList{u"kill"_s, u"stop"_s, u"start"_s, u"restart"_s, u"pause"_s, u"resume"_s}.contains(command))
        return runNodeAction(command, args);
    if (QStringList{u"isolate"_s, u"partition"_s, u"slow"_s, u"heal"_s}.contains(command))
        return runNetworkFault(command, args);
    if (command == u"produce")
        return runProduce(args);
    if (command == u"drill")
        return runDrill(args);
    if (command == u"scenario")
        return runScenarioCommand(args);
    if (command == u"consume")
        return runConsume(args);
    if (command == u"topics")
        return runTopics(args);
    if (command == u"groups")
        return runGroups(args);
    if (command == u"validate")
        return runValidate(args);
    if (command == u"init")
        return runInit(args);
    if (command == u"export")
        return runExport(args);
    if (command == u"import")
        return runImport(args);
    if (command == u"runtime")
        return runRuntime(args);
    err() << "ensemble: unknown command '" << command << "'\n\n"
          << QString::fromUtf8(kHelp).arg(ensemble::AppLog::windowLogFile());
    err().flush();
    return BadUsage;
}
