// The engine calls a worker job (the failover drill, a lesson) makes from its own thread: status, node actions and
// network faults, each run on the engine's thread through askOnThread with a bounded wait, and answering at once
// with an error once the panel that started the job is closing. Shared by DrillPanel and ScenariosPanel.
#pragma once

#include "Expected.h"
#include "NetworkFault.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace ensemble {
class ClusterSession;
}

namespace ensemble::ui {

struct EngineHooks
{
    std::function<Expected<QJsonObject>()> status;                         // `ensemble status --json` shape
    std::function<Status(const QString &action, const QString &node)> act; // kill, stop, start, pause, ...
    std::function<Expected<QString>(const NetworkFault &)> fault;          // isolate, partition, slow, heal

    // ENGINE must outlive the hooks' use, or CLOSING be set before it goes (the panels set it in their destructor).
    static EngineHooks forEngine(ClusterSession *engine, std::shared_ptr<std::atomic<bool>> closing);
};

} // namespace ensemble::ui
