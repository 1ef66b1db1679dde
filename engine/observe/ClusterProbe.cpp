#include "ClusterProbe.h"

#include "KafkaAdmin.h"
#include "KafkaConf.h"
#include "KafkaHandleRelease.h"
#include "LinkFaults.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QThread>

#include <librdkafka/rdkafka.h>
#include <zookeeper/zookeeper.h>

#include <cstdio>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcProbe, "ensemble.probe")

namespace ensemble {

namespace {
constexpr int kZkSessionMs = 6000;
constexpr int kMetadataTimeoutMs = 800;
// ZooKeeper refuses znodes above jute.maxbuffer (1 MiB less a little by default); allow some headroom.
constexpr int kZnodeMaxBytes = 16 * 1024 * 1024;

// A znode read: its data, or absent (ZNONODE), or failed (the session is in trouble; the round is void).
struct ZkRead
{
    bool failed = false;
    std::optional<QByteArray> data;
};

ZkRead zkGet(zhandle_t *zh, const QByteArray &path)
{
    // zoo_get silently truncates to the buffer; the stat says how large the znode really is (a topic's
    // assignment with thousands of partitions is far beyond a guess), so grow to that and read again.
    qsizetype capacity = 8192;
    for (int attempt = 0; attempt < 4; ++attempt) {
        QByteArray buffer(capacity, Qt::Uninitialized);
        int len = int(buffer.size());
        Stat stat{};
        const int rc = zoo_get(zh, path.constData(), 0, buffer.data(), &len, &stat);
        if (rc == ZNONODE)
            return {};
        if (rc != ZOK)
            return {true, std::nullopt};
        if (stat.dataLength <= buffer.size()) {
            buffer.truncate(std::max(len, 0));
            return {false, buffer};
        }
        if (stat.dataLength > kZnodeMaxBytes)
            break;
        capacity = stat.dataLength; // it may still grow between the reads: the loop reads again
    }
    qCWarning(lcProbe) << "znode" << path << "is too large or keeps growing; this round is void";
    return {true, std::nullopt};
}

struct ZkChildren
{
    bool failed = false;
    QList<QByteArray> names;
};

ZkChildren zkChildren(zhandle_t *zh, const QByteArray &path)
{
    String_vector children{};
    const int rc = zoo_get_children(zh, path.constData(), 0, &children);
    if (rc == ZNONODE)
        return {};
    if (rc != ZOK)
        return {true, {}};
    ZkChildren out;
    for (int i = 0; i < children.count; ++i)
        out.names.append(QByteArray(children.data[i]));
    deallocate_String_vector(&children);
    return out;
}

// One metadata answer's topics, partitions, leaders, replicas and ISRs into OUT.
void readTopics(const rd_kafka_metadata_t &md, ClusterSnapshot &out)
{
    for (int t = 0; t < md.topic_cnt; ++t) {
        const rd_kafka_metadata_topic_t &topic = md.topics[t];
        if (topic.err != RD_KAFKA_RESP_ERR_NO_ERROR)
            continue;
        QMap<int, PartitionState> &partitions = out.topics[QString::fromUtf8(topic.topic)];
        for (int p = 0; p < topic.partition_cnt; ++p) {
            const PartitionState ps = KafkaAdmin::partitionStateOf(topic.partitions[p]);
            partitions.insert(ps.partition, ps);
        }
    }
}

rd_kafka_t *newProbeClient(const QString &bootstrap)
{
    rd_kafka_conf_t *conf = newKafkaConf(bootstrap, "ensemble-probe");
    char err[256];
    rd_kafka_conf_set(conf, "reconnect.backoff.max.ms", "500", err, sizeof err);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        rd_kafka_conf_destroy(conf); // kept by rd_kafka_new only when it succeeds
        qCWarning(lcProbe) << "librdkafka:" << err;
    }
    return rk;
}

QList<int> intList(const QJsonValue &value)
{
    QList<int> out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toInt());
    return out;
}

} // namespace

struct ClusterProbe::Clients
{
    zhandle_t *zk = nullptr;
    rd_kafka_t *kafka = nullptr;
    QMap<int, rd_kafka_t *> perBroker; // KRaft: one client per broker, bootstrapped with that broker alone
    FILE *zkLog = nullptr;

    ~Clients()
    {
        if (zk)
            zookeeper_close(zk);
        if (kafka)
            releaseKafkaHandle(kafka);
        for (rd_kafka_t *rk : std::as_const(perBroker))
            if (rk)
                releaseKafkaHandle(rk);
        if (zkLog)
            std::fclose(zkLog);
    }
};

ClusterProbe::ClusterProbe(QString zookeeperConnect, QString bootstrapServers, QString clientLogFile,
                           QMap<int, QString> brokers)
    : m_zookeeperConnect(std::move(zookeeperConnect)), m_bootstrap(std::move(bootstrapServers)),
      m_clientLogFile(std::move(clientLogFile)), m_brokers(std::move(brokers)), m_clients(std::make_unique<Clients>())
{
}

QSet<int> ClusterProbe::brokersBehind(const ClusterLayout &layout, const QuorumFigures &figures,
                                      const LinkFaults *links)
{
    QSet<int> out;
    if (figures.isValid())
        for (const ReplicaFigures &r : figures.observers)
            if (QuorumFigures::isLagging(r))
                out.insert(r.id);
    if (!links)
        return out;
    const NodeLayout *leader = layout.findById(figures.leaderId);
    for (const NodeLayout &b : layout.brokers())
        for (const NodeLayout &c : layout.kraftControllers())
            if (c.name != b.name && (!leader || leader->name == c.name) && links->isCut(b.name, c.name))
                out.insert(b.id);
    return out;
}

ClusterProbe::~ClusterProbe() = default;

void ClusterProbe::start(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &ClusterProbe::probeNow);
    }
    m_timer->start(intervalMs);
    probeNow();
}

void ClusterProbe::stop()
{
    if (m_timer)
        m_timer->stop();
    m_clients = std::make_unique<Clients>(); // closes the sessions on this thread
}

void ClusterProbe::probeNow()
{
    ClusterSnapshot snap;
    snap.startedWallMs = QDateTime::currentMSecsSinceEpoch();
    if (!m_zookeeperConnect.isEmpty())
        readZooKeeper(snap);
    if (m_zookeeperConnect.isEmpty() && !m_brokers.isEmpty())
        readKRaftMetadata(snap);
    else
        readMetadata(snap);
    Q_EMIT snapshot(snap);
}

void ClusterProbe::readZooKeeper(ClusterSnapshot &out)
{
    Clients &c = *m_clients;
    if (c.zk && (zoo_state(c.zk) == ZOO_EXPIRED_SESSION_STATE || zoo_state(c.zk) == ZOO_AUTH_FAILED_STATE)) {
        zookeeper_close(c.zk);
        c.zk = nullptr;
    }
    if (!c.zk) {
        if (!c.zkLog) {
            c.zkLog = std::fopen(m_clientLogFile.toLocal8Bit().constData(), "a");
            zoo_set_log_stream(c.zkLog);
            zoo_set_debug_level(ZOO_LOG_LEVEL_WARN);
        }
        c.zk = zookeeper_init(m_zookeeperConnect.toLatin1().constData(), nullptr, kZkSessionMs, nullptr, nullptr, 0);
        if (!c.zk)
            return;
        QElapsedTimer wait;
        wait.start();
        while (zoo_state(c.zk) != ZOO_CONNECTED_STATE && wait.elapsed() < 1000)
            QThread::msleep(10);
    }
    if (zoo_state(c.zk) != ZOO_CONNECTED_STATE)
        return;
    // Read everything into a scratch snapshot; a failed read anywhere voids the round rather than reporting
    // brokers, a controller or topics as gone.
    ClusterSnapshot read;
    const ZkChildren ids = zkChildren(c.zk, "/brokers/ids");
    if (ids.failed)
        return;
    for (const QByteArray &id : ids.names)
        read.registeredBrokers.insert(id.toInt());
    const ZkRead controller = zkGet(c.zk, "/controller");
    const ZkRead epoch = zkGet(c.zk, "/controller_epoch");
    if (controller.failed || epoch.failed)
        return;
    if (controller.data)
        read.controller = QJsonDocument::fromJson(*controller.data).object().value(u"brokerid"_s).toInt(-1);
    if (epoch.data)
        read.controllerEpoch = epoch.data->trimmed().toInt();
    const ZkChildren topics = zkChildren(c.zk, "/brokers/topics");
    if (topics.failed)
        return;
    for (const QByteArray &topic : topics.names) {
        const ZkRead assignment = zkGet(c.zk, "/brokers/topics/" + topic);
        if (assignment.failed)
            return;
        if (!assignment.data)
            continue; // deleted meanwhile
        const QJsonObject parts = QJsonDocument::fromJson(*assignment.data).object().value(u"partitions"_s).toObject();
        QMap<int, PartitionState> &partitions = read.topics[QString::fromUtf8(topic)];
        for (auto it = parts.begin(); it != parts.end(); ++it) {
            PartitionState p;
            p.partition = it.key().toInt();
            p.replicas = intList(it.value());
            const ZkRead state =
                zkGet(c.zk, "/brokers/topics/" + topic + "/partitions/" + it.key().toUtf8() + "/state");
            if (state.failed)
                return;
            if (state.data) {
                const QJsonObject st = QJsonDocument::fromJson(*state.data).object();
                p.leader = st.value(u"leader"_s).toInt(-1);
                p.leaderEpoch = st.value(u"leader_epoch"_s).toInt(-1);
                p.isr = intList(st.value(u"isr"_s));
            }
            partitions.insert(p.partition, p);
        }
    }
    out.zookeeperReachable = true;
    out.registeredBrokers = read.registeredBrokers;
    out.controller = read.controller;
    out.controllerEpoch = read.controllerEpoch;
    out.topics = read.topics;
}

void ClusterProbe::readMetadata(ClusterSnapshot &out)
{
    Clients &c = *m_clients;
    if (!c.kafka && !(c.kafka = newProbeClient(m_bootstrap)))
        return;
    const rd_kafka_metadata_t *md = nullptr;
    const int allTopics = m_zookeeperConnect.isEmpty() ? 1 : 0; // KRaft: the topics come from here
    if (rd_kafka_metadata(c.kafka, allTopics, nullptr, &md, kMetadataTimeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    out.metadataAnswered = true;
    for (int i = 0; i < md->broker_cnt; ++i)
        out.metadataBrokers.insert(md->brokers[i].id);
    if (m_zookeeperConnect.isEmpty()) {
        // KRaft: no znodes; the brokers' metadata is the record (a broker is listed once registered and unfenced).
        // Its controller id means nothing here (the raft leader is the active controller), and librdkafka 2.0
        // gives no leader epoch (-1: unknown).
        out.zookeeperReachable = true;
        out.registeredBrokers = out.metadataBrokers;
        out.metadataFrom = md->orig_broker_id;
        readTopics(*md, out);
    }
    rd_kafka_metadata_destroy(md);
}

void ClusterProbe::readKRaftMetadata(ClusterSnapshot &out)
{
    // The broker that answered last first (a round against a dead broker costs a timeout), then the others, then
    // those behind the controllers: an isolated broker's answer is only better than none.
    QList<int> order;
    if (m_brokers.contains(m_lastAnswered) && !m_behind.contains(m_lastAnswered))
        order.append(m_lastAnswered);
    for (const bool behind : {false, true})
        for (auto it = m_brokers.cbegin(); it != m_brokers.cend(); ++it)
            if (m_behind.contains(it.key()) == behind && !order.contains(it.key()))
                order.append(it.key());
    Clients &c = *m_clients;
    for (const int id : std::as_const(order)) {
        rd_kafka_t *&rk = c.perBroker[id];
        if (!rk && !(rk = newProbeClient(m_brokers.value(id))))
            continue;
        const rd_kafka_metadata_t *md = nullptr;
        if (rd_kafka_metadata(rk, 1, nullptr, &md, kMetadataTimeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
            continue;
        // The client learns the other brokers from its first answer and may ask one of them while its own is
        // down: that answer belongs to the other broker's turn.
        if (md->orig_broker_id != id) {
            rd_kafka_metadata_destroy(md);
            continue;
        }
        m_lastAnswered = id;
        out.metadataAnswered = true;
        out.zookeeperReachable = true; // as in readMetadata: the brokers' metadata is the record
        out.metadataFrom = id;
        for (int i = 0; i < md->broker_cnt; ++i)
            out.metadataBrokers.insert(md->brokers[i].id);
        out.registeredBrokers = out.metadataBrokers;
        readTopics(*md, out);
        rd_kafka_metadata_destroy(md);
        return;
    }
}

} // namespace ensemble
