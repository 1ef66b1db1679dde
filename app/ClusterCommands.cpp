// Commands that talk to a running cluster through its control socket: status, node actions, down, events.
#include "Cli.h"

#include "ClusterEvent.h"
#include "ControlClient.h"
#include "EventLog.h"
#include "Workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

namespace {

QString ints(const QJsonValue &value)
{
    QStringList parts;
    for (const QJsonValue &v : value.toArray())
        parts.append(QString::number(v.toInt()));
    return parts.join(u',');
}

QString portsText(const QJsonObject &ports)
{
    QStringList parts;
    for (const QString &key : {u"client"_s, u"quorum"_s, u"election"_s, u"listener"_s, u"controller"_s})
        if (ports.contains(key))
            parts.append(key + u' ' + QString::number(ports.value(key).toInt()));
    return parts.join(u", "_s);
}

QString duration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return QString::number(s) + u's';
    if (s < 3600)
        return u"%1m%2s"_s.arg(s / 60).arg(s % 60, 2, 10, QChar(u'0'));
    return u"%1h%2m"_s.arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar(u'0'));
}

// KRaft: what `kafka-metadata-quorum describe --replication` prints, from the raft leader's DescribeQuorum answer.
void printQuorumReplication(QTextStream &o, const QJsonObject &q, const QJsonArray &nodes)
{
    QSet<QString> notUp; // a dead voter stays in the leader's answer with its last figures
    for (const QJsonValue &n : nodes)
        if (n[u"state"_s].toString() != u"up"_s)
            notUp.insert(n[u"name"_s].toString());
    if (q.value(u"high_watermark"_s).isNull()) {
        o << "           no replication figures yet (the raft leader has not answered DescribeQuorum)\n";
        return;
    }
    o << "           high watermark " << q.value(u"high_watermark"_s).toInteger() << " (from "
      << q.value(u"figures_from"_s).toString() << ", " << q.value(u"figures_age_ms"_s).toInteger() << " ms ago)\n";
    auto figure = [](const QJsonValue &v) { return v.isNull() ? u"-"_s : QString::number(v.toInteger()); };
    o << QString(u"           %1 %2 %3 %4 %5 %6\n"_s)
             .arg(u"REPLICA"_s, -13)
             .arg(u"ID"_s, -4)
             .arg(u"STATUS"_s, -9)
             .arg(u"LOG-END"_s, -8)
             .arg(u"LAG"_s, -6)
             .arg(u"LAST-FETCH"_s);
    for (const QString &list : {u"voters"_s, u"observers"_s})
        for (const QJsonValue &v : q.value(list).toArray()) {
            const QJsonObject r = v.toObject();
            const bool isLeader = r.value(u"id"_s) == q.value(u"leader_id"_s);
            const QString status = notUp.contains(r.value(u"name"_s).toString()) ? u"down"_s
                                   : isLeader                                    ? u"leader"_s
                                   : list == u"voters"_s                         ? u"follower"_s
                                                                                 : u"observer"_s;
            const QJsonValue age = r.value(u"last_fetch_age_ms"_s);
            o << QString(u"           %1 %2 %3 %4 %5 %6%7\n"_s)
                     .arg(r.value(u"name"_s).toString(), -13)
                     .arg(r.value(u"id"_s).toInt(), -4)
                     .arg(status, -9)
                     .arg(figure(r.value(u"log_end_offset"_s)), -8)
                     .arg(figure(r.value(u"lag"_s)), -6)
                     .arg(age.isNull() ? u"-"_s : QString(figure(age) + u" ms ago"_s))
                     .arg(r.value(u"lagging"_s).toBool() ? u"  ← lagging"_s : QString());
        }
}

void printStatus(const QJsonObject &s)
{
    QTextStream &o = out();
    const QJsonArray nodes = s.value(u"nodes"_s).toArray();
    const auto up = std::count_if(nodes.begin(), nodes.end(), [](const QJsonValue &n) {
        return n[u"state"_s].toString() == u"up"_s && !n[u"stopping"_s].toBool();
    });
    const bool quorumLost = s.contains(u"quorum"_s) && !s[u"quorum"_s][u"has_majority"_s].toBool();
    const QString health = !s.value(u"healthy"_s).toBool() ? u"not healthy"_s
                           : quorumLost                    ? u"degraded (KRaft quorum lost)"_s
                           : s.value(u"degraded"_s).toBool()
                               ? u"degraded (%1 of %2 nodes up)"_s.arg(up).arg(nodes.size())
                               : u"healthy"_s;
    o << "cluster " << s.value(u"cluster"_s).toString() << " (" << s.value(u"mode"_s).toString() << " mode) — "
      << health << ", up " << duration(s.value(u"uptime_ms"_s).toInteger()) << '\n';
    o << "workspace  " << s.value(u"workspace"_s).toString() << '\n';
    o << "bootstrap  " << s.value(u"bootstrap"_s).toString() << '\n';
    // Network faults need the link proxies; name the faults in place so that a cut is never forgotten.
    QStringList faults;
    for (const QJsonValue &f : s.value(u"faults"_s).toArray()) {
        const QJsonObject fo = f.toObject();
        const QJsonArray link = fo.value(u"link"_s).toArray();
        faults << (fo.value(u"kind"_s).toString() == u"cut"_s
                       ? u"%1 x %2"_s.arg(link.at(0).toString(), link.at(1).toString())
                       : u"%1 slow %2 ms"_s.arg(fo.value(u"node"_s).toString()).arg(fo.value(u"latency_ms"_s).toInt()));
    }
    o << "network    "
      << (s.value(u"link_proxies"_s).toBool() ? u"link proxies on"_s
                                              : u"direct (no link proxies: no isolate, partition, slow)"_s)
      << (faults.isEmpty() ? QString() : u" — faults: "_s + faults.join(u", "_s)) << '\n';
    if (s.contains(u"quorum"_s)) {
        const QJsonObject q = s.value(u"quorum"_s).toObject();
        o << "kafka      " << s.value(u"kafka_version"_s).toString() << " (KRaft, cluster id "
          << s.value(u"cluster_id"_s).toString() << ")\n";
        o << "quorum     leader " << (q.value(u"leader"_s).isNull() ? u"none"_s : q.value(u"leader"_s).toString())
          << ", epoch " << q.value(u"epoch"_s).toInt()
          << (q.value(u"has_majority"_s).toBool() ? "" : " — quorum lost: fewer than a majority of controllers run")
          << "\n";
        printQuorumReplication(o, q, nodes);
        o << "\n";
    } else {
        o << "zookeeper  " << s.value(u"zookeeper"_s).toString() << "\n\n";
    }
    o << QString(u"%1 %2 %3 %4 %5 %6 %7\n"_s)
             .arg(u"NODE"_s, -13)
             .arg(u"KIND"_s, -17)
             .arg(u"ID"_s, -3)
             .arg(u"STATE"_s, -9)
             .arg(u"PID"_s, -8)
             .arg(u"ROLE"_s, -11)
             .arg(u"PORTS"_s);
    QStringList pending; // nodes whose start was accepted but has not begun yet
    for (const QJsonValue &v : s.value(u"nodes"_s).toArray()) {
        const QJsonObject n = v.toObject();
        QString state = n.value(u"state"_s).toString();
        if (n.value(u"stopping"_s).toBool())
            state = u"stopping"_s;
        if (n.value(u"start_pending"_s).toBool() && state != u"up"_s && state != u"starting"_s) {
            pending << n.value(u"name"_s).toString();
            state += u'*';
        }
        // A combined KRaft node is both; its ROLE is then its raft role.
        const QJsonArray roles = n.value(u"roles"_s).toArray();
        const QString kind = roles.size() > 1 ? u"controller+broker"_s : n.value(u"kind"_s).toString();
        o << QString(u"%1 %2 %3 %4 %5 %6 %7\n"_s)
                 .arg(n.value(u"name"_s).toString(), -13)
                 .arg(kind, -17)
                 .arg(n.value(u"id"_s).toInt(), -3)
                 .arg(state, -9)
                 .arg(n.value(u"pid"_s).isNull() ? u"-"_s : QString::number(n.value(u"pid"_s).toInteger()), -8)
                 .arg(n.value(u"role"_s).isNull() ? u"-"_s : n.value(u"role"_s).toString(), -11)
                 .arg(portsText(n.value(u"ports"_s).toObject()));
    }
    if (!pending.isEmpty())
        o << "* start requested: " << pending.join(u", "_s)
          << " starts once its old process has exited and (ZooKeeper mode) its old session has expired\n";
    const QJsonValue controller = s.value(u"controller"_s);
    const QJsonValue leader = s.value(u"quorum_leader"_s);
    const bool kraft = s.contains(u"quorum"_s); // KRaft: the controller is the raft leader, not a broker
    o << "\ncontroller: "
      << (controller.isNull() ? u"none"_s : (kraft ? u"node "_s : u"broker "_s) + QString::number(controller.toInt()))
      << "    quorum leader: " << (leader.isNull() ? u"none"_s : leader.toString()) << "\n";
    bool header = false;
    for (const QJsonValue &tv : s.value(u"topics"_s).toArray()) {
        const QJsonObject t = tv.toObject();
        if (t.value(u"name"_s).toString().startsWith(u"__"_s))
            continue; // internal topics: see `ensemble topics describe __consumer_offsets`
        if (!header) {
            o << '\n'
              << QString(u"%1 %2 %3 %4 %5\n"_s)
                     .arg(u"TOPIC"_s, -30)
                     .arg(u"PARTITION"_s, -10)
                     .arg(u"LEADER"_s, -7)
                     .arg(u"REPLICAS"_s, -10)
                     .arg(u"ISR"_s);
            header = true;
        }
        for (const QJsonValue &pv : t.value(u"partitions"_s).toArray()) {
            const QJsonObject p = pv.toObject();
            const int leaderId = p.value(u"leader"_s).toInt();
            o << QString(u"%1 %2 %3 %4 %5\n"_s)
                     .arg(t.value(u"name"_s).toString(), -30)
                     .arg(p.value(u"partition"_s).toInt(), -10)
                     .arg(leaderId < 0 ? u"none"_s : QString::number(leaderId), -7)
                     .arg(ints(p.value(u"replicas"_s)), -10)
                     .arg(ints(p.value(u"isr"_s)));
        }
    }
    o.flush();
}

} // namespace

int runStatus(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"Print the status as one JSON object."_s);
    parser.addOptions({workspaceOption(), jsonOpt});
    int code = 0;
    if (!parse(parser, u"status"_s, u"Show the nodes, their roles, the controller, and every partition."_s, args,
               &code))
        return code;
    auto cluster = runningCluster(parser);
    if (!cluster)
        return fail(cluster.error());
    if (parser.isSet(jsonOpt))
        printJson(cluster->second);
    else
        printStatus(cluster->second);
    return Ok;
}

int runNodeAction(const QString &action, const QStringList &args)
{
    static const QHash<QString, QString> what = {
        {u"kill"_s, u"Kill NODE with SIGKILL, as a crash would."_s},
        {u"stop"_s, u"Stop NODE gracefully (a broker moves its leaderships away first)."_s},
        {u"start"_s, u"Start NODE again."_s},
        {u"restart"_s, u"Stop NODE gracefully, then start it."_s},
        {u"pause"_s, u"Freeze NODE with SIGSTOP, as a long GC pause or a hung host would."_s},
        {u"resume"_s, u"Unfreeze a paused NODE (SIGCONT)."_s},
    };
    QCommandLineParser parser;
    parser.addOption(workspaceOption());
    parser.addPositionalArgument(u"NODE"_s, u"A node name such as kafka-1 or zookeeper-2."_s);
    int code = 0;
    if (!parse(parser, action, what.value(action), args, &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"name exactly one node, e.g. `ensemble %1 kafka-1`"_s.arg(action), action);
    const QString node = parser.positionalArguments().first();
    auto root = ControlClient::resolveWorkspace(parser.value(u"workspace"_s));
    if (!root)
        return fail(root.error());
    auto answer =
        ControlClient::request(root.value(), {{u"cmd"_s, u"node"_s}, {u"action"_s, action}, {u"node"_s, node}});
    if (!answer)
        return fail(answer.error());
    out() << action << " " << node << ": done" << Qt::endl;
    return Ok;
}

int runDown(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption purgeOpt(u"purge"_s, u"Also delete the workspace (all node data and logs)."_s);
    parser.addOptions({workspaceOption(), purgeOpt});
    int code = 0;
    if (!parse(parser, u"down"_s,
               u"Stop every node of the running cluster (brokers first, then ZooKeeper or the KRaft controllers)."_s,
               args, &code))
        return code;
    auto root = ControlClient::resolveWorkspace(parser.value(u"workspace"_s));
    if (!root)
        return fail(root.error());
    auto answer = ControlClient::request(root.value(), {{u"cmd"_s, u"down"_s}});
    if (!answer)
        return fail(answer.error());
    err() << "stopping the cluster in " << root.value() << "..." << Qt::endl;
    QElapsedTimer timer;
    timer.start();
    while (ControlClient::isAlive(root.value())) {
        if (timer.elapsed() > 120000)
            return fail(Error::runtime(u"the cluster did not stop within 120 s — see its terminal or logs"_s));
        QThread::msleep(200);
    }
    out() << "stopped in " << QString::number(double(timer.elapsed()) / 1000.0, 'f', 1) << " s" << Qt::endl;
    if (parser.isSet(purgeOpt)) {
        auto ws = Workspace::open(root.value());
        if (!ws)
            return fail(ws.error());
        if (auto s = ws->purge(); !s)
            return fail(s.error());
        out() << "deleted " << root.value() << Qt::endl;
    }
    return Ok;
}

int runEvents(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"One JSON object per line."_s);
    const QCommandLineOption followOpt({u"f"_s, u"follow"_s}, u"Keep printing new events until the cluster stops."_s);
    const QCommandLineOption sinceOpt(u"since"_s, u"Only events at or after MS milliseconds of cluster time."_s,
                                      u"MS"_s);
    parser.addOptions({workspaceOption(), jsonOpt, followOpt, sinceOpt});
    int code = 0;
    if (!parse(parser, u"events"_s,
               u"Print the cluster's events: from the running cluster, or from the workspace's events.jsonl when it is "
               "not running."_s,
               args, &code))
        return code;
    bool okSince = true;
    const qint64 since = parser.isSet(sinceOpt) ? parser.value(sinceOpt).toLongLong(&okSince) : 0;
    if (!okSince)
        return usageError(u"--since takes a number of milliseconds"_s, u"events"_s);
    const bool json = parser.isSet(jsonOpt);
    auto print = [json](const QJsonObject &event) {
        if (json) {
            printJson(event);
        } else if (const auto e = ClusterEvent::fromJson(event)) {
            out() << e->toText() << '\n';
            out().flush();
        }
        return true;
    };
    auto root = ControlClient::resolveWorkspace(parser.value(u"workspace"_s));
    if (root) {
        const Status s = ControlClient::streamEvents(root.value(), since, parser.isSet(followOpt), print);
        return s ? Ok : fail(s.error());
    }
    // Not running: read the log it left behind (not when it runs but refused us: another user's cluster).
    if (!parser.isSet(u"workspace"_s) || root.error().kind == Error::Kind::BadInput)
        return fail(root.error());
    auto ws = Workspace::open(parser.value(u"workspace"_s));
    if (!ws)
        return fail(ws.error());
    auto events = EventLog::read(ws->eventsFile());
    if (!events)
        return fail(events.error());
    for (const ClusterEvent &e : events.value())
        if (e.timeMs >= since)
            print(e.toJson());
    return Ok;
}

} // namespace ensemble::cli
