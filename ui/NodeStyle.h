// How a node's life-cycle state looks everywhere in the window: a fill colour, a small icon, a word. One place, so
// the canvas, the cluster tree and the legend agree.
#pragma once

#include "NodeState.h"

#include <QColor>
#include <QIcon>
#include <QRectF>

class QPainter;

namespace ensemble::ui {

QColor stateColor(NodeState state);
// Black or white, whichever reads better on BACKGROUND.
QColor textColorOn(const QColor &background);
// Draws the state's icon (check, hourglass, pause bars, square, cross, exclamation, arrow) inside RECT in COLOR.
void drawStateIcon(QPainter *painter, const QRectF &rect, NodeState state, const QColor &color);
// A round swatch with the icon, for lists and menus.
QIcon stateIcon(NodeState state);
QList<NodeState> allNodeStates();

} // namespace ensemble::ui
