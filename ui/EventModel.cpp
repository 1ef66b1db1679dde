#include "EventModel.h"

#include "ElectionNarrator.h"

#include <QColor>
#include <QFont>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

EventModel::EventModel(QObject *parent) : QAbstractTableModel(parent) {}

void EventModel::setEvents(const ClusterLayout &layout, const QList<ClusterEvent> &events)
{
    beginResetModel();
    m_baseline = ClusterState(layout);
    const qsizetype dropped = std::max<qsizetype>(0, events.size() - kMaxEvents);
    for (qsizetype i = 0; i < dropped; ++i)
        m_baseline.apply(events[i]);
    m_events = events.mid(dropped);
    m_current.clear();
    endResetModel();
}

void EventModel::append(const ClusterEvent &event)
{
    if (m_events.size() >= kMaxEvents) {
        beginRemoveRows({}, 0, 0);
        m_baseline.apply(m_events.takeFirst());
        QList<int> shifted;
        for (int row : std::as_const(m_current))
            if (row > 0)
                shifted.append(row - 1);
        m_current = shifted;
        endRemoveRows();
    }
    const int row = int(m_events.size());
    beginInsertRows({}, row, row);
    m_events.append(event);
    endInsertRows();
}

void EventModel::setCurrentRows(const QList<int> &rows)
{
    const QList<int> old = m_current;
    m_current = rows;
    for (const QList<int> &list : {old, rows})
        for (int row : list)
            if (row >= 0 && row < m_events.size())
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int EventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_events.size())
        return {};
    const ClusterEvent &e = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return u"%1 s"_s.arg(double(e.timeMs) / 1000.0, 0, 'f', 3);
        case Node:
            return e.node.isEmpty() ? u"cluster"_s : e.node;
        case Kind:
            return toString(e.kind);
        case What:
            return readableDescription(e);
        }
        break;
    case Qt::ToolTipRole:
        return QString(e.toText() + u"\nsource: "_s + e.source);
    case Qt::FontRole:
        if (m_current.contains(index.row())) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::BackgroundRole:
        if (m_current.contains(index.row()))
            return QColor(0xf2, 0xc2, 0x1b, 150);
        if (e.kind == EventKind::Vote || e.kind == EventKind::ElectionStarted || e.kind == EventKind::LeaderElected ||
            e.kind == EventKind::RaftVote)
            return QColor(0xe6, 0x5c, 0x00, 40);
        if (e.kind == EventKind::FaultInjected || e.kind == EventKind::Problem)
            return QColor(0xc0, 0x39, 0x2b, 45);
        break;
    case KindRole:
        return toString(e.kind);
    case NodeRole:
        return e.node;
    case EventIndexRole:
        return index.row();
    }
    return {};
}

QVariant EventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return u"Time"_s;
    case Node:
        return u"Node"_s;
    case Kind:
        return u"Kind"_s;
    case What:
        return u"What happened"_s;
    }
    return {};
}

} // namespace ensemble::ui
