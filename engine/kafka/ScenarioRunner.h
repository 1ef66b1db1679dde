// Plays a Scenario against a running cluster: resolves node selectors from the cluster's status, acts on nodes,
// produces and reads back a ledger of sequence-numbered messages, and checks each expectation until its deadline.
// At the end, pass or fail, it resumes and restarts what it paused or stopped and deletes its topic. Blocking (CLI
// or worker thread); status and node actions go through callbacks, like FailoverDrill, so the same runner drives
// the window's engine or a cluster over the control socket.
#pragma once

#include "Expected.h"
#include "NetworkFault.h"
#include "Scenario.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <atomic>
#include <functional>

namespace ensemble {

struct ScenarioStepResult
{
    int index = 0; // 1-based
    QString kind;  // "do" or "expect"
    QString text;  // as written
    bool ok = true;
    QString seen; // what happened / what was observed
    qint64 startMs = 0, elapsedMs = 0;
};

struct ScenarioReport
{
    QString scenario;
    QString topic; // the topic this run created (and deleted), if any
    bool passed = false;
    int failedStep = 0; // 1-based; 0 when every step held
    QString failure;    // "expectation 'X' did not hold within 10 s: seen Y"
    qint64 acknowledged = 0, lost = -1;
    QStringList restored; // what the end of the run put back
    qint64 elapsedMs = 0;
    QList<ScenarioStepResult> steps;
    QJsonObject toJson() const;
};

class ScenarioRunner
{
  public:
    struct Hooks
    {
        std::function<Expected<QJsonObject>()> status;                         // `ensemble status --json` shape
        std::function<Status(const QString &action, const QString &node)> act; // kill, stop, start, pause, ...
        std::function<void(const QString &line)> narrate;                      // optional: narration and results
        // Optional, for a window: step INDEX (1-based) is about to run, and how it ended.
        std::function<void(int index, const ScenarioStep &step)> stepStarting;
        std::function<void(const ScenarioStepResult &result)> stepFinished;
    };

    ScenarioRunner(QString bootstrapServers, Hooks hooks)
        : m_bootstrap(std::move(bootstrapServers)), m_hooks(std::move(hooks))
    {
    }

    // What the engine offers beyond node actions; a scenario needing anything else is listed but not runnable.
    static QStringList capabilities() { return {QStringLiteral("kraft"), QStringLiteral("network-faults")}; }
    // How isolate / partition / slow / heal steps reach the cluster's link proxies (the control socket's `fault`
    // command, or Engine::networkFault). Without it those steps fail, saying so.
    void setFaultHook(std::function<Expected<QString>(const NetworkFault &)> hook) { m_fault = std::move(hook); }
    // Why SCENARIO cannot run on this build (empty when it can).
    static QString unavailableReason(const Scenario &scenario);

    const std::atomic<bool> *cancel = nullptr; // set from any thread: stop after the current step, then restore

    // An error when the scenario cannot start (cluster too small, needs a feature); otherwise the report, whose
    // `passed` says whether every expectation held.
    Expected<ScenarioReport> run(const Scenario &scenario);

  private:
    bool cancelled() const { return cancel && cancel->load(); }
    void say(const QString &line) const;
    Expected<QString> resolve(const QString &selector, const QJsonObject &status) const;
    QString runAction(const ScenarioStep &step, bool *ok);
    QString runExpectation(const ScenarioStep &step, bool *ok);
    QString produce(const QString &acks, int rate, int durationMs, bool probe, QString *errorName);
    qint64 countLost(QString *seen);
    bool fullyInSync(const QJsonObject &status) const;
    QString notInSync(const QJsonObject &status) const;
    // Resumes what the lesson paused and starts what it stopped; FINAL also waits for the cluster to be back in
    // sync and deletes the lesson's topic.
    void restore(ScenarioReport &report, bool final);

    QString m_bootstrap;
    Hooks m_hooks;
    const Scenario *m_scenario = nullptr;
    QString m_topic;    // the run's topic (the file's name plus a time stamp)
    QJsonObject m_base; // the status before the latest action: what "new" and "changes" compare with
    QSet<qint64> m_acked;
    qint64 m_nextSeq = 0;
    qint64 m_lost = -1; // from the latest complete read-back
    QStringList m_down, m_paused;
    QString m_it; // the node the latest node action or single-node fault named: the selector `it`
    std::function<Expected<QString>(const NetworkFault &)> m_fault;
    bool m_faulted = false; // a network fault was set: the end of the run heals every link
    QString runNetworkFault(const ScenarioStep &step, const QJsonObject &status, bool *ok);
};

} // namespace ensemble
