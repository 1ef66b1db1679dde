#include "Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

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
    QFile entry(runningEntry(root));
    if (entry.open(QIODevice::WriteOnly))
        entry.write(root.toUtf8());
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
    QFile marker(d.filePath(kMarker));
    if (!marker.exists()) {
        if (!marker.open(QIODevice::WriteOnly))
            return Error::runtime(u"cannot write %1: %2"_s.arg(marker.fileName(), marker.errorString()));
        marker.write("This directory is an Ensemble workspace. Ensemble may delete anything inside it.\n");
    }
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
