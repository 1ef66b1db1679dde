// Placeholders in a produced message's key, value and header values, expanded once per message so one form (or
// one `ensemble produce` line) makes a stream of distinct messages: {{seq}}, {{uuid}}, {{now}} (ISO-8601, ms, UTC)
// and {{random_int(a,b)}}. A template is parsed once; a mistake is an error value naming the placeholder.
#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>

namespace ensemble {

class MessageTemplate
{
  public:
    // What a message's placeholders expand from; `random` returns a value in [a, b] (both included).
    struct Context
    {
        qint64 seq = 0;
        QDateTime now;
        std::function<QString()> uuid;
        std::function<qint64(qint64 a, qint64 b)> random;
    };

    // TEXT verbatim when LITERAL; otherwise parsed, and an unknown or malformed placeholder is a BadInput error.
    static Expected<MessageTemplate> parse(const QString &text, bool literal = false);
    // A context with the current time, a random UUID and a random number generator.
    static Context liveContext(qint64 seq);

    QByteArray expand(const Context &context) const;
    // True when expansion always gives the same text (no placeholder at all).
    bool isConstant() const;
    const QString &source() const { return m_source; }

  private:
    struct Piece
    {
        enum class Kind { Text, Seq, Uuid, Now, RandomInt } kind = Kind::Text;
        QString text;
        qint64 a = 0, b = 0;
    };
    QString m_source;
    QList<Piece> m_pieces;
};

} // namespace ensemble
