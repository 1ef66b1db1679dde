// The clusters Ensemble knows of, as `ensemble ls` and the window's Clusters dialog list them: each workspace under
// the data folder and those elsewhere that were registered, with its name, mode, Kafka version, state ("running",
// "starting": its control socket answers; "stopped") and bootstrap address (the ports its workspace keeps).
// Blocking (a ping per workspace): the window calls it on a worker thread.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace ensemble {

class ClusterListing
{
  public:
    // {"workspace", "name", "mode", "kafka_version", "bootstrap", "state"}; fields it cannot read are left out.
    static QJsonObject describe(const QString &workspaceRoot);
    static QJsonArray all(); // those running (or starting) first, then the stopped ones
};

} // namespace ensemble
