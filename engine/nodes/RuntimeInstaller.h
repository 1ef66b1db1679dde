// Installs a Kafka runtime without Maven: downloads the jars its RuntimeLock lists from a Maven repository (Maven
// Central by default, ENSEMBLE_MAVEN_URL to change it) and checks each against the lock's size, SHA-1 and SHA-256
// and against the repository's published .sha1 (and .sha256 where published). Jars land in a staging folder
// (kept, so a later run resumes); only when every jar is verified does the staging folder become libs/ (a rename)
// and the stamp get written, so a runtime is either whole or absent. A lock file (flock, the one setup.sh takes)
// keeps two installs of one version apart. Asynchronous: lives on whichever thread it is moved to (the window
// moves it to a worker thread); progress and the end come as signals.
#pragma once

#include "Expected.h"
#include "RuntimeLock.h"

#include <QElapsedTimer>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace ensemble {

struct RuntimeInstallProgress
{
    int filesDone = 0;
    int filesTotal = 0;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    int filesResumed = 0; // verified jars found from an earlier, interrupted run
};

class RuntimeInstaller : public QObject
{
    Q_OBJECT
  public:
    // Installs LOCK into RUNTIMEROOT/kafka-VERSION (default: dataRoot()/runtime).
    explicit RuntimeInstaller(RuntimeLock lock, QString runtimeRoot = {}, QObject *parent = nullptr);
    ~RuntimeInstaller() override;

    QString runtimeDir() const;
    static QUrl repositoryUrl();
    // The stamp of the runtime installed for VERSION (its .complete), empty when none.
    static QString installedStamp(const QString &version, const QString &runtimeRoot = {});
    // Deletes dataRoot()/runtime/kafka-VERSION (refused while an install of it runs).
    static Status remove(const QString &version, const QString &runtimeRoot = {});

  public Q_SLOTS:
    void start();
    void cancel();

  Q_SIGNALS:
    void progress(const ensemble::RuntimeInstallProgress &progress);
    // ok: MESSAGE says what was installed; else what went wrong — what to do.
    void finished(bool ok, const QString &message);

  private:
    struct Download;
    void startNext();
    void onJarData(Download *d);
    void onReplyDone(Download *d);
    void verify(Download *d);
    void complete();
    void fail(const QString &message);
    void emitProgress(bool force);

    RuntimeLock m_lock;
    QString m_root;
    QNetworkAccessManager *m_net = nullptr;
    QList<LockedJar> m_queue;
    std::vector<std::unique_ptr<Download>> m_active;
    RuntimeInstallProgress m_progress;
    QElapsedTimer m_sinceProgress;
    int m_lockFd = -1;
    bool m_done = false;
};

} // namespace ensemble

Q_DECLARE_METATYPE(ensemble::RuntimeInstallProgress)
