// What a docker-compose file describes as a Kafka cluster: its ZooKeeper servers and Kafka nodes (ZooKeeper-mode
// brokers or KRaft controllers, brokers and combined nodes; ids,
// ports, listeners, server lists, settings, read through each image's own conventions), the topics it creates
// and the services that are neither. Shared by ComposeImporter (to build a cluster file) and ComposeLinter
// (to check it).
#pragma once

#include "ComposeFile.h"
#include "ImageConventions.h"

#include <QMap>

namespace ensemble {

struct HostPort
{
    QString host;
    int port = 0;
};

struct ListenerAddress
{
    QString name; // INTERNAL, PLAINTEXT ...
    QString host; // empty or 0.0.0.0 = every interface
    int port = 0;
};

struct ZooKeeperServerEntry
{
    int id = 0;
    QString host;
    int quorumPort = 0;   // first port: followers connect to the leader here
    int electionPort = 0; // second port: leader election votes
    int clientPort = 0;   // ";2181" in the official image's form; 0 when not given
};

struct ZooKeeperNode
{
    int serviceIndex = -1; // into ComposeFile::services
    QString service;
    ImageFamily family = ImageFamily::Unknown;
    bool readsEnvironment = true; // false for wurstmeister/zookeeper: what the file says is not what runs
    int id = 0;                   // 0 = not given
    SourceMark idMark;
    int clientPort = 0;        // the container port the file means the server to listen on
    int runningClientPort = 0; // where the image really listens
    SourceMark clientPortMark;
    QList<ZooKeeperServerEntry> servers;
    QString serversVar; // ZOOKEEPER_SERVERS / ZOO_SERVERS
    SourceMark serversMark;
    QMap<QString, QString> properties; // zoo.cfg settings from the environment
    int heapMb = 0;                    // 0 = not given
    int hostPort = 0;                  // host port the client port is published on; 0 = not published
    QString hostIp;
};

struct QuorumVoter
{
    int id = 0;
    QString host;
    int port = 0;
    bool operator==(const QuorumVoter &) const = default;
};

// A Kafka node: a ZooKeeper-mode broker, or a KRaft broker, controller or combined node (process.roles).
struct KafkaBroker
{
    int serviceIndex = -1;
    QString service;
    ImageFamily family = ImageFamily::Unknown;
    int id = -1; // -1 = not given (the broker picks one)
    SourceMark idMark;
    QList<ListenerAddress> listeners;
    QList<ListenerAddress> advertised;
    SourceMark advertisedMark;
    QString interBrokerListener;
    QList<HostPort> zookeeperConnect;
    QString zookeeperChroot;
    SourceMark zookeeperConnectMark;
    QMap<QString, QString> properties;       // every server.properties setting from the environment
    QMap<QString, SourceMark> propertyMarks; // where each was set
    int heapMb = 0;
    int hostPort = 0; // host port of the listener meant for clients on this machine; 0 = none
    QString hostIp;
    bool kraft = false; // process.roles is set
    QStringList roles;  // process.roles: "broker", "controller"
    SourceMark rolesMark;
    QString clusterId; // CLUSTER_ID (apache/kafka, cp-kafka) / KAFKA_KRAFT_CLUSTER_ID (bitnami)
    SourceMark clusterIdMark;
    QList<QuorumVoter> voters; // controller.quorum.voters
    SourceMark votersMark;
    QStringList controllerListenerNames;  // controller.listener.names
    bool recognisedByEnvironment = false; // the image says nothing (a variable, build:, unknown): KAFKA_* did

    bool isController() const { return roles.contains(QStringLiteral("controller")); }
    bool isBroker() const { return !kraft || roles.contains(QStringLiteral("broker")); }
    bool isCombined() const { return isController() && isBroker(); }
};

struct TopicDeclaration
{
    TopicSpec topic;
    QString service;
    QString source; // "KAFKA_CREATE_TOPICS" or "kafka-topics --create"
    SourceMark mark;
};

struct ComposeTopology
{
    QList<ZooKeeperNode> zookeepers;
    QList<KafkaBroker> brokers;
    QList<TopicDeclaration> topics; // in file order; a topic may be declared more than once
    QStringList topicServices;      // one-shot services that create topics
    QStringList skipped;            // "akhq (tchiotludo/akhq): not a ZooKeeper or Kafka service"
};

ComposeTopology interpretCompose(const ComposeFile &file);

// "INSIDE://0.0.0.0:19092,OUTSIDE://localhost:9092"
QList<ListenerAddress> parseListeners(const QString &text);
// "1@controller-1:9093,2@controller-2:9093"
QList<QuorumVoter> parseQuorumVoters(const QString &text);
// "zk1:2181,zk2:2181/kafka"
QList<HostPort> parseConnectString(const QString &text, QString *chroot = nullptr);
// "-Xmx256m -Xms256m" -> 256; 0 when there is no -Xmx
int parseHeapMb(const QString &jvmOptions);
// Every `kafka-topics ... --create ...` in a shell text.
QList<TopicSpec> parseKafkaTopicsCommands(const QString &shell);
// wurstmeister's KAFKA_CREATE_TOPICS: "name:partitions:replicas[:cleanup.policy]" separated by SEPARATOR.
QList<TopicSpec> parseCreateTopics(const QString &value, const QString &separator, QStringList *bad = nullptr);
// A name clients on the Docker host can connect to: localhost, an IP address, host.docker.internal.
bool isHostReachableName(const QString &host);

} // namespace ensemble
