// The menu bar's Node menu: the selected node's actions, the same as the canvas's node menu (built afresh each time
// it opens, so it always acts on the node selected now).
#pragma once

#include <QMenu>
#include <QPointer>

namespace ensemble::ui {

class TopologyView;

class NodeMenu : public QMenu
{
    Q_OBJECT
  public:
    NodeMenu(TopologyView *topology, QWidget *parent);

  private:
    void rebuild();

    TopologyView *m_topology;
    QPointer<QMenu> m_source; // the canvas's menu for the selected node, whose actions this menu shows
};

} // namespace ensemble::ui
