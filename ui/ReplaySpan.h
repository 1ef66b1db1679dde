// The stretches of a run worth replaying: ZooKeeper elections (election_started ... leader_elected), KRaft
// elections (pre-votes, votes and transitions ... leader_elected) and partition failovers (what took a partition's
// leader away ... the new leader and ISR). The timeline's chooser lists them, oldest first.
#pragma once

#include "ClusterEvent.h"
#include "NodeLayout.h"

#include <QList>
#include <QString>

namespace ensemble::ui {

struct ElectionSpan
{
    enum class Kind { ZooKeeper, Raft, Partition };
    Kind kind = Kind::ZooKeeper;
    int first = 0; // index of the first event shown (the fault or the first election_started)
    int last = 0;  // index of leader_elected (a failover: of its last leader or ISR change)
    QString leader;
    // ZooKeeper: a server that rejoined a quorum that already had a leader (it looked, and follows LEADER now) —
    // no leader_elected then; LAST is its turn to "following".
    QString rejoined;
    qint64 startMs = 0;
    qint64 tookMs = 0;
    std::optional<qint64> epoch; // KRaft: the epoch the leader won
    QString what;                // a failover: "orders-0 → broker 2"; its cause: "broker 1 killed"
    QString cause;
    QString title() const;
};

// The elections and partition failovers in EVENTS, ordered by their first event; an election still open at the end
// (no leader yet) ends at the last event. LAYOUT names brokers by id (without it, kafka-N is broker N).
QList<ElectionSpan> findElections(const QList<ClusterEvent> &events, const ClusterLayout &layout = {});

// The broker id of node NAME (by LAYOUT, else the number after its last '-'); -1 when it is not a broker.
int brokerIdOf(const QString &name, const ClusterLayout &layout);

// What took broker BROKER's leaderships away, as recorded in EVENTS[index]: "broker 1 killed", "controlled shutdown
// of broker 1", ...; empty when that event says nothing about the broker.
QString leaderLossCause(const ClusterEvent &event, int broker, const ClusterLayout &layout);

} // namespace ensemble::ui
