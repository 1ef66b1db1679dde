#include "MessagePrettyPrinter.h"

#include "ProduceFormInput.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

Expected<QString> MessagePrettyPrinter::indentJson(const QString &text)
{
    static const QRegularExpression placeholder(u"\\{\\{[^{}]*\\}\\}"_s);
    QStringList originals;
    QString masked;
    qsizetype from = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        masked += text.mid(from, m.capturedStart() - from) + QString::number(kPlaceholderToken + originals.size());
        originals.append(m.captured());
        from = m.capturedEnd();
    }
    masked += text.mid(from);
    QJsonParseError error;
    const QByteArray utf8 = masked.toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError)
        return Error::badInput(
            u"cannot pretty-print: the value is not valid JSON: %1 at %2 — fix it or choose Text"_s.arg(
                error.errorString(), lineColumnAt(utf8, error.offset)));
    QString pretty = QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
    for (qsizetype i = 0; i < originals.size(); ++i)
        pretty.replace(QString::number(kPlaceholderToken + i), originals[i]);
    return pretty;
}

} // namespace ensemble
