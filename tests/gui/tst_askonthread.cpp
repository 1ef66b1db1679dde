// askOnThread, the drill's way to call the engine on its thread: a call whose thread never got to it is abandoned
// and never runs later; a call that started before the deadline is waited for and its answer reported, so an
// action that happened is never reported as not done.
#include "AskOnThread.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace ensemble::ui;

class TestAskOnThread : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init()
    {
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        m_thread.start();
    }

    void cleanup()
    {
        QMetaObject::invokeMethod(m_context, &QObject::deleteLater);
        m_thread.quit();
        m_thread.wait();
    }

    void answersFromTheOtherThread()
    {
        QThread *ranOn = nullptr;
        const auto answer = askOnThread<int>(m_context, std::function<int()>([&] {
                                                 ranOn = QThread::currentThread();
                                                 return 42;
                                             }),
                                             5000);
        QVERIFY(answer);
        QCOMPARE(*answer, 42);
        QCOMPARE(ranOn, &m_thread);
    }

    void anAbandonedCallNeverRunsLater()
    {
        std::atomic<int> ran = 0;
        QMetaObject::invokeMethod(m_context, [] { QThread::msleep(600); }); // the thread is busy
        const auto answer = askOnThread<int>(m_context, std::function<int()>([&] { return ++ran; }), 100);
        QVERIFY(!answer);
        QTest::qWait(1000); // the thread is free again and runs its queue
        QCOMPARE(ran.load(), 0);
    }

    void aCallThatStartedInTimeIsAwaited()
    {
        std::atomic<int> ran = 0;
        // Starts well before the deadline and ends after it: it happened, so its answer must come back.
        const auto answer = askOnThread<int>(m_context, std::function<int()>([&] {
                                                 QThread::msleep(1500);
                                                 return ++ran;
                                             }),
                                             800);
        QCOMPARE(ran.load(), 1);
        QVERIFY2(answer.has_value(), "a call that ran was reported as not answered");
        QCOMPARE(*answer, 1);
    }

  private:
    QThread m_thread;
    QObject *m_context = nullptr;
};

QTEST_MAIN(TestAskOnThread)
#include "tst_askonthread.moc"
