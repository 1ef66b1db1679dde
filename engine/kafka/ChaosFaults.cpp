#include "ChaosFaults.h"

#include "ChaosSchedule.h"

#include <QElapsedTimer>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

QString stateOf(const QJsonObject &status, const QString &node)
{
    for (const QJsonValue &n : status.value(u"nodes"_s).toArray())
        if (n.toObject().value(u"name"_s).toString() == node)
            return n.toObject().value(u"stopping"_s).toBool() ? u"stopping"_s
                                                              : n.toObject().value(u"state"_s).toString();
    return {};
}

qint64 pidOf(const QJsonObject &status, const QString &node)
{
    for (const QJsonValue &n : status.value(u"nodes"_s).toArray())
        if (n.toObject().value(u"name"_s).toString() == node)
            return n.toObject().value(u"pid"_s).toInteger(0);
    return 0;
}

// {"kill": 3, "isolate": 2, ...}: how many faults of each kind were done.
QJsonObject byAction(const QJsonArray &done)
{
    QJsonObject out;
    for (const QJsonValue &f : done) {
        const QString action = f.toObject().value(u"action"_s).toString();
        out.insert(action, out.value(action).toInt() + 1);
    }
    return out;
}

// Every quorum server leads or follows (or stands alone), and no link fault is left.
bool quorumWhole(const QJsonObject &status)
{
    if (!status.value(u"faults"_s).toArray().isEmpty())
        return false;
    for (const QJsonValue &v : status.value(u"nodes"_s).toArray()) {
        const QJsonObject n = v.toObject();
        const QString role = n.value(u"role"_s).toString();
        if (n.value(u"kind"_s).toString() == u"coordinator" && role != u"leader" && role != u"follower" &&
            role != u"standalone")
            return false;
    }
    return true;
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1) + u" s"_s;
}

} // namespace

QString ChaosFaults::run(const DrillFaultContext &drill, QJsonObject *faults) const
{
    QElapsedTimer clock;
    clock.start();
    QJsonArray done;
    int skipped = 0;
    QString failure;
    auto first = drill.status();
    if (!first)
        return first.error().message;
    const QStringList groups = ChaosSchedule::survivableGroups(*first, m_unsafe);
    // Isolate and slow need the link proxies (`ensemble up --link-proxies`); without them the drill does the
    // process faults alone, and says so.
    const bool network = drill.fault && first->value(u"link_proxies"_s).toBool();
    ChaosSchedule schedule(m_seed, groups, network);
    drill.say(u"chaos for %1 with seed %2 on %3 (%4)"_s.arg(seconds(m_durationMs))
                  .arg(m_seed)
                  .arg(groups.join(u" and "_s)
                           .replace(u"coordinator"_s, u"quorum servers"_s)
                           .replace(u"broker"_s, u"brokers"_s))
                  .arg(network ? u"kill, stop, pause, restart, isolate, slow"_s
                               : u"kill, stop, pause, restart; no link proxies: no isolate, no slow"_s));
    // A network fault through the link proxies, or its heal.
    auto linkFault = [&](const QString &action, const QString &node, const ChaosFault &f) -> Status {
        NetworkFault nf;
        nf.kind = action == u"isolate" ? NetworkFault::Kind::Isolate
                  : action == u"slow"  ? NetworkFault::Kind::Slow
                                       : NetworkFault::Kind::Heal;
        nf.node = node;
        nf.latencyMs = f.latencyMs;
        nf.jitterMs = f.jitterMs;
        const Expected<QString> done = drill.fault(nf);
        if (!done)
            return done.error();
        return ok();
    };
    auto act = [&](const QString &action, const QString &node, const ChaosFault &f) {
        return f.isNetwork() ? linkFault(action, node, f) : drill.act(action, node);
    };
    drill.pause(2000); // some traffic before the first fault
    bool whole = true;
    while (clock.elapsed() < m_durationMs && !drill.cancelled() && failure.isEmpty() && whole) {
        const ChaosFault fault = schedule.next();
        auto status = drill.status();
        if (!status) {
            failure = status.error().message;
            break;
        }
        QString why;
        const QString node = ChaosSchedule::pickNode(fault, *status, drill.topic, &why);
        if (node.isEmpty()) {
            ++skipped;
            drill.say(u"skipped: %1 — %2"_s.arg(fault.describe(), why));
            drill.pause(1000);
            continue;
        }
        const qint64 at = clock.elapsed();
        drill.say(u"fault %1: %2 → %3 (%4 messages sent so far)"_s.arg(done.size() + 1)
                      .arg(fault.describe(), node)
                      .arg(drill.sent()));
        const QString heal = fault.isNetwork() ? u"heal"_s : fault.action == u"pause" ? u"resume"_s : u"start"_s;
        const qint64 pidBefore = pidOf(*status, node);
        if (auto s = act(fault.action, node, fault); !s) {
            failure = u"%1 %2: %3"_s.arg(fault.action, node, s.error().message);
            if (fault.action != u"restart")
                (void)act(heal, node, fault); // whatever half-happened, put it back
            break;
        }
        if (fault.action == u"kill" || fault.action == u"stop") // a clean stop takes a few seconds: down first
            drill.waitFor(
                [&](const QJsonObject &s) { return stateOf(s, node) != u"up" && stateOf(s, node) != u"stopping"; },
                30000);
        if (fault.action == u"restart") // it answers before the node is down: wait for the new process
            drill.waitFor(
                [&](const QJsonObject &s) { return pidOf(s, node) != pidBefore && stateOf(s, node) == u"up"; }, 60000);
        if (fault.action != u"restart") {
            drill.pause(fault.holdMs);
            if (auto s = act(heal, node, fault); !s) {
                failure = u"%1 %2: %3"_s.arg(heal, node, s.error().message);
                break;
            }
        }
        const qint64 healed = clock.elapsed();
        // The next fault only once the cluster is whole again: never two at a time. "Up" is not enough for a
        // quorum server: a healed ZooKeeper server may look for a leader for a while (up to a minute), and a
        // second fault meanwhile would take the quorum.
        whole = drill.waitFor(quorumWhole, 90000) && drill.waitInSync(90000);
        const qint64 recovered = clock.elapsed() - healed;
        drill.say(whole ? u"%1 healed; the cluster was whole again %2 later"_s.arg(node, seconds(recovered))
                        : u"%1 healed, but the cluster was not whole again within 90 s — no more faults"_s.arg(node));
        QJsonObject record{{u"at_ms"_s, at},
                           {u"action"_s, fault.action},
                           {u"group"_s, fault.group},
                           {u"leader"_s, fault.leader},
                           {u"node"_s, node},
                           {u"held_ms"_s, fault.holdMs},
                           {u"recovered_ms"_s, whole ? QJsonValue(recovered) : QJsonValue()},
                           {u"what"_s, fault.describe()}};
        if (fault.action == u"slow") {
            record.insert(u"latency_ms"_s, fault.latencyMs);
            record.insert(u"jitter_ms"_s, fault.jitterMs);
        }
        done.append(record);
        if (whole)
            drill.pause(fault.gapMs);
        // Paced: the next fault once the interval since this one began is over (or the duration, if sooner).
        if (whole && m_intervalMs > 0)
            drill.pause(int(std::max<qint64>(0, std::min(at + m_intervalMs, m_durationMs) - clock.elapsed())));
    }
    if (network) { // every link healed, whatever happened above (a failure, a cancel mid-hold)
        NetworkFault all;
        all.kind = NetworkFault::Kind::Heal;
        if (const Expected<QString> healed = drill.fault(all); !healed && failure.isEmpty())
            failure = u"heal: "_s + healed.error().message;
    }
    const bool healthy =
        drill.cancelled() ? bool(drill.status()) : drill.waitFor(quorumWhole, 90000) && drill.waitInSync(90000);
    if (!drill.cancelled())
        drill.say(healthy ? u"chaos over after %1 fault(s): every node up, every replica in sync"_s.arg(done.size())
                          : u"chaos over after %1 fault(s), but the cluster is not whole (see `ensemble status`)"_s.arg(
                                done.size()));
    faults->insert(u"chaos"_s, QJsonObject{{u"seed"_s, QString::number(m_seed)},
                                           {u"duration_s"_s, m_durationMs / 1000},
                                           {u"unsafe"_s, m_unsafe},
                                           {u"interval_s"_s, m_intervalMs / 1000},
                                           {u"network_faults"_s, network},
                                           {u"groups"_s, QJsonArray::fromStringList(groups)},
                                           {u"faults"_s, done},
                                           {u"by_action"_s, byAction(done)},
                                           {u"skipped"_s, skipped},
                                           {u"healthy"_s, healthy}});
    return failure;
}

} // namespace ensemble
