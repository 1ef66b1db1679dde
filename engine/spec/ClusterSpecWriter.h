// Writes a ClusterSpec as a cluster file with every key explicit (the `yaml` export format, and the output of
// `ensemble import`). parseClusterSpec(writeClusterSpec(spec)) gives back an equal spec.
#pragma once

#include "ClusterSpec.h"

#include <QString>

namespace ensemble {

// HEADER: comment lines (without "# ") written first, e.g. where the cluster came from.
QString writeClusterSpec(const ClusterSpec &spec, const QStringList &header = {});

} // namespace ensemble
