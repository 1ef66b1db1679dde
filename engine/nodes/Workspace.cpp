#include "Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWorkspace, "ensemble.workspace")

namespace ensemble {

namespace {
const auto kMarker = u".ensemble-workspace"_s;
}

QString Workspace::dataRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/ensemble"_s;
}

QString Workspace::defaultDirFor(const QString &clusterName)
{
    return dataRoot() + u"/clusters/"_s + clusterName;
}

namespace {
QString runningEntry(const QString &root)
{
    const QByteArray hash = QCryptographicHash::hash(root.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    return Workspace::dataRoot() + u"/running/"_s + QString::fromLatin1(hash);
}
} // namespace

void Workspace::registerRunning(const QString &root)
{
    QDir().mkpath(Workspace::dataRoot() + u"/running"_s);
    if (auto s = writeFile(runningEntry(root), root.toUtf8()); !s)
        qCWarning(lcWorkspace).noquote() << s.error().message << "(commands will need -w" << root + u')';
}

void Workspace::unregisterRunning(const QString &root)
{
    QFile::remove(runningEntry(root));
}

QStringList Workspace::knownWorkspaces()
{
    QStringList out;
    const QDir running(dataRoot() + u"/running"_s);
    for (const QString &name : running.entryList(QDir::Files)) {
        QFile entry(running.filePath(name));
        if (!entry.open(QIODevice::ReadOnly))
            continue;
        const QString root = QString::fromUtf8(entry.readAll());
        if (QFile::exists(root + u'/' + kMarker))
            out.append(root);
        else
            entry.remove(); // the workspace is gone
    }
    const QDir clusters(dataRoot() + u"/clusters"_s);
    for (const QString &name : clusters.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (QFile::exists(clusters.filePath(name) + u'/' + kMarker) && !out.contains(clusters.filePath(name)))
            out.append(clusters.filePath(name));
    return out;
}

Expected<Workspace> Workspace::openOrCreate(const QString &dir)
{
    const QString root = QDir(dir).absolutePath();
    QDir d(root);
    if (d.exists() && !QFile::exists(d.filePath(kMarker)) &&
        !d.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty())
        return Error::badInput(u"%1 is not empty and is not an Ensemble workspace — choose an empty or new "
                               "directory with -w"_s.arg(root));
    if (!d.mkpath(u"."_s))
        return Error::badInput(u"cannot create the workspace %1 — check permissions or choose another -w"_s.arg(root));
    if (!QFile::exists(d.filePath(kMarker)))
        if (auto s = writeFile(d.filePath(kMarker),
                               "This directory is an Ensemble workspace. Ensemble may delete anything inside it.\n");
            !s)
            return s.error();
    return Workspace(root);
}

Expected<Workspace> Workspace::open(const QString &dir)
{
    const QString root = QDir(dir).absolutePath();
    if (!QFile::exists(root + u'/' + kMarker))
        return Error::badInput(
            u"%1 is not an Ensemble workspace — start a cluster there with `ensemble up -w %1`"_s.arg(root));
    return Workspace(root);
}

QString Workspace::nodeDir(const QString &node) const
{
    return m_root + u"/nodes/"_s + node;
}
QString Workspace::confDir(const QString &node) const
{
    return nodeDir(node) + u"/conf"_s;
}
QString Workspace::dataDir(const QString &node) const
{
    return nodeDir(node) + u"/data"_s;
}
QString Workspace::logsDir(const QString &node) const
{
    return nodeDir(node) + u"/logs"_s;
}
QString Workspace::pidFile(const QString &node) const
{
    return nodeDir(node) + u"/pid"_s;
}
QString Workspace::uncleanEndFile(const QString &node) const
{
    return nodeDir(node) + u"/unclean-end"_s;
}
QString Workspace::clusterFile() const
{
    return m_root + u"/cluster.yaml"_s;
}
QString Workspace::layoutFile() const
{
    return m_root + u"/layout.json"_s;
}
QString Workspace::eventsFile() const
{
    return m_root + u"/events.jsonl"_s;
}
QString Workspace::lockFile() const
{
    return m_root + u"/engine.lock"_s;
}
QString Workspace::socketPath() const
{
    return m_root + u"/control.sock"_s;
}
QString Workspace::markerFile() const
{
    return m_root + u'/' + kMarker;
}

Status Workspace::prepareNode(const QString &node) const
{
    for (const QString &dir : {confDir(node), dataDir(node), logsDir(node)})
        if (!QDir().mkpath(dir))
            return Error::runtime(u"cannot create %1 — check disk space and permissions"_s.arg(dir));
    return ok();
}

Status Workspace::writeFile(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit()) {
        // QSaveFile says "Unknown error" when the flush inside commit() fails; errno still names the cause.
        const QString why = errno ? QString::fromLocal8Bit(std::strerror(errno)) : file.errorString();
        return Error::runtime(u"cannot write %1: %2 — check disk space and permissions"_s.arg(path, why));
    }
    return ok();
}

Status Workspace::keepPreviousEvents() const
{
    if (!QFile::exists(eventsFile()))
        return ok();
    const QString previous = m_root + u"/events.previous.jsonl"_s;
    QFile old(previous);
    if (old.exists() && !old.remove())
        return Error::runtime(u"cannot replace %1: %2 — check permissions"_s.arg(previous, old.errorString()));
    QFile current(eventsFile());
    if (!current.rename(previous))
        return Error::runtime(
            u"cannot move %1 to %2: %3 — check permissions"_s.arg(eventsFile(), previous, current.errorString()));
    return ok();
}

bool Workspace::contains(const QString &path) const
{
    const QString clean = QDir::cleanPath(QDir(m_root).absoluteFilePath(path));
    return clean == m_root || clean.startsWith(m_root + u'/');
}

Status Workspace::purge() const
{
    if (!QFile::exists(markerFile()))
        return Error::badInput(u"refusing to delete %1: it has no Ensemble marker"_s.arg(m_root));
    // Follows no symlinks out of the tree: QDir::removeRecursively removes links, not their targets.
    if (!QDir(m_root).removeRecursively())
        return Error::runtime(u"could not delete all of %1"_s.arg(m_root));
    return ok();
}

} // namespace ensemble
