// The KRaft quorum's replication figures as the raft leader reports them (DescribeQuorum, what
// `kafka-metadata-quorum describe --status/--replication` prints): leader, epoch, high watermark and, per voter
// and observer, its log end offset, its lag behind the leader and how long ago it last fetched. A plain value:
// the engine measures it, the cluster state keeps the newest, views and `ensemble status` read it.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace ensemble {

struct ReplicaFigures
{
    int id = -1;                   // node.id
    QString name;                  // controller-2, kafka-1 (empty when the layout has no such id)
    bool voter = true;             // false: an observer (a broker fetching the metadata log without a vote)
    qint64 logEndOffset = -1;      // -1: the leader does not know it yet
    qint64 lag = -1;               // the leader's log end offset minus this one's; -1 unknown
    qint64 lastFetchAgeMs = -1;    // now minus the leader's record of its last fetch; -1 unknown (or v0 reply)
    qint64 lastCaughtUpAgeMs = -1; // now minus when it was last caught up with the leader; -1 unknown
    bool operator==(const ReplicaFigures &) const = default;
};

struct QuorumFigures
{
    int leaderId = -1;
    QString leader; // the leader's name
    int epoch = -1;
    qint64 highWatermark = -1;
    QList<ReplicaFigures> voters;
    QList<ReplicaFigures> observers;
    qint64 measuredAtMs = 0; // wall clock (ms since the epoch) when the reply came; 0 = never measured
    QString answeredBy;      // the node whose listener answered
    int apiVersion = -1;     // the DescribeQuorum version both sides spoke

    bool isValid() const { return measuredAtMs > 0 && leaderId >= 0; }
    const ReplicaFigures *replica(int id) const; // a voter or observer by node.id
    // A replica counts as lagging when it is kLagRecords or more behind the leader, or has not fetched for
    // kStaleFetchMs or more (a paused follower stops fetching long before it falls far behind a quiet log).
    // A healthy follower is 0-2 behind: the leader appends a no-op record every 500 ms.
    static constexpr qint64 kLagRecords = 5;
    static constexpr qint64 kStaleFetchMs = 2000;
    static bool isLagging(const ReplicaFigures &r);
    // The `quorum` fields of `ensemble status --json`: high_watermark, and per replica log_end_offset, lag,
    // last_fetch_age_ms, last_caught_up_age_ms (null when unknown).
    static QJsonObject replicaJson(const ReplicaFigures &r);
    bool operator==(const QuorumFigures &) const = default;
};

} // namespace ensemble

Q_DECLARE_METATYPE(ensemble::QuorumFigures)
