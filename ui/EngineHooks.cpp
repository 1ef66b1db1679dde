#include "EngineHooks.h"

#include "AskOnThread.h"
#include "ClusterSession.h"

using namespace Qt::StringLiterals;

namespace ensemble::ui {

EngineHooks EngineHooks::forEngine(ClusterSession *engine, std::shared_ptr<std::atomic<bool>> closing)
{
    const Error gone = Error::runtime(u"the window is closing"_s);
    const Error silent = Error::runtime(u"the window did not answer (is the cluster stopping?)"_s);
    EngineHooks hooks;
    hooks.status = [engine, closing, gone, silent]() -> Expected<QJsonObject> {
        if (closing->load())
            return gone;
        auto status = askOnThread<QJsonObject>(
            engine, [engine] { return engine->statusJson(); }, 5000);
        if (!status)
            return silent;
        return *status;
    };
    hooks.act = [engine, closing, gone, silent](const QString &action, const QString &node) -> Status {
        if (closing->load())
            return gone;
        const std::optional<NodeAction> a = nodeActionFromString(action);
        if (!a)
            return Error::badInput(u"unknown node action %1"_s.arg(action));
        auto answer = askOnThread<QString>(
            engine,
            [engine, a, node] {
                const Status s = engine->act(*a, node);
                return s ? QString() : s.error().message;
            },
            10000);
        if (!answer)
            return silent;
        if (!answer->isEmpty())
            return Error::runtime(*answer);
        return ok();
    };
    hooks.fault = [engine, closing, gone, silent](const NetworkFault &fault) -> Expected<QString> {
        if (closing->load())
            return gone;
        // (ok, text): the description of what was done, or the error message.
        auto answer = askOnThread<std::pair<bool, QString>>(
            engine,
            [engine, fault] {
                const Expected<QString> done = engine->networkFault(fault);
                return done ? std::pair{true, done.value()} : std::pair{false, done.error().message};
            },
            10000);
        if (!answer)
            return silent;
        if (!answer->first)
            return Error::runtime(answer->second);
        return answer->second;
    };
    return hooks;
}

} // namespace ensemble::ui
