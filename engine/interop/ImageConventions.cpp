#include "ImageConventions.h"

#include <QHash>
#include <QSet>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

using Kind = EnvReading::Kind;

EnvReading property(const QString &name)
{
    return EnvReading{Kind::Property, name, {}, {}};
}
EnvReading setting()
{
    return EnvReading{Kind::Setting, {}, {}, {}};
}
EnvReading passThrough()
{
    return EnvReading{Kind::Plumbing, {}, {}, {}};
}
EnvReading ignored(const QString &reason, const QString &suggestion = {})
{
    return EnvReading{Kind::Ignored, {}, reason, suggestion};
}

// confluentinc/cp-zookeeper 7.x zookeeper.properties.template: the only ZOOKEEPER_* names it maps.
const QList<std::pair<QString, QString>> &confluentZooKeeperTable()
{
    static const QList<std::pair<QString, QString>> table = {
        {u"ZOOKEEPER_CLIENT_PORT"_s, u"clientPort"_s},
        {u"ZOOKEEPER_TICK_TIME"_s, u"tickTime"_s},
        {u"ZOOKEEPER_GLOBAL_OUTSTANDING_LIMIT"_s, u"globalOutstandingLimit"_s},
        {u"ZOOKEEPER_PRE_ALLOC_SIZE"_s, u"preAllocSize"_s},
        {u"ZOOKEEPER_SNAP_COUNT"_s, u"snapCount"_s},
        {u"ZOOKEEPER_TRACE_FILE"_s, u"traceFile"_s},
        {u"ZOOKEEPER_MAX_CLIENT_CNXNS"_s, u"maxClientCnxns"_s},
        {u"ZOOKEEPER_CLIENT_PORT_ADDRESS"_s, u"clientPortAddress"_s},
        {u"ZOOKEEPER_MIN_SESSION_TIMEOUT"_s, u"minSessionTimeout"_s},
        {u"ZOOKEEPER_MAX_SESSION_TIMEOUT"_s, u"maxSessionTimeout"_s},
        {u"ZOOKEEPER_FSYNC_WARNING_THRESHOLDMS"_s, u"fsync.warningthresholdms"_s},
        {u"ZOOKEEPER_AUTOPURGE_SNAP_RETAIN_COUNT"_s, u"autopurge.snapRetainCount"_s},
        {u"ZOOKEEPER_AUTOPURGE_PURGE_INTERVAL"_s, u"autopurge.purgeInterval"_s},
        {u"ZOOKEEPER_SYNC_ENABLED"_s, u"syncEnabled"_s},
        {u"ZOOKEEPER_ELECTION_ALG"_s, u"electionAlg"_s},
        {u"ZOOKEEPER_INIT_LIMIT"_s, u"initLimit"_s},
        {u"ZOOKEEPER_LEADER_SERVES"_s, u"leaderServes"_s},
        {u"ZOOKEEPER_SYNC_LIMIT"_s, u"syncLimit"_s},
        {u"ZOOKEEPER_CNX_TIMEOUT"_s, u"cnxTimeout"_s},
        {u"ZOOKEEPER_FORCE_SYNC"_s, u"forceSync"_s},
        {u"ZOOKEEPER_JUTE_MAX_BUFFER"_s, u"jute.maxbuffer"_s},
        {u"ZOOKEEPER_SKIP_ACL"_s, u"skipACL"_s},
        {u"ZOOKEEPER_QUORUM_LISTEN_ON_ALL_IPS"_s, u"quorumListenOnAllIPs"_s},
        {u"ZOOKEEPER_CLIENT_CNXN_SOCKET"_s, u"clientCnxnSocket"_s},
        {u"ZOOKEEPER_SECURE_CLIENT_PORT"_s, u"secureClientPort"_s},
        {u"ZOOKEEPER_SERVER_CNXN_SOCKET"_s, u"serverCnxnSocket"_s},
        {u"ZOOKEEPER_SERVER_CNXN_FACTORY"_s, u"serverCnxnFactory"_s},
        {u"ZOOKEEPER_ADMIN_ENABLE_SERVER"_s, u"admin.enableServer"_s},
        {u"ZOOKEEPER_ADMIN_SERVER_ADDRESS"_s, u"admin.serverAddress"_s},
        {u"ZOOKEEPER_ADMIN_SERVER_PORT"_s, u"admin.serverPort"_s},
        {u"ZOOKEEPER_ADMIN_IDLE_TIMEOUT"_s, u"admin.idleTimeout"_s},
        {u"ZOOKEEPER_ADMIN_COMMAND_URL"_s, u"admin.commandURL"_s},
    };
    return table;
}

// The official zookeeper image's docker-entrypoint.sh.
const QHash<QString, QString> &officialZooKeeperTable()
{
    static const QHash<QString, QString> table = {
        {u"ZOO_TICK_TIME"_s, u"tickTime"_s},
        {u"ZOO_INIT_LIMIT"_s, u"initLimit"_s},
        {u"ZOO_SYNC_LIMIT"_s, u"syncLimit"_s},
        {u"ZOO_AUTOPURGE_PURGEINTERVAL"_s, u"autopurge.purgeInterval"_s},
        {u"ZOO_AUTOPURGE_SNAPRETAINCOUNT"_s, u"autopurge.snapRetainCount"_s},
        {u"ZOO_MAX_CLIENT_CNXNS"_s, u"maxClientCnxns"_s},
        {u"ZOO_STANDALONE_ENABLED"_s, u"standaloneEnabled"_s},
        {u"ZOO_ADMINSERVER_ENABLED"_s, u"admin.enableServer"_s},
        {u"ZOO_4LW_COMMANDS_WHITELIST"_s, u"4lw.commands.whitelist"_s},
    };
    return table;
}

// bitnami/zookeeper's zookeeper-env.sh / libzookeeper.sh.
const QHash<QString, QString> &bitnamiZooKeeperTable()
{
    static const QHash<QString, QString> table = {
        {u"ZOO_TICK_TIME"_s, u"tickTime"_s},
        {u"ZOO_INIT_LIMIT"_s, u"initLimit"_s},
        {u"ZOO_SYNC_LIMIT"_s, u"syncLimit"_s},
        {u"ZOO_MAX_CNXNS"_s, u"maxCnxns"_s},
        {u"ZOO_MAX_CLIENT_CNXNS"_s, u"maxClientCnxns"_s},
        {u"ZOO_AUTOPURGE_INTERVAL"_s, u"autopurge.purgeInterval"_s},
        {u"ZOO_AUTOPURGE_RETAIN_COUNT"_s, u"autopurge.snapRetainCount"_s},
        {u"ZOO_4LW_COMMANDS_WHITELIST"_s, u"4lw.commands.whitelist"_s},
        {u"ZOO_MAX_SESSION_TIMEOUT"_s, u"maxSessionTimeout"_s},
        {u"ZOO_PRE_ALLOC_SIZE"_s, u"preAllocSize"_s},
        {u"ZOO_SNAPCOUNT"_s, u"snapCount"_s},
        {u"ZOO_ENABLE_ADMIN_SERVER"_s, u"admin.enableServer"_s},
        {u"ZOO_LISTEN_ALLIPS_ENABLED"_s, u"quorumListenOnAllIPs"_s},
        {u"ZOO_RECONFIG_ENABLED"_s, u"reconfigEnabled"_s},
    };
    return table;
}

bool startsWithAny(const QString &name, std::initializer_list<QLatin1StringView> prefixes)
{
    for (const QLatin1StringView p : prefixes)
        if (name.startsWith(p))
            return true;
    return false;
}

// The zoo.cfg name a ZooKeeper variable of another image's convention is about, for suggestions.
QString zooKeeperMeaning(const QString &name)
{
    if (const QString p = confluentZooKeeperProperty(name); !p.isEmpty())
        return p;
    if (officialZooKeeperTable().contains(name))
        return officialZooKeeperTable().value(name);
    return bitnamiZooKeeperTable().value(name);
}

EnvReading wurstmeisterZooKeeper(const QString &name)
{
    if (startsWithAny(name, {"ZOO_"_L1, "ZOOKEEPER_"_L1, "ZK_"_L1}))
        return ignored(u"wurstmeister/zookeeper starts ZooKeeper with the zoo.cfg baked into the image (standalone, "
                       "clientPort 2181, dataDir /opt/zookeeper-<version>/data) and reads no environment variables"_s,
                       u"use an image that is configured from the environment, such as confluentinc/cp-zookeeper "
                       "(ZOOKEEPER_SERVER_ID, ZOOKEEPER_CLIENT_PORT, ZOOKEEPER_SERVERS) or zookeeper (ZOO_MY_ID, "
                       "ZOO_SERVERS)"_s);
    return EnvReading{};
}

EnvReading confluentZooKeeper(const QString &name)
{
    static const QSet<QString> settings = {u"ZOOKEEPER_SERVER_ID"_s, u"ZOOKEEPER_SERVERS"_s, u"ZOOKEEPER_CLIENT_PORT"_s,
                                           u"KAFKA_HEAP_OPTS"_s, u"KAFKA_OPTS"_s};
    static const QSet<QString> plumbing = {u"ZOOKEEPER_GROUPS"_s,
                                           u"ZOOKEEPER_WEIGHTS"_s,
                                           u"ZOOKEEPER_LOG4J_ROOT_LOGLEVEL"_s,
                                           u"ZOOKEEPER_LOG4J_LOGGERS"_s,
                                           u"ZOOKEEPER_TOOLS_LOG4J_LOGLEVEL"_s,
                                           u"KAFKA_JMX_OPTS"_s,
                                           u"KAFKA_JMX_PORT"_s,
                                           u"KAFKA_JMX_HOSTNAME"_s,
                                           u"KAFKA_LOG4J_OPTS"_s,
                                           u"KAFKA_JVM_PERFORMANCE_OPTS"_s,
                                           u"KAFKA_GC_LOG_OPTS"_s,
                                           u"KAFKA_DEBUG"_s,
                                           u"JMX_PORT"_s};
    if (settings.contains(name))
        return setting();
    if (plumbing.contains(name))
        return passThrough();
    if (const QString p = confluentZooKeeperProperty(name); !p.isEmpty())
        return property(p);
    if (name.startsWith(u"ZOOKEEPER_"_s))
        return ignored(u"cp-zookeeper maps only a fixed list of ZOOKEEPER_* names into zookeeper.properties, and "
                       "%1 is not one of them"_s.arg(name),
                       u"pass the setting as a system property instead: KAFKA_OPTS=-Dzookeeper.<property>=<value>"_s);
    if (name.startsWith(u"ZOO_"_s)) {
        const QString meaning = zooKeeperMeaning(name);
        QString suggestion = u"cp-zookeeper reads ZOOKEEPER_* names (ZOOKEEPER_SERVER_ID, ZOOKEEPER_CLIENT_PORT, "
                             "ZOOKEEPER_SERVERS, ZOOKEEPER_TICK_TIME ...)"_s;
        if (name == u"ZOO_MY_ID" || name == u"ZOO_SERVER_ID")
            suggestion = u"use ZOOKEEPER_SERVER_ID"_s;
        else if (name == u"ZOO_SERVERS")
            suggestion = u"use ZOOKEEPER_SERVERS=host1:2888:3888;host2:2888:3888;..."_s;
        else if (!meaning.isEmpty() && !confluentZooKeeperEnv(meaning).isEmpty())
            suggestion = u"use "_s + confluentZooKeeperEnv(meaning);
        return ignored(u"ZOO_* variables are the official zookeeper and bitnami images' convention; cp-zookeeper "
                       "does not read them"_s,
                       suggestion);
    }
    return EnvReading{};
}

EnvReading officialZooKeeper(const QString &name)
{
    static const QSet<QString> settings = {u"ZOO_MY_ID"_s, u"ZOO_SERVERS"_s, u"ZOO_CFG_EXTRA"_s,
                                           u"ZOO_PORT"_s,  u"JVMFLAGS"_s,    u"SERVER_JVMFLAGS"_s};
    static const QSet<QString> plumbing = {u"ZOO_CONF_DIR"_s,    u"ZOO_DATA_DIR"_s,   u"ZOO_DATA_LOG_DIR"_s,
                                           u"ZOO_LOG_DIR"_s,     u"ZOO_LOG4J_PROP"_s, u"ZOOCFGDIR"_s,
                                           u"CLIENT_JVMFLAGS"_s, u"ZOO_LOG_LEVEL"_s};
    if (settings.contains(name))
        return setting();
    if (plumbing.contains(name))
        return passThrough();
    if (officialZooKeeperTable().contains(name))
        return property(officialZooKeeperTable().value(name));
    if (name.startsWith(u"ZOOKEEPER_"_s)) {
        QString suggestion = u"the zookeeper image reads ZOO_MY_ID, ZOO_SERVERS, ZOO_TICK_TIME ... "
                             "(and ZOO_CFG_EXTRA for anything else)"_s;
        if (name == u"ZOOKEEPER_SERVER_ID")
            suggestion = u"use ZOO_MY_ID"_s;
        else if (name == u"ZOOKEEPER_SERVERS")
            suggestion = u"use ZOO_SERVERS=\"server.1=host1:2888:3888;2181 server.2=host2:2888:3888;2181 ...\""_s;
        else if (name == u"ZOOKEEPER_CLIENT_PORT")
            suggestion = u"the client port is the ';2181' at the end of this server's ZOO_SERVERS entry"_s;
        return ignored(u"ZOOKEEPER_* variables are cp-zookeeper's convention; the zookeeper image does not "
                       "read them"_s,
                       suggestion);
    }
    if (name.startsWith(u"ZOO_"_s)) {
        QString suggestion = u"put the setting into ZOO_CFG_EXTRA=\"key=value ...\""_s;
        if (name == u"ZOO_SERVER_ID")
            suggestion = u"use ZOO_MY_ID"_s;
        return ignored(u"the zookeeper image does not read %1 (it is not in its docker-entrypoint.sh)"_s.arg(name),
                       suggestion);
    }
    return EnvReading{};
}

EnvReading bitnamiZooKeeper(const QString &name)
{
    static const QSet<QString> settings = {u"ZOO_SERVER_ID"_s, u"ZOO_SERVERS"_s, u"ZOO_PORT_NUMBER"_s,
                                           u"ZOO_HEAP_SIZE"_s, u"JVMFLAGS"_s};
    static const QSet<QString> plumbing = {u"ZOO_DATA_LOG_DIR"_s,
                                           u"ZOO_ADMIN_SERVER_ADDRESS"_s,
                                           u"ZOO_ADMIN_SERVER_PORT_NUMBER"_s,
                                           u"ZOO_PEER_TYPE"_s,
                                           u"ZOO_LOG_LEVEL"_s,
                                           u"ZOO_ENABLE_PROMETHEUS_METRICS"_s,
                                           u"ZOO_PROMETHEUS_METRICS_PORT_NUMBER"_s,
                                           u"ZOO_HC_TIMEOUT"_s,
                                           u"ZOO_FIPS_MODE"_s,
                                           u"ZOO_ENABLE_AUTH"_s,
                                           u"ALLOW_EMPTY_PASSWORD"_s,
                                           u"ALLOW_ANONYMOUS_LOGIN"_s,
                                           u"ZOO_CLIENT_USER"_s,
                                           u"ZOO_SERVER_USERS"_s,
                                           u"ZOO_CLIENT_PASSWORD"_s,
                                           u"ZOO_SERVER_PASSWORDS"_s,
                                           u"ZOO_ENABLE_QUORUM_AUTH"_s,
                                           u"ZOO_QUORUM_LEARNER_USER"_s,
                                           u"ZOO_QUORUM_LEARNER_PASSWORD"_s,
                                           u"ZOO_QUORUM_SERVER_USERS"_s,
                                           u"ZOO_QUORUM_SERVER_PASSWORDS"_s,
                                           u"BITNAMI_DEBUG"_s,
                                           u"ZOO_TLS_PORT_NUMBER"_s};
    if (settings.contains(name))
        return setting();
    if (plumbing.contains(name) || name.startsWith(u"ZOO_TLS_"_s))
        return passThrough();
    if (bitnamiZooKeeperTable().contains(name))
        return property(bitnamiZooKeeperTable().value(name));
    if (name.startsWith(u"ZOOKEEPER_"_s))
        return ignored(u"ZOOKEEPER_* variables are cp-zookeeper's convention; bitnami/zookeeper reads ZOO_*"_s,
                       name == u"ZOOKEEPER_SERVER_ID"     ? u"use ZOO_SERVER_ID"_s
                       : name == u"ZOOKEEPER_CLIENT_PORT" ? u"use ZOO_PORT_NUMBER"_s
                       : name == u"ZOOKEEPER_SERVERS"     ? u"use ZOO_SERVERS=host1:2888:3888,host2:2888:3888,..."_s
                                                          : u"see the bitnami/zookeeper README for the ZOO_* names"_s);
    if (name.startsWith(u"ZOO_"_s))
        return ignored(u"bitnami/zookeeper does not read %1"_s.arg(name),
                       name == u"ZOO_MY_ID" ? u"use ZOO_SERVER_ID"_s : QString());
    return EnvReading{};
}

// The KAFKA_* variables every Kafka image passes to the JVM or its start scripts, not to server.properties.
bool isKafkaJvmVariable(const QString &name)
{
    static const QSet<QString> names = {u"KAFKA_OPTS"_s,         u"KAFKA_JMX_OPTS"_s,   u"KAFKA_JMX_PORT"_s,
                                        u"KAFKA_JMX_HOSTNAME"_s, u"KAFKA_LOG4J_OPTS"_s, u"KAFKA_JVM_PERFORMANCE_OPTS"_s,
                                        u"KAFKA_GC_LOG_OPTS"_s,  u"KAFKA_DEBUG"_s,      u"KAFKA_VERSION"_s,
                                        u"KAFKA_HOME"_s,         u"JMX_PORT"_s};
    return names.contains(name);
}

QString wurstmeisterProperty(const QString &name)
{
    return name.mid(6).toLower().replace(u'_', u'.');
}

EnvReading wurstmeisterKafka(const QString &name)
{
    static const QSet<QString> settings = {u"KAFKA_HEAP_OPTS"_s,
                                           u"KAFKA_CREATE_TOPICS"_s,
                                           u"KAFKA_CREATE_TOPICS_SEPARATOR"_s,
                                           u"KAFKA_ADVERTISED_PROTOCOL_NAME"_s,
                                           u"KAFKA_PROTOCOL_NAME"_s,
                                           u"KAFKA_ADVERTISED_HOST_NAME"_s,
                                           u"KAFKA_ADVERTISED_PORT"_s,
                                           u"KAFKA_PORT"_s,
                                           u"KAFKA_HOST_NAME"_s,
                                           u"KAFKA_INTER_BROKER_PORT"_s};
    static const QSet<QString> plumbing = {u"HOSTNAME_COMMAND"_s, u"PORT_COMMAND"_s,       u"BROKER_ID_COMMAND"_s,
                                           u"RACK_COMMAND"_s,     u"CUSTOM_INIT_SCRIPT"_s, u"START_TIMEOUT"_s,
                                           u"KAFKA_LOG"_s};
    if (settings.contains(name))
        return setting();
    if (plumbing.contains(name) || isKafkaJvmVariable(name) || name.startsWith(u"LOG4J_"_s))
        return passThrough();
    if (name == u"KAFKA_LOG4J_LOGGERS" || name == u"KAFKA_LOG4J_ROOT_LOGLEVEL" || name == u"KAFKA_TOOLS_LOG4J_LOGLEVEL")
        return ignored(u"%1 is a cp-kafka variable; wurstmeister/kafka writes every KAFKA_* variable into "
                       "server.properties, so this becomes the broker property '%2', which Kafka ignores — the "
                       "log levels do not change"_s.arg(name, wurstmeisterProperty(name)),
                       u"wurstmeister/kafka maps LOG4J_* variables into log4j.properties: write "
                       "LOG4J_LOGGER_KAFKA_CONTROLLER=INFO, LOG4J_LOGGER_STATE_CHANGE_LOGGER=INFO, ... (the name is "
                       "lower-cased, so only all-lower-case logger names can be set this way)"_s);
    if (name.startsWith(u"KAFKA_CFG_"_s))
        return ignored(u"KAFKA_CFG_* is bitnami/kafka's convention; wurstmeister/kafka turns %1 into the property "
                       "'%2', which Kafka ignores"_s.arg(name, wurstmeisterProperty(name)),
                       u"use KAFKA_"_s + name.mid(10));
    if (name.startsWith(u"KAFKA_"_s))
        return property(wurstmeisterProperty(name));
    return EnvReading{};
}

EnvReading confluentLikeKafka(ImageFamily family, const QString &name)
{
    const QString image = familyName(family);
    static const QSet<QString> plumbing = {u"KAFKA_LOG4J_ROOT_LOGLEVEL"_s, u"KAFKA_LOG4J_LOGGERS"_s,
                                           u"KAFKA_TOOLS_LOG4J_LOGLEVEL"_s, u"CLUSTER_ID"_s};
    if (name == u"KAFKA_HEAP_OPTS" || name == u"KAFKA_CREATE_TOPICS_SEPARATOR")
        return name == u"KAFKA_HEAP_OPTS" ? setting() : passThrough();
    if (plumbing.contains(name) || isKafkaJvmVariable(name) || name.startsWith(u"CONFLUENT_"_s))
        return passThrough();
    if (name == u"KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET")
        return property(u"zookeeper.clientCnxnSocket"_s);
    if (family == ImageFamily::ConfluentKafka &&
        (name == u"KAFKA_ADVERTISED_PORT" || name == u"KAFKA_ADVERTISED_HOST" || name == u"KAFKA_HOST" ||
         name == u"KAFKA_PORT"))
        return EnvReading{Kind::Fatal,
                          {},
                          u"cp-kafka refuses to start when %1 is set (\"%2 is deprecated. Please use "
                          "KAFKA_ADVERTISED_LISTENERS instead.\")"_s.arg(name, confluentPropertyName(name.mid(6))),
                          u"remove it and describe the listeners in KAFKA_LISTENERS and KAFKA_ADVERTISED_LISTENERS"_s};
    if (name == u"KAFKA_CREATE_TOPICS")
        return ignored(u"KAFKA_CREATE_TOPICS is wurstmeister/kafka's convention; %1 turns it into the property "
                       "'create.topics', which Kafka ignores — no topic is created"_s.arg(image),
                       u"create topics from a one-shot service that runs `kafka-topics --create --if-not-exists` "
                       "once the brokers are healthy (as `ensemble export --format compose` writes)"_s);
    if (name.startsWith(u"KAFKA_CFG_"_s))
        return ignored(u"KAFKA_CFG_* is bitnami/kafka's convention; %1 turns %2 into the property '%3', which Kafka "
                       "ignores"_s.arg(image, name, confluentPropertyName(name.mid(6))),
                       u"use KAFKA_"_s + name.mid(10));
    if (name.startsWith(u"KAFKA_"_s))
        return property(confluentPropertyName(name.mid(6)));
    return EnvReading{};
}

EnvReading bitnamiKafka(const QString &name)
{
    // Names bitnami/kafka reads itself, and the legacy KAFKA_<X> names its libkafka.sh aliases to
    // KAFKA_CFG_<X>.
    static const QSet<QString> plumbing = {u"ALLOW_PLAINTEXT_LISTENER"_s,
                                           u"KAFKA_INTER_BROKER_USER"_s,
                                           u"KAFKA_INTER_BROKER_PASSWORD"_s,
                                           u"KAFKA_CERTIFICATE_PASSWORD"_s,
                                           u"KAFKA_TLS_TRUSTSTORE_FILE"_s,
                                           u"KAFKA_TLS_TYPE"_s,
                                           u"KAFKA_TLS_CLIENT_AUTH"_s,
                                           u"KAFKA_ENABLE_KRAFT"_s,
                                           u"KAFKA_KRAFT_CLUSTER_ID"_s,
                                           u"KAFKA_ZOOKEEPER_PROTOCOL"_s,
                                           u"KAFKA_ZOOKEEPER_PASSWORD"_s,
                                           u"KAFKA_ZOOKEEPER_USER"_s,
                                           u"KAFKA_ZOOKEEPER_TLS_KEYSTORE_PASSWORD"_s,
                                           u"KAFKA_ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD"_s,
                                           u"KAFKA_ZOOKEEPER_TLS_TRUSTSTORE_FILE"_s,
                                           u"KAFKA_ZOOKEEPER_TLS_VERIFY_HOSTNAME"_s,
                                           u"KAFKA_ZOOKEEPER_TLS_TYPE"_s,
                                           u"KAFKA_CLIENT_USERS"_s,
                                           u"KAFKA_CLIENT_PASSWORDS"_s,
                                           u"KAFKA_BROKER_USER"_s,
                                           u"KAFKA_BROKER_PASSWORD"_s,
                                           u"KAFKA_MOUNTED_CONF_DIR"_s,
                                           u"BITNAMI_DEBUG"_s,
                                           u"KAFKA_CLIENT_LISTENER_NAME"_s};
    static const QSet<QString> legacy = {u"ADVERTISED_LISTENERS"_s,
                                         u"BROKER_ID"_s,
                                         u"DEFAULT_REPLICATION_FACTOR"_s,
                                         u"DELETE_TOPIC_ENABLE"_s,
                                         u"INTER_BROKER_LISTENER_NAME"_s,
                                         u"LISTENERS"_s,
                                         u"LISTENER_SECURITY_PROTOCOL_MAP"_s,
                                         u"LOG_DIRS"_s,
                                         u"LOG_FLUSH_INTERVAL_MESSAGES"_s,
                                         u"LOG_FLUSH_INTERVAL_MS"_s,
                                         u"LOG_MESSAGE_FORMAT_VERSION"_s,
                                         u"LOG_RETENTION_BYTES"_s,
                                         u"LOG_RETENTION_CHECK_INTERVALS_MS"_s,
                                         u"LOG_RETENTION_HOURS"_s,
                                         u"LOG_SEGMENT_BYTES"_s,
                                         u"MESSAGE_MAX_BYTES"_s,
                                         u"NUM_IO_THREADS"_s,
                                         u"NUM_NETWORK_THREADS"_s,
                                         u"NUM_PARTITIONS"_s,
                                         u"NUM_RECOVERY_THREADS_PER_DATA_DIR"_s,
                                         u"OFFSETS_TOPIC_REPLICATION_FACTOR"_s,
                                         u"SOCKET_RECEIVE_BUFFER_BYTES"_s,
                                         u"SOCKET_REQUEST_MAX_BYTES"_s,
                                         u"SOCKET_SEND_BUFFER_BYTES"_s,
                                         u"SSL_ENDPOINT_IDENTIFICATION_ALGORITHM"_s,
                                         u"TRANSACTION_STATE_LOG_MIN_ISR"_s,
                                         u"TRANSACTION_STATE_LOG_REPLICATION_FACTOR"_s,
                                         u"ZOOKEEPER_CONNECT"_s,
                                         u"ZOOKEEPER_CONNECTION_TIMEOUT_MS"_s,
                                         u"AUTO_CREATE_TOPICS_ENABLE"_s};
    if (name == u"KAFKA_HEAP_OPTS")
        return setting();
    if (plumbing.contains(name) || isKafkaJvmVariable(name) || name.startsWith(u"KAFKA_TLS_"_s))
        return passThrough();
    if (name.startsWith(u"KAFKA_CFG_"_s))
        return property(name.mid(10).toLower().replace(u'_', u'.'));
    if (name.startsWith(u"KAFKA_"_s) && legacy.contains(name.mid(6)))
        return property(name.mid(6).toLower().replace(u'_', u'.'));
    if (name == u"KAFKA_CREATE_TOPICS")
        return ignored(u"KAFKA_CREATE_TOPICS is wurstmeister/kafka's convention; bitnami/kafka does not read it — "
                       "no topic is created"_s,
                       u"create topics from a one-shot service that runs `kafka-topics.sh --create --if-not-exists` "
                       "once the brokers are healthy"_s);
    if (name.startsWith(u"KAFKA_"_s))
        return ignored(u"bitnami/kafka reads broker settings only as KAFKA_CFG_*; %1 is ignored"_s.arg(name),
                       u"use KAFKA_CFG_"_s + name.mid(6));
    return EnvReading{};
}

} // namespace

ImageInfo classifyImage(const QString &image)
{
    ImageInfo info;
    QString ref = image.trimmed();
    ref = ref.section(u'@', 0, 0); // digest
    const qsizetype slash = ref.lastIndexOf(u'/');
    const qsizetype colon = ref.lastIndexOf(u':');
    if (colon > slash) {
        info.tag = ref.mid(colon + 1);
        ref.truncate(colon);
    }
    for (const QString &registry : {u"docker.io/"_s, u"registry-1.docker.io/"_s, u"index.docker.io/"_s})
        if (ref.startsWith(registry))
            ref = ref.mid(registry.size());
    if (ref.startsWith(u"library/"_s))
        ref = ref.mid(8);
    info.repository = ref;
    static const QHash<QString, ImageFamily> known = {
        {u"wurstmeister/zookeeper"_s, ImageFamily::WurstmeisterZooKeeper},
        {u"wurstmeister/kafka"_s, ImageFamily::WurstmeisterKafka},
        {u"confluentinc/cp-zookeeper"_s, ImageFamily::ConfluentZooKeeper},
        {u"confluentinc/cp-kafka"_s, ImageFamily::ConfluentKafka},
        {u"confluentinc/cp-server"_s, ImageFamily::ConfluentKafka},
        {u"confluentinc/cp-enterprise-kafka"_s, ImageFamily::ConfluentKafka},
        {u"bitnami/zookeeper"_s, ImageFamily::BitnamiZooKeeper},
        {u"bitnamilegacy/zookeeper"_s, ImageFamily::BitnamiZooKeeper},
        {u"bitnami/kafka"_s, ImageFamily::BitnamiKafka},
        {u"bitnamilegacy/kafka"_s, ImageFamily::BitnamiKafka},
        {u"zookeeper"_s, ImageFamily::OfficialZooKeeper},
        {u"apache/kafka"_s, ImageFamily::ApacheKafka},
        {u"apache/kafka-native"_s, ImageFamily::ApacheKafka},
    };
    info.family = known.value(ref, ImageFamily::Unknown);
    return info;
}

ImageRole roleOf(ImageFamily family)
{
    switch (family) {
    case ImageFamily::WurstmeisterZooKeeper:
    case ImageFamily::ConfluentZooKeeper:
    case ImageFamily::BitnamiZooKeeper:
    case ImageFamily::OfficialZooKeeper:
        return ImageRole::ZooKeeper;
    case ImageFamily::WurstmeisterKafka:
    case ImageFamily::ConfluentKafka:
    case ImageFamily::BitnamiKafka:
    case ImageFamily::ApacheKafka:
        return ImageRole::Kafka;
    case ImageFamily::Unknown:
        break;
    }
    return ImageRole::Other;
}

QString familyName(ImageFamily family)
{
    switch (family) {
    case ImageFamily::WurstmeisterZooKeeper:
        return u"wurstmeister/zookeeper"_s;
    case ImageFamily::WurstmeisterKafka:
        return u"wurstmeister/kafka"_s;
    case ImageFamily::ConfluentZooKeeper:
        return u"confluentinc/cp-zookeeper"_s;
    case ImageFamily::ConfluentKafka:
        return u"confluentinc/cp-kafka"_s;
    case ImageFamily::BitnamiZooKeeper:
        return u"bitnami/zookeeper"_s;
    case ImageFamily::BitnamiKafka:
        return u"bitnami/kafka"_s;
    case ImageFamily::OfficialZooKeeper:
        return u"zookeeper"_s;
    case ImageFamily::ApacheKafka:
        return u"apache/kafka"_s;
    case ImageFamily::Unknown:
        break;
    }
    return u"unknown"_s;
}

EnvReading readEnv(ImageFamily family, const QString &name)
{
    switch (family) {
    case ImageFamily::WurstmeisterZooKeeper:
        return wurstmeisterZooKeeper(name);
    case ImageFamily::ConfluentZooKeeper:
        return confluentZooKeeper(name);
    case ImageFamily::OfficialZooKeeper:
        return officialZooKeeper(name);
    case ImageFamily::BitnamiZooKeeper:
        return bitnamiZooKeeper(name);
    case ImageFamily::WurstmeisterKafka:
        return wurstmeisterKafka(name);
    case ImageFamily::ConfluentKafka:
    case ImageFamily::ApacheKafka:
        return confluentLikeKafka(family, name);
    case ImageFamily::BitnamiKafka:
        return bitnamiKafka(name);
    case ImageFamily::Unknown:
        break;
    }
    return EnvReading{};
}

QString confluentEnvName(const QString &prefix, const QString &property)
{
    QString name = property.toUpper();
    name.replace(u'_', u"__"_s);
    name.replace(u'-', u"___"_s);
    name.replace(u'.', u'_');
    return prefix + name;
}

QString confluentPropertyName(const QString &envSuffix)
{
    // Runs of underscores: 1 = '.', 2 = '_', 3 = '-' (longer runs: greedily threes, then the rest).
    const QString lower = envSuffix.toLower();
    QString out;
    qsizetype i = 0;
    while (i < lower.size()) {
        if (lower[i] != u'_') {
            out += lower[i++];
            continue;
        }
        qsizetype run = 0;
        while (i + run < lower.size() && lower[i + run] == u'_')
            ++run;
        i += run;
        while (run >= 3) {
            out += u'-';
            run -= 3;
        }
        out += run == 2 ? u"_"_s : run == 1 ? u"."_s : QString();
    }
    return out;
}

QString confluentZooKeeperProperty(const QString &envName)
{
    for (const auto &[env, prop] : confluentZooKeeperTable())
        if (env == envName)
            return prop;
    return {};
}

QString confluentZooKeeperEnv(const QString &property)
{
    for (const auto &[env, prop] : confluentZooKeeperTable())
        if (prop == property)
            return env;
    return {};
}

} // namespace ensemble
