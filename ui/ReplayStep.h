// A replay goes step by step, not event by event: the notifications of one ZooKeeper vote (one per server that
// received it) are one step, and so are a fault with the node's death, a state change with the transitions that
// follow it at once, a partition's new leader with its ISR change, and the observers' echo of a raft transition.
// Each step carries a caption that says what it shows and why (ElectionNarrator).
#pragma once

#include "ClusterEvent.h"
#include "ClusterState.h"

#include <QList>
#include <QString>

namespace ensemble::ui {

struct ReplayStep
{
    QList<int> events; // indices into the run's events, ascending; applied together
    QString caption;
};

// The steps of EVENTS[FROM..TO]; BEFORE is the state just before EVENTS[FROM].
QList<ReplayStep> buildReplaySteps(const ClusterState &before, const QList<ClusterEvent> &events, int from, int to);

} // namespace ensemble::ui
