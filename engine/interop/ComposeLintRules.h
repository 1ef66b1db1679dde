// What every group of compose lint rules shares: the file, what it means as a cluster (ComposeTopology), and
// the list findings go to, each with its rule id, severity, place, message, why and fix. ComposeLinter runs the
// groups (its own general rules, ZooKeeperLintRules, KRaftLintRules) over one file.
#pragma once

#include "ComposeTopology.h"
#include "LintFinding.h"

namespace ensemble {

class ComposeLintRules
{
  public:
    ComposeLintRules(const ComposeFile &file, const ComposeTopology &topology, QList<LintFinding> &out)
        : m_file(file), m_topology(topology), m_out(out)
    {
    }

  protected:
    void add(const QString &rule, LintSeverity severity, SourceMark mark, const QString &message, const QString &why,
             const QString &fix)
    {
        m_out.append(LintFinding{rule, severity, mark.line, mark.column, message, why, fix});
    }
    const ComposeService &service(int index) const { return m_file.services.at(index); }
    // Nodes that serve clients: every ZooKeeper-mode broker, KRaft brokers and combined nodes.
    int brokerCount() const
    {
        int n = 0;
        for (const KafkaBroker &b : m_topology.brokers)
            n += b.isBroker() ? 1 : 0;
        return n;
    }

    const ComposeFile &m_file;
    const ComposeTopology &m_topology;
    QList<LintFinding> &m_out;
};

// The variable that sets PROPERTY in an image of FAMILY, for fixes.
QString envNameFor(ImageFamily family, const QString &property);
// "a, b" without repeats.
QString joinNames(QStringList names);

// ZooKeeper ensembles: port order, server count and lists, zookeeper.connect.
void lintZooKeeper(const ComposeFile &file, const ComposeTopology &topology, QList<LintFinding> &out);
// KRaft quorums: cluster ids, voters, controller count and listeners, roles, advertised listeners.
void lintKRaft(const ComposeFile &file, const ComposeTopology &topology, QList<LintFinding> &out);

} // namespace ensemble
