// A table of rows that only grows at the end and keeps the newest maxRows (the oldest dropped first), so a long
// "keep producing" or "follow" run stays cheap. Subclasses say what a row shows (data, headerData).
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include <algorithm>

namespace ensemble::ui {

template <typename Row> class BoundedRowsModel : public QAbstractTableModel
{
  public:
    BoundedRowsModel(int maxRows, int columns, QObject *parent)
        : QAbstractTableModel(parent), m_maxRows(maxRows), m_columns(columns)
    {
    }

    void append(const QList<Row> &rows)
    {
        if (rows.isEmpty())
            return;
        const qsizetype overflow = m_rows.size() + rows.size() - m_maxRows;
        if (overflow > 0) {
            const int drop = int(std::min(overflow, m_rows.size()));
            if (drop > 0) {
                beginRemoveRows({}, 0, drop - 1);
                m_rows.remove(0, drop);
                endRemoveRows();
            }
        }
        const QList<Row> tail = rows.size() > m_maxRows ? rows.mid(rows.size() - m_maxRows) : rows;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + tail.size() - 1));
        m_rows += tail;
        endInsertRows();
    }

    void clear()
    {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_columns; }

  protected:
    QList<Row> m_rows;

  private:
    int m_maxRows;
    int m_columns;
};

} // namespace ensemble::ui
