#include "LintFinding.h"

#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble {

QString toString(LintSeverity severity)
{
    switch (severity) {
    case LintSeverity::Error:
        return u"error"_s;
    case LintSeverity::Warning:
        return u"warning"_s;
    case LintSeverity::Info:
        break;
    }
    return u"info"_s;
}

QString LintFinding::format(const QString &file) const
{
    QString out = file;
    if (line > 0)
        out += u':' + QString::number(line) + u':' + QString::number(column);
    out += u": "_s + toString(severity) + u" ["_s + rule + u"]: "_s + message;
    if (!why.isEmpty())
        out += u"\n    why: "_s + why;
    if (!fix.isEmpty())
        out += u"\n    fix: "_s + fix;
    return out;
}

Diagnostic LintFinding::toDiagnostic() const
{
    return Diagnostic{severity == LintSeverity::Error ? Severity::Error : Severity::Warning, line, column,
                      message + u" ("_s + rule + u')', fix};
}

QList<LintFinding> foldLintFindings(QList<LintFinding> findings)
{
    std::stable_sort(findings.begin(), findings.end(), [](const LintFinding &a, const LintFinding &b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    QList<LintFinding> out;
    QList<QStringList> others;
    for (const LintFinding &f : findings) {
        const auto same = std::find_if(
            out.begin(), out.end(), [&](const LintFinding &o) { return o.rule == f.rule && o.message == f.message; });
        if (same == out.end()) {
            out.append(f);
            others.append(QStringList());
        } else if (f.line > 0) {
            others[same - out.begin()].append(u"%1:%2"_s.arg(f.line).arg(f.column));
        }
    }
    for (qsizetype i = 0; i < out.size(); ++i)
        if (!others[i].isEmpty())
            out[i].message += u" (also at "_s + others[i].join(u", "_s) + u')';
    return out;
}

int countLintFindings(const QList<LintFinding> &findings, LintSeverity severity)
{
    return int(
        std::count_if(findings.begin(), findings.end(), [&](const LintFinding &f) { return f.severity == severity; }));
}

} // namespace ensemble
