// The `compose` export format: a docker-compose.yml that runs the same cluster in containers (same node
// names, ids, settings and topics) with maintained images, plus a README.md beside it. docs/configs.md says
// why these images and how the listeners are laid out.
#pragma once

#include "ClusterSpec.h"
#include "ExportedFile.h"

namespace ensemble {

// Confluent Platform 7.9 ships Apache Kafka 3.9, the last line that runs in ZooKeeper mode (as Ensemble
// does); cp-zookeeper exists up to 7.9. apache/kafka images are KRaft-only, bitnami's moved to an
// unmaintained legacy repo.
inline constexpr auto kComposeZooKeeperImage = "confluentinc/cp-zookeeper:7.9.6";
inline constexpr auto kComposeKafkaImage = "confluentinc/cp-kafka:7.9.6";
inline constexpr int kComposeInternalPort = 29092; // the INTERNAL listener, inside the compose network

// docker-compose.yml and README.md.
Expected<QList<ExportedFile>> exportCompose(const ClusterSpec &spec);

// The docker compose project name for a cluster name: lower case, [a-z0-9_-].
QString composeProjectName(const QString &clusterName);

} // namespace ensemble
