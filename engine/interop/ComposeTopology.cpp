#include "ComposeTopology.h"

#include <QHostAddress>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace ensemble {

QList<ListenerAddress> parseListeners(const QString &text)
{
    QList<ListenerAddress> out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        const qsizetype scheme = item.indexOf(u"://"_s);
        if (scheme < 0)
            continue;
        ListenerAddress l;
        l.name = item.left(scheme);
        QString rest = item.mid(scheme + 3);
        if (rest.startsWith(u'[')) {
            const qsizetype close = rest.indexOf(u']');
            l.host = rest.mid(1, close - 1);
            rest = rest.mid(close + 1);
        } else {
            const qsizetype colon = rest.lastIndexOf(u':');
            l.host = colon < 0 ? rest : rest.left(colon);
            rest = colon < 0 ? QString() : rest.mid(colon);
        }
        l.port = rest.startsWith(u':') ? rest.mid(1).toInt() : 0;
        out.append(l);
    }
    return out;
}

QList<QuorumVoter> parseQuorumVoters(const QString &text)
{
    QList<QuorumVoter> out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        const qsizetype at = item.indexOf(u'@');
        const qsizetype colon = item.lastIndexOf(u':');
        if (at <= 0 || colon <= at)
            continue;
        out.append(QuorumVoter{item.left(at).toInt(), item.mid(at + 1, colon - at - 1), item.mid(colon + 1).toInt()});
    }
    return out;
}

QList<HostPort> parseConnectString(const QString &text, QString *chroot)
{
    QString hosts = text.trimmed();
    const qsizetype slash = hosts.indexOf(u'/');
    if (chroot)
        *chroot = slash < 0 ? QString() : hosts.mid(slash);
    if (slash >= 0)
        hosts.truncate(slash);
    QList<HostPort> out;
    for (const QString &part : hosts.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        const qsizetype colon = item.lastIndexOf(u':');
        out.append(colon < 0 ? HostPort{item, 2181} : HostPort{item.left(colon), item.mid(colon + 1).toInt()});
    }
    return out;
}

int parseHeapMb(const QString &jvmOptions)
{
    static const QRegularExpression xmx(u"-Xmx(\\d+)([kKmMgG]?)"_s);
    const QRegularExpressionMatch m = xmx.match(jvmOptions);
    if (!m.hasMatch())
        return 0;
    const qint64 n = m.captured(1).toLongLong();
    const QString unit = m.captured(2).toLower();
    if (unit == u"g")
        return int(n * 1024);
    if (unit == u"k")
        return int(n / 1024);
    if (unit.isEmpty())
        return int(n / (1024 * 1024));
    return int(n);
}

namespace {

// Splits a shell text into commands (at newlines, ;, &&, ||, |) and each command into words, honouring
// quotes.
QList<QStringList> shellCommands(const QString &shell)
{
    QList<QStringList> commands;
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    auto endWord = [&] {
        if (inWord)
            words.append(word);
        word.clear();
        inWord = false;
    };
    auto endCommand = [&] {
        endWord();
        if (!words.isEmpty())
            commands.append(words);
        words.clear();
    };
    for (qsizetype i = 0; i < shell.size(); ++i) {
        const QChar c = shell[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
            continue;
        }
        if (c == u'\'' || c == u'"') {
            quote = c;
            inWord = true;
        } else if (c == u'\\' && i + 1 < shell.size() && shell[i + 1] == u'\n') {
            ++i; // line continuation
        } else if (c == u'\n' || c == u';' || c == u'|' || c == u'&') {
            endCommand();
        } else if (c.isSpace()) {
            endWord();
        } else {
            word += c;
            inWord = true;
        }
    }
    endCommand();
    return commands;
}

} // namespace

QList<TopicSpec> parseKafkaTopicsCommands(const QString &shell)
{
    QList<TopicSpec> out;
    for (const QStringList &words : shellCommands(shell)) {
        const qsizetype start =
            std::find_if(words.begin(), words.end(), [](const QString &w) { return w.contains(u"kafka-topics"_s); }) -
            words.begin();
        if (start >= words.size())
            continue;
        TopicSpec topic;
        bool create = false;
        for (qsizetype i = start + 1; i < words.size(); ++i) {
            QString flag = words[i];
            QString value;
            const qsizetype eq = flag.indexOf(u'=');
            if (flag.startsWith(u"--"_s) && eq > 0) {
                value = flag.mid(eq + 1);
                flag.truncate(eq);
            } else if (i + 1 < words.size()) {
                value = words[i + 1];
            }
            const bool inlineValue = eq > 0 && words[i].startsWith(u"--"_s);
            auto consume = [&] {
                if (!inlineValue)
                    ++i;
            };
            if (flag == u"--create") {
                create = true;
            } else if (flag == u"--topic") {
                topic.name = value;
                consume();
            } else if (flag == u"--partitions") {
                topic.partitions = value.toInt();
                consume();
            } else if (flag == u"--replication-factor") {
                topic.replicationFactor = value.toInt();
                consume();
            } else if (flag == u"--config") {
                const qsizetype kv = value.indexOf(u'=');
                if (kv > 0)
                    topic.configs.insert(value.left(kv), value.mid(kv + 1));
                consume();
            }
        }
        if (create && !topic.name.isEmpty())
            out.append(topic);
    }
    return out;
}

QList<TopicSpec> parseCreateTopics(const QString &value, const QString &separator, QStringList *bad)
{
    QString sep = separator.isEmpty() ? u","_s : separator;
    if (sep == u"$'\\n'")
        sep = u"\n"_s;
    QList<TopicSpec> out;
    for (const QString &part : value.split(sep, Qt::SkipEmptyParts)) {
        const QStringList f = part.trimmed().split(u':');
        bool okP = false, okR = false;
        TopicSpec t;
        t.name = f.value(0).trimmed();
        t.partitions = f.value(1).toInt(&okP);
        t.replicationFactor = f.value(2).toInt(&okR);
        if (t.name.isEmpty() || !okP || !okR) {
            if (bad && !part.trimmed().isEmpty())
                bad->append(part.trimmed());
            continue;
        }
        if (f.size() > 3 && !f.value(3).isEmpty())
            t.configs.insert(u"cleanup.policy"_s, f.value(3));
        out.append(t);
    }
    return out;
}

bool isHostReachableName(const QString &host)
{
    if (host == u"localhost" || host == u"host.docker.internal" || host.endsWith(u".localhost"_s))
        return true;
    QHostAddress address;
    return address.setAddress(host) && address != QHostAddress::AnyIPv4 && address != QHostAddress::AnyIPv6;
}

namespace {

int intValue(const QString &text, int fallback = 0)
{
    bool ok = false;
    const int v = text.trimmed().toInt(&ok);
    return ok ? v : fallback;
}

// "host:2888:3888" / "host:2888:3888:participant;2181" / "host:2888:3888;0.0.0.0:2181"
ZooKeeperServerEntry parseServerAddress(const QString &text)
{
    ZooKeeperServerEntry e;
    const QString quorumPart = text.section(u';', 0, 0);
    const QString clientPart = text.section(u';', 1);
    const QStringList f = quorumPart.split(u':');
    e.host = f.value(0).trimmed();
    e.quorumPort = intValue(f.value(1));
    e.electionPort = intValue(f.value(2));
    if (!clientPart.isEmpty())
        e.clientPort = intValue(clientPart.section(u':', -1));
    return e;
}

QString bitnamiBool(const QString &value)
{
    const QString v = value.trimmed().toLower();
    if (v == u"yes" || v == u"true")
        return u"true"_s;
    if (v == u"no" || v == u"false")
        return u"false"_s;
    return value;
}

class Interpreter
{
  public:
    explicit Interpreter(const ComposeFile &file) : m_file(file) {}

    ComposeTopology run()
    {
        for (qsizetype i = 0; i < m_file.services.size(); ++i) {
            const ComposeService &s = m_file.services[i];
            ImageInfo image = classifyImage(s.image);
            const bool byEnvironment = image.family == ImageFamily::Unknown && (recognisedKafka(s, &image.family));
            const ImageRole role = roleOf(image.family);
            const bool createsTopics = s.command.contains(u"kafka-topics"_s);
            if (role == ImageRole::ZooKeeper) {
                m_out.zookeepers.append(zookeeper(int(i), s, image.family));
            } else if (createsTopics && !isBrokerService(s, image.family)) {
                m_out.topicServices.append(s.name);
                for (const TopicSpec &t : parseKafkaTopicsCommands(s.command))
                    m_out.topics.append(TopicDeclaration{t, s.name, u"kafka-topics --create"_s, s.commandMark});
            } else if (role == ImageRole::Kafka) {
                m_out.brokers.append(broker(int(i), s, image.family));
                m_out.brokers.last().recognisedByEnvironment = byEnvironment;
            } else {
                m_out.skipped.append(
                    s.image.isEmpty()
                        ? u"%1 (no image: built from a Dockerfile, so what it runs is unknown)"_s.arg(s.name)
                        : u"%1 (%2): not a ZooKeeper or Kafka image Ensemble knows"_s.arg(s.name, s.image));
            }
        }
        return m_out;
    }

  private:
    // A service whose image says nothing (a variable, a build: section, an unknown image) is a Kafka node when
    // its environment sets what only a Kafka node's configuration has; FAMILY is then the convention to read
    // it by: bitnami's KAFKA_CFG_* or the KAFKA_* names apache/kafka and cp-kafka share.
    static bool recognisedKafka(const ComposeService &s, ImageFamily *family)
    {
        static const QStringList keys = {u"PROCESS_ROLES"_s,           u"NODE_ID"_s,   u"BROKER_ID"_s,
                                         u"ZOOKEEPER_CONNECT"_s,       u"LISTENERS"_s, u"ADVERTISED_LISTENERS"_s,
                                         u"CONTROLLER_QUORUM_VOTERS"_s};
        for (const QString &key : keys) {
            if (s.env(u"KAFKA_CFG_"_s + key)) {
                *family = ImageFamily::BitnamiKafka;
                return true;
            }
        }
        for (const QString &key : keys) {
            if (s.env(u"KAFKA_"_s + key)) {
                *family = ImageFamily::ApacheKafka;
                return true;
            }
        }
        return false;
    }

    static bool isBrokerService(const ComposeService &s, ImageFamily family)
    {
        if (roleOf(family) != ImageRole::Kafka)
            return false;
        for (const ComposeEnvVar &v : s.environment) {
            const EnvReading r = readEnv(family, v.name);
            if (r.kind == EnvReading::Kind::Property &&
                (r.property == u"zookeeper.connect" || r.property == u"broker.id" || r.property == u"listeners" ||
                 r.property == u"advertised.listeners" || r.property == u"process.roles"))
                return true;
        }
        return false;
    }

    static void publishedPort(const ComposeService &s, int containerPort, int *hostPort, QString *hostIp)
    {
        for (const ComposePort &p : s.ports)
            if (p.target == containerPort && p.published > 0) {
                *hostPort = p.published;
                *hostIp = p.hostIp;
                return;
            }
    }

    ZooKeeperNode zookeeper(int index, const ComposeService &s, ImageFamily family)
    {
        ZooKeeperNode z;
        z.serviceIndex = index;
        z.service = s.name;
        z.family = family;
        z.readsEnvironment = family != ImageFamily::WurstmeisterZooKeeper;
        // wurstmeister/zookeeper reads nothing; take what the file means from whichever names it uses.
        ImageFamily convention = family;
        if (family == ImageFamily::WurstmeisterZooKeeper)
            convention =
                s.env(u"ZOOKEEPER_SERVER_ID"_s) || s.env(u"ZOOKEEPER_SERVERS"_s) || s.env(u"ZOOKEEPER_CLIENT_PORT"_s)
                    ? ImageFamily::ConfluentZooKeeper
                    : ImageFamily::OfficialZooKeeper;
        auto take = [&](const QString &name, int *out, SourceMark *mark) {
            if (const ComposeEnvVar *v = s.env(name); v && v->hasValue) {
                *out = intValue(v->value);
                if (mark)
                    *mark = v->valueMark;
                return true;
            }
            return false;
        };
        switch (convention) {
        case ImageFamily::ConfluentZooKeeper: {
            take(u"ZOOKEEPER_SERVER_ID"_s, &z.id, &z.idMark);
            take(u"ZOOKEEPER_CLIENT_PORT"_s, &z.clientPort, &z.clientPortMark);
            if (const ComposeEnvVar *v = s.env(u"ZOOKEEPER_SERVERS"_s)) {
                z.serversVar = v->name;
                z.serversMark = v->valueMark;
                const QStringList entries = v->value.split(u';', Qt::SkipEmptyParts);
                for (qsizetype i = 0; i < entries.size(); ++i) {
                    ZooKeeperServerEntry e = parseServerAddress(entries[i]);
                    e.id = int(i) + 1; // cp-zookeeper numbers them server.1, server.2 ... in list order
                    z.servers.append(e);
                }
            }
            for (const QString &opt : s.envValue(u"KAFKA_OPTS"_s).split(u' ', Qt::SkipEmptyParts))
                if (opt.startsWith(u"-Dzookeeper."_s) && opt.contains(u'='))
                    z.properties.insert(opt.mid(12).section(u'=', 0, 0), opt.section(u'=', 1));
            z.heapMb = parseHeapMb(s.envValue(u"KAFKA_HEAP_OPTS"_s));
            break;
        }
        case ImageFamily::BitnamiZooKeeper: {
            z.id = 1;
            take(u"ZOO_SERVER_ID"_s, &z.id, &z.idMark);
            z.clientPort = 2181;
            take(u"ZOO_PORT_NUMBER"_s, &z.clientPort, &z.clientPortMark);
            if (const ComposeEnvVar *v = s.env(u"ZOO_SERVERS"_s)) {
                z.serversVar = v->name;
                z.serversMark = v->valueMark;
                static const QRegularExpression separators(u"[,; ]+"_s);
                const QStringList entries = v->value.split(separators, Qt::SkipEmptyParts);
                for (qsizetype i = 0; i < entries.size(); ++i) {
                    QString entry = entries[i];
                    int id = int(i) + 1;
                    if (const qsizetype at = entry.indexOf(u"::"_s); at > 0) { // host:2888:3888::ID
                        id = intValue(entry.mid(at + 2), id);
                        entry.truncate(at);
                    }
                    ZooKeeperServerEntry e = parseServerAddress(entry);
                    e.id = id;
                    z.servers.append(e);
                }
            }
            const int heap = intValue(s.envValue(u"ZOO_HEAP_SIZE"_s));
            z.heapMb = heap > 0 ? heap : parseHeapMb(s.envValue(u"JVMFLAGS"_s));
            break;
        }
        default: { // the official image's names
            z.id = 1;
            take(u"ZOO_MY_ID"_s, &z.id, &z.idMark);
            z.clientPort = 2181;
            take(u"ZOO_PORT"_s, &z.clientPort, &z.clientPortMark);
            for (const QString &kv : s.envValue(u"ZOO_CFG_EXTRA"_s).split(u' ', Qt::SkipEmptyParts)) {
                const QString key = kv.section(u'=', 0, 0), value = kv.section(u'=', 1);
                if (key == u"clientPort")
                    z.clientPort = intValue(value, z.clientPort);
                else if (!key.isEmpty())
                    z.properties.insert(key, value);
            }
            if (const ComposeEnvVar *v = s.env(u"ZOO_SERVERS"_s)) {
                z.serversVar = v->name;
                z.serversMark = v->valueMark;
                static const QRegularExpression entry(u"^server\\.(\\d+)=(.+)$"_s);
                for (const QString &item : v->value.split(u' ', Qt::SkipEmptyParts)) {
                    const QRegularExpressionMatch m = entry.match(item);
                    if (!m.hasMatch())
                        continue;
                    ZooKeeperServerEntry e = parseServerAddress(m.captured(2));
                    e.id = m.captured(1).toInt();
                    z.servers.append(e);
                    if (e.id == z.id && e.clientPort > 0)
                        z.clientPort = e.clientPort;
                }
            }
            z.heapMb = parseHeapMb(s.envValue(u"SERVER_JVMFLAGS"_s) + u' ' + s.envValue(u"JVMFLAGS"_s));
            break;
        }
        }
        if (z.clientPort == 0)
            z.clientPort = 2181;
        z.runningClientPort = z.readsEnvironment ? z.clientPort : 2181;
        for (const ComposeEnvVar &v : s.environment) {
            const EnvReading r = readEnv(convention, v.name);
            if (r.kind == EnvReading::Kind::Property && r.property != u"clientPort")
                z.properties.insert(r.property,
                                    convention == ImageFamily::BitnamiZooKeeper ? bitnamiBool(v.value) : v.value);
        }
        publishedPort(s, z.clientPort, &z.hostPort, &z.hostIp);
        return z;
    }

    KafkaBroker broker(int index, const ComposeService &s, ImageFamily family)
    {
        KafkaBroker b;
        b.serviceIndex = index;
        b.service = s.name;
        b.family = family;
        for (const ComposeEnvVar &v : s.environment) {
            const EnvReading r = readEnv(family, v.name);
            if (r.kind != EnvReading::Kind::Property)
                continue;
            b.properties.insert(r.property, v.value);
            b.propertyMarks.insert(r.property, v.valueMark);
        }
        const QString id = b.properties.value(u"broker.id"_s, b.properties.value(u"node.id"_s));
        if (!id.isEmpty()) {
            b.id = intValue(id, -1);
            b.idMark = b.propertyMarks.value(b.properties.contains(u"broker.id"_s) ? u"broker.id"_s : u"node.id"_s);
        }
        b.kraft = b.properties.contains(u"process.roles"_s);
        for (const QString &role : b.properties.value(u"process.roles"_s).split(u',', Qt::SkipEmptyParts))
            b.roles.append(role.trimmed().toLower());
        b.rolesMark = b.propertyMarks.value(u"process.roles"_s);
        b.voters = parseQuorumVoters(b.properties.value(u"controller.quorum.voters"_s));
        b.votersMark = b.propertyMarks.value(u"controller.quorum.voters"_s);
        for (const QString &name : b.properties.value(u"controller.listener.names"_s).split(u',', Qt::SkipEmptyParts))
            b.controllerListenerNames.append(name.trimmed());
        for (const QString &var : {u"CLUSTER_ID"_s, u"KAFKA_KRAFT_CLUSTER_ID"_s, u"KAFKA_CLUSTER_ID"_s})
            if (const ComposeEnvVar *v = s.env(var); v && v->hasValue && b.clusterId.isEmpty()) {
                b.clusterId = v->value;
                b.clusterIdMark = v->valueMark;
            }
        QString advertised = b.properties.value(u"advertised.listeners"_s);
        b.advertisedMark = b.propertyMarks.value(u"advertised.listeners"_s);
        if (advertised.isEmpty() && family == ImageFamily::WurstmeisterKafka &&
            s.env(u"KAFKA_ADVERTISED_HOST_NAME"_s)) {
            // wurstmeister's older form: one PLAINTEXT listener from host name and port.
            const QString port = s.envValue(u"KAFKA_ADVERTISED_PORT"_s).isEmpty()
                                     ? s.envValue(u"KAFKA_PORT"_s)
                                     : s.envValue(u"KAFKA_ADVERTISED_PORT"_s);
            advertised = u"PLAINTEXT://%1:%2"_s.arg(s.envValue(u"KAFKA_ADVERTISED_HOST_NAME"_s),
                                                    port.isEmpty() ? u"9092"_s : port);
            b.advertisedMark = s.env(u"KAFKA_ADVERTISED_HOST_NAME"_s)->valueMark;
        }
        b.advertised = parseListeners(advertised);
        b.listeners = parseListeners(b.properties.value(u"listeners"_s));
        if (b.listeners.isEmpty()) // cp-kafka and apache/kafka bind the advertised ports on every interface
            for (ListenerAddress l : b.advertised) {
                l.host = u"0.0.0.0"_s;
                b.listeners.append(l);
            }
        if (b.listeners.isEmpty() && b.advertised.isEmpty() && family == ImageFamily::BitnamiKafka)
            b.listeners = b.advertised = {ListenerAddress{u"PLAINTEXT"_s, QString(), 9092}};
        b.interBrokerListener = b.properties.value(u"inter.broker.listener.name"_s);
        b.zookeeperConnect = parseConnectString(b.properties.value(u"zookeeper.connect"_s), &b.zookeeperChroot);
        b.zookeeperConnectMark = b.propertyMarks.value(u"zookeeper.connect"_s);
        b.heapMb = parseHeapMb(s.envValue(u"KAFKA_HEAP_OPTS"_s));

        // The port clients on this machine use: an advertised listener they can resolve, whose port is
        // published.
        auto listenerPort = [&](const QString &name) {
            for (const ListenerAddress &l : b.listeners)
                if (l.name == name)
                    return l.port;
            return 0;
        };
        for (const bool needReachable : {true, false}) {
            for (const ListenerAddress &a : b.advertised) {
                if (needReachable && !isHostReachableName(a.host))
                    continue;
                int hostPort = 0;
                QString hostIp;
                publishedPort(s, listenerPort(a.name) ? listenerPort(a.name) : a.port, &hostPort, &hostIp);
                if (hostPort > 0) {
                    b.hostPort = hostPort;
                    b.hostIp = hostIp;
                    break;
                }
            }
            if (b.hostPort > 0)
                break;
        }

        if (const ComposeEnvVar *v = s.env(u"KAFKA_CREATE_TOPICS"_s); v && v->hasValue)
            for (const TopicSpec &t : parseCreateTopics(v->value, s.envValue(u"KAFKA_CREATE_TOPICS_SEPARATOR"_s)))
                m_out.topics.append(TopicDeclaration{t, s.name, u"KAFKA_CREATE_TOPICS"_s, v->valueMark});
        return b;
    }

    const ComposeFile &m_file;
    ComposeTopology m_out;
};

} // namespace

ComposeTopology interpretCompose(const ComposeFile &file)
{
    return Interpreter(file).run();
}

} // namespace ensemble
