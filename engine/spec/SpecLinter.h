// Lint findings for a cluster file, beyond what the validator already reports (which covers an even number of
// ZooKeeper servers and a replication factor above the broker count): the same rule ids as ComposeLinter.
#pragma once

#include "ClusterSpec.h"
#include "LintFinding.h"

namespace ensemble {

QList<LintFinding> lintClusterSpec(const ClusterSpec &spec);

} // namespace ensemble
