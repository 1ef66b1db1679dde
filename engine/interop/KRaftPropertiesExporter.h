// The `properties` export format for a KRaft cluster: a server.properties per controller, broker or combined
// node (process.roles, node.id, the static voter list, CONTROLLER and PLAINTEXT listeners on fixed ports on
// the cluster's address), plus start.sh (formats every node's storage with one cluster id, then starts the
// controllers and the brokers), stop.sh and START-ORDER.md for Kafka's own scripts.
#pragma once

#include "ClusterSpec.h"
#include "ExportedFile.h"

namespace ensemble {

inline constexpr int kDefaultKRaftControllerPort = 9193; // controller-N / combined kafka-N: 9193 + N - 1

Expected<QList<ExportedFile>> exportKRaftProperties(const ClusterSpec &spec);

} // namespace ensemble
