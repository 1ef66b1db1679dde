// What a KRaft cluster looks like outside Ensemble, shared by the exporters and the importer: node ids (brokers
// i, controllers 100 + i, combined nodes i), one deterministic CLUSTER_ID per cluster name, and the settings
// every node gets. Self-contained until nodes/NodeConfig writes KRaft configs itself: it takes NodeConfig's
// broker settings, drops the ZooKeeper-only ones, and sizes the internal topics by the nodes that are brokers.
#pragma once

#include "ClusterSpec.h"
#include "NodeConfig.h"

namespace ensemble {

inline constexpr int kKRaftControllerIdBase = 100; // controller-i has node.id 100 + i
// The CONTROLLER listener inside a container: apart from the INTERNAL listener (29092) and from the EXTERNAL
// ones, which use the host ports (9092...).
inline constexpr int kKRaftControllerPort = 29093;

// node.id of the I-th (1-based) coordinator or broker of SPEC.
int kraftNodeId(const ClusterSpec &spec, bool coordinator, int index);
// The cluster's brokers: spec.brokers, or the combined nodes.
int kraftBrokerCount(const ClusterSpec &spec);
// A base64url UUID (what `kafka-storage random-uuid` prints) derived from the cluster name, so an export
// gives the same file every time and every node of it the same id.
QString kraftClusterId(const QString &clusterName);
// The settings every KRaft node of SPEC gets besides its own identity, listeners and directories.
NodeConfig::Properties kraftSharedSettings(const ClusterSpec &spec);
// Keys a KRaft node's own identity and layout set (and so not part of the shared settings).
bool isKRaftNodeKey(const QString &key);

} // namespace ensemble
