#include "ClusterRun.h"

#include "AppLog.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QtConcurrent>

#include <spdlog/logger.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRun, "ensemble.run")

namespace ensemble {

namespace {
std::shared_ptr<spdlog::logger> runLog()
{
    static const auto logger = AppLog::get(u"run"_s);
    return logger;
}
} // namespace

ClusterRun::ClusterRun(QString clusterFile, QString workspaceDir, QObject *parent)
    : QObject(parent), m_clusterFile(std::move(clusterFile)), m_workspaceDir(std::move(workspaceDir))
{
    connect(&m_watcher, &QFutureWatcher<PreparedRun>::progressTextChanged, this, [this](const QString &text) {
        if (!text.isEmpty())
            Q_EMIT progress(text);
    });
    connect(this, &ClusterRun::progress, this,
            [](const QString &message) { runLog()->info("{}", message.toStdString()); });
    connect(&m_watcher, &QFutureWatcher<PreparedRun>::finished, this, [this] {
        const QFuture<PreparedRun> future = m_watcher.future();
        if (future.resultCount() > 0)
            finish(future.result());
    });
}

ClusterRun::~ClusterRun()
{
    m_control.reset();
    // The workspace stays registered after the run, so `ensemble ls` lists a stopped -w cluster too; the entry goes
    // when the workspace does (`down --purge`).
    m_engine.reset();
    m_lock.reset(); // after the engine: the lock guards the workspace for as long as anything may write to it
    if (!m_logFile.isEmpty()) {
        runLog()->info("run ended");
        AppLog::removeFile(m_logFile);
    }
}

void ClusterRun::setUp()
{
    if (m_watcher.isRunning() || m_engine)
        return;
    runLog()->info("setting up {} in {}", m_clusterFile.isEmpty() ? "the default cluster" : m_clusterFile.toStdString(),
                   m_workspaceDir.isEmpty() ? "its default workspace" : m_workspaceDir.toStdString());
    m_watcher.setFuture(QtConcurrent::run([file = m_clusterFile, dir = m_workspaceDir, reset = m_resetPorts,
                                           links = m_linkProxies](QPromise<PreparedRun> &promise) {
        int step = 0;
        promise.setProgressRange(0, 10);
        promise.addResult(RunPreparation::prepare(
            file, dir, reset, [&](const QString &what) { promise.setProgressValueAndText(++step, what); }, links));
    }));
}

void ClusterRun::finish(const PreparedRun &prepared)
{
    // QT_LOGGING_RULES=ensemble.run.debug=true: what this part (on the owner's thread) costs.
    QElapsedTimer clock;
    clock.start();
    m_diagnostics = prepared.diagnostics;
    if (prepared.workspace) {
        m_logFile = prepared.workspace->root() + u'/' + QString::fromLatin1(AppLog::kWorkspaceLogName);
        if (auto s = AppLog::addFile(m_logFile); !s) {
            qCWarning(lcRun).noquote() << s.error().message;
            m_logFile.clear();
        }
        runLog()->info("cluster file: {}; workspace: {}",
                       m_clusterFile.isEmpty() ? "the built-in default" : m_clusterFile.toStdString(),
                       prepared.workspace->root().toStdString());
    }
    for (const QString &d : std::as_const(m_diagnostics))
        runLog()->warn("{}", d.toStdString());
    for (const StrayProcess &s : prepared.strays)
        Q_EMIT progress(u"ended %1 (pid %2) left running by an earlier run"_s.arg(s.node).arg(s.pid));
    if (prepared.error) {
        fail(*prepared.error);
        return;
    }
    m_lock = prepared.lock;
    auto engine = std::make_unique<Engine>(prepared.spec, *prepared.workspace, prepared.runtime, prepared.layout);
    engine->setLinkFaults(prepared.links);
    if (auto s = engine->prepare(); !s) {
        m_lock.reset();
        fail(s.error());
        return;
    }
    auto control = std::make_unique<ControlServer>(engine.get());
    QString error;
    if (!control->listen(&error)) {
        m_lock.reset();
        fail(Error::runtime(error));
        return;
    }
    m_engine = std::move(engine);
    m_control = std::move(control);
    Workspace::registerRunning(m_engine->workspace().root());
    const Runtime &rt = m_engine->runtime();
    runLog()->info("ready in {}: Kafka {} from {} ({}), Java {} ({})", m_engine->workspace().root().toStdString(),
                   rt.kafkaVersion.toStdString(), rt.source.toStdString(), rt.libDir.toStdString(), rt.javaMajor,
                   rt.java.toStdString());
    connect(m_engine.get(), &Engine::progress, this,
            [](const QString &message) { runLog()->info("{}", message.toStdString()); });
    connect(m_engine.get(), &Engine::eventEmitted, this, [](const ClusterEvent &e) {
        if (e.kind == EventKind::NodeState) // the rest is in events.jsonl; node states frame what happened
            runLog()->info("{}", e.toText().toStdString());
    });
    connect(m_engine.get(), &Engine::startFailed, this,
            [](const QString &message) { runLog()->error("the cluster did not start: {}", message.toStdString()); });
    connect(m_engine.get(), &Engine::stopped, this, [] { runLog()->info("every node stopped"); });
    qCDebug(lcRun) << "engine, control socket and log ready on this thread in" << clock.nsecsElapsed() / 1000 << "us";
    Q_EMIT ready();
}

void ClusterRun::fail(const Error &error)
{
    runLog()->error("{}", error.message.toStdString());
    if (!m_logFile.isEmpty()) {
        AppLog::removeFile(m_logFile);
        m_logFile.clear();
    }
    Q_EMIT failed(error);
}

} // namespace ensemble
