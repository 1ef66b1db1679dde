#include "ElectionReplay.h"

#include "ClusterFeed.h"

using namespace Qt::StringLiterals;

namespace ensemble::ui {

ElectionReplay::ElectionReplay(ClusterFeed *target, QObject *parent) : QObject(parent), m_feed(target)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!step())
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
    m_step = 0;
    m_loaded = true;
    const QList<ClusterEvent> before = events.mid(0, m_from);
    m_feed->reset(start, before);
    m_steps = buildReplaySteps(m_feed->state(), m_events, m_from, m_to);
}

void ElectionReplay::unload()
{
    pause();
    m_loaded = false;
    m_events.clear();
    m_steps.clear();
    m_step = 0;
}

void ElectionReplay::play()
{
    if (!m_loaded || m_timer.isActive())
        return;
    if (m_step >= m_steps.size()) // at the end: play again from the start
        load(ClusterState(m_start), m_events, m_from, m_to);
    m_timer.start(intervalMs());
    Q_EMIT playingChanged(true);
    step(); // the first step at once: Play answers at once
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
    if (!m_loaded || m_step >= m_steps.size())
        return false;
    const int index = m_step++;
    for (int i : m_steps.at(index).events)
        m_feed->apply(m_events.at(i));
    Q_EMIT stepped(index);
    if (m_step >= m_steps.size()) {
        const bool wasPlaying = m_timer.isActive();
        m_timer.stop();
        Q_EMIT finished();
        if (wasPlaying)
            Q_EMIT playingChanged(false);
        return false;
    }
    return true;
}

void ElectionReplay::setSpeed(double speed)
{
    m_speed = std::clamp(speed, 0.1, 1.0);
    if (m_timer.isActive())
        m_timer.setInterval(intervalMs());
}

QString ElectionReplay::caption() const
{
    if (!m_loaded)
        return {};
    if (m_step == 0)
        return m_steps.isEmpty() ? u"Nothing to replay."_s
                                 : u"%1 steps. Play, or step through them one at a time."_s.arg(m_steps.size());
    return m_steps.at(m_step - 1).caption;
}

int ElectionReplay::position() const
{
    if (m_step == 0)
        return m_from;
    return m_steps.at(m_step - 1).events.constLast() + 1;
}

} // namespace ensemble::ui
