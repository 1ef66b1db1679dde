#include "SpecLinter.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

QList<LintFinding> lintClusterSpec(const ClusterSpec &spec)
{
    QList<LintFinding> out;
    if (spec.brokers < 2)
        return out;
    const int suggested = std::min(3, spec.brokers);
    for (qsizetype i = 0; i < spec.topics.size(); ++i) {
        const TopicSpec &t = spec.topics[i];
        if (t.replicationFactor != 1)
            continue;
        const SourceMark m = spec.markOf(u"topics[%1].replication_factor"_s.arg(i)).line
                                 ? spec.markOf(u"topics[%1].replication_factor"_s.arg(i))
                                 : spec.markOf(u"topics[%1]"_s.arg(i));
        out.append(LintFinding{
            u"replication-factor-one"_s, LintSeverity::Warning, m.line, m.column,
            u"topic %1 has replication factor 1 on a %2-broker cluster"_s.arg(t.name).arg(spec.brokers),
            u"each partition lives on one broker only: when that broker stops, its partitions have no leader "
            u"to fail "
            "over to and go offline — kill a broker in Ensemble and watch them stay leaderless"_s,
            u"set replication_factor: %1 and configs: {min.insync.replicas: %2}"_s.arg(suggested).arg(
                std::max(1, suggested - 1))});
    }
    for (const QString &key : {u"offsets.topic.replication.factor"_s, u"transaction.state.log.replication.factor"_s,
                               u"default.replication.factor"_s}) {
        if (spec.brokerConfig.value(key) != u"1")
            continue;
        const SourceMark m = spec.markOf(u"broker_config."_s + key);
        out.append(LintFinding{u"replication-factor-one"_s, LintSeverity::Warning, m.line, m.column,
                               u"broker_config sets %1=1 on a %2-broker cluster"_s.arg(key).arg(spec.brokers),
                               key == u"default.replication.factor"
                                   ? u"topics created without a replication factor get one replica and go offline "
                                     "with their broker"_s
                                   : u"the internal topic gets one replica: when its broker stops, the consumer "
                                     "groups (or transactions) it coordinates stop too"_s,
                               u"remove it: Ensemble sets %1 for %2 brokers"_s.arg(key).arg(spec.brokers)});
    }
    return foldLintFindings(out);
}

} // namespace ensemble
