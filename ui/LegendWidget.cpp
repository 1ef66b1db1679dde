#include "LegendWidget.h"

#include "ClusterFeed.h"
#include "NodeItem.h"
#include "NodeStyle.h"
#include "RaftVoteItem.h"
#include "TopologyScene.h"

#include <QPainter>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

struct LegendWidget::Entry
{
    enum Kind {
        State,
        Crown,
        Badge,
        Vote,
        Session,
        NoSession,
        Tag,
        DashedTag,
        FencedTag,
        PreVote,
        RaftVote,
        Granted,
        Rejected,
        Ring,
        TimeoutRing,
        Warning
    };
    QString text;
    Kind kind;
    NodeState state = NodeState::Up;
};

LegendWidget::LegendWidget(TopologyScene *scene, QWidget *parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    if (scene) {
        m_kraft = scene->isKRaft();
        connect(scene, &TopologyScene::modeChanged, this, &LegendWidget::setKRaft);
    }
}

void LegendWidget::setKRaft(bool kraft)
{
    if (kraft == m_kraft)
        return;
    m_kraft = kraft;
    updateGeometry();
    update();
}

QList<LegendWidget::Entry> LegendWidget::entries() const
{
    QList<Entry> out;
    for (NodeState s : allNodeStates())
        out.append({toString(s), Entry::State, s});
    if (m_kraft) {
        out.append({u"raft leader (active controller)"_s, Entry::Crown});
        out.append({u"candidate"_s, Entry::Tag});
        out.append({u"pre-vote (prospective)"_s, Entry::DashedTag});
        out.append({u"old leader fenced by a higher epoch"_s, Entry::FencedTag});
        out.append({u"pre-vote request (e = epoch)"_s, Entry::PreVote});
        out.append({u"vote request"_s, Entry::RaftVote});
        out.append({u"granted"_s, Entry::Granted});
        out.append({u"rejected"_s, Entry::Rejected});
        out.append({u"log end offset / high watermark"_s, Entry::Ring});
        out.append({u"follower without a leader: time to its fetch timeout"_s, Entry::TimeoutRing});
        out.append({u"broker unfenced"_s, Entry::Session});
        out.append({u"broker fenced or registering"_s, Entry::NoSession});
    } else {
        out.append({u"quorum leader"_s, Entry::Crown});
        out.append({u"controller"_s, Entry::Badge});
        out.append({u"vote in flight (r round, e epoch)"_s, Entry::Vote});
        out.append({u"ZooKeeper session"_s, Entry::Session});
        out.append({u"no session (yet)"_s, Entry::NoSession});
    }
    out.append({u"leads partitions refusing acks=all writes"_s, Entry::Warning});
    return out;
}

QStringList LegendWidget::entryTexts() const
{
    QStringList out;
    for (const Entry &e : entries())
        out.append(e.text);
    return out;
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

namespace {
void drawArrow(QPainter *p, const QRectF &r, const QPen &pen, bool filledHead)
{
    const qreal y = r.center().y();
    p->setPen(pen);
    p->drawLine(QPointF(r.left() - 4, y), QPointF(r.right() - 4, y));
    p->setPen(QPen(pen.color(), 1.5));
    p->setBrush(filledHead ? QBrush(pen.color()) : QBrush(Qt::white));
    p->drawPolygon(
        QPolygonF({QPointF(r.right() + 2, y), QPointF(r.right() - 7, y - 5), QPointF(r.right() - 7, y + 5)}));
}

void drawAnswer(QPainter *p, const QRectF &r, bool granted)
{
    const QColor c = RaftVoteItem::answerColor(granted);
    const qreal y = r.center().y();
    p->setPen(QPen(c, 2.5, granted ? Qt::SolidLine : Qt::DashLine));
    p->drawLine(QPointF(r.left() - 6, y), QPointF(r.center().x(), y));
    const QPointF e(r.right() - 4, y);
    p->setPen(QPen(c, 1.5));
    p->setBrush(Qt::white);
    p->drawEllipse(e, 6, 6);
    p->setPen(QPen(c, 2));
    if (granted) {
        p->drawLine(e + QPointF(-3, 0), e + QPointF(-1, 3));
        p->drawLine(e + QPointF(-1, 3), e + QPointF(3, -3));
    } else {
        p->drawLine(e + QPointF(-3, -3), e + QPointF(3, 3));
        p->drawLine(e + QPointF(3, -3), e + QPointF(-3, 3));
    }
}
} // namespace

int LegendWidget::layoutEntries(int width, QPainter *p) const
{
    const QList<Entry> list = entries();
    const QFontMetrics fm(font());
    const int lineH = fm.height() + 6;
    const int sw = fm.height();
    int x = 8, y = 4;
    for (const Entry &e : list) {
        const int w = sw + 6 + fm.horizontalAdvance(e.text) + 18;
        if (x + w > width && x > 8) {
            x = 8;
            y += lineH;
        }
        if (p) {
            const QRectF r(x, y + 3, sw, sw);
            p->save();
            switch (e.kind) {
            case Entry::State: {
                const QColor fill = stateColor(e.state);
                p->setPen(QPen(fill.darker(140), 1.5, stateOutlineStyle(e.state)));
                p->setBrush(fill);
                p->drawEllipse(r);
                if (const Qt::BrushStyle hatch = stateHatch(e.state); hatch != Qt::NoBrush) {
                    QColor h = textColorOn(fill);
                    h.setAlphaF(0.28f);
                    p->setPen(Qt::NoPen);
                    p->setBrush(QBrush(h, hatch));
                    p->drawEllipse(r);
                }
                drawStateIcon(p, r.adjusted(3, 3, -3, -3), e.state, textColorOn(fill));
                break;
            }
            case Entry::Crown:
                p->setPen(QPen(QColor(0x8a, 0x64, 0x00), 1));
                p->setBrush(QColor(0xf2, 0xc2, 0x1b));
                p->drawPolygon(QPolygonF(
                    {r.bottomLeft(), r.topLeft() + QPointF(0, 3), QPointF(r.left() + r.width() / 4, r.center().y()),
                     QPointF(r.center().x(), r.top()), QPointF(r.right() - r.width() / 4, r.center().y()),
                     r.topRight() + QPointF(0, 3), r.bottomRight()}));
                break;
            case Entry::Badge:
                p->setPen(Qt::NoPen);
                p->setBrush(QColor(0x7b, 0x4f, 0xd6));
                p->drawRoundedRect(r.adjusted(-2, 3, 2, -3), 4, 4);
                break;
            case Entry::Vote:
                p->setPen(QPen(QColor(0xe6, 0x5c, 0x00), 3));
                p->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
                break;
            case Entry::Session:
            case Entry::NoSession:
                p->setPen(QPen(e.kind == Entry::Session ? QColor(0x2e, 0x9d, 0x4f) : QColor(0xd9, 0x7a, 0x2b), 2.5,
                               e.kind == Entry::Session ? Qt::SolidLine : Qt::DashLine));
                p->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
                break;
            case Entry::Tag:
            case Entry::DashedTag:
            case Entry::FencedTag: {
                const bool fenced = e.kind == Entry::FencedTag;
                const QColor edge = fenced ? QColor(0xa3, 0x1f, 0x1f) : QColor(0x3d, 0x4f, 0x9a);
                const QRectF tag = r.adjusted(-3, 3, 3, -3);
                p->setPen(QPen(edge, 1.8, e.kind == Entry::DashedTag ? Qt::DashLine : Qt::SolidLine));
                p->setBrush(fenced ? QColor(0xfd, 0xe8, 0xe8) : QColor(0xe8, 0xec, 0xfb));
                p->drawRoundedRect(tag, 4, 4);
                if (fenced)
                    p->drawLine(tag.topLeft(), tag.bottomRight());
                break;
            }
            case Entry::PreVote:
            case Entry::RaftVote:
                drawArrow(p, r,
                          QPen(RaftVoteItem::requestColor(), 2, e.kind == Entry::PreVote ? Qt::DotLine : Qt::SolidLine),
                          e.kind == Entry::RaftVote);
                break;
            case Entry::Granted:
            case Entry::Rejected:
                drawAnswer(p, r, e.kind == Entry::Granted);
                break;
            case Entry::TimeoutRing:
                p->setBrush(Qt::NoBrush);
                p->setPen(QPen(palette().color(QPalette::Text), 1.2, Qt::DashLine));
                p->drawEllipse(r.adjusted(2, 2, -2, -2));
                p->setPen(QPen(NodeItem::electionTimerColor(), 3, Qt::SolidLine, Qt::FlatCap));
                p->drawArc(r.adjusted(2, 2, -2, -2), 90 * 16, -240 * 16);
                break;
            case Entry::Ring:
                p->setBrush(Qt::NoBrush);
                p->setPen(QPen(QColor(0xc8, 0xcc, 0xd2), 3));
                p->drawEllipse(r.adjusted(2, 2, -2, -2));
                p->setPen(QPen(QColor(0x1f, 0x5f, 0xb8), 3));
                p->drawArc(r.adjusted(2, 2, -2, -2), 90 * 16, -270 * 16);
                break;
            case Entry::Warning:
                p->setPen(QPen(QColor(0x1a, 0x1a, 0x1a), 1));
                p->setBrush(QColor(0xf2, 0xc2, 0x1b));
                p->drawPolygon(QPolygonF({QPointF(r.center().x(), r.top()), r.bottomRight(), r.bottomLeft()}));
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
