// The `compose` export format for a KRaft cluster: apache/kafka containers — separate controllers and brokers,
// or combined nodes — with one CLUSTER_ID, a CONTROLLER listener for the quorum, an INTERNAL listener for the
// brokers and other containers and an EXTERNAL one published on the host, healthchecks, and brokers that wait
// for healthy controllers. docs/configs.md describes the layout.
#pragma once

#include "ClusterSpec.h"
#include "ExportedFile.h"

namespace ensemble {

// apache/kafka images are KRaft-only and published for every Apache Kafka release; the tag is the cluster's
// Kafka version (4.4.0 by default).
inline constexpr auto kComposeKRaftImage = "apache/kafka";

// docker-compose.yml and README.md.
Expected<QList<ExportedFile>> exportKRaftCompose(const ClusterSpec &spec);

} // namespace ensemble
