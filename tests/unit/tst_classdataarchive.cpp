// ClassDataArchive: which JVM options a node gets for which Java (AppCDS before 25, an AOT cache from 25), that one
// node per kind records, that a recording is kept only after a clean exit, and that an empty, stale (older than the
// runtime's jars) or foreign archive (another format, another Java, another runtime) is never mapped.
#include "ClassDataArchive.h"
#include "RuntimeLocator.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

void writeBytes(const QString &path, const QByteArray &bytes = "archive")
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

void setModified(const QString &path, const QDateTime &when)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(when, QFileDevice::FileModificationTime));
}

// The file an option names: "-XX:ArchiveClassesAtExit=FILE" -> FILE.
QString valueOf(const QStringList &options, const QString &flag)
{
    for (const QString &o : options)
        if (o.startsWith(flag + u'='))
            return o.mid(flag.size() + 1);
    return {};
}

} // namespace

class TestClassDataArchive : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;
    Runtime m_runtime;

    Runtime runtimeWith(int javaMajor) const
    {
        Runtime r = m_runtime;
        r.javaMajor = javaMajor;
        return r;
    }

  private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_DATA_HOME", m_tmp.filePath(u"data"_s).toUtf8());
        QVERIFY(QDir().mkpath(m_tmp.filePath(u"libs"_s)));
        QVERIFY(QDir().mkpath(m_tmp.filePath(u"jdk17/bin"_s)));
        QVERIFY(QDir().mkpath(m_tmp.filePath(u"jdk25/bin"_s)));
        writeBytes(m_tmp.filePath(u"jdk17/bin/java"_s));
        writeBytes(m_tmp.filePath(u"jdk25/bin/java"_s));
        // The runtime's jars and java are older than any archive the tests make (as after an install).
        const QDateTime past = QDateTime::currentDateTime().addSecs(-3600);
        setModified(m_tmp.filePath(u"jdk17/bin/java"_s), past);
        setModified(m_tmp.filePath(u"jdk25/bin/java"_s), past);
        m_runtime.java = m_tmp.filePath(u"jdk17/bin/java"_s);
        m_runtime.libDir = m_tmp.filePath(u"libs"_s);
        m_runtime.kafkaVersion = u"3.9.2"_s;
        m_runtime.zookeeperVersion = u"3.8.4"_s;
        QTest::qWait(1100); // the libs directory's time (seconds on some file systems) lies behind what follows
    }

    void formatFollowsTheJavaVersion()
    {
        QCOMPARE(ClassDataArchive::formatFor(11), ClassDataArchive::Format::None); // no -XX:ArchiveClassesAtExit
        QCOMPARE(ClassDataArchive::formatFor(13), ClassDataArchive::Format::AppCds);
        QCOMPARE(ClassDataArchive::formatFor(17), ClassDataArchive::Format::AppCds);
        QCOMPARE(ClassDataArchive::formatFor(24), ClassDataArchive::Format::AppCds);
        QCOMPARE(ClassDataArchive::formatFor(25), ClassDataArchive::Format::AotCache);
        QCOMPARE(ClassDataArchive::formatFor(26), ClassDataArchive::Format::AotCache);
    }

    void kindsFollowTheRuntime()
    {
        QVERIFY(ClassDataArchive::kindsFor(m_runtime) == (QList<NodeKind>{NodeKind::Coordinator, NodeKind::Broker}));
        Runtime kraftOnly = m_runtime;
        kraftOnly.zookeeperVersion.clear(); // 4.x: controllers, brokers and combined nodes all run kafka.Kafka
        QVERIFY(ClassDataArchive::kindsFor(kraftOnly) == QList<NodeKind>{NodeKind::Broker});
    }

    void java11GetsNoOptions()
    {
        ClassDataArchive archive(runtimeWith(11), m_tmp.filePath(u"cds11"_s));
        QVERIFY(archive.jvmOptions(NodeKind::Broker, u"kafka-1"_s).isEmpty());
        QVERIFY(!archive.isRecording(u"kafka-1"_s));
    }

    void java17RecordsAppCdsOncePerKindThenMapsIt()
    {
        const QString dir = m_tmp.filePath(u"cds17"_s);
        ClassDataArchive archive(runtimeWith(17), dir);
        const QStringList first = archive.jvmOptions(NodeKind::Broker, u"kafka-1"_s);
        const QString recording = valueOf(first, u"-XX:ArchiveClassesAtExit"_s);
        QVERIFY2(recording.startsWith(dir + u"/kafka.jsa."_s), qPrintable(first.join(u' ')));
        QVERIFY(first.contains(u"-Xlog:cds*=off"_s));
        QVERIFY(valueOf(first, u"-XX:AOTCacheOutput"_s).isEmpty());
        QVERIFY(archive.isRecording(u"kafka-1"_s));
        QVERIFY(archive.jvmOptions(NodeKind::Broker, u"kafka-2"_s).isEmpty()); // one recorder per kind
        const QStringList zk = archive.jvmOptions(NodeKind::Coordinator, u"zookeeper-1"_s);
        QVERIFY(valueOf(zk, u"-XX:ArchiveClassesAtExit"_s).startsWith(dir + u"/zookeeper.jsa."_s));

        writeBytes(recording); // what the JVM writes at its graceful exit
        archive.nodeExited(u"kafka-1"_s, true);
        QVERIFY(!archive.isRecording(u"kafka-1"_s));
        QVERIFY(!QFile::exists(recording));
        QVERIFY(archive.isUsable(NodeKind::Broker));
        const QStringList later = archive.jvmOptions(NodeKind::Broker, u"kafka-3"_s);
        QCOMPARE(valueOf(later, u"-XX:SharedArchiveFile"_s), dir + u"/kafka.jsa"_s);
        QVERIFY(later.contains(u"-Xlog:cds*=off"_s));
    }

    void java25RecordsAnAotCacheAndIgnoresAnAppCdsArchive()
    {
        const QString dir = m_tmp.filePath(u"cds25"_s);
        QVERIFY(QDir().mkpath(dir));
        writeBytes(dir + u"/kafka.jsa"_s); // a Java 17 archive in the same place: not this Java's format
        Runtime jdk25 = runtimeWith(25);
        jdk25.java = m_tmp.filePath(u"jdk25/bin/java"_s);
        ClassDataArchive archive(jdk25, dir);
        QCOMPARE(archive.format(), ClassDataArchive::Format::AotCache);
        QVERIFY(!archive.isUsable(NodeKind::Broker));
        const QStringList first = archive.jvmOptions(NodeKind::Broker, u"controller-1"_s);
        const QString recording = valueOf(first, u"-XX:AOTCacheOutput"_s);
        QVERIFY2(recording.startsWith(dir + u"/kafka.aot."_s), qPrintable(first.join(u' ')));
        QVERIFY(valueOf(first, u"-XX:ArchiveClassesAtExit"_s).isEmpty());
        QVERIFY(valueOf(first, u"-XX:SharedArchiveFile"_s).isEmpty());
        QVERIFY(first.contains(u"-Xlog:aot*=off"_s)); // the training run's warnings (slf4j, proxies) stay out
        writeBytes(recording);
        archive.nodeExited(u"controller-1"_s, true);
        const QStringList later = archive.jvmOptions(NodeKind::Broker, u"kafka-1"_s);
        QCOMPARE(valueOf(later, u"-XX:AOTCache"_s), dir + u"/kafka.aot"_s);
        QVERIFY(later.contains(u"-Xlog:aot*=off"_s));
        QVERIFY(valueOf(later, u"-XX:SharedArchiveFile"_s).isEmpty());
    }

    void uncleanExitDiscardsTheRecording()
    {
        const QString dir = m_tmp.filePath(u"cds-unclean"_s);
        QVERIFY(QDir().mkpath(dir));
        const QString leftover = dir + u"/kafka.jsa.999-1.tmp"_s; // from a process that died two hours ago
        writeBytes(leftover);
        setModified(leftover, QDateTime::currentDateTime().addSecs(-7200));
        ClassDataArchive archive(runtimeWith(17), dir);
        const QString recording =
            valueOf(archive.jvmOptions(NodeKind::Broker, u"kafka-1"_s), u"-XX:ArchiveClassesAtExit"_s);
        QVERIFY(!QFile::exists(leftover));
        writeBytes(recording, "half"); // SIGKILLed while writing
        archive.nodeExited(u"kafka-1"_s, false);
        QVERIFY(!QFile::exists(recording));
        QVERIFY(!QFile::exists(archive.archivePath(NodeKind::Broker)));
        // The next node of that kind records instead.
        QVERIFY(!valueOf(archive.jvmOptions(NodeKind::Broker, u"kafka-2"_s), u"-XX:ArchiveClassesAtExit"_s).isEmpty());
    }

    void emptyOrStaleArchiveIsRecordedAgain()
    {
        const QString dir = m_tmp.filePath(u"cds-stale"_s);
        QVERIFY(QDir().mkpath(dir));
        ClassDataArchive archive(runtimeWith(17), dir);
        const QString path = archive.archivePath(NodeKind::Broker);
        writeBytes(path, {}); // empty: a crash mid-write of an older version
        QVERIFY(!archive.isUsable(NodeKind::Broker));
        writeBytes(path);
        QVERIFY(archive.isUsable(NodeKind::Broker));
        // Recorded before the runtime's jars were installed again: the JVM would refuse it at every start.
        setModified(path, QDateTime::currentDateTime().addSecs(-7200));
        QVERIFY(!archive.isUsable(NodeKind::Broker));
        const QStringList options = archive.jvmOptions(NodeKind::Broker, u"kafka-1"_s);
        QVERIFY(valueOf(options, u"-XX:SharedArchiveFile"_s).isEmpty());
        QVERIFY(!valueOf(options, u"-XX:ArchiveClassesAtExit"_s).isEmpty());
        QVERIFY(!QFile::exists(path)); // the stale one is gone, the recording replaces it
    }

    void anotherJavaOrRuntimeLooksElsewhere()
    {
        const QString mine = ClassDataArchive::directoryFor(m_runtime);
        QVERIFY(mine.startsWith(m_tmp.filePath(u"data/ensemble/runtime/cds/"_s)));
        QCOMPARE(ClassDataArchive::directoryFor(m_runtime), mine); // stable
        Runtime otherJava = m_runtime;
        otherJava.java = m_tmp.filePath(u"jdk25/bin/java"_s);
        QVERIFY(ClassDataArchive::directoryFor(otherJava) != mine);
        Runtime otherRuntime = m_runtime;
        otherRuntime.libDir = m_tmp.filePath(u"other-libs"_s);
        otherRuntime.kafkaVersion = u"4.4.0"_s;
        QVERIFY(ClassDataArchive::directoryFor(otherRuntime) != mine);
    }
};

QTEST_GUILESS_MAIN(TestClassDataArchive)
#include "tst_classdataarchive.moc"
