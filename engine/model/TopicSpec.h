// A topic as a cluster file, an import or the window asks for it: name, partitions, replication, configs.
#pragma once

#include <QMap>
#include <QString>

namespace ensemble {

struct TopicSpec
{
    QString name;
    int partitions = 1;
    int replicationFactor = 1;
    QMap<QString, QString> configs;
    bool operator==(const TopicSpec &) const = default;
};

} // namespace ensemble
