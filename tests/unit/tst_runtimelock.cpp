// The runtime locks this build ships and the installer that follows them: locks parse and match their poms; the
// installer, fed from a file:// repository in a temporary folder, installs whole runtimes, refuses a jar whose
// bytes differ (leaving nothing installed), resumes, and keeps a second install of the same version out.
#include "RuntimeInstaller.h"
#include "RuntimeLock.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

QByteArray hex(const QByteArray &data, QCryptographicHash::Algorithm algorithm)
{
    return QCryptographicHash::hash(data, algorithm).toHex();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

// A small repository in Maven's layout with two jars and their .sha1 files (one .sha256 too, as Central has for
// some artifacts), and the lock that lists them.
struct Repository
{
    QTemporaryDir dir;
    RuntimeLock lock;

    Repository()
    {
        lock.kafkaVersion = u"9.9.9"_s;
        lock.stamp = u"kafka 9.9.9 pom-sha256 00"_s;
        add(u"org.example"_s, u"alpha"_s, QByteArray(70000, 'a'), true);
        add(u"org.example.deep"_s, u"beta"_s, QByteArray(1000, 'b'), false);
        qputenv("ENSEMBLE_MAVEN_URL", QUrl::fromLocalFile(dir.path()).toString().toUtf8());
    }
    void add(const QString &group, const QString &artifact, const QByteArray &data, bool withSha256)
    {
        LockedJar jar{group,
                      artifact,
                      u"1.0"_s,
                      {},
                      data.size(),
                      hex(data, QCryptographicHash::Sha1),
                      hex(data, QCryptographicHash::Sha256)};
        const QString path = dir.filePath(jar.repositoryPath());
        writeFile(path, data);
        writeFile(path + u".sha1"_s, jar.sha1 + "  " + jar.fileName().toUtf8() + '\n');
        if (withSha256)
            writeFile(path + u".sha256"_s, jar.sha256);
        lock.jars.append(jar);
    }
    QString jarPath(int i) const { return dir.filePath(lock.jars.at(i).repositoryPath()); }
};

// Runs an install to its end; returns (ok, message).
std::pair<bool, QString> install(const RuntimeLock &lock, const QString &root, int *resumed = nullptr)
{
    RuntimeInstaller installer(lock, root);
    QSignalSpy done(&installer, &RuntimeInstaller::finished);
    QSignalSpy progress(&installer, &RuntimeInstaller::progress);
    installer.start();
    if (done.isEmpty() && !done.wait(20000))
        return {false, u"timed out"_s};
    if (resumed && !progress.isEmpty())
        *resumed = progress.first().first().value<RuntimeInstallProgress>().filesResumed;
    return {done.first().at(0).toBool(), done.first().at(1).toString()};
}

} // namespace

class TestRuntimeLock : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void shippedLocksParseAndNameTheirBroker()
    {
        const QStringList versions = RuntimeLock::knownVersions();
        QVERIFY2(versions.contains(u"3.9.2"_s) && versions.contains(u"4.4.0"_s), qPrintable(versions.join(u',')));
        for (const QString &v : versions) {
            const auto lock = RuntimeLock::forVersion(v);
            QVERIFY2(lock.ok(), qPrintable(lock.ok() ? QString() : lock.error().message));
            QCOMPARE(lock->kafkaVersion, v);
            QVERIFY(lock->jars.size() > 50);
            QVERIFY(std::any_of(lock->jars.cbegin(), lock->jars.cend(),
                                [&v](const LockedJar &j) { return j.fileName() == u"kafka_2.13-"_s + v + u".jar"_s; }));
            QVERIFY(lock->totalBytes() > 40'000'000);
        }
    }

    // The stamp is setup.sh's: a runtime installed either way is recognised by both; a pom edited without
    // regenerating its lock fails here.
    void shippedStampMatchesThePom()
    {
        for (const QString &v : RuntimeLock::knownVersions()) {
            QFile pom(QStringLiteral(ENSEMBLE_SOURCE_DIR) + u"/installer/pom-"_s + v + u".xml"_s);
            QVERIFY(pom.open(QIODevice::ReadOnly));
            QCOMPARE(RuntimeLock::forVersion(v)->stamp,
                     u"kafka %1 pom-sha256 %2"_s.arg(
                         v, QString::fromLatin1(hex(pom.readAll(), QCryptographicHash::Sha256))));
        }
    }

    void unknownVersionIsBadInputNamingTheKnownOnes()
    {
        const auto lock = RuntimeLock::forVersion(u"2.8.0"_s);
        QVERIFY(!lock.ok());
        QCOMPARE(lock.error().kind, Error::Kind::BadInput);
        QVERIFY(lock.error().message.contains(u"4.4.0"_s));
        QVERIFY(!RuntimeLock::forVersion(u"../kafka-4.4.0"_s).ok());
    }

    void coordinatesGiveMavenPaths()
    {
        const LockedJar plain{u"org.apache.kafka"_s, u"kafka_2.13"_s, u"4.4.0"_s, {}, 1, {}, {}};
        QCOMPARE(plain.fileName(), u"kafka_2.13-4.4.0.jar"_s);
        QCOMPARE(plain.repositoryPath(), u"org/apache/kafka/kafka_2.13/4.4.0/kafka_2.13-4.4.0.jar"_s);
        const LockedJar classified{u"io.netty"_s, u"netty"_s, u"4.1"_s, u"linux-x86_64"_s, 1, {}, {}};
        QCOMPARE(classified.fileName(), u"netty-4.1-linux-x86_64.jar"_s);
        QCOMPARE(classified.coordinates(), u"io.netty:netty:4.1:linux-x86_64"_s);
    }

    void malformedLockIsRefusedWithItsLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "kafka 1.0\nstamp kafka 1.0 pom-sha256 ab\n";
        const QByteArray sha1(40, 'a'), sha256(64, 'b');
        QTest::newRow("bad size") << head + "jar a:b:1 -5 " + sha1 + ' ' + sha256 << u"line 3"_s;
        QTest::newRow("short sha1") << head + "jar a:b:1 5 abc " + sha256 << u"line 3"_s;
        QTest::newRow("upper-case hex") << head + "jar a:b:1 5 " + sha1.toUpper() + ' ' + sha256 << u"line 3"_s;
        QTest::newRow("two-part coordinates") << head + "jar a:b 5 " + sha1 + ' ' + sha256 << u"line 3"_s;
        QTest::newRow("path in artifact") << head + "jar a:../b:1 5 " + sha1 + ' ' + sha256 << u"line 3"_s;
        QTest::newRow("unknown line") << "# c\nkafka 1.0\nfoo\n"_ba << u"line 3"_s;
        QTest::newRow("no jars") << head << u"no `kafka`"_s;
    }
    void malformedLockIsRefusedWithItsLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const auto lock = RuntimeLock::parse(text);
        QVERIFY(!lock.ok());
        QVERIFY2(lock.error().message.contains(expected), qPrintable(lock.error().message));
    }

    void checksumFilesInMavensForms()
    {
        const QByteArray sha1 = "2d61bfb5b38469cb76141b06dc68d36a9007e9ad";
        QCOMPARE(RuntimeLock::checksumFromFile(sha1, 40), sha1);
        QCOMPARE(RuntimeLock::checksumFromFile(sha1.toUpper() + "  hash4j-0.22.0.jar\n", 40), sha1);
        QCOMPARE(RuntimeLock::checksumFromFile("<html>404</html>", 40), QByteArray());
        QCOMPARE(RuntimeLock::checksumFromFile(sha1, 64), QByteArray());
        QCOMPARE(RuntimeLock::checksumFromFile({}, 40), QByteArray());
    }

    void installsEveryJarThenStamps()
    {
        Repository repo;
        QTemporaryDir root;
        const auto [ok, message] = install(repo.lock, root.path());
        QVERIFY2(ok, qPrintable(message));
        const QString dir = root.filePath(u"kafka-9.9.9"_s);
        QCOMPARE(QDir(dir + u"/libs"_s).entryList(QDir::Files), (QStringList{u"alpha-1.0.jar"_s, u"beta-1.0.jar"_s}));
        QCOMPARE(RuntimeInstaller::installedStamp(u"9.9.9"_s, root.path()), repo.lock.stamp);
        QVERIFY(!QFileInfo::exists(dir + u"/download"_s));
        // Again: nothing to do.
        const auto [again, text] = install(repo.lock, root.path());
        QVERIFY(again);
        QVERIFY2(text.contains(u"already installed"_s), qPrintable(text));
        QVERIFY(!QFileInfo::exists(dir + u"/download"_s));
        QVERIFY(RuntimeInstaller::remove(u"9.9.9"_s, root.path()).ok());
        QVERIFY(!QFileInfo::exists(dir));
        QCOMPARE(RuntimeInstaller::remove(u"9.9.9"_s, root.path()).error().kind, Error::Kind::BadInput);
    }

    void corruptedJarIsRefusedAndNothingIsInstalled()
    {
        Repository repo;
        QFile jar(repo.jarPath(0));
        QVERIFY(jar.open(QIODevice::ReadWrite));
        jar.seek(500);
        jar.write("X"); // same size, one byte changed: only a checksum tells
        jar.close();
        QTemporaryDir root;
        const auto [ok, message] = install(repo.lock, root.path());
        QVERIFY(!ok);
        QVERIFY2(message.contains(u"alpha-1.0.jar does not match its checksum"_s), qPrintable(message));
        const QString dir = root.filePath(u"kafka-9.9.9"_s);
        QVERIFY(!QFileInfo::exists(dir + u"/libs"_s));
        QVERIFY(!QFileInfo::exists(dir + u"/.complete"_s));
        QVERIFY(!QFileInfo::exists(dir + u"/download/alpha-1.0.jar"_s));
        QVERIFY(QDir(dir + u"/download"_s).entryList({u"*.part"_s}, QDir::Files).isEmpty());
    }

    void repositoryChecksumMustAgreeWithTheLock()
    {
        Repository repo;
        writeFile(repo.jarPath(1) + u".sha1"_s, QByteArray(40, 'e'));
        QTemporaryDir root;
        const auto [ok, message] = install(repo.lock, root.path());
        QVERIFY(!ok);
        QVERIFY2(message.contains(u"repository's checksum of beta-1.0.jar"_s), qPrintable(message));
        QVERIFY(RuntimeInstaller::installedStamp(u"9.9.9"_s, root.path()).isEmpty());
    }

    void missingJarFailsThenAFixedRepositoryResumes()
    {
        Repository repo;
        const QString beta = repo.jarPath(1);
        QVERIFY(QFile::rename(beta, beta + u".away"_s));
        QTemporaryDir root;
        const auto [ok, message] = install(repo.lock, root.path());
        QVERIFY(!ok);
        QVERIFY2(message.contains(u"could not download"_s), qPrintable(message));
        QVERIFY(RuntimeInstaller::installedStamp(u"9.9.9"_s, root.path()).isEmpty());
        QVERIFY(QFile::rename(beta + u".away"_s, beta));
        int resumed = -1;
        const auto [second, text] = install(repo.lock, root.path(), &resumed);
        QVERIFY2(second, qPrintable(text));
        QCOMPARE(resumed, 1); // alpha, verified by the first run, was not fetched again
        QCOMPARE(RuntimeInstaller::installedStamp(u"9.9.9"_s, root.path()), repo.lock.stamp);
    }

    void secondInstallOfTheSameVersionIsKeptOut()
    {
        Repository repo;
        QTemporaryDir root;
        const QString dir = root.filePath(u"kafka-9.9.9"_s);
        QVERIFY(QDir().mkpath(dir));
        const int fd = ::open(QFile::encodeName(dir + u"/.lock"_s).constData(), O_RDWR | O_CREAT, 0644);
        QVERIFY(fd >= 0 && ::flock(fd, LOCK_EX) == 0); // as setup.sh or another `runtime install` holds it
        const auto [ok, message] = install(repo.lock, root.path());
        ::close(fd);
        QVERIFY(!ok);
        QVERIFY2(message.contains(u"another install of Kafka 9.9.9"_s), qPrintable(message));
        QVERIFY(install(repo.lock, root.path()).first);
    }
};

QTEST_GUILESS_MAIN(TestRuntimeLock)
#include "tst_runtimelock.moc"
