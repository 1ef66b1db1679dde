// Teaching mode: plays a stretch of recorded events (an election: election_started ... leader_elected) into its own
// ClusterFeed, step by step or at 0.1×–1× of the recorded pace. It never touches the live engine.
#pragma once

#include "ClusterEvent.h"
#include "ClusterState.h"
#include "NodeLayout.h"

#include <QList>
#include <QObject>
#include <QTimer>

namespace ensemble::ui {

class ClusterFeed;

struct ElectionSpan
{
    int first = 0; // index of the first event shown (the fault or the first election_started)
    int last = 0;  // index of leader_elected
    QString leader;
    qint64 startMs = 0;
    qint64 tookMs = 0;
    QString title() const;
};

// The elections in EVENTS, in order; an election still open at the end (no leader yet) ends at the last event.
QList<ElectionSpan> findElections(const QList<ClusterEvent> &events);

class ElectionReplay : public QObject
{
    Q_OBJECT
  public:
    static constexpr qint64 kMaxGapMs = 2500; // long quiet stretches are shortened to this (real time)

    explicit ElectionReplay(ClusterFeed *target, QObject *parent = nullptr);

    // Shows the state just before FROM (START with events[0, from) folded, nothing animated); play/step go up to TO
    // inclusive. START is the state before events[0] (the layout alone, or with older dropped events folded in).
    void load(const ClusterState &start, const QList<ClusterEvent> &events, int from, int to);
    void load(const ClusterLayout &layout, const QList<ClusterEvent> &events, int from, int to)
    {
        load(ClusterState(layout), events, from, to);
    }
    void unload();
    bool isLoaded() const { return m_loaded; }

    void play();
    void pause();
    bool step();                 // applies the next event; false at the end
    void setSpeed(double speed); // 0.1 .. 1
    double speed() const { return m_speed; }
    bool isPlaying() const { return m_timer.isActive(); }
    int position() const { return m_pos; } // index of the next event to apply
    int from() const { return m_from; }
    int to() const { return m_to; }
    ClusterFeed *feed() const { return m_feed; }

  Q_SIGNALS:
    void stepped(int index); // the event at INDEX was just applied
    void playingChanged(bool playing);
    void finished();

  private:
    void scheduleNext();

    ClusterFeed *m_feed;
    QList<ClusterEvent> m_events;
    ClusterState m_start;
    int m_from = 0, m_to = -1, m_pos = 0;
    double m_speed = 0.5;
    bool m_loaded = false;
    QTimer m_timer;
};

} // namespace ensemble::ui
