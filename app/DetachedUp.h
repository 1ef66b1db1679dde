// `ensemble up -d`: starts the cluster under a supervisor of its own — `ensemble up` again, in a new session
// (setsid) with its output in the workspace's supervisor.log — and waits until the supervisor reports the
// cluster healthy or failed. The supervisor owns the node JVMs exactly as a foreground `up` does (they get
// PR_SET_PDEATHSIG from its main thread), so killing it leaves no node behind; `ensemble down` stops it.
#pragma once

#include <QString>
#include <QStringList>

namespace ensemble::cli {

// Runs the supervisor with UP_ARGS (the `up` arguments without -d) on WORKSPACE and returns the exit code for
// the waiting command: 0 once healthy, else the supervisor's failure.
int startDetached(const QString &workspaceRoot, const QStringList &upArgs);

// The supervisor's side: tells the waiting command (fd from --ready-fd) how the start went, once.
class ReadyPipe
{
  public:
    explicit ReadyPipe(int fd);
    ~ReadyPipe();
    ReadyPipe(const ReadyPipe &) = delete;
    ReadyPipe &operator=(const ReadyPipe &) = delete;

    void healthy(const QString &bootstrap) { send(QStringLiteral("ok ") + bootstrap); }
    void failed(const QString &message) { send(QStringLiteral("fail ") + message); }

  private:
    void send(const QString &line);
    int m_fd = -1;
};

} // namespace ensemble::cli
