#include "QuorumPanel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
constexpr int kLaggingRole = Qt::UserRole + 1;

QString figure(qint64 v)
{
    return v >= 0 ? QString::number(v) : u"–"_s;
}

QString age(qint64 ms)
{
    if (ms < 0)
        return u"–"_s;
    if (ms < 1000)
        return u"%1 ms ago"_s.arg(ms);
    if (ms < 60'000)
        return u"%1 s ago"_s.arg(double(ms) / 1000.0, 0, 'f', 1);
    return u"%1 s ago"_s.arg(ms / 1000);
}
} // namespace

QuorumPanel::QuorumPanel(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_status(new QLabel(this)), m_table(new QTableWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_summary);
    layout->addWidget(m_status);
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({u"Node"_s, u"Role"_s, u"Log end"_s, u"Lag"_s, u"Last fetch"_s});
    m_table->horizontalHeaderItem(LogEndColumn)->setToolTip(u"The replica's log end offset, as the leader knows it"_s);
    m_table->horizontalHeaderItem(LagColumn)->setToolTip(u"Records behind the leader's log end offset"_s);
    m_table->horizontalHeaderItem(LastFetchColumn)
        ->setToolTip(u"How long ago the leader last received a fetch from this replica"_s);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumSize(200, 100);
    layout->addWidget(m_table, 1);
    clear();
}

void QuorumPanel::clear()
{
    m_figures = {};
    m_down.clear();
    m_table->setRowCount(0);
    m_summary->setText(u"Leader – · epoch – · high watermark –"_s);
    m_status->setText(u"The quorum's replication figures show while a KRaft cluster runs."_s);
}

void QuorumPanel::setUnavailable(const QString &reason)
{
    const QString when = m_figures.isValid()
                             ? u"figures below from %1 s ago"_s.arg(
                                   (QDateTime::currentMSecsSinceEpoch() - m_figures.measuredAtMs) / 1000)
                             : u"no figures yet"_s;
    // One line: while a node starts or an election runs, every controller refuses or stays silent for a while;
    // the reasons per controller go to the tooltip.
    m_status->setText(u"No raft leader answered DescribeQuorum (%1)"_s.arg(when));
    m_status->setToolTip(reason);
}

void QuorumPanel::setFigures(const QuorumFigures &f)
{
    m_figures = f;
    m_summary->setText(u"Leader <b>%1</b> · epoch <b>%2</b> · high watermark <b>%3</b>"_s.arg(
        f.leader.isEmpty() ? QString::number(f.leaderId) : f.leader, QString::number(f.epoch),
        figure(f.highWatermark)));
    m_status->setText(u"From %1 (DescribeQuorum v%2), updated every second"_s.arg(f.answeredBy).arg(f.apiVersion));
    m_status->setToolTip({});
    QList<ReplicaFigures> rows = f.voters;
    rows.append(f.observers);
    m_table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        const ReplicaFigures &r = rows.at(row);
        const bool lagging = QuorumFigures::isLagging(r);
        const QString role = m_down.contains(r.name) ? (r.voter ? u"✕ down (voter)"_s : u"✕ down"_s)
                             : r.id == f.leaderId    ? u"♛ leader"_s
                             : r.voter               ? u"follower"_s
                                                     : u"observer"_s;
        setCell(row, NodeColumn, r.name.isEmpty() ? u"node %1"_s.arg(r.id) : r.name, lagging);
        setCell(row, RoleColumn, lagging && !m_down.contains(r.name) ? QString(role + u" — lagging"_s) : role, lagging);
        setCell(row, LogEndColumn, figure(r.logEndOffset), lagging);
        setCell(row, LagColumn, lagging && r.lag > 0 ? QString(u"⚠ "_s + figure(r.lag)) : figure(r.lag), lagging);
        setCell(row, LastFetchColumn,
                lagging && r.lastFetchAgeMs >= QuorumFigures::kStaleFetchMs ? QString(u"⚠ "_s + age(r.lastFetchAgeMs))
                                                                            : age(r.lastFetchAgeMs),
                lagging);
        m_table->item(row, NodeColumn)
            ->setToolTip(u"node.id %1 · %2"_s.arg(r.id).arg(r.voter ? u"voter"_s : u"observer (a broker: no vote)"_s));
    }
}

void QuorumPanel::setDownNodes(const QSet<QString> &nodes)
{
    if (nodes == m_down)
        return;
    m_down = nodes;
    if (m_figures.isValid())
        setFigures(m_figures);
}

void QuorumPanel::setCell(int row, int column, const QString &text, bool lagging)
{
    QTableWidgetItem *item = m_table->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        m_table->setItem(row, column, item);
    }
    if (column == LogEndColumn || column == LagColumn)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setText(text);
    item->setData(kLaggingRole, lagging);
    QFont font = m_table->font();
    font.setBold(lagging);
    item->setFont(font);
    // Amber tint with the palette's own text colour: readable on both palettes, and never the only sign.
    item->setBackground(lagging ? QBrush(QColor(255, 193, 7, 90)) : QBrush());
}

QString QuorumPanel::summaryText() const
{
    return m_summary->text();
}

QString QuorumPanel::statusText() const
{
    return m_status->text();
}

bool QuorumPanel::isRowLagging(int row) const
{
    const QTableWidgetItem *item = m_table->item(row, NodeColumn);
    return item && item->data(kLaggingRole).toBool();
}

} // namespace ensemble::ui
