#include "ClassDataArchive.h"

#include "RuntimeLocator.h"
#include "Workspace.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

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
} // namespace

ClassDataArchive::ClassDataArchive(const Runtime &runtime)
    : ClassDataArchive(runtime, Workspace::dataRoot() + u"/runtime/cds/"_s + keyOf(runtime))
{
}

ClassDataArchive::ClassDataArchive(const Runtime &, const QString &dir) : m_dir(dir) {}

QString ClassDataArchive::archivePath(NodeKind kind) const
{
    return m_dir + (kind == NodeKind::Coordinator ? u"/zookeeper.jsa"_s : u"/kafka.jsa"_s);
}

QStringList ClassDataArchive::jvmOptions(NodeKind kind, const QString &node)
{
    const QString archive = archivePath(kind);
    if (QFileInfo(archive).size() > 0)
        return {u"-XX:SharedArchiveFile="_s + archive, u"-Xlog:cds=off"_s, u"-Xlog:cds+dynamic=off"_s};
    for (auto it = m_recorders.cbegin(); it != m_recorders.cend(); ++it)
        if (it.value() == kind)
            return {};
    if (!QDir().mkpath(m_dir))
        return {};
    m_recorders.insert(node, kind);
    return {u"-XX:ArchiveClassesAtExit="_s + archive + u".%1.tmp"_s.arg(QCoreApplication::applicationPid()),
            u"-Xlog:cds=off"_s, u"-Xlog:cds+dynamic=off"_s};
}

void ClassDataArchive::nodeExited(const QString &node, bool clean)
{
    const auto it = m_recorders.constFind(node);
    if (it == m_recorders.cend())
        return;
    const QString archive = archivePath(it.value());
    const QString recording = archive + u".%1.tmp"_s.arg(QCoreApplication::applicationPid());
    m_recorders.erase(it);
    if (clean && QFileInfo(recording).size() > 0 && !QFile::exists(archive))
        QFile::rename(recording, archive); // atomic: a reader sees no archive or a whole one
    else
        QFile::remove(recording);
}

} // namespace ensemble
