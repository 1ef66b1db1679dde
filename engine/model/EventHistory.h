// The most recent events of a run, kept in memory for whoever joins late (a window, `ensemble events`), bounded
// so a long run does not grow without end. The events file keeps every event; this says how many it let go.
#pragma once

#include "ClusterEvent.h"

#include <QList>

namespace ensemble {

class EventHistory
{
  public:
    static constexpr qsizetype kDefaultCapacity = 10000;
    explicit EventHistory(qsizetype capacity = kDefaultCapacity);

    void append(const ClusterEvent &event);
    void clear();

    // The kept events, oldest first: the last capacity() appended.
    const QList<ClusterEvent> &events() const { return m_events; }
    qsizetype capacity() const { return m_capacity; }
    // How many of the oldest events were let go (they are still in the events file, in the same order).
    qsizetype dropped() const { return m_dropped; }
    // Whether every event at or after cluster time SINCEMS is still kept.
    bool covers(qint64 sinceMs) const;
    // The kept events at or after cluster time SINCEMS.
    QList<ClusterEvent> since(qint64 sinceMs) const;

  private:
    qsizetype m_capacity;
    QList<ClusterEvent> m_events;
    qsizetype m_dropped = 0;
    qint64 m_lastDroppedMs = -1; // cluster time of the newest event let go
};

} // namespace ensemble
