#include "Cli.h"

#include "ControlClient.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace ensemble::cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const Error &error)
{
    out().flush();
    err() << "ensemble: error: " << error.message << Qt::endl;
    return error.exitCode();
}

int usageError(const QString &message, const QString &command)
{
    out().flush();
    err() << "ensemble " << command << ": " << message << Qt::endl
          << "See `ensemble " << command << " --help`." << Qt::endl;
    return BadUsage;
}

bool parse(QCommandLineParser &parser, const QString &command, const QString &summary, const QStringList &args,
           int *exitCode)
{
    parser.setApplicationDescription(summary);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    parser.addOption(help);
    QStringList full = args;
    full.prepend(u"ensemble "_s + command);
    if (!parser.parse(full)) {
        *exitCode = usageError(parser.errorText(), command);
        return false;
    }
    if (parser.isSet(help)) {
        // Qt names the binary's full path in the usage line; a user typed `ensemble COMMAND`.
        QString text = parser.helpText();
        const qsizetype end = text.indexOf(u'\n');
        const QString usage = text.left(end);
        const qsizetype options = usage.indexOf(u" [options]"_s);
        text.replace(0, end, u"Usage: ensemble "_s + command + (options >= 0 ? usage.mid(options) : QString()));
        out() << text;
        out().flush();
        *exitCode = Ok;
        return false;
    }
    return true;
}

void printJson(const QJsonObject &object)
{
    out() << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) << '\n';
    out().flush();
}

QCommandLineOption workspaceOption()
{
    return QCommandLineOption({u"w"_s, u"workspace"_s},
                              u"The cluster's workspace directory (default: the only running cluster)."_s, u"DIR"_s);
}

Expected<std::pair<QString, QJsonObject>> runningCluster(const QCommandLineParser &parser)
{
    auto root = ControlClient::resolveWorkspace(parser.value(u"workspace"_s));
    if (!root)
        return root.error();
    auto answer = ControlClient::request(root.value(), {{u"cmd"_s, u"status"_s}});
    if (!answer)
        return answer.error();
    return std::pair{root.value(), answer->value(u"status"_s).toObject()};
}

} // namespace ensemble::cli
