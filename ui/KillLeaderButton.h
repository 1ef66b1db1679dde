// The toolbar's "Kill a leader" button for demos: a click kills the broker leading the most partitions (under
// KRaft: the raft quorum leader), its menu offers both, each named (ClusterState's kill-target queries) when the
// menu opens.
#pragma once

#include <QToolButton>

#include <functional>

namespace ensemble {
class ClusterState;
}

namespace ensemble::ui {

class KillLeaderButton : public QToolButton
{
    Q_OBJECT
  public:
    // STATE: the live cluster's state, read when a target is chosen.
    KillLeaderButton(std::function<const ClusterState &()> state, QWidget *parent);

    QAction *brokerLeaderAction() const { return m_broker; }
    QAction *quorumLeaderAction() const { return m_quorum; }
    void setTargetsEnabled(bool enabled);
    // Names the button and its targets for the cluster now shown (ZooKeeper or KRaft).
    void nameTargets();
    bool isKRaft() const;

  Q_SIGNALS:
    void killRequested(const QString &node);

  private:
    std::function<const ClusterState &()> m_state;
    QAction *m_broker;
    QAction *m_quorum;
};

} // namespace ensemble::ui
