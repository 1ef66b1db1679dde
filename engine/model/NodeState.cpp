#include "NodeState.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
const std::array<std::pair<NodeState, QStringView>, 7> kNames = {{
    {NodeState::Stopped, u"stopped"},
    {NodeState::Starting, u"starting"},
    {NodeState::Up, u"up"},
    {NodeState::Stopping, u"stopping"},
    {NodeState::Paused, u"paused"},
    {NodeState::Exited, u"exited"},
    {NodeState::Killed, u"killed"},
}};
} // namespace

QString toString(NodeState state)
{
    for (const auto &[s, name] : kNames)
        if (s == state)
            return name.toString();
    return u"unknown"_s;
}

NodeState nodeStateFromString(const QString &text, bool *ok)
{
    for (const auto &[s, name] : kNames)
        if (name == text) {
            if (ok)
                *ok = true;
            return s;
        }
    if (ok)
        *ok = false;
    return NodeState::Stopped;
}

QString statusWord(NodeState state)
{
    return toString(state == NodeState::Killed ? NodeState::Exited : state);
}

bool isRunning(NodeState state)
{
    return state == NodeState::Starting || state == NodeState::Up || state == NodeState::Stopping ||
           state == NodeState::Paused;
}

} // namespace ensemble
