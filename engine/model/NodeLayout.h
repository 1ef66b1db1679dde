// Where each node of a cluster lives: its name, kind, id and ports. Computed once per run by PortAllocator.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace ensemble {

enum class NodeKind { Coordinator, Broker };

QString toString(NodeKind kind);

struct NodeLayout
{
    QString name; // zookeeper-1, kafka-2
    NodeKind kind = NodeKind::Broker;
    int id = 0;             // ZooKeeper myid or Kafka broker.id
    int clientPort = 0;     // ZooKeeper client port or broker listener port
    int quorumPort = 0;     // ZooKeeper: followers connect to the leader here
    int electionPort = 0;   // ZooKeeper: leader election votes travel here
    int controllerPort = 0; // KRaft: the CONTROLLER listener of a controller or combined node; 0 = not a controller

    // KRaft node.id of controller-i (brokers keep id i, as broker.id in ZooKeeper mode, so ids never collide;
    // combined nodes are both and keep i).
    static constexpr int kControllerIdBase = 100;
    bool isKRaftController() const { return controllerPort > 0; }
    // KRaft: ["broker"], ["controller"] or both (a combined node), as `status --json` lists them.
    QStringList kraftRoles() const;

    QJsonObject portsJson() const;
    bool operator==(const NodeLayout &) const = default;
};

struct ClusterLayout
{
    QString host = QStringLiteral("127.0.0.1");
    QList<NodeLayout> nodes;

    QList<NodeLayout> coordinators() const;
    QList<NodeLayout> brokers() const;
    QList<NodeLayout> kraftControllers() const; // nodes with a controller listener (KRaft), in order
    QString quorumVoters() const;               // controller.quorum.voters: 101@127.0.0.1:19093,...
    const NodeLayout *findById(int id) const;   // any node by its id (KRaft node.id)
    const NodeLayout *find(const QString &name) const;
    const NodeLayout *brokerById(int id) const;
    QString bootstrapServers() const; // 127.0.0.1:9092,127.0.0.1:9093
    QString zookeeperConnect() const; // 127.0.0.1:2181,127.0.0.1:2182

    QJsonObject toJson() const;
    static ClusterLayout fromJson(const QJsonObject &json);
};

} // namespace ensemble
