// A test's main whose process must also end: once the test functions have run, the test object, the window and the
// application are torn down, and a hang there (a thread that never returns, a librdkafka handle that is never
// released) used to surface only as ctest's 600 s timeout with no clue. Here the teardown gets 60 s; past that,
// every thread's stack is printed (gdb, when installed) and the process exits with 86, so the run fails and says
// where it hung.
#pragma once

#include <QApplication>
#include <QTest>

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

class ExitWatchdog
{
  public:
    explicit ExitWatchdog(std::chrono::seconds limit)
    {
        m_thread = std::thread([this, limit] {
            std::unique_lock lock(m_mutex);
            if (m_cv.wait_for(lock, limit, [this] { return m_done; }))
                return;
            std::fprintf(stderr, "FAIL: the test process did not end within %lld s of its last test; its threads:\n",
                         static_cast<long long>(limit.count()));
            const std::string gdb =
                "gdb -p " + std::to_string(getpid()) +
                " -batch -ex 'thread apply all bt' 1>&2 2>/dev/null || echo '(gdb not installed)' 1>&2";
            [[maybe_unused]] const int rc = std::system(gdb.c_str());
            std::fflush(stderr);
            _exit(86);
        });
    }
    ~ExitWatchdog()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }

  private:
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
};

// QTEST_MAIN, with the teardown watched.
#define ENSEMBLE_WATCHED_TEST_MAIN(TestObject)                                                                         \
    int main(int argc, char *argv[])                                                                                   \
    {                                                                                                                  \
        std::optional<ExitWatchdog> watchdog;                                                                          \
        int rc = 0;                                                                                                    \
        {                                                                                                              \
            QApplication app(argc, argv);                                                                              \
            app.setAttribute(Qt::AA_Use96Dpi, true);                                                                   \
            TestObject tc;                                                                                             \
            QTEST_SET_MAIN_SOURCE_PATH                                                                                 \
            rc = QTest::qExec(&tc, argc, argv);                                                                        \
            watchdog.emplace(std::chrono::seconds(60));                                                                \
        }                                                                                                              \
        return rc;                                                                                                     \
    }
