#include "KRaftLayout.h"

#include "FixedPortLayout.h"

#include <QCryptographicHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace ensemble {

int kraftNodeId(const ClusterSpec &spec, bool coordinator, int index)
{
    return coordinator && !spec.combined ? kKRaftControllerIdBase + index : index;
}

int kraftBrokerCount(const ClusterSpec &spec)
{
    return spec.combined ? spec.coordinators : spec.brokers;
}

QString kraftClusterId(const QString &clusterName)
{
    // 16 bytes of a hash, base64url like Kafka's Uuid; like Kafka's random ids, never starting with '-' (it
    // would read as an option on kafka-storage's command line).
    QString salt;
    for (;;) {
        const QByteArray digest =
            QCryptographicHash::hash((u"ensemble:"_s + salt + clusterName).toUtf8(), QCryptographicHash::Md5);
        const QString id =
            QString::fromLatin1(digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        if (!id.startsWith(u'-'))
            return id;
        salt += u'+';
    }
}

bool isKRaftNodeKey(const QString &key)
{
    static const QSet<QString> keys = {u"broker.id"_s,
                                       u"node.id"_s,
                                       u"process.roles"_s,
                                       u"listeners"_s,
                                       u"advertised.listeners"_s,
                                       u"listener.security.protocol.map"_s,
                                       u"inter.broker.listener.name"_s,
                                       u"controller.listener.names"_s,
                                       u"controller.quorum.voters"_s,
                                       u"controller.quorum.bootstrap.servers"_s,
                                       u"log.dirs"_s,
                                       u"log.dir"_s,
                                       u"metadata.log.dir"_s};
    // ... and ZooKeeper-mode settings KRaft brokers do not have (controlled shutdown retries went with ZooKeeper).
    return keys.contains(key) || key.startsWith(u"zookeeper."_s) || key.startsWith(u"controlled.shutdown.retry"_s) ||
           key == u"controlled.shutdown.max.retries";
}

NodeConfig::Properties kraftSharedSettings(const ClusterSpec &spec)
{
    ClusterSpec sized = spec;
    sized.brokers = kraftBrokerCount(spec);
    sized.combined = false;
    auto layout = fixedPortLayout(sized);
    if (!layout || layout->brokers().isEmpty())
        return {};
    NodeConfig::Properties out;
    for (const auto &[key, value] :
         NodeConfig::brokerProperties(sized, layout.value(), layout->brokers().first(), QString()))
        if (!isKRaftNodeKey(key))
            out.append({key, value});
    return out;
}

} // namespace ensemble
