#include "ClusterStatusBar.h"

#include "ClusterState.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

ClusterStatusBar::ClusterStatusBar(QWidget *parent)
    : QStatusBar(parent), m_state(new QLabel(this)), m_progress(new QProgressBar(this)), m_bootstrap(new QLabel(this)),
      m_copy(new QToolButton(this)), m_controller(new QLabel(this)), m_leader(new QLabel(this))
{
    setObjectName(u"ClusterStatusBar"_s);
    m_progress->setMaximumWidth(160);
    m_progress->setFormat(u"%v of %m nodes up"_s);
    m_progress->hide();
    m_bootstrap->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copy->setText(u"Copy"_s);
    m_copy->setToolTip(u"Copy the bootstrap servers (for a Kafka client's bootstrap.servers)"_s);
    m_copy->setAutoRaise(true);
    connect(m_copy, &QToolButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_bootstrapServers);
        showMessage(u"Copied the bootstrap servers"_s, 3000);
    });
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_state, m_progress, m_bootstrap, m_copy, m_controller, m_leader})
        addPermanentWidget(w);
}

void ClusterStatusBar::showState(const ClusterState &state, Phase phase)
{
    int up = 0;
    for (const NodeStatus &n : state.nodes())
        up += n.state == NodeState::Up ? 1 : 0;
    const int total = int(state.nodes().size());
    const bool running = phase == Phase::Starting || phase == Phase::Running || phase == Phase::Stopping;
    QString text;
    switch (phase) {
    case Phase::Stopped:
        text = u"Stopped"_s;
        break;
    case Phase::Replay:
        text = u"Replaying a saved run"_s;
        break;
    case Phase::Starting:
        text = u"Starting…"_s;
        break;
    case Phase::Running:
        text = up == total ? u"Healthy"_s : u"Running — %1 of %2 nodes up"_s.arg(up).arg(total);
        break;
    case Phase::Stopping:
        text = u"Stopping…"_s;
        break;
    }
    m_state->setText(u"<b>%1</b>"_s.arg(text));
    m_progress->setVisible(phase == Phase::Starting);
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(up);
    m_bootstrapServers = running ? state.layout().bootstrapServers() : QString();
    m_bootstrap->setText(u"Bootstrap: %1"_s.arg(running ? m_bootstrapServers : u"-"_s));
    m_copy->setEnabled(running);
    // ZooKeeper mode: a broker; KRaft: the active controller (a controller's node.id, or a combined node's).
    const NodeLayout *controller = state.layout().kraftControllers().isEmpty()
                                       ? state.layout().brokerById(state.controller()) // ZooKeeper ids repeat brokers'
                                       : state.layout().findById(state.controller());
    m_controller->setText(u"Controller: %1"_s.arg(controller && running ? controller->name : u"-"_s));
    m_leader->setText(
        u"Quorum leader: %1"_s.arg(!state.quorumLeader().isEmpty() && running ? state.quorumLeader() : u"-"_s));
}

QString ClusterStatusBar::text() const
{
    return QStringList{m_state->text(), m_bootstrap->text(), m_controller->text(), m_leader->text()}.join(u" | "_s);
}

} // namespace ensemble::ui
