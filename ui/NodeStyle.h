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
// Black or white, whichever has the higher contrast on BACKGROUND (every state colour reaches 4.5:1).
QColor textColorOn(const QColor &background);
// The WCAG 2 contrast ratio of two colours, 1 to 21.
double contrastRatio(const QColor &a, const QColor &b);
// Draws the state's icon (check, hourglass, pause bars, square, cross, exclamation, arrow) inside RECT in COLOR.
void drawStateIcon(QPainter *painter, const QRectF &rect, NodeState state, const QColor &color);
// Shape beside colour, so a state reads without telling colours apart: the outline's pen (solid when up, dotted
// while starting, dashed when paused, dash-dot while stopping) and a hatch over a node that is not running.
Qt::PenStyle stateOutlineStyle(NodeState state);
Qt::BrushStyle stateHatch(NodeState state); // Qt::NoBrush for running states
// A round swatch with the icon, for lists and menus.
QIcon stateIcon(NodeState state);
QList<NodeState> allNodeStates();

} // namespace ensemble::ui
