#include "NodeProcess.h"

#include "Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>

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
            killGroup();
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
        killGroup();
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
    killGroup();
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
    m_fatalSignal = 0;
    m_crashReport.clear();
    m_exitText.clear();
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
    killGroup();
}

void NodeProcess::killGroup()
{
    // The node leads its own process group (setpgid in the child): a JVM's own child — Java 25 writes an AOT cache
    // at exit from a second JVM it starts — goes with it. The pid is not reaped yet, so the group is still ours.
    if (const qint64 pid = m_process.processId(); pid > 0)
        ::kill(-static_cast<pid_t>(pid), SIGKILL);
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
        if (line.startsWith(u'#'))
            noteFatalError(line);
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
    // On a signal death QProcess (Qt 6, Unix) reports CrashExit with the wait status's signal number as the
    // exit code. Its documentation leaves that value open, so a number that is no signal falls back to what
    // we sent, rather than inventing a cause.
    int signal = 0;
    if (status == QProcess::CrashExit)
        signal = exitCode > 0 && exitCode < NSIG ? exitCode : (m_killRequested ? SIGKILL : SIGTERM);
    const int code = signal ? 128 + signal : exitCode;
    if (signal == SIGABRT && m_fatalSignal) {
        signal = m_fatalSignal; // the cause, not HotSpot's abort() after its report
        m_exitText = u"%1 (the JVM's crash handler then aborted it%2)"_s.arg(
            signalName(signal), m_crashReport.isEmpty() ? QString() : u"; report: "_s + m_crashReport);
    } else if (signal == SIGKILL && !m_killRequested && !m_stopRequested) {
        m_exitText = u"SIGKILL, not sent by Ensemble (the kernel's out-of-memory killer or another process)"_s;
    } else if (signal) {
        m_exitText = signalName(signal);
    } else {
        m_exitText = u"exit code %1"_s.arg(exitCode);
    }
    if (signal && !m_killRequested && !m_stopRequested)
        qCWarning(lcNode) << m_name << "was ended by" << m_exitText;
    qCDebug(lcNode) << m_name << "ended" << int(reason) << code << signal;
    Q_EMIT exited(m_name, reason, code, signal);
}

int NodeProcess::fatalSignalIn(const QString &line)
{
    // "#  SIGSEGV (0xb) at pc=0x00007f71a9b8af14 (sent by kill), pid=16673, tid=16673"
    static const QRegularExpression banner(uR"(^#\s+SIG[A-Z]+ \(0x([0-9a-f]+)\) at pc=)"_s);
    const QRegularExpressionMatch m = banner.match(line);
    if (!m.hasMatch())
        return 0;
    bool ok = false;
    const int signal = m.captured(1).toInt(&ok, 16);
    return ok && signal > 0 && signal < NSIG ? signal : 0;
}

void NodeProcess::noteFatalError(const QString &line)
{
    if (const int signal = fatalSignalIn(line))
        m_fatalSignal = signal;
    else if (m_fatalSignal && line.startsWith(u"# /"_s) && line.contains(u"hs_err_pid"_s))
        m_crashReport = line.mid(2).trimmed();
}

QString NodeProcess::signalName(int signal)
{
    // sigabbrev_np is glibc-only; the few a JVM dies of are named here, the rest by number.
    switch (signal) {
    case SIGHUP:
        return u"SIGHUP"_s;
    case SIGINT:
        return u"SIGINT"_s;
    case SIGQUIT:
        return u"SIGQUIT"_s;
    case SIGILL:
        return u"SIGILL"_s;
    case SIGABRT:
        return u"SIGABRT"_s;
    case SIGBUS:
        return u"SIGBUS"_s;
    case SIGFPE:
        return u"SIGFPE"_s;
    case SIGKILL:
        return u"SIGKILL"_s;
    case SIGSEGV:
        return u"SIGSEGV"_s;
    case SIGPIPE:
        return u"SIGPIPE"_s;
    case SIGTERM:
        return u"SIGTERM"_s;
    case SIGXCPU:
        return u"SIGXCPU"_s;
    case SIGXFSZ:
        return u"SIGXFSZ"_s;
    default:
        return u"signal %1"_s.arg(signal);
    }
}

void NodeProcess::writePidFile(qint64 pid)
{
    // Without it a restarted Ensemble cannot end this node should Ensemble die first: say so.
    if (auto s = Workspace::writeFile(m_pidFile, QByteArray::number(pid) + '\n'); !s)
        qCWarning(lcNode).noquote() << s.error().message;
}

} // namespace ensemble
