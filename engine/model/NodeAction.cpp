#include "NodeAction.h"

#include <array>
#include <utility>

namespace ensemble {

namespace {
const std::array<std::pair<NodeAction, QStringView>, 6> kActions = {{
    {NodeAction::Start, u"start"},
    {NodeAction::Stop, u"stop"},
    {NodeAction::Kill, u"kill"},
    {NodeAction::Restart, u"restart"},
    {NodeAction::Pause, u"pause"},
    {NodeAction::Resume, u"resume"},
}};
} // namespace

QString toString(NodeAction action)
{
    for (const auto &[a, name] : kActions)
        if (a == action)
            return name.toString();
    return {};
}

std::optional<NodeAction> nodeActionFromString(const QString &text)
{
    for (const auto &[a, name] : kActions)
        if (name == text)
            return a;
    return std::nullopt;
}

} // namespace ensemble
