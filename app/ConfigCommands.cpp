// Commands that carry a cluster out of Ensemble and in: export (docker compose, properties files, the cluster
// file) and import (a docker-compose file); and the linter behind `validate` for docker-compose files.
#include "Cli.h"

#include "ClusterSpec.h"
#include "ClusterSpecWriter.h"
#include "ComposeExporter.h"
#include "ComposeImporter.h"
#include "ComposeLinter.h"
#include "ComposeTopology.h"
#include "PropertiesExporter.h"
#include "SpecLinter.h"
#include "StrimziExporter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

namespace {

void printDiagnostics(QTextStream &stream, const QString &file, const QList<Diagnostic> &diagnostics)
{
    for (const Diagnostic &d : diagnostics)
        stream << d.format(file) << '\n';
}

QString summary(const QList<LintFinding> &findings)
{
    auto count = [&](LintSeverity s, const QString &one, const QString &many) {
        const int n = countLintFindings(findings, s);
        return u"%1 %2"_s.arg(n).arg(n == 1 ? one : many);
    };
    return count(LintSeverity::Error, u"error"_s, u"errors"_s) + u", "_s +
           count(LintSeverity::Warning, u"warning"_s, u"warnings"_s) + u", "_s +
           count(LintSeverity::Info, u"note"_s, u"notes"_s);
}

} // namespace

namespace {

void printLintFindings(const QString &file, const QList<LintFinding> &findings)
{
    for (const LintFinding &f : findings)
        out() << f.format(file) << '\n';
}

} // namespace

void printSpecLint(const QString &file, const ClusterSpec &spec)
{
    printLintFindings(file, lintClusterSpec(spec));
}

namespace {

int validateComposeFile(const QString &file, const QByteArray &text)
{
    const ComposeParseResult parsed = parseComposeFile(text);
    printDiagnostics(out(), file, parsed.diagnostics);
    if (!parsed.file) {
        out().flush();
        err() << "ensemble: " << file << " is not a readable docker-compose file" << Qt::endl;
        return BadUsage;
    }
    const QList<LintFinding> findings = lintCompose(*parsed.file);
    printLintFindings(file, findings);
    const ComposeTopology topology = interpretCompose(*parsed.file);
    int controllers = 0, brokers = 0, combined = 0, kraft = 0;
    for (const KafkaBroker &b : topology.brokers) {
        kraft += b.kraft ? 1 : 0;
        combined += b.kraft && b.isCombined() ? 1 : 0;
        controllers += b.kraft && b.isController() && !b.isBroker() ? 1 : 0;
        brokers += b.kraft && b.isBroker() && !b.isController() ? 1 : 0;
    }
    out() << file << ": docker-compose file with ";
    if (kraft > 0 && topology.zookeepers.isEmpty())
        out() << "KRaft nodes: " << controllers << " controller(s), " << brokers << " broker(s), " << combined
              << " combined";
    else
        out() << topology.zookeepers.size() << " ZooKeeper and " << topology.brokers.size() << " Kafka service(s)";
    if (!topology.skipped.isEmpty())
        out() << " (" << topology.skipped.size() << " other service(s) not checked)";
    out() << " — " << summary(findings) << '\n';
    if (!topology.brokers.isEmpty())
        out() << "Run it as processes: `ensemble import " << file << " -o cluster.yaml && ensemble up -f "
              << "cluster.yaml`" << '\n';
    out().flush();
    return countLintFindings(findings, LintSeverity::Error) > 0 ? BadUsage : Ok;
}

} // namespace

int validateIfComposeFile(const QString &file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return -1; // the cluster-file path reports an unreadable file
    const QByteArray text = in.readAll();
    return looksLikeComposeFile(text) ? validateComposeFile(file, text) : -1;
}

int runExport(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption fileOpt({u"f"_s, u"file"_s}, u"The cluster file (default: the built-in 3 + 3 cluster)."_s,
                                     u"FILE"_s);
    const QCommandLineOption formatOpt(u"format"_s, u"compose, properties, strimzi or yaml."_s, u"FORMAT"_s);
    const QCommandLineOption outOpt({u"o"_s, u"output"_s},
                                    u"The directory to write into (created if needed); '-' prints compose or yaml."_s,
                                    u"DIR"_s);
    const QCommandLineOption forceOpt(u"force"_s, u"Overwrite files that exist."_s);
    parser.addOptions({fileOpt, formatOpt, outOpt, forceOpt});
    int code = 0;
    if (!parse(parser, u"export"_s,
               u"Write a cluster out: a docker-compose.yml (compose), Strimzi resources for Kubernetes (strimzi), "
               u"per-node zoo.cfg / server.properties "
               u"with a "
               "start order (properties), or the cluster file with every key (yaml)."_s,
               args, &code))
        return code;
    const QString format = parser.value(formatOpt);
    if (format != u"compose" && format != u"properties" && format != u"strimzi" && format != u"yaml")
        return usageError(u"choose --format compose, properties, strimzi or yaml"_s, u"export"_s);
    const QString dir = parser.value(outOpt);
    if (dir.isEmpty())
        return usageError(u"name the output directory: -o DIR"_s, u"export"_s);
    if (dir == u"-" && (format == u"properties" || format == u"strimzi"))
        return usageError(u"the %1 format is a directory of files: give -o DIR"_s.arg(format), u"export"_s);

    const QString file = parser.value(fileOpt);
    const SpecParseResult parsed = file.isEmpty() ? parseClusterSpec(defaultClusterYaml()) : loadClusterSpec(file);
    const QString shown = file.isEmpty() ? u"(default cluster)"_s : file;
    if (!parsed.spec) {
        printDiagnostics(err(), shown, parsed.diagnostics);
        err() << "ensemble: " << shown << " is not valid — fix it, then export again" << Qt::endl;
        return BadUsage;
    }
    const ClusterSpec &spec = *parsed.spec;
    Expected<QList<ExportedFile>> files = QList<ExportedFile>{};
    if (format == u"compose")
        files = exportCompose(spec);
    else if (format == u"properties")
        files = exportProperties(spec);
    else if (format == u"strimzi")
        files = exportStrimzi(spec);
    else
        files = QList<ExportedFile>{
            {u"cluster.yaml"_s, writeClusterSpec(spec, {u"Cluster '%1', exported by `ensemble export --format "
                                                        "yaml`."_s.arg(spec.name)})}};
    if (!files)
        return fail(files.error());
    if (dir == u"-") {
        out() << files->first().content;
        out().flush();
        return Ok;
    }
    if (Status written = writeExportedFiles(dir, files.value(), parser.isSet(forceOpt)); !written)
        return fail(written.error());
    for (const ExportedFile &f : files.value())
        out() << "wrote " << QDir(dir).filePath(f.path) << '\n';
    if (format == u"compose")
        out() << "Run it: cd " << dir << " && docker compose up -d   (README.md says more)" << '\n';
    else if (format == u"strimzi")
        out() << "Run it: install Strimzi, then kubectl apply -f " << QDir(dir).filePath(u"kafka.yaml"_s)
              << "   (README.md says which Strimzi and the order)" << '\n';
    else if (format == u"properties")
        out() << "Run it: KAFKA_HOME=/path/to/kafka_2.13-3.9.x " << QDir(dir).filePath(u"start.sh"_s)
              << "   (START-ORDER.md says more)" << '\n';
    else
        out() << "Run it: ensemble up -f " << QDir(dir).filePath(u"cluster.yaml"_s) << '\n';
    out().flush();
    return Ok;
}

int runImport(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption outOpt({u"o"_s, u"output"_s}, u"The cluster file to write (default: print it)."_s,
                                    u"FILE"_s);
    const QCommandLineOption forceOpt(u"force"_s, u"Overwrite the output file if it exists."_s);
    parser.addOptions({outOpt, forceOpt});
    parser.addPositionalArgument(u"COMPOSE"_s, u"The docker-compose file to import."_s);
    int code = 0;
    if (!parse(parser, u"import"_s, u"Turn a docker-compose file's ZooKeeper and Kafka services into a cluster file."_s,
               args, &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"name one docker-compose file: `ensemble import docker-compose.yml -o cluster.yaml`"_s,
                          u"import"_s);
    const QString file = parser.positionalArguments().first();
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return fail(Error::badInput(u"cannot read %1: %2 — check the path"_s.arg(file, in.errorString())));
    const QByteArray text = in.readAll();
    const QString output = parser.value(outOpt);
    if (!output.isEmpty() && QFileInfo::exists(output) && !parser.isSet(forceOpt))
        return fail(Error::badInput(u"%1 already exists — choose another name or add --force"_s.arg(output)));

    const ImportResult result = importComposeText(text, QFileInfo(file).completeBaseName());
    // With the cluster file on stdout, everything else goes to stderr.
    QTextStream &info = output.isEmpty() ? err() : out();
    printDiagnostics(err(), file, result.diagnostics);
    if (!result.spec) {
        err() << "ensemble: cannot import " << file << Qt::endl;
        return BadUsage;
    }
    const ClusterSpec &spec = *result.spec;
    QStringList header{u"Imported by `ensemble import` from %1."_s.arg(QFileInfo(file).fileName())};
    if (!result.skipped.isEmpty()) {
        header.append(u"Not part of the cluster (skipped):"_s);
        for (const QString &s : result.skipped)
            header.append(u"  - "_s + s);
    }
    if (!result.notes.isEmpty()) {
        header.append(u"Differences from the compose file:"_s);
        for (const QString &n : result.notes)
            header.append(u"  - "_s + n);
    }
    const QString yaml = writeClusterSpec(spec, header);
    for (const QString &s : result.skipped)
        info << "skipped: " << s << '\n';
    for (const QString &n : result.notes)
        info << "note: " << n << '\n';
    if (output.isEmpty()) {
        out() << yaml;
    } else {
        QFile f(output);
        if (!f.open(QIODevice::WriteOnly) || f.write(yaml.toUtf8()) < 0)
            return fail(Error::runtime(u"cannot write %1: %2"_s.arg(output, f.errorString())));
        const QString nodes =
            spec.mode == ClusterMode::ZooKeeper ? u"%1 ZooKeeper, %2 Kafka"_s.arg(spec.coordinators).arg(spec.brokers)
            : spec.combined                     ? u"%1 combined KRaft node(s)"_s.arg(spec.coordinators)
                            : u"%1 KRaft controller(s), %2 broker(s)"_s.arg(spec.coordinators).arg(spec.brokers);
        out() << "wrote " << output << ": " << nodes << ", " << spec.topics.size() << " topic(s)" << '\n';
    }
    const ComposeLintResult lint = lintComposeText(text);
    if (!lint.findings.isEmpty())
        info << file << " has " << summary(lint.findings) << ": `ensemble validate " << file << "` explains them"
             << '\n';
    if (!output.isEmpty())
        info << "Run it: ensemble up -f " << output << '\n';
    out().flush();
    err().flush();
    return Ok;
}

} // namespace ensemble::cli
