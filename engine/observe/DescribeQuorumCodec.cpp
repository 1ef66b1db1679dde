#include "DescribeQuorumCodec.h"

#include <QtEndian>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

constexpr QLatin1StringView kMetadataTopic{"__cluster_metadata"};
constexpr QLatin1StringView kClientId{"ensemble"};

// Reads big-endian fields and Kafka's varints from a byte range; any read past the end (or a length that cannot
// fit) sets failed() and returns zeros, so a parser checks once at the end of a structure.
class WireReader
{
  public:
    explicit WireReader(const QByteArray &bytes) : m_data(bytes) {}

    bool failed() const { return m_failed; }
    qsizetype remaining() const { return m_failed ? 0 : m_data.size() - m_pos; }

    template <typename T> T fixed()
    {
        if (!take(sizeof(T)))
            return 0;
        return qFromBigEndian<T>(m_data.constData() + m_pos - qsizetype(sizeof(T)));
    }
    quint64 unsignedVarint()
    {
        quint64 value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!take(1))
                return 0;
            const auto byte = quint8(m_data.at(m_pos - 1));
            value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return value;
        }
        m_failed = true; // more than ten bytes: not a varint
        return 0;
    }
    // A compact array's element count (the varint holds count + 1; 0 = null, read as empty). Each element takes
    // at least MINBYTES, so a count the rest of the reply cannot hold is refused before anything loops over it.
    qsizetype compactCount(qsizetype minBytes = 1)
    {
        const quint64 n = unsignedVarint();
        if (n == 0)
            return 0;
        if (n - 1 > quint64(remaining() / minBytes)) {
            m_failed = true;
            return 0;
        }
        return qsizetype(n - 1);
    }
    QString compactString() // a null string reads as empty
    {
        const qsizetype n = compactCount();
        if (!take(n))
            return {};
        return QString::fromUtf8(m_data.constData() + m_pos - n, n);
    }
    void skip(qsizetype n) { take(n); }
    // Tagged fields: a varint count, then per field a varint tag, a varint size and that many bytes.
    void taggedFields()
    {
        const quint64 count = unsignedVarint();
        if (count > quint64(remaining() / 2)) {
            m_failed = true;
            return;
        }
        for (quint64 i = 0; i < count && !m_failed; ++i) {
            unsignedVarint();
            const quint64 size = unsignedVarint();
            if (size > quint64(remaining())) {
                m_failed = true;
                return;
            }
            take(qsizetype(size));
        }
    }

  private:
    bool take(qsizetype n)
    {
        if (m_failed || n < 0 || n > m_data.size() - m_pos) {
            m_failed = true;
            return false;
        }
        m_pos += n;
        return true;
    }

    const QByteArray &m_data;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

class WireWriter
{
  public:
    template <typename T> void fixed(T v)
    {
        char buf[sizeof(T)];
        qToBigEndian<T>(v, buf);
        m_out.append(buf, sizeof(T));
    }
    void unsignedVarint(quint64 v)
    {
        while (v >= 0x80) {
            m_out.append(char((v & 0x7f) | 0x80));
            v >>= 7;
        }
        m_out.append(char(v));
    }
    void compactString(QLatin1StringView s)
    {
        unsignedVarint(quint64(s.size()) + 1);
        m_out.append(s.data(), s.size());
    }
    // The header's client id keeps the old two-byte length, even in flexible versions.
    void header(qint16 key, qint16 version, qint32 correlationId, bool flexible)
    {
        fixed<qint16>(key);
        fixed<qint16>(version);
        fixed<qint32>(correlationId);
        fixed<qint16>(qint16(kClientId.size()));
        m_out.append(kClientId.data(), kClientId.size());
        if (flexible)
            unsignedVarint(0); // no tagged fields
    }
    QByteArray framed() const
    {
        QByteArray out(4, Qt::Uninitialized);
        qToBigEndian<qint32>(qint32(m_out.size()), out.data());
        return out + m_out;
    }

  private:
    QByteArray m_out;
};

Error malformed(const QString &what)
{
    return Error::runtime(u"the DescribeQuorum reply is malformed (%1) — a Kafka version this build does not "
                          "read? Compare with `kafka-metadata-quorum describe --replication`"_s.arg(what));
}

// Reads one ReplicaState; false when the reply ran short.
bool readReplica(WireReader &in, qint16 version, qint64 nowMs, bool voter, ReplicaFigures &out)
{
    out.voter = voter;
    out.id = in.fixed<qint32>();
    if (version >= 2)
        in.skip(16); // ReplicaDirectoryId (a uuid)
    out.logEndOffset = in.fixed<qint64>();
    if (version >= 1) {
        const qint64 fetched = in.fixed<qint64>();
        const qint64 caughtUp = in.fixed<qint64>();
        out.lastFetchAgeMs = fetched >= 0 ? std::max<qint64>(0, nowMs - fetched) : -1;
        out.lastCaughtUpAgeMs = caughtUp >= 0 ? std::max<qint64>(0, nowMs - caughtUp) : -1;
    }
    in.taggedFields();
    return !in.failed();
}

} // namespace

QByteArray DescribeQuorumCodec::apiVersionsRequest(qint32 correlationId)
{
    WireWriter w;
    w.header(kApiVersionsKey, 0, correlationId, false); // version 0: an empty body every broker reads
    return w.framed();
}

QByteArray DescribeQuorumCodec::describeQuorumRequest(qint16 version, qint32 correlationId)
{
    WireWriter w;
    w.header(kDescribeQuorumKey, version, correlationId, true);
    w.unsignedVarint(2); // one topic
    w.compactString(kMetadataTopic);
    w.unsignedVarint(2); // one partition
    w.fixed<qint32>(0);
    w.unsignedVarint(0); // partition tagged fields
    w.unsignedVarint(0); // topic tagged fields
    w.unsignedVarint(0); // request tagged fields
    return w.framed();
}

Expected<qint16> DescribeQuorumCodec::pickVersion(const QByteArray &reply, qint32 correlationId)
{
    WireReader in(reply);
    if (in.fixed<qint32>() != correlationId || in.failed())
        return malformed(u"ApiVersions: another correlation id"_s);
    if (const qint16 error = in.fixed<qint16>(); error != 0)
        return Error::runtime(u"the listener refused ApiVersions (error %1) — is it a Kafka listener?"_s.arg(error));
    const qint32 count = in.fixed<qint32>();
    if (count < 0 || count > in.remaining() / 6)
        return malformed(u"ApiVersions: %1 keys"_s.arg(count));
    for (qint32 i = 0; i < count; ++i) {
        const qint16 key = in.fixed<qint16>();
        const qint16 min = in.fixed<qint16>();
        const qint16 max = in.fixed<qint16>();
        if (key != kDescribeQuorumKey)
            continue;
        const qint16 use = std::min(max, kNewestVersion);
        if (use < min || use < 0)
            return Error::runtime(u"the listener speaks DescribeQuorum %1-%2 only, this build 0-%3 — use a Kafka "
                                  "version from 3.3 to 4.x"_s.arg(min)
                                      .arg(max)
                                      .arg(kNewestVersion));
        return use;
    }
    if (in.failed())
        return malformed(u"ApiVersions: short"_s);
    return Error::runtime(u"the listener does not offer DescribeQuorum — it is not a KRaft node (Kafka 3.3 or "
                          "later)"_s);
}

qint16 DescribeQuorumCodec::errorCode(const QByteArray &reply, qint16 version)
{
    WireReader in(reply);
    in.fixed<qint32>();
    in.taggedFields();
    if (const qint16 top = in.fixed<qint16>(); top != 0 || in.failed())
        return top;
    if (version >= 2)
        in.compactString();
    if (in.compactCount() < 1)
        return 0;
    in.compactString();
    if (in.compactCount() < 1)
        return 0;
    in.fixed<qint32>();
    return in.fixed<qint16>();
}

Expected<QuorumFigures> DescribeQuorumCodec::parseReply(const QByteArray &reply, qint16 version, qint32 correlationId,
                                                        qint64 nowMs)
{
    if (version < 0 || version > kNewestVersion)
        return malformed(u"version %1"_s.arg(version));
    WireReader in(reply);
    if (in.fixed<qint32>() != correlationId || in.failed())
        return malformed(u"another correlation id"_s);
    in.taggedFields();
    const qint16 topError = in.fixed<qint16>();
    QString message;
    if (version >= 2)
        message = in.compactString();
    if (topError != 0)
        return Error::runtime(u"DescribeQuorum refused: error %1%2"_s.arg(topError).arg(
            message.isEmpty() ? QString() : QString(u" ("_s + message + u')')));
    QuorumFigures figures;
    figures.apiVersion = version;
    figures.measuredAtMs = nowMs;
    bool found = false;
    const qsizetype topics = in.compactCount(3);
    for (qsizetype t = 0; t < topics && !in.failed(); ++t) {
        const QString topic = in.compactString();
        const qsizetype partitions = in.compactCount(4);
        for (qsizetype p = 0; p < partitions && !in.failed(); ++p) {
            const qint32 index = in.fixed<qint32>();
            const qint16 error = in.fixed<qint16>();
            if (version >= 2)
                message = in.compactString();
            QuorumFigures part;
            part.leaderId = in.fixed<qint32>();
            part.epoch = in.fixed<qint32>();
            part.highWatermark = in.fixed<qint64>();
            for (bool voter : {true, false}) {
                const qsizetype n = in.compactCount(13);
                for (qsizetype i = 0; i < n && !in.failed(); ++i) {
                    ReplicaFigures r;
                    if (readReplica(in, version, nowMs, voter, r))
                        (voter ? part.voters : part.observers).append(r);
                }
            }
            in.taggedFields();
            if (topic != kMetadataTopic || index != 0)
                continue;
            if (error != 0)
                return Error::runtime(u"DescribeQuorum refused: error %1%2"_s.arg(error).arg(
                    error == kNotLeaderOrFollower ? u" (not the raft leader)"_s : QString()));
            part.apiVersion = figures.apiVersion;
            part.measuredAtMs = figures.measuredAtMs;
            figures = part;
            found = true;
        }
        in.taggedFields();
    }
    if (version >= 2) { // Nodes: the voters' listeners, not needed here but read to check the reply's length
        const qsizetype nodes = in.compactCount(6);
        for (qsizetype i = 0; i < nodes && !in.failed(); ++i) {
            in.fixed<qint32>();
            const qsizetype listeners = in.compactCount(5);
            for (qsizetype l = 0; l < listeners && !in.failed(); ++l) {
                in.compactString();
                in.compactString();
                in.fixed<quint16>();
                in.taggedFields();
            }
            in.taggedFields();
        }
    }
    in.taggedFields();
    if (in.failed())
        return malformed(u"short or inconsistent"_s);
    if (in.remaining() != 0)
        return malformed(u"%1 bytes left over"_s.arg(in.remaining()));
    if (!found)
        return malformed(u"no __cluster_metadata-0"_s);
    // Lag as kafka-metadata-quorum prints it: the leader's log end offset minus the replica's.
    const ReplicaFigures *leader = nullptr;
    for (const ReplicaFigures &r : std::as_const(figures.voters))
        if (r.id == figures.leaderId)
            leader = &r;
    const qint64 leaderEnd = leader ? leader->logEndOffset : -1;
    for (QList<ReplicaFigures> *list : {&figures.voters, &figures.observers})
        for (ReplicaFigures &r : *list)
            r.lag = leaderEnd >= 0 && r.logEndOffset >= 0 ? std::max<qint64>(0, leaderEnd - r.logEndOffset) : -1;
    return figures;
}

} // namespace ensemble
