// Network faults on a running cluster (isolate, partition, slow, heal), sent through its control socket.
#include "Cli.h"

#include "ControlClient.h"
#include "NetworkFault.h"

using namespace Qt::StringLiterals;

namespace ensemble::cli {

int runNetworkFault(const QString &action, const QStringList &args)
{
    static const QHash<QString, QString> what = {
        {u"isolate"_s, u"Cut every link between NODE (a ZooKeeper server, a KRaft controller or broker) and its "
                       "peers, both directions, closing live connections."_s},
        {u"partition"_s,
         u"Split the ZooKeeper servers (or KRaft nodes) into groups that cannot reach each other: A,B / C."_s},
        {u"slow"_s, u"Delay every link of NODE to its peers by --latency MS (+ --jitter MS)."_s},
        {u"heal"_s, u"Undo the network faults of NODE, or all of them."_s},
    };
    QCommandLineParser parser;
    const QCommandLineOption latencyOpt(u"latency"_s, u"Delay each way, in milliseconds."_s, u"MS"_s);
    const QCommandLineOption jitterOpt(u"jitter"_s, u"Up to this much more, at random, in milliseconds."_s, u"MS"_s,
                                       u"0"_s);
    parser.addOption(workspaceOption());
    if (action == u"slow")
        parser.addOptions({latencyOpt, jitterOpt});
    parser.addPositionalArgument(action == u"partition" ? u"GROUPS"_s : u"NODE"_s,
                                 action == u"partition"
                                     ? u"e.g. zookeeper-1,zookeeper-2 / zookeeper-3"_s
                                     : u"A ZooKeeper server such as zookeeper-2, or a KRaft node."_s);
    int code = 0;
    // What can be cut, said where the command is learnt (docs/scenarios.md has the why).
    const QString reach =
        u"\nWhat passes through the engine's proxies: ZooKeeper servers' links to each other (quorum and election "
        "ports); in KRaft, every link into a controller (raft between controllers, brokers to controllers). Direct, "
        "so never cut: brokers' replication links, brokers' ZooKeeper sessions, client traffic. The proxies exist "
        "only in a cluster started with `ensemble up --link-proxies`."_s;
    if (!parse(parser, action, what.value(action) + reach, args, &code))
        return code;
    const QStringList pos = parser.positionalArguments();
    NetworkFault fault;
    fault.kind = networkFaultKindFromString(action).value_or(NetworkFault::Kind::Heal);
    if (action == u"partition") {
        fault.groups = NetworkFault::parseGroups(pos.join(u' '));
        if (fault.groups.size() < 2)
            return usageError(u"give two groups or more separated by '/', e.g. `ensemble partition "
                              "zookeeper-1,zookeeper-2 / zookeeper-3`"_s,
                              action);
    } else if (action == u"heal") {
        if (pos.size() > 1)
            return usageError(u"name one node or none, e.g. `ensemble heal` or `ensemble heal zookeeper-1`"_s, action);
        fault.node = pos.value(0);
    } else {
        if (pos.size() != 1)
            return usageError(u"name exactly one node, e.g. `ensemble %1 zookeeper-1`"_s.arg(action), action);
        fault.node = pos.first();
        if (action == u"slow") {
            bool okLatency = false, okJitter = false;
            fault.latencyMs = parser.value(latencyOpt).toInt(&okLatency);
            fault.jitterMs = parser.value(jitterOpt).toInt(&okJitter);
            if (!parser.isSet(latencyOpt) || !okLatency || !okJitter || fault.latencyMs < 0 || fault.jitterMs < 0)
                return usageError(u"give the delay in milliseconds, e.g. `ensemble slow zookeeper-1 --latency 200 "
                                  "--jitter 50`"_s,
                                  action);
        }
    }
    const QJsonObject request = ControlClient::faultRequest(fault);
    auto root = ControlClient::resolveWorkspace(parser.value(u"workspace"_s));
    if (!root)
        return fail(root.error());
    auto answer = ControlClient::request(root.value(), request);
    if (!answer)
        return fail(answer.error());
    out() << action << ": " << answer->value(u"detail"_s).toString() << Qt::endl;
    return Ok;
}

} // namespace ensemble::cli
