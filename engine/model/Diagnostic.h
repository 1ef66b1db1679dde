// A problem found in user input (a cluster file, a compose file), with where it is and what to do about it.
#pragma once

#include <QList>
#include <QString>

namespace ensemble {

enum class Severity { Error, Warning };

struct Diagnostic
{
    Severity severity = Severity::Error;
    int line = 0;    // 1-based; 0 when the problem has no single place
    int column = 0;  // 1-based
    QString message; // what is wrong
    QString hint;    // what to do about it

    // "FILE:LINE:COL: error: MESSAGE — HINT"
    QString format(const QString &file) const;
    bool operator==(const Diagnostic &) const = default;
};

bool hasErrors(const QList<Diagnostic> &diagnostics);

} // namespace ensemble
