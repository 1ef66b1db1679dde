#include "VoteArrowItem.h"

#include <QPainter>
#include <QtMath>

namespace ensemble::ui {

namespace {
const QColor kVoteColor(0xe6, 0x5c, 0x00);
}

VoteArrowItem::VoteArrowItem(const QString &voter, const QString &candidate, const QString &label)
    : m_voter(voter), m_candidate(candidate), m_label(label)
{
    setZValue(5);
    setAcceptedMouseButtons(Qt::NoButton);
}

void VoteArrowItem::setEnds(const QPointF &from, const QPointF &to, qreal fromRadius, qreal toRadius)
{
    prepareGeometryChange();
    m_from = from;
    m_to = to;
    m_fromRadius = fromRadius;
    m_toRadius = toRadius;
}

void VoteArrowItem::setProgress(qreal progress)
{
    if (qFuzzyCompare(progress, m_progress))
        return;
    m_progress = progress;
    update();
}

QPainterPath VoteArrowItem::path() const
{
    QPainterPath p;
    if (isSelfVote()) {
        // A loop at the node's right side (the crown sits on top): "I vote for myself".
        const QPointF c = m_from + QPointF(m_fromRadius * 0.8, -m_fromRadius * 0.55);
        p.moveTo(c + QPointF(-6, -8));
        p.cubicTo(c + QPointF(30, -52), c + QPointF(62, 6), c + QPointF(10, 6));
        return p;
    }
    const QLineF line(m_from, m_to);
    const QPointF unit = (m_to - m_from) / std::max<qreal>(line.length(), 1);
    const QPointF normal(-unit.y(), unit.x());
    const QPointF start = m_from + unit * m_fromRadius + normal * 10;
    const QPointF end = m_to - unit * (m_toRadius + 6) + normal * 10;
    const QPointF control = (start + end) / 2 + normal * std::min<qreal>(60, line.length() * 0.18);
    p.moveTo(start);
    p.quadTo(control, end);
    return p;
}

QRectF VoteArrowItem::boundingRect() const
{
    return path().boundingRect().adjusted(-60, -30, 60, 30);
}

void VoteArrowItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    p->setRenderHint(QPainter::Antialiasing);
    const QPainterPath full = path();
    const qreal t = std::clamp<qreal>(m_progress, 0.02, 1.0);
    // The part of the path travelled so far.
    QPainterPath travelled;
    const int steps = 24;
    travelled.moveTo(full.pointAtPercent(0));
    for (int i = 1; i <= steps; ++i)
        travelled.lineTo(full.pointAtPercent(t * i / steps));
    // The whole way, faint, so the vote reads at once; the travelled part solid.
    QColor track = kVoteColor;
    track.setAlphaF(0.45f);
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(track, 2, Qt::DashLine, Qt::RoundCap));
    p->drawPath(full);
    p->setPen(QPen(kVoteColor, 3.5, Qt::SolidLine, Qt::RoundCap));
    p->drawPath(travelled);

    const QPointF head = full.pointAtPercent(t);
    const qreal angle = qDegreesToRadians(-full.angleAtPercent(t));
    const QPointF dir(std::cos(angle), std::sin(angle));
    const QPointF normal(-dir.y(), dir.x());
    QPolygonF arrow({head + dir * 4, head - dir * 14 + normal * 8, head - dir * 14 - normal * 8});
    p->setPen(Qt::NoPen);
    p->setBrush(kVoteColor);
    p->drawPolygon(arrow);

    // The label sits at the middle of the curve, on a pill so it reads over edges and in both palettes.
    QFont f = p->font();
    f.setPointSizeF(8.5);
    f.setBold(true);
    p->setFont(f);
    const QPointF mid = full.pointAtPercent(isSelfVote() ? 0.5 : 0.5 * t + 0.0);
    const QFontMetricsF fm(f);
    const QRectF box(mid.x() - fm.horizontalAdvance(m_label) / 2 - 5 + (isSelfVote() ? 16 : 0),
                     mid.y() - fm.height() / 2 - (isSelfVote() ? 10 : 0), fm.horizontalAdvance(m_label) + 10,
                     fm.height() + 2);
    p->setBrush(QColor(0xff, 0xf3, 0xe0));
    p->setPen(QPen(kVoteColor, 1.2));
    p->drawRoundedRect(box, 6, 6);
    p->setPen(QColor(0x5a, 0x24, 0x00));
    p->drawText(box, Qt::AlignCenter, m_label);
}

} // namespace ensemble::ui
