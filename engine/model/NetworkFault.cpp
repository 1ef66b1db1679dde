#include "NetworkFault.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace ensemble {

QString toString(NetworkFault::Kind kind)
{
    switch (kind) {
    case NetworkFault::Kind::Isolate:
        return u"isolate"_s;
    case NetworkFault::Kind::Partition:
        return u"partition"_s;
    case NetworkFault::Kind::Slow:
        return u"slow"_s;
    case NetworkFault::Kind::Heal:
        return u"heal"_s;
    }
    return {};
}

std::optional<NetworkFault::Kind> networkFaultKindFromString(const QString &text)
{
    for (auto k : {NetworkFault::Kind::Isolate, NetworkFault::Kind::Partition, NetworkFault::Kind::Slow,
                   NetworkFault::Kind::Heal})
        if (toString(k) == text)
            return k;
    return std::nullopt;
}

QString NetworkFault::target() const
{
    if (kind != Kind::Partition)
        return node;
    QStringList parts;
    for (const QStringList &g : groups)
        parts.append(g.join(u','));
    return parts.join(u" / "_s);
}

QJsonObject NetworkFault::toJson() const
{
    QJsonObject json{{u"action"_s, toString(kind)}};
    if (kind == Kind::Partition) {
        QJsonArray array;
        for (const QStringList &g : groups)
            array.append(QJsonArray::fromStringList(g));
        json.insert(u"groups"_s, array);
    } else {
        json.insert(u"node"_s, node);
    }
    if (kind == Kind::Slow) {
        json.insert(u"latency_ms"_s, latencyMs);
        json.insert(u"jitter_ms"_s, jitterMs);
    }
    return json;
}

std::optional<NetworkFault> NetworkFault::fromJson(const QJsonObject &json)
{
    const auto kind = networkFaultKindFromString(json.value(u"action"_s).toString());
    if (!kind)
        return std::nullopt;
    NetworkFault f;
    f.kind = *kind;
    f.node = json.value(u"node"_s).toString();
    for (const QJsonValue &g : json.value(u"groups"_s).toArray()) {
        QStringList names;
        for (const QJsonValue &n : g.toArray())
            names.append(n.toString());
        f.groups.append(names);
    }
    f.latencyMs = json.value(u"latency_ms"_s).toInt();
    f.jitterMs = json.value(u"jitter_ms"_s).toInt();
    return f;
}

QList<QStringList> NetworkFault::parseGroups(const QString &text)
{
    QList<QStringList> groups;
    for (const QString &g : text.split(u'/', Qt::SkipEmptyParts)) {
        QStringList names;
        for (const QString &n : g.split(u',', Qt::SkipEmptyParts))
            if (!n.trimmed().isEmpty())
                names.append(n.trimmed());
        if (!names.isEmpty())
            groups.append(names);
    }
    return groups;
}

} // namespace ensemble
