#include "FileMenu.h"

#include "ClusterChooser.h"
#include "ClusterSpec.h"
#include "NewClusterDialog.h"
#include "RecentClusterFiles.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
QSettings windowSettings()
{
    return QSettings(u"ensemble"_s, u"window"_s);
}
} // namespace

FileMenu::FileMenu(QWidget *window, std::function<QString()> currentFile)
    : QMenu(u"&File"_s, window), m_window(window), m_currentFile(std::move(currentFile))
{
    QStyle *s = window->style();
    m_new = addAction(s->standardIcon(QStyle::SP_FileIcon), u"&New cluster…"_s, QKeySequence::New, this,
                      &FileMenu::newCluster);
    m_new->setToolTip(u"Make a cluster file (mode, Kafka version, nodes, topics) and start it"_s);
    m_open = addAction(
        s->standardIcon(QStyle::SP_DialogOpenButton), u"&Open cluster file…"_s, QKeySequence::Open, this, [this] {
            const QString path = QFileDialog::getOpenFileName(m_window, u"Open a cluster file"_s, QDir::homePath(),
                                                              u"Cluster files (*.yaml *.yml);;All files (*)"_s);
            if (!path.isEmpty())
                openClusterFile(path);
        });
    m_recent = addMenu(u"Open &recent"_s);
    connect(m_recent, &QMenu::aboutToShow, this, &FileMenu::fillRecent);
    m_save = addAction(s->standardIcon(QStyle::SP_DialogSaveButton), u"&Save cluster file as…"_s, this,
                       &FileMenu::saveClusterFile); // no Ctrl+Shift+S: Save screenshot has it
    addAction(u"C&lusters…"_s, this, &FileMenu::showClusters)
        ->setToolTip(u"The clusters `ensemble ls` lists: attach to one that runs on its own, or stop it"_s);
    addSeparator();
    QAction *openLog = addAction(u"Open &event log…"_s, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, u"Open an event log"_s, QDir::homePath(),
                                                          u"Event logs (*.jsonl);;All files (*)"_s);
        if (!path.isEmpty())
            Q_EMIT eventLogChosen(path);
    });
    openLog->setToolTip(u"Replay the events.jsonl of an earlier run (in its workspace directory)"_s);
    addSeparator();
    // Not in the window yet: greyed, and the tooltip and status tip say how to do it now.
    QAction *exportAction = addAction(u"E&xport… (in the CLI for now)"_s);
    exportAction->setEnabled(false);
    exportAction->setStatusTip(
        u"Not in the window yet — run: ensemble export --format compose|properties|yaml -o DIR"_s);
    exportAction->setToolTip(exportAction->statusTip());
    QAction *importAction = addAction(u"&Import… (in the CLI for now)"_s);
    importAction->setEnabled(false);
    importAction->setStatusTip(u"Not in the window yet — run: ensemble import COMPOSE.yml -o FILE"_s);
    importAction->setToolTip(importAction->statusTip());
    setToolTipsVisible(true);
    addSeparator();
    addAction(u"&Quit"_s, QKeySequence::Quit, window, &QWidget::close);
    setClusterRunning(false);
}

void FileMenu::setClusterRunning(bool running)
{
    m_running = running;
    const QString why = running ? u" (stop the cluster first)"_s : QString();
    for (QAction *a : {m_new, m_open, m_recent->menuAction()})
        a->setEnabled(!running);
    m_new->setStatusTip(u"Make a new cluster file and start it"_s + why);
    m_open->setStatusTip(u"Open a cluster file"_s + why);
    m_recent->menuAction()->setStatusTip(u"Open a cluster file used lately"_s + why);
}

void FileMenu::remember(const QString &path)
{
    QSettings settings = windowSettings();
    RecentClusterFiles(settings).add(path);
}

void FileMenu::fillRecent()
{
    m_recent->clear();
    QSettings settings = windowSettings();
    RecentClusterFiles recent(settings);
    QStringList dropped;
    const QStringList files = recent.files(&dropped);
    for (int i = 0; i < files.size(); ++i) {
        const QString &file = files.at(i);
        // &1..&8 pick an entry from the keyboard; the full path is in the tooltip.
        QAction *a = m_recent->addAction(u"&%1  %2"_s.arg(i + 1).arg(QFileInfo(file).fileName()), this,
                                         [this, file] { openClusterFile(file); });
        a->setToolTip(file);
        a->setStatusTip(file);
    }
    if (files.isEmpty())
        m_recent->addAction(u"No cluster files yet"_s)->setEnabled(false);
    if (!dropped.isEmpty()) {
        m_recent->addSeparator();
        QStringList names;
        for (const QString &file : std::as_const(dropped))
            names.append(QFileInfo(file).fileName());
        QAction *note = m_recent->addAction(u"Removed, no longer there: %1"_s.arg(names.join(u", "_s)));
        note->setEnabled(false);
        note->setToolTip(dropped.join(u'\n'));
    }
    if (!files.isEmpty()) {
        m_recent->addSeparator();
        m_recent->addAction(u"&Clear this list"_s, this, [] {
            QSettings settings = windowSettings();
            RecentClusterFiles(settings).clear();
        });
    }
    m_recent->setToolTipsVisible(true);
}

void FileMenu::newCluster()
{
    if (m_running)
        return;
    auto *dialog = new NewClusterDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString path = QFileInfo(dialog->filePath()).absoluteFilePath();
        remember(path);
        Q_EMIT clusterFileChosen(path, true);
    });
    dialog->open(); // window-modal, and this returns at once
}

void FileMenu::showClusters()
{
    auto *chooser = new ClusterChooser(m_window);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &ClusterChooser::attachRequested, this, &FileMenu::attachRequested);
    chooser->open();
}

void FileMenu::openClusterFile(const QString &path)
{
    const SpecParseResult parsed = loadClusterSpec(path);
    if (!parsed.spec) {
        QStringList lines;
        for (const Diagnostic &d : parsed.diagnostics)
            lines.append(d.format(path));
        Q_EMIT errorRaised(u"The cluster file has errors"_s, lines.join(u'\n'));
        return;
    }
    remember(path);
    Q_EMIT clusterFileChosen(path, false);
}

void FileMenu::saveClusterFile()
{
    const QString path = QFileDialog::getSaveFileName(m_window, u"Save the cluster file"_s,
                                                      QDir::homePath() + u"/cluster.yaml"_s, u"YAML (*.yaml *.yml)"_s);
    if (path.isEmpty())
        return;
    QByteArray yaml = defaultClusterYaml();
    if (const QString current = m_currentFile(); !current.isEmpty()) {
        QFile in(current);
        if (in.open(QIODevice::ReadOnly))
            yaml = in.readAll();
    }
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(yaml) != yaml.size()) {
        Q_EMIT errorRaised(u"Cannot save"_s, u"Cannot write %1 — %2"_s.arg(path, out.errorString()));
        return;
    }
    remember(path);
    Q_EMIT clusterFileSaved(path);
}

} // namespace ensemble::ui
