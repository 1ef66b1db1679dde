// One finding of the linter (a docker-compose file or a cluster file): how bad it is, where, what is wrong,
// why it matters and how to fix it. Findings carry a stable rule id so docs/configs.md, tests and users can
// name them.
#pragma once

#include "Diagnostic.h"

#include <QList>
#include <QString>

namespace ensemble {

enum class LintSeverity { Error, Warning, Info };

QString toString(LintSeverity severity); // "error", "warning", "info"

struct LintFinding
{
    QString rule; // "replication-factor-one"
    LintSeverity severity = LintSeverity::Warning;
    int line = 0; // 1-based; 0 when the finding has no single place
    int column = 0;
    QString message; // what is wrong
    QString why;     // why it matters
    QString fix;     // what to do about it

    // "FILE:LINE:COL: warning [rule]: MESSAGE" then indented "why:" and "fix:" lines.
    QString format(const QString &file) const;
    // For callers that only know Diagnostic; an info finding becomes a warning.
    Diagnostic toDiagnostic() const;
    bool operator==(const LintFinding &) const = default;
};

// Sorts by line, and folds findings that say the same thing (same rule and message) into the first one,
// naming the other places ("also at 27:7, 43:7").
QList<LintFinding> foldLintFindings(QList<LintFinding> findings);

int countLintFindings(const QList<LintFinding> &findings, LintSeverity severity);

} // namespace ensemble
