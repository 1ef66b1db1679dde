// One child JVM: launches it, streams its output line by line (also into the node's log file), and stops,
// kills, pauses and resumes it. The child dies with the app (PR_SET_PDEATHSIG) and lives in its own process
// group, so a Ctrl-C in the terminal reaches only Ensemble, which then stops the nodes in order.
#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

namespace ensemble {

class NodeProcess : public QObject
{
    Q_OBJECT
  public:
    enum class ExitReason { Requested, Killed, Crashed };

    NodeProcess(QString name, QString program, QStringList arguments, QString logFile, QString pidFile,
                QObject *parent = nullptr);
    ~NodeProcess() override;

    QString name() const { return m_name; }
    qint64 pid() const;
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    bool isPaused() const { return m_paused; }
    qint64 uptimeMs() const { return isRunning() && m_uptime.isValid() ? m_uptime.elapsed() : 0; }
    QString lastLines() const; // the last few lines the node printed, for error messages

    // Must be called from a thread that lives as long as the app (PR_SET_PDEATHSIG follows the forking thread).
    void start();
    // SIGTERM (after SIGCONT when paused), then SIGKILL when the node has not exited after graceMs.
    void stop(int graceMs);
    void kill();
    void pause();
    void resume();
    // For an owner going away while the node may still run: SIGKILLs it and deletes this object once the process is
    // reaped, so nobody waits (the destructor would). No signal reaches the owner afterwards.
    void discard();
    // Blocks until the process has ended, at most msecs. For shutdown paths only.
    bool waitForExit(int msecs);

  Q_SIGNALS:
    void started(const QString &node, qint64 pid);
    void lineReceived(const QString &node, const QString &line);
    // exitCode is the process's exit status, or the signal number when it was killed by a signal.
    void exited(const QString &node, ensemble::NodeProcess::ExitReason reason, int exitCode);
    void failedToStart(const QString &node, const QString &error);

  private:
    void onReadyRead();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void writePidFile(qint64 pid);

    QString m_name;
    QString m_program;
    QStringList m_arguments;
    QString m_pidFile;
    QFile m_log;
    QProcess m_process;
    QByteArray m_partial;
    QStringList m_tail;
    QTimer m_killTimer;
    QElapsedTimer m_uptime;
    bool m_stopRequested = false;
    bool m_killRequested = false;
    bool m_paused = false;
};

} // namespace ensemble
