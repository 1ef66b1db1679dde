#include "NodeMenu.h"

#include "TopologyView.h"

using namespace Qt::StringLiterals;

namespace ensemble::ui {

NodeMenu::NodeMenu(TopologyView *topology, QWidget *parent) : QMenu(u"&Node"_s, parent), m_topology(topology)
{
    connect(this, &QMenu::aboutToShow, this, &NodeMenu::rebuild);
}

void NodeMenu::rebuild()
{
    clear();
    delete m_source.data();
    const QString node = m_topology->selectedNode();
    if (node.isEmpty()) {
        addAction(u"Select a node first (click it, or Tab to it)"_s)->setEnabled(false);
        return;
    }
    m_source = m_topology->createNodeMenu(node, this);
    addActions(m_source->actions());
}

} // namespace ensemble::ui
