// Kafka's wire format for the two requests the quorum describer speaks: ApiVersions (key 18, version 0, to pick a
// DescribeQuorum version both sides know) and DescribeQuorum (key 55, versions 0-2, flexible: compact strings and
// arrays, tagged fields) for __cluster_metadata partition 0. Pure functions over bytes, bounded: a reply that
// is short, overlong or inconsistent is an error, never a crash or a huge allocation. Schemas: Kafka's
// clients/src/main/resources/common/message/{RequestHeader,ApiVersions*,DescribeQuorum*}.json.
#pragma once

#include "Expected.h"
#include "QuorumFigures.h"

#include <QByteArray>

namespace ensemble {

class DescribeQuorumCodec
{
  public:
    static constexpr qint16 kApiVersionsKey = 18;
    static constexpr qint16 kDescribeQuorumKey = 55;
    static constexpr qint16 kNewestVersion = 2; // the newest DescribeQuorum version this codec reads
    static constexpr qint32 kMaxReplyBytes = 1 << 20;
    static constexpr qint16 kNotLeaderOrFollower = 6;

    // Whole requests, size prefix included.
    static QByteArray apiVersionsRequest(qint32 correlationId);
    static QByteArray describeQuorumRequest(qint16 version, qint32 correlationId);

    // REPLY is one response without its 4-byte size prefix. The DescribeQuorum version to speak: the highest
    // both sides know; an error when the listener knows none or answered something else.
    static Expected<qint16> pickVersion(const QByteArray &reply, qint32 correlationId);
    // The figures in a DescribeQuorum reply of VERSION, ages measured against NOWMS (wall clock, ms since the
    // epoch: the leader stamps fetches with its wall clock, and it runs on this machine). Names stay empty.
    static Expected<QuorumFigures> parseReply(const QByteArray &reply, qint16 version, qint32 correlationId,
                                              qint64 nowMs);
    // The error code of a reply parseReply refused, if it carried one (6: that node is not the raft leader).
    static qint16 errorCode(const QByteArray &reply, qint16 version);
};

} // namespace ensemble
