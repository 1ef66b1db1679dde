#include "QuorumDock.h"

#include "ClusterSession.h"
#include "QuorumPanel.h"

#include <QHeaderView>
#include <QMainWindow>
#include <QTableWidget>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

QuorumDock::QuorumDock(QMainWindow *window, QDockWidget *tabWith)
    : QDockWidget(u"Quorum"_s, window), m_panel(new QuorumPanel(this))
{
    setObjectName(u"QuorumDock"_s);
    setWidget(m_panel);
    // Below Partitions, not a tab behind it: a failover is read in both at once.
    window->addDockWidget(Qt::RightDockWidgetArea, this);
    window->splitDockWidget(tabWith, this, Qt::Vertical);
    hide();
}

void QuorumDock::attach(ClusterSession *engine)
{
    detach();
    if (engine->spec().mode != ClusterMode::KRaft) {
        hide();
        return;
    }
    if (engine->state().quorumFigures().isValid())
        m_panel->setFigures(engine->state().quorumFigures());
    const auto showDown = [this, engine] {
        QSet<QString> down;
        for (const NodeStatus &n : engine->state().nodes())
            if (n.state != NodeState::Up)
                down.insert(n.layout.name);
        m_panel->setDownNodes(down);
    };
    showDown();
    m_connections = {connect(engine, &ClusterSession::quorumFiguresChanged, m_panel, &QuorumPanel::setFigures),
                     connect(engine, &ClusterSession::quorumFiguresUnavailable, m_panel, &QuorumPanel::setUnavailable),
                     connect(engine, &ClusterSession::eventEmitted, m_panel, [showDown](const ClusterEvent &e) {
                         if (e.kind == EventKind::NodeState)
                             showDown();
                     })};
    show();
    // Room for every replica's row (voters and observers: every node) without scrolling, Partitions the rest.
    if (auto *window = qobject_cast<QMainWindow *>(parentWidget())) {
        const int rows = int(engine->layout().nodes.size()) + 1; // and the header
        window->resizeDocks({this}, {m_panel->table()->verticalHeader()->defaultSectionSize() * rows + 90},
                            Qt::Vertical);
    }
}

void QuorumDock::detach()
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_panel->clear();
}

} // namespace ensemble::ui
