#include "ClassDataArchive.h"

#include "RuntimeLocator.h"
#include "Workspace.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <atomic>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

QString keyOf(const Runtime &runtime)
{
    const QFileInfo java(runtime.java);
    const QByteArray id = java.canonicalFilePath().toUtf8() + '|' +
                          QByteArray::number(QFileInfo(java.canonicalFilePath()).lastModified().toSecsSinceEpoch()) +
                          '|' + runtime.libDir.toUtf8() + '|' + runtime.kafkaVersion.toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(id, QCryptographicHash::Sha1).toHex().left(16));
}

// The JVM's own notes about the archive (classes it skips — slf4j's, dynamic proxies —, a mismatch it falls back
// from) are for us, not for the user reading the node's log: CDS logs under cds*, the AOT cache under aot* too.
QStringList quietLogging(ClassDataArchive::Format format)
{
    if (format == ClassDataArchive::Format::AotCache)
        return {u"-Xlog:cds*=off"_s, u"-Xlog:aot*=off"_s};
    return {u"-Xlog:cds*=off"_s};
}

} // namespace

ClassDataArchive::ClassDataArchive(const Runtime &runtime) : ClassDataArchive(runtime, directoryFor(runtime)) {}

ClassDataArchive::ClassDataArchive(const Runtime &runtime, const QString &dir)
    : m_dir(dir), m_libDir(runtime.libDir), m_java(runtime.java), m_format(formatFor(runtime.javaMajor))
{
}

QString ClassDataArchive::directoryFor(const Runtime &runtime)
{
    return Workspace::dataRoot() + u"/runtime/cds/"_s + keyOf(runtime);
}

ClassDataArchive::Format ClassDataArchive::formatFor(int javaMajor)
{
    if (javaMajor >= 25)
        return Format::AotCache;
    // -XX:ArchiveClassesAtExit came with Java 13: an older JVM refuses to start with it.
    return javaMajor >= 13 ? Format::AppCds : Format::None;
}

QList<NodeKind> ClassDataArchive::kindsFor(const Runtime &runtime)
{
    if (runtime.zookeeperVersion.isEmpty())
        return {NodeKind::Broker};
    return {NodeKind::Coordinator, NodeKind::Broker};
}

QString ClassDataArchive::archivePath(NodeKind kind) const
{
    const QString extension = m_format == Format::AotCache ? u".aot"_s : u".jsa"_s;
    return m_dir + (kind == NodeKind::Coordinator ? u"/zookeeper"_s : u"/kafka"_s) + extension;
}

QString ClassDataArchive::formatName() const
{
    switch (m_format) {
    case Format::AotCache:
        return u"AOT cache"_s;
    case Format::AppCds:
        return u"AppCDS archive"_s;
    case Format::None:
        break;
    }
    return u"no class-data archive"_s;
}

bool ClassDataArchive::isUsable(NodeKind kind) const
{
    const QFileInfo archive(archivePath(kind));
    if (archive.size() <= 0)
        return false;
    // Jars installed again, or a java updated in place, after the recording: the JVM would refuse the archive
    // (it checks the classpath's jars) and never record a new one, so every start would stay slow.
    const QDateTime made = archive.lastModified();
    for (const QString &path : {m_libDir, QFileInfo(m_java).canonicalFilePath()})
        if (!path.isEmpty() && QFileInfo(path).exists() && QFileInfo(path).lastModified() > made)
            return false;
    return true;
}

QStringList ClassDataArchive::jvmOptions(NodeKind kind, const QString &node)
{
    if (m_format == Format::None)
        return {};
    const QString archive = archivePath(kind);
    if (isUsable(kind))
        return QStringList{(m_format == Format::AotCache ? u"-XX:AOTCache="_s : u"-XX:SharedArchiveFile="_s) +
                           archive} +
               quietLogging(m_format);
    for (auto it = m_recorders.cbegin(); it != m_recorders.cend(); ++it)
        if (it->kind == kind)
            return {};
    if (!QDir().mkpath(m_dir))
        return {};
    QFile::remove(archive); // stale (or empty): recorded again below
    // A JVM writes its recording only as it exits, and it is renamed at once: an old one is a leftover (a node
    // restarted after its recording was taken, or an app that died meanwhile).
    const QDateTime hourAgo = QDateTime::currentDateTime().addSecs(-3600);
    for (const QFileInfo &left : QDir(m_dir).entryInfoList({u"*.tmp"_s, u"*.tmp.config"_s}, QDir::Files))
        if (left.lastModified() < hourAgo)
            QFile::remove(left.absoluteFilePath());
    // Unique per process and per recording: two clusters of one process (the window and a training run) may both
    // record the same kind at once.
    static std::atomic<int> serial{0};
    const QString file = archive + u".%1-%2.tmp"_s.arg(QCoreApplication::applicationPid()).arg(++serial);
    m_recorders.insert(node, {kind, file});
    return QStringList{(m_format == Format::AotCache ? u"-XX:AOTCacheOutput="_s : u"-XX:ArchiveClassesAtExit="_s) +
                       file} +
           quietLogging(m_format);
}

void ClassDataArchive::nodeExited(const QString &node, bool clean)
{
    const auto it = m_recorders.constFind(node);
    if (it == m_recorders.cend())
        return;
    const QString archive = archivePath(it->kind);
    const QString recording = it->file;
    m_recorders.erase(it);
    QFile::remove(recording + u".config"_s); // the AOT training run's configuration, should the JVM leave it
    if (clean && QFileInfo(recording).size() > 0 && !QFile::exists(archive))
        QFile::rename(recording, archive); // atomic: a reader sees no archive or a whole one
    else
        QFile::remove(recording);
}

} // namespace ensemble
