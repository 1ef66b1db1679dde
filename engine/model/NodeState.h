// The life-cycle state of one node as the user sees it.
#pragma once

#include <QString>

namespace ensemble {

enum class NodeState {
    Stopped,  // not running (never started, or stopped on request)
    Starting, // process launched, not yet serving
    Up,       // serving: ZooKeeper answers `srvr` with a mode; a broker is registered and in the metadata
    Stopping, // graceful stop requested
    Paused,   // SIGSTOPped
    Exited,   // ended without being asked (crash, fatal error)
    Killed,   // SIGKILLed on request
};

QString toString(NodeState state);
NodeState nodeStateFromString(const QString &text, bool *ok = nullptr);
bool isRunning(NodeState state); // a process exists (Starting, Up, Stopping, Paused)
// The word `status` shows (the nodes table and the quorum's voters alike): a killed node has exited, and its
// signal says how; events keep `killed`.
QString statusWord(NodeState state);

} // namespace ensemble
