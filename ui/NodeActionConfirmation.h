// The question asked before a destructive node action (kill, stop, pause, restart): what the action does to this
// kind of node in words, a button named for the action, and "Don't ask again" (per action, in the settings).
#pragma once

#include "NodeAction.h"
#include "NodeLayout.h"

class QWidget;

namespace ensemble::ui {

class NodeActionConfirmation
{
  public:
    // What ACTION does to NODE (of KIND); empty for actions that need no confirmation (start, resume).
    static QString explanation(NodeAction action, const QString &node, NodeKind kind);
    // True when ACTION may go ahead: not destructive, not to be asked again, or confirmed in a dialog over PARENT.
    // CONSEQUENCE, when set, is said below the explanation (e.g. which topics will refuse acks=all writes).
    static bool ask(QWidget *parent, NodeAction action, const QString &node, NodeKind kind,
                    const QString &consequence = {});
    // Every action is asked about again.
    static void resetDontAsk();
};

} // namespace ensemble::ui
