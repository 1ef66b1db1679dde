#include "NodeLayout.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

QString toString(NodeKind kind)
{
    return kind == NodeKind::Coordinator ? u"coordinator"_s : u"broker"_s;
}

QStringList NodeLayout::kraftRoles() const
{
    QStringList roles;
    if (kind == NodeKind::Broker)
        roles.append(u"broker"_s);
    if (isKRaftController())
        roles.append(u"controller"_s);
    return roles;
}

QJsonObject NodeLayout::portsJson() const
{
    if (kind == NodeKind::Coordinator && controllerPort)
        return QJsonObject{{u"controller"_s, controllerPort}};
    if (controllerPort)
        return QJsonObject{{u"listener"_s, clientPort}, {u"controller"_s, controllerPort}};
    if (kind == NodeKind::Coordinator)
        return QJsonObject{{u"client"_s, clientPort}, {u"quorum"_s, quorumPort}, {u"election"_s, electionPort}};
    return QJsonObject{{u"listener"_s, clientPort}};
}

QList<NodeLayout> ClusterLayout::coordinators() const
{
    QList<NodeLayout> out;
    for (const NodeLayout &n : nodes)
        if (n.kind == NodeKind::Coordinator)
            out.append(n);
    return out;
}

QList<NodeLayout> ClusterLayout::brokers() const
{
    QList<NodeLayout> out;
    for (const NodeLayout &n : nodes)
        if (n.kind == NodeKind::Broker)
            out.append(n);
    return out;
}

QList<NodeLayout> ClusterLayout::kraftControllers() const
{
    QList<NodeLayout> out;
    for (const NodeLayout &n : nodes)
        if (n.isKRaftController())
            out.append(n);
    return out;
}

QString ClusterLayout::quorumVoters() const
{
    QStringList parts;
    for (const NodeLayout &n : kraftControllers())
        parts.append(u"%1@%2:%3"_s.arg(n.id).arg(host).arg(n.controllerPort));
    return parts.join(u',');
}

const NodeLayout *ClusterLayout::findById(int id) const
{
    for (const NodeLayout &n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

const NodeLayout *ClusterLayout::find(const QString &name) const
{
    for (const NodeLayout &n : nodes)
        if (n.name == name)
            return &n;
    return nullptr;
}

const NodeLayout *ClusterLayout::brokerById(int id) const
{
    for (const NodeLayout &n : nodes)
        if (n.kind == NodeKind::Broker && n.id == id)
            return &n;
    return nullptr;
}

static QString joinAddresses(const QString &host, const QList<NodeLayout> &nodes)
{
    QStringList parts;
    for (const NodeLayout &n : nodes)
        parts.append(host + u':' + QString::number(n.clientPort));
    return parts.join(u',');
}

QString ClusterLayout::bootstrapServers() const
{
    return joinAddresses(host, brokers());
}

QString ClusterLayout::zookeeperConnect() const
{
    return joinAddresses(host, coordinators());
}

QJsonObject ClusterLayout::toJson() const
{
    QJsonArray array;
    for (const NodeLayout &n : nodes)
        array.append(QJsonObject{{u"name"_s, n.name},
                                 {u"kind"_s, toString(n.kind)},
                                 {u"id"_s, n.id},
                                 {u"client"_s, n.clientPort},
                                 {u"quorum"_s, n.quorumPort},
                                 {u"election"_s, n.electionPort},
                                 {u"controller"_s, n.controllerPort}});
    return QJsonObject{{u"host"_s, host}, {u"nodes"_s, array}};
}

ClusterLayout ClusterLayout::fromJson(const QJsonObject &json)
{
    ClusterLayout layout;
    layout.host = json.value(u"host"_s).toString(layout.host);
    for (const QJsonValue &v : json.value(u"nodes"_s).toArray()) {
        const QJsonObject o = v.toObject();
        NodeLayout n;
        n.name = o.value(u"name"_s).toString();
        n.kind = o.value(u"kind"_s).toString() == u"coordinator" ? NodeKind::Coordinator : NodeKind::Broker;
        n.id = o.value(u"id"_s).toInt();
        n.clientPort = o.value(u"client"_s).toInt();
        n.quorumPort = o.value(u"quorum"_s).toInt();
        n.electionPort = o.value(u"election"_s).toInt();
        n.controllerPort = o.value(u"controller"_s).toInt();
        layout.nodes.append(n);
    }
    return layout;
}

} // namespace ensemble
