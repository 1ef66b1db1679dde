// The `properties` export format: for each node a directory with zoo.cfg + data/myid or server.properties, as
// NodeConfig writes them for Ensemble itself but with fixed ports (FixedPortLayout) and paths relative to the
// export directory, plus start.sh / stop.sh and START-ORDER.md for Kafka's own scripts.
#pragma once

#include "ClusterSpec.h"
#include "ExportedFile.h"

namespace ensemble {

Expected<QList<ExportedFile>> exportProperties(const ClusterSpec &spec);

} // namespace ensemble
