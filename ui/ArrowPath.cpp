#include "ArrowPath.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QtMath>

#include <algorithm>

namespace ensemble::ui {

ArrowPath::ArrowPath(const QPointF &from, const QPointF &to, qreal fromRadius, qreal toRadius, const Bend &bend)
{
    const QLineF line(from, to);
    const QPointF unit = (to - from) / std::max<qreal>(line.length(), 1);
    const QPointF normal(-unit.y(), unit.x());
    const QPointF start = from + unit * fromRadius + normal * bend.offset;
    const QPointF end = to - unit * (toRadius + bend.gap) + normal * bend.offset;
    m_path.moveTo(start);
    m_path.quadTo((start + end) / 2 + normal * std::min<qreal>(bend.maxBow, line.length() * bend.share), end);
}

QPainterPath ArrowPath::travelled(qreal t, int steps) const
{
    QPainterPath out(m_path.pointAtPercent(0));
    for (int i = 1; i <= steps; ++i)
        out.lineTo(m_path.pointAtPercent(t * i / steps));
    return out;
}

QPolygonF ArrowPath::head(qreal t, qreal tip, qreal length, qreal halfWidth) const
{
    const QPointF at = m_path.pointAtPercent(t);
    const qreal angle = qDegreesToRadians(-m_path.angleAtPercent(t));
    const QPointF dir(std::cos(angle), std::sin(angle));
    const QPointF normal(-dir.y(), dir.x());
    return QPolygonF({at + dir * tip, at - dir * length + normal * halfWidth, at - dir * length - normal * halfWidth});
}

void ArrowPath::drawLabel(QPainter *p, const QPointF &centre, const QString &text, const Label &look)
{
    QFont f = p->font();
    f.setPointSizeF(8.5);
    f.setBold(true);
    p->setFont(f);
    const QFontMetricsF fm(f);
    const qreal w = fm.horizontalAdvance(text) + 10;
    const qreal h = fm.height() + 2;
    const QRectF box(centre.x() - w / 2, centre.y() - h / 2, w, h);
    p->setBrush(look.fill);
    p->setPen(QPen(look.edge, look.edgeWidth, look.edgeStyle));
    p->drawRoundedRect(box, 6, 6);
    p->setPen(look.ink);
    p->drawText(box, Qt::AlignCenter, text);
}

} // namespace ensemble::ui
