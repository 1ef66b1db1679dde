#include "FileMenu.h"

#include "ClusterChooser.h"
#include "ClusterSpec.h"
#include "MainWindow.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

FileMenu::FileMenu(MainWindow *window) : QMenu(u"&File"_s, window), m_window(window)
{
    QStyle *s = window->style();
    m_new =
        addAction(s->standardIcon(QStyle::SP_FileIcon), u"&New cluster file"_s, window, &MainWindow::newClusterFile);
    m_new->setToolTip(u"Start from the built-in cluster (3 ZooKeeper + 3 Kafka)"_s);
    m_open = addAction(s->standardIcon(QStyle::SP_DialogOpenButton), u"&Open cluster file…"_s, QKeySequence::Open, this,
                       &FileMenu::openClusterFile);
    m_save = addAction(s->standardIcon(QStyle::SP_DialogSaveButton), u"&Save cluster file as…"_s, QKeySequence::SaveAs,
                       this, &FileMenu::saveClusterFile);
    addAction(u"C&lusters…"_s, this, &FileMenu::showClusters)
        ->setToolTip(u"The clusters `ensemble ls` lists: attach to one that runs on its own, or stop it"_s);
    addSeparator();
    QAction *openLog = addAction(u"Open &event log…"_s, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, u"Open an event log"_s, QDir::homePath(),
                                                          u"Event logs (*.jsonl);;All files (*)"_s);
        if (!path.isEmpty())
            m_window->openEventLog(path);
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
}

void FileMenu::openClusterFile()
{
    const QString path = QFileDialog::getOpenFileName(m_window, u"Open a cluster file"_s, QDir::homePath(),
                                                      u"Cluster files (*.yaml *.yml);;All files (*)"_s);
    if (!path.isEmpty())
        m_window->openClusterFile(path);
}

void FileMenu::saveClusterFile()
{
    const QString path = QFileDialog::getSaveFileName(m_window, u"Save the cluster file"_s,
                                                      QDir::homePath() + u"/cluster.yaml"_s, u"YAML (*.yaml *.yml)"_s);
    if (path.isEmpty())
        return;
    QByteArray yaml = defaultClusterYaml();
    if (!m_window->clusterFile().isEmpty()) {
        QFile in(m_window->clusterFile());
        if (in.open(QIODevice::ReadOnly))
            yaml = in.readAll();
    }
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(yaml) != yaml.size()) {
        m_window->showError(u"Cannot save"_s, u"Cannot write %1 — %2"_s.arg(path, out.errorString()));
        return;
    }
    m_window->setClusterFilePath(path);
}

void FileMenu::showClusters()
{
    auto *chooser = new ClusterChooser(m_window);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &ClusterChooser::attachRequested, m_window, &MainWindow::attachCluster);
    chooser->open();
}

} // namespace ensemble::ui
