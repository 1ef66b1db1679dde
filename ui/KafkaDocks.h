// The docks that talk to the running cluster as a Kafka client would: Produce, Consume, Topics, Traffic, Drill and
// Scenarios, and the KafkaClient they share; and the Quorum dock (KRaft), attached and detached with them. Their
// widgets exist while a cluster runs (built when first shown; a hint stands in otherwise). Teardown order matters:
// widgets (and a running drill) go before the client, the client before the engine.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QDockWidget;
class QMainWindow;
class QMenu;
class QScrollArea;
class QWidget;

namespace ensemble {
class ClusterSession;
class KafkaClient;
} // namespace ensemble

namespace ensemble::ui {

class DrillPanel;
class ScenariosPanel;
class QuorumDock;

class KafkaDocks : public QObject
{
    Q_OBJECT
  public:
    enum Dock { Produce, Consume, Topics, Charts, Drill, Scenarios, DockCount };

    // Adds the docks to WINDOW's right area, tabbed with TABWITH.
    KafkaDocks(QMainWindow *window, QDockWidget *tabWith);
    ~KafkaDocks() override;

    // A cluster started: a client for ENGINE's cluster; the charts gather from now on, visible docks are built.
    void attach(ClusterSession *engine);
    // Every widget replaced by its hint, then the client deleted (after its widgets: they hold jobs of it).
    void detach();
    // Ends produce, follow and drill jobs (on Stop: while the brokers still answer).
    void cancelAll();

    QDockWidget *dock(Dock which) const { return m_docks.at(which); }
    const QList<QDockWidget *> &docks() const { return m_docks; }
    // The widget of dock WHICH (inside a scroll area), built on first use; null when no cluster runs.
    QWidget *widget(Dock which);
    DrillPanel *drillPanel();
    QuorumDock *quorumDock() const { return m_quorum; }
    // Shows the Drill dock beside the charts and starts the drill; false when it cannot.
    bool runDrill();
    ScenariosPanel *scenariosPanel();
    // The Scenarios dock shown, lesson NAME chosen and played; false when it cannot start (the panel says why).
    bool runScenario(const QString &name);
    // The menu entries that show the Drill (Ctrl+D) and Scenarios (Ctrl+L) docks, added to MENU.
    void addMenuEntries(QMenu *menu);

  private:
    QWidget *build(Dock which, ClusterSession *owner);
    static QScrollArea *scrolling(QWidget *widget);
    void connectTopicRefresh(ClusterSession *engine, QObject *receiver, std::function<void()> refresh);

    QMainWindow *m_window;
    QList<QDockWidget *> m_docks;
    QPointer<ClusterSession> m_engine;
    QPointer<KafkaClient> m_client;
    QPointer<DrillPanel> m_drill;
    QPointer<ScenariosPanel> m_scenarios;
    QuorumDock *m_quorum = nullptr;
};

} // namespace ensemble::ui
