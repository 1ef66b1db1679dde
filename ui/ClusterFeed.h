// What a set of views shows: a layout, the events seen so far and the ClusterState folded from them. The live
// window feeds it from Engine::eventEmitted; a replay feeds its own instance, so replay never touches the engine.
#pragma once

#include "ClusterEvent.h"
#include "ClusterState.h"
#include "NodeLayout.h"

#include <QList>
#include <QObject>

namespace ensemble::ui {

class ClusterFeed : public QObject
{
    Q_OBJECT
  public:
    // Events kept for the views (the newest; the state is folded from all of them, and the events file keeps all).
    static constexpr qsizetype kMaxEvents = 10'000;

    explicit ClusterFeed(QObject *parent = nullptr);

    // Starts over with LAYOUT and folds HISTORY without animating it; emits resetDone().
    void reset(const ClusterLayout &layout, const QList<ClusterEvent> &history = {});
    // The same from START, the state before HISTORY's first event (events dropped earlier already folded in).
    void reset(const ClusterState &start, const QList<ClusterEvent> &history);
    // Folds one event and tells the views (they animate it: vote arrows, flashes).
    void apply(const ClusterEvent &event);

    const ClusterLayout &layout() const { return m_state.layout(); }
    const ClusterState &state() const { return m_state; }
    // The newest events (at most kMaxEvents).
    const QList<ClusterEvent> &events() const { return m_events; }

    // The nodes an event log names when no layout.json came with it: zookeeper-N are coordinators, the rest brokers.
    static ClusterLayout layoutFromEvents(const QList<ClusterEvent> &events);

  Q_SIGNALS:
    void resetDone();
    void eventApplied(const ensemble::ClusterEvent &event);

  private:
    ClusterState m_state;
    QList<ClusterEvent> m_events;
};

} // namespace ensemble::ui
