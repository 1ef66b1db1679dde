// One line in the format every node logs in (see NodeConfig: "%d{ISO8601} %p [%c] %m%n"):
//   2026-11-25 14:47:13,541 INFO [org.apache.zookeeper.server.quorum.FastLeaderElection] Notification: ...
// Views into the original text; nothing is copied.
#pragma once

#include "ClusterEvent.h"

#include <QList>
#include <QStringView>

#include <optional>

namespace ensemble {

struct LogLine
{
    QStringView timestamp; // "2026-11-25 14:47:13,541"
    QStringView level;     // INFO, WARN, ...
    QStringView logger;    // org.apache.zookeeper.server.quorum.FastLeaderElection
    QStringView message;
};

// nullopt for lines in another format (stack traces, JVM warnings, continuation lines).
std::optional<LogLine> splitLogLine(QStringView line);
// Milliseconds since the epoch of a "yyyy-MM-dd HH:mm:ss,zzz" local-time stamp; 0 when malformed.
qint64 logTimestampMs(QStringView timestamp);

// What a parser read from one line. Node references are ids (ZooKeeper myid or broker.id); the engine turns
// them into node names.
struct ParsedEvent
{
    EventKind kind = EventKind::Problem;
    QJsonObject fields;
    bool operator==(const ParsedEvent &) const = default;
};

} // namespace ensemble
