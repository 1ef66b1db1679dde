#include "ConsumedMessageModel.h"

#include <QDateTime>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

QString ConsumedMessageModel::headersText(const ConsumedMessage &message)
{
    QStringList parts;
    for (const auto &[name, value] : message.headers)
        parts.append(QString::fromUtf8(name) + u'=' + QString::fromUtf8(value));
    return parts.join(u", "_s);
}

QVariant ConsumedMessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const ConsumedMessage &m = m_rows[index.row()];
    switch (index.column()) {
    case Partition:
        return m.partition;
    case Offset:
        return m.offset;
    case Timestamp:
        return QDateTime::fromMSecsSinceEpoch(m.timestampMs).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    case Key:
        return m.key.isNull() ? u"(none)"_s : QString::fromUtf8(m.key);
    case Value: {
        const QString v = QString::fromUtf8(m.value);
        return role == Qt::ToolTipRole ? v.left(2000) : v.simplified().left(300);
    }
    case Headers:
        return headersText(m);
    }
    return {};
}

QVariant ConsumedMessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const QStringList names{u"Partition"_s, u"Offset"_s, u"Timestamp"_s, u"Key"_s, u"Value"_s, u"Headers"_s};
    return names.value(section);
}

} // namespace ensemble::ui
