#include "ProduceResultsModel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

QVariant ProduceResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const DeliveryResult &r = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Message:
            return r.seq + 1;
        case Partition:
            return r.partition < 0 ? QVariant(u"—"_s) : QVariant(r.partition);
        case Offset:
            return r.offset < 0 ? QVariant(u"—"_s) : QVariant(r.offset);
        case Latency:
            return r.error.isEmpty() ? QVariant(QString::number(r.latencyMs, 'f', 1)) : QVariant(u"—"_s);
        case Error:
            return r.error;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Error)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && !r.error.isEmpty())
        return QBrush(QColor(0xc6, 0x28, 0x28));
    return {};
}

QVariant ProduceResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const QStringList names{u"#"_s, u"Partition"_s, u"Offset"_s, u"Latency (ms)"_s, u"Error"_s};
    return names.value(section);
}

} // namespace ensemble::ui
