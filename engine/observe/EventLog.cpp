#include "EventLog.h"

#include <QJsonDocument>

#include <cerrno>
#include <cstring>

using namespace Qt::StringLiterals;

namespace ensemble {

Status EventLog::open(const QString &path)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return Error::runtime(u"cannot write the event log %1: %2"_s.arg(path, m_file.errorString()));
    return ok();
}

Status EventLog::append(const ClusterEvent &event)
{
    if (!m_file.isOpen())
        return ok();
    const QByteArray line = QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n';
    const qint64 before = m_file.isSequential() ? 0 : m_file.size();
    errno = 0;
    if (m_file.write(line) == line.size()) {
        m_failing = false;
        return ok();
    }
    const QString why = errno ? QString::fromLocal8Bit(std::strerror(errno)) : m_file.errorString();
    // Cut a half-written line off so the file stays whole JSON lines (and the next line starts on its own).
    if (!m_file.isSequential())
        m_file.resize(before);
    if (m_failing)
        return ok();
    m_failing = true;
    return Error::runtime(u"cannot write the event log %1: %2 — free some disk space; events are shown but not "
                          "kept until then"_s.arg(m_file.fileName(), why));
}

Expected<QList<ClusterEvent>> EventLog::read(const QString &path, int *skipped)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badInput(u"cannot read the event log %1: %2"_s.arg(path, file.errorString()));
    QList<ClusterEvent> out;
    int bad = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const auto event = ClusterEvent::fromJson(QJsonDocument::fromJson(line).object());
        if (event)
            out.append(*event);
        else
            ++bad;
    }
    if (skipped)
        *skipped = bad;
    return out;
}

} // namespace ensemble
