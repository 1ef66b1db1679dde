// Reads a KRaft node's log lines (Kafka 3.9 and 4.x) into events: raft state transitions with their epoch, every
// vote a voter answered (granted or rejected, pre-vote or real), elections timing out, the active controller,
// brokers registered, fenced and unfenced. Partition leadership and ISR lines are the same as in ZooKeeper mode
// (KafkaLogParser reads them). Formats from real 3.9.2 and 4.4.0 runs in tests/data/logs/kraft-*.log.
#pragma once

#include "LogLine.h"

namespace ensemble {

// SELF is the node.id of the node whose log it is.
QList<ParsedEvent> parseRaftLine(const LogLine &line, int self);

// The state named by a raft state string, as both versions print it: "FollowerState(fetchTimeoutMs=1000, epoch=2,
// leader=103, ...)" -> {state: follower, epoch: 2, leader: 103}; 3.9's "Unattached(...)" / "VotedState(...)" and
// 4.x's "UnattachedState(...)" -> unattached (with voted when a vote was cast); "Leader(...)" -> leader.
// Empty object when the text is no state string.
QJsonObject parseRaftState(QStringView text);

} // namespace ensemble
