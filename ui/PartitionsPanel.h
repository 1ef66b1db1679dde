// The Partitions dock: every partition's leader, replicas and ISR (a PartitionModel), with a topic filter and
// internal topics (__consumer_offsets and other names starting with "__") hidden unless asked for.
#pragma once

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace ensemble::ui {

class PartitionModel;

class PartitionsPanel : public QWidget
{
    Q_OBJECT
  public:
    explicit PartitionsPanel(PartitionModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QSortFilterProxyModel *shownRows() const { return m_proxy; }
    bool internalTopicsShown() const;
    void setInternalTopicsShown(bool shown);
    void setTopicFilter(const QString &text);
    static bool isInternalTopic(const QString &topic) { return topic.startsWith(u"__"); }

  Q_SIGNALS:
    void internalTopicsShownChanged(bool shown);

  private:
    void applyFilter();

    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QCheckBox *m_internal;
    QTableView *m_table;
};

} // namespace ensemble::ui
