// The Quorum dock's content (KRaft): the raft leader, its epoch and the high watermark, and per voter and
// observer its role, log end offset, lag behind the leader and the age of its last fetch, as the leader's
// DescribeQuorum answer gives them. A lagging replica is marked by a sign and a word as well as a tint, and its
// row is bold. Rows are updated in place, so a selection survives the once-a-second refresh.
#pragma once

#include "QuorumFigures.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace ensemble::ui {

class QuorumPanel : public QWidget
{
    Q_OBJECT
  public:
    enum Column { NodeColumn, RoleColumn, LogEndColumn, LagColumn, LastFetchColumn, ColumnCount };

    explicit QuorumPanel(QWidget *parent = nullptr);

    void setFigures(const QuorumFigures &figures);
    // The nodes that are not up now (killed, stopped, paused, exited): their rows say "down" instead of the role
    // the leader's last answer gives them (a dead voter stays in DescribeQuorum as a follower whose fetches stop).
    void setDownNodes(const QSet<QString> &nodes);
    // No controller answered (REASON says why); the last figures stay, marked as old.
    void setUnavailable(const QString &reason);
    void clear();

    QTableWidget *table() const { return m_table; }
    QString summaryText() const; // the leader / epoch / high watermark line
    QString statusText() const;
    bool isRowLagging(int row) const;

  private:
    void setCell(int row, int column, const QString &text, bool lagging);

    QLabel *m_summary;
    QLabel *m_status;
    QTableWidget *m_table;
    QuorumFigures m_figures;
    QSet<QString> m_down;
};

} // namespace ensemble::ui
