// The question asked before a destructive node action (kill, stop, pause, restart): what the action does to this
// kind of node in words, a button named for the action, and "Don't ask again" (per action, in the settings).
#pragma once

#include "NodeAction.h"
#include "NodeLayout.h"

class QWidget;

namespace ensemble {
class ClusterState;
class ClusterSession;
} // namespace ensemble

namespace ensemble::ui {

class NodeActionConfirmation
{
  public:
    // What ACTION does to NODE (of KIND); empty for actions that need no confirmation (start, resume).
    static QString explanation(NodeAction action, const QString &node, NodeKind kind);
    // True when ACTION may go ahead: not destructive, not to be asked again, or confirmed in a dialog over PARENT.
    // With ENGINE, the question also says which topics would then refuse acks=all writes (refusedWrites).
    static bool ask(QWidget *parent, NodeAction action, const QString &node, NodeKind kind,
                    const ClusterSession *engine = nullptr);
    // Said before the action, not after the first refused write: which topics would refuse acks=all writes once
    // ACTION takes broker NODE out of every ISR (min.insync.replicas from the cluster file); empty when none.
    static QString refusedWrites(NodeAction action, const QString &node, const ClusterSession &engine);
    // KRaft: what ACTION on controller NODE does to the raft quorum — said when it leaves fewer live controllers
    // than a majority (no leader can be elected), or when NODE is the quorum leader (an election follows); empty
    // for anything else.
    static QString quorumEffect(NodeAction action, const QString &node, const ClusterState &state);
    // What ACTION does to a KRaft controller or combined node.
    static QString kraftExplanation(NodeAction action, const QString &node, bool combined);
    // Every action is asked about again.
    static void resetDontAsk();
};

} // namespace ensemble::ui
