#include "KRaftStorage.h"

#include "KRaftNodeConfig.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

QString idFile(const Workspace &workspace)
{
    return workspace.root() + u"/kraft.json"_s;
}

} // namespace

QString KRaftStorage::newClusterId()
{
    // As Kafka's Uuid.randomUuid(): 16 random bytes in URL-safe base64, never starting with '-' — StorageTool's
    // argument parser reads `-t -Xyz…` as a missing id (1 start in 64 failed so).
    QByteArray bytes(16, Qt::Uninitialized);
    QByteArray text;
    do {
        QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
        text = bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    } while (text.startsWith('-'));
    return QString::fromLatin1(text);
}

QString KRaftStorage::formattedClusterId(const QString &dataDir)
{
    QFile meta(dataDir + u"/meta.properties"_s);
    if (!meta.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : meta.readAll().split('\n'))
        if (line.startsWith("cluster.id="))
            return QString::fromLatin1(line.mid(11).trimmed());
    return u"?"_s; // formatted, but not as KRaft knows it
}

Expected<QString> KRaftStorage::clusterId(const Workspace &workspace, const ClusterLayout &layout)
{
    const QString what =
        u"delete the workspace directory %1 (`rm -r %1`) or use another one (`-w DIR`)"_s.arg(workspace.root());
    // A ZooKeeper-mode run leaves zookeeper-N nodes and brokers whose meta.properties has broker.id, not node.id.
    if (QDir(workspace.nodeDir(u"zookeeper-1"_s)).exists())
        return Error::badInput(
            u"workspace %1 holds a ZooKeeper-mode cluster, this cluster file asks for KRaft — "_s.arg(
                workspace.root()) +
            what);
    QString id;
    QFile file(idFile(workspace));
    if (file.open(QIODevice::ReadOnly))
        id = QJsonDocument::fromJson(file.readAll()).object().value(u"cluster_id"_s).toString();
    for (const NodeLayout &node : layout.nodes) {
        const QString formatted = formattedClusterId(workspace.dataDir(node.name));
        if (formatted.isEmpty())
            continue;
        if (id.isEmpty() || formatted != id)
            return Error::badInput(
                u"%1's data in %2 was formatted for another cluster (id %3, this workspace's is "
                "%4) — "_s.arg(node.name, workspace.dataDir(node.name), formatted, id.isEmpty() ? u"unknown"_s : id) +
                what);
    }
    if (!id.isEmpty())
        return id;
    id = newClusterId();
    QSaveFile out(idFile(workspace));
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(QJsonDocument(QJsonObject{{u"cluster_id"_s, id}, {u"mode"_s, u"kraft"_s}}).toJson()) < 0 ||
        !out.commit())
        return Error::runtime(
            u"cannot write %1: %2 — check the workspace's permissions"_s.arg(out.fileName(), out.errorString()));
    return id;
}

KRaftStorage::KRaftStorage(Runtime runtime, QString clusterId, QObject *parent)
    : QObject(parent), m_runtime(std::move(runtime)), m_clusterId(std::move(clusterId))
{
}

KRaftStorage::~KRaftStorage()
{
    for (QProcess *p : std::as_const(m_running)) {
        p->kill();
        p->waitForFinished(2000);
    }
}

void KRaftStorage::formatMissing(const Workspace &workspace, const ClusterLayout &layout)
{
    for (const NodeLayout &node : layout.nodes) {
        if (!formattedClusterId(workspace.dataDir(node.name)).isEmpty())
            continue;
        auto *p = new QProcess(this);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->setWorkingDirectory(workspace.nodeDir(node.name));
        const QString conf = workspace.confDir(node.name);
        // A short-lived tool: a small heap and the C1 compiler only.
        QStringList args{u"-Xmx128m"_s,
                         u"-XX:+UseSerialGC"_s,
                         u"-XX:TieredStopAtLevel=1"_s,
                         u"-Djava.awt.headless=true"_s,
                         m_runtime.usesLog4j2() ? u"-Dlog4j2.configurationFile="_s + conf + u"/log4j2.xml"_s
                                                : u"-Dlog4j.configuration=file:"_s + conf + u"/log4j.properties"_s,
                         u"-cp"_s,
                         m_runtime.classpath()};
        args += KRaftNodeConfig::formatArguments(m_clusterId, conf + u"/server.properties"_s);
        connect(p, &QProcess::finished, this, [this, name = node.name, p] { onFormatDone(name, p); });
        connect(p, &QProcess::errorOccurred, this, [this, name = node.name, p](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart)
                onFormatDone(name, p);
        });
        m_running.append(p);
        p->start(m_runtime.java, args);
    }
    if (m_running.isEmpty())
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT finished(true, {}, {}); }, Qt::QueuedConnection);
}

void KRaftStorage::onFormatDone(const QString &node, QProcess *process)
{
    if (!m_running.removeOne(process))
        return;
    const QString output = QString::fromLocal8Bit(process->readAll()).trimmed();
    if (process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0)
        m_formatted.append(node);
    else
        m_failures.append(u"%1: StorageTool format failed (%2): %3"_s.arg(
            node,
            process->error() == QProcess::FailedToStart ? process->errorString()
                                                        : u"exit code %1"_s.arg(process->exitCode()),
            output.section(u'\n', -4)));
    process->deleteLater();
    if (!m_running.isEmpty())
        return;
    Q_EMIT finished(m_failures.isEmpty(), m_failures.join(u'\n'), m_formatted);
}

} // namespace ensemble
