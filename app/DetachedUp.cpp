#include "DetachedUp.h"

#include "Cli.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

namespace {

volatile sig_atomic_t g_interrupted = 0;

void onInterrupt(int)
{
    g_interrupted = 1;
}

// Exit code of a supervisor that has ended (waits for it).
int reap(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 0 ? RuntimeFailure : WEXITSTATUS(status); // it stopped before healthy
    return RuntimeFailure;
}

// What the supervisor printed since OFFSET: its own error message when it refused to start.
QByteArray logSince(const QString &path, qint64 offset)
{
    QFile log(path);
    if (!log.open(QIODevice::ReadOnly) || !log.seek(offset))
        return {};
    return log.readAll();
}

} // namespace

ReadyPipe::ReadyPipe(int fd) : m_fd(fd)
{
    // Not to be inherited by the node JVMs: the waiting command reads until the pipe's last writer closes it.
    if (m_fd >= 0)
        ::fcntl(m_fd, F_SETFD, FD_CLOEXEC);
}

ReadyPipe::~ReadyPipe()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void ReadyPipe::send(const QString &line)
{
    if (m_fd < 0)
        return;
    const QByteArray bytes = line.toUtf8() + '\n';
    [[maybe_unused]] const auto n = ::write(m_fd, bytes.constData(), size_t(bytes.size()));
    ::close(m_fd);
    m_fd = -1;
}

int startDetached(const QString &workspaceRoot, const QStringList &upArgs)
{
    const QString logPath = workspaceRoot + u"/supervisor.log"_s;
    const int logFd = ::open(QFile::encodeName(logPath).constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (logFd < 0)
        return fail(Error::runtime(u"cannot write %1 — check the workspace's permissions"_s.arg(logPath)));
    const qint64 logStart = ::lseek(logFd, 0, SEEK_END);
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return fail(Error::runtime(u"cannot create a pipe to the supervisor"_s));

    // Everything the child needs is built before fork(): between fork and exec only async-signal-safe calls.
    const QByteArray exe = QFile::encodeName(QCoreApplication::applicationFilePath());
    QList<QByteArray> argStore{exe, "up"};
    for (const QString &a : upArgs)
        argStore.append(a.toLocal8Bit());
    argStore << "-w" << QFile::encodeName(workspaceRoot) << "--quiet"
             << "--ready-fd" << QByteArray::number(pipeFds[1]);
    std::vector<char *> argv;
    for (QByteArray &a : argStore)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

    const pid_t pid = ::fork();
    if (pid < 0)
        return fail(Error::runtime(u"cannot start the supervisor (fork failed)"_s));
    if (pid == 0) {
        // A session of its own: closing the terminal (SIGHUP) or Ctrl-C there no longer reaches the cluster.
        ::setsid();
        ::dup2(devNull, STDIN_FILENO);
        ::dup2(logFd, STDOUT_FILENO);
        ::dup2(logFd, STDERR_FILENO);
        ::fcntl(pipeFds[1], F_SETFD, 0); // the one descriptor the supervisor inherits
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipeFds[1]);
    ::close(logFd);
    if (devNull >= 0)
        ::close(devNull);
    err() << "ensemble: starting the cluster under a supervisor (pid " << pid << "), log " << logPath << Qt::endl;

    // Ctrl-C while waiting stops the half-started cluster rather than leaving it behind.
    struct sigaction sa
    {
    };
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(sig, &sa, nullptr);

    QByteArray answer;
    char buf[512];
    for (;;) {
        const ssize_t n = ::read(pipeFds[0], buf, sizeof buf);
        if (n > 0) {
            answer.append(buf, n);
            if (answer.contains('\n'))
                break; // the one report line
            continue;
        }
        if (n < 0 && errno == EINTR) {
            if (g_interrupted) {
                err() << "ensemble: interrupted — stopping the cluster..." << Qt::endl;
                ::kill(pid, SIGTERM);
                reap(pid);
                return RuntimeFailure;
            }
            continue;
        }
        break; // EOF: the supervisor answered, or ended without answering
    }
    ::close(pipeFds[0]);
    answer = answer.trimmed();
    if (answer.startsWith("ok ")) {
        out() << "ensemble: cluster healthy in the background — bootstrap " << QString::fromUtf8(answer.mid(3))
              << Qt::endl
              << "          `ensemble ls` lists it; `ensemble down -w " << workspaceRoot << "` stops it." << Qt::endl;
        return Ok;
    }
    if (answer.startsWith("fail ")) {
        err() << "ensemble: error: the cluster did not start: " << QString::fromUtf8(answer.mid(5)) << Qt::endl;
        // It stops whatever it started before it exits; its exit code tells bad input (2) from a runtime failure.
        return reap(pid);
    }
    const int code = reap(pid);
    err() << logSince(logPath, logStart);
    err().flush();
    return code;
}

} // namespace ensemble::cli
