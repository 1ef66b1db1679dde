// The partitions table: one row per topic partition with its leader, replicas and ISR. A cell that changes flashes
// for a moment and its tooltip says what it was before; under-replicated partitions (ISR shorter than the replica
// list, or no leader) stand out, and those below min.insync.replicas carry a warning sign: they refuse acks=all.
#pragma once

#include "ClusterEvent.h"
#include "MinIsrCheck.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>

namespace ensemble {
class ClusterSession;
}

namespace ensemble::ui {

class ClusterFeed;

class PartitionModel : public QAbstractTableModel
{
    Q_OBJECT
  public:
    enum Column { Topic, Partition, Leader, Replicas, Isr, ColumnCount };
    static constexpr int kFlashMs = 2000;
    // Extra roles for tests and delegates.
    // RefusesWritesRole: the ISR is below the topic's min.insync.replicas, so acks=all writes are refused.
    enum Role { UnderReplicatedRole = Qt::UserRole + 1, FlashRole, PreviousRole, RefusesWritesRole };

    explicit PartitionModel(QObject *parent = nullptr);
    void setFeed(ClusterFeed *feed);
    // Each topic's min.insync.replicas (from the cluster file), for the "acks=all writes will be refused" mark.
    void setMinIsr(const MinIsrCheck &check);
    // The same from ENGINE's cluster file; without an engine (a saved run) Kafka's default of 1.
    void setMinIsrOf(const ClusterSession *engine);
    int refusingWritesCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    int underReplicatedCount() const;
    QModelIndex find(const QString &topic, int partition, int column = Topic) const;

  private:
    struct Row
    {
        QString topic;
        int partition = 0;
    };
    struct Flash
    {
        qint64 atMs = 0;  // scene clock
        QString previous; // what the cell said before
        qint64 eventTimeMs = 0;
    };
    void reload();
    void onEvent(const ClusterEvent &event);
    QString brokerText(int id) const;
    double flashLevel(const QModelIndex &index) const;

    QPointer<ClusterFeed> m_feed;
    MinIsrCheck m_minIsr;
    QList<Row> m_rows;
    QHash<quint64, Flash> m_flashes; // (row << 8 | column)
    QTimer m_fade;
    QElapsedTimer m_clock;
};

} // namespace ensemble::ui
