// Reads ZooKeeper's own log lines into events: a server starting an election, every vote notification it
// receives (who voted for whom, in which round), its role changes, and how long the election took.
// Formats checked against ZooKeeper 3.8 (FastLeaderElection, QuorumPeer, Leader, Learner) and real runs
// recorded in tests/data/.
#pragma once

#include "LogLine.h"

namespace ensemble {

// SELF is the myid of the server whose log it is.
QList<ParsedEvent> parseZooKeeperLine(const LogLine &line, int self);

} // namespace ensemble
