// The ports a cluster gets when it runs outside Ensemble, where nothing picks free ports at start: the
// cluster file's first ports (or 2181.. and 9092..), and quorum / election ports 2888+i-1 / 3888+i-1, all
// distinct so every node can run on one host. Used by the exporters (and the importer, to know what the
// exporters wrote).
#pragma once

#include "ClusterSpec.h"
#include "Expected.h"
#include "NodeLayout.h"

namespace ensemble {

inline constexpr int kDefaultCoordinatorPort = 2181;
inline constexpr int kDefaultBrokerPort = 9092;
inline constexpr int kDefaultQuorumPort = 2888;
inline constexpr int kDefaultElectionPort = 3888;

// Fails (BadInput) when two ports would be the same.
Expected<ClusterLayout> fixedPortLayout(const ClusterSpec &spec);

} // namespace ensemble
