#include "ClusterFileCheck.h"

#include "ClusterSpec.h"
#include "SpecLinter.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
QString formatted(const Diagnostic &d, const QString &shown)
{
    if (!shown.isEmpty())
        return d.format(shown);
    return d.hint.isEmpty() ? d.message : d.message + u" — "_s + d.hint;
}

ClusterFileCheck checkParsed(const SpecParseResult &parsed, const QString &shown)
{
    ClusterFileCheck check;
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
        (d.severity == Severity::Error ? check.errors : check.warnings).append(formatted(d, shown));
    }
    if (!refusedTopicLines.isEmpty()) // not reported by the validator at a line of its own
        check.errors.append(
            formatted(Diagnostic{Severity::Error, 0, 0,
                                 u"topic(s) %1 ask for more replicas than the cluster has brokers"_s.arg(
                                     refusedTopics.join(u", "_s)),
                                 u"lower replication_factor or add brokers"_s},
                      shown));
    if (parsed.spec)
        for (const LintFinding &f : foldLintFindings(lintClusterSpec(*parsed.spec)))
            (f.severity == LintSeverity::Error ? check.errors : check.warnings)
                .append(shown.isEmpty() ? formatted(f.toDiagnostic(), shown) : f.format(shown));
    return check;
}
} // namespace

ClusterFileCheck ClusterFileCheck::of(const QString &file)
{
    return file.isEmpty() ? checkParsed(parseClusterSpec(defaultClusterYaml()), u"built-in cluster"_s)
                          : checkParsed(loadClusterSpec(file), file);
}

ClusterFileCheck ClusterFileCheck::ofText(const QByteArray &yaml, const QString &shown)
{
    return checkParsed(parseClusterSpec(yaml), shown);
}

} // namespace ensemble::ui
