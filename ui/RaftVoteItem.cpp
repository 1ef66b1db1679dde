#include "RaftVoteItem.h"

#include "ArrowPath.h"

#include <QPainter>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
// Closer to the straight line than a ZooKeeper vote's: a request and its answer share the way between two nodes.
constexpr ArrowPath::Bend kBend{8, 4, 0.12, 40};

ArrowPath::Label pill(const QColor &edge, Qt::PenStyle style)
{
    return {QColor(0xfc, 0xfc, 0xfc), edge, QColor(0x1a, 0x1a, 0x1a), 1.4, style};
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

ArrowPath RaftVoteItem::requestPath() const
{
    return ArrowPath(m_from, m_to, m_fromRadius, m_toRadius, kBend);
}

ArrowPath RaftVoteItem::answerPath() const
{
    return ArrowPath(m_to, m_from, m_toRadius, m_fromRadius, kBend);
}

QRectF RaftVoteItem::boundingRect() const
{
    return requestPath().path().boundingRect().united(answerPath().path().boundingRect()).adjusted(-60, -30, 60, 30);
}

void RaftVoteItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    p->setRenderHint(QPainter::Antialiasing);
    // The request: thin, its head hollow for a pre-vote and filled for a vote.
    const ArrowPath request = requestPath();
    const qreal rt = std::clamp<qreal>(m_progress, 0.02, 1.0);
    const QColor rc = requestColor();
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(rc, 2, m_preVote ? Qt::DotLine : Qt::SolidLine, Qt::RoundCap));
    p->drawPath(request.travelled(rt));
    p->setPen(QPen(rc, 1.8));
    p->setBrush(m_preVote ? QBrush(Qt::white) : QBrush(rc));
    p->drawPolygon(request.head(rt, 3, 13, 7));
    ArrowPath::drawLabel(p, request.pointAt(0.5 * rt), requestLabel(),
                         pill(rc, m_preVote ? Qt::DashLine : Qt::SolidLine));

    if (m_progress <= 1.0)
        return;
    // The answer: solid green ending in a check (granted) or dashed red ending in a cross (rejected).
    const ArrowPath answer = answerPath();
    const qreal at = std::clamp<qreal>(m_progress - 1.0, 0.02, 1.0);
    const QColor ac = answerColor(m_granted);
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(ac, 3, answerPenStyle(), Qt::RoundCap));
    p->drawPath(answer.travelled(at));
    ArrowPath::drawLabel(p, answer.pointAt(0.5 * at), answerLabel(), pill(ac, answerPenStyle()));
    const QPointF end = answer.pointAt(at);
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
