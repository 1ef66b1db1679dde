// One network fault request (isolate, partition, slow, heal), as the control socket, the CLI and scenario steps
// carry it to the engine's link proxies. A value: parsed and described without touching any socket.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ensemble {

struct NetworkFault
{
    enum class Kind { Isolate, Partition, Slow, Heal };
    Kind kind = Kind::Isolate;
    QString node;              // isolate, slow; heal (empty: every fault)
    QList<QStringList> groups; // partition: two groups or more
    int latencyMs = 0;         // slow
    int jitterMs = 0;          // slow

    // "zookeeper-1", "zookeeper-1,zookeeper-2 / zookeeper-3", "" (heal all): the event's target.
    QString target() const;
    // The control socket's fields: {action, node | groups, latency_ms, jitter_ms}.
    QJsonObject toJson() const;
    static std::optional<NetworkFault> fromJson(const QJsonObject &json); // nothing when `action` is unknown
    // "a,b / c" -> [[a, b], [c]], names trimmed, empty ones dropped.
    static QList<QStringList> parseGroups(const QString &text);
    bool operator==(const NetworkFault &) const = default;
};

QString toString(NetworkFault::Kind kind); // isolate, partition, slow, heal
std::optional<NetworkFault::Kind> networkFaultKindFromString(const QString &text);

} // namespace ensemble
