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
    // A stop or kill was asked and the process has not been reaped yet.
    bool isEnding() const { return isRunning() && (m_stopRequested || m_killRequested); }
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

    // "SIGSEGV" for 11, "signal 42" for one without a name.
    static QString signalName(int signal);
    // The signal a JVM's fatal-error banner names ("#  SIGSEGV (0xb) at pc=..."), else 0. HotSpot catches a
    // SIGSEGV, SIGBUS, SIGILL or SIGFPE, writes hs_err_pidN.log and then aborts: the wait status says SIGABRT.
    static int fatalSignalIn(const QString &line);
    // After exited(): how the last run ended in words ("SIGSEGV (the JVM's crash handler then aborted it;
    // report: DIR/hs_err_pid1234.log)", "SIGKILL, not sent by Ensemble", "exit code 1").
    QString exitText() const { return m_exitText; }

  Q_SIGNALS:
    void started(const QString &node, qint64 pid);
    void lineReceived(const QString &node, const QString &line);
    // exitCode is the process's exit status, or 128 + the signal number when a signal ended it (as a shell
    // reports it); signal is that signal (SIGSEGV, SIGKILL from the OOM killer...), 0 after a normal exit.
    void exited(const QString &node, ensemble::NodeProcess::ExitReason reason, int exitCode, int signal);
    void failedToStart(const QString &node, const QString &error);

  private:
    void onReadyRead();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void writePidFile(qint64 pid);
    void killGroup(); // SIGKILL to the node and whatever it started
    void noteFatalError(const QString &line);

    QString m_name;
    QString m_program;
    QStringList m_arguments;
    QString m_pidFile;
    QFile m_log;
    QProcess m_process;
    QByteArray m_partial;
    QStringList m_tail;
    int m_fatalSignal = 0; // from the JVM's fatal-error banner, see fatalSignalIn()
    QString m_crashReport; // the hs_err file that banner names
    QString m_exitText;
    QTimer m_killTimer;
    QElapsedTimer m_uptime;
    bool m_stopRequested = false;
    bool m_killRequested = false;
    bool m_paused = false;
};

} // namespace ensemble
