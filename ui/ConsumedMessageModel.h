// Messages read by the consume view: partition, offset, timestamp, key, value (one line), headers; at most
// kMaxRows, the oldest dropped first.
#pragma once

#include "BoundedRowsModel.h"
#include "KafkaConsumer.h"

namespace ensemble::ui {

class ConsumedMessageModel : public BoundedRowsModel<ConsumedMessage>
{
    Q_OBJECT
  public:
    enum Column { Partition, Offset, Timestamp, Key, Value, Headers, ColumnCount };
    static constexpr int kMaxRows = 10000;

    explicit ConsumedMessageModel(QObject *parent = nullptr) : BoundedRowsModel(kMaxRows, ColumnCount, parent) {}

    const ConsumedMessage &message(int row) const { return m_rows.at(row); }

    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString headersText(const ConsumedMessage &message);
};

} // namespace ensemble::ui
