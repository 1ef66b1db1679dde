#include "BackgroundStart.h"

#include "ClusterSpec.h"
#include "MainWindow.h"
#include "Workspace.h"

#include <QAction>
#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

BackgroundStart::BackgroundStart(MainWindow *window)
    : QObject(window), m_window(window), m_action(new QAction(u"Start in the &background"_s, this))
{
    m_action->setToolTip(u"Start the cluster under Ensemble's supervisor (as `ensemble up -d`) and attach: it can "
                         "keep running when the window closes"_s);
    connect(m_action, &QAction::triggered, this, [this] {
        if (m_window->isClusterRunning())
            return m_window->showError(u"A cluster runs"_s, u"Stop it first, or open a new window."_s);
        if (start(m_window->clusterFile(), m_window->workspaceDir()))
            m_window->statusBar()->showMessage(u"Starting the cluster in the background (`ensemble up -d`)…"_s);
    });
    connect(this, &BackgroundStart::started, m_window, &MainWindow::attachCluster);
    connect(this, &BackgroundStart::failed, m_window,
            [this](const QString &message) { m_window->showError(u"The cluster cannot start"_s, message); });
}

bool BackgroundStart::start(const QString &clusterFile, const QString &workspaceDir)
{
    if (m_process) {
        Q_EMIT failed(u"a start in the background is under way already — wait for it"_s);
        return false;
    }
    const SpecParseResult parsed =
        clusterFile.isEmpty() ? parseClusterSpec(defaultClusterYaml()) : loadClusterSpec(clusterFile);
    if (!parsed.spec) {
        Q_EMIT failed(u"the cluster file has errors — Start shows them; fix them first"_s);
        return false;
    }
    const QString workspace =
        QFileInfo(workspaceDir.isEmpty() ? Workspace::defaultDirFor(parsed.spec->name) : workspaceDir)
            .absoluteFilePath();
    QStringList args{u"up"_s, u"-d"_s, u"-w"_s, workspace};
    if (!clusterFile.isEmpty())
        args << u"-f"_s << QFileInfo(clusterFile).absoluteFilePath();
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::finished, this, [this, workspace](int code, QProcess::ExitStatus status) {
        const QString said = QString::fromUtf8(m_process->readAll()).trimmed();
        m_process->deleteLater();
        if (status == QProcess::NormalExit && code == 0)
            Q_EMIT started(workspace);
        else
            Q_EMIT failed(said.isEmpty() ? u"`ensemble up -d` ended with exit code %1"_s.arg(code) : said);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        m_process->deleteLater();
        Q_EMIT failed(u"cannot run %1 — reinstall Ensemble"_s.arg(QCoreApplication::applicationFilePath()));
    });
    m_process->start(QCoreApplication::applicationFilePath(), args);
    return true;
}

} // namespace ensemble::ui
