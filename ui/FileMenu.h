// The File menu: New cluster… (Ctrl+N, the NewClusterDialog), Open cluster file… (Ctrl+O), Open recent, Save
// cluster file as…, Clusters… (the clusters `ensemble ls` lists: attach to one that runs on its own, or stop it),
// Open event log…, and Quit. It asks for files and checks them; the window is told what was
// chosen through signals and does the rest (shows the file's nodes, starts it). The recent list
// (RecentClusterFiles) follows every open, save and new file.
#pragma once

#include <QMenu>

#include <functional>

class QAction;

namespace ensemble::ui {

class FileMenu : public QMenu
{
    Q_OBJECT
  public:
    // CURRENTFILE: the window's cluster file now (empty: the built-in cluster), for Save as.
    FileMenu(QWidget *window, std::function<QString()> currentFile);

    QAction *newAction() const { return m_new; }
    QAction *openAction() const { return m_open; }
    QAction *saveAction() const { return m_save; }
    // While a cluster runs, no other cluster file can be opened or made (the status tips say so).
    void setClusterRunning(bool running);
    // Puts PATH first in Open recent (the window calls it for a file given on the command line too).
    void remember(const QString &path);
    // Opens the New cluster dialog (as Ctrl+N does); unattended tests drive the dialog themselves.
    void newCluster();
    // File → Clusters…: the clusters dialog, open (not modal to the rest of the window).
    void showClusters();

  Q_SIGNALS:
    // A checked cluster file to show; START: start it now (a new cluster).
    void clusterFileChosen(const QString &path, bool start);
    // The window's file was saved under PATH: it is the window's file from now on (the cluster runs on).
    void clusterFileSaved(const QString &path);
    void eventLogChosen(const QString &path);
    // Attach to the cluster running in WORKSPACE (chosen in File → Clusters…).
    void attachRequested(const QString &workspace);
    void errorRaised(const QString &title, const QString &message);

  private:
    void openClusterFile(const QString &path);
    void saveClusterFile();
    void fillRecent();

    QWidget *m_window;
    std::function<QString()> m_currentFile;
    QAction *m_new = nullptr;
    QAction *m_open = nullptr;
    QAction *m_save = nullptr;
    QMenu *m_recent = nullptr;
    bool m_running = false;
};

} // namespace ensemble::ui
