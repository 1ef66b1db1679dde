// Topics through KafkaClient: the list (partitions, replication factor, under-replicated partitions), a create
// dialog, describe (partition leader, replicas, ISR, and the topic's own configs), add partitions, and delete after
// a confirmation that names the topic.
#pragma once

#include "KafkaClient.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace ensemble::ui {

class TopicsPanel : public QWidget
{
    Q_OBJECT
  public:
    explicit TopicsPanel(KafkaClient *client, QWidget *parent = nullptr);

    // How many brokers the cluster has, for the create dialog's replication factor limit.
    void setBrokerCount(int brokers) { m_brokers = brokers; }
    // Tests and scripts: no dialogs (create/delete go ahead unasked; errors only show in the status line).
    void setUnattended(bool unattended) { m_unattended = unattended; }
    QString selectedTopic() const;
    QString statusText() const;
    QTableWidget *topicTable() const { return m_topics; }
    QTableWidget *partitionTable() const { return m_partitions; }

  public Q_SLOTS:
    void refresh();
    void describe(const QString &topic);
    void createTopic(const ensemble::TopicSpec &topic);
    void addPartitions(const QString &topic, int total);
    void deleteTopic(const QString &topic);

  private:
    void showStatus(const QString &text, bool error = false);
    void askCreate();
    void askAddPartitions();
    void askDelete();

    KafkaClient *m_client;
    QTableWidget *m_topics;
    QTableWidget *m_partitions;
    QTableWidget *m_configs;
    QLabel *m_status;
    QPushButton *m_add;
    QPushButton *m_delete;
    QList<TopicDescription> m_list;
    KafkaClient::JobId m_listJob = 0;
    KafkaClient::JobId m_describeJob = 0;
    QSet<KafkaClient::JobId> m_adminJobs; // create / add partitions / delete started here
    int m_brokers = 3;
    bool m_unattended = false;
};

} // namespace ensemble::ui
