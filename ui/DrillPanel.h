// The failover drill in the window (engine/FailoverDrill.h run as a KafkaClient job): rate and kill count (or chaos:
// duration and seed, as `ensemble drill --chaos`), a Run / Cancel button, the drill's steps as they happen, a running
// count of sent, acknowledged, refused, timed out and unknown messages, and the verdict with the same counts plus
// consumed, lost, duplicated — with the report copyable as JSON. Node actions and status go to the window's engine on
// its own thread; the drill's worker never blocks the window.
#pragma once

#include "DeliveryTally.h"
#include "KafkaClient.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace ensemble {
class ClusterSession;
}

namespace ensemble::ui {

class DrillPanel : public QWidget
{
    Q_OBJECT
  public:
    DrillPanel(KafkaClient *client, ClusterSession *engine, QWidget *parent = nullptr);
    ~DrillPanel() override;

    bool isRunning() const { return m_job != 0; }
    QString verdictText() const; // the headline and its figures, as one line
    QString stepsText() const;
    QString countsText() const;
    const DrillReport &lastReport() const { return m_report; }
    QSpinBox *rateBox() const { return m_rate; }
    QSpinBox *killsBox() const { return m_kills; }
    QCheckBox *chaosBox() const { return m_chaos; }
    QSpinBox *durationBox() const { return m_duration; }
    QLineEdit *seedEdit() const { return m_seed; }

  public Q_SLOTS:
    void run();
    void cancel();

  Q_SIGNALS:
    // ERROR is empty when the drill ran to its end.
    void finished(const ensemble::DrillReport &report, const QString &error);

  private:
    void onProgress(KafkaClient::JobId job, const QString &message);
    void onDelivered(KafkaClient::JobId job, const QList<DeliveryResult> &results);
    void onSent(KafkaClient::JobId job, qint64 sent);
    void onFinished(KafkaClient::JobId job, const DrillReport &report, const QString &error);
    // TEXT as the headline in COLOR, DETAILS (figures) beneath it in the normal size.
    void setVerdict(const QString &text, const QString &color, const QString &details = {});
    void updateButtons();

    KafkaClient *m_client;
    QPointer<ClusterSession> m_engine;
    QSpinBox *m_rate;
    QSpinBox *m_kills;
    QCheckBox *m_chaos;
    QSpinBox *m_duration;
    QLineEdit *m_seed;
    QPushButton *m_run;
    QPushButton *m_copy;
    QLabel *m_counts;
    QLabel *m_verdict;
    QLabel *m_details;
    QPlainTextEdit *m_steps;
    KafkaClient::JobId m_job = 0;
    QElapsedTimer m_clock;
    DeliveryTally m_tally; // the live line; the verdict reads the report, counted the same way
    DrillReport m_report;
    // Set when the panel goes away; the running drill's hooks (on its worker thread) then stop calling the engine.
    std::shared_ptr<std::atomic<bool>> m_closing = std::make_shared<std::atomic<bool>>(false);
};

} // namespace ensemble::ui
