// Ensemble's own log: the file is written, by a named logger and by Qt's messages routed through the handler.
#include "AppLog.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include <spdlog/logger.h>

using namespace Qt::StringLiterals;
using namespace ensemble;

Q_LOGGING_CATEGORY(lcTestSubsystem, "ensemble.testsub")

class TestAppLog : public QObject
{
    Q_OBJECT
  private:
    static QByteArray contents(const QString &path)
    {
        AppLog::flush();
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

  private Q_SLOTS:
    void namedLoggerAndQtMessagesReachTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"ws/ensemble.log"_s); // the directory is created
        QVERIFY(AppLog::addFile(path).ok());
        AppLog::installQtMessageHandler();
        AppLog::get(u"run"_s)->info("ready in {}", "/tmp/somewhere");
        qCWarning(lcTestSubsystem) << "a warning from a category";
        qWarning("a plain Qt warning");
        const QByteArray text = contents(path);
        QVERIFY2(text.contains("[run] info: ready in /tmp/somewhere"), text.constData());
        QVERIFY2(text.contains("[testsub] warning: a warning from a category"), text.constData());
        QVERIFY2(text.contains("[qt] warning: a plain Qt warning"), text.constData());
        AppLog::removeFile(path);
    }

    void removedFileGetsNoMoreLines()
    {
        QTemporaryDir dir;
        const QString first = dir.filePath(u"a.log"_s), second = dir.filePath(u"b.log"_s);
        QVERIFY(AppLog::addFile(first).ok());
        QVERIFY(AppLog::addFile(second).ok());
        AppLog::get(u"run"_s)->info("both");
        AppLog::removeFile(first);
        AppLog::get(u"run"_s)->info("second only");
        QVERIFY(contents(first).contains("both"));
        QVERIFY(!contents(first).contains("second only"));
        QVERIFY(contents(second).contains("second only"));
        AppLog::removeFile(second);
    }

    void unwritablePlaceIsAnErrorThatSaysWhere()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(u"file"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const auto s = AppLog::addFile(dir.filePath(u"file/ensemble.log"_s)); // a file where a directory must be
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(u"file/ensemble.log"_s), qPrintable(s.error().message));
    }

    void windowLogFollowsXdgStateHome()
    {
        qputenv("XDG_STATE_HOME", "/tmp/state-test");
        QCOMPARE(AppLog::windowLogFile(), u"/tmp/state-test/ensemble/gui.log"_s);
        qunsetenv("XDG_STATE_HOME");
        QVERIFY(AppLog::windowLogFile().endsWith(u"/.local/state/ensemble/gui.log"_s));
    }
};

QTEST_GUILESS_MAIN(TestAppLog)
#include "tst_applog.moc"
