// What a user can do to one node: the verbs of the CLI, the window's node menu and the control socket.
#pragma once

#include <QString>

#include <optional>

namespace ensemble {

enum class NodeAction { Start, Stop, Kill, Restart, Pause, Resume };

QString toString(NodeAction action);
std::optional<NodeAction> nodeActionFromString(const QString &text);

} // namespace ensemble
