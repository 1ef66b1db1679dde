#include "ClusterProbe.h"

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

std::optional<QByteArray> zkGet(zhandle_t *zh, const QByteArray &path)
{
    QByteArray buffer(8192, Qt::Uninitialized);
    int len = int(buffer.size());
    if (zoo_get(zh, path.constData(), 0, buffer.data(), &len, nullptr) != ZOK || len < 0)
        return std::nullopt;
    buffer.truncate(len);
    return buffer;
}

std::optional<QList<QByteArray>> zkChildren(zhandle_t *zh, const QByteArray &path)
{
    String_vector children{};
    if (zoo_get_children(zh, path.constData(), 0, &children) != ZOK)
        return std::nullopt;
    QList<QByteArray> out;
    for (int i = 0; i < children.count; ++i)
        out.append(QByteArray(children.data[i]));
    deallocate_String_vector(&children);
    return out;
}

QList<int> intList(const QJsonValue &value)
{
    QList<int> out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toInt());
    return out;
}

void quietKafkaLog(const rd_kafka_t *, int, const char *, const char *) {}
} // namespace

struct ClusterProbe::Clients
{
    zhandle_t *zk = nullptr;
    rd_kafka_t *kafka = nullptr;
    FILE *zkLog = nullptr;

    ~Clients()
    {
        if (zk)
            zookeeper_close(zk);
        if (kafka)
            rd_kafka_destroy(kafka);
        if (zkLog)
            std::fclose(zkLog);
    }
};

ClusterProbe::ClusterProbe(QString zookeeperConnect, QString bootstrapServers, QString clientLogFile)
    : m_zookeeperConnect(std::move(zookeeperConnect)), m_bootstrap(std::move(bootstrapServers)),
      m_clientLogFile(std::move(clientLogFile)), m_clients(std::make_unique<Clients>())
{
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
    readZooKeeper(snap);
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
    const auto ids = zkChildren(c.zk, "/brokers/ids");
    if (!ids)
        return;
    out.zookeeperReachable = true;
    for (const QByteArray &id : *ids)
        out.registeredBrokers.insert(id.toInt());
    if (const auto controller = zkGet(c.zk, "/controller"))
        out.controller = QJsonDocument::fromJson(*controller).object().value(u"brokerid"_s).toInt(-1);
    if (const auto epoch = zkGet(c.zk, "/controller_epoch"))
        out.controllerEpoch = epoch->trimmed().toInt();
    const auto topics = zkChildren(c.zk, "/brokers/topics");
    for (const QByteArray &topic : topics.value_or(QList<QByteArray>{})) {
        const auto assignment = zkGet(c.zk, "/brokers/topics/" + topic);
        if (!assignment)
            continue;
        const QJsonObject parts = QJsonDocument::fromJson(*assignment).object().value(u"partitions"_s).toObject();
        QMap<int, PartitionState> &partitions = out.topics[QString::fromUtf8(topic)];
        for (auto it = parts.begin(); it != parts.end(); ++it) {
            PartitionState p;
            p.partition = it.key().toInt();
            p.replicas = intList(it.value());
            const auto state = zkGet(c.zk, "/brokers/topics/" + topic + "/partitions/" + it.key().toUtf8() + "/state");
            if (state) {
                const QJsonObject s = QJsonDocument::fromJson(*state).object();
                p.leader = s.value(u"leader"_s).toInt(-1);
                p.leaderEpoch = s.value(u"leader_epoch"_s).toInt(-1);
                p.isr = intList(s.value(u"isr"_s));
            }
            partitions.insert(p.partition, p);
        }
    }
}

void ClusterProbe::readMetadata(ClusterSnapshot &out)
{
    Clients &c = *m_clients;
    if (!c.kafka) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        char err[256];
        rd_kafka_conf_set(conf, "bootstrap.servers", m_bootstrap.toLatin1().constData(), err, sizeof err);
        rd_kafka_conf_set(conf, "client.id", "ensemble-probe", err, sizeof err);
        rd_kafka_conf_set(conf, "reconnect.backoff.max.ms", "500", err, sizeof err);
        rd_kafka_conf_set_log_cb(conf, quietKafkaLog);
        c.kafka = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
        if (!c.kafka) {
            qCWarning(lcProbe) << "librdkafka:" << err;
            return;
        }
    }
    const rd_kafka_metadata_t *md = nullptr;
    if (rd_kafka_metadata(c.kafka, 0, nullptr, &md, kMetadataTimeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    out.metadataAnswered = true;
    for (int i = 0; i < md->broker_cnt; ++i)
        out.metadataBrokers.insert(md->brokers[i].id);
    rd_kafka_metadata_destroy(md);
}

} // namespace ensemble
