// What Ensemble's own files do when the disk is full: the event log says so once, plainly, and stays whole JSON
// lines (a half-written line is cut off); workspace files are replaced whole or not at all, with the reason.
// A real full filesystem: /dev/full, and a tiny tmpfs where this user may mount one (skipped otherwise).
#include "EventLog.h"
#include "Workspace.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {
ClusterEvent sampleEvent(int i)
{
    ClusterEvent e;
    e.timeMs = i;
    e.wallMs = 1700000000000 + i;
    e.node = u"kafka-1"_s;
    e.kind = EventKind::NodeState;
    e.fields = {{u"state"_s, u"up"_s}, {u"pid"_s, 4242 + i}};
    e.source = u"process"_s;
    return e;
}
} // namespace

class TestDiskFull : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void fullDeviceIsReportedOnceAsDiskFull();
    void fullFilesystemKeepsTheEventLogWholeLines();
    void workspaceFileOnFullFilesystemKeepsTheOldOne();
    void cleanup();

  private:
    // Mounts a tmpfs of SIZE bytes in a temporary directory; false (and why) where this user may not.
    bool mountSmallFilesystem(qint64 size, QString *why);

    QTemporaryDir m_dir;
    QString m_mount;
};

bool TestDiskFull::mountSmallFilesystem(qint64 size, QString *why)
{
    if (::geteuid() != 0) {
        *why = u"needs root to mount a small tmpfs"_s;
        return false;
    }
    m_mount = m_dir.path() + u"/small"_s;
    QDir().mkpath(m_mount);
    const QByteArray options = "size=" + QByteArray::number(size);
    if (::mount("tmpfs", QFile::encodeName(m_mount).constData(), "tmpfs", 0, options.constData()) != 0) {
        *why = u"cannot mount a tmpfs here: "_s + QString::fromLocal8Bit(strerror(errno));
        m_mount.clear();
        return false;
    }
    return true;
}

void TestDiskFull::cleanup()
{
    if (!m_mount.isEmpty())
        ::umount2(QFile::encodeName(m_mount).constData(), MNT_DETACH);
    m_mount.clear();
}

void TestDiskFull::fullDeviceIsReportedOnceAsDiskFull()
{
    EventLog log;
    QVERIFY(log.open(u"/dev/full"_s).ok());
    const Status first = log.append(sampleEvent(1));
    QVERIFY(!first.ok());
    QVERIFY2(first.error().message.startsWith(u"cannot write the event log /dev/full: No space left on device — free "
                                              "some disk space"_s),
             qPrintable(first.error().message));
    QVERIFY(log.append(sampleEvent(2)).ok()); // the same episode: said once
}

void TestDiskFull::fullFilesystemKeepsTheEventLogWholeLines()
{
    QString why;
    if (!mountSmallFilesystem(16 * 1024, &why))
        QSKIP(qPrintable(why));
    const QString path = m_mount + u"/events.jsonl"_s;
    EventLog log;
    QVERIFY(log.open(path).ok());
    int written = 0, errors = 0;
    for (int i = 0; i < 1000; ++i) {
        if (log.append(sampleEvent(i)).ok())
            ++written;
        else
            ++errors;
    }
    QCOMPARE(errors, 1);
    QVERIFY(written < 1000);
    int skipped = -1;
    auto read = EventLog::read(path, &skipped);
    QVERIFY(read.ok());
    QCOMPARE(skipped, 0);
    const qsizetype kept = read->size();
    QVERIFY(kept > 10);
    // Space freed: the next event is a whole line after the others.
    log.close();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(0));
    file.close();
    QVERIFY(log.open(path).ok());
    QVERIFY(log.append(sampleEvent(5000)).ok());
    read = EventLog::read(path, &skipped);
    QCOMPARE(skipped, 0);
    QCOMPARE(read->size(), 1);
    qInfo("16 KiB filesystem: %lld whole events kept, the failure reported once", qlonglong(kept));
}

void TestDiskFull::workspaceFileOnFullFilesystemKeepsTheOldOne()
{
    QString why;
    if (!mountSmallFilesystem(16 * 1024, &why))
        QSKIP(qPrintable(why));
    const QString path = m_mount + u"/layout.json"_s;
    QVERIFY(Workspace::writeFile(path, "old\n").ok());
    const Status s = Workspace::writeFile(path, QByteArray(64 * 1024, 'x'));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(u"No space left on device — check disk space"_s),
             qPrintable(s.error().message));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("old\n"));
    // And where it cannot be written at all, it says so too.
    QVERIFY(!Workspace::writeFile(m_dir.path() + u"/no/such/dir/x"_s, "x").ok());
}

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
