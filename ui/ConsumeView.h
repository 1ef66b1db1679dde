// Follows a topic through KafkaClient: from the beginning, the end, an offset or a time; all partitions or one.
// Messages fill a table (partition, offset, timestamp, key, value, headers) with a search filter; the selected
// message is shown in full (JSON pretty-printed) and can be copied back into the produce form. Pause holds new
// messages back until resumed; the follow itself keeps running.
#pragma once

#include "KafkaClient.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace ensemble::ui {

class ConsumedMessageModel;

class ConsumeView : public QWidget
{
    Q_OBJECT
  public:
    explicit ConsumeView(KafkaClient *client, QWidget *parent = nullptr);
    ~ConsumeView() override;

    void setTopic(const QString &topic);
    void setStart(const ConsumeStart &start);
    bool isFollowing() const { return m_job != 0; }
    bool isPaused() const { return m_paused; }
    ConsumedMessageModel *messages() const { return m_model; }
    QSortFilterProxyModel *filtered() const { return m_filter; }
    QString statusText() const;
    // The full text shown for a message: headers, key and the value (JSON indented).
    static QString detailText(const ConsumedMessage &message);

  public Q_SLOTS:
    void follow();
    void stop();
    void setPaused(bool paused);
    void setSearch(const QString &text);
    void refreshTopics();

  Q_SIGNALS:
    void copyToForm(const ensemble::ConsumedMessage &message);

  private:
    void onMessages(KafkaClient::JobId job, const QList<ConsumedMessage> &messages);
    void onFinished(KafkaClient::JobId job, const QString &error);
    void showSelected();
    void updateStatus();

    KafkaClient *m_client;
    QComboBox *m_topic;
    QComboBox *m_from;
    QLineEdit *m_offset;
    QDateTimeEdit *m_time;
    QSpinBox *m_partition;
    QLineEdit *m_group;
    QPushButton *m_follow;
    QPushButton *m_pause;
    QLineEdit *m_search;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QPushButton *m_copy;
    QLabel *m_status;
    ConsumedMessageModel *m_model;
    QSortFilterProxyModel *m_filter;
    KafkaClient::JobId m_job = 0;
    QString m_problem; // what the running follow last ran into (a broker down...), until messages flow again
    KafkaClient::JobId m_topicsJob = 0;
    bool m_paused = false;
    QList<ConsumedMessage> m_held; // arrived while paused
    qint64 m_received = 0;
    QString m_error;
};

} // namespace ensemble::ui
