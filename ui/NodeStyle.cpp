#include "NodeStyle.h"

#include <algorithm>
#include <cmath>

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ensemble::ui {

QColor stateColor(NodeState state)
{
    switch (state) {
    case NodeState::Up:
        return QColor(0x2e, 0x9d, 0x4f);
    case NodeState::Starting:
        return QColor(0xe0, 0xa8, 0x20);
    case NodeState::Stopping:
        return QColor(0xd9, 0x7a, 0x2b);
    case NodeState::Paused:
        return QColor(0x4a, 0x6c, 0xc0); // 5:1 with white text
    case NodeState::Stopped:
        return QColor(0x8a, 0x8f, 0x96);
    case NodeState::Exited:
        return QColor(0xc0, 0x39, 0x2b);
    case NodeState::Killed:
        return QColor(0x8e, 0x1b, 0x3a);
    }
    return Qt::gray;
}

namespace {
double relativeLuminance(const QColor &c)
{
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}
} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor textColorOn(const QColor &background)
{
    const QColor dark(0x1a, 0x1a, 0x1a), light(Qt::white);
    return contrastRatio(background, dark) >= contrastRatio(background, light) ? dark : light;
}

void drawStateIcon(QPainter *p, const QRectF &r, NodeState state, const QColor &color)
{
    p->save();
    QPen pen(color, std::max(1.5, r.width() / 7.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p->setPen(pen);
    p->setBrush(Qt::NoBrush);
    const qreal w = r.width(), h = r.height();
    const QPointF o = r.topLeft();
    auto at = [&](qreal x, qreal y) { return o + QPointF(x * w, y * h); };
    switch (state) {
    case NodeState::Up: {
        QPainterPath path(at(0.15, 0.55));
        path.lineTo(at(0.4, 0.8));
        path.lineTo(at(0.85, 0.2));
        p->drawPath(path);
        break;
    }
    case NodeState::Starting: // hourglass
        p->drawPolygon(QPolygonF({at(0.2, 0.15), at(0.8, 0.15), at(0.2, 0.85), at(0.8, 0.85)}));
        break;
    case NodeState::Stopping:
        p->drawLine(at(0.5, 0.15), at(0.5, 0.8));
        p->drawLine(at(0.25, 0.55), at(0.5, 0.85));
        p->drawLine(at(0.75, 0.55), at(0.5, 0.85));
        break;
    case NodeState::Paused:
        p->drawLine(at(0.33, 0.15), at(0.33, 0.85));
        p->drawLine(at(0.67, 0.15), at(0.67, 0.85));
        break;
    case NodeState::Stopped:
        p->setBrush(color);
        p->drawRect(QRectF(at(0.22, 0.22), at(0.78, 0.78)));
        break;
    case NodeState::Killed:
        p->drawLine(at(0.2, 0.2), at(0.8, 0.8));
        p->drawLine(at(0.8, 0.2), at(0.2, 0.8));
        break;
    case NodeState::Exited:
        p->drawLine(at(0.5, 0.12), at(0.5, 0.6));
        p->drawPoint(at(0.5, 0.85));
        break;
    }
    p->restore();
}

Qt::PenStyle stateOutlineStyle(NodeState state)
{
    switch (state) {
    case NodeState::Starting:
        return Qt::DotLine;
    case NodeState::Paused:
        return Qt::DashLine;
    case NodeState::Stopping:
        return Qt::DashDotLine;
    default:
        return Qt::SolidLine;
    }
}

Qt::BrushStyle stateHatch(NodeState state)
{
    switch (state) {
    case NodeState::Stopped:
        return Qt::HorPattern;
    case NodeState::Exited:
        return Qt::BDiagPattern;
    case NodeState::Killed:
        return Qt::DiagCrossPattern;
    default:
        return Qt::NoBrush;
    }
}

QIcon stateIcon(NodeState state)
{
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor fill = stateColor(state);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawEllipse(QRectF(1, 1, 30, 30));
    drawStateIcon(&p, QRectF(8, 8, 16, 16), state, textColorOn(fill));
    return QIcon(pm);
}

QList<NodeState> allNodeStates()
{
    return {NodeState::Starting, NodeState::Up,     NodeState::Paused, NodeState::Stopping,
            NodeState::Stopped,  NodeState::Exited, NodeState::Killed};
}

} // namespace ensemble::ui
