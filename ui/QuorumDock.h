// The Quorum dock, below Partitions: a QuorumPanel fed by the running engine's DescribeQuorum figures.
// Shown when a KRaft cluster is attached, hidden for a ZooKeeper-mode one (View lists it either way).
#pragma once

#include <QDockWidget>
#include <QMetaObject>
#include <QPointer>

class QMainWindow;

namespace ensemble {
class ClusterSession;
}

namespace ensemble::ui {

class QuorumPanel;

class QuorumDock : public QDockWidget
{
    Q_OBJECT
  public:
    QuorumDock(QMainWindow *window, QDockWidget *tabWith);

    void attach(ClusterSession *engine);
    void detach();
    QuorumPanel *panel() const { return m_panel; }

  private:
    QuorumPanel *m_panel;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace ensemble::ui
