#include "AppLog.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QProcessEnvironment>

#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

constexpr std::size_t kMaxFileBytes = 5 * 1024 * 1024;
constexpr std::size_t kMaxFiles = 3;

struct Sinks
{
    QMutex mutex;
    std::shared_ptr<spdlog::sinks::dist_sink_mt> all = std::make_shared<spdlog::sinks::dist_sink_mt>();
    QHash<QString, spdlog::sink_ptr> files; // path -> its sink inside `all`
};

Sinks &sinks()
{
    static Sinks s;
    return s;
}

QtMessageHandler g_previousHandler = nullptr;

// "ensemble.kafkaclient" -> "kafkaclient", "qt.qpa.xcb" / "default" -> "qt".
QString subsystemOf(const char *category)
{
    const QString name = QString::fromLatin1(category ? category : "default");
    if (name.startsWith(u"ensemble."_s))
        return name.mid(9).section(u'.', 0, 0);
    return u"qt"_s;
}

void routeQtMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    spdlog::level::level_enum level = spdlog::level::info;
    switch (type) {
    case QtDebugMsg:
        level = spdlog::level::debug;
        break;
    case QtInfoMsg:
        level = spdlog::level::info;
        break;
    case QtWarningMsg:
        level = spdlog::level::warn;
        break;
    case QtCriticalMsg:
    case QtFatalMsg:
        level = spdlog::level::critical;
        break;
    }
    AppLog::get(subsystemOf(context.category))->log(level, "{}", message.toStdString());
    if (type == QtFatalMsg)
        AppLog::flush();
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

std::shared_ptr<spdlog::logger> AppLog::get(const QString &subsystem)
{
    const std::string name = subsystem.toStdString();
    Sinks &s = sinks();
    QMutexLocker lock(&s.mutex);
    if (auto existing = spdlog::get(name))
        return existing;
    auto logger = std::make_shared<spdlog::logger>(name, s.all);
    logger->set_level(spdlog::level::debug); // Qt's category rules already decide which debug lines come
    logger->flush_on(spdlog::level::info);   // a report is attached after a problem: the lines must be on disk
    spdlog::register_logger(logger);
    return logger;
}

void AppLog::installQtMessageHandler()
{
    static QtMessageHandler previous = qInstallMessageHandler(routeQtMessage);
    g_previousHandler = previous;
}

Status AppLog::addFile(const QString &path)
{
    Sinks &s = sinks();
    QMutexLocker lock(&s.mutex);
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (s.files.contains(absolute))
        return ok();
    if (!QDir().mkpath(QFileInfo(absolute).absolutePath()))
        return Error::runtime(u"cannot create the directory of %1 — check its permissions"_s.arg(absolute));
    try {
        auto sink =
            std::make_shared<spdlog::sinks::rotating_file_sink_mt>(absolute.toStdString(), kMaxFileBytes, kMaxFiles);
        sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %P/%t [%n] %l: %v");
        s.all->add_sink(sink);
        s.files.insert(absolute, sink);
    } catch (const spdlog::spdlog_ex &e) {
        return Error::runtime(u"cannot write Ensemble's log %1: %2 — check the directory's permissions"_s.arg(
            absolute, QString::fromLocal8Bit(e.what())));
    }
    return ok();
}

void AppLog::removeFile(const QString &path)
{
    Sinks &s = sinks();
    QMutexLocker lock(&s.mutex);
    if (const spdlog::sink_ptr sink = s.files.take(QFileInfo(path).absoluteFilePath())) {
        sink->flush();
        s.all->remove_sink(sink);
    }
}

void AppLog::flush()
{
    sinks().all->flush();
}

QString AppLog::windowLogFile()
{
    // QStandardPaths has GenericStateLocation only from Qt 6.7; the XDG rule is short enough to follow here.
    QString state = QProcessEnvironment::systemEnvironment().value(u"XDG_STATE_HOME"_s);
    if (state.isEmpty())
        state = QDir::homePath() + u"/.local/state"_s;
    return state + u"/ensemble/gui.log"_s;
}

} // namespace ensemble
