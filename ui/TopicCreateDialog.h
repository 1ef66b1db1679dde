// Asks for a new topic: name, partitions, replication factor and configs (min.insync.replicas, retention...).
#pragma once

#include "ClusterSpec.h"

#include <QDialog>

class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace ensemble::ui {

class TopicCreateDialog : public QDialog
{
    Q_OBJECT
  public:
    explicit TopicCreateDialog(int brokers, QWidget *parent = nullptr);
    TopicSpec topic() const;

  private:
    QLineEdit *m_name;
    QSpinBox *m_partitions;
    QSpinBox *m_replication;
    QTableWidget *m_configs;
};

} // namespace ensemble::ui
