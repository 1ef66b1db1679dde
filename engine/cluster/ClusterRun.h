// One run of a cluster, set up the same way for `ensemble up` and for the window: RunPreparation's blocking steps
// (cluster file, runtime and `java -version`, workspace lock, stray reaping, port checks, node files) on a worker
// thread, then, back on this object's thread, the Engine, the control socket (so `ensemble status`, `kill`, `down`
// work against the run) and the entry that lets commands find it. ready() or failed() ends the set-up; on
// failure nothing was started and nothing is held. The owner starts the engine.
#pragma once

#include "ControlServer.h"
#include "Engine.h"
#include "RunPreparation.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace ensemble {

class ClusterRun : public QObject
{
    Q_OBJECT
  public:
    // CLUSTERFILE empty: the built-in default cluster. WORKSPACEDIR empty: the default for the cluster's name.
    ClusterRun(QString clusterFile, QString workspaceDir, QObject *parent = nullptr);
    // Does not wait; a set-up still running on its worker finishes there and lets go of what it took.
    ~ClusterRun() override;

    // The set-up then forgets the ports the workspace kept from its first start and picks them again.
    void setResetPorts(bool reset) { m_resetPorts = reset; }
    // On: ZooKeeper servers reach each other through proxies, for network faults (`ensemble up --link-proxies`).
    void setLinkProxies(bool on) { m_linkProxies = on; }
    // Begins the set-up; returns at once.
    void setUp();
    bool isSettingUp() const { return m_watcher.isRunning(); }
    // Set once ready() has been emitted.
    Engine *engine() const { return m_engine.get(); }
    QString clusterFile() const { return m_clusterFile; }
    // The cluster file's warnings and errors, formatted ("FILE:LINE:COL: ..."), known once the set-up has ended.
    QStringList diagnostics() const { return m_diagnostics; }

  Q_SIGNALS:
    // A step of the set-up, or a stray of an earlier run that was ended.
    void progress(const QString &message);
    void ready();
    // ERROR.message says what went wrong and what to do; ERROR.exitCode() is the CLI's exit code.
    void failed(const ensemble::Error &error);

  private:
    void finish(const PreparedRun &prepared);
    void fail(const Error &error);

    QString m_clusterFile;
    QString m_workspaceDir;
    QStringList m_diagnostics;
    QString m_logFile; // WORKSPACE/ensemble.log while this run writes to it
    QFutureWatcher<PreparedRun> m_watcher;
    std::shared_ptr<QLockFile> m_lock;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<ControlServer> m_control;
    bool m_resetPorts = false;
    bool m_linkProxies = false; // opt-in while their cost and an unexplained abort at exit are measured
};

} // namespace ensemble
