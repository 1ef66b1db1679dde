// The main window's size and dock arrangement: the first size from the screen's available area (so it fits a
// 1366 × 768 laptop), remembered across runs (QSettings), kept on a smaller screen, and reset on demand.
#pragma once

#include <QByteArray>
#include <QSize>

class QMainWindow;

namespace ensemble::ui {

class WindowArrangement
{
  public:
    // Takes WINDOW's docks as they are now as the default arrangement (call once they are built).
    explicit WindowArrangement(QMainWindow *window);

    // The size for a first window on its screen: the available area less the frame, at most 1400 × 900.
    QSize defaultSize() const;
    // The geometry and docks saved by save(); a window saved on a larger screen is fitted to this one.
    void restore();
    void save() const;
    // Back to the default docks at the default size.
    void reset();

  private:
    QMainWindow *m_window;
    QByteArray m_defaultState;
};

} // namespace ensemble::ui
