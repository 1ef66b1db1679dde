// `ensemble runtime`: installs Kafka 4.4.0 from Maven Central into an empty data folder with no Maven on the PATH
// (skipped, saying so, when Maven Central cannot be reached); refuses a corrupted jar from a repository made of
// the local Maven cache with one jar altered, leaving nothing installed; names the install command when a cluster
// file asks for a version that is not installed.
#include "CliRunner.h"
#include "RuntimeLock.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

// The environment of a user with an empty data folder and no Maven: PATH holds nothing but java.
QProcessEnvironment freshUser(const QString &dataHome)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_DATA_HOME"_s, dataHome);
    env.remove(u"KAFKA_HOME"_s);
    env.insert(u"PATH"_s, QDir(dataHome).filePath(u"bin"_s));
    return env;
}

// A Maven-layout repository of symbolic links into the local Maven cache (setup.sh filled it) for the 4.4.0 lock;
// empty when the cache lacks a jar.
QString mirrorOfMavenCache(const QTemporaryDir &repo)
{
    const QString cache = QDir::homePath() + u"/.m2/repository"_s;
    const auto lock = RuntimeLock::forVersion(u"4.4.0"_s); // held: a range-for over a temporary's member dangles
    if (!lock)
        return {};
    for (const LockedJar &jar : lock->jars) {
        const QString from = cache + u'/' + jar.repositoryPath();
        const QString to = repo.filePath(jar.repositoryPath());
        QDir().mkpath(QFileInfo(to).absolutePath());
        if (!QFile::exists(from) || !QFile::link(from, to) || !QFile::link(from + u".sha1"_s, to + u".sha1"_s))
            return {};
    }
    return QUrl::fromLocalFile(repo.path()).toString();
}

// Processes whose command line names PATH (the training run's nodes carry their workspace, which lies below it).
QStringList processesNaming(const QString &path)
{
    QStringList found;
    for (const QString &pid : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        QFile cmdline(u"/proc/"_s + pid + u"/cmdline"_s);
        if (pid.toInt() > 0 && cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(path.toUtf8()))
            found.append(pid);
    }
    return found;
}

} // namespace

class TestRuntime : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void installsFromMavenCentralWithoutMaven()
    {
        QTcpSocket probe;
        probe.connectToHost(u"repo.maven.apache.org"_s, 443);
        if (!probe.waitForConnected(10000))
            QSKIP(qPrintable(u"Maven Central (repo.maven.apache.org:443) cannot be reached from here (%1): the "
                             "network install is not tested"_s.arg(probe.errorString())));
        probe.abort();
        QTemporaryDir data;
        const QProcessEnvironment env = freshUser(data.path());
        const CliResult r = runCli({u"runtime"_s, u"install"_s, u"4.4.0"_s, u"--json"_s}, 600000, env);
        QVERIFY2(r.exitCode == 0, r.text().toUtf8().constData());
        const QJsonObject result = r.json();
        QVERIFY(result.value(u"ok"_s).toBool());
        qInfo("installed Kafka 4.4.0: %d jars, %.1f MB in %.1f s", result.value(u"jars"_s).toInt(),
              result.value(u"bytes"_s).toDouble() / 1e6, result.value(u"seconds"_s).toDouble());
        QVERIFY2(r.err.contains("files,"), r.err.constData()); // progress on stderr
        const auto lock = RuntimeLock::forVersion(u"4.4.0"_s);
        const QString runtime = data.filePath(u"ensemble/runtime/kafka-4.4.0"_s);
        QCOMPARE(QDir(runtime + u"/libs"_s).entryList({u"*.jar"_s}, QDir::Files).size(), lock->jars.size());
        QFile stamp(runtime + u"/.complete"_s);
        QVERIFY(stamp.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(stamp.readAll()).trimmed(), lock->stamp);
        QVERIFY(!QFileInfo::exists(runtime + u"/download"_s));

        const CliResult list = runCli({u"runtime"_s, u"list"_s, u"--json"_s}, 30000, env);
        QCOMPARE(list.exitCode, 0);
        bool seen = false;
        for (const QJsonValue &v : list.json().value(u"runtimes"_s).toArray()) {
            const QJsonObject o = v.toObject();
            if (o.value(u"version"_s).toString() == u"4.4.0")
                seen = o.value(u"installed"_s).toBool() && o.value(u"current"_s).toBool();
            else
                QVERIFY(!o.value(u"installed"_s).toBool());
        }
        QVERIFY2(seen, list.out.constData());
        QCOMPARE(runCli({u"runtime"_s, u"remove"_s, u"4.4.0"_s}, 30000, env).exitCode, 0);
        QVERIFY(!QFileInfo::exists(runtime));
    }

    void corruptedJarIsRefusedAndNothingIsInstalled()
    {
        // A repository in Maven's layout made of the local Maven cache (setup.sh filled it), one jar altered.
        const QString cache = QDir::homePath() + u"/.m2/repository"_s;
        const auto lock = RuntimeLock::forVersion(u"4.4.0"_s);
        QTemporaryDir repo;
        for (const LockedJar &jar : lock->jars) {
            const QString from = cache + u'/' + jar.repositoryPath();
            if (!QFile::exists(from) || !QFile::exists(from + u".sha1"_s))
                QSKIP(qPrintable(u"the local Maven cache lacks %1 (run installer/setup.sh)"_s.arg(from)));
            const QString to = repo.filePath(jar.repositoryPath());
            QDir().mkpath(QFileInfo(to).absolutePath());
            QVERIFY(QFile::link(from + u".sha1"_s, to + u".sha1"_s));
            if (jar.artifact == u"kafka-clients") {
                QVERIFY(QFile::copy(from, to));
                QFile f(to);
                QVERIFY(f.open(QIODevice::ReadWrite));
                f.seek(jar.size / 2);
                const char byte = f.peek(1).at(0);
                f.write(QByteArray(1, char(byte ^ 0x20)));
            } else {
                QVERIFY(QFile::link(from, to));
            }
        }
        QTemporaryDir data;
        QProcessEnvironment env = freshUser(data.path());
        env.insert(u"ENSEMBLE_MAVEN_URL"_s, QUrl::fromLocalFile(repo.path()).toString());
        const CliResult r = runCli({u"runtime"_s, u"install"_s, u"4.4.0"_s}, 300000, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("kafka-clients-4.4.0.jar does not match its checksum"), r.err.constData());
        const QString runtime = data.filePath(u"ensemble/runtime/kafka-4.4.0"_s);
        QVERIFY(!QFileInfo::exists(runtime + u"/libs"_s));
        QVERIFY(!QFileInfo::exists(runtime + u"/.complete"_s));
        QVERIFY(QDir(runtime + u"/download"_s).entryList({u"*.part"_s}, QDir::Files).isEmpty());
        QVERIFY(!QFileInfo::exists(runtime + u"/download/kafka-clients-4.4.0.jar"_s));
        const CliResult list = runCli({u"runtime"_s, u"list"_s, u"--json"_s}, 30000, env);
        for (const QJsonValue &v : list.json().value(u"runtimes"_s).toArray())
            QVERIFY(!v.toObject().value(u"installed"_s).toBool());
    }

    void installMakesTheClassDataArchives()
    {
        // From the local Maven cache (no network), into an empty data folder, with the Java on PATH (or JAVA_HOME):
        // the install ends with a training run that leaves the archive the first cluster start maps.
        QTemporaryDir repo;
        const QString url = mirrorOfMavenCache(repo);
        if (url.isEmpty())
            QSKIP("the local Maven cache (~/.m2) lacks the Kafka 4.4.0 jars: run installer/setup.sh");
        QTemporaryDir data;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_DATA_HOME"_s, data.path());
        env.insert(u"ENSEMBLE_MAVEN_URL"_s, url);
        env.remove(u"KAFKA_HOME"_s);
        const CliResult r = runCli({u"runtime"_s, u"install"_s, u"4.4.0"_s, u"--json"_s}, 600000, env);
        QVERIFY2(r.exitCode == 0, r.text().toUtf8().constData());
        const QJsonObject classData = r.json().value(u"class_data"_s).toObject();
        QVERIFY2(classData.value(u"ok"_s).toBool(), r.text().toUtf8().constData());
        QVERIFY2(r.err.contains("preparing fast starts"), r.err.constData()); // progress on stderr
        qInfo("training run: %.1f s", classData.value(u"seconds"_s).toDouble());
        QDirIterator it(data.filePath(u"ensemble/runtime/cds"_s), {u"kafka.jsa"_s, u"kafka.aot"_s}, QDir::Files,
                        QDirIterator::Subdirectories);
        QVERIFY2(it.hasNext(), "no class-data archive under the data folder after `runtime install`");
        QVERIFY(QFileInfo(it.next()).size() > 1000000);
        QVERIFY(QDir(data.filePath(u"ensemble/runtime"_s)).entryList({u"training-*"_s}, QDir::Dirs).isEmpty());
        QVERIFY2(processesNaming(data.path()).isEmpty(), "a training node outlived `runtime install`");

        const CliResult list = runCli({u"runtime"_s, u"list"_s, u"--json"_s}, 30000, env);
        bool ready = false;
        for (const QJsonValue &v : list.json().value(u"runtimes"_s).toArray())
            if (v.toObject().value(u"version"_s).toString() == u"4.4.0")
                ready = v.toObject().value(u"class_data"_s).toObject().value(u"ready"_s).toBool();
        QVERIFY2(ready, list.out.constData());
        // Nothing to do the second time.
        const CliResult again = runCli({u"runtime"_s, u"archive"_s, u"4.4.0"_s}, 60000, env);
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.err.contains("there already"), again.err.constData());
    }

    void missingVersionNamesTheInstallCommand()
    {
        QTemporaryDir data;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_DATA_HOME"_s, data.path());
        env.remove(u"KAFKA_HOME"_s);
        const QString file = writeClusterFile(data.path(), "mode: kraft\nkafka_version: 4.4.0\n");
        const CliResult r = runCli({u"up"_s, u"-f"_s, file, u"-w"_s, data.filePath(u"ws"_s)}, 60000, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("ensemble runtime install 4.4.0"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"
