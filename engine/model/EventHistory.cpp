#include "EventHistory.h"

#include <algorithm>

namespace ensemble {

EventHistory::EventHistory(qsizetype capacity) : m_capacity(std::max<qsizetype>(capacity, 1)) {}

void EventHistory::append(const ClusterEvent &event)
{
    if (m_events.size() >= m_capacity) {
        // Qt 6's QList lets go of its first element without moving the others.
        m_lastDroppedMs = std::max(m_lastDroppedMs, m_events.constFirst().timeMs);
        m_events.removeFirst();
        ++m_dropped;
    }
    m_events.append(event);
}

void EventHistory::clear()
{
    m_events.clear();
    m_dropped = 0;
    m_lastDroppedMs = -1;
}

bool EventHistory::covers(qint64 sinceMs) const
{
    return m_dropped == 0 || sinceMs > m_lastDroppedMs;
}

QList<ClusterEvent> EventHistory::since(qint64 sinceMs) const
{
    QList<ClusterEvent> out;
    for (const ClusterEvent &e : m_events)
        if (e.timeMs >= sinceMs)
            out.append(e);
    return out;
}

} // namespace ensemble
