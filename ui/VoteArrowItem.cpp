#include "VoteArrowItem.h"

#include "ArrowPath.h"

#include <QPainter>

#include <algorithm>

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

ArrowPath VoteArrowItem::path() const
{
    if (isSelfVote()) {
        // A loop at the node's right side (the crown sits on top): "I vote for myself".
        const QPointF c = m_from + QPointF(m_fromRadius * 0.8, -m_fromRadius * 0.55);
        QPainterPath p(c + QPointF(-6, -8));
        p.cubicTo(c + QPointF(30, -52), c + QPointF(62, 6), c + QPointF(10, 6));
        return ArrowPath(p);
    }
    return ArrowPath(m_from, m_to, m_fromRadius, m_toRadius, ArrowPath::Bend{});
}

QRectF VoteArrowItem::boundingRect() const
{
    return path().path().boundingRect().adjusted(-60, -30, 60, 30);
}

void VoteArrowItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    p->setRenderHint(QPainter::Antialiasing);
    const ArrowPath arrow = path();
    const qreal t = std::clamp<qreal>(m_progress, 0.02, 1.0);
    // The whole way, faint, so the vote reads at once; the travelled part solid.
    QColor track = kVoteColor;
    track.setAlphaF(0.45f);
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(track, 2, Qt::DashLine, Qt::RoundCap));
    p->drawPath(arrow.path());
    p->setPen(QPen(kVoteColor, 3.5, Qt::SolidLine, Qt::RoundCap));
    p->drawPath(arrow.travelled(t, 24));
    p->setPen(Qt::NoPen);
    p->setBrush(kVoteColor);
    p->drawPolygon(arrow.head(t, 4, 14, 8));

    // The label sits at the middle of the travelled curve (beside a self-vote's loop).
    const QPointF mid = arrow.pointAt(isSelfVote() ? 0.5 : 0.5 * t) + (isSelfVote() ? QPointF(16, -9) : QPointF());
    ArrowPath::drawLabel(p, mid, m_label,
                         {QColor(0xff, 0xf3, 0xe0), kVoteColor, QColor(0x5a, 0x24, 0x00), 1.2, Qt::SolidLine});
}

} // namespace ensemble::ui
