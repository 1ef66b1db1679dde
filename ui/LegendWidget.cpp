#include "LegendWidget.h"

#include "NodeStyle.h"

#include <QPainter>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

struct LegendWidget::Entry
{
    QString text;
    int kind; // 0 state, 1 crown, 2 badge, 3 vote, 4 session, 5 lost session
    NodeState state = NodeState::Up;
};

LegendWidget::LegendWidget(QWidget *parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

QSize LegendWidget::sizeHint() const
{
    return QSize(600, heightForWidth(600));
}

int LegendWidget::heightForWidth(int width) const
{
    return layoutEntries(width, nullptr);
}

void LegendWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    layoutEntries(width(), &p);
}

int LegendWidget::layoutEntries(int width, QPainter *p) const
{
    QList<Entry> entries;
    for (NodeState s : allNodeStates())
        entries.append({toString(s), 0, s});
    entries.append({u"quorum leader"_s, 1});
    entries.append({u"controller"_s, 2});
    entries.append({u"vote in flight (r round, e epoch)"_s, 3});
    entries.append({u"ZooKeeper session"_s, 4});
    entries.append({u"no session (yet)"_s, 5});
    const QFontMetrics fm(font());
    const int lineH = fm.height() + 6;
    const int sw = fm.height();
    int x = 8, y = 4;
    for (const Entry &e : entries) {
        const int w = sw + 6 + fm.horizontalAdvance(e.text) + 18;
        if (x + w > width && x > 8) {
            x = 8;
            y += lineH;
        }
        if (p) {
            const QRectF r(x, y + 3, sw, sw);
            p->save();
            switch (e.kind) {
            case 0:
                p->setPen(Qt::NoPen);
                p->setBrush(stateColor(e.state));
                p->drawEllipse(r);
                drawStateIcon(p, r.adjusted(3, 3, -3, -3), e.state, textColorOn(stateColor(e.state)));
                break;
            case 1:
                p->setPen(QPen(QColor(0x8a, 0x64, 0x00), 1));
                p->setBrush(QColor(0xf2, 0xc2, 0x1b));
                p->drawPolygon(QPolygonF(
                    {r.bottomLeft(), r.topLeft() + QPointF(0, 3), QPointF(r.left() + r.width() / 4, r.center().y()),
                     QPointF(r.center().x(), r.top()), QPointF(r.right() - r.width() / 4, r.center().y()),
                     r.topRight() + QPointF(0, 3), r.bottomRight()}));
                break;
            case 2:
                p->setPen(Qt::NoPen);
                p->setBrush(QColor(0x7b, 0x4f, 0xd6));
                p->drawRoundedRect(r.adjusted(-2, 3, 2, -3), 4, 4);
                break;
            case 3:
                p->setPen(QPen(QColor(0xe6, 0x5c, 0x00), 3));
                p->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
                break;
            case 4:
            case 5:
                p->setPen(QPen(e.kind == 4 ? QColor(0x2e, 0x9d, 0x4f) : QColor(0xd9, 0x7a, 0x2b), 2.5,
                               e.kind == 4 ? Qt::SolidLine : Qt::DashLine));
                p->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
                break;
            }
            p->restore();
            p->setPen(palette().color(QPalette::Text));
            p->drawText(QPointF(x + sw + 6, y + 3 + fm.ascent()), e.text);
        }
        x += w;
    }
    return y + lineH + 4;
}

} // namespace ensemble::ui
