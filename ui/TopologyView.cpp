#include "TopologyView.h"

#include "ClusterFeed.h"
#include "NodeItem.h"
#include "NodeStyle.h"
#include "TopologyScene.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QShortcut>
#include <QToolTip>
#include <QWheelEvent>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

TopologyView::TopologyView(QWidget *parent) : QGraphicsView(parent), m_scene(new TopologyScene(this))
{
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(260, 180); // a 1024 × 600 window still shows the docks around it
    applyPalette();
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] { Q_EMIT nodeSelected(selectedNode()); });
    auto *zoomIn = new QShortcut(QKeySequence::ZoomIn, this, [this] { zoomBy(1.2); });
    auto *zoomIn2 = new QShortcut(QKeySequence(u"Ctrl+="_s), this, [this] { zoomBy(1.2); });
    auto *zoomOut = new QShortcut(QKeySequence::ZoomOut, this, [this] { zoomBy(1 / 1.2); });
    auto *fit = new QShortcut(QKeySequence(u"Ctrl+0"_s), this, [this] { fitAll(); });
    for (QShortcut *s : {zoomIn, zoomIn2, zoomOut, fit})
        s->setContext(Qt::WidgetWithChildrenShortcut);
}

void TopologyView::setFeed(ClusterFeed *feed)
{
    m_scene->setFeed(feed);
    // One connection at a time: the window switches between the live and the replay feed many times.
    disconnect(m_fitOnReset);
    if (feed)
        m_fitOnReset = connect(feed, &ClusterFeed::resetDone, this, [this] {
            if (!m_userZoomed)
                fitAll();
        });
    if (!m_userZoomed)
        fitAll();
}

QString TopologyView::selectedNode() const
{
    for (QGraphicsItem *item : m_scene->selectedItems())
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item)->name();
    return {};
}

void TopologyView::selectNode(const QString &name)
{
    m_scene->clearSelection();
    if (NodeItem *item = m_scene->nodeItem(name)) {
        item->setSelected(true);
        item->setFocus();
    }
}

void TopologyView::zoomBy(double factor)
{
    const double current = transform().m11();
    if ((current > 4 && factor > 1) || (current < 0.2 && factor < 1))
        return;
    m_userZoomed = true;
    scale(factor, factor);
}

void TopologyView::fitAll()
{
    m_userZoomed = false;
    if (!m_scene->sceneRect().isEmpty())
        fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    // Never blow small clusters up past their natural size.
    if (transform().m11() > 1.25)
        setTransform(QTransform::fromScale(1.25, 1.25));
}

void TopologyView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (!m_userZoomed)
        fitAll();
}

void TopologyView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0)
        return QGraphicsView::wheelEvent(event);
    zoomBy(std::pow(1.0015, delta));
    event->accept();
}

QString TopologyView::nodeAt(const QPoint &viewPos) const
{
    for (QGraphicsItem *item : items(viewPos))
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item)->name();
    return {};
}

QString TopologyView::addressOf(const QString &node) const
{
    if (!m_scene->feed())
        return {};
    const NodeLayout *n = m_scene->feed()->layout().find(node);
    return n ? u"%1:%2"_s.arg(m_scene->feed()->layout().host).arg(n->clientPort) : QString();
}

QMenu *TopologyView::createNodeMenu(const QString &node, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    const NodeStatus *status = m_scene->feed() ? m_scene->feed()->state().node(node) : nullptr;
    const NodeState state = status ? status->state : NodeState::Stopped;
    const bool running = isRunning(state);
    auto add = [&](const QString &text, const QString &keys, NodeAction action, bool enabled) {
        QAction *a = menu->addAction(text, this, [this, action, node] { Q_EMIT actionRequested(action, node); });
        a->setShortcut(QKeySequence(keys));
        a->setEnabled(enabled && m_actionsEnabled);
        a->setData(toString(action));
        return a;
    };
    menu->addSection(node);
    add(u"Kill (SIGKILL)"_s, u"K"_s, NodeAction::Kill, running);
    add(u"Stop (graceful)"_s, u"S"_s, NodeAction::Stop, running && state != NodeState::Stopping);
    if (state == NodeState::Paused)
        add(u"Resume (SIGCONT)"_s, u"P"_s, NodeAction::Resume, true);
    else
        add(u"Pause (SIGSTOP)"_s, u"P"_s, NodeAction::Pause, running);
    add(u"Restart"_s, u"R"_s, NodeAction::Restart, true);
    add(u"Start"_s, u"T"_s, NodeAction::Start, !running);
    menu->addSeparator();
    QAction *logs = menu->addAction(u"Show logs"_s, this, [this, node] { Q_EMIT logsRequested(node); });
    logs->setShortcut(QKeySequence(u"L"_s));
    QAction *copy = menu->addAction(u"Copy address"_s, this, [this, node] {
        const QString address = addressOf(node);
        QApplication::clipboard()->setText(address);
        Q_EMIT addressCopied(address);
    });
    copy->setShortcut(QKeySequence::Copy);
    return menu;
}

void TopologyView::contextMenuEvent(QContextMenuEvent *event)
{
    const QString node = nodeAt(event->pos());
    if (node.isEmpty())
        return QGraphicsView::contextMenuEvent(event);
    selectNode(node);
    QMenu *menu = createNodeMenu(node, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

bool TopologyView::focusNextPrevChild(bool next)
{
    // Tab and Shift+Tab walk the nodes in layout order (the scene's own tab chain knows only QGraphicsWidgets);
    // past the last (or first) node, focus leaves the canvas as usual.
    const QList<NodeItem *> nodes = m_scene->nodeItems();
    qsizetype at = -1;
    for (qsizetype i = 0; i < nodes.size(); ++i)
        if (nodes[i]->name() == selectedNode())
            at = i;
    const qsizetype to = at < 0 ? (next ? 0 : nodes.size() - 1) : at + (next ? 1 : -1);
    if (!hasFocus() || to < 0 || to >= nodes.size())
        return QGraphicsView::focusNextPrevChild(next);
    selectNode(nodes[to]->name());
    ensureVisible(nodes[to]);
    return true;
}

void TopologyView::keyPressEvent(QKeyEvent *event)
{
    if (!handleNodeKey(selectedNode(), event))
        QGraphicsView::keyPressEvent(event);
}

bool TopologyView::handleNodeKey(const QString &node, QKeyEvent *event)
{
    if (node.isEmpty() || event->modifiers() & (Qt::AltModifier | Qt::MetaModifier))
        return false;
    if (event->matches(QKeySequence::Copy)) {
        const QString address = addressOf(node);
        QApplication::clipboard()->setText(address);
        Q_EMIT addressCopied(address);
        return true;
    }
    if (event->modifiers() & Qt::ControlModifier)
        return false;
    const NodeStatus *status = m_scene->feed() ? m_scene->feed()->state().node(node) : nullptr;
    const bool paused = status && status->state == NodeState::Paused;
    std::optional<NodeAction> action;
    switch (event->key()) {
    case Qt::Key_K:
        action = NodeAction::Kill;
        break;
    case Qt::Key_S:
        action = NodeAction::Stop;
        break;
    case Qt::Key_P:
        action = paused ? NodeAction::Resume : NodeAction::Pause;
        break;
    case Qt::Key_R:
        action = NodeAction::Restart;
        break;
    case Qt::Key_T:
        action = NodeAction::Start;
        break;
    case Qt::Key_L:
        Q_EMIT logsRequested(node);
        return true;
    default:
        return false;
    }
    if (m_actionsEnabled)
        Q_EMIT actionRequested(*action, node);
    return true;
}

bool TopologyView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString node = nodeAt(help->pos());
        if (node.isEmpty()) {
            QToolTip::hideText();
        } else {
            const qint64 now = m_clock ? m_clock()
                               : (m_scene->feed() && !m_scene->feed()->events().isEmpty())
                                   ? m_scene->feed()->events().constLast().timeMs
                                   : 0;
            QToolTip::showText(help->globalPos(), m_scene->tooltipFor(node, now), this);
        }
        return true;
    }
    return QGraphicsView::viewportEvent(event);
}

void TopologyView::applyPalette()
{
    setBackgroundBrush(palette().color(QPalette::Base));
    m_scene->setPalette(palette());
    m_scene->refresh();
}

void TopologyView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QGraphicsView::changeEvent(event);
}

} // namespace ensemble::ui
