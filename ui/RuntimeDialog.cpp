#include "RuntimeDialog.h"

#include "ClassDataTraining.h"
#include "RuntimeInstaller.h"
#include "RuntimeLocator.h"
#include "RuntimeLock.h"

#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1) + u" MB"_s;
}
} // namespace

RuntimeDialog::RuntimeDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(u"Kafka runtimes"_s);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(u"The Kafka versions clusters run on. Ensemble downloads a runtime's jars from Maven "
                             "Central and checks every one against the checksums it was built with."_s);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table = new QTableWidget(0, 3, this);
    m_table->setHorizontalHeaderLabels({u"Version"_s, u"State"_s, u"Where"_s});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_install = buttons->addButton(u"&Install"_s, QDialogButtonBox::ActionRole);
    m_remove = buttons->addButton(u"&Remove"_s, QDialogButtonBox::ActionRole);
    m_cancel = buttons->addButton(u"&Cancel install"_s, QDialogButtonBox::ActionRole);
    m_cancel->setEnabled(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &RuntimeDialog::reject);
    connect(m_install, &QPushButton::clicked, this, [this] { install(selectedVersion()); });
    connect(m_remove, &QPushButton::clicked, this, &RuntimeDialog::removeSelected);
    connect(m_cancel, &QPushButton::clicked, this, &RuntimeDialog::cancelInstall);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RuntimeDialog::selectionChanged);
    resize(640, 300);
    refresh();
}

RuntimeDialog::~RuntimeDialog()
{
    if (m_thread) {
        cancelInstall();
        m_thread->quit();
        m_thread->wait();
    }
}

void RuntimeDialog::refresh()
{
    const QString keep = selectedVersion();
    QStringList versions = RuntimeLock::knownVersions();
    for (const QString &v : RuntimeLocator::installedVersions())
        if (!versions.contains(v))
            versions.append(v);
    m_table->setRowCount(int(versions.size()));
    for (int row = 0; row < versions.size(); ++row) {
        const QString &v = versions.at(row);
        const auto lock = RuntimeLock::forVersion(v);
        const QString stamp = RuntimeInstaller::installedStamp(v);
        QString state;
        if (!stamp.isEmpty())
            state = lock && stamp != lock->stamp ? u"installed (outdated)"_s : u"installed"_s;
        else
            state = lock ? u"not installed (%1 jars, %2)"_s.arg(lock->jars.size()).arg(megabytes(lock->totalBytes()))
                         : u"not installed"_s;
        m_table->setItem(row, 0, new QTableWidgetItem(v));
        m_table->setItem(row, 1, new QTableWidgetItem(state));
        m_table->setItem(row, 2,
                         new QTableWidgetItem(stamp.isEmpty() ? QString() : RuntimeLocator::installedLibDir(v)));
        if (v == keep)
            m_table->selectRow(row);
    }
    m_table->resizeColumnsToContents();
    if (m_table->selectedItems().isEmpty() && m_table->rowCount() > 0)
        m_table->selectRow(0);
    selectionChanged();
}

QString RuntimeDialog::selectedVersion() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_table->item(rows.first().row(), 0)->text();
}

void RuntimeDialog::selectionChanged()
{
    const QString v = selectedVersion();
    const bool busy = m_installer != nullptr || m_training != nullptr;
    const bool installed = !v.isEmpty() && !RuntimeInstaller::installedStamp(v).isEmpty();
    const auto lock = RuntimeLock::forVersion(v);
    m_install->setEnabled(!busy && lock.ok() && (!installed || RuntimeInstaller::installedStamp(v) != lock->stamp));
    m_remove->setEnabled(!busy && installed);
    m_cancel->setEnabled(busy);
}

void RuntimeDialog::install(const QString &version)
{
    auto lock = RuntimeLock::forVersion(version);
    if (!lock || m_installer || m_training) {
        if (!lock)
            m_status->setText(lock.error().message);
        return;
    }
    m_installing = version;
    m_thread = new QThread(this);
    m_thread->setObjectName(u"runtime-install"_s);
    m_installer = new RuntimeInstaller(lock.value());
    m_installer->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_installer, &QObject::deleteLater);
    connect(m_installer, &RuntimeInstaller::progress, this, &RuntimeDialog::onProgress);
    connect(m_installer, &RuntimeInstaller::finished, this, &RuntimeDialog::onFinished);
    m_thread->start();
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_status->setText(
        u"Installing Kafka %1 from %2…"_s.arg(version, RuntimeInstaller::repositoryUrl().toDisplayString()));
    QMetaObject::invokeMethod(m_installer, &RuntimeInstaller::start, Qt::QueuedConnection);
    selectionChanged();
}

void RuntimeDialog::cancelInstall()
{
    if (m_training)
        m_training->cancel();
    if (m_installer)
        QMetaObject::invokeMethod(m_installer, &RuntimeInstaller::cancel, Qt::QueuedConnection);
}

void RuntimeDialog::onProgress(const RuntimeInstallProgress &p)
{
    if (p.bytesTotal > 0)
        m_progress->setValue(int(p.bytesDone * 1000 / p.bytesTotal));
    m_progress->setFormat(u"%1 of %2 files, %3 of %4"_s.arg(p.filesDone)
                              .arg(p.filesTotal)
                              .arg(megabytes(p.bytesDone), megabytes(p.bytesTotal)));
}

void RuntimeDialog::onFinished(bool ok, const QString &message)
{
    m_installer = nullptr; // deleted with its thread
    m_thread->quit();
    m_thread->wait(); // the installer has finished: this returns at once
    m_thread->deleteLater();
    m_thread = nullptr;
    m_progress->setVisible(ok);
    m_status->setText(message);
    refresh();
    Q_EMIT installFinished(ok, message);
    if (ok)
        prepareFastStarts(m_installing);
}

void RuntimeDialog::prepareFastStarts(const QString &version)
{
    if (version.isEmpty() || m_training)
        return;
    const QString installed = m_status->text();
    // Runs its nodes as child processes of this (long-lived) UI thread, like a cluster; nothing here blocks.
    m_training = new ClassDataTraining(version, this);
    connect(m_training, &ClassDataTraining::progress, this,
            [this, installed](const QString &text) { m_status->setText(installed + u"\n"_s + text); });
    connect(m_training, &ClassDataTraining::finished, this, [this, installed](bool ok, const QString &text) {
        m_training->deleteLater();
        m_training = nullptr;
        m_status->setText(installed + u"\n"_s +
                          (ok ? u"Fast starts: "_s + text
                              : u"No class-data archives (%1): the first cluster start will be slower."_s.arg(text)));
        m_cancel->setText(u"&Cancel install"_s);
        selectionChanged();
        Q_EMIT fastStartsFinished(ok, text);
    });
    m_cancel->setText(u"&Skip"_s);
    selectionChanged();
    m_training->start();
}

void RuntimeDialog::removeSelected()
{
    const QString v = selectedVersion();
    if (v.isEmpty() ||
        QMessageBox::question(this, u"Remove Kafka %1"_s.arg(v),
                              u"Delete the Kafka %1 runtime? Clusters on it will not start until it is installed "
                              "again."_s.arg(v)) != QMessageBox::Yes)
        return;
    m_remove->setEnabled(false);
    auto *watcher = new QFutureWatcher<Status>(this);
    connect(watcher, &QFutureWatcher<Status>::finished, this, [this, watcher, v] {
        const Status result = watcher->result();
        m_status->setText(result ? u"Removed Kafka %1."_s.arg(v) : result.error().message);
        watcher->deleteLater();
        refresh();
    });
    watcher->setFuture(QtConcurrent::run([v] { return RuntimeInstaller::remove(v); }));
}

void RuntimeDialog::reject()
{
    if (m_installer &&
        QMessageBox::question(this, u"Cancel the install?"_s,
                              u"Kafka is still being installed. Cancel it? (Nothing is left half-installed; an "
                              "install started again resumes.)"_s) != QMessageBox::Yes)
        return;
    cancelInstall();
    QDialog::reject();
}

} // namespace ensemble::ui
