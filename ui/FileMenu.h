// The File menu: new, open and save the cluster file; Clusters… (the clusters `ensemble ls` lists: attach to one
// that runs on its own, or stop it); a saved event log opened for replay; Export and Import (greyed: in the CLI for
// now); Quit. The dialogs are here; what they choose goes to the window's public API.
#pragma once

#include <QMenu>

namespace ensemble::ui {

class MainWindow;

class FileMenu : public QMenu
{
    Q_OBJECT
  public:
    explicit FileMenu(MainWindow *window);

    QAction *newAction() const { return m_new; }
    QAction *openAction() const { return m_open; }
    QAction *saveAction() const { return m_save; }
    // File → Clusters…: the clusters dialog, open (not modal to the rest of the window).
    void showClusters();

  private:
    void openClusterFile();
    void saveClusterFile();

    MainWindow *m_window;
    QAction *m_new;
    QAction *m_open;
    QAction *m_save;
};

} // namespace ensemble::ui
