#include "EventLog.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace ensemble {

Status EventLog::open(const QString &path)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return Error::runtime(u"cannot write the event log %1: %2"_s.arg(path, m_file.errorString()));
    return ok();
}

void EventLog::append(const ClusterEvent &event)
{
    if (m_file.isOpen())
        m_file.write(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n');
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
