#include "NodeProcess.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcNode, "ensemble.node")

namespace ensemble {

namespace {
constexpr int kTailLines = 20;
}

NodeProcess::NodeProcess(QString name, QString program, QStringList arguments, QString logFile, QString pidFile,
                         QObject *parent)
    : QObject(parent), m_name(std::move(name)), m_program(std::move(program)), m_arguments(std::move(arguments)),
      m_pidFile(std::move(pidFile)), m_log(logFile)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setWorkingDirectory(QFileInfo(m_pidFile).absolutePath());
    const pid_t parentPid = ::getpid();
    m_process.setChildProcessModifier([parentPid] {
        // Runs in the child between fork and exec: die with Ensemble, even when it is SIGKILLed,
        // and leave the terminal's process group so Ctrl-C reaches only Ensemble.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parentPid)
            ::_exit(1); // the parent died before prctl took effect
        ::setpgid(0, 0);
    });
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (isRunning()) {
            qCWarning(lcNode) << m_name << "did not stop in time; killing it";
            m_process.kill();
        }
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &NodeProcess::onReadyRead);
    connect(&m_process, &QProcess::finished, this, &NodeProcess::onFinished);
    connect(&m_process, &QProcess::started, this, [this] {
        m_uptime.start();
        writePidFile(m_process.processId());
        Q_EMIT started(m_name, m_process.processId());
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failedToStart(m_name, u"cannot run %1: %2"_s.arg(m_program, m_process.errorString()));
    });
}

NodeProcess::~NodeProcess()
{
    if (isRunning()) {
        m_process.disconnect(this);
        m_process.kill();
        m_process.waitForFinished(5000);
        QFile::remove(m_pidFile);
    }
}

void NodeProcess::discard()
{
    setParent(nullptr);
    disconnect(this, nullptr, nullptr, nullptr);
    if (!isRunning()) {
        delete this;
        return;
    }
    m_killRequested = true;
    m_process.kill();
    // onFinished (still connected) removes the pid file; the destructor then finds nothing to wait for.
    connect(&m_process, &QProcess::finished, this, &QObject::deleteLater);
}

qint64 NodeProcess::pid() const
{
    return isRunning() ? m_process.processId() : 0;
}

QString NodeProcess::lastLines() const
{
    return m_tail.join(u'\n');
}

void NodeProcess::start()
{
    if (isRunning())
        return;
    m_stopRequested = m_killRequested = m_paused = false;
    m_partial.clear();
    m_tail.clear();
    if (!m_log.isOpen() && !m_log.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        qCWarning(lcNode) << "cannot open" << m_log.fileName() << m_log.errorString();
    qCDebug(lcNode) << "starting" << m_name << m_program << m_arguments;
    m_process.start(m_program, m_arguments);
}

void NodeProcess::stop(int graceMs)
{
    if (!isRunning())
        return;
    m_stopRequested = true;
    if (m_paused)
        resume(); // a stopped JVM cannot run its shutdown hooks
    m_process.terminate();
    m_killTimer.start(graceMs);
}

void NodeProcess::kill()
{
    if (!isRunning())
        return;
    m_killRequested = true;
    m_process.kill();
}

void NodeProcess::pause()
{
    if (isRunning() && !m_paused && ::kill(static_cast<pid_t>(m_process.processId()), SIGSTOP) == 0)
        m_paused = true;
}

void NodeProcess::resume()
{
    if (isRunning() && m_paused && ::kill(static_cast<pid_t>(m_process.processId()), SIGCONT) == 0)
        m_paused = false;
}

bool NodeProcess::waitForExit(int msecs)
{
    return !isRunning() || m_process.waitForFinished(msecs);
}

void NodeProcess::onReadyRead()
{
    const QByteArray chunk = m_process.readAllStandardOutput();
    if (m_log.isOpen())
        m_log.write(chunk);
    m_partial += chunk;
    qsizetype start = 0;
    for (qsizetype nl = m_partial.indexOf('\n'); nl >= 0; nl = m_partial.indexOf('\n', start)) {
        QString line = QString::fromUtf8(m_partial.constData() + start, nl - start);
        if (line.endsWith(u'\r'))
            line.chop(1);
        start = nl + 1;
        m_tail.append(line);
        if (m_tail.size() > kTailLines)
            m_tail.removeFirst();
        Q_EMIT lineReceived(m_name, line);
    }
    m_partial.remove(0, start);
}

void NodeProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_killTimer.stop();
    m_paused = false;
    QFile::remove(m_pidFile);
    ExitReason reason = ExitReason::Crashed;
    if (m_killRequested)
        reason = ExitReason::Killed;
    else if (m_stopRequested)
        reason = ExitReason::Requested;
    // QProcess reports a signal death as CrashExit with exitCode() = 0; ask the OS wait status instead.
    const int code = status == QProcess::CrashExit ? (m_killRequested ? SIGKILL : SIGTERM) : exitCode;
    qCDebug(lcNode) << m_name << "ended" << int(reason) << code;
    Q_EMIT exited(m_name, reason, code);
}

void NodeProcess::writePidFile(qint64 pid)
{
    QSaveFile file(m_pidFile);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QByteArray::number(pid) + '\n');
        file.commit();
    }
}

} // namespace ensemble
