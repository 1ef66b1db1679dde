// Reads a Kafka broker's (ZooKeeper mode) log lines into events: controller elections, broker registration,
// partition leadership taken on, ISR shrink and expand, controlled shutdown. Formats checked against Kafka 3.9
// (KafkaController, KafkaZkClient, state.change.logger, Partition, KafkaServer) and real runs in tests/data/.
#pragma once

#include "LogLine.h"

namespace ensemble {

// SELF is the broker.id of the broker whose log it is.
QList<ParsedEvent> parseKafkaLine(const LogLine &line, int self);

// "FINANCE-STOCK-TRADING-TEST-2" -> {"FINANCE-STOCK-TRADING-TEST", 2}; topic names may contain '-'.
bool splitTopicPartition(QStringView text, QString *topic, int *partition);

} // namespace ensemble
