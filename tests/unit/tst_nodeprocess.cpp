// NodeProcess reports how a node really ended: the signal from the wait status, the fatal signal a JVM's
// crash banner names (HotSpot aborts after its report), and a SIGKILL nobody in Ensemble sent. Real child
// processes (sleep, sh) and a recorded real HotSpot banner; no JVM is started.
#include "NodeProcess.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {
const QString kBanner = QStringLiteral(ENSEMBLE_TEST_DATA) + u"/logs/jvm-fatal-sigsegv.txt"_s;
}

class TestNodeProcess : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void recordedHotSpotBannerNamesSigsegv();
    void otherLinesNameNoSignal();
    void segfaultedChildIsReportedWithSigsegv();
    void jvmAbortAfterItsCrashBannerIsReportedAsTheFatalSignal();
    void sigkillNotSentByEnsembleSaysSo();
    void normalExitKeepsItsCode();

  private:
    // Runs PROGRAM ARGS as a node; SEND (when not 0) is sent to it once it runs. Returns exited()'s arguments.
    QList<QVariant> runUntilExit(NodeProcess &node, int send);

    QTemporaryDir m_dir;
};

QList<QVariant> TestNodeProcess::runUntilExit(NodeProcess &node, int send)
{
    QSignalSpy started(&node, &NodeProcess::started);
    QSignalSpy exited(&node, &NodeProcess::exited);
    node.start();
    if (send) {
        if (!started.wait(5000))
            return {};
        QTest::qWait(100); // let sh reach its command
        ::kill(static_cast<pid_t>(node.pid()), send);
    }
    if (!exited.wait(10000))
        return {};
    return exited.takeFirst();
}

void TestNodeProcess::recordedHotSpotBannerNamesSigsegv()
{
    QFile file(kBanner);
    QVERIFY(file.open(QIODevice::ReadOnly));
    int found = 0;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (const int signal = NodeProcess::fatalSignalIn(QString::fromUtf8(line)))
            found = signal;
    QCOMPARE(found, SIGSEGV);
    QCOMPARE(NodeProcess::signalName(SIGSEGV), u"SIGSEGV"_s);
    QCOMPARE(NodeProcess::signalName(40), u"signal 40"_s);
}

void TestNodeProcess::otherLinesNameNoSignal()
{
    QCOMPARE(NodeProcess::fatalSignalIn(u"# A fatal error has been detected by the Java Runtime Environment:"_s), 0);
    QCOMPARE(NodeProcess::fatalSignalIn(u"[2024-01-01 10:00:00,000] INFO SIGSEGV (0xb) at pc=0x1"_s), 0);
    QCOMPARE(NodeProcess::fatalSignalIn(u"#  SIGSEGV (0xzz) at pc=0x1"_s), 0);
    QCOMPARE(NodeProcess::fatalSignalIn(u"#  SIGFOO (0xfffff) at pc=0x1"_s), 0);
    QCOMPARE(NodeProcess::fatalSignalIn(QString()), 0);
}

void TestNodeProcess::segfaultedChildIsReportedWithSigsegv()
{
    NodeProcess node(u"kafka-1"_s, u"sleep"_s, {u"30"_s}, m_dir.filePath(u"a.log"_s), m_dir.filePath(u"a.pid"_s));
    const QList<QVariant> args = runUntilExit(node, SIGSEGV);
    QCOMPARE(args.size(), 4);
    QCOMPARE(args.at(1).value<NodeProcess::ExitReason>(), NodeProcess::ExitReason::Crashed);
    QCOMPARE(args.at(2).toInt(), 128 + SIGSEGV);
    QCOMPARE(args.at(3).toInt(), SIGSEGV); // not the SIGTERM that used to be guessed
    QCOMPARE(node.exitText(), u"SIGSEGV"_s);
}

void TestNodeProcess::jvmAbortAfterItsCrashBannerIsReportedAsTheFatalSignal()
{
    // What a JVM does on `kill -SEGV`: prints the banner, writes hs_err_pidN.log, then abort()s.
    NodeProcess node(u"kafka-1"_s, u"sh"_s, {u"-c"_s, u"cat \"$0\"; kill -ABRT $$"_s, kBanner},
                     m_dir.filePath(u"b.log"_s), m_dir.filePath(u"b.pid"_s));
    const QList<QVariant> args = runUntilExit(node, 0);
    QCOMPARE(args.size(), 4);
    QCOMPARE(args.at(2).toInt(), 128 + SIGABRT); // the wait status, as a shell would report it
    QCOMPARE(args.at(3).toInt(), SIGSEGV);
    QVERIFY2(node.exitText().startsWith(u"SIGSEGV (the JVM's crash handler then aborted it; report: /"_s),
             qPrintable(node.exitText()));
    QVERIFY2(node.exitText().contains(u"hs_err_pid17022.log"_s), qPrintable(node.exitText()));
}

void TestNodeProcess::sigkillNotSentByEnsembleSaysSo()
{
    NodeProcess node(u"kafka-1"_s, u"sleep"_s, {u"30"_s}, m_dir.filePath(u"c.log"_s), m_dir.filePath(u"c.pid"_s));
    const QList<QVariant> args = runUntilExit(node, SIGKILL);
    QCOMPARE(args.size(), 4);
    QCOMPARE(args.at(3).toInt(), SIGKILL);
    QVERIFY2(node.exitText().contains(u"not sent by Ensemble"_s), qPrintable(node.exitText()));
}

void TestNodeProcess::normalExitKeepsItsCode()
{
    NodeProcess node(u"kafka-1"_s, u"sh"_s, {u"-c"_s, u"exit 3"_s}, m_dir.filePath(u"d.log"_s),
                     m_dir.filePath(u"d.pid"_s));
    const QList<QVariant> args = runUntilExit(node, 0);
    QCOMPARE(args.size(), 4);
    QCOMPARE(args.at(2).toInt(), 3);
    QCOMPARE(args.at(3).toInt(), 0);
    QCOMPARE(node.exitText(), u"exit code 3"_s);
}

QTEST_GUILESS_MAIN(TestNodeProcess)
#include "tst_nodeprocess.moc"
