#include "RunPreparation.h"

#include "NodeConfig.h"
#include "PortAllocator.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace ensemble {

PreparedRun RunPreparation::prepare(const QString &clusterFile, const QString &workspaceDir, bool resetPorts,
                                    const std::function<void(const QString &)> &step, bool linkProxies)
{
    auto say = [&step](const QString &what) {
        if (step)
            step(what);
    };
    PreparedRun run;
    say(u"reading the cluster file"_s);
    QByteArray yaml;
    if (clusterFile.isEmpty()) {
        yaml = defaultClusterYaml();
    } else if (QFile f(clusterFile); f.open(QIODevice::ReadOnly)) {
        yaml = f.readAll();
    }
    // loadClusterSpec reports a missing or unreadable file as a diagnostic with the reason.
    const SpecParseResult parsed = clusterFile.isEmpty() ? parseClusterSpec(yaml) : loadClusterSpec(clusterFile);
    for (const Diagnostic &d : parsed.diagnostics)
        run.diagnostics.append(d.format(clusterFile.isEmpty() ? u"default cluster"_s : clusterFile));
    if (!parsed.spec) {
        run.error = Error::badInput(u"the cluster file has errors; nothing was started"_s);
        return run;
    }
    run.spec = *parsed.spec;

    say(u"finding Java and the Kafka runtime"_s);
    auto runtime = RuntimeLocator::locate(run.spec);
    if (!runtime) {
        run.error = runtime.error();
        return run;
    }
    run.runtime = runtime.value();

    auto workspace =
        Workspace::openOrCreate(workspaceDir.isEmpty() ? Workspace::defaultDirFor(run.spec.name) : workspaceDir);
    if (!workspace) {
        run.error = workspace.error();
        return run;
    }
    run.workspace = workspace.value();
    if (auto s = lock(run); !s) {
        run.error = s.error();
        return run;
    }
    say(u"ending node processes an earlier run left behind"_s);
    run.strays = StrayReaper::reap(run.workspace->root());

    say(u"picking ports"_s);
    // Ports are chosen once and kept (layout.json), so clients configured against a cluster keep working across
    // restarts; the default cluster starts from Kafka's usual ports when they are free.
    PortRequest ports;
    ports.conventional = run.spec.name == u"default"_s;
    if (QFile saved(run.workspace->layoutFile()); !resetPorts && saved.open(QIODevice::ReadOnly))
        ports.kept = ClusterLayout::fromJson(QJsonDocument::fromJson(saved.readAll()).object());
    auto layout = PortAllocator::allocate(run.spec, ports);
    if (!layout) {
        run.error = layout.error();
        run.lock.reset();
        return run;
    }
    run.layout = layout.value();
    const bool kraft = run.spec.mode != ClusterMode::ZooKeeper;
    // ZooKeeper mode: also with one server, whose brokers' sessions can still be cut (isolate a broker).
    if (linkProxies && (kraft ? run.layout.nodes.size() > 1
                              : !run.layout.brokers().isEmpty() || run.layout.coordinators().size() > 1)) {
        say(kraft ? u"opening the KRaft controllers' link proxies"_s : u"opening the ZooKeeper link proxies"_s);
        auto links = std::make_shared<LinkFaults>();
        if (auto s = links->open(run.layout); !s) {
            run.error = s.error();
            run.lock.reset();
            return run;
        }
        run.links = std::move(links);
    }

    say(u"writing the nodes' files"_s);
    if (auto s = writeFiles(run, yaml); !s) {
        run.error = s.error();
        run.lock.reset();
    }
    return run;
}

Status RunPreparation::lock(PreparedRun &run)
{
    const Workspace &ws = *run.workspace;
    auto lock = std::make_shared<QLockFile>(ws.lockFile());
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        lock->getLockInfo(&pid, &host, &app);
        return Error::badInput(u"cluster '%1' is already running from %2 (pid %3) — see it with `ensemble status -w "
                               "%2`, or stop it with `ensemble down -w %2`"_s.arg(run.spec.name, ws.root())
                                   .arg(pid));
    }
    run.lock = std::move(lock);
    return ok();
}

Status RunPreparation::writeFiles(PreparedRun &run, const QByteArray &clusterYaml)
{
    const Workspace &ws = *run.workspace;
    const auto cannotWrite = [](const QString &path, const QString &why) {
        return Error::runtime(
            u"cannot write %1: %2 — check the disk's free space and the directory's permissions"_s.arg(path, why));
    };
    for (const NodeLayout &node : run.layout.nodes) {
        if (auto s = ws.prepareNode(node.name); !s)
            return s;
        QString error;
        const NodePaths paths{ws.confDir(node.name), ws.dataDir(node.name), ws.logsDir(node.name)};
        if (!NodeConfig::writeFiles(run.spec, run.layout, node, paths, &error))
            return Error::runtime(error);
        const bool kraft = run.spec.mode != ClusterMode::ZooKeeper;
        if (run.links) {
            const QString path = paths.conf + u'/' + NodeConfig::configFileName(kraft ? NodeKind::Broker : node.kind);
            QFile written(path);
            if (!written.open(QIODevice::ReadOnly))
                return cannotWrite(path, written.errorString());
            const QString text = QString::fromUtf8(written.readAll());
            const QString proxied = kraft ? run.links->pointKRaftPropertiesAtProxies(text, run.layout, node)
                                    : node.kind == NodeKind::Coordinator
                                        ? run.links->pointZooCfgAtProxies(text, run.layout, node)
                                        : run.links->pointBrokerPropertiesAtProxies(text, run.layout, node);
            written.close();
            QSaveFile zooCfg(path);
            if (!zooCfg.open(QIODevice::WriteOnly) || zooCfg.write(proxied.toUtf8()) < 0 || !zooCfg.commit())
                return cannotWrite(path, zooCfg.errorString());
        }
    }
    QSaveFile layoutFile(ws.layoutFile());
    if (!layoutFile.open(QIODevice::WriteOnly) || layoutFile.write(QJsonDocument(run.layout.toJson()).toJson()) < 0 ||
        !layoutFile.commit())
        return cannotWrite(ws.layoutFile(), layoutFile.errorString());
    // Keep the previous run's events for replay; this run starts a fresh log.
    if (QFile::exists(ws.eventsFile())) {
        const QString previous = ws.root() + u"/events.previous.jsonl"_s;
        QFile::remove(previous);
        if (QFile events(ws.eventsFile()); !events.rename(previous))
            return cannotWrite(previous, events.errorString());
    }
    // A copy of the cluster file the workspace runs, for `ensemble status` and export. Written from the bytes that
    // were parsed, so `-f WORKSPACE/cluster.yaml` (the copy itself) is safe.
    QSaveFile copy(ws.clusterFile());
    if (!copy.open(QIODevice::WriteOnly) || copy.write(clusterYaml) != clusterYaml.size() || !copy.commit())
        return cannotWrite(ws.clusterFile(), copy.errorString());
    return ok();
}

} // namespace ensemble
