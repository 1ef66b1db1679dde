#include "YamlScalar.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace ensemble {

QString yamlQuoted(const QString &value)
{
    QString out = u"\""_s;
    for (const QChar c : value) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        if (c == u'\n')
            out += u"\\n"_s;
        else if (c == u'\t')
            out += u"\\t"_s;
        else
            out += c;
    }
    return out + u'"';
}

QString yamlScalar(const QString &value)
{
    // Letters, digits and a few punctuation marks that never start or end a YAML token; and nothing
    // YAML 1.1/1.2 would read as a boolean, a null or a number (those stay strings only when quoted).
    static const QRegularExpression plain(u"^[A-Za-z0-9_./][A-Za-z0-9_./:,=+-]*$"_s);
    static const QRegularExpression special(
        u"^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9][0-9_]*(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|"
        "0x[0-9a-fA-F]+|0o[0-7]+|\\.(?:inf|nan))$"_s,
        QRegularExpression::CaseInsensitiveOption);
    if (value.isEmpty() || !plain.match(value).hasMatch() || special.match(value).hasMatch() ||
        value.contains(u": "_s) || value.endsWith(u':'))
        return yamlQuoted(value);
    return value;
}

} // namespace ensemble
