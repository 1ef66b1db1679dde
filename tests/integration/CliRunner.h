// Runs the real `ensemble` binary for integration tests, and a foreground `ensemble up` that tests share.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

#include <memory>

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString text() const { return QString::fromUtf8(out + err); }
    QJsonObject json() const; // stdout parsed as one JSON object
};

CliResult runCli(const QStringList &args, int timeoutMs = 60000,
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

// `ensemble up --json` in the background until healthy; kills it (and so its nodes) when destroyed.
class RunningCluster
{
  public:
    RunningCluster(QString workspace, QString clusterFile, const QStringList &upArgs = {});
    ~RunningCluster();
    // Waits for the cluster_healthy event. On failure *why says what was printed.
    bool waitHealthy(int timeoutMs, QString *why);
    QProcess &process() { return *m_up; }
    QString workspace() const { return m_workspace; }
    QStringList ws() const { return {QStringLiteral("-w"), m_workspace}; }
    // What `ensemble up --json` printed so far: its events (stdout), or its progress and errors (STANDARDERROR).
    QByteArray upOutput(bool standardError = false) const;
    // Polls `ensemble status --json` until pred(status) holds or the time is up.
    bool waitForStatus(const std::function<bool(const QJsonObject &)> &pred, int timeoutMs,
                       QJsonObject *last = nullptr);

  private:
    QString m_workspace;
    std::unique_ptr<QProcess> m_up;
};

// True when the Kafka runtime and java are there (the tests QSKIP otherwise, naming what is missing).
bool runtimeAvailable(QString *why);
// Writes a cluster file with the given body to DIR/cluster.yaml and returns its path.
QString writeClusterFile(const QString &dir, const QByteArray &yaml);
