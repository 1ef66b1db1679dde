#include "StrayReaper.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <csignal>

using namespace Qt::StringLiterals;

namespace ensemble {

QList<StrayProcess> StrayReaper::find(const QString &workspaceRoot)
{
    const QByteArray wanted = "-Densemble.workspace=" + workspaceRoot.toLocal8Bit();
    const QByteArray nodeKey = "-Densemble.node=";
    QList<StrayProcess> out;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile cmdline(u"/proc/"_s + entry + u"/cmdline"_s);
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> args = cmdline.readAll().split('\0');
        if (!args.contains(wanted))
            continue;
        StrayProcess stray{pid, {}};
        for (const QByteArray &arg : args)
            if (arg.startsWith(nodeKey))
                stray.node = QString::fromLocal8Bit(arg.mid(nodeKey.size()));
        out.append(stray);
    }
    return out;
}

QList<StrayProcess> StrayReaper::reap(const QString &workspaceRoot, int timeoutMs)
{
    const QList<StrayProcess> strays = find(workspaceRoot);
    for (const StrayProcess &s : strays)
        ::kill(static_cast<pid_t>(s.pid), SIGKILL);
    QElapsedTimer timer;
    timer.start();
    while (!find(workspaceRoot).isEmpty() && timer.elapsed() < timeoutMs)
        QThread::msleep(50);
    // Their pid files are stale now.
    for (const StrayProcess &s : strays)
        if (!s.node.isEmpty())
            QFile::remove(workspaceRoot + u"/nodes/"_s + s.node + u"/pid"_s);
    return strays;
}

} // namespace ensemble
