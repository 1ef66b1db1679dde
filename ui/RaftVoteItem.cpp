#include "RaftVoteItem.h"

#include <QPainter>
#include <QtMath>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
QPainterPath bentPath(const QPointF &from, const QPointF &to, qreal fromRadius, qreal toRadius)
{
    // Bent to the left of its direction: the request and its answer between the same two nodes go opposite
    // ways, so they fall on opposite sides and never cover each other.
    const QLineF line(from, to);
    const QPointF unit = (to - from) / std::max<qreal>(line.length(), 1);
    const QPointF normal(-unit.y(), unit.x());
    const QPointF start = from + unit * fromRadius + normal * 8;
    const QPointF end = to - unit * (toRadius + 4) + normal * 8;
    QPainterPath p(start);
    p.quadTo((start + end) / 2 + normal * std::min<qreal>(40, line.length() * 0.12), end);
    return p;
}

QPainterPath partOf(const QPainterPath &full, qreal t)
{
    QPainterPath out(full.pointAtPercent(0));
    for (int i = 1; i <= 20; ++i)
        out.lineTo(full.pointAtPercent(t * i / 20));
    return out;
}

void drawPill(QPainter *p, const QPointF &centre, const QString &text, const QColor &edge, Qt::PenStyle style)
{
    QFont f = p->font();
    f.setPointSizeF(8.5);
    f.setBold(true);
    p->setFont(f);
    const QFontMetricsF fm(f);
    const QRectF box(centre.x() - fm.horizontalAdvance(text) / 2 - 5, centre.y() - fm.height() / 2 - 1,
                     fm.horizontalAdvance(text) + 10, fm.height() + 2);
    p->setBrush(QColor(0xfc, 0xfc, 0xfc));
    p->setPen(QPen(edge, 1.4, style));
    p->drawRoundedRect(box, 6, 6);
    p->setPen(QColor(0x1a, 0x1a, 0x1a));
    p->drawText(box, Qt::AlignCenter, text);
}
} // namespace

RaftVoteItem::RaftVoteItem(const QString &candidate, const QString &voter, int epoch, bool preVote, bool granted)
    : m_candidate(candidate), m_voter(voter), m_epoch(epoch), m_preVote(preVote), m_granted(granted)
{
    setZValue(5);
    setAcceptedMouseButtons(Qt::NoButton);
}

QColor RaftVoteItem::answerColor(bool granted)
{
    return granted ? QColor(0x1b, 0x7a, 0x3a) : QColor(0xc6, 0x28, 0x28);
}

QColor RaftVoteItem::requestColor()
{
    return QColor(0x3d, 0x4f, 0x9a);
}

QString RaftVoteItem::requestLabel() const
{
    return (m_preVote ? u"pre-vote e%1"_s : u"vote e%1"_s).arg(m_epoch);
}

QString RaftVoteItem::answerLabel() const
{
    return m_granted ? u"granted"_s : u"rejected"_s;
}

void RaftVoteItem::setEnds(const QPointF &candidate, const QPointF &voter, qreal candidateRadius, qreal voterRadius)
{
    prepareGeometryChange();
    m_from = candidate;
    m_to = voter;
    m_fromRadius = candidateRadius;
    m_toRadius = voterRadius;
}

void RaftVoteItem::setProgress(qreal progress)
{
    if (qFuzzyCompare(progress, m_progress))
        return;
    m_progress = progress;
    update();
}

QPainterPath RaftVoteItem::requestPath() const
{
    return bentPath(m_from, m_to, m_fromRadius, m_toRadius);
}

QPainterPath RaftVoteItem::answerPath() const
{
    return bentPath(m_to, m_from, m_toRadius, m_fromRadius);
}

QRectF RaftVoteItem::boundingRect() const
{
    return requestPath().boundingRect().united(answerPath().boundingRect()).adjusted(-60, -30, 60, 30);
}

void RaftVoteItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    p->setRenderHint(QPainter::Antialiasing);
    auto head = [&](const QPainterPath &path, qreal t) {
        const QPointF at = path.pointAtPercent(t);
        const qreal angle = qDegreesToRadians(-path.angleAtPercent(t));
        const QPointF dir(std::cos(angle), std::sin(angle));
        const QPointF normal(-dir.y(), dir.x());
        return QPolygonF({at + dir * 3, at - dir * 13 + normal * 7, at - dir * 13 - normal * 7});
    };

    // The request: thin, its head hollow for a pre-vote and filled for a vote.
    const QPainterPath request = requestPath();
    const qreal rt = std::clamp<qreal>(m_progress, 0.02, 1.0);
    const QColor rc = requestColor();
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(rc, 2, m_preVote ? Qt::DotLine : Qt::SolidLine, Qt::RoundCap));
    p->drawPath(partOf(request, rt));
    p->setPen(QPen(rc, 1.8));
    p->setBrush(m_preVote ? QBrush(Qt::white) : QBrush(rc));
    p->drawPolygon(head(request, rt));
    drawPill(p, request.pointAtPercent(0.5 * rt), requestLabel(), rc, m_preVote ? Qt::DashLine : Qt::SolidLine);

    if (m_progress <= 1.0)
        return;
    // The answer: solid green ending in a check (granted) or dashed red ending in a cross (rejected).
    const QPainterPath answer = answerPath();
    const qreal at = std::clamp<qreal>(m_progress - 1.0, 0.02, 1.0);
    const QColor ac = answerColor(m_granted);
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(ac, 3, answerPenStyle(), Qt::RoundCap));
    p->drawPath(partOf(answer, at));
    drawPill(p, answer.pointAtPercent(0.5 * at), answerLabel(), ac, answerPenStyle());
    const QPointF end = answer.pointAtPercent(at);
    p->setPen(QPen(ac, 1.5));
    p->setBrush(Qt::white);
    p->drawEllipse(end, 9, 9);
    p->setPen(QPen(ac, 2.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    if (m_granted) {
        QPainterPath check(end + QPointF(-4.5, 0.5));
        check.lineTo(end + QPointF(-1, 4));
        check.lineTo(end + QPointF(5, -4));
        p->setBrush(Qt::NoBrush);
        p->drawPath(check);
    } else {
        p->drawLine(end + QPointF(-4, -4), end + QPointF(4, 4));
        p->drawLine(end + QPointF(4, -4), end + QPointF(-4, 4));
    }
}

} // namespace ensemble::ui
