#include "GuiApp.h"

#include "AppLog.h"
#include "AppPalette.h"
#include "ClusterEvent.h"
#include "DrillPanel.h"
#include "Engine.h"
#include "FileMenu.h"
#include "KafkaDocks.h"
#include "MainWindow.h"
#include "ScenariosPanel.h"
#include "TimelineWidget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QTimer>

#include <spdlog/logger.h>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

bool isGuiInvocation(int argc, char **argv)
{
    if (argc < 2)
        return true;
    const char *first = argv[1];
    for (const char *gui : {"gui", "--screenshot", "-platform", "--dark", "--events", "--attach", "--clusters"})
        if (std::strcmp(first, gui) == 0)
            return true;
    return false;
}

namespace {
void say(const QString &text)
{
    std::fprintf(stderr, "ensemble: %s\n", qPrintable(text));
}
} // namespace

int runGui(int argc, char **argv)
{
    // Without a display Qt would abort with a message about platform plugins; say what to do instead.
    bool platformGiven = !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    for (int i = 1; i < argc; ++i)
        platformGiven = platformGiven || qstrcmp(argv[i], "-platform") == 0;
    if (!platformGiven && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::fprintf(stderr, "ensemble: no display for the window — run `ensemble up` for the headless cluster "
                             "(`ensemble --help` lists every command), or use xvfb-run / QT_QPA_PLATFORM=offscreen\n");
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"ensemble"_s);
    // Settings go to ~/.config/ensemble/ (window.conf, ensemble.conf), not "Unknown Organization". The data
    // directory (workspaces, runtime) does not move: Workspace uses the generic data location, as the CLI does.
    QApplication::setOrganizationName(u"ensemble"_s);
    QApplication::setOrganizationDomain(u"ensemble.local"_s);
    QApplication::setApplicationVersion(QStringLiteral(ENSEMBLE_VERSION));
    if (qEnvironmentVariableIsEmpty("ENSEMBLE_DEBUG"))
        QLoggingCategory::setFilterRules(u"ensemble.*.debug=false"_s);
    // Ensemble's own log for the window (a running cluster's workspace gets its ensemble.log as well).
    AppLog::installQtMessageHandler();
    if (auto s = AppLog::addFile(AppLog::windowLogFile()); !s)
        say(s.error().message);
    AppLog::get(u"window"_s)->info("ensemble {} window started", ENSEMBLE_VERSION);

    QStringList args = app.arguments();
    if (args.size() > 1 && args.at(1) == u"gui")
        args.removeAt(1);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The Ensemble window: run a Kafka cluster and watch it."_s);
    parser.addHelpOption();
    const QCommandLineOption fileOpt({u"f"_s, u"file"_s}, u"Cluster file (default: the built-in 3 + 3 cluster)."_s,
                                     u"FILE"_s);
    const QCommandLineOption wsOpt({u"w"_s, u"workspace"_s}, u"Workspace directory."_s, u"DIR"_s);
    const QCommandLineOption shotOpt(
        u"screenshot"_s, u"Start the cluster, save an image of the window to FILE, stop and exit."_s, u"FILE"_s);
    const QCommandLineOption afterOpt(u"after"_s,
                                      u"Seconds to wait before the screenshot (default: healthy + 2 s; with "
                                      "--screenshot-on: 0.3 s after the event)."_s,
                                      u"SEC"_s);
    const QCommandLineOption onOpt(u"screenshot-on"_s,
                                   u"Take the screenshot after the first event of KIND once the cluster is healthy "
                                   "(vote, raft_vote, isr_changed, leader_elected: a leader other than the one "
                                   "in office then, 0.8 s after, so its votes show)."_s,
                                   u"KIND"_s);
    const QCommandLineOption darkOpt(u"dark"_s, u"Use the dark palette."_s);
    const QCommandLineOption eventsOpt(u"events"_s, u"Open a saved events.jsonl instead of starting a cluster."_s,
                                       u"FILE"_s);
    const QCommandLineOption replayOpt(
        u"replay"_s,
        u"With --events: replay entry N of the election chooser (elections and failovers; 1 = the first)."_s, u"N"_s);
    const QCommandLineOption speedOpt(u"speed"_s, u"Replay speed, 0.1 to 1 step a second (default 0.5)."_s, u"X"_s);
    const QCommandLineOption attachOpt(u"attach"_s,
                                       u"Attach to the cluster running in workspace DIR (see `ensemble ls`; started "
                                       "with `ensemble up -d`) instead of starting one. It keeps running when the "
                                       "window closes, unless you choose to stop it."_s,
                                       u"DIR"_s);
    const QCommandLineOption clustersOpt(u"clusters"_s, u"Open File → Clusters… (the clusters `ensemble ls` lists, "
                                                        "to attach to one) instead of starting a cluster."_s);
    const QCommandLineOption noStartOpt(u"no-start"_s, u"Open the window without starting the cluster."_s);
    const QCommandLineOption drillOpt(u"drill"_s,
                                      u"Run the failover drill once the cluster is healthy (with --screenshot and no "
                                      "--after: the screenshot is taken when the drill has finished)."_s);
    const QCommandLineOption scenarioOpt(u"scenario"_s,
                                         u"Play the lesson NAME (`ensemble scenario list`) once the cluster is healthy "
                                         "(with --screenshot and no --after: the screenshot is taken when it has "
                                         "finished)."_s,
                                         u"NAME"_s);
    parser.addOptions({fileOpt, wsOpt, shotOpt, afterOpt, onOpt, darkOpt, eventsOpt, replayOpt, speedOpt, noStartOpt,
                       drillOpt, scenarioOpt, attachOpt, clustersOpt});
    if (!parser.parse(args)) {
        say(parser.errorText());
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        std::fprintf(stdout, "%s", qPrintable(parser.helpText()));
        return 0;
    }
    const QString shot = parser.value(shotOpt);
    const bool unattended = !shot.isEmpty();
    bool afterOk = true;
    const double after = parser.isSet(afterOpt) ? parser.value(afterOpt).toDouble(&afterOk) : -1;
    if (!afterOk || (parser.isSet(afterOpt) && after < 0)) {
        say(u"--after takes a number of seconds"_s);
        return 2;
    }
    std::optional<EventKind> shotOn;
    if (parser.isSet(onOpt)) {
        shotOn = eventKindFromString(parser.value(onOpt));
        if (!shotOn) {
            say(u"--screenshot-on: no event kind '%1'"_s.arg(parser.value(onOpt)));
            return 2;
        }
    }

    applyAppPalette(parser.isSet(darkOpt));
    MainWindow window(parser.value(fileOpt), parser.value(wsOpt));
    window.setUnattended(unattended);
    if (!unattended) // screenshots always show the default arrangement
        window.restoreSettings();
    if (parser.isSet(darkOpt))
        window.setDarkPalette(true);
    window.show();

    int exitCode = 0;
    auto finish = [&](int code) {
        exitCode = code;
        if (window.isClusterRunning() && !window.isAttached()) { // an attached cluster runs on
            QObject::connect(&window, &MainWindow::clusterStopped, &window, [] { QApplication::quit(); });
            window.stopCluster();
        } else {
            QApplication::quit();
        }
    };
    // An error with no cluster left, or a start that failed: end with 1 — in the second case once the nodes that did
    // start have stopped (the window waited for ever before).
    auto failUnattended = [&](const QString &) {
        if (!window.isClusterRunning())
            finish(1);
        else if (window.session() && !window.session()->isHealthy())
            QObject::connect(
                &window, &MainWindow::clusterStopped, &window, [&] { finish(1); }, Qt::SingleShotConnection);
    };
    // One screenshot however many triggers fire: the flag is shared by every copy of takeShot (each timer and
    // connection holds its own copy of the lambda).
    bool shotTaken = false;
    auto takeShot = [&] {
        if (shotTaken)
            return;
        shotTaken = true;
        const bool saved = window.saveScreenshot(shot);
        if (saved)
            say(u"screenshot saved to %1"_s.arg(shot));
        finish(saved ? 0 : 1);
    };

    if (parser.isSet(eventsOpt)) {
        if (!window.openEventLog(parser.value(eventsOpt)))
            return 1;
        if (parser.isSet(speedOpt))
            window.timeline()->setSpeed(parser.value(speedOpt).toDouble());
        if (parser.isSet(replayOpt)) {
            window.timeline()->replayElection(parser.value(replayOpt).toInt() - 1);
            window.timeline()->replay()->play();
        }
        if (unattended)
            QTimer::singleShot(int((after < 0 ? 1.5 : after) * 1000), &window, takeShot);
        return QApplication::exec();
    }
    if (parser.isSet(attachOpt)) {
        if (unattended) {
            QObject::connect(&window, &MainWindow::clusterAttached, &window,
                             [&] { QTimer::singleShot(int((after < 0 ? 2.0 : after) * 1000), &window, takeShot); });
            QObject::connect(&window, &MainWindow::errorShown, &window, [&](const QString &) { finish(1); });
        }
        if (!window.attachCluster(parser.value(attachOpt)))
            return 1;
        const int rc = QApplication::exec();
        return rc != 0 ? rc : exitCode;
    }
    if (parser.isSet(clustersOpt)) {
        window.fileMenu()->showClusters();
        if (unattended)
            QTimer::singleShot(int((after < 0 ? 3.0 : after) * 1000), &window, takeShot);
        return QApplication::exec();
    }
    if (parser.isSet(noStartOpt)) {
        if (unattended)
            QTimer::singleShot(int((after < 0 ? 1.0 : after) * 1000), &window, takeShot);
        return QApplication::exec();
    }

    // Set once the cluster is healthy (--screenshot-on waits for it). At function scope: the handlers that read it
    // run from exec() below, long after the block that connects them has ended.
    bool healthy = false;
    QString firstLeader;      // the quorum leader when the cluster became healthy (--screenshot-on leader_elected)
    bool drillFailed = false; // --drill / --scenario: an error, lost messages or a failed expectation (exit 1)
    if (parser.isSet(drillOpt)) {
        QObject::connect(&window, &MainWindow::clusterHealthy, &window, [&] {
            if (!window.runDrill()) {
                say(u"the failover drill could not start: "_s +
                    (window.drillPanel() ? window.drillPanel()->verdictText() : u"no cluster"_s));
                return;
            }
            say(u"failover drill started"_s);
            QObject::connect(window.drillPanel(), &DrillPanel::finished, &window,
                             [&](const DrillReport &report, const QString &error) {
                                 say(error.isEmpty() ? window.drillPanel()->verdictText()
                                                     : u"the drill stopped: "_s + error);
                                 drillFailed = !error.isEmpty() || report.lost > 0 || report.acknowledged == 0;
                                 if (unattended && !shotOn && after < 0)
                                     QTimer::singleShot(1500, &window, takeShot);
                             });
        });
    }
    if (parser.isSet(scenarioOpt)) {
        QObject::connect(&window, &MainWindow::clusterHealthy, &window, [&] {
            KafkaDocks *docks = window.kafkaDocks();
            if (!docks->runScenario(parser.value(scenarioOpt))) {
                say(u"the lesson could not start: "_s +
                    (docks->scenariosPanel() ? docks->scenariosPanel()->verdictText() : u"no cluster"_s));
                drillFailed = true;
                if (unattended)
                    finish(1);
                return;
            }
            say(u"lesson %1 started"_s.arg(parser.value(scenarioOpt)));
            QObject::connect(docks->scenariosPanel(), &ScenariosPanel::finished, &window,
                             [&, docks](const ScenarioReport &report, const QString &error) {
                                 say(docks->scenariosPanel()->verdictText());
                                 drillFailed = !error.isEmpty() || !report.passed;
                                 if (unattended && !shotOn && after < 0)
                                     QTimer::singleShot(1500, &window, takeShot);
                             });
        });
    }
    if (unattended && (parser.isSet(drillOpt) || parser.isSet(scenarioOpt)) && !shotOn && after < 0) {
        QObject::connect(&window, &MainWindow::errorShown, &window, failUnattended);
    } else if (unattended) {
        if (shotOn) {
            // leader_elected waits for a NEW leader: the one in office when the cluster became healthy (the
            // first election, long before brokers are up under KRaft) is not news.
            QObject::connect(&window, &MainWindow::clusterHealthy, &window, [&] {
                healthy = true;
                if (window.engine())
                    firstLeader = window.engine()->state().quorumLeader();
            });
            QObject::connect(&window, &MainWindow::liveEvent, &window, [&, kind = *shotOn](const ClusterEvent &e) {
                static bool armed = false;
                if (!healthy || e.kind != kind || armed)
                    return;
                if (kind == EventKind::LeaderElected && e.leader().leader == firstLeader)
                    return;
                armed = true;
                // A raft leader's election is logged before the voters' answers are read: give them time to land.
                const double wait = after >= 0 ? after : kind == EventKind::LeaderElected ? 0.8 : 0.3;
                say(u"%1 seen; screenshot in %2 s"_s.arg(toString(kind)).arg(wait));
                QTimer::singleShot(int(wait * 1000), &window, takeShot);
            });
        } else if (after >= 0) {
            QTimer::singleShot(int(after * 1000), &window, takeShot);
        } else {
            QObject::connect(&window, &MainWindow::clusterHealthy, &window,
                             [&] { QTimer::singleShot(2000, &window, takeShot); });
        }
        QObject::connect(&window, &MainWindow::errorShown, &window, failUnattended);
    }
    if (!window.startCluster())
        return 1;
    const int rc = QApplication::exec();
    if (rc == 0 && drillFailed)
        return 1;
    return unattended ? (rc != 0 ? rc : exitCode) : rc;
}

} // namespace ensemble::ui
