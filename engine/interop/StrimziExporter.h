// The `strimzi` export format: the cluster as Strimzi custom resources for Kubernetes. ZooKeeper mode gives a
// `Kafka` resource for Strimzi 0.45 (kafka.strimzi.io/v1beta2, the last Strimzi line with ZooKeeper); KRaft
// gives `KafkaNodePool`s plus a `Kafka` for Strimzi 1.x (kafka.strimzi.io/v1). Topics become `KafkaTopic`s.
// Broker settings Strimzi forbids in spec.kafka.config are left out (or mapped to the resources' own fields)
// and listed in the README beside the resources.
#pragma once

#include "ClusterSpec.h"
#include "ExportedFile.h"

namespace ensemble {

// The Strimzi releases whose CRDs the export is written for (and validated against in the tests).
inline constexpr auto kStrimziZooKeeperVersion = "0.45.2";
inline constexpr auto kStrimziKRaftVersion = "1.2.0";
// The newest Kafka each supports; a cluster asking for a version the operator does not know gets this one.
inline constexpr auto kStrimziZooKeeperKafka = "3.9.2";
inline constexpr auto kStrimziKRaftKafka = "4.3.1";

// kafka.yaml (node pools and the Kafka resource), topics.yaml (when there are topics) and README.md.
Expected<QList<ExportedFile>> exportStrimzi(const ClusterSpec &spec);

// Whether Strimzi refuses KEY in spec.kafka.config (its forbidden prefixes minus their exceptions) for a
// cluster of MODE (0.45.2 for ZooKeeper mode, 1.2.0 for KRaft).
bool isStrimziForbiddenKafkaKey(const QString &key, ClusterMode mode);
// Likewise for spec.zookeeper.config.
bool isStrimziForbiddenZooKeeperKey(const QString &key);

// A Kubernetes resource name (RFC 1123 subdomain: lower case, digits, '-', '.') made from NAME.
QString kubernetesName(const QString &name);

} // namespace ensemble
