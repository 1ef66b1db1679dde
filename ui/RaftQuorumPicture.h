// What the canvas shows of a KRaft quorum, folded from the raft events: each controller's raft state, epoch and
// vote in that epoch; which brokers are registered, fenced or unfenced; the highest epoch seen (a leader below it
// is fenced); and, when a figure source supplies them, each voter's log end offset against the high watermark.
// ClusterState keeps only what `ensemble status` needs; this keeps what a drawing of the election needs.
#pragma once

#include "ClusterEvent.h"
#include "NodeLayout.h"

#include <QHash>
#include <QString>

#include <optional>

namespace ensemble::ui {

class RaftQuorumPicture
{
  public:
    struct Voter
    {
        QString state; // unattached, prospective, candidate, leader, follower, resigned; empty = not heard yet
        int epoch = -1;
        QString voted;  // the node it voted for in EPOCH (itself when a candidate), empty = none
        QString leader; // the leader a follower follows
    };

    void reset(const ClusterLayout &layout);
    void apply(const ClusterEvent &event);

    const Voter *voter(const QString &node) const;
    int highestEpoch() const { return m_highestEpoch; }
    // A node whose last word is "leader" in an epoch below the highest seen: a higher epoch has fenced it.
    bool isFencedLeader(const QString &node) const;
    // A broker's registration with the active controller: "unfenced", "fenced", "registered" (not yet unfenced) or
    // "not registered".
    QString brokerStatus(int brokerId) const;

    // Quorum figures (DescribeQuorum) when some source supplies them: the high watermark and per node its log end
    // offset. An event carrying {high_watermark, voters: [{node|id, log_end_offset}]} sets them too.
    void setOffsets(qint64 highWatermark, const QHash<QString, qint64> &logEndOffsets);
    // Log end offset / high watermark, 0..1, for NODE; nullopt when no figures are known.
    std::optional<double> catchUp(const QString &node) const;
    std::optional<qint64> highWatermark() const { return m_highWatermark; }
    std::optional<qint64> logEndOffset(const QString &node) const;

  private:
    QString nameOf(const QJsonValue &id) const;
    void readFigures(const QJsonObject &fields);

    ClusterLayout m_layout;
    QHash<QString, Voter> m_voters;
    QHash<int, QString> m_brokers; // broker id -> status
    int m_highestEpoch = -1;
    std::optional<qint64> m_highWatermark;
    QHash<QString, qint64> m_logEnd;
};

} // namespace ensemble::ui
