#include "ClusterFileCheck.h"

#include "ClusterSpec.h"
#include "SpecLinter.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

ClusterFileCheck ClusterFileCheck::of(const QString &file)
{
    ClusterFileCheck check;
    const QString shown = file.isEmpty() ? u"built-in cluster"_s : file;
    const SpecParseResult parsed = file.isEmpty() ? parseClusterSpec(defaultClusterYaml()) : loadClusterSpec(file);
    // A topic with more replicas than brokers is a warning to the validator (the file is well formed), but Kafka
    // refuses to create it: the window would start every node and then show Kafka's raw error. Here it blocks.
    QSet<int> refusedTopicLines;
    QStringList refusedTopics;
    if (parsed.spec) {
        const ClusterSpec &spec = *parsed.spec;
        const int brokers = spec.combined ? spec.coordinators : spec.brokers;
        for (int i = 0; i < spec.topics.size(); ++i)
            if (spec.topics[i].replicationFactor > brokers) {
                refusedTopicLines.insert(spec.markOf(u"topics[%1].replication_factor"_s.arg(i)).line);
                refusedTopics.append(spec.topics[i].name);
            }
    }
    for (Diagnostic d : parsed.diagnostics) {
        if (d.severity == Severity::Warning && d.line > 0 && refusedTopicLines.contains(d.line)) {
            d.severity = Severity::Error;
            refusedTopicLines.remove(d.line);
        }
        (d.severity == Severity::Error ? check.errors : check.warnings).append(d.format(shown));
    }
    if (!refusedTopicLines.isEmpty()) // not reported by the validator at a line of its own
        check.errors.append(u"%1: error: topic(s) %2 ask for more replicas than the cluster has brokers — lower "
                            "replication_factor or add brokers"_s.arg(shown, refusedTopics.join(u", "_s)));
    if (parsed.spec)
        for (const LintFinding &f : foldLintFindings(lintClusterSpec(*parsed.spec)))
            (f.severity == LintSeverity::Error ? check.errors : check.warnings).append(f.format(shown));
    return check;
}

} // namespace ensemble::ui
