// Messages read by the consume view: partition, offset, timestamp, key, value (one line), headers; at most
// kMaxRows, the oldest dropped first.
#pragma once

#include "KafkaConsumer.h"

#include <QAbstractTableModel>

namespace ensemble::ui {

class ConsumedMessageModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Partition, Offset, Timestamp, Key, Value, Headers, ColumnCount };
    static constexpr int kMaxRows = 10000;

    using QAbstractTableModel::QAbstractTableModel;

    void append(const QList<ConsumedMessage> &messages);
    void clear();
    const ConsumedMessage &message(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString headersText(const ConsumedMessage &message);

private:
    QList<ConsumedMessage> m_rows;
};

} // namespace ensemble::ui
