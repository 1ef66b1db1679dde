// `ensemble ls`: every cluster Ensemble knows of — the workspaces under the data folder and those elsewhere
// that run now — with its mode, Kafka version, state (a running cluster answers on its control socket) and
// bootstrap address (the ports its workspace keeps).
#include "Cli.h"

#include "ClusterListing.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

int runLs(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"One JSON object: {\"clusters\": [...]}."_s);
    parser.addOption(jsonOpt);
    int code = 0;
    if (!parse(parser, u"ls"_s,
               u"List the clusters: running and stopped, with workspace, mode, Kafka version, state and bootstrap."_s,
               args, &code))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return usageError(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()), u"ls"_s);
    const QJsonArray clusters = ClusterListing::all();
    if (parser.isSet(jsonOpt)) {
        printJson({{u"clusters"_s, clusters}});
        return Ok;
    }
    if (clusters.isEmpty()) {
        out() << "no clusters yet — start one with `ensemble up` (or `ensemble up -d` to keep it in the background)"
              << Qt::endl;
        return Ok;
    }
    out() << QStringLiteral("%1 %2 %3 %4 %5 %6")
                 .arg(u"NAME"_s, -16)
                 .arg(u"STATE"_s, -9)
                 .arg(u"MODE"_s, -10)
                 .arg(u"VERSION"_s, -8)
                 .arg(u"BOOTSTRAP"_s, -48)
                 .arg(u"WORKSPACE"_s)
          << '\n';
    for (const QJsonValue &v : clusters) {
        const QJsonObject c = v.toObject();
        auto field = [&c](const QString &key) {
            const QString value = c.value(key).toString();
            return value.isEmpty() ? u"-"_s : value;
        };
        out() << QStringLiteral("%1 %2 %3 %4 %5 %6")
                     .arg(field(u"name"_s), -16)
                     .arg(field(u"state"_s), -9)
                     .arg(field(u"mode"_s), -10)
                     .arg(field(u"kafka_version"_s), -8)
                     .arg(field(u"bootstrap"_s), -48)
                     .arg(field(u"workspace"_s))
              << '\n';
    }
    out().flush();
    return Ok;
}

} // namespace ensemble::cli
