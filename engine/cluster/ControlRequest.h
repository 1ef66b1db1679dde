// One request line of the control socket, read without acting on it: which command, with which arguments, or why
// the line is no request. Pure, so that it is unit-tested and fuzzed; ControlServer carries it out.
#pragma once

#include "Expected.h"
#include "NetworkFault.h"
#include "NodeAction.h"

#include <QByteArrayView>
#include <QString>

namespace ensemble {

struct ControlRequest
{
    enum class Command { Ping, Status, Node, Down, Events, Fault };
    Command command = Command::Ping;
    NodeAction action = NodeAction::Kill; // Node
    QString node;                         // Node
    qint64 sinceMs = 0;                   // Events
    bool follow = false;                  // Events
    NetworkFault fault;                   // Fault

    // LINE is one request without its line end; errors are bad input with what to send instead.
    static Expected<ControlRequest> parse(QByteArrayView line);
};

} // namespace ensemble
