// Shared pieces of the headless command line: output streams, errors and exit codes, option parsing.
#pragma once

#include "Expected.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

namespace ensemble {
struct ClusterSpec;
}

namespace ensemble::cli {

enum ExitCode { Ok = 0, RuntimeFailure = 1, BadUsage = 2 };

QTextStream &out();
QTextStream &err();

// Prints "ensemble: error: MESSAGE" and returns the error's exit code (2 bad input, 1 runtime).
int fail(const Error &error);
int usageError(const QString &message, const QString &command);

// Parses ARGS (without the program and subcommand names) with PARSER; on a bad option prints why and
// returns false. Adds -h/--help, which prints the command's help and exits 0.
bool parse(QCommandLineParser &parser, const QString &command, const QString &summary, const QStringList &args,
           int *exitCode);

void printJson(const QJsonObject &object);

// The -w/--workspace option used by every command that talks to a running cluster.
QCommandLineOption workspaceOption();
// Resolves -w (or the only running cluster) and fetches its status.
Expected<std::pair<QString, QJsonObject>> runningCluster(const QCommandLineParser &parser);

int runUp(const QStringList &args);
int runDown(const QStringList &args);
int runLs(const QStringList &args);
int runStatus(const QStringList &args);
int runNodeAction(const QString &action, const QStringList &args);
int runNetworkFault(const QString &action, const QStringList &args);
int runEvents(const QStringList &args);
int runProduce(const QStringList &args);
int runDrill(const QStringList &args);
int runScenarioCommand(const QStringList &args);
int runConsume(const QStringList &args);
int runTopics(const QStringList &args);
int runGroups(const QStringList &args);
int runValidate(const QStringList &args);
int runInit(const QStringList &args);
int runExport(const QStringList &args);
int runImport(const QStringList &args);
int runRuntime(const QStringList &args);
// `validate` on a docker-compose file (top-level `services:`) lints it; returns -1 when FILE is not one.
int validateIfComposeFile(const QString &file);
// `validate` on a cluster file: the lint findings beyond the validator's own warnings.
void printSpecLint(const QString &file, const ClusterSpec &spec);

} // namespace ensemble::cli
