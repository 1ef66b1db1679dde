#include "ClusterChooser.h"

#include "ClusterListing.h"
#include "ControlClient.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QThreadPool>
#include <QVBoxLayout>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const QStringList kColumns = {u"Name"_s, u"State"_s, u"Mode"_s, u"Version"_s, u"Bootstrap"_s, u"Workspace"_s};
const QStringList kKeys = {u"name"_s, u"state"_s, u"mode"_s, u"kafka_version"_s, u"bootstrap"_s, u"workspace"_s};
constexpr int kStateColumn = 1;
constexpr int kWorkspaceColumn = 5;
constexpr int kRefreshMs = 3000;
} // namespace

ClusterChooser::ClusterChooser(QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(0, int(kColumns.size()), this)), m_note(new QLabel(this)),
      m_attach(new QPushButton(u"&Attach"_s, this)), m_stop(new QPushButton(u"&Stop"_s, this))
{
    setObjectName(u"ClusterChooser"_s);
    setWindowTitle(u"Clusters"_s);
    m_table->setHorizontalHeaderLabels(kColumns);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_note->setWordWrap(true);
    m_note->setText(u"Reading the clusters…"_s);
    m_attach->setToolTip(u"Show this running cluster in the window: its history, then what happens next"_s);
    m_stop->setToolTip(u"Stop this cluster (as `ensemble down -w WORKSPACE`)"_s);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_attach, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_stop, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_attach, &QPushButton::clicked, this, [this] {
        const QString ws = selectedWorkspace();
        if (ws.isEmpty())
            return;
        Q_EMIT attachRequested(ws);
        accept();
    });
    connect(m_stop, &QPushButton::clicked, this, &ClusterChooser::stopSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ClusterChooser::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, m_attach, &QPushButton::click);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(u"Clusters Ensemble knows of (as `ensemble ls`). A cluster started with "
                                 "`ensemble up -d` runs on its own: attach to watch and break it here."_s,
                                 this));
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    layout->addWidget(buttons);
    resize(980, 360);

    connect(&m_listing, &QFutureWatcher<QJsonArray>::finished, this, [this] { fill(m_listing.result()); });
    m_again.setInterval(kRefreshMs);
    connect(&m_again, &QTimer::timeout, this, &ClusterChooser::refresh);
    m_again.start();
    updateButtons();
    refresh();
}

// A listing still running finishes on its worker; its result is dropped with the watcher.
ClusterChooser::~ClusterChooser() = default;

void ClusterChooser::refresh()
{
    if (m_listing.isRunning())
        return;
    m_listing.setFuture(QtConcurrent::run([] { return ClusterListing::all(); }));
}

void ClusterChooser::fill(const QJsonArray &clusters)
{
    const QString selected = selectedWorkspace();
    m_clusters = clusters;
    m_table->setRowCount(int(clusters.size()));
    for (int row = 0; row < clusters.size(); ++row) {
        const QJsonObject c = clusters.at(row).toObject();
        for (int col = 0; col < kKeys.size(); ++col) {
            const QString text = c.value(kKeys.at(col)).toString();
            m_table->setItem(row, col, new QTableWidgetItem(text.isEmpty() ? u"-"_s : text));
        }
    }
    m_table->resizeColumnsToContents();
    if (!selected.isEmpty())
        select(selected);
    else if (!clusters.isEmpty() && clusters.at(0).toObject().value(u"state"_s).toString() == u"running"_s)
        m_table->selectRow(0); // the listing puts running clusters first: the likely choice is ready to attach
    m_note->setText(clusters.isEmpty() ? u"No clusters yet — start one with `ensemble up -d` (it keeps running "
                                         "without a window), then attach to it here."_s
                                       : QString());
    updateButtons();
    Q_EMIT listed();
}

bool ClusterChooser::select(const QString &workspace)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, kWorkspaceColumn)->text() == workspace) {
            m_table->selectRow(row);
            return true;
        }
    return false;
}

QString ClusterChooser::selectedWorkspace() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    return items.isEmpty() ? QString() : m_table->item(items.first()->row(), kWorkspaceColumn)->text();
}

QString ClusterChooser::selectedState() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    return items.isEmpty() ? QString() : m_table->item(items.first()->row(), kStateColumn)->text();
}

void ClusterChooser::updateButtons()
{
    const bool running = selectedState() == u"running" || selectedState() == u"starting";
    m_attach->setEnabled(running);
    m_stop->setEnabled(running);
}

void ClusterChooser::stopSelected()
{
    const QString ws = selectedWorkspace();
    if (ws.isEmpty())
        return;
    m_note->setText(u"Stopping the cluster in %1…"_s.arg(ws));
    m_stop->setEnabled(false);
    // `down` is answered at once; the nodes then stop over some seconds, which the next listings show.
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, ws] {
        const QString error = watcher->result();
        watcher->deleteLater();
        m_note->setText(error.isEmpty() ? u"Asked the cluster in %1 to stop."_s.arg(ws)
                                        : u"Cannot stop the cluster in %1: %2"_s.arg(ws, error));
        refresh();
    });
    watcher->setFuture(QtConcurrent::run([ws] {
        const auto answer = ControlClient::request(ws, {{u"cmd"_s, u"down"_s}}, 5000);
        return answer ? QString() : answer.error().message;
    }));
}

} // namespace ensemble::ui
