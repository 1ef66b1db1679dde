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
    QJsonArray clusters;
    for (const QString &root : Workspace::knownWorkspaces())
        clusters.append(describe(root));
    return clusters;
}

} // namespace ensemble
