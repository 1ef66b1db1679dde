// The topology canvas: shows a TopologyScene with zoom (wheel, Ctrl +/-, Ctrl 0 to fit) and pan (drag), node tooltips,
// and the node actions (context menu and keys on the selected node). Actions are requested through signals; the window
// decides (confirmation) and calls the engine.
#pragma once

#include "Engine.h"

#include <QGraphicsView>
#include <functional>

namespace ensemble::ui {

class ClusterFeed;
class TopologyScene;

class TopologyView : public QGraphicsView
{
    Q_OBJECT
  public:
    explicit TopologyView(QWidget *parent = nullptr);

    TopologyScene *topologyScene() const { return m_scene; }
    void setFeed(ClusterFeed *feed);
    // Cluster time now, for tooltips ("up for 2 min"); defaults to the feed's last event.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    // Actions are offered only while a live cluster runs (not during a replay).
    void setActionsEnabled(bool enabled) { m_actionsEnabled = enabled; }
    QString selectedNode() const;
    void selectNode(const QString &name);
    void zoomBy(double factor);
    void fitAll();
    // The node keys (K kill, S stop, P pause/resume, R restart, T start, L logs, Ctrl+C address) acting on NODE;
    // false when EVENT is not one of them. The cluster tree uses them too.
    bool handleNodeKey(const QString &node, QKeyEvent *event);
    // The node menu for NODE (exposed so tests can inspect and trigger its actions).
    QMenu *createNodeMenu(const QString &node, QWidget *parent);

  Q_SIGNALS:
    void actionRequested(ensemble::NodeAction action, const QString &node);
    void logsRequested(const QString &node);
    void addressCopied(const QString &address);
    void nodeSelected(const QString &node);

  protected:
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool focusNextPrevChild(bool next) override;
    void resizeEvent(QResizeEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

  private:
    QString nodeAt(const QPoint &viewPos) const;
    QString addressOf(const QString &node) const;
    void applyPalette();

    TopologyScene *m_scene;
    QMetaObject::Connection m_fitOnReset; // the shown feed's resetDone -> fitAll
    std::function<qint64()> m_clock;
    bool m_userZoomed = false;
    bool m_actionsEnabled = true;
};

} // namespace ensemble::ui
