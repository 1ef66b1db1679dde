#include "ClusterListing.h"

#include "ClusterSpec.h"
#include "ControlClient.h"
#include "NodeLayout.h"
#include "Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace ensemble {

QJsonObject ClusterListing::describe(const QString &root)
{
    auto ws = Workspace::open(root);
    QJsonObject entry{{u"workspace"_s, root}, {u"name"_s, QDir(root).dirName()}};
    if (!ws)
        return entry;
    if (QFile::exists(ws->clusterFile())) {
        const SpecParseResult parsed = loadClusterSpec(ws->clusterFile());
        if (parsed.spec) {
            entry.insert(u"name"_s, parsed.spec->name);
            entry.insert(u"mode"_s, toString(parsed.spec->mode));
            entry.insert(u"kafka_version"_s, parsed.spec->effectiveKafkaVersion());
        }
    }
    if (QFile layout(ws->layoutFile()); layout.open(QIODevice::ReadOnly))
        entry.insert(u"bootstrap"_s,
                     ClusterLayout::fromJson(QJsonDocument::fromJson(layout.readAll()).object()).bootstrapServers());
    QString state = u"stopped"_s;
    if (ControlClient::isAlive(root)) {
        auto status = ControlClient::request(root, {{u"cmd"_s, u"status"_s}}, 3000);
        state =
            status && status->value(u"status"_s).toObject().value(u"healthy"_s).toBool() ? u"running"_s : u"starting"_s;
    }
    entry.insert(u"state"_s, state);
    return entry;
}

QJsonArray ClusterListing::all()
{
    // The clusters that run first (what a user looks for), then the stopped ones; each group in the known order.
    QJsonArray running;
    QJsonArray stopped;
    for (const QString &root : Workspace::knownWorkspaces()) {
        const QJsonObject entry = describe(root);
        (entry.value(u"state"_s).toString() == u"stopped"_s ? stopped : running).append(entry);
    }
    for (const QJsonValue &entry : std::as_const(stopped))
        running.append(entry);
    return running;
}

} // namespace ensemble
