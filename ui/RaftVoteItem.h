// A KRaft vote in flight: the request from the candidate to the voter, labelled "pre-vote e5" or "vote e5", then
// the voter's answer drawn back. Told apart by shape as well as colour: a pre-vote request has a hollow head, a
// vote a filled one; a granted answer is a solid green line ending in a check, a rejected one a dashed red line
// ending in a cross. The voter's log line is the one record of both (the candidate logs no per-voter line), so
// the request is drawn from the answer. The scene moves it (progress 0..2: request, then answer) and fades it.
#pragma once

#include <QGraphicsItem>

namespace ensemble::ui {

class ArrowPath;

class RaftVoteItem : public QGraphicsItem
{
  public:
    enum { Type = UserType + 3 };

    RaftVoteItem(const QString &candidate, const QString &voter, int epoch, bool preVote, bool granted);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // CANDIDATE and VOTER are the node centres, RADIUS how far from a centre the lines stop.
    void setEnds(const QPointF &candidate, const QPointF &voter, qreal candidateRadius, qreal voterRadius);
    void setProgress(qreal progress); // 0..1 the request travels, 1..2 the answer comes back
    qreal progress() const { return m_progress; }

    QString candidate() const { return m_candidate; }
    QString voter() const { return m_voter; }
    int epoch() const { return m_epoch; }
    bool isPreVote() const { return m_preVote; }
    bool isGranted() const { return m_granted; }
    QString requestLabel() const; // "pre-vote e5", "vote e5"
    QString answerLabel() const;  // "granted", "rejected"
    // How the answer is drawn, for tests and the legend: its pen style and whether its head is a check.
    Qt::PenStyle answerPenStyle() const { return m_granted ? Qt::SolidLine : Qt::DashLine; }
    static QColor answerColor(bool granted);
    static QColor requestColor();

  private:
    ArrowPath requestPath() const;
    ArrowPath answerPath() const;

    QString m_candidate, m_voter;
    int m_epoch;
    bool m_preVote, m_granted;
    QPointF m_from, m_to;
    qreal m_fromRadius = 0, m_toRadius = 0;
    qreal m_progress = 2;
};

} // namespace ensemble::ui
