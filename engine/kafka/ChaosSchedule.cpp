#include "ChaosSchedule.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

QJsonArray nodesOf(const QJsonObject &status)
{
    return status.value(u"nodes"_s).toArray();
}

bool isUp(const QJsonObject &node)
{
    return node.value(u"state"_s).toString() == u"up" && !node.value(u"stopping"_s).toBool();
}

} // namespace

QString ChaosFault::describe() const
{
    const QString whom = group == u"coordinator" ? (leader ? u"the quorum leader"_s : u"a quorum follower"_s)
                                                 : (leader ? u"a partition leader"_s : u"a follower broker"_s);
    if (action == u"restart")
        return u"restart %1"_s.arg(whom);
    if (action == u"slow")
        return u"slow %1 by %2 ms (+ up to %3 ms) for %4 s"_s.arg(whom).arg(latencyMs).arg(jitterMs).arg(
            QString::number(double(holdMs) / 1000.0, 'f', 1));
    return u"%1 %2 for %3 s"_s.arg(action, whom, QString::number(double(holdMs) / 1000.0, 'f', 1));
}

ChaosSchedule::ChaosSchedule(quint64 seed, QStringList groups, bool network)
    : m_random(seed), m_groups(std::move(groups)), m_network(network)
{
    m_groups.sort(); // the sequence depends on the seed, not on the order the groups were named in
}

quint64 ChaosSchedule::draw(quint64 bound)
{
    // mt19937_64's output is fixed by the standard; the modulo bias is nil for bounds this small.
    return bound ? m_random() % bound : 0;
}

ChaosFault ChaosSchedule::next()
{
    ChaosFault f;
    if (m_groups.isEmpty())
        return f;
    static const char *const actions[] = {"kill", "stop", "pause", "restart", "isolate", "slow"};
    f.action = QString::fromLatin1(actions[draw(m_network ? 6 : 4)]);
    f.group = m_groups.at(qsizetype(draw(quint64(m_groups.size()))));
    f.leader = draw(2) == 0;
    f.partitionPick = int(draw(1000));
    f.holdMs = f.action == u"restart" ? 0 : int(2000 + draw(41) * 100); // 2 to 6 s
    f.gapMs = int(1000 + draw(21) * 100);                               // 1 to 3 s
    if (f.action == u"slow") { // drawn only for slow: the sequences without link proxies stay as they were
        f.latencyMs = int(100 + draw(10) * 100);                          // 100 to 1000 ms each way
        f.jitterMs = int(draw(quint64(f.latencyMs / 100 / 2 + 1)) * 100); // 0 to half of it
    }
    return f;
}

QStringList ChaosSchedule::survivableGroups(const QJsonObject &status, bool unsafe)
{
    int coordinators = 0, brokers = 0;
    for (const QJsonValue &n : nodesOf(status))
        (n.toObject().value(u"kind"_s).toString() == u"broker" ? brokers : coordinators) += 1;
    QStringList groups;
    if (coordinators >= 3 || (unsafe && coordinators > 0))
        groups << u"coordinator"_s;
    if (brokers >= 3 || (unsafe && brokers > 0))
        groups << u"broker"_s;
    return groups;
}

QString ChaosSchedule::pickNode(const ChaosFault &fault, const QJsonObject &status, const QString &topic, QString *why)
{
    QStringList candidates; // sorted by name, so the pick depends only on the seed and the cluster's state
    if (fault.group == u"coordinator") {
        const QString want = fault.leader ? u"leader"_s : u"follower"_s;
        for (const QJsonValue &v : nodesOf(status)) {
            const QJsonObject n = v.toObject();
            if (n.value(u"kind"_s).toString() == u"coordinator" && isUp(n) && n.value(u"role"_s).toString() == want)
                candidates << n.value(u"name"_s).toString();
        }
        // A single server is "standalone", neither leader nor follower: it is the one there is.
        if (candidates.isEmpty())
            for (const QJsonValue &v : nodesOf(status))
                if (v.toObject().value(u"kind"_s).toString() == u"coordinator" && isUp(v.toObject()) &&
                    v.toObject().value(u"role"_s).toString() == u"standalone")
                    candidates << v.toObject().value(u"name"_s).toString();
        if (candidates.isEmpty()) {
            *why = u"no quorum server is %1 and up now"_s.arg(want);
            return {};
        }
    } else {
        QHash<int, QString> brokerNames;
        for (const QJsonValue &v : nodesOf(status))
            if (v.toObject().value(u"kind"_s).toString() == u"broker" && isUp(v.toObject()))
                brokerNames.insert(v.toObject().value(u"id"_s).toInt(), v.toObject().value(u"name"_s).toString());
        QJsonArray partitions;
        for (const QJsonValue &t : status.value(u"topics"_s).toArray())
            if (t.toObject().value(u"name"_s).toString() == topic)
                partitions = t.toObject().value(u"partitions"_s).toArray();
        if (partitions.isEmpty()) {
            *why = u"the topic %1 has no partitions in the cluster's status"_s.arg(topic);
            return {};
        }
        const QJsonObject p = partitions.at(fault.partitionPick % partitions.size()).toObject();
        const int leader = p.value(u"leader"_s).toInt(-1);
        if (fault.leader) {
            if (brokerNames.contains(leader))
                candidates << brokerNames.value(leader);
        } else {
            for (const QJsonValue &id : p.value(u"replicas"_s).toArray())
                if (id.toInt() != leader && brokerNames.contains(id.toInt()))
                    candidates << brokerNames.value(id.toInt());
        }
        if (candidates.isEmpty()) {
            *why = u"partition %1-%2 has no %3 that is up"_s.arg(topic)
                       .arg(p.value(u"partition"_s).toInt())
                       .arg(fault.leader ? u"leader"_s : u"follower"_s);
            return {};
        }
    }
    candidates.sort();
    return candidates.at((fault.partitionPick / 7) % candidates.size());
}

} // namespace ensemble
