// The guided failover lessons in the window (engine/ScenarioRunner.h played as a KafkaClient job): the list of
// lessons (those this cluster cannot run greyed, saying why), the chosen one's description and steps, Run /
// Cancel, the narration before and after each step, each step ticking or failing as it happens with what was
// seen, and the verdict. Node actions and status go to the window's engine on its own thread with a timeout, so
// the lesson's worker never blocks the window and a window that goes away never leaves it waiting.
#pragma once

#include "KafkaClient.h"
#include "Scenario.h"

#include <QList>
#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QListWidget;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace ensemble {
class ClusterSession;
}

namespace ensemble::ui {

class ScenariosPanel : public QWidget
{
    Q_OBJECT
  public:
    ScenariosPanel(KafkaClient *client, ClusterSession *engine, QWidget *parent = nullptr);
    ~ScenariosPanel() override;

    bool isRunning() const { return m_job != 0; }
    // Selects the lesson NAME (false when there is none by that name).
    bool select(const QString &name);
    QString selected() const;
    // Why the selected lesson cannot run on this cluster (empty when it can).
    QString whyNot() const;
    QString verdictText() const;
    QString narrationText() const;
    // One line per step: "✓ 2. kill zookeeper-leader — kill zookeeper-2 (zookeeper-leader)"; "·" not run yet.
    QStringList stepLines() const;
    const ScenarioReport &lastReport() const { return m_report; }

  public Q_SLOTS:
    void run();
    void cancel();

  Q_SIGNALS:
    // ERROR is empty when the lesson ran to its end (REPORT.passed says whether every expectation held).
    void finished(const ensemble::ScenarioReport &report, const QString &error);

  private:
    void showLesson();
    void onStep(KafkaClient::JobId job, const ScenarioStepResult &result, bool done);
    void onNarration(KafkaClient::JobId job, const QString &line);
    void onFinished(KafkaClient::JobId job, const ScenarioReport &report, const QString &error);
    void setVerdict(const QString &text, const QString &color);
    void updateButtons();

    KafkaClient *m_client;
    QPointer<ClusterSession> m_engine;
    QList<Scenario> m_lessons;
    QListWidget *m_list;
    QLabel *m_about;
    QPushButton *m_run;
    QLabel *m_narration;
    QTreeWidget *m_steps;
    QLabel *m_verdict;
    KafkaClient::JobId m_job = 0;
    ScenarioReport m_report;
    // Set when the panel goes away; the running lesson's hooks (on its worker thread) then stop calling the engine.
    std::shared_ptr<std::atomic<bool>> m_closing = std::make_shared<std::atomic<bool>>(false);
};

} // namespace ensemble::ui
