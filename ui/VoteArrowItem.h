// A vote in flight: an arrow from the voter to the node it votes for, labelled "r<round> e<epoch>". The scene
// moves its head (progress) and fades it (opacity); the item only paints. A vote for oneself is a loop.
#pragma once

#include <QGraphicsItem>

namespace ensemble::ui {

class ArrowPath;

class VoteArrowItem : public QGraphicsItem
{
  public:
    enum { Type = UserType + 2 };

    VoteArrowItem(const QString &voter, const QString &candidate, const QString &label);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // FROM and TO are the node centres; RADIUS how far from a centre the arrow stops (ArrowPath bends it
    // sideways so that A→B and B→A do not cover each other).
    void setEnds(const QPointF &from, const QPointF &to, qreal fromRadius, qreal toRadius);
    void setProgress(qreal progress); // 0..1: how far the head has travelled

    QString voter() const { return m_voter; }
    QString candidate() const { return m_candidate; }
    QString label() const { return m_label; }
    bool isSelfVote() const { return m_voter == m_candidate; }

  private:
    ArrowPath path() const;

    QString m_voter, m_candidate, m_label;
    QPointF m_from, m_to;
    qreal m_fromRadius = 0, m_toRadius = 0;
    qreal m_progress = 1;
};

} // namespace ensemble::ui
