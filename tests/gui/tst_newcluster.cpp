// File → New cluster…, Open recent and the "not installed — install now?" decision: the dialog's fields become a
// cluster file that parses back to the spec they describe, invalid combinations disable OK with the validator's
// own message, the recent list keeps order and cap and drops missing files with a note, the install prompt asks
// exactly when the cluster's runtime is missing and installable, and the window takes a new file and tries to start
// it (here with no runtime installed: the refusal says how to install it). The download itself is tst_runtimedialog's.
// Data and settings live in temporary folders (XDG_DATA_HOME, XDG_CONFIG_HOME), set before the application starts.
#include "ClusterFeed.h"
#include "ClusterSpec.h"
#include "FileMenu.h"
#include "MainWindow.h"
#include "NewClusterDialog.h"
#include "RecentClusterFiles.h"
#include "RuntimeDialog.h"
#include "RuntimeInstallPrompt.h"
#include "RuntimeLocator.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace ensemble;
using namespace ensemble::ui;

namespace {

template <typename T> T *field(QWidget &dialog, const QString &name)
{
    T *w = dialog.findChild<T *>(name);
    if (!w)
        qFatal("no field %s", qPrintable(name));
    return w;
}

void choose(QComboBox *box, const QVariant &data)
{
    const int index = box->findData(data);
    QVERIFY2(index >= 0, qPrintable(data.toString()));
    box->setCurrentIndex(index);
}

bool mentions(const QStringList &lines, const QString &text)
{
    return std::any_of(lines.begin(), lines.end(), [&](const QString &l) { return l.contains(text); });
}

void touch(const QString &path)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("name: x\n");
}

} // namespace

class TestNewCluster : public QObject
{
    Q_OBJECT
    QTemporaryDir m_files;

  private Q_SLOTS:
    void fieldsBecomeAFileThatParsesToTheSpec()
    {
        NewClusterDialog dialog;
        field<QLineEdit>(dialog, u"name"_s)->setText(u"payments"_s);
        choose(field<QComboBox>(dialog, u"mode"_s), int(ClusterMode::KRaft));
        choose(field<QComboBox>(dialog, u"version"_s), u"4.4.0"_s);
        field<QSpinBox>(dialog, u"coordinators"_s)->setValue(3);
        field<QSpinBox>(dialog, u"brokers"_s)->setValue(2);
        choose(field<QComboBox>(dialog, u"profile"_s), int(Profile::Default));
        dialog.findChild<QPushButton *>(u"addTopic"_s)->click();
        auto *topics = field<QTableWidget>(dialog, u"topics"_s);
        topics->item(0, 0)->setText(u"orders"_s);
        qobject_cast<QSpinBox *>(topics->cellWidget(0, 1))->setValue(6);
        qobject_cast<QSpinBox *>(topics->cellWidget(0, 2))->setValue(2);
        const QString path = m_files.filePath(u"new/payments.yaml"_s); // the folder is made
        dialog.setFilePath(path);
        QVERIFY2(dialog.errors().isEmpty(), qPrintable(dialog.errors().join(u'\n')));
        QVERIFY(dialog.okButton()->isEnabled());
        dialog.okButton()->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        ClusterSpec expected;
        expected.name = u"payments"_s;
        expected.mode = ClusterMode::KRaft;
        expected.kafkaVersion = u"4.4.0"_s;
        expected.coordinators = 3;
        expected.brokers = 2;
        expected.profile = Profile::Default;
        expected.topics = {TopicSpec{u"orders"_s, 6, 2, {}}};
        const SpecParseResult parsed = loadClusterSpec(path);
        QVERIFY(parsed.spec);
        QVERIFY(!hasErrors(parsed.diagnostics));
        QVERIFY(*parsed.spec == expected);
        QVERIFY(dialog.spec() == expected);
    }

    void combinedNodesAreTheBrokers()
    {
        NewClusterDialog dialog;
        choose(field<QComboBox>(dialog, u"mode"_s), int(ClusterMode::KRaft));
        field<QCheckBox>(dialog, u"combined"_s)->setChecked(true);
        QCOMPARE(field<QSpinBox>(dialog, u"brokers"_s)->value(), 0); // moved to 0 with the tick
        dialog.findChild<QPushButton *>(u"addTopic"_s)->click();
        auto *topics = field<QTableWidget>(dialog, u"topics"_s);
        qobject_cast<QSpinBox *>(topics->cellWidget(0, 2))->setValue(3); // 3 combined nodes hold 3 replicas
        QVERIFY2(dialog.errors().isEmpty(), qPrintable(dialog.errors().join(u'\n')));
        QVERIFY2(!mentions(dialog.warnings(), u"replicas"_s), qPrintable(dialog.warnings().join(u'\n')));
        const QString path = m_files.filePath(u"combined.yaml"_s);
        dialog.setFilePath(path);
        dialog.okButton()->click();
        const SpecParseResult parsed = loadClusterSpec(path);
        QVERIFY(parsed.spec);
        QVERIFY(parsed.spec->combined);
        QCOMPARE(parsed.spec->brokers, 0);
        QCOMPARE(parsed.spec->coordinatorName(1), u"kafka-1"_s);
    }

    void invalidCombinationsDisableOkWithTheMessage()
    {
        NewClusterDialog dialog;
        dialog.setFilePath(m_files.filePath(u"invalid.yaml"_s));
        QVERIFY(dialog.okButton()->isEnabled());
        auto *mode = field<QComboBox>(dialog, u"mode"_s);
        auto *version = field<QComboBox>(dialog, u"version"_s);
        auto *brokers = field<QSpinBox>(dialog, u"brokers"_s);
        auto *messages = field<QLabel>(dialog, u"messages"_s);

        // ZooKeeper mode on 4.x.
        choose(mode, int(ClusterMode::ZooKeeper));
        choose(version, u"4.4.0"_s);
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(mentions(dialog.errors(), u"Kafka 4.4.0 has no ZooKeeper mode"_s));
        QVERIFY(messages->isVisibleTo(&dialog));
        QVERIFY(messages->text().contains(u"has no ZooKeeper mode"_s));
        // Switching to KRaft fixes it (4.4.0 stays: KRaft runs it).
        choose(mode, int(ClusterMode::KRaft));
        QCOMPARE(version->currentData().toString(), u"4.4.0"_s);
        QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(dialog.errors().join(u'\n')));

        // Combined nodes with separate brokers.
        field<QCheckBox>(dialog, u"combined"_s)->setChecked(true);
        brokers->setValue(2);
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(mentions(dialog.errors(), u"brokers must be 0, not 2"_s));
        brokers->setValue(0);
        QVERIFY(dialog.okButton()->isEnabled());
        field<QCheckBox>(dialog, u"combined"_s)->setChecked(false);
        QCOMPARE(brokers->value(), 3); // back to what it was before the tick

        // An even number of controllers: a warning, OK stays.
        field<QSpinBox>(dialog, u"coordinators"_s)->setValue(4);
        QVERIFY(dialog.okButton()->isEnabled());
        QVERIFY(mentions(dialog.warnings(), u"an even number of KRaft controllers (4)"_s));
        field<QSpinBox>(dialog, u"coordinators"_s)->setValue(3);

        // A topic with more replicas than brokers: Kafka would refuse it, so it is an error here as at Start.
        dialog.findChild<QPushButton *>(u"addTopic"_s)->click();
        auto *topics = field<QTableWidget>(dialog, u"topics"_s);
        qobject_cast<QSpinBox *>(topics->cellWidget(0, 2))->setValue(5);
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(mentions(dialog.errors(), u"asks for 5 replicas but the cluster has 3 brokers"_s),
                 qPrintable(dialog.errors().join(u'\n')));
        topics->item(0, 0)->setText(u"bad name!"_s);
        QVERIFY(mentions(dialog.errors(), u"'bad name!' is not a legal Kafka topic name"_s));
        topics->selectRow(0);
        dialog.findChild<QPushButton *>(u"removeTopic"_s)->click();
        QVERIFY(dialog.okButton()->isEnabled());

        // No brokers in ZooKeeper mode, a name that cannot be a folder, no file.
        choose(mode, int(ClusterMode::ZooKeeper));
        QCOMPARE(version->currentData().toString(), QString::fromLatin1(kDefaultZooKeeperKafkaVersion));
        brokers->setValue(0);
        QVERIFY(mentions(dialog.errors(), u"brokers must be between 1 and 16, not 0"_s));
        brokers->setValue(3);
        field<QLineEdit>(dialog, u"name"_s)->setText(u"my cluster"_s);
        QVERIFY(mentions(dialog.errors(), u"not usable as a directory name"_s));
        field<QLineEdit>(dialog, u"name"_s)->setText(u"mine"_s);
        dialog.setFilePath(QString());
        QVERIFY(mentions(dialog.errors(), u"no file to save to"_s));
        QVERIFY(!dialog.okButton()->isEnabled());
        dialog.okButton()->click(); // disabled: nothing happens
        dialog.accept();            // and refused when called anyway
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void theDialogAsShown()
    {
        const QString dir = qEnvironmentVariable("ENSEMBLE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set ENSEMBLE_SCREENSHOT_DIR to save the dialog's picture");
        NewClusterDialog dialog;
        dialog.setFilePath(QDir::homePath() + u"/Documents/Ensemble/orders-dev.yaml"_s);
        field<QLineEdit>(dialog, u"name"_s)->setText(u"orders-dev"_s);
        choose(field<QComboBox>(dialog, u"mode"_s), int(ClusterMode::KRaft));
        field<QSpinBox>(dialog, u"coordinators"_s)->setValue(4);
        dialog.findChild<QPushButton *>(u"addTopic"_s)->click();
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(dir + u"/new-cluster-dialog.png"_s));
    }

    void recentListKeepsOrderAndCapAndDropsMissingFiles()
    {
        QSettings settings(m_files.filePath(u"recent.ini"_s), QSettings::IniFormat);
        RecentClusterFiles recent(settings);
        QStringList made;
        for (int i = 0; i < 10; ++i) {
            made.append(m_files.filePath(u"r%1.yaml"_s.arg(i)));
            touch(made.last());
            recent.add(made.last());
        }
        QStringList files = recent.files();
        QCOMPARE(files.size(), RecentClusterFiles::kMax);
        QCOMPARE(files.first(), made.at(9)); // newest first
        QCOMPARE(files.last(), made.at(2));  // r0 and r1 fell off
        recent.add(made.at(5));              // again: moves to the top, not twice
        files = recent.files();
        QCOMPARE(files.first(), made.at(5));
        QCOMPARE(files.count(made.at(5)), 1);
        QVERIFY(QFile::remove(made.at(7)));
        QStringList dropped;
        files = recent.files(&dropped);
        QCOMPARE(dropped, QStringList{made.at(7)});
        QCOMPARE(files.size(), RecentClusterFiles::kMax - 1);
        QVERIFY(!files.contains(made.at(7)));
        dropped.clear();
        recent.files(&dropped);
        QVERIFY(dropped.isEmpty()); // dropped once, and gone from the settings
    }

    void openRecentMenuNotesMissingFiles()
    {
        QMainWindow window;
        FileMenu menu(&window, [] { return QString(); });
        const QString kept = m_files.filePath(u"kept.yaml"_s), gone = m_files.filePath(u"gone.yaml"_s);
        touch(gone);
        touch(kept);
        menu.remember(gone);
        menu.remember(kept);
        QVERIFY(QFile::remove(gone));
        QMenu *recent = nullptr;
        for (QAction *a : menu.actions())
            if (a->menu() && a->text() == u"Open &recent")
                recent = a->menu();
        QVERIFY(recent);
        Q_EMIT recent->aboutToShow();
        QStringList texts;
        for (QAction *a : recent->actions())
            texts.append(a->text());
        QVERIFY2(texts.contains(u"&1  kept.yaml"_s), qPrintable(texts.join(u" | "_s)));
        QVERIFY2(texts.contains(u"Removed, no longer there: gone.yaml"_s), qPrintable(texts.join(u" | "_s)));
        QVERIFY(!texts.contains(u"&2  gone.yaml"_s));
        // Choosing an entry opens it: checked, remembered, handed to the window.
        QSignalSpy chosen(&menu, &FileMenu::clusterFileChosen);
        recent->actions().first()->trigger();
        QCOMPARE(chosen.size(), 1); // "name: x" is a whole cluster file: every other key has a default
        QCOMPARE(chosen[0][0].toString(), kept);
        QCOMPARE(chosen[0][1].toBool(), false); // opened, not started
    }

    void installPromptAsksOnlyWhenMissingAndInstallable()
    {
        ClusterSpec spec;
        spec.mode = ClusterMode::KRaft;
        spec.kafkaVersion = u"4.4.0"_s;
        using Kind = RuntimeInstallPrompt::Need::Kind;
        // Nothing installed in this data folder.
        RuntimeInstallPrompt::Need need = RuntimeInstallPrompt::need(spec, {});
        QVERIFY(need.kind == Kind::Installable);
        QCOMPARE(need.version, u"4.4.0"_s);
        QVERIFY(need.jars > 10);
        QVERIFY(need.downloadBytes > 10'000'000);
        QVERIFY(RuntimeInstallPrompt::question(need).startsWith(u"Kafka 4.4.0 is not installed — install now?"_s));
        // A runtime given by path is the locator's to check: no offer.
        QVERIFY(RuntimeInstallPrompt::need(spec, u"/opt/kafka"_s).kind == Kind::Ready);
        ClusterSpec withHome = spec;
        withHome.kafkaHome = u"/opt/kafka"_s;
        QVERIFY(RuntimeInstallPrompt::need(withHome, {}).kind == Kind::Ready);
        // A version this build has no lock for: the locator's refusal names those it can install.
        ClusterSpec unknown = spec;
        unknown.kafkaVersion = u"4.9.9"_s;
        QVERIFY(RuntimeInstallPrompt::need(unknown, {}).kind == Kind::Ready);
        // The ZooKeeper default (3.9.2) is asked about on its own.
        QVERIFY(RuntimeInstallPrompt::need(ClusterSpec{}, {}).kind == Kind::Installable);
        QCOMPARE(RuntimeInstallPrompt::need(ClusterSpec{}, {}).version, u"3.9.2"_s);
        // Installed (its libs/ in place): start.
        QVERIFY(QDir().mkpath(RuntimeLocator::installedLibDir(u"4.4.0"_s)));
        QVERIFY(RuntimeInstallPrompt::need(spec, {}).kind == Kind::Ready);
        QVERIFY(QDir(RuntimeLocator::installedLibDir(u"4.4.0"_s)).removeRecursively());
        QVERIFY(RuntimeInstallPrompt::need(spec, {}).kind == Kind::Installable);
        // Unattended (tests, --screenshot) never asks.
        bool started = false;
        QVERIFY(RuntimeInstallPrompt::ask(nullptr, {}, true, [&started] { started = true; }) ==
                RuntimeInstallPrompt::Answer::StartNow);
        QVERIFY(!started);
    }

    void theOfferAnsweredNoOrFailingStartsNothing()
    {
        const QString file = m_files.filePath(u"offer.yaml"_s);
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("name: offer\nmode: kraft\nkafka_version: 4.4.0\ncoordinators: 1\nbrokers: 1\n");
        }
        QWidget parent;
        parent.show();
        int starts = 0;
        // The question is modal: answer it from the event loop it runs, as a user would.
        QString asked;
        auto answer = [&asked](const QString &button) {
            auto poll = std::make_shared<std::function<void()>>();
            *poll = [&asked, button, poll] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box) {
                    QTimer::singleShot(20, *poll);
                    return;
                }
                asked = box->text();
                const QString dir = qEnvironmentVariable("ENSEMBLE_SCREENSHOT_DIR");
                if (!dir.isEmpty() && button == u"Cancel")
                    box->grab().save(dir + u"/runtime-install-offer.png"_s);
                for (QAbstractButton *b : box->buttons())
                    if (b->text().remove(u'&') == button)
                        b->click();
            };
            QTimer::singleShot(20, *poll);
        };
        answer(u"Cancel"_s);
        QVERIFY(RuntimeInstallPrompt::ask(&parent, file, false, [&starts] { ++starts; }) ==
                RuntimeInstallPrompt::Answer::Declined);
        QVERIFY2(asked.startsWith(u"Kafka 4.4.0 is not installed — install now?"_s), qPrintable(asked));
        QCOMPARE(starts, 0);

        // Yes, from a repository that has none of the jars: the runtimes dialog says what went wrong, stays open,
        // and nothing starts or is installed.
        qputenv("ENSEMBLE_MAVEN_URL", QUrl::fromLocalFile(m_files.filePath(u"no-repository"_s)).toString().toUtf8());
        answer(u"Install and start"_s);
        QVERIFY(RuntimeInstallPrompt::ask(&parent, file, false, [&starts] { ++starts; }) ==
                RuntimeInstallPrompt::Answer::Installing);
        auto *dialog = parent.findChild<RuntimeDialog *>();
        QVERIFY(dialog);
        QSignalSpy finished(dialog, &RuntimeDialog::installFinished);
        QVERIFY(finished.wait(60000));
        QVERIFY(!finished.first().at(0).toBool());
        const QString message = finished.first().at(1).toString();
        QVERIFY2(message.contains(u" — "_s), qPrintable(message)); // what went wrong — what to do
        QVERIFY(dialog->isVisible());
        QCOMPARE(starts, 0);
        QVERIFY(RuntimeInstallPrompt::need(*loadClusterSpec(file).spec, {}).kind ==
                RuntimeInstallPrompt::Need::Kind::Installable);
        dialog->close();
        qunsetenv("ENSEMBLE_MAVEN_URL");
    }

    void theWindowOpensANewClusterFileAndStartsIt()
    {
        MainWindow window;
        window.setUnattended(true);
        QCOMPARE(window.fileMenu()->newAction()->shortcut(), QKeySequence(u"Ctrl+N"_s));
        QSignalSpy errors(&window, &MainWindow::errorShown);
        window.fileMenu()->newAction()->trigger();
        auto *dialog = window.findChild<NewClusterDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        choose(dialog->findChild<QComboBox *>(u"mode"_s), int(ClusterMode::KRaft));
        choose(dialog->findChild<QComboBox *>(u"version"_s), u"4.4.0"_s); // 3.9.2 would run KRaft too
        dialog->findChild<QSpinBox *>(u"coordinators"_s)->setValue(1);
        dialog->findChild<QSpinBox *>(u"brokers"_s)->setValue(1);
        const QString path = m_files.filePath(u"window.yaml"_s);
        dialog->setFilePath(path);
        dialog->okButton()->click();
        QVERIFY(QFileInfo::exists(path));
        QVERIFY2(window.windowTitle().contains(u"window.yaml"_s), qPrintable(window.windowTitle()));
        // The new file's nodes, stopped, before the start.
        QVERIFY(window.liveFeed()->layout().find(u"controller-1"_s));
        QVERIFY(window.liveFeed()->layout().find(u"kafka-1"_s));
        // No runtime in this data folder and no prompt when unattended: the start is refused with how to install.
        QVERIFY(errors.wait(60000));
        QVERIFY2(errors.last().at(0).toString().contains(u"ensemble runtime install 4.4.0"_s),
                 qPrintable(errors.last().at(0).toString()));
        QVERIFY(!window.isClusterRunning());
        // And the file is first in Open recent.
        QSettings settings(u"ensemble"_s, u"window"_s);
        QCOMPARE(RecentClusterFiles(settings).files().value(0), path);
    }
};

int main(int argc, char **argv)
{
    // Before the application (and any QSettings) exists: the user's own settings and runtimes stay untouched.
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath(u"config"_s).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(u"data"_s).toUtf8());
    qunsetenv("KAFKA_HOME");
    QApplication app(argc, argv);
    TestNewCluster test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_newcluster.moc"
