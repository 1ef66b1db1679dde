// Cluster → Start in the background: runs `ensemble up -d` for the window's cluster file and workspace (this same
// binary, as a child process the window waits for without blocking), so the cluster runs under Ensemble's
// supervisor and outlives the window; once it is healthy the window attaches to it.
#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QProcess;

namespace ensemble::ui {

class MainWindow;

class BackgroundStart : public QObject
{
    Q_OBJECT
  public:
    // Attaches WINDOW to the cluster once it is healthy, or shows why it did not start.
    explicit BackgroundStart(MainWindow *window);
    // The menu entry that starts it (when no cluster runs in the window).
    QAction *action() const { return m_action; }

    // Starts `ensemble up -d [-f CLUSTERFILE] -w WORKSPACE` (WORKSPACEDIR empty: the cluster's default one); false,
    // with failed(), when the cluster file has errors or a start is under way already.
    bool start(const QString &clusterFile, const QString &workspaceDir);
    bool isRunning() const { return m_process; }

  Q_SIGNALS:
    // The cluster is healthy, run by its supervisor in WORKSPACE.
    void started(const QString &workspace);
    // What went wrong (the command's own words) and what to do.
    void failed(const QString &message);

  private:
    MainWindow *m_window;
    QAction *m_action;
    QPointer<QProcess> m_process;
};

} // namespace ensemble::ui
