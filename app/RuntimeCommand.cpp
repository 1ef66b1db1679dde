// `ensemble runtime list|install VERSION|remove VERSION`: the Kafka runtimes, installed from Maven Central without
// Maven (RuntimeInstaller), each jar checked against the lock this build ships and the repository's checksums.
#include "Cli.h"

#include "ClassDataArchive.h"
#include "ClassDataTraining.h"
#include "RuntimeInstaller.h"
#include "RuntimeLocator.h"
#include "RuntimeLock.h"
#include "Workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

namespace {

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1) + u" MB"_s;
}

// The class-data archives of VERSION for the Java that will run it, made by a short training run unless they are
// there. A failure is a warning (clusters just start slower), so this never fails the command.
QJsonObject prepareFastStarts(const QString &version)
{
    ClassDataTraining training(version);
    bool succeeded = false;
    QString message;
    QObject::connect(&training, &ClassDataTraining::progress, &training,
                     [](const QString &text) { err() << text << Qt::endl; });
    QObject::connect(&training, &ClassDataTraining::finished, &training, [&](bool ok, const QString &text) {
        succeeded = ok;
        message = text;
        QCoreApplication::exit(0);
    });
    QElapsedTimer clock;
    clock.start();
    QMetaObject::invokeMethod(&training, &ClassDataTraining::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    const double seconds = double(clock.elapsed()) / 1000.0;
    if (succeeded)
        err() << "fast starts: " << message << u" (%1 s)"_s.arg(seconds, 0, 'f', 1) << Qt::endl;
    else
        err() << "warning: no class-data archives for Kafka " << version << ": " << message
              << " — clusters start without them (slower) and record them at their first graceful stop; try again "
                 "with `ensemble runtime archive "
              << version << "`" << Qt::endl;
    return {{u"ok"_s, succeeded}, {u"message"_s, message}, {u"seconds"_s, seconds}};
}

// Whether VERSION's archives are there for the Java clusters would run it on, for `runtime list`.
QJsonObject classDataOf(const QString &version)
{
    auto runtime = ClassDataTraining::runtimeFor(version);
    if (!runtime)
        return {{u"ready"_s, false}, {u"message"_s, runtime.error().message}};
    const ClassDataArchive archive(*runtime);
    return {{u"ready"_s, ClassDataTraining::isDone(*runtime)},
            {u"format"_s, archive.formatName()},
            {u"java"_s, runtime->java},
            {u"java_version"_s, runtime->javaMajor},
            {u"path"_s, ClassDataArchive::directoryFor(*runtime)}};
}

int listRuntimes(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"One JSON object: {\"runtimes\": [...]}."_s);
    parser.addOption(jsonOpt);
    int code = 0;
    if (!parse(parser, u"runtime list"_s, u"The Kafka runtimes: installed, and those Ensemble can install."_s, args,
               &code))
        return code;
    QStringList versions = RuntimeLock::knownVersions();
    for (const QString &v : RuntimeLocator::installedVersions())
        if (!versions.contains(v))
            versions.append(v);
    QJsonArray runtimes;
    for (const QString &v : std::as_const(versions)) {
        const auto lock = RuntimeLock::forVersion(v);
        const QString stamp = RuntimeInstaller::installedStamp(v);
        QJsonObject entry{{u"version"_s, v},
                          {u"installed"_s, !stamp.isEmpty()},
                          {u"installable"_s, lock.ok()},
                          {u"path"_s, RuntimeLocator::installedLibDir(v)}};
        if (lock) {
            entry.insert(u"jars"_s, int(lock->jars.size()));
            entry.insert(u"download_bytes"_s, double(lock->totalBytes()));
            // Installed from another lock (an older pom): `install` replaces it.
            entry.insert(u"current"_s, stamp == lock->stamp);
        }
        if (!stamp.isEmpty())
            entry.insert(u"class_data"_s, classDataOf(v));
        runtimes.append(entry);
    }
    if (parser.isSet(jsonOpt)) {
        printJson({{u"runtimes"_s, runtimes}, {u"root"_s, QString(Workspace::dataRoot() + u"/runtime"_s)}});
        return Ok;
    }
    out() << QStringLiteral("%1 %2 %3").arg(u"VERSION"_s, -8).arg(u"STATE"_s, -30).arg(u"WHERE"_s) << '\n';
    for (const QJsonValue &value : std::as_const(runtimes)) {
        const QJsonObject r = value.toObject();
        QString state;
        if (r.value(u"installed"_s).toBool()) {
            state = r.value(u"current"_s).toBool(true) ? u"installed"_s : u"installed (outdated)"_s;
            const QJsonObject classData = r.value(u"class_data"_s).toObject();
            state += classData.value(u"ready"_s).toBool()
                         ? u", %1 (Java %2)"_s.arg(classData.value(u"format"_s).toString().section(u' ', 0, 0))
                               .arg(classData.value(u"java_version"_s).toInt())
                         : u", no archive"_s;
        } else
            state = u"installable (%1)"_s.arg(megabytes(qint64(r.value(u"download_bytes"_s).toDouble())));
        out() << QStringLiteral("%1 %2 %3")
                     .arg(r.value(u"version"_s).toString(), -8)
                     .arg(state, -30)
                     .arg(r.value(u"installed"_s).toBool() ? r.value(u"path"_s).toString() : u"-"_s)
              << '\n';
    }
    out() << "install one with `ensemble runtime install VERSION`; `ensemble runtime archive VERSION` makes the "
             "archives that make its first start fast"
          << Qt::endl;
    return Ok;
}

int installRuntime(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"Print the result as one JSON object."_s);
    parser.addOption(jsonOpt);
    const QCommandLineOption noArchiveOpt(u"no-archive"_s,
                                          u"Skip the training run that makes the class-data archives (AppCDS, or an "
                                          "AOT cache on Java 25+) for fast starts."_s);
    parser.addOption(noArchiveOpt);
    parser.addPositionalArgument(u"VERSION"_s, u"The Kafka version, e.g. 4.4.0 (`ensemble runtime list`)."_s);
    int code = 0;
    if (!parse(parser, u"runtime install"_s,
               u"Download a Kafka runtime from Maven Central (no Maven needed), verify every jar's checksum, and "
               "install it for this user. An interrupted install resumes."_s,
               args, &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"name one Kafka version to install"_s, u"runtime install"_s);
    auto lock = RuntimeLock::forVersion(parser.positionalArguments().first());
    if (!lock)
        return fail(lock.error());
    RuntimeInstaller installer(lock.value());
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    int lastReported = -1;
    err() << "Installing Kafka " << lock->kafkaVersion << " from " << RuntimeInstaller::repositoryUrl().toString()
          << ": " << lock->jars.size() << " jars, " << megabytes(lock->totalBytes()) << Qt::endl;
    QObject::connect(&installer, &RuntimeInstaller::progress, &installer, [&](const RuntimeInstallProgress &p) {
        const QString line = u"  %1/%2 files, %3 of %4"_s.arg(p.filesDone)
                                 .arg(p.filesTotal)
                                 .arg(megabytes(p.bytesDone), megabytes(p.bytesTotal));
        if (tty) {
            err() << '\r' << line << "   ";
            err().flush();
        } else if (p.filesDone / 10 != lastReported / 10 || p.filesDone == p.filesTotal) {
            // A log, not a terminal: a line every ten files.
            lastReported = p.filesDone;
            err() << line << Qt::endl;
        }
    });
    bool succeeded = false;
    QString message;
    QObject::connect(&installer, &RuntimeInstaller::finished, &installer, [&](bool ok, const QString &text) {
        succeeded = ok;
        message = text;
        QCoreApplication::exit(0);
    });
    QElapsedTimer clock;
    clock.start();
    QMetaObject::invokeMethod(&installer, &RuntimeInstaller::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    if (tty)
        err() << Qt::endl;
    const double seconds = double(clock.elapsed()) / 1000.0;
    if (succeeded && !parser.isSet(jsonOpt))
        out() << message << u" in %1 s"_s.arg(seconds, 0, 'f', 1) << Qt::endl;
    QJsonObject classData;
    if (succeeded && !parser.isSet(noArchiveOpt))
        classData = prepareFastStarts(lock->kafkaVersion);
    if (parser.isSet(jsonOpt))
        printJson({{u"version"_s, lock->kafkaVersion},
                   {u"ok"_s, succeeded},
                   {u"message"_s, message},
                   {u"path"_s, QString(installer.runtimeDir() + u"/libs"_s)},
                   {u"jars"_s, int(lock->jars.size())},
                   {u"bytes"_s, double(lock->totalBytes())},
                   {u"seconds"_s, seconds},
                   {u"class_data"_s, classData}});
    if (!succeeded)
        return fail(Error::runtime(message));
    return Ok;
}

int archiveRuntime(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOpt(u"json"_s, u"Print the result as one JSON object."_s);
    parser.addOption(jsonOpt);
    parser.addPositionalArgument(u"VERSION"_s, u"Installed Kafka versions, e.g. 3.9.2 4.4.0."_s);
    int code = 0;
    if (!parse(parser, u"runtime archive"_s,
               u"Make the class-data archives of installed Kafka runtimes for the Java that runs them (JAVA_HOME, "
               "else PATH): AppCDS, or an AOT cache on Java 25+. A short training run of one node of each kind, on "
               "free loopback ports; nothing to do when they are there already."_s,
               args, &code))
        return code;
    const QStringList versions = parser.positionalArguments();
    if (versions.isEmpty())
        return usageError(u"name the installed Kafka versions to archive (`ensemble runtime list`)"_s,
                          u"runtime archive"_s);
    const QStringList installed = RuntimeLocator::installedVersions();
    for (const QString &v : versions)
        if (!installed.contains(v))
            return fail(Error::badInput(u"Kafka %1 is not installed — `ensemble runtime install %1`"_s.arg(v)));
    QJsonObject results;
    bool all = true;
    for (const QString &v : versions) {
        const QJsonObject r = prepareFastStarts(v);
        all = all && r.value(u"ok"_s).toBool();
        results.insert(v, r);
    }
    if (parser.isSet(jsonOpt))
        printJson({{u"class_data"_s, results}});
    // The archives are an optimisation: a failed training run is reported (exit 1) but leaves nothing broken.
    return all ? Ok : RuntimeFailure;
}

int removeRuntime(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"VERSION"_s, u"The installed Kafka version to delete."_s);
    int code = 0;
    if (!parse(parser, u"runtime remove"_s, u"Delete an installed Kafka runtime (its jars and stamp)."_s, args, &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"name one installed Kafka version"_s, u"runtime remove"_s);
    const QString version = parser.positionalArguments().first();
    if (const Status removed = RuntimeInstaller::remove(version); !removed)
        return fail(removed.error());
    out() << "removed Kafka " << version << " (" << Workspace::dataRoot() << "/runtime/kafka-" << version << ")"
          << Qt::endl;
    return Ok;
}

} // namespace

int runRuntime(const QStringList &args)
{
    const QString sub = args.value(0);
    if (sub == u"list")
        return listRuntimes(args.mid(1));
    if (sub == u"install")
        return installRuntime(args.mid(1));
    if (sub == u"remove")
        return removeRuntime(args.mid(1));
    if (sub == u"archive")
        return archiveRuntime(args.mid(1));
    if (sub == u"-h" || sub == u"--help") {
        out() << "Usage: ensemble runtime list [--json] | install VERSION [--no-archive] [--json] | archive VERSION... "
                 "| remove VERSION\n"
                 "The Kafka runtimes (jars from Maven Central, checked against the checksums this build ships).\n";
        return Ok;
    }
    return usageError(
        sub.isEmpty() ? u"name a subcommand: list, install VERSION or remove VERSION"_s
                      : u"unknown subcommand '%1' (list, install VERSION, archive VERSION, remove VERSION)"_s.arg(sub),
        u"runtime"_s);
}

} // namespace ensemble::cli
