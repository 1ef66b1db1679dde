#include "QuorumProbe.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace ensemble {

QuorumProbe::Views QuorumProbe::read(const ClusterLayout &layout, const Workspace &workspace)
{
    Views views;
    for (const NodeLayout &n : layout.kraftControllers())
        if (auto file = QuorumStateFile::read(workspace.dataDir(n.name) + u"/__cluster_metadata-0/quorum-state"_s))
            views.insert(n.name, *file);
    return views;
}

QuorumLeader QuorumProbe::agreedLeader(const ClusterLayout &layout, const Views &views, const QSet<QString> &live)
{
    const QList<NodeLayout> voters = layout.kraftControllers();
    qsizetype alive = 0;
    int epoch = -1;
    for (const NodeLayout &n : voters)
        if (live.contains(n.name)) {
            ++alive;
            if (views.contains(n.name))
                epoch = std::max(epoch, views.value(n.name).leaderEpoch);
        }
    if (alive <= voters.size() / 2)
        return {};
    for (const NodeLayout &n : voters) {
        if (!live.contains(n.name) || !views.contains(n.name))
            continue;
        const QuorumStateFile &v = views.value(n.name);
        if (v.leaderId == n.id && v.leaderEpoch == epoch)
            return QuorumLeader{n.id, epoch};
    }
    return {};
}

QJsonObject QuorumProbe::toJson(const ClusterLayout &layout, const Views &views, const QSet<QString> &live,
                                const ClusterState &state, qint64 nowMs)
{
    const QuorumFigures &figures = state.quorumFigures();
    auto withFigures = [&figures](QJsonObject o, int id) {
        const ReplicaFigures *r = figures.isValid() ? figures.replica(id) : nullptr;
        const QJsonObject f = QuorumFigures::replicaJson(r ? *r : ReplicaFigures{});
        for (auto it = f.begin(); it != f.end(); ++it)
            o.insert(it.key(), it.value());
        return o;
    };
    const QuorumLeader leader = agreedLeader(layout, views, live);
    const NodeLayout *leaderNode = leader.id >= 0 ? layout.findById(leader.id) : nullptr;
    QJsonArray voters;
    qsizetype alive = 0;
    for (const NodeLayout &n : layout.kraftControllers()) {
        alive += live.contains(n.name);
        const NodeStatus *status = state.node(n.name);
        QJsonObject o{{u"name"_s, n.name},
                      {u"id"_s, n.id},
                      {u"state"_s, status ? statusWord(status->state) : u"stopped"_s},
                      {u"role"_s, status && !status->role.isEmpty() ? QJsonValue(status->role) : QJsonValue()}};
        if (views.contains(n.name)) {
            const QuorumStateFile &v = views.value(n.name);
            o.insert(u"leader_id"_s, v.leaderId);
            o.insert(u"epoch"_s, v.leaderEpoch);
            o.insert(u"voted_id"_s, v.votedId);
        }
        voters.append(withFigures(o, n.id));
    }
    // Brokers fetch the metadata log without voting: observers.
    QJsonArray observers;
    for (const NodeLayout &n : layout.nodes)
        if (!n.isKRaftController())
            observers.append(withFigures(QJsonObject{{u"name"_s, n.name}, {u"id"_s, n.id}}, n.id));
    const qsizetype count = layout.kraftControllers().size();
    return QJsonObject{{u"leader"_s, leaderNode ? QJsonValue(leaderNode->name) : QJsonValue()},
                       {u"leader_id"_s, leader.id >= 0 ? QJsonValue(leader.id) : QJsonValue()},
                       {u"epoch"_s, leader.epoch >= 0 ? QJsonValue(leader.epoch) : QJsonValue(state.quorumEpoch())},
                       {u"has_majority"_s, alive > count / 2},
                       {u"high_watermark"_s, figures.isValid() ? QJsonValue(figures.highWatermark) : QJsonValue()},
                       {u"figures_from"_s, figures.isValid() ? QJsonValue(figures.answeredBy) : QJsonValue()},
                       {u"figures_age_ms"_s, figures.isValid()
                                                 ? QJsonValue(std::max<qint64>(0, nowMs - figures.measuredAtMs))
                                                 : QJsonValue()},
                       {u"voters"_s, voters},
                       {u"observers"_s, observers}};
}

} // namespace ensemble
