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
    // Under KRaft "the leader" is the raft quorum leader (the active controller): the click kills that one.
    connect(this, &QToolButton::clicked, this, [this] { (isKRaft() ? m_quorum : m_broker)->trigger(); });
    connect(menu, &QMenu::aboutToShow, this, &KillLeaderButton::nameTargets);
}

bool KillLeaderButton::isKRaft() const
{
    return !m_state().layout().kraftControllers().isEmpty();
}

void KillLeaderButton::nameTargets()
{
    const QString broker = m_state().busiestPartitionLeader();
    const QString quorum = m_state().runningQuorumLeader();
    const bool kraft = isKRaft();
    setText(kraft ? u"Kill the raft leader"_s : u"Kill a leader"_s);
    setToolTip(kraft ? u"For demos: SIGKILL the raft quorum leader (the active controller) and watch the "
                       "controllers elect another; the menu also offers the busiest partition leader"_s
                     : u"For demos: SIGKILL the broker leading the most partitions (partition leaders), or "
                       "(menu) the ZooKeeper quorum leader"_s);
    m_broker->setText(broker.isEmpty() ? u"Kill the busiest partition leader (none)"_s
                                       : u"Kill %1 (leads the most partitions)"_s.arg(broker));
    const QString kind = kraft ? u"raft quorum leader"_s : u"ZooKeeper quorum leader"_s;
    m_quorum->setText(quorum.isEmpty() ? u"Kill the %1 (none)"_s.arg(kind) : u"Kill %1 (%2)"_s.arg(quorum, kind));
}

void KillLeaderButton::setTargetsEnabled(bool enabled)
{
    nameTargets();
    setEnabled(enabled);
    m_broker->setEnabled(enabled);
    m_quorum->setEnabled(enabled);
}

} // namespace ensemble::ui
