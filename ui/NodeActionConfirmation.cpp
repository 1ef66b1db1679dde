#include "NodeActionConfirmation.h"

#include "Engine.h"
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

QString NodeActionConfirmation::refusedWrites(NodeAction action, const QString &node, const Engine &engine)
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
                                 const Engine *engine)
{
    QString what = explanation(action, node, kind);
    if (what.isEmpty())
        return true;
    QSettings settings(u"ensemble"_s, u"window"_s);
    const QString key = kGroup + u'/' + toString(action);
    if (!settings.value(key, true).toBool())
        return true;
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
