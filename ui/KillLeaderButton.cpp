#include "KillLeaderButton.h"

#include "ClusterState.h"
#include "NodeStyle.h"

#include <QMenu>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

KillLeaderButton::KillLeaderButton(std::function<const ClusterState &()> state, QWidget *parent)
    : QToolButton(parent), m_state(std::move(state))
{
    setText(u"Kill a leader"_s);
    setToolTip(u"For demos: SIGKILL the broker leading the most partitions (partition leaders), or (menu) the "
               "ZooKeeper quorum leader"_s);
    setPopupMode(QToolButton::MenuButtonPopup);
    setIcon(stateIcon(NodeState::Killed));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *menu = new QMenu(this);
    m_broker = menu->addAction(u"Kill the busiest partition leader"_s, this, [this] {
        if (const QString node = m_state().busiestPartitionLeader(); !node.isEmpty())
            Q_EMIT killRequested(node);
    });
    m_quorum = menu->addAction(u"Kill the ZooKeeper leader"_s, this, [this] {
        if (const QString node = m_state().runningQuorumLeader(); !node.isEmpty())
            Q_EMIT killRequested(node);
    });
    setMenu(menu);
    connect(this, &QToolButton::clicked, m_broker, &QAction::trigger);
    connect(menu, &QMenu::aboutToShow, this, [this] {
        const QString broker = m_state().busiestPartitionLeader();
        const QString zk = m_state().runningQuorumLeader();
        m_broker->setText(broker.isEmpty() ? u"Kill the busiest partition leader (none)"_s
                                           : u"Kill %1 (leads the most partitions)"_s.arg(broker));
        m_quorum->setText(zk.isEmpty() ? u"Kill the ZooKeeper leader (none)"_s
                                       : u"Kill %1 (ZooKeeper quorum leader)"_s.arg(zk));
    });
}

void KillLeaderButton::setTargetsEnabled(bool enabled)
{
    setEnabled(enabled);
    m_broker->setEnabled(enabled);
    m_quorum->setEnabled(enabled);
}

} // namespace ensemble::ui
