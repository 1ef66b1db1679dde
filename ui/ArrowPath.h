// The geometry the canvas's arrows share — a ZooKeeper vote (VoteArrowItem), a raft vote request and its answer
// (RaftVoteItem): a curve from one node to another that starts and ends at the nodes' rims, offset and bowed to
// the left of its direction (so A→B and B→A fall on opposite sides and never cover each other); the part of it
// travelled so far; an arrow head at any point; and the label on a pill that reads over edges in both palettes.
#pragma once

#include <QColor>
#include <QPainterPath>
#include <QPolygonF>
#include <QString>

class QPainter;

namespace ensemble::ui {

class ArrowPath
{
  public:
    // How a curve between two nodes sits: OFFSET to the left of the straight line, GAP short of the target's rim
    // (room for the head), bowed out by SHARE of its length, at most MAX_BOW.
    struct Bend
    {
        qreal offset = 10;
        qreal gap = 6;
        qreal share = 0.18;
        qreal maxBow = 60;
    };
    // FROM and TO are node centres, the radii how far from a centre the curve stops.
    ArrowPath(const QPointF &from, const QPointF &to, qreal fromRadius, qreal toRadius, const Bend &bend);
    explicit ArrowPath(const QPainterPath &path) : m_path(path) {}

    const QPainterPath &path() const { return m_path; }
    QPointF pointAt(qreal t) const { return m_path.pointAtPercent(t); }
    // The curve from its start to T (0..1), as STEPS straight pieces.
    QPainterPath travelled(qreal t, int steps = 20) const;
    // A triangular head at T pointing along the curve: its tip TIP beyond the point, its base LENGTH behind it.
    QPolygonF head(qreal t, qreal tip, qreal length, qreal halfWidth) const;

    struct Label
    {
        QColor fill, edge, ink;
        qreal edgeWidth = 1.2;
        Qt::PenStyle edgeStyle = Qt::SolidLine;
    };
    // TEXT in bold 8.5 pt on a rounded pill centred at CENTRE.
    static void drawLabel(QPainter *painter, const QPointF &centre, const QString &text, const Label &look);

  private:
    QPainterPath m_path;
};

} // namespace ensemble::ui
