// The other end of ControlServer: finds the running cluster's workspace and sends it requests (blocking;
// used by the CLI).
#pragma once

#include "Expected.h"
#include "NetworkFault.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace ensemble {

class ControlClient
{
  public:
    // The workspace to talk to: DIR when given (it must be a workspace with a live cluster), else the only
    // workspace whose cluster answers. Errors say what to do when none or several run.
    static Expected<QString> resolveWorkspace(const QString &explicitDir);
    static bool isAlive(const QString &workspaceRoot);
    // Why the cluster in workspaceRoot cannot be talked to (not running, or refused: another user's), or ok.
    static Status reach(const QString &workspaceRoot);

    // Sends one request and returns the answer object; {"ok":false} answers become errors.
    static Expected<QJsonObject> request(const QString &workspaceRoot, const QJsonObject &request,
                                         int timeoutMs = 10000);
    // The request that sets or heals FAULT on the cluster's link proxies: {"cmd":"fault", action, node|groups, ...}.
    static QJsonObject faultRequest(const NetworkFault &fault);
    // Sends it: what the cluster did, in a sentence (the answer's detail), or why not.
    static Expected<QString> sendFault(const QString &workspaceRoot, const NetworkFault &fault);
    // Streams events to onEvent until the server ends the stream or hangs up (or onEvent returns false).
    static Status streamEvents(const QString &workspaceRoot, qint64 sinceMs, bool follow,
                               const std::function<bool(const QJsonObject &event)> &onEvent);
};

} // namespace ensemble
