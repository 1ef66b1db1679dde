#include "ClusterSpec.h"

#include "ClusterSpecValidator.h"
#include "InputSizeLimit.h"

#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <set>

using namespace Qt::StringLiterals;

namespace ensemble {

QString toString(ClusterMode mode)
{
    return mode == ClusterMode::ZooKeeper ? u"zookeeper"_s : u"kraft"_s;
}

QString toString(Profile profile)
{
    return profile == Profile::Demo ? u"demo"_s : u"default"_s;
}

QString ClusterSpec::coordinatorName(int index) const
{
    if (mode == ClusterMode::ZooKeeper)
        return u"zookeeper-"_s + QString::number(index);
    return (combined ? u"kafka-"_s : u"controller-"_s) + QString::number(index);
}

QString ClusterSpec::effectiveKafkaVersion() const
{
    if (!kafkaVersion.isEmpty())
        return kafkaVersion;
    return QString::fromLatin1(mode == ClusterMode::ZooKeeper ? kDefaultZooKeeperKafkaVersion
                                                              : kDefaultKRaftKafkaVersion);
}

QString ClusterSpec::brokerName(int index) const
{
    return u"kafka-"_s + QString::number(index);
}

bool ClusterSpec::operator==(const ClusterSpec &o) const
{
    return name == o.name && mode == o.mode && coordinators == o.coordinators && brokers == o.brokers &&
           combined == o.combined && kafkaVersion == o.kafkaVersion && listen == o.listen &&
           coordinatorPortBase == o.coordinatorPortBase && brokerPortBase == o.brokerPortBase &&
           coordinatorHeapMb == o.coordinatorHeapMb && brokerHeapMb == o.brokerHeapMb && profile == o.profile &&
           kafkaHome == o.kafkaHome && java == o.java && topics == o.topics && brokerConfig == o.brokerConfig &&
           coordinatorConfig == o.coordinatorConfig;
}

namespace {

// Reads one YAML document into a ClusterSpec, collecting every problem instead of stopping at the first.
class SpecReader
{
  public:
    SpecReader(ClusterSpec &spec, QList<Diagnostic> &diagnostics) : m_spec(spec), m_diag(diagnostics) {}

    void read(const YAML::Node &root)
    {
        if (!root.IsDefined() || root.IsNull()) {
            error(root, u"the cluster file is empty"_s,
                  u"write at least `name: my-cluster`, or create one with `ensemble init FILE`"_s);
            return;
        }
        if (!root.IsMap()) {
            error(root, u"the cluster file must be a mapping of keys to values"_s,
                  u"see docs/configs.md for the format"_s);
            return;
        }
        static const std::set<std::string> known = {"name",
                                                    "mode",
                                                    "coordinators",
                                                    "brokers",
                                                    "listen",
                                                    "ports",
                                                    "heap_mb",
                                                    "profile",
                                                    "kafka_home",
                                                    "java",
                                                    "topics",
                                                    "broker_config",
                                                    "coordinator_config",
                                                    "combined",
                                                    "kafka_version"};
        std::set<std::string> seen;
        for (auto it = root.begin(); it != root.end(); ++it) {
            const std::string key = it->first.Scalar();
            // yaml-cpp keeps the first of two equal keys; a second one would be ignored without a word.
            if (!seen.insert(key).second) {
                error(it->first, u"'%1' is given twice"_s.arg(QString::fromStdString(key)), u"keep one of them"_s);
                continue;
            }
            if (!known.contains(key)) {
                error(it->first, u"unknown key '%1'"_s.arg(QString::fromStdString(key)),
                      u"allowed keys: name, mode, coordinators, brokers, listen, ports, heap_mb, profile, "
                      "kafka_home, java, topics, broker_config, coordinator_config, combined, kafka_version"_s);
                continue;
            }
            mark(QString::fromStdString(key), it->first);
        }
        readString(root["name"], u"name"_s, m_spec.name);
        readMode(root["mode"]);
        readInt(root["coordinators"], u"coordinators"_s, m_spec.coordinators);
        readInt(root["brokers"], u"brokers"_s, m_spec.brokers);
        readBool(root["combined"], u"combined"_s, m_spec.combined);
        if (m_spec.combined && !root["brokers"])
            m_spec.brokers = 0; // combined nodes are the brokers
        readString(root["kafka_version"], u"kafka_version"_s, m_spec.kafkaVersion);
        readString(root["listen"], u"listen"_s, m_spec.listen);
        readPorts(root["ports"]);
        readHeap(root["heap_mb"]);
        readProfile(root["profile"]);
        readString(root["kafka_home"], u"kafka_home"_s, m_spec.kafkaHome);
        readString(root["java"], u"java"_s, m_spec.java);
        readTopics(root["topics"]);
        readConfigMap(root["broker_config"], u"broker_config"_s, m_spec.brokerConfig);
        readConfigMap(root["coordinator_config"], u"coordinator_config"_s, m_spec.coordinatorConfig);
    }

  private:
    void mark(const QString &key, const YAML::Node &node)
    {
        const YAML::Mark m = node.Mark();
        if (m.line >= 0)
            m_spec.marks.insert(key, SourceMark{m.line + 1, m.column + 1});
    }

    void error(const YAML::Node &node, const QString &message, const QString &hint = {})
    {
        const YAML::Mark m = node.Mark();
        m_diag.append(
            Diagnostic{Severity::Error, m.line >= 0 ? m.line + 1 : 0, m.line >= 0 ? m.column + 1 : 0, message, hint});
    }

    bool isPresent(const YAML::Node &node) { return node.IsDefined() && !node.IsNull(); }

    bool expectScalar(const YAML::Node &node, const QString &key)
    {
        if (node.IsScalar())
            return true;
        error(node, u"'%1' must be a single value, not a %2"_s.arg(key, node.IsMap() ? u"mapping"_s : u"list"_s));
        return false;
    }

    void readString(const YAML::Node &node, const QString &key, QString &out)
    {
        if (!isPresent(node) || !expectScalar(node, key))
            return;
        out = QString::fromStdString(node.Scalar()).trimmed();
    }

    bool readInt(const YAML::Node &node, const QString &key, int &out)
    {
        if (!isPresent(node) || !expectScalar(node, key))
            return false;
        bool ok = false;
        const QString text = QString::fromStdString(node.Scalar()).trimmed();
        const int value = text.toInt(&ok);
        if (!ok) {
            error(node, u"'%1' must be a whole number, not '%2'"_s.arg(key, text));
            return false;
        }
        out = value;
        return true;
    }

    void readBool(const YAML::Node &node, const QString &key, bool &out)
    {
        if (!isPresent(node) || !expectScalar(node, key))
            return;
        const QString text = QString::fromStdString(node.Scalar()).trimmed().toLower();
        if (text == u"true" || text == u"yes" || text == u"on")
            out = true;
        else if (text == u"false" || text == u"no" || text == u"off")
            out = false;
        else
            error(node, u"'%1' must be true or false, not '%2'"_s.arg(key, text));
    }

    void readMode(const YAML::Node &node)
    {
        QString mode;
        readString(node, u"mode"_s, mode);
        if (mode.isEmpty())
            return;
        if (mode == u"zookeeper")
            m_spec.mode = ClusterMode::ZooKeeper;
        else if (mode == u"kraft")
            m_spec.mode = ClusterMode::KRaft;
        else
            error(node, u"unknown mode '%1'"_s.arg(mode), u"use 'zookeeper' or 'kraft'"_s);
    }

    void readProfile(const YAML::Node &node)
    {
        QString profile;
        readString(node, u"profile"_s, profile);
        if (profile.isEmpty())
            return;
        if (profile == u"demo")
            m_spec.profile = Profile::Demo;
        else if (profile == u"default")
            m_spec.profile = Profile::Default;
        else
            error(node, u"unknown profile '%1'"_s.arg(profile),
                  u"use 'demo' (failover in seconds) or 'default' (Kafka's own timeouts)"_s);
    }

    void readPorts(const YAML::Node &node)
    {
        if (!isPresent(node))
            return;
        if (!node.IsMap()) {
            error(node, u"'ports' must be a mapping such as {coordinator: 2181, broker: 9092}"_s);
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = QString::fromStdString(it->first.Scalar());
            if (key == u"coordinator") {
                if (readInt(it->second, u"ports.coordinator"_s, m_spec.coordinatorPortBase))
                    mark(u"ports.coordinator"_s, it->second);
            } else if (key == u"broker") {
                if (readInt(it->second, u"ports.broker"_s, m_spec.brokerPortBase))
                    mark(u"ports.broker"_s, it->second);
            } else {
                error(it->first, u"unknown key 'ports.%1'"_s.arg(key), u"use 'coordinator' and 'broker'"_s);
            }
        }
    }

    void readHeap(const YAML::Node &node)
    {
        if (!isPresent(node))
            return;
        if (node.IsScalar()) {
            int heap = 0;
            if (readInt(node, u"heap_mb"_s, heap)) {
                m_spec.coordinatorHeapMb = std::min(heap, 128);
                m_spec.brokerHeapMb = heap;
            }
            return;
        }
        if (!node.IsMap()) {
            error(node, u"'heap_mb' must be a number or a mapping such as {coordinator: 128, broker: 256}"_s);
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = QString::fromStdString(it->first.Scalar());
            if (key == u"coordinator")
                readInt(it->second, u"heap_mb.coordinator"_s, m_spec.coordinatorHeapMb);
            else if (key == u"broker")
                readInt(it->second, u"heap_mb.broker"_s, m_spec.brokerHeapMb);
            else
                error(it->first, u"unknown key 'heap_mb.%1'"_s.arg(key), u"use 'coordinator' and 'broker'"_s);
        }
    }

    void readConfigMap(const YAML::Node &node, const QString &key, QMap<QString, QString> &out)
    {
        if (!isPresent(node))
            return;
        if (!node.IsMap()) {
            error(node, u"'%1' must be a mapping of property names to values"_s.arg(key),
                  u"for example `%1: {num.network.threads: 2}`"_s.arg(key));
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString name = QString::fromStdString(it->first.Scalar());
            if (!it->second.IsScalar()) {
                error(it->second, u"'%1.%2' must be a single value"_s.arg(key, name));
                continue;
            }
            out.insert(name, QString::fromStdString(it->second.Scalar()));
            mark(key + u'.' + name, it->first);
        }
    }

    void readTopics(const YAML::Node &node)
    {
        if (!isPresent(node))
            return;
        if (!node.IsSequence()) {
            error(node, u"'topics' must be a list"_s,
                  u"for example `topics: [{name: orders, partitions: 3, replication_factor: 3}]`"_s);
            return;
        }
        for (std::size_t i = 0; i < node.size(); ++i) {
            const YAML::Node item = node[i];
            const QString prefix = u"topics[%1]"_s.arg(i);
            mark(prefix, item);
            if (!item.IsMap()) {
                error(item, u"each topic must be a mapping with at least a 'name'"_s);
                continue;
            }
            TopicSpec topic;
            for (auto it = item.begin(); it != item.end(); ++it) {
                const QString key = QString::fromStdString(it->first.Scalar());
                mark(prefix + u'.' + key, it->second);
                if (key == u"name")
                    readString(it->second, prefix + u".name"_s, topic.name);
                else if (key == u"partitions")
                    readInt(it->second, prefix + u".partitions"_s, topic.partitions);
                else if (key == u"replication_factor")
                    readInt(it->second, prefix + u".replication_factor"_s, topic.replicationFactor);
                else if (key == u"configs")
                    readConfigMap(it->second, prefix + u".configs"_s, topic.configs);
                else
                    error(it->first, u"unknown key '%1' in a topic"_s.arg(key),
                          u"use name, partitions, replication_factor, configs"_s);
            }
            if (topic.name.isEmpty())
                error(item, u"a topic needs a 'name'"_s);
            m_spec.topics.append(topic);
        }
    }

    ClusterSpec &m_spec;
    QList<Diagnostic> &m_diag;
};

} // namespace

SpecParseResult parseClusterSpec(const QByteArray &yaml)
{
    SpecParseResult result;
    if (auto tooLarge = oversizedFile(yaml.size(), u"cluster file"_s)) {
        result.diagnostics.append(*tooLarge);
        return result;
    }
    ClusterSpec spec;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        SpecReader(spec, result.diagnostics).read(root);
    } catch (const YAML::Exception &e) {
        result.diagnostics.append(Diagnostic{
            Severity::Error, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.line >= 0 ? e.mark.column + 1 : 0,
            u"not valid YAML: "_s + QString::fromStdString(e.msg), u"fix the syntax at this place"_s});
        return result;
    }
    if (!hasErrors(result.diagnostics))
        result.diagnostics.append(validateClusterSpec(spec));
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) { return a.line < b.line; });
    if (!hasErrors(result.diagnostics)) {
        spec.listen = QHostAddress(spec.listen).toString(); // "127.1" -> "127.0.0.1"
        result.spec = spec;
    }
    return result;
}

SpecParseResult loadClusterSpec(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        SpecParseResult result;
        result.diagnostics.append(Diagnostic{Severity::Error, 0, 0,
                                             u"cannot read the cluster file: "_s + file.errorString(),
                                             u"check the path, or leave out -f to use the default cluster"_s});
        return result;
    }
    return parseClusterSpec(file.readAll());
}

QByteArray defaultClusterYaml()
{
    QFile file(u":/ensemble/clusters/default.yaml"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QByteArray kraftClusterYaml()
{
    QFile file(u":/ensemble/clusters/kraft.yaml"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace ensemble
