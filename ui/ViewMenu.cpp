#include "ViewMenu.h"

#include "AppPalette.h"
#include "CloseQuestion.h"
#include "MainWindow.h"
#include "NodeActionConfirmation.h"
#include "TopologyView.h"

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

ViewMenu::ViewMenu(MainWindow *window) : QMenu(u"&View"_s, window)
{
    TopologyView *topology = window->topology();
    addAction(u"Fit the cluster in view"_s, QKeySequence(u"Ctrl+0"_s), topology, &TopologyView::fitAll);
    addAction(u"Zoom in"_s, QKeySequence::ZoomIn, topology, [topology] { topology->zoomBy(1.2); });
    addAction(u"Zoom out"_s, QKeySequence::ZoomOut, topology, [topology] { topology->zoomBy(1 / 1.2); });
    addSeparator();
    for (QDockWidget *dock : window->findChildren<QDockWidget *>())
        addAction(dock->toggleViewAction());
    addAction(u"&Reset layout"_s, window, &MainWindow::resetLayout)
        ->setToolTip(u"Every dock back in its first place, the window sized for this screen"_s);
    addSeparator();
    m_dark = addAction(u"&Dark palette"_s);
    m_dark->setCheckable(true);
    connect(m_dark, &QAction::toggled, this, [](bool dark) {
        applyAppPalette(dark);
        QSettings(u"ensemble"_s, u"window"_s).setValue(u"view/dark"_s, dark);
    });
    addAction(u"Save &screenshot…"_s, QKeySequence(u"Ctrl+Shift+S"_s), window, [window] {
        const QString path = QFileDialog::getSaveFileName(window, u"Save a screenshot"_s,
                                                          QDir::homePath() + u"/ensemble.png"_s, u"PNG (*.png)"_s);
        if (!path.isEmpty())
            window->saveScreenshot(path);
    });
    addAction(u"Ask again before every action"_s, this, [] {
        NodeActionConfirmation::resetDontAsk();
        CloseQuestion::resetDontAsk(); // and whether to keep an attached cluster running
    });
}

} // namespace ensemble::ui
