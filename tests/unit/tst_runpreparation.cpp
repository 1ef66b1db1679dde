// The blocking half of a cluster run's set-up (RunPreparation), on real files and ports: no JVM is started (the
// runtime is only located). Bad input is refused before anything is held; the copy of the cluster file is checked;
// a failure lets go of the workspace lock.
#include "RunPreparation.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {
const QByteArray kSmall = "name: prep-small\ncoordinators: 1\nbrokers: 1\ntopics: []\n";

QString writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(text);
    return path;
}
} // namespace

class TestRunPreparation : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void badClusterFileIsBadInputAndTouchesNothing()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir.filePath(u"bad.yaml"_s), "brokers: -3\n");
        const QString ws = dir.filePath(u"ws"_s);
        QStringList steps;
        const PreparedRun run =
            RunPreparation::prepare(file, ws, false, [&steps](const QString &step) { steps.append(step); });
        QVERIFY(run.error);
        QCOMPARE(run.error->exitCode(), 2);
        QCOMPARE(run.error->message, u"the cluster file has errors; nothing was started"_s);
        QVERIFY(!run.diagnostics.isEmpty());
        QVERIFY2(run.diagnostics.first().startsWith(file), qPrintable(run.diagnostics.first()));
        QVERIFY(!run.lock);
        QVERIFY(!QFileInfo::exists(ws)); // no workspace was made
        QCOMPARE(steps, QStringList{u"reading the cluster file"_s});
    }

    void missingClusterFileIsBadInput()
    {
        QTemporaryDir dir;
        const PreparedRun run = RunPreparation::prepare(dir.filePath(u"nope.yaml"_s), dir.filePath(u"ws"_s));
        QVERIFY(run.error);
        QCOMPARE(run.error->exitCode(), 2);
        QVERIFY(!run.diagnostics.isEmpty());
    }

    void preparesFilesHoldsTheLockAndRefusesASecondRun()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir.filePath(u"cluster.yaml"_s), kSmall);
        const QString ws = dir.filePath(u"ws"_s);
        PreparedRun run = RunPreparation::prepare(file, ws);
        if (run.error && run.error->message.contains(u"Kafka runtime"_s))
            QSKIP(qPrintable(u"no Kafka runtime: "_s + run.error->message));
        QVERIFY2(!run.error, run.error ? qPrintable(run.error->message) : "");
        QVERIFY(run.lock && run.lock->isLocked());
        QCOMPARE(run.layout.nodes.size(), 2);
        QVERIFY(run.runtime.javaMajor >= 11);
        QVERIFY(QFileInfo::exists(run.workspace->layoutFile()));
        QVERIFY(QFileInfo::exists(run.workspace->confDir(u"kafka-1"_s) + u"/server.properties"_s));
        QFile copy(run.workspace->clusterFile());
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), kSmall);

        const PreparedRun second = RunPreparation::prepare(file, ws);
        QVERIFY(second.error);
        QCOMPARE(second.error->exitCode(), 2);
        QVERIFY2(second.error->message.contains(u"already running"_s), qPrintable(second.error->message));
        QVERIFY(!second.lock);

        // The workspace's own copy given as the cluster file: read before it is rewritten, so it survives.
        run.lock.reset();
        const PreparedRun again = RunPreparation::prepare(run.workspace->clusterFile(), ws);
        QVERIFY2(!again.error, again.error ? qPrintable(again.error->message) : "");
        QFile copyAgain(run.workspace->clusterFile());
        QVERIFY(copyAgain.open(QIODevice::ReadOnly));
        QCOMPARE(copyAgain.readAll(), kSmall);
    }

    void failedCopyOfTheClusterFileIsAnErrorAndFreesTheLock()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir.filePath(u"cluster.yaml"_s), kSmall);
        const QString ws = dir.filePath(u"ws"_s);
        PreparedRun first = RunPreparation::prepare(file, ws);
        if (first.error && first.error->message.contains(u"Kafka runtime"_s))
            QSKIP(qPrintable(u"no Kafka runtime: "_s + first.error->message));
        QVERIFY(!first.error);
        first.lock.reset();
        // A directory where the copy must go: the write cannot succeed.
        QVERIFY(QFile::remove(first.workspace->clusterFile()));
        QVERIFY(QDir().mkpath(first.workspace->clusterFile() + u"/blocker"_s));
        const PreparedRun run = RunPreparation::prepare(file, ws);
        QVERIFY(run.error);
        QCOMPARE(run.error->exitCode(), 1);
        QVERIFY2(run.error->message.contains(first.workspace->clusterFile()), qPrintable(run.error->message));
        QVERIFY(!run.lock);
        QLockFile probe(first.workspace->lockFile());
        QVERIFY(probe.tryLock(0)); // nothing holds the workspace
    }
};

QTEST_GUILESS_MAIN(TestRunPreparation)
#include "tst_runpreparation.moc"
