#include "WindowArrangement.h"

#include <QDockWidget>
#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const QString kGeometry = u"window/geometry"_s;
const QString kState = u"window/state"_s;

QRect availableArea(const QWidget *window)
{
    const QScreen *screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(0, 0, 1400, 900);
}
} // namespace

WindowArrangement::WindowArrangement(QMainWindow *window) : m_window(window), m_defaultState(window->saveState()) {}

QSize WindowArrangement::defaultSize() const
{
    // Room for a window manager's frame and title bar around it.
    const QRect available = availableArea(m_window);
    return {std::min(1400, available.width() - 16), std::min(900, available.height() - 48)};
}

void WindowArrangement::restore()
{
    QSettings settings(u"ensemble"_s, u"window"_s);
    m_window->restoreGeometry(settings.value(kGeometry).toByteArray());
    m_window->restoreState(settings.value(kState).toByteArray());
    const QRect available = availableArea(m_window);
    if (m_window->width() > available.width() || m_window->height() > available.height()) {
        m_window->resize(defaultSize());
        m_window->move(available.topLeft());
    }
}

void WindowArrangement::save() const
{
    QSettings settings(u"ensemble"_s, u"window"_s);
    settings.setValue(kGeometry, m_window->saveGeometry());
    settings.setValue(kState, m_window->saveState());
}

void WindowArrangement::reset()
{
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>())
        dock->setFloating(false);
    m_window->restoreState(m_defaultState);
    m_window->showNormal();
    m_window->resize(defaultSize());
    m_window->move(availableArea(m_window).topLeft());
}

} // namespace ensemble::ui
