#include "QuorumFigures.h"

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
QJsonValue known(qint64 v)
{
    return v >= 0 ? QJsonValue(v) : QJsonValue();
}
} // namespace

const ReplicaFigures *QuorumFigures::replica(int id) const
{
    for (const QList<ReplicaFigures> *list : {&voters, &observers})
        for (const ReplicaFigures &r : *list)
            if (r.id == id)
                return &r;
    return nullptr;
}

bool QuorumFigures::isLagging(const ReplicaFigures &r)
{
    return r.lag >= kLagRecords || r.lastFetchAgeMs >= kStaleFetchMs;
}

QJsonObject QuorumFigures::replicaJson(const ReplicaFigures &r)
{
    return QJsonObject{{u"log_end_offset"_s, known(r.logEndOffset)},
                       {u"lag"_s, known(r.lag)},
                       {u"last_fetch_age_ms"_s, known(r.lastFetchAgeMs)},
                       {u"last_caught_up_age_ms"_s, known(r.lastCaughtUpAgeMs)},
                       {u"lagging"_s, isLagging(r)}};
}

} // namespace ensemble
