// Commands about cluster files: validate and init.
#include "Cli.h"

#include "ClusterSpec.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

int runValidate(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption fileOpt({u"f"_s, u"file"_s}, u"The cluster file to check."_s, u"FILE"_s);
    parser.addOption(fileOpt);
    parser.addPositionalArgument(u"FILE"_s, u"The cluster file (or use -f)."_s);
    int code = 0;
    if (!parse(parser, u"validate"_s,
               u"Check a cluster file, or lint a docker-compose file; print every problem with its line and column."_s,
               args, &code))
        return code;
    QString file = parser.value(fileOpt);
    if (file.isEmpty() && parser.positionalArguments().size() == 1)
        file = parser.positionalArguments().first();
    if (file.isEmpty())
        return usageError(u"name the file: `ensemble validate -f cluster.yaml`"_s, u"validate"_s);
    if (const int composeCode = validateIfComposeFile(file); composeCode >= 0)
        return composeCode;
    const SpecParseResult result = loadClusterSpec(file);
    for (const Diagnostic &d : result.diagnostics)
        out() << d.format(file) << '\n';
    if (!result.spec) {
        out().flush();
        err() << "ensemble: " << file << " is not valid" << Qt::endl;
        return BadUsage;
    }
    const ClusterSpec &s = *result.spec;
    printSpecLint(file, s);
    const bool kraft = s.mode == ClusterMode::KRaft;
    out() << file << ": valid — " << (kraft ? u"KRaft, Kafka "_s + s.effectiveKafkaVersion() + u", "_s : QString())
          << s.coordinators
          << (!kraft       ? " ZooKeeper, "
              : s.combined ? " combined controller+broker nodes, "
                           : " controllers, ")
          << s.brokers << " Kafka, " << s.topics.size() << " topic(s), " << toString(s.profile) << " profile"
          << Qt::endl;
    return Ok;
}

int runInit(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption forceOpt(u"force"_s, u"Overwrite FILE if it exists."_s);
    const QCommandLineOption kraftOpt(u"kraft"_s,
                                      u"Write the KRaft cluster (3 controllers + 3 brokers, Kafka 4.4.0)."_s);
    parser.addOptions({forceOpt, kraftOpt});
    parser.addPositionalArgument(u"FILE"_s, u"Where to write the cluster file (default cluster.yaml)."_s);
    int code = 0;
    if (!parse(parser, u"init"_s, u"Write the default cluster file (3 ZooKeeper + 3 Kafka) to edit."_s, args, &code))
        return code;
    const QString file = parser.positionalArguments().value(0, u"cluster.yaml"_s);
    if (QFile::exists(file) && !parser.isSet(forceOpt))
        return fail(Error::badInput(u"%1 already exists — choose another name or add --force"_s.arg(file)));
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(parser.isSet(kraftOpt) ? kraftClusterYaml() : defaultClusterYaml()) < 0)
        return fail(Error::runtime(u"cannot write %1: %2"_s.arg(file, f.errorString())));
    out() << "wrote " << file << " — edit it, then `ensemble up -f " << file << "`" << Qt::endl;
    return Ok;
}

} // namespace ensemble::cli
