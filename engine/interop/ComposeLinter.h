// `ensemble validate` on a docker-compose file: the classic mistakes of ZooKeeper + Kafka and KRaft compose
// files, each with where it is, what is wrong, why it matters and the fix (the rules live in groups: general
// ones here, ZooKeeperLintRules, KRaftLintRules). docs/configs.md lists every rule with an example.
#pragma once

#include "ComposeFile.h"
#include "LintFinding.h"

namespace ensemble {

QList<LintFinding> lintCompose(const ComposeFile &file);

struct ComposeLintResult
{
    QList<Diagnostic> diagnostics; // the file could not be read (malformed YAML, not a compose file)
    QList<LintFinding> findings;
};

ComposeLintResult lintComposeText(const QByteArray &yaml);

} // namespace ensemble
