// The fault phase of `ensemble drill --chaos`: for a duration, one random fault at a time from a ChaosSchedule
// (kill, stop, pause, restart of a quorum server or a broker, leader or follower; isolate and slow too when the
// cluster runs with link proxies and the drill has a fault hook), each healed after its hold time, and the next only
// once the cluster is whole again (every node up, the drill topic fully in sync), so the cluster never loses more than
// it survives unless `unsafe` lets faults hit a group that cannot spare a node; with an interval, a fault starts at
// most once per interval (a soak: one fault a minute for half an hour). Reports each fault, what it hit, how long
// recovery took, and whether the cluster ended healthy.
#pragma once

#include "FailoverDrill.h"

namespace ensemble {

class ChaosFaults
{
  public:
    // INTERVAL_SEC: 0 starts the next fault once the cluster is whole again (after a short gap); N > 0 also waits
    // until N seconds after the previous fault began.
    ChaosFaults(quint64 seed, int durationSec, bool unsafe, int intervalSec = 0)
        : m_seed(seed), m_durationMs(durationSec * 1000LL), m_intervalMs(intervalSec * 1000LL), m_unsafe(unsafe)
    {
    }

    // FailoverDrill::faultPhase: fills FAULTS with {"chaos": {seed, duration_s, unsafe, network_faults, faults:
    // [...], by_action, skipped, healthy}}; returns a failure only when a fault could not be carried out or healed.
    QString run(const DrillFaultContext &drill, QJsonObject *faults) const;

  private:
    quint64 m_seed;
    qint64 m_durationMs;
    qint64 m_intervalMs;
    bool m_unsafe;
};

} // namespace ensemble
