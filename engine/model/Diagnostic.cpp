#include "Diagnostic.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

QString Diagnostic::format(const QString &file) const
{
    QString out = file;
    if (line > 0)
        out += u':' + QString::number(line) + u':' + QString::number(column);
    out += severity == Severity::Error ? u": error: "_s : u": warning: "_s;
    out += message;
    if (!hint.isEmpty())
        out += u" — "_s + hint;
    return out;
}

bool hasErrors(const QList<Diagnostic> &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

} // namespace ensemble
