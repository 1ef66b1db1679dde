// A KRaft controller's METADATA_LOG_DIR/__cluster_metadata-0/quorum-state: the raft client rewrites it (JSON) on
// every durable state change, so it says who the node thinks leads, in which epoch, and whom it voted for —
// readable without a client, even while the node is paused or dead (then it is the last thing it knew).
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace ensemble {

struct QuorumStateFile
{
    int leaderId = -1; // -1: no leader known
    int leaderEpoch = -1;
    int votedId = -1; // -1: no vote cast in this epoch
    QList<int> voters;

    static std::optional<QuorumStateFile> parse(const QByteArray &json);
    // nullopt when the file is missing (not formatted or not started yet) or unreadable.
    static std::optional<QuorumStateFile> read(const QString &path);
    bool operator==(const QuorumStateFile &) const = default;
};

} // namespace ensemble
