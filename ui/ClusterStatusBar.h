// The window's status bar: the cluster's state in words ("Healthy", "Running — 4 of 6 nodes up"), start progress,
// the bootstrap servers with a Copy button, the controller and the quorum leader. Transient messages (showMessage)
// use the rest of the bar.
#pragma once

#include <QStatusBar>

class QLabel;
class QProgressBar;
class QToolButton;

namespace ensemble {
class ClusterState;
}

namespace ensemble::ui {

class ClusterStatusBar : public QStatusBar
{
    Q_OBJECT
  public:
    enum class Phase { Stopped, Replay, Starting, Running, Stopping };

    explicit ClusterStatusBar(QWidget *parent = nullptr);

    // Shows STATE of a cluster in PHASE (the bootstrap servers and roles only while it runs).
    void showState(const ClusterState &state, Phase phase);
    // State, bootstrap, controller and quorum leader, joined with " | " (for tests and logs).
    QString text() const;

  private:
    QLabel *m_state;
    QProgressBar *m_progress;
    QLabel *m_bootstrap;
    QToolButton *m_copy;
    QLabel *m_controller;
    QLabel *m_leader;
    QString m_bootstrapServers;
};

} // namespace ensemble::ui
