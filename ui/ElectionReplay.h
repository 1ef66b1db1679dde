// Teaching mode: plays a stretch of recorded events (an election, a partition failover) into its own ClusterFeed,
// step by step (ReplayStep: one vote with all who received it, one transition, one new leader) at a steady pace a
// person can follow — one step a second at 1×, one every ten seconds at 0.1× — whatever the recorded gaps were
// (ten votes of a ZooKeeper election fall within milliseconds). Each step has a caption that says why. It never
// touches the live engine.
#pragma once

#include "ClusterEvent.h"
#include "ClusterState.h"
#include "NodeLayout.h"
#include "ReplaySpan.h"
#include "ReplayStep.h"

#include <QList>
#include <QObject>
#include <QTimer>

namespace ensemble::ui {

class ClusterFeed;

class ElectionReplay : public QObject
{
    Q_OBJECT
  public:
    static constexpr int kStepMs = 1000; // at 1×: one step a second

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

    // Play applies the next step at once, then one every intervalMs().
    void play();
    void pause();
    bool step();                 // applies the next step; false at the end
    void setSpeed(double speed); // 0.1 .. 1
    double speed() const { return m_speed; }
    int intervalMs() const { return int(std::lround(kStepMs / m_speed)); }
    bool isPlaying() const { return m_timer.isActive(); }
    const QList<ReplayStep> &steps() const { return m_steps; }
    int stepsDone() const { return m_step; } // steps applied so far
    QString caption() const;                 // the last applied step's caption (before any: what is about to play)
    int position() const;                    // index of the next event to apply (after the last applied step's)
    int from() const { return m_from; }
    int to() const { return m_to; }
    ClusterFeed *feed() const { return m_feed; }

  Q_SIGNALS:
    void stepped(int step); // step number STEP (0-based) was just applied
    void playingChanged(bool playing);
    void finished();

  private:
    ClusterFeed *m_feed;
    QList<ClusterEvent> m_events;
    QList<ReplayStep> m_steps;
    ClusterState m_start;
    int m_from = 0, m_to = -1, m_step = 0;
    double m_speed = 0.5;
    bool m_loaded = false;
    QTimer m_timer;
};

} // namespace ensemble::ui
