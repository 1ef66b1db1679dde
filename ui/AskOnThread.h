// askOnThread: runs a function on another QObject's thread and waits a bounded time for its answer. Used by the
// drill's worker to call the engine (kill, restart, status) on the engine's thread without ever waiting forever.
#pragma once

#include <QObject>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>

namespace ensemble::ui {

// Runs FN on CONTEXT's thread and waits up to TIMEOUTMS for its answer. Nothing when that thread did not start FN
// in time or CONTEXT went away first (its queued call is then dropped, which breaks the promise).
// Starting and abandoning are one atomic decision: either FN starts (and its answer is awaited, however late it
// comes, so a kill that ran is never reported as not run), or the call is abandoned and FN never runs (a late
// `kill` must not kill a broker the drill has stopped tracking).
template <typename T> std::optional<T> askOnThread(QObject *context, std::function<T()> fn, int timeoutMs)
{
    enum : int { Pending, Started, Abandoned };
    auto promise = std::make_shared<std::promise<T>>();
    auto state = std::make_shared<std::atomic<int>>(Pending);
    std::future<T> answer = promise->get_future();
    QMetaObject::invokeMethod(
        context,
        [promise, state, fn = std::move(fn)] {
            int expected = Pending;
            if (state->compare_exchange_strong(expected, Started))
                promise->set_value(fn());
        },
        Qt::QueuedConnection);
    if (answer.wait_for(std::chrono::milliseconds(timeoutMs)) != std::future_status::ready) {
        int expected = Pending;
        if (state->compare_exchange_strong(expected, Abandoned))
            return std::nullopt;
        answer.wait(); // FN has started: its answer comes (engine calls are short)
    }
    try {
        return answer.get();
    } catch (const std::future_error &) {
        return std::nullopt;
    }
}

} // namespace ensemble::ui
