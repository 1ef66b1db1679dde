#include "NodeActionConfirmation.h"

#include "ClusterSession.h"
#include "ClusterState.h"
#include "MinIsrCheck.h"

#include <QCheckBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const QString kGroup = u"confirm"_s;
}

QString NodeActionConfirmation::explanation(NodeAction action, const QString &node, NodeKind kind)
{
    const bool zk = kind == NodeKind::Coordinator;
    QString what;
    switch (action) {
    case NodeAction::Kill:
        what = zk ? u"%1 gets SIGKILL and dies at once. If it is the quorum leader, the other servers elect a new "
                    "one (watch the votes); without a majority ZooKeeper stops serving."_s
                  : u"%1 gets SIGKILL and dies at once, without a controlled shutdown. Its partitions get new "
                    "leaders when its ZooKeeper session expires (a few seconds) and their ISR shrinks."_s;
        break;
    case NodeAction::Stop:
        what = zk ? u"%1 is asked to stop (SIGTERM) and exits cleanly."_s
                  : u"%1 does a controlled shutdown: it hands its partition leadership to other brokers, then exits."_s;
        break;
    case NodeAction::Pause:
        what = u"%1 is frozen with SIGSTOP. It cannot answer anyone: its sessions time out and the cluster treats "
               "it as gone until you resume it."_s;
        break;
    case NodeAction::Restart:
        what = u"%1 is stopped and started again."_s;
        break;
    case NodeAction::Start:
    case NodeAction::Resume:
        return {};
    }
    return what.arg(node);
}

QString NodeActionConfirmation::kraftExplanation(NodeAction action, const QString &node, bool combined)
{
    QString what;
    switch (action) {
    case NodeAction::Kill:
        what = u"%1 gets SIGKILL and dies at once. If it is the raft quorum leader (the active controller), the "
               "other controllers stop hearing from it, time out and elect a new leader in a higher epoch (watch "
               "the pre-votes and votes)."_s;
        break;
    case NodeAction::Stop:
        what = u"%1 is asked to stop (SIGTERM): a leader resigns first, so the others elect a new one at once."_s;
        break;
    case NodeAction::Pause:
        what = u"%1 is frozen with SIGSTOP. It cannot answer anyone: if it leads, the others elect a new leader in "
               "a higher epoch, and when you resume it that higher epoch fences it."_s;
        break;
    case NodeAction::Restart:
        what = u"%1 is stopped and started again; it rejoins the quorum as a follower."_s;
        break;
    case NodeAction::Start:
    case NodeAction::Resume:
        return {};
    }
    if (combined)
        what += u" It is a broker too: its partitions move to other brokers."_s;
    return what.arg(node);
}

QString NodeActionConfirmation::quorumEffect(NodeAction action, const QString &node, const ClusterState &state)
{
    const NodeStatus *target = state.node(node);
    if (!target || !target->layout.isKRaftController() || action == NodeAction::Start || action == NodeAction::Resume)
        return {};
    auto live = [](const NodeStatus &n) { return isRunning(n.state) && n.state != NodeState::Paused; };
    if (!live(*target))
        return {};
    int voters = 0, up = 0;
    for (const NodeStatus &n : state.nodes())
        if (n.layout.isKRaftController()) {
            ++voters;
            up += live(n) ? 1 : 0;
        }
    const int majority = voters / 2 + 1;
    if (up - 1 < majority)
        return u"This loses the quorum: only %1 of %2 controllers would still run and a raft election needs %3. "
               "No leader can be elected, so the metadata log stops: no topic changes, no broker can register or "
               "be fenced, and partition leaders cannot move, until a controller comes back."_s.arg(up - 1)
                   .arg(voters)
                   .arg(majority);
    if (state.quorumLeader() == node)
        return u"%1 is the raft quorum leader: the %2 other controllers elect a new one (a majority of %3 of %4 "
               "is still there)."_s.arg(node)
                   .arg(up - 1)
                   .arg(majority)
                   .arg(voters);
    return {};
}

QString NodeActionConfirmation::refusedWrites(NodeAction action, const QString &node, const ClusterSession &engine)
{
    const NodeLayout *layout = engine.layout().find(node);
    if (!layout || layout->kind != NodeKind::Broker || action == NodeAction::Start || action == NodeAction::Resume)
        return {};
    const QList<UnderMinIsr> refused = MinIsrCheck::fromConfigs(engine.spec().topics, engine.spec().brokerConfig)
                                           .ifBrokerLeaves(engine.state(), layout->id);
    if (refused.isEmpty())
        return {};
    return u"After this, %1 will refuse acks=all writes: fewer replicas in sync than the topic's "
           "min.insync.replicas (producers get NOT_ENOUGH_REPLICAS, then time out)."_s.arg(
               MinIsrCheck::topicsText(refused));
}

bool NodeActionConfirmation::ask(QWidget *parent, NodeAction action, const QString &node, NodeKind kind,
                                 const ClusterSession *engine)
{
    const NodeLayout *layout = engine ? engine->layout().find(node) : nullptr;
    QString what = layout && layout->isKRaftController()
                       ? kraftExplanation(action, node, layout->kind == NodeKind::Broker)
                       : explanation(action, node, kind);
    if (what.isEmpty())
        return true;
    // Losing the raft quorum is asked about even after "Don't ask again": it is a different question.
    const QString quorum = engine ? quorumEffect(action, node, engine->state()) : QString();
    const bool losesQuorum = quorum.startsWith(u"This loses the quorum");
    QSettings settings(u"ensemble"_s, u"window"_s);
    const QString key = kGroup + u'/' + toString(action);
    if (!settings.value(key, true).toBool() && !losesQuorum)
        return true;
    if (!quorum.isEmpty())
        what += u"\n\n"_s + quorum;
    if (const QString refused = engine ? refusedWrites(action, node, *engine) : QString(); !refused.isEmpty())
        what += u"\n\n"_s + refused;
    const QString verb = toString(action).left(1).toUpper() + toString(action).mid(1);
    QMessageBox box(QMessageBox::Warning, u"%1 %2?"_s.arg(verb, node), what, QMessageBox::Ok | QMessageBox::Cancel,
                    parent);
    box.button(QMessageBox::Ok)->setText(u"%1 %2"_s.arg(verb, node));
    auto *dontAsk = new QCheckBox(u"Don't ask again"_s, &box);
    box.setCheckBox(dontAsk);
    if (box.exec() != QMessageBox::Ok)
        return false;
    if (dontAsk->isChecked())
        settings.setValue(key, false);
    return true;
}

void NodeActionConfirmation::resetDontAsk()
{
    QSettings(u"ensemble"_s, u"window"_s).remove(kGroup);
}

} // namespace ensemble::ui
