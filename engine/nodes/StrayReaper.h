// Finds node JVMs left running by an earlier run of a workspace (a crash, a power cut of the app) and ends them.
// A process counts as ours only when its command line names this workspace, so a recycled pid is never hit.
#pragma once

#include <QList>
#include <QString>

namespace ensemble {

struct StrayProcess
{
    qint64 pid = 0;
    QString node;
};

class StrayReaper
{
  public:
    static QList<StrayProcess> find(const QString &workspaceRoot);
    // SIGKILLs every stray and waits (up to timeoutMs) until they are gone. Returns what it ended.
    static QList<StrayProcess> reap(const QString &workspaceRoot, int timeoutMs = 5000);
};

} // namespace ensemble
