#include "QuorumDock.h"

#include "Engine.h"
#include "QuorumPanel.h"

#include <QMainWindow>

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

void QuorumDock::attach(Engine *engine)
{
    detach();
    if (engine->spec().mode != ClusterMode::KRaft) {
        hide();
        return;
    }
    if (engine->state().quorumFigures().isValid())
        m_panel->setFigures(engine->state().quorumFigures());
    m_connections = {connect(engine, &Engine::quorumFiguresChanged, m_panel, &QuorumPanel::setFigures),
                     connect(engine, &Engine::quorumFiguresUnavailable, m_panel, &QuorumPanel::setUnavailable)};
    show();
}

void QuorumDock::detach()
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_panel->clear();
}

} // namespace ensemble::ui
