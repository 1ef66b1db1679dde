// Every event of a run, one row each: cluster time, node, kind, what happened. Rows are appended live or set from
// a saved events.jsonl; the rows of the step a replay is at are highlighted.
#pragma once

#include "ClusterEvent.h"
#include "ClusterState.h"

#include <QAbstractTableModel>
#include <QList>

namespace ensemble::ui {

class EventModel : public QAbstractTableModel
{
    Q_OBJECT
  public:
    enum Column { Time, Node, Kind, What, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1, NodeRole, EventIndexRole };

    // Rows kept (the newest); older ones are dropped and folded into baseline() (the events file keeps all).
    static constexpr qsizetype kMaxEvents = 10'000;

    explicit EventModel(QObject *parent = nullptr);

    void setEvents(const ClusterLayout &layout, const QList<ClusterEvent> &events);
    void append(const ClusterEvent &event);
    const QList<ClusterEvent> &events() const { return m_events; }
    // The state before events()' first row: the layout with every dropped event folded in.
    const ClusterState &baseline() const { return m_baseline; }
    const ClusterEvent &event(int row) const { return m_events.at(row); }
    void setCurrentRows(const QList<int> &rows); // empty: none
    const QList<int> &currentRows() const { return m_current; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    QList<ClusterEvent> m_events;
    ClusterState m_baseline;
    QList<int> m_current;
};

} // namespace ensemble::ui
