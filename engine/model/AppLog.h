// Ensemble's own diagnostic log — what Ensemble did and what went wrong, for a user to attach to a problem report
// (the nodes' output stays verbatim in each node's logs/node.log). spdlog, one named logger per subsystem ("run",
// "engine", "node", "window", "qt"...) over shared sinks: a rotating file per running workspace
// (WORKSPACE/ensemble.log) and one for the window ($XDG_STATE_HOME/ensemble/gui.log). Qt's own messages (qDebug,
// qCWarning with our categories, Qt's warnings) are routed in too, each under its category's subsystem.
#pragma once

#include "Expected.h"

#include <QString>

#include <memory>

namespace spdlog {
class logger;
}

namespace ensemble {

class AppLog
{
  public:
    // The logger for SUBSYSTEM ("run", "engine"...), created on first use; it writes to every file added.
    static std::shared_ptr<spdlog::logger> get(const QString &subsystem);
    // Routes Qt's messages into the log (and on to the handler that was installed before, so stderr is unchanged).
    static void installQtMessageHandler();
    // Starts writing to PATH (rotating: 5 MB, then PATH.1 .. PATH.3). Adding the same path twice is a no-op.
    static Status addFile(const QString &path);
    static void removeFile(const QString &path);
    static void flush();

    static constexpr auto kWorkspaceLogName = "ensemble.log";
    // $XDG_STATE_HOME/ensemble/gui.log (usually ~/.local/state/ensemble/gui.log).
    static QString windowLogFile();
};

} // namespace ensemble
