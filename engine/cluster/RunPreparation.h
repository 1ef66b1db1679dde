// The blocking half of setting up a cluster run, safe on any thread (ClusterRun runs it on a worker so that the
// window's thread never waits): read the cluster file, locate the runtime (`java -version`), open and lock the
// workspace, end strays of an earlier run (up to 5 s), pick the ports (binding to check them), write every node's
// files, the layout and a copy of the cluster file. On failure nothing runs and the lock is released.
#pragma once

#include "ClusterSpec.h"
#include "Expected.h"
#include "LinkFaults.h"
#include "NodeLayout.h"
#include "RuntimeLocator.h"
#include "StrayReaper.h"
#include "Workspace.h"

#include <QLockFile>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace ensemble {

// What a prepared run hands to the Engine (copyable, so it can travel back from the worker in a QFuture).
struct PreparedRun
{
    QStringList diagnostics;    // the cluster file's warnings (and errors), formatted for the user
    std::optional<Error> error; // set: nothing was started, nothing is held
    ClusterSpec spec;
    Runtime runtime;
    std::optional<Workspace> workspace;
    ClusterLayout layout;
    QList<StrayProcess> strays;        // node JVMs of an earlier run that were ended
    std::shared_ptr<QLockFile> lock;   // the workspace's lock, held for as long as the run lives
    std::shared_ptr<LinkFaults> links; // the ZooKeeper peer-link proxies, open; null without them
};

class RunPreparation
{
  public:
    // CLUSTERFILE empty: the built-in default cluster. WORKSPACEDIR empty: the default for the cluster's name.
    // RESETPORTS: forget the ports the workspace kept from its first start and pick them again.
    // STEP (optional) is told each step's name as it begins, from the calling thread. LINKPROXIES: ZooKeeper
    // servers (2 or more) dial each other through proxies that network faults cut (docs/scenarios.md).
    static PreparedRun prepare(const QString &clusterFile, const QString &workspaceDir, bool resetPorts = false,
                               const std::function<void(const QString &)> &step = {}, bool linkProxies = false);

  private:
    static Status lock(PreparedRun &run);
    static Status writeFiles(PreparedRun &run, const QByteArray &clusterYaml);
};

} // namespace ensemble
