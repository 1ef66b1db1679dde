#include "CliRunner.h"

#include "RuntimeLocator.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

#include <csignal>

#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

QJsonObject CliResult::json() const
{
    return QJsonDocument::fromJson(out).object();
}

CliResult runCli(const QStringList &args, int timeoutMs, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ENSEMBLE_BINARY), args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

bool runtimeAvailable(QString *why)
{
    ensemble::ClusterSpec spec;
    auto runtime = ensemble::RuntimeLocator::locate(spec);
    if (!runtime)
        *why = runtime.error().message;
    return runtime.ok();
}

QString writeClusterFile(const QString &dir, const QByteArray &yaml)
{
    const QString path = dir + u"/cluster.yaml"_s;
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(yaml);
    return path;
}

RunningCluster::RunningCluster(QString workspace, QString clusterFile, const QStringList &upArgs)
    : m_workspace(std::move(workspace)), m_up(std::make_unique<QProcess>())
{
    // Its output goes to files beside the workspace, not to pipes: a test that waits on another command reads no
    // pipe meanwhile, and a full pipe would stop `ensemble up` (and so the cluster's control socket).
    m_up->setStandardOutputFile(m_workspace + u".up.jsonl"_s);
    m_up->setStandardErrorFile(m_workspace + u".up.err"_s);
    // `up` rightly outlives a parent that dies; a test that aborts must not leave its cluster running, so this
    // child dies with the test (its nodes die with it, by their own PR_SET_PDEATHSIG).
    const pid_t testPid = ::getpid();
    m_up->setChildProcessModifier([testPid] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != testPid)
            ::_exit(1); // the test died before the signal was armed
    });
    m_up->start(QStringLiteral(ENSEMBLE_BINARY),
                QStringList{u"up"_s, u"--json"_s, u"-w"_s, m_workspace, u"-f"_s, clusterFile} + upArgs);
}

QByteArray RunningCluster::upOutput(bool standardError) const
{
    QFile f(m_workspace + (standardError ? u".up.err"_s : u".up.jsonl"_s));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

RunningCluster::~RunningCluster()
{
    if (m_up->state() != QProcess::NotRunning) {
        m_up->terminate(); // a clean stop of every node
        if (!m_up->waitForFinished(90000)) {
            m_up->kill();
            m_up->waitForFinished();
        }
    }
}

bool RunningCluster::waitHealthy(int timeoutMs, QString *why)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_up->state() == QProcess::NotRunning) {
            *why = u"ensemble up exited with %1: "_s.arg(m_up->exitCode()) +
                   QString::fromUtf8(upOutput(false) + upOutput(true));
            return false;
        }
        m_up->waitForFinished(200);
        if (upOutput(false).contains("\"kind\":\"cluster_healthy\""))
            return true;
    }
    *why = u"not healthy in time; stderr: "_s + QString::fromUtf8(upOutput(true));
    return false;
}

bool RunningCluster::waitForStatus(const std::function<bool(const QJsonObject &)> &pred, int timeoutMs,
                                   QJsonObject *last)
{
    QDeadlineTimer deadline(timeoutMs);
    do {
        const CliResult r = runCli({u"status"_s, u"--json"_s, u"-w"_s, m_workspace}, 10000);
        const QJsonObject status = r.json();
        if (last)
            *last = status;
        if (r.exitCode == 0 && pred(status))
            return true;
        QThread::msleep(250);
    } while (!deadline.hasExpired());
    return false;
}
