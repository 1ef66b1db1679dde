#include "NodeItem.h"

#include "NodeStyle.h"

#include <QApplication>
#include <QGraphicsScene>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
constexpr qreal kCoordinatorRadius = 54;
constexpr qreal kBrokerW = 128, kBrokerH = 84;

QPalette paletteOf(const QGraphicsItem *item)
{
    return item->scene() ? item->scene()->palette() : QApplication::palette();
}
} // namespace

NodeItem::NodeItem(const NodeLayout &layout) : m_layout(layout)
{
    setFlags(ItemIsSelectable | ItemIsFocusable);
    setAcceptHoverEvents(true);
    setZValue(2);
}

QRectF NodeItem::body() const
{
    if (m_layout.kind == NodeKind::Coordinator)
        return QRectF(-kCoordinatorRadius, -kCoordinatorRadius, 2 * kCoordinatorRadius, 2 * kCoordinatorRadius);
    return QRectF(-kBrokerW / 2, -kBrokerH / 2, kBrokerW, kBrokerH);
}

qreal NodeItem::radius() const
{
    return m_layout.kind == NodeKind::Coordinator ? kCoordinatorRadius : kBrokerH / 2;
}

QColor NodeItem::electionTimerColor()
{
    return QColor(0xe0, 0x8a, 0x00);
}

QRectF NodeItem::boundingRect() const
{
    // Room for the crown above, the badge at the corner and the pulse rings around.
    return body().adjusted(-44, -52, 44, 34);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path;
    if (m_layout.kind == NodeKind::Coordinator)
        path.addEllipse(body());
    else
        path.addRoundedRect(body(), 12, 12);
    return path;
}

void NodeItem::setLook(const Look &look)
{
    if (look == m_look)
        return;
    m_look = look;
    update();
}

void NodeItem::setPulse(qreal phase)
{
    if (phase == m_pulse)
        return;
    m_pulse = phase;
    update();
}

void NodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette pal = paletteOf(this);
    const QColor fill = stateColor(m_look.state);
    const QColor ink = textColorOn(fill);
    const QRectF b = body();
    p->setRenderHint(QPainter::Antialiasing);

    if (m_pulse >= 0) {
        for (int ring = 0; ring < 2; ++ring) {
            const qreal t = std::fmod(m_pulse * 2 + ring * 0.5, 1.0);
            QColor c(0xf2, 0xb7, 0x05);
            c.setAlphaF(float(0.9 * (1 - t)));
            p->setPen(QPen(c, 4));
            p->setBrush(Qt::NoBrush);
            const qreal grow = 6 + 26 * t;
            if (m_layout.kind == NodeKind::Coordinator)
                p->drawEllipse(b.adjusted(-grow, -grow, grow, grow));
            else
                p->drawRoundedRect(b.adjusted(-grow, -grow, grow, grow), 12 + grow, 12 + grow);
        }
    }

    if (m_look.waiting) {
        // Waiting for a leader: a dashed ring; when the time the leader went silent is known, an amber arc fills
        // it clockwise from the top toward the fetch timeout, when the follower stands.
        const QRectF ring = b.adjusted(-10, -10, 10, 10);
        p->setPen(QPen(pal.color(QPalette::Text), 1.5, Qt::DashLine));
        p->setBrush(Qt::NoBrush);
        p->drawEllipse(ring);
        if (m_look.electionTimer >= 0) {
            p->setPen(QPen(electionTimerColor(), 4, Qt::SolidLine, Qt::FlatCap));
            p->drawArc(ring, 90 * 16, -int(360 * 16 * std::clamp<qreal>(m_look.electionTimer, 0, 1)));
        }
    }
    if (m_look.catchUp >= 0) {
        // The log end offset against the high watermark: a ring that fills clockwise from the top.
        const QRectF ring = b.adjusted(-6, -6, 6, 6);
        p->setBrush(Qt::NoBrush);
        p->setPen(QPen(QColor(0xc8, 0xcc, 0xd2), 5, Qt::SolidLine, Qt::FlatCap));
        p->drawArc(ring, 0, 360 * 16);
        p->setPen(QPen(QColor(0x1f, 0x5f, 0xb8), 5, Qt::SolidLine, Qt::FlatCap));
        p->drawArc(ring, 90 * 16, -int(360 * 16 * std::clamp<qreal>(m_look.catchUp, 0, 1)));
    }

    const bool selected = option->state & QStyle::State_Selected;
    QPen outline(selected ? pal.color(QPalette::Highlight) : fill.darker(140), selected ? 4 : 2.5,
                 selected ? Qt::SolidLine : stateOutlineStyle(m_look.state));
    p->setPen(outline);
    p->setBrush(fill);
    auto drawBody = [&](const QRectF &r) {
        if (m_layout.kind == NodeKind::Coordinator)
            p->drawEllipse(r);
        else
            p->drawRoundedRect(r, 12, 12);
    };
    drawBody(b);
    if (m_look.state == NodeState::Paused) { // a second outline: frozen, not gone
        p->setBrush(Qt::NoBrush);
        drawBody(b.adjusted(4, 4, -4, -4));
    }
    if (const Qt::BrushStyle hatch = stateHatch(m_look.state); hatch != Qt::NoBrush) {
        QColor h = textColorOn(fill);
        h.setAlphaF(0.28f);
        p->setPen(Qt::NoPen);
        p->setBrush(QBrush(h, hatch));
        drawBody(b);
    }
    if (m_look.combined) {
        // Controller and broker in one process: the controller's circle inside the broker's box.
        p->setPen(QPen(textColorOn(fill), 1.5));
        p->setBrush(Qt::NoBrush);
        p->drawEllipse(QRectF(b.left() + 5, b.top() + 5, 16, 16));
    }

    // Text: name, role, detail; the state icon at the left of the name.
    QFont nameFont = p->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(m_layout.kind == NodeKind::Coordinator ? 9 : 10);
    QFont small = p->font();
    small.setPointSizeF(8.5);
    p->setPen(ink);
    p->setFont(nameFont);
    const QFontMetricsF fm(nameFont);
    const qreal iconSize = 13;
    const qreal nameW = fm.horizontalAdvance(m_layout.name);
    const qreal total = iconSize + 4 + nameW;
    const qreal top = b.center().y() - 22;
    drawStateIcon(p, QRectF(-total / 2, top + (fm.height() - iconSize) / 2, iconSize, iconSize), m_look.state, ink);
    p->drawText(QPointF(-total / 2 + iconSize + 4, top + fm.ascent()), m_layout.name);
    p->setFont(small);
    const QString role = m_look.role.isEmpty() ? toString(m_look.state) : m_look.role;
    p->drawText(QRectF(b.left(), top + fm.height(), b.width(), 16), Qt::AlignCenter, role);
    if (!m_look.detail.isEmpty())
        p->drawText(QRectF(b.left(), top + fm.height() + 15, b.width(), 16), Qt::AlignCenter, m_look.detail);

    if (m_look.crown) {
        // A gold crown sitting on top of the node.
        const qreal cw = 40, ch = 26, cy = b.top() - ch - 2;
        QPolygonF crown({{-cw / 2, cy + ch},
                         {-cw / 2, cy + 6},
                         {-cw / 4, cy + 14},
                         {0, cy},
                         {cw / 4, cy + 14},
                         {cw / 2, cy + 6},
                         {cw / 2, cy + ch}});
        p->setPen(QPen(QColor(0x8a, 0x64, 0x00), 1.5));
        p->setBrush(QColor(0xf2, 0xc2, 0x1b));
        p->drawPolygon(crown);
    }
    if (m_look.tag != Look::Tag::None && !m_look.tagText.isEmpty()) {
        QFont tf = small;
        tf.setBold(true);
        p->setFont(tf);
        const qreal w = QFontMetricsF(tf).horizontalAdvance(m_look.tagText) + 14;
        const QRectF tag(-w / 2, b.top() - 26, w, 20);
        const bool fenced = m_look.tag == Look::Tag::Fenced;
        const QColor edge = fenced ? QColor(0xa3, 0x1f, 0x1f) : QColor(0x3d, 0x4f, 0x9a);
        p->setPen(QPen(edge, 2, m_look.tag == Look::Tag::Prospective ? Qt::DashLine : Qt::SolidLine));
        p->setBrush(fenced ? QColor(0xfd, 0xe8, 0xe8) : QColor(0xe8, 0xec, 0xfb));
        p->drawRoundedRect(tag, 9, 9);
        p->setPen(QColor(0x1a, 0x1a, 0x1a));
        p->drawText(tag, Qt::AlignCenter, m_look.tagText);
        if (fenced) { // struck through: this leader's epoch is over
            p->setPen(QPen(edge, 2));
            p->drawLine(tag.topLeft() + QPointF(4, 4), tag.bottomRight() - QPointF(4, 4));
        }
    }
    if (m_look.underMinIsr > 0) {
        // A warning triangle at the top-left: partitions it leads refuse acks=all writes.
        const QPointF c = b.topLeft() + (m_layout.kind == NodeKind::Coordinator ? QPointF(8, 8) : QPointF(-4, -6));
        QPolygonF tri({c + QPointF(0, -12), c + QPointF(13, 11), c + QPointF(-13, 11)});
        p->setPen(QPen(QColor(0x1a, 0x1a, 0x1a), 1.5));
        p->setBrush(QColor(0xf2, 0xc2, 0x1b));
        p->drawPolygon(tri);
        QFont wf = small;
        wf.setBold(true);
        p->setFont(wf);
        p->drawText(QRectF(c.x() - 8, c.y() - 5, 16, 16), Qt::AlignCenter, u"!"_s);
    }
    if (m_look.badge) {
        // The controller's badge at the top-right corner.
        QFont bf = small;
        bf.setBold(true);
        p->setFont(bf);
        const QString text = u"CONTROLLER"_s;
        const qreal w = QFontMetricsF(bf).horizontalAdvance(text) + 12;
        const QRectF badge(b.right() - w + 14, b.top() - 12, w, 20);
        p->setPen(QPen(QColor(0x3b, 0x1f, 0x6e), 1.5));
        p->setBrush(QColor(0x7b, 0x4f, 0xd6));
        p->drawRoundedRect(badge, 9, 9);
        p->setPen(Qt::white);
        p->drawText(badge, Qt::AlignCenter, text);
    }
}

} // namespace ensemble::ui
