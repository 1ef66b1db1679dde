// The KRaft quorum as the controllers' own quorum-state files tell it (Ensemble owns the directories, so reading
// them needs no client and works while a node is paused): each voter's view (leader, epoch, vote), the leader the
// live voters agree on, and the `quorum` object of `ensemble status --json`.
#pragma once

#include "ClusterState.h"
#include "NodeLayout.h"
#include "QuorumStateFile.h"
#include "Workspace.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

namespace ensemble {

struct QuorumLeader
{
    int id = -1; // -1: no leader the live voters agree on (election under way, or no majority alive)
    int epoch = -1;
    bool operator==(const QuorumLeader &) const = default;
};

class QuorumProbe
{
  public:
    using Views = QHash<QString, QuorumStateFile>; // controller name -> its file

    static Views read(const ClusterLayout &layout, const Workspace &workspace);
    // LIVE are the controllers running and not paused. The leader is a live voter whose own file says it leads
    // in the highest epoch any live voter has reached, and only while a majority of the voters is live.
    static QuorumLeader agreedLeader(const ClusterLayout &layout, const Views &views, const QSet<QString> &live);
    // {leader, leader_id, epoch, has_majority, high_watermark, figures_age_ms, figures_from,
    //  voters: [{name, id, state, role, leader_id, epoch, voted_id, log_end_offset, lag, last_fetch_age_ms, ...}],
    //  observers: [{name, id, log_end_offset, ...}]}: the figures from STATE's newest DescribeQuorum answer
    // (ages as of that answer; NOWMS, the wall clock, gives figures_age_ms), null while none came.
    static QJsonObject toJson(const ClusterLayout &layout, const Views &views, const QSet<QString> &live,
                              const ClusterState &state, qint64 nowMs);
};

} // namespace ensemble
