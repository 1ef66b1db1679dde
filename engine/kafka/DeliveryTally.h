// Counts a producer's delivery reports so that they add up: every message sent is acknowledged, refused by the
// broker (e.g. NOT_ENOUGH_REPLICAS: too few replicas in sync for acks=all), timed out (no answer within
// message.timeout.ms) or unknown (no report yet, i.e. still in flight, or purged when the producer was stopped).
// Also measures how long writes were failing: from the first failed report after an acknowledgement to the next
// acknowledgement. Pure counting on values, no client: the drill and the window's panel share it.
#pragma once

#include "KafkaProducer.h"

#include <QString>

namespace ensemble {

class DeliveryTally
{
  public:
    enum class Outcome { Acknowledged, Refused, TimedOut, Unknown };
    // How librdkafka's error text (rd_kafka_err2str) for one message reads in these terms.
    static Outcome classify(const QString &error);
    // ERROR in plain words, with what to do: NOT_ENOUGH_REPLICAS and timeouts explained; others as they are.
    static QString explain(const QString &error);

    void setSent(qint64 sent) { m_sent = sent; }
    // One delivery report, arriving AT_MS (any monotonic clock in milliseconds).
    void add(const DeliveryResult &result, qint64 atMs);
    // Closes a failing stretch still open at AT_MS (e.g. when the producer stops).
    void finish(qint64 atMs);

    qint64 sent() const { return m_sent; }
    qint64 acknowledged() const { return m_acknowledged; }
    qint64 refused() const { return m_refused; }
    qint64 timedOut() const { return m_timedOut; }
    qint64 purged() const { return m_purged; }
    // Sent without a report yet, plus purged: sent = acknowledged + refused + timed out + unknown.
    qint64 unknown() const;
    qint64 failingMs() const;
    QString firstRefusal() const { return m_firstRefusal; }
    // "sent 1,200 · acknowledged 1,000 · refused 50 · timed out 100 · unknown 50"
    QString summary() const;

  private:
    qint64 m_sent = 0;
    qint64 m_acknowledged = 0;
    qint64 m_refused = 0;
    qint64 m_timedOut = 0;
    qint64 m_purged = 0;
    qint64 m_failingMs = 0;
    qint64 m_failingSince = -1; // start of the open failing stretch, -1 when writes are going through
    qint64 m_lastReportMs = 0;
    QString m_firstRefusal;
};

} // namespace ensemble
