// The produce form's results: one row per delivery report (message, partition, offset, latency, error), newest
// last, keeping at most the last kMaxRows so a long "keep producing" run stays cheap.
#pragma once

#include "BoundedRowsModel.h"
#include "KafkaProducer.h"

namespace ensemble::ui {

class ProduceResultsModel : public BoundedRowsModel<DeliveryResult>
{
    Q_OBJECT
  public:
    enum Column { Message, Partition, Offset, Latency, Error, ColumnCount };
    static constexpr int kMaxRows = 5000;

    explicit ProduceResultsModel(QObject *parent = nullptr) : BoundedRowsModel(kMaxRows, ColumnCount, parent) {}

    const QList<DeliveryResult> &results() const { return m_rows; }

    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
};

} // namespace ensemble::ui
