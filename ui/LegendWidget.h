// The canvas legend: what the node colours and icons, the crown, the badge, the vote arrows and the session edges
// mean. A strip under the canvas, so it never covers a node whatever the zoom.
#pragma once

#include <QWidget>

namespace ensemble::ui {

class LegendWidget : public QWidget
{
    Q_OBJECT
  public:
    explicit LegendWidget(QWidget *parent = nullptr);
    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

  protected:
    void paintEvent(QPaintEvent *event) override;

  private:
    struct Entry;
    int layoutEntries(int width, QPainter *painter) const; // returns the height used
};

} // namespace ensemble::ui
