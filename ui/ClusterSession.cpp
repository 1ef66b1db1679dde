#include "ClusterSession.h"

#include "RuntimeLocator.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSession, "ensemble.session", QtWarningMsg)

namespace ensemble::ui {

Expected<ClusterSession *> ClusterSession::create(const QString &clusterFile, const QString &workspaceDir,
                                                  QObject *parent)
{
    // QT_LOGGING_RULES=ensemble.session.debug=true shows where the time of a start goes (all on the UI thread).
    QElapsedTimer clock;
    clock.start();
    const SpecParseResult parsed =
        clusterFile.isEmpty() ? parseClusterSpec(defaultClusterYaml()) : loadClusterSpec(clusterFile);
    QStringList diagnostics;
    for (const Diagnostic &d : parsed.diagnostics)
        diagnostics.append(d.format(clusterFile.isEmpty() ? u"default cluster"_s : clusterFile));
    if (!parsed.spec)
        return Error::badInput(u"The cluster file has errors; nothing was started.\n\n"_s + diagnostics.join(u'\n'));
    qCDebug(lcSession) << "cluster file read" << clock.nsecsElapsed() / 1000 << "us";
    auto runtime = RuntimeLocator::locate(*parsed.spec);
    if (!runtime)
        return runtime.error();
    qCDebug(lcSession) << "runtime located" << clock.nsecsElapsed() / 1000 << "us";
    const QString dir = workspaceDir.isEmpty() ? Workspace::defaultDirFor(parsed.spec->name) : workspaceDir;
    auto workspace = Workspace::openOrCreate(dir);
    if (!workspace)
        return workspace.error();

    std::unique_ptr<ClusterSession> session(new ClusterSession(parent));
    session->m_clusterFile = clusterFile;
    session->m_warnings = diagnostics;
    session->m_engine = std::make_unique<Engine>(*parsed.spec, workspace.value(), runtime.value());
    if (auto s = session->m_engine->prepare(); !s)
        return s.error();
    qCDebug(lcSession) << "engine prepared" << clock.nsecsElapsed() / 1000 << "us";
    // Keep a copy of the cluster file the workspace runs, for `ensemble status` and export (as `up` does).
    const QString copy = session->m_engine->workspace().clusterFile();
    QFile::remove(copy);
    if (!clusterFile.isEmpty())
        QFile::copy(clusterFile, copy);
    else if (QFile f(copy); f.open(QIODevice::WriteOnly))
        f.write(defaultClusterYaml());
    session->m_control = std::make_unique<ControlServer>(session->m_engine.get());
    QString error;
    if (!session->m_control->listen(&error))
        return Error::runtime(error);
    Workspace::registerRunning(session->m_engine->workspace().root());
    session->m_registered = true;
    qCDebug(lcSession) << "control socket listening" << clock.nsecsElapsed() / 1000 << "us";
    return session.release();
}

ClusterSession::~ClusterSession()
{
    m_control.reset();
    if (m_registered)
        Workspace::unregisterRunning(m_engine->workspace().root());
}

} // namespace ensemble::ui
