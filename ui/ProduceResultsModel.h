// The produce form's results: one row per delivery report (message, partition, offset, latency, error), newest
// last, keeping at most the last kMaxRows so a long "keep producing" run stays cheap.
#pragma once

#include "KafkaProducer.h"

#include <QAbstractTableModel>
#include <QList>

namespace ensemble::ui {

class ProduceResultsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Message, Partition, Offset, Latency, Error, ColumnCount };
    static constexpr int kMaxRows = 5000;

    using QAbstractTableModel::QAbstractTableModel;

    void append(const QList<DeliveryResult> &results);
    void clear();
    const QList<DeliveryResult> &results() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<DeliveryResult> m_rows;
};

} // namespace ensemble::ui
