#include "ElectionReplay.h"

#include "ClusterFeed.h"

using namespace Qt::StringLiterals;

namespace ensemble::ui {

QString ElectionSpan::title() const
{
    return leader.isEmpty()
               ? u"at %1 s — no leader yet"_s.arg(double(startMs) / 1000.0, 0, 'f', 1)
               : u"at %1 s → %2 (%3 ms)"_s.arg(double(startMs) / 1000.0, 0, 'f', 1).arg(leader).arg(tookMs);
}

QList<ElectionSpan> findElections(const QList<ClusterEvent> &events)
{
    QList<ElectionSpan> out;
    int open = -1;
    int previousEnd = -1;
    for (int i = 0; i < events.size(); ++i) {
        const ClusterEvent &e = events[i];
        if (open < 0 && (e.kind == EventKind::ElectionStarted || e.kind == EventKind::Vote)) {
            open = i;
            // Start with what set it off: a fault, a node going down, a server turning to "looking" just before.
            for (int j = i - 1; j > previousEnd && events[i].timeMs - events[j].timeMs <= 1000; --j) {
                const EventKind k = events[j].kind;
                if (k == EventKind::FaultInjected || k == EventKind::NodeState || k == EventKind::PeerState)
                    open = j;
                else
                    break;
            }
        }
        if (open >= 0 && e.kind == EventKind::LeaderElected) {
            ElectionSpan span;
            span.first = open;
            span.last = i;
            const LeaderFields elected = e.leader();
            span.leader = elected.leader;
            span.startMs = events[open].timeMs;
            span.tookMs = elected.tookMs.value_or(e.timeMs - span.startMs);
            out.append(span);
            previousEnd = i;
            open = -1;
        }
    }
    if (open >= 0)
        out.append(ElectionSpan{open, int(events.size()) - 1, {}, events[open].timeMs, 0});
    return out;
}

ElectionReplay::ElectionReplay(ClusterFeed *target, QObject *parent) : QObject(parent), m_feed(target)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (step())
            scheduleNext();
        else
            pause();
    });
}

void ElectionReplay::load(const ClusterState &start, const QList<ClusterEvent> &events, int from, int to)
{
    pause();
    m_start = start;
    m_events = events;
    m_from = std::clamp(from, 0, int(events.size()));
    m_to = std::clamp(to, m_from - 1, int(events.size()) - 1);
    m_pos = m_from;
    m_loaded = true;
    m_feed->reset(start, events.mid(0, m_from));
}

void ElectionReplay::unload()
{
    pause();
    m_loaded = false;
    m_events.clear();
}

void ElectionReplay::play()
{
    if (!m_loaded || m_timer.isActive())
        return;
    if (m_pos > m_to) // at the end: play again from the start
        load(ClusterState(m_start), m_events, m_from, m_to);
    m_timer.start(0);
    Q_EMIT playingChanged(true);
}

void ElectionReplay::pause()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    Q_EMIT playingChanged(false);
}

bool ElectionReplay::step()
{
    if (!m_loaded || m_pos > m_to)
        return false;
    const int index = m_pos++;
    m_feed->apply(m_events.at(index));
    Q_EMIT stepped(index);
    if (m_pos > m_to) {
        m_timer.stop();
        Q_EMIT finished();
        Q_EMIT playingChanged(false);
        return false;
    }
    return true;
}

void ElectionReplay::setSpeed(double speed)
{
    m_speed = std::clamp(speed, 0.05, 1.0);
}

void ElectionReplay::scheduleNext()
{
    if (m_pos > m_to || m_pos == 0)
        return;
    const qint64 gap = m_events.at(m_pos).timeMs - m_events.at(m_pos - 1).timeMs;
    m_timer.start(int(std::clamp<qint64>(qint64(double(gap) / m_speed), 0, kMaxGapMs)));
}

} // namespace ensemble::ui
