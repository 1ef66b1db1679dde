// The question asked when the window closes while a cluster runs. A cluster the window runs itself can only stop
// (its nodes are children of the window and end with it): "Stop and quit?". A cluster the window is attached to
// (run by `ensemble up -d` or another process) may go on without the window: "Stop the cluster or keep it
// running?", with "Don't ask again" remembering the answer (in the settings, as NodeActionConfirmation does).
#pragma once

class QWidget;
class QString;

namespace ensemble::ui {

class CloseQuestion
{
  public:
    enum class Answer { Cancel, Stop, KeepRunning };

    // ATTACHEDNAME empty: the window's own cluster (Stop or Cancel); else the attached cluster of that name.
    // UNATTENDED (tests, --screenshot): nothing is asked; the own cluster stops, an attached one keeps running.
    static Answer ask(QWidget *parent, const QString &attachedName, bool unattended);
    // The window's own cluster: Stop or Cancel.
    static Answer askOwn(QWidget *parent);
    // An attached cluster named NAME: the remembered answer, or asked in a dialog over PARENT.
    static Answer askAttached(QWidget *parent, const QString &name);
    // The remembered answer, if any (KeepRunning or Stop); Cancel when it is to be asked.
    static Answer remembered();
    // The attached-cluster question is asked again.
    static void resetDontAsk();
};

} // namespace ensemble::ui
