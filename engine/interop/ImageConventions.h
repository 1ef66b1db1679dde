// What the common ZooKeeper and Kafka images make of their environment: which family an image belongs to, and
// for each variable whether it becomes a config property (and which), is a setting the image handles itself
// (ids, server lists, heap, topics), is plumbing Ensemble has no use for (logging, JMX, paths), or is not
// read at all. Sources: each image's entrypoint scripts (see docs/configs.md).
#pragma once

#include <QString>

namespace ensemble {

enum class ImageFamily {
    Unknown,
    WurstmeisterZooKeeper, // wurstmeister/zookeeper: a fixed zoo.cfg, no environment read
    WurstmeisterKafka,     // wurstmeister/kafka: every KAFKA_* into server.properties, KAFKA_CREATE_TOPICS
    ConfluentZooKeeper,    // confluentinc/cp-zookeeper: a fixed list of ZOOKEEPER_* names
    ConfluentKafka,        // confluentinc/cp-kafka: KAFKA_* with _ . __ _ ___ - decoding
    BitnamiZooKeeper,      // bitnami/zookeeper: ZOO_*
    BitnamiKafka,          // bitnami/kafka: KAFKA_CFG_*
    OfficialZooKeeper,     // zookeeper (Docker official image): ZOO_*
    ApacheKafka,           // apache/kafka: KAFKA_* like cp-kafka; KRaft only
};

enum class ImageRole { Other, ZooKeeper, Kafka };

struct ImageInfo
{
    ImageFamily family = ImageFamily::Unknown;
    QString repository; // "confluentinc/cp-kafka"
    QString tag;        // "7.9.6"; empty = latest
};

ImageInfo classifyImage(const QString &image);
ImageRole roleOf(ImageFamily family);
QString familyName(ImageFamily family); // "confluentinc/cp-kafka"

struct EnvReading
{
    enum class Kind {
        Property, // becomes `property` in zoo.cfg / server.properties
        Setting,  // read by the image for the node itself: id, servers, client port, heap, topics
        Plumbing, // read, but nothing Ensemble carries over: logging, JMX, paths, credentials
        Ignored,  // not read, or turned into a property nothing reads
        Fatal,    // the image refuses to start with it
        Foreign,  // not one of this image's variables at all (TZ, ...): say nothing
    };
    Kind kind = Kind::Foreign;
    QString property;   // for Property
    QString reason;     // for Ignored / Fatal: what the image does with it
    QString suggestion; // for Ignored / Fatal: what to write instead
};

EnvReading readEnv(ImageFamily family, const QString &name);

// Confluent's (and apache/kafka's) naming: KAFKA_ + upper case, '.' -> '_', '_' -> '__', '-' -> '___'.
QString confluentEnvName(const QString &prefix, const QString &property);
QString confluentPropertyName(const QString &envSuffix); // "LOG_RETENTION_MS" -> "log.retention.ms"

// cp-zookeeper's fixed list: ZOOKEEPER_TICK_TIME -> tickTime; empty when the image does not map the name.
QString confluentZooKeeperProperty(const QString &envName);
// The reverse, for the exporter: tickTime -> ZOOKEEPER_TICK_TIME; empty when cp-zookeeper has no variable.
QString confluentZooKeeperEnv(const QString &property);

} // namespace ensemble
