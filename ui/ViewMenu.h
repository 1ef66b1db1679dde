// The View menu: fit and zoom the canvas, show or hide each dock, reset the layout, the dark palette (remembered),
// a screenshot, and "Ask again before every action" (the node-action and close questions asked again).
#pragma once

#include <QMenu>

namespace ensemble::ui {

class MainWindow;

class ViewMenu : public QMenu
{
    Q_OBJECT
  public:
    // Build it once the docks exist: it lists their toggles.
    explicit ViewMenu(MainWindow *window);

    QAction *darkAction() const { return m_dark; }

  private:
    QAction *m_dark;
};

} // namespace ensemble::ui
