// The canvas legend: what the node colours, outlines and icons, the crown, the badge, the vote arrows and the edges
// mean — only the symbols of the mode shown (ZooKeeper: votes with round and epoch, sessions; KRaft: raft roles,
// pre-votes and votes, granted and rejected answers, fenced brokers). A strip under the canvas, so it never covers
// a node whatever the zoom.
#pragma once

#include <QWidget>

namespace ensemble::ui {

class TopologyScene;

class LegendWidget : public QWidget
{
    Q_OBJECT
  public:
    // With SCENE, the legend follows the mode of the picture it explains.
    explicit LegendWidget(TopologyScene *scene = nullptr, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

    void setKRaft(bool kraft);
    bool isKRaft() const { return m_kraft; }
    // The entries' words, in order (for tests).
    QStringList entryTexts() const;

  protected:
    void paintEvent(QPaintEvent *event) override;

  private:
    struct Entry;
    QList<Entry> entries() const;
    int layoutEntries(int width, QPainter *painter) const; // returns the height used
    bool m_kraft = false;
};

} // namespace ensemble::ui
