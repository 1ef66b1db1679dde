#include "DeliveryTally.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

DeliveryTally::Outcome DeliveryTally::classify(const QString &error)
{
    if (error.isEmpty())
        return Outcome::Acknowledged;
    // librdkafka's own errors start with "Local:"; the broker's with "Broker:".
    if (error.contains(u"timed out"_s, Qt::CaseInsensitive))
        return Outcome::TimedOut;
    if (error.startsWith(u"Local:"_s))
        return Outcome::Unknown; // purged, destroyed, fatal client state: the broker may or may not have it
    return Outcome::Refused;
}

QString DeliveryTally::explain(const QString &error)
{
    if (error.contains(u"in-sync replicas"_s))
        return u"%1 — the broker refused the write: fewer replicas are in sync than the topic's "
               "min.insync.replicas, so acks=all cannot be honoured. Start or resume a broker, or produce with "
               "acks=1 (which may lose messages)."_s.arg(error);
    switch (classify(error)) {
    case Outcome::TimedOut:
        return u"%1 — no broker acknowledged in time: the partition's leader is down or paused, or too few "
               "replicas are in sync (acks=all retries NOT_ENOUGH_REPLICAS until the message times out). Check the "
               "partitions table for '⚠' and start or resume a broker."_s.arg(error);
    case Outcome::Unknown:
        return u"%1 — the client gave the message up before an answer; the broker may or may not have it."_s.arg(error);
    default:
        return error;
    }
}

void DeliveryTally::add(const DeliveryResult &result, qint64 atMs)
{
    m_lastReportMs = std::max(m_lastReportMs, atMs);
    switch (classify(result.error)) {
    case Outcome::Acknowledged:
        ++m_acknowledged;
        if (m_failingSince >= 0) {
            m_failingMs += std::max<qint64>(0, atMs - m_failingSince);
            m_failingSince = -1;
        }
        return;
    case Outcome::Refused:
        ++m_refused;
        if (m_firstRefusal.isEmpty())
            m_firstRefusal = result.error;
        break;
    case Outcome::TimedOut:
        ++m_timedOut;
        break;
    case Outcome::Unknown:
        ++m_purged;
        return; // given up by the client, not an answer about the cluster
    }
    if (m_failingSince < 0)
        m_failingSince = atMs;
}

void DeliveryTally::finish(qint64 atMs)
{
    if (m_failingSince >= 0) {
        m_failingMs += std::max<qint64>(0, atMs - m_failingSince);
        m_failingSince = -1;
    }
}

qint64 DeliveryTally::unknown() const
{
    const qint64 answered = m_acknowledged + m_refused + m_timedOut;
    return std::max<qint64>(0, m_sent - answered);
}

qint64 DeliveryTally::failingMs() const
{
    return m_failingMs + (m_failingSince >= 0 ? std::max<qint64>(0, m_lastReportMs - m_failingSince) : 0);
}

QString DeliveryTally::summary() const
{
    const QLocale l = QLocale::system();
    return u"sent %1 · acknowledged %2 · refused %3 · timed out %4 · unknown %5"_s.arg(
        l.toString(m_sent), l.toString(m_acknowledged), l.toString(m_refused), l.toString(m_timedOut),
        l.toString(unknown()));
}

} // namespace ensemble
