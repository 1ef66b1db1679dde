// The random part of `ensemble drill --chaos`: from a seed, the sequence of faults (kill, stop, pause, restart; with
// link proxies also isolate and slow) and whom each hits (the quorum's leader or a follower; a partition's leader or a
// follower broker), with how long each lasts and the quiet time after it. The same seed gives the same sequence. Pure:
// it reads a status snapshot (`ensemble status --json` shape) to say which groups may lose a node and to name the node
// a fault hits; ChaosFaults plays it against a cluster.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <random>

namespace ensemble {

struct ChaosFault
{
    QString action;        // kill | stop | pause | restart | isolate | slow (the last two need link proxies)
    QString group;         // coordinator (ZooKeeper servers / KRaft controllers) | broker
    bool leader = false;   // the quorum leader / a partition's leader; else a follower
    int partitionPick = 0; // which of the drill topic's partitions (modulo their count) a broker fault looks at
    int holdMs = 0;        // how long the node stays down or frozen (restart: 0)
    int gapMs = 0;         // quiet time once the cluster is whole again
    int latencyMs = 0;     // slow: added to every link of the node, each way
    int jitterMs = 0;      // slow: up to this much more, at random
    bool isNetwork() const { return action == u"isolate" || action == u"slow"; }
    QString describe() const; // "kill the quorum leader for 3.2 s"
};

class ChaosSchedule
{
  public:
    // GROUPS: which of "coordinator" and "broker" faults may hit (see survivableGroups()); none: next() is empty.
    // NETWORK: isolate and slow come too (the cluster runs with link proxies). Without it, a seed gives the
    // sequence it always gave.
    ChaosSchedule(quint64 seed, QStringList groups, bool network = false);

    // The next fault of the sequence (an empty action when no group may be hit).
    ChaosFault next();

    // The groups that survive losing one node, from STATUS: coordinators when at least 3 (a majority is left),
    // brokers when at least 3 (the drill topic has replication factor 3 and min.insync.replicas=2). UNSAFE adds
    // the groups that do not, so that a fault there breaks the cluster on purpose (e.g. a single ZooKeeper server).
    static QStringList survivableGroups(const QJsonObject &status, bool unsafe);
    // The node FAULT hits in STATUS (the drill topic is TOPIC), or empty with WHY set.
    static QString pickNode(const ChaosFault &fault, const QJsonObject &status, const QString &topic, QString *why);

  private:
    quint64 draw(quint64 bound); // uniform in [0, bound): portable, unlike std::uniform_int_distribution
    std::mt19937_64 m_random;
    QStringList m_groups;
    bool m_network = false;
};

} // namespace ensemble
