#include "KafkaDocks.h"

#include "ClusterSession.h"
#include "ConsumeView.h"
#include "DrillPanel.h"
#include "KafkaClient.h"
#include "ProduceForm.h"
#include "QuorumDock.h"
#include "ScenariosPanel.h"
#include "TopicsPanel.h"
#include "TrafficCharts.h"

#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QScrollArea>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const char *const kBuiltProperty = "ensembleKafkaWidget";
}

KafkaDocks::KafkaDocks(QMainWindow *window, QDockWidget *tabWith) : QObject(window), m_window(window)
{
    // Split off Partitions before the tabs join it: a dock in a tab group can only gain tabs, not neighbours.
    m_quorum = new QuorumDock(window, tabWith);
    QDockWidget *previous = tabWith;
    for (const auto &[name, title] :
         {std::pair{u"ProduceDock"_s, u"Produce"_s}, std::pair{u"ConsumeDock"_s, u"Consume"_s},
          std::pair{u"TopicsDock"_s, u"Topics"_s}, std::pair{u"ChartsDock"_s, u"Traffic"_s},
          std::pair{u"DrillDock"_s, u"Drill"_s}, std::pair{u"ScenariosDock"_s, u"Scenarios"_s}}) {
        auto *dock = new QDockWidget(title, window);
        dock->setObjectName(name);
        window->addDockWidget(Qt::RightDockWidgetArea, dock);
        window->tabifyDockWidget(previous, dock);
        previous = dock;
        const auto which = Dock(m_docks.size());
        connect(dock, &QDockWidget::visibilityChanged, this, [this, which](bool visible) {
            if (visible)
                widget(which);
        });
        m_docks.append(dock);
    }
    detach();
}

KafkaDocks::~KafkaDocks()
{
    // A drill or lesson still running calls into the engine until its job has ended, which deleting the client
    // waits for.
    if (m_drill)
        m_drill->cancel();
    if (m_scenarios)
        m_scenarios->cancel();
    for (QDockWidget *dock : std::as_const(m_docks))
        delete dock->widget();
    delete m_client.data();
}

void KafkaDocks::attach(ClusterSession *engine)
{
    detach();
    m_engine = engine;
    m_quorum->attach(engine);
    m_client = new KafkaClient(engine->layout().bootstrapServers(), this);
    // The charts gather figures from the start (they build their QCharts only when first shown). The other four
    // are built when their tab is first shown (or asked for): building them all when Start is pressed held the
    // UI thread for tens of milliseconds.
    auto *charts = new TrafficCharts;
    charts->attachClient(m_client);
    charts->attachEngine(engine);
    delete m_docks[Charts]->widget();
    m_docks[Charts]->setWidget(scrolling(charts));
    for (Dock which : {Produce, Consume, Topics, Drill, Scenarios})
        if (!m_docks[which]->visibleRegion().isEmpty()) // on screen: not a hidden tab, not closed
            QTimer::singleShot(0, this, [this, which] { widget(which); });
}

void KafkaDocks::cancelAll()
{
    if (m_drill)
        m_drill->cancel();
    if (m_scenarios)
        m_scenarios->cancel();
    if (m_client)
        m_client->cancelAll();
}

void KafkaDocks::detach()
{
    m_quorum->detach();
    if (m_drill)
        m_drill->cancel();
    if (m_scenarios)
        m_scenarios->cancel();
    for (QDockWidget *dock : std::as_const(m_docks)) {
        auto *hint = new QLabel(u"Start the cluster to use %1."_s.arg(dock->windowTitle().toLower()));
        hint->setAlignment(Qt::AlignCenter);
        hint->setWordWrap(true);
        hint->setEnabled(false);
        delete dock->widget();
        dock->setWidget(hint);
    }
    // After its widgets (they hold jobs of it), and without waiting: an admin call to stopped brokers may take its
    // 15 s timeout to return.
    if (m_client)
        m_client->deleteWhenIdle();
    m_engine = nullptr;
}

QWidget *KafkaDocks::widget(Dock which)
{
    if (!m_client || !m_engine || which >= DockCount)
        return nullptr;
    QWidget *current = m_docks[which]->widget();
    if (auto *scroll = qobject_cast<QScrollArea *>(current); scroll && scroll->property(kBuiltProperty).toBool())
        return scroll->widget();
    if (which == Charts)
        return nullptr; // built by attach()
    QWidget *built = build(which, m_engine);
    delete current;
    m_docks[which]->setWidget(scrolling(built));
    return built;
}

QScrollArea *KafkaDocks::scrolling(QWidget *widget)
{
    // On a small screen the dock shrinks below the widget's own minimum and scrolls, instead of forcing the window
    // past the screen's edge.
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(widget);
    scroll->setProperty(kBuiltProperty, true);
    return scroll;
}

QWidget *KafkaDocks::build(Dock which, ClusterSession *owner)
{
    const int brokers = int(owner->layout().brokers().size());
    switch (which) {
    case Produce: {
        auto *produce = new ProduceForm(m_client);
        produce->setBrokerCount(brokers);
        connectTopicRefresh(owner, produce, [produce] { produce->refreshTopics(); });
        return produce;
    }
    case Consume: {
        auto *consume = new ConsumeView(m_client);
        connect(consume, &ConsumeView::copyToForm, this, [this](const ConsumedMessage &message) {
            if (auto *produce = qobject_cast<ProduceForm *>(widget(Produce))) {
                produce->loadMessage(message);
                m_docks[Produce]->raise();
            }
        });
        connectTopicRefresh(owner, consume, [consume] { consume->refreshTopics(); });
        return consume;
    }
    case Topics: {
        auto *topics = new TopicsPanel(m_client);
        topics->setBrokerCount(brokers);
        connectTopicRefresh(owner, topics, [topics] { topics->refresh(); });
        return topics;
    }
    case Scenarios:
        m_scenarios = new ScenariosPanel(m_client, owner);
        return m_scenarios;
    case Drill:
    default:
        m_drill = new DrillPanel(m_client, owner);
        return m_drill;
    }
}

void KafkaDocks::connectTopicRefresh(ClusterSession *engine, QObject *receiver, std::function<void()> refresh)
{
    // Built before any broker answers, or while topics come and go: the topic lists are fetched again once the
    // cluster is healthy and whenever a topic is created or deleted.
    connect(engine, &ClusterSession::eventEmitted, receiver, [refresh = std::move(refresh)](const ClusterEvent &e) {
        if (e.kind == EventKind::ClusterHealthy || e.kind == EventKind::TopicCreated ||
            e.kind == EventKind::TopicDeleted)
            refresh();
    });
}

DrillPanel *KafkaDocks::drillPanel()
{
    widget(Drill);
    return m_drill.data();
}

bool KafkaDocks::runDrill()
{
    widget(Drill);
    if (!m_drill || m_drill->isRunning() || !m_engine)
        return false;
    QDockWidget *drill = m_docks[Drill];
    QDockWidget *charts = m_docks[Charts];
    if (m_window->tabifiedDockWidgets(drill).contains(charts)) {
        // Both at once, so the charts show what the drill does: the charts leave the tabs for their own place
        // below them in the right-hand area. The drill keeps the height its settings, verdict and a few steps
        // need (on a laptop's 768 lines a fixed share left the verdict below the fold), the charts the rest.
        // A dock never shown yet has no real geometry: then the tab group's visible member measures the column.
        const QDockWidget *shown = drill;
        for (QDockWidget *dock : m_window->tabifiedDockWidgets(drill))
            if (!dock->visibleRegion().isEmpty())
                shown = dock;
        const int column = shown->height();
        const int tabsAndTitle = shown->widget() ? std::clamp(shown->height() - shown->widget()->height(), 0, 80) : 40;
        const int wanted = std::min(m_drill->sizeHint().height() + tabsAndTitle + 8, column * 3 / 5);
        m_window->removeDockWidget(charts);
        m_window->addDockWidget(Qt::RightDockWidgetArea, charts, Qt::Vertical);
        if (column > 200 && wanted > 0)
            m_window->resizeDocks({drill, charts}, {wanted, column - wanted}, Qt::Vertical);
        else
            m_window->resizeDocks({drill, charts}, {2, 3}, Qt::Vertical);
    }
    for (QDockWidget *dock : {charts, drill}) {
        dock->show();
        dock->raise();
    }
    m_drill->run();
    return m_drill->isRunning();
}

ScenariosPanel *KafkaDocks::scenariosPanel()
{
    widget(Scenarios);
    return m_scenarios.data();
}

bool KafkaDocks::runScenario(const QString &name)
{
    m_docks[Scenarios]->show();
    m_docks[Scenarios]->raise();
    if (!scenariosPanel() || !m_scenarios->select(name))
        return false;
    m_scenarios->run();
    return m_scenarios->isRunning();
}

void KafkaDocks::addMenuEntries(QMenu *menu)
{
    QAction *drill = menu->addAction(u"Failover &drill…"_s, QKeySequence(u"Ctrl+D"_s), this, [this] {
        m_docks[Drill]->show();
        m_docks[Drill]->raise();
    });
    drill->setToolTip(u"Produce with acks=all while the leader broker is killed twice, then check that nothing "
                      "acknowledged was lost"_s);
    QAction *lessons = menu->addAction(u"Sce&narios (guided lessons)…"_s, QKeySequence(u"Ctrl+L"_s), this, [this] {
        m_docks[Scenarios]->show();
        m_docks[Scenarios]->raise();
    });
    lessons->setToolTip(u"Lessons that break the cluster step by step, say what should happen, and check it"_s);
}

} // namespace ensemble::ui
