#include "RuntimeInstaller.h"

#include "Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QSaveFile>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {
constexpr int kParallel = 4;
const auto kStaging = u"download"_s;

QString defaultRoot()
{
    return Workspace::dataRoot() + u"/runtime"_s;
}

QByteArray fileDigest(const QString &path, QCryptographicHash::Algorithm algorithm)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(algorithm);
    hash.addData(&file);
    return hash.result().toHex();
}

// flock on DIR/.lock, the lock setup.sh takes too; -1 when another install holds it.
int lockRuntime(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir + u"/.lock"_s).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}
} // namespace

struct RuntimeInstaller::Download
{
    LockedJar jar;
    QNetworkReply *jarReply = nullptr;
    QNetworkReply *sha1Reply = nullptr;
    QNetworkReply *sha256Reply = nullptr;
    QFile part;
    QCryptographicHash sha1{QCryptographicHash::Sha1};
    QCryptographicHash sha256{QCryptographicHash::Sha256};
    qint64 received = 0;
    int pending = 3;
    QString error;
};

RuntimeInstaller::RuntimeInstaller(RuntimeLock lock, QString runtimeRoot, QObject *parent)
    : QObject(parent), m_lock(std::move(lock)), m_root(runtimeRoot.isEmpty() ? defaultRoot() : runtimeRoot)
{
    qRegisterMetaType<RuntimeInstallProgress>();
}

RuntimeInstaller::~RuntimeInstaller()
{
    if (!m_done && m_lockFd >= 0)
        cancel();
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

QString RuntimeInstaller::runtimeDir() const
{
    return m_root + u"/kafka-"_s + m_lock.kafkaVersion;
}

QUrl RuntimeInstaller::repositoryUrl()
{
    const QString env = QProcessEnvironment::systemEnvironment().value(u"ENSEMBLE_MAVEN_URL"_s);
    return QUrl(env.isEmpty() ? u"https://repo.maven.apache.org/maven2"_s : env);
}

QString RuntimeInstaller::installedStamp(const QString &version, const QString &runtimeRoot)
{
    const QString dir = (runtimeRoot.isEmpty() ? defaultRoot() : runtimeRoot) + u"/kafka-"_s + version;
    QFile stamp(dir + u"/.complete"_s);
    if (!QFileInfo::exists(dir + u"/libs"_s) || !stamp.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(stamp.readAll()).trimmed();
}

Status RuntimeInstaller::remove(const QString &version, const QString &runtimeRoot)
{
    const QString dir = (runtimeRoot.isEmpty() ? defaultRoot() : runtimeRoot) + u"/kafka-"_s + version;
    if (version.isEmpty() || version.contains(u'/') || !QFileInfo(dir).isDir())
        return Error::badInput(
            u"Kafka '%1' is not installed (no %2) — `ensemble runtime list` shows what is"_s.arg(version, dir));
    const int fd = lockRuntime(dir);
    if (fd < 0)
        return Error::runtime(u"Kafka %1 is being installed right now — wait for it, then remove it"_s.arg(version));
    // The stamp goes first: a runtime without it is not installed, whatever is left if the removal stops half-way.
    QFile::remove(dir + u"/.complete"_s);
    const bool removed = QDir(dir).removeRecursively();
    ::close(fd);
    if (!removed)
        return Error::runtime(u"could not delete all of %1 — check its permissions and delete it by hand"_s.arg(dir));
    return ok();
}

void RuntimeInstaller::start()
{
    if (m_done) // cancelled before it began
        return;
    const QString dir = runtimeDir();
    const QString staging = dir + u'/' + kStaging;
    if (!QDir().mkpath(dir))
        return fail(u"cannot create %1 — check that the data folder is writable"_s.arg(dir));
    m_lockFd = lockRuntime(dir);
    if (m_lockFd < 0)
        return fail(u"another install of Kafka %1 is running (it holds %2/.lock) — wait for it to finish"_s.arg(
            m_lock.kafkaVersion, dir));
    m_progress = RuntimeInstallProgress{0, int(m_lock.jars.size()), 0, m_lock.totalBytes(), 0};
    if (installedStamp(m_lock.kafkaVersion, m_root) == m_lock.stamp) {
        m_progress.filesDone = m_progress.filesTotal;
        m_progress.bytesDone = m_progress.bytesTotal;
        m_done = true;
        Q_EMIT finished(true, u"Kafka %1 is already installed in %2/libs"_s.arg(m_lock.kafkaVersion, dir));
        return;
    }
    if (!QDir().mkpath(staging))
        return fail(u"cannot create %1 — check that the data folder is writable"_s.arg(staging));
    // What an interrupted run left: half-written parts go, verified jars stay (resume).
    QDir stagingDir(staging);
    for (const QString &part : stagingDir.entryList({u"*.part"_s}, QDir::Files))
        stagingDir.remove(part);
    for (const LockedJar &jar : std::as_const(m_lock.jars)) {
        const QString path = stagingDir.filePath(jar.fileName());
        if (QFileInfo(path).size() == jar.size && fileDigest(path, QCryptographicHash::Sha256) == jar.sha256) {
            ++m_progress.filesDone;
            ++m_progress.filesResumed;
            m_progress.bytesDone += jar.size;
        } else {
            QFile::remove(path);
            m_queue.append(jar);
        }
    }
    m_net = new QNetworkAccessManager(this);
    m_net->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    m_sinceProgress.start();
    emitProgress(true);
    if (m_queue.isEmpty())
        return complete();
    for (int i = 0; i < kParallel; ++i)
        startNext();
}

void RuntimeInstaller::cancel()
{
    if (m_done)
        return;
    fail(u"cancelled — nothing was installed; run the install again to resume (verified jars are kept)"_s);
}

void RuntimeInstaller::startNext()
{
    if (m_done || m_queue.isEmpty())
        return;
    auto d = std::make_unique<Download>();
    d->jar = m_queue.takeFirst();
    d->part.setFileName(runtimeDir() + u'/' + kStaging + u'/' + d->jar.fileName() + u".part"_s);
    if (!d->part.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(
            u"cannot write %1 — check the free space and permissions of the data folder"_s.arg(d->part.fileName()));
    QUrl base = repositoryUrl();
    auto request = [&](const QString &suffix) {
        QUrl url = base;
        url.setPath(base.path() + u'/' + d->jar.repositoryPath() + suffix);
        QNetworkRequest req(url);
        req.setTransferTimeout(60000);
        return m_net->get(req);
    };
    Download *raw = d.get();
    d->jarReply = request({});
    d->sha1Reply = request(u".sha1"_s);
    d->sha256Reply = request(u".sha256"_s);
    connect(d->jarReply, &QIODevice::readyRead, this, [this, raw] { onJarData(raw); });
    for (QNetworkReply *reply : {d->jarReply, d->sha1Reply, d->sha256Reply})
        connect(reply, &QNetworkReply::finished, this, [this, raw] { onReplyDone(raw); });
    m_active.push_back(std::move(d));
}

void RuntimeInstaller::onJarData(Download *d)
{
    const QByteArray data = d->jarReply->readAll();
    d->received += data.size();
    if (d->received > d->jar.size) {
        d->error = u"%1 is larger than the %2 bytes the lock lists"_s.arg(d->jar.fileName()).arg(d->jar.size);
        d->jarReply->abort();
        return;
    }
    d->sha1.addData(data);
    d->sha256.addData(data);
    if (d->part.write(data) != data.size()) {
        d->error = u"cannot write %1 (%2) — check the free space of the data folder"_s.arg(d->part.fileName(),
                                                                                           d->part.errorString());
        d->jarReply->abort();
        return;
    }
    m_progress.bytesDone += data.size();
    emitProgress(false);
}

void RuntimeInstaller::onReplyDone(Download *d)
{
    if (m_done || --d->pending > 0)
        return;
    if (d->jarReply->bytesAvailable() > 0)
        onJarData(d);
    verify(d);
}

void RuntimeInstaller::verify(Download *d)
{
    const LockedJar &jar = d->jar;
    const QString name = jar.fileName();
    auto refuse = [&](const QString &why) {
        d->part.remove();
        fail(why);
    };
    if (!d->error.isEmpty())
        return refuse(d->error + u" — nothing was installed"_s);
    for (QNetworkReply *reply : {d->jarReply, d->sha1Reply})
        if (reply->error() != QNetworkReply::NoError)
            return refuse(u"could not download %1: %2 — check the network (or ENSEMBLE_MAVEN_URL) and run the "
                          "install again; it resumes"_s.arg(reply->url().toString(), reply->errorString()));
    const QByteArray centralSha1 = RuntimeLock::checksumFromFile(d->sha1Reply->readAll(), 40);
    // Not every artifact has a published .sha256; when it has one, it must agree.
    const QByteArray centralSha256 = d->sha256Reply->error() == QNetworkReply::NoError
                                         ? RuntimeLock::checksumFromFile(d->sha256Reply->readAll(), 64)
                                         : QByteArray();
    const QByteArray sha1 = d->sha1.result().toHex();
    const QByteArray sha256 = d->sha256.result().toHex();
    if (d->received != jar.size)
        return refuse(
            u"%1 came with %2 bytes, the lock lists %3 — nothing was installed; run the install again"_s.arg(name)
                .arg(d->received)
                .arg(jar.size));
    if (centralSha1.isEmpty() || centralSha1 != jar.sha1)
        return refuse(u"the repository's checksum of %1 (%2) is not the one this Ensemble was built with (%3) — "
                      "nothing was installed; check ENSEMBLE_MAVEN_URL"_s.arg(name, QString::fromLatin1(centralSha1),
                                                                              QString::fromLatin1(jar.sha1)));
    if (sha1 != jar.sha1 || sha256 != jar.sha256 || (!centralSha256.isEmpty() && centralSha256 != sha256))
        return refuse(u"%1 does not match its checksum (SHA-1 %2, expected %3) — it was refused and nothing was "
                      "installed; run the install again (a proxy or a bad mirror may have altered it)"_s.arg(
                          name, QString::fromLatin1(sha1), QString::fromLatin1(jar.sha1)));
    d->part.close();
    const QString final = d->part.fileName().chopped(5);
    QFile::remove(final);
    if (!d->part.rename(final))
        return fail(u"cannot rename %1 (%2)"_s.arg(d->part.fileName(), d->part.errorString()));
    ++m_progress.filesDone;
    emitProgress(true);
    for (QNetworkReply *reply : {d->jarReply, d->sha1Reply, d->sha256Reply})
        reply->deleteLater();
    std::erase_if(m_active, [d](const auto &p) { return p.get() == d; });
    if (m_queue.isEmpty() && m_active.empty())
        return complete();
    startNext();
}

void RuntimeInstaller::complete()
{
    const QString dir = runtimeDir();
    const QString staging = dir + u'/' + kStaging;
    const QString libs = dir + u"/libs"_s;
    const QString old = dir + u"/libs.old"_s;
    // Only the locked jars: anything else in the staging folder goes.
    QDir stagingDir(staging);
    QStringList wanted;
    for (const LockedJar &jar : std::as_const(m_lock.jars))
        wanted.append(jar.fileName());
    for (const QString &name : stagingDir.entryList(QDir::Files | QDir::Hidden))
        if (!wanted.contains(name))
            stagingDir.remove(name);
    QFile::remove(dir + u"/.complete"_s);
    QDir(old).removeRecursively();
    if (QFileInfo::exists(libs) && !QDir().rename(libs, old))
        return fail(u"cannot move the old %1 aside — check its permissions"_s.arg(libs));
    if (!QDir().rename(staging, libs))
        return fail(u"cannot rename %1 to %2 — check the permissions of %3"_s.arg(staging, libs, dir));
    QSaveFile stamp(dir + u"/.complete"_s); // last: only a whole, verified runtime has a stamp
    if (!stamp.open(QIODevice::WriteOnly) || stamp.write(m_lock.stamp.toUtf8() + '\n') < 0 || !stamp.commit())
        return fail(u"cannot write %1/.complete — check the free space of the data folder"_s.arg(dir));
    QDir(old).removeRecursively();
    m_done = true;
    ::close(m_lockFd);
    m_lockFd = -1;
    Q_EMIT finished(
        true, u"Kafka %1 installed in %2 (%3 jars, %4 MB, every checksum verified%5)"_s.arg(m_lock.kafkaVersion, libs)
                  .arg(m_lock.jars.size())
                  .arg(double(m_lock.totalBytes()) / 1e6, 0, 'f', 1)
                  .arg(m_progress.filesResumed > 0 ? u"; %1 resumed from an earlier run"_s.arg(m_progress.filesResumed)
                                                   : QString()));
}

void RuntimeInstaller::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    for (const auto &d : m_active) {
        for (QNetworkReply *reply : {d->jarReply, d->sha1Reply, d->sha256Reply}) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
        d->part.remove();
    }
    m_active.clear();
    m_queue.clear();
    if (m_lockFd >= 0) {
        ::close(m_lockFd);
        m_lockFd = -1;
    }
    Q_EMIT finished(false, message);
}

void RuntimeInstaller::emitProgress(bool force)
{
    if (!force && m_sinceProgress.elapsed() < 100)
        return;
    m_sinceProgress.restart();
    Q_EMIT progress(m_progress);
}

} // namespace ensemble
