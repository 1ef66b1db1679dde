// The produce form: topic (pick or type; offers to create a missing one), key, value (text or JSON, validated as
// you type, Pretty button), headers, partition, acks, compression, count, rate, placeholders, saved templates and
// the last form remembered. Produce sends count messages; Keep producing runs until Stop. Every delivery report
// lands in the results table, with totals. All Kafka work goes through KafkaClient; the form holds no cluster logic.
#pragma once

#include "KafkaClient.h"
#include "ProduceFormInput.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;

namespace ensemble::ui {

class ProduceResultsModel;

class ProduceForm : public QWidget
{
    Q_OBJECT
  public:
    explicit ProduceForm(KafkaClient *client, QWidget *parent = nullptr);
    ~ProduceForm() override;

    ProduceFormInput input() const;
    void setInput(const ProduceFormInput &input);
    // What stops the form from sending, as shown under it; empty when it can send.
    QString problemText() const;
    bool isProducing() const { return m_job != 0; }

    // Saved templates (ProduceTemplates), by name.
    QStringList templateNames() const;
    void saveTemplate(const QString &name);
    bool loadTemplate(const QString &name);
    void deleteTemplate(const QString &name);

    ProduceResultsModel *results() const { return m_results; }
    QPushButton *produceButton() const { return m_produce; }
    QPushButton *keepProducingButton() const { return m_keep; }
    qint64 acked() const { return m_acked; }
    qint64 failed() const { return m_failed; }

    // How many brokers the cluster has: the "create it" offer defaults to replication factor min(3, brokers).
    void setBrokerCount(int brokers);

  public Q_SLOTS:
    // Sends what the form says (count messages), or with KEEP until stop(). Refused, with the reason shown, when
    // the input is invalid or a run is in progress.
    bool produce();
    bool keepProducing();
    void stop();
    void refreshTopics();
    // Fills key, value and headers from a consumed message ("copy to form").
    void loadMessage(const ensemble::ConsumedMessage &message);
    // Indents a JSON value (placeholders kept as they are); says why not when it is not JSON.
    void prettyPrint();

  Q_SIGNALS:
    void produceStarted(ensemble::KafkaClient::JobId job);
    void produceFinished(const ensemble::ProduceSummary &summary);

  private:
    void buildTopicRows(QFormLayout *form);
    void buildMessageRows(QFormLayout *form);
    void buildDeliveryRows(QFormLayout *form);
    void buildTemplateRow(QFormLayout *form);
    void buildResults();
    void connectInputs();
    void connectClient();
    bool start(bool keep);
    void revalidate();
    void updateMissingTopic();
    void updateTotals();
    void insertPlaceholder(const QString &text);
    void rememberLastForm() const;
    void reloadTemplateList();
    void onDelivered(KafkaClient::JobId job, const QList<DeliveryResult> &results);
    void onFinished(KafkaClient::JobId job, const ProduceSummary &summary);

    KafkaClient *m_client;
    QComboBox *m_topic;
    QWidget *m_missingTopic;
    QLabel *m_missingTopicLabel;
    QSpinBox *m_newPartitions;
    QSpinBox *m_newReplication;
    QCheckBox *m_hasKey;
    QLineEdit *m_key;
    QComboBox *m_valueType;
    QPlainTextEdit *m_value;
    QTableWidget *m_headers;
    QSpinBox *m_partition;
    QComboBox *m_acks;
    QComboBox *m_compression;
    QSpinBox *m_count;
    QSpinBox *m_rate;
    QCheckBox *m_literal;
    QComboBox *m_templates;
    QLabel *m_problem;
    QPushButton *m_produce;
    QPushButton *m_keep;
    QLabel *m_totals;
    QTableView *m_resultsView;
    ProduceResultsModel *m_results;
    QStringList m_knownTopics;
    bool m_topicsKnown = false;
    KafkaClient::JobId m_job = 0;
    KafkaClient::JobId m_topicsJob = 0;
    KafkaClient::JobId m_createJob = 0;
    bool m_keepMode = false;
    qint64 m_sent = 0, m_acked = 0, m_failed = 0;
    QString m_lastError;
    qint64 m_requested = 0, m_refused = 0, m_timedOut = 0; // requested: 0 = until stopped
};

} // namespace ensemble::ui
