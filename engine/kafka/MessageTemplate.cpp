#include "MessageTemplate.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
const QString kKnown = u"{{seq}}, {{uuid}}, {{now}}, {{random_int(a,b)}}"_s;

// A uniform value in [0, span]. Not QRandomGenerator::bounded(quint64): for bounds above 2^63 it shifts a quint64
// by 64 (undefined; found by fuzz_message_template with {{random_int(-9223372036854775808,922354775807)}}). The
// same draw-and-reject, with a mask that covers every span.
quint64 uniformUpTo(quint64 span)
{
    quint64 mask = span;
    for (int shift = 1; shift < 64; shift *= 2)
        mask |= mask >> shift;
    quint64 v = 0;
    do {
        v = QRandomGenerator::global()->generate64() & mask;
    } while (v > span); // mask < 2 * span + 1: at least half the draws are kept
    return v;
}

Error placeholderError(const QString &what, int column)
{
    return Error::badInput(
        u"%1 at character %2 — placeholders are %3 (or produce the text as is with --literal)"_s.arg(what)
            .arg(column)
            .arg(kKnown));
}
} // namespace

Expected<MessageTemplate> MessageTemplate::parse(const QString &text, bool literal)
{
    MessageTemplate t;
    t.m_source = text;
    if (literal) {
        t.m_pieces.append({Piece::Kind::Text, text});
        return t;
    }
    static const QRegularExpression randomInt(uR"(^random_int\s*\((.*)\)$)"_s);
    qsizetype at = 0;
    QString pending;
    while (at < text.size()) {
        const qsizetype open = text.indexOf(u"{{"_s, at);
        if (open < 0) {
            pending += text.mid(at);
            break;
        }
        pending += text.mid(at, open - at);
        const qsizetype close = text.indexOf(u"}}"_s, open + 2);
        if (close < 0)
            return placeholderError(u"'{{' is never closed with '}}'"_s, int(open + 1));
        const QString name = text.mid(open + 2, close - open - 2).trimmed();
        Piece piece;
        if (name == u"seq")
            piece.kind = Piece::Kind::Seq;
        else if (name == u"uuid")
            piece.kind = Piece::Kind::Uuid;
        else if (name == u"now")
            piece.kind = Piece::Kind::Now;
        else if (const auto m = randomInt.match(name); m.hasMatch()) {
            const QStringList args = m.captured(1).split(u',');
            bool okA = false, okB = false;
            if (args.size() == 2) {
                piece.a = args[0].trimmed().toLongLong(&okA);
                piece.b = args[1].trimmed().toLongLong(&okB);
            }
            if (!okA || !okB)
                return placeholderError(
                    u"{{random_int(%1)}} needs two whole numbers, like {{random_int(1,100)}},"_s.arg(m.captured(1)),
                    int(open + 1));
            if (piece.a > piece.b)
                return placeholderError(
                    u"{{random_int(%1,%2)}} has its lower bound above its upper bound"_s.arg(piece.a).arg(piece.b),
                    int(open + 1));
            piece.kind = Piece::Kind::RandomInt;
        } else {
            return placeholderError(u"unknown placeholder {{%1}}"_s.arg(name), int(open + 1));
        }
        if (!pending.isEmpty())
            t.m_pieces.append({Piece::Kind::Text, std::exchange(pending, {})});
        t.m_pieces.append(piece);
        at = close + 2;
    }
    if (!pending.isEmpty() || t.m_pieces.isEmpty())
        t.m_pieces.append({Piece::Kind::Text, pending});
    return t;
}

MessageTemplate::Context MessageTemplate::liveContext(qint64 seq)
{
    Context c;
    c.seq = seq;
    c.now = QDateTime::currentDateTimeUtc();
    c.uuid = [] { return QUuid::createUuid().toString(QUuid::WithoutBraces); };
    c.random = [](qint64 a, qint64 b) {
        if (a == b)
            return a;
        // In unsigned arithmetic, where the span of any two qint64 fits and wraps are defined (b - a overflowed
        // for random_int(-9e18,9e18): found by fuzz_message_template under UBSan).
        return qint64(quint64(a) + uniformUpTo(quint64(b) - quint64(a)));
    };
    return c;
}

bool MessageTemplate::isConstant() const
{
    return m_pieces.size() == 1 && m_pieces.first().kind == Piece::Kind::Text;
}

QByteArray MessageTemplate::expand(const Context &context) const
{
    QString out;
    for (const Piece &p : m_pieces) {
        switch (p.kind) {
        case Piece::Kind::Text:
            out += p.text;
            break;
        case Piece::Kind::Seq:
            out += QString::number(context.seq);
            break;
        case Piece::Kind::Uuid:
            out += context.uuid ? context.uuid() : QString();
            break;
        case Piece::Kind::Now:
            out += context.now.toUTC().toString(Qt::ISODateWithMs);
            break;
        case Piece::Kind::RandomInt:
            out += QString::number(context.random ? context.random(p.a, p.b) : p.a);
            break;
        }
    }
    return out.toUtf8();
}

} // namespace ensemble
