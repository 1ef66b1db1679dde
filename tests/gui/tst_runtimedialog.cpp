// Help → Kafka runtimes: the dialog installs Kafka 4.4.0 into an empty data folder on its worker thread (from a
// file:// repository made of the local Maven cache, so it needs no network) while the UI thread keeps answering,
// shows it installed, then makes the class-data archive for fast starts (a real training run of one combined KRaft
// node), and a cancelled install leaves nothing installed. Screenshots go to ENSEMBLE_SCREENSHOT_DIR.
#include "RuntimeDialog.h"
#include "RuntimeInstaller.h"
#include "RuntimeLock.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace ensemble;
using ensemble::ui::RuntimeDialog;

namespace {

// A Maven-layout repository of symbolic links into ~/.m2 for the 4.4.0 lock; empty when the cache lacks a jar.
QString mirrorOfMavenCache(const QTemporaryDir &repo)
{
    const QString cache = QDir::homePath() + u"/.m2/repository"_s;
    const auto lock = RuntimeLock::forVersion(u"4.4.0"_s);
    for (const LockedJar &jar : lock->jars) {
        const QString from = cache + u'/' + jar.repositoryPath();
        const QString to = repo.filePath(jar.repositoryPath());
        QDir().mkpath(QFileInfo(to).absolutePath());
        if (!QFile::link(from, to) || !QFile::link(from + u".sha1"_s, to + u".sha1"_s) || !QFile::exists(from))
            return {};
    }
    return QUrl::fromLocalFile(repo.path()).toString();
}

void screenshot(QWidget &w, const QString &name)
{
    const QString dir = qEnvironmentVariable("ENSEMBLE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w.grab().save(dir + u'/' + name));
}

} // namespace

class TestRuntimeDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_data;
    QTemporaryDir m_repo;

  private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_DATA_HOME", m_data.path().toUtf8());
        const QString url = mirrorOfMavenCache(m_repo);
        if (url.isEmpty())
            QSKIP("the local Maven cache (~/.m2) lacks the Kafka 4.4.0 jars: run installer/setup.sh");
        qputenv("ENSEMBLE_MAVEN_URL", url.toUtf8());
    }

    void installsOffTheUiThreadAndShowsItInstalled()
    {
        RuntimeDialog dialog;
        dialog.show();
        auto *table = dialog.findChild<QTableWidget *>();
        QVERIFY(table->findItems(u"4.4.0"_s, Qt::MatchExactly).size() == 1);
        QSignalSpy done(&dialog, &RuntimeDialog::installFinished);
        // The UI thread must keep turning while the jars are fetched and hashed.
        int ticks = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, &dialog, [&ticks] { ++ticks; });
        tick.start(20);
        bool shot = false;
        auto *bar = dialog.findChild<QProgressBar *>();
        connect(bar, &QProgressBar::valueChanged, &dialog, [&](int value) {
            if (!shot && value > 300) {
                shot = true;
                screenshot(dialog, u"runtime-dialog-installing.png"_s);
            }
        });
        dialog.install(u"4.4.0"_s);
        QVERIFY(dialog.isInstalling());
        QSignalSpy archived(&dialog, &RuntimeDialog::fastStartsFinished);
        QVERIFY(done.wait(300000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QVERIFY(ticks > 0);
        const int row = table->findItems(u"4.4.0"_s, Qt::MatchExactly).first()->row();
        QCOMPARE(table->item(row, 1)->text(), u"installed"_s);
        QVERIFY(QFileInfo::exists(m_data.filePath(u"ensemble/runtime/kafka-4.4.0/libs/kafka_2.13-4.4.0.jar"_s)));
        QVERIFY(dialog.isPreparingFastStarts());
        QVERIFY(archived.wait(300000));
        QVERIFY2(archived.first().at(0).toBool(), qPrintable(archived.first().at(1).toString()));
        QDirIterator it(m_data.filePath(u"ensemble/runtime/cds"_s), {u"kafka.jsa"_s, u"kafka.aot"_s}, QDir::Files,
                        QDirIterator::Subdirectories);
        QVERIFY2(it.hasNext(), "no class-data archive under the data folder after the training run");
        QVERIFY(QFileInfo(it.next()).size() > 0);
        table->selectRow(row);
        screenshot(dialog, u"runtime-dialog.png"_s);
        QVERIFY(RuntimeInstaller::remove(u"4.4.0"_s).ok());
    }

    void cancelLeavesNothingInstalled()
    {
        RuntimeDialog dialog;
        dialog.show();
        QSignalSpy done(&dialog, &RuntimeDialog::installFinished);
        dialog.install(u"4.4.0"_s);
        // Cancel at once, as a user's click does.
        for (QPushButton *b : dialog.findChildren<QPushButton *>())
            if (b->text() == u"&Cancel install")
                b->click();
        QVERIFY(done.wait(60000));
        QVERIFY(!done.first().at(0).toBool());
        QVERIFY2(done.first().at(1).toString().contains(u"cancelled"_s), qPrintable(done.first().at(1).toString()));
        QVERIFY(RuntimeInstaller::installedStamp(u"4.4.0"_s).isEmpty());
        QVERIFY(!QFileInfo::exists(m_data.filePath(u"ensemble/runtime/kafka-4.4.0/libs"_s)));
    }
};

QTEST_MAIN(TestRuntimeDialog)
#include "tst_runtimedialog.moc"
