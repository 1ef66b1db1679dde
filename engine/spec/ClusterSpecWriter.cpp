#include "ClusterSpecWriter.h"

#include "YamlScalar.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace ensemble {

namespace {

void writeConfigMap(QString &out, const QString &indent, const QString &key, const QMap<QString, QString> &map)
{
    if (map.isEmpty()) {
        out += indent + key + u": {}\n"_s;
        return;
    }
    out += indent + key + u":\n"_s;
    for (auto it = map.begin(); it != map.end(); ++it)
        out += indent + u"  "_s + yamlScalar(it.key()) + u": "_s + yamlScalar(it.value()) + u'\n';
}

// "key: value" with a comment aligned at column 41.
QString commented(const QString &text, const QString &comment)
{
    return QString(text + u"  "_s).leftJustified(40) + u"# "_s + comment + u'\n';
}

// A header line as comment lines of at most 118 columns; a wrapped list item ("  - ...") continues under its
// text.
QString commentLines(const QString &line)
{
    const QString text = line.trimmed();
    if (text.isEmpty())
        return u"#\n"_s;
    const qsizetype indent = line.indexOf(text);
    const QString lead = QString(indent + (text.startsWith(u"- "_s) ? 2 : 0), u' ');
    QString out;
    QString current = u"# "_s + QString(indent, u' ');
    bool first = true;
    for (const QString &word : text.split(u' ')) {
        if (!first && current.size() + 1 + word.size() > 118) {
            out += current + u'\n';
            current = u"# "_s + lead + word;
            continue;
        }
        current += (first ? QString() : u" "_s) + word;
        first = false;
    }
    return out + current + u'\n';
}

} // namespace

QString writeClusterSpec(const ClusterSpec &spec, const QStringList &header)
{
    QString out;
    for (const QString &line : header)
        out += commentLines(line);
    out += u"# Every key is written out; see docs/configs.md for what each one means.\n"_s;
    out += u"name: "_s + yamlScalar(spec.name) + u'\n';
    out += u"mode: "_s + toString(spec.mode) + u'\n';
    if (spec.mode == ClusterMode::ZooKeeper) {
        out += commented(u"coordinators: %1"_s.arg(spec.coordinators),
                         u"ZooKeeper servers: zookeeper-1..%1"_s.arg(spec.coordinators));
    } else {
        out += commented(
            u"coordinators: %1"_s.arg(spec.coordinators),
            u"KRaft controllers: %1..%2"_s.arg(spec.coordinatorName(1), spec.coordinatorName(spec.coordinators)));
        out += commented(u"combined: %1"_s.arg(spec.combined ? u"true"_s : u"false"_s),
                         u"true: each controller is a broker too"_s);
    }
    out += commented(u"brokers: %1"_s.arg(spec.brokers), u"Kafka brokers: kafka-1..%1"_s.arg(spec.brokers));
    if (!spec.kafkaVersion.isEmpty() || spec.mode == ClusterMode::KRaft)
        out += commented(u"kafka_version: "_s + yamlScalar(spec.effectiveKafkaVersion()),
                         u"a Kafka runtime installed by installer/setup.sh"_s);
    out += u"listen: "_s + yamlScalar(spec.listen) + u'\n';
    out += commented(u"ports: {coordinator: %1, broker: %2}"_s.arg(spec.coordinatorPortBase).arg(spec.brokerPortBase),
                     u"first port of each range; 0 = free ports"_s);
    out += u"heap_mb: {coordinator: %1, broker: %2}\n"_s.arg(spec.coordinatorHeapMb).arg(spec.brokerHeapMb);
    out += u"profile: "_s + toString(spec.profile) + u'\n';
    out += commented(u"kafka_home: "_s + yamlScalar(spec.kafkaHome), u"empty: KAFKA_HOME or the installed runtime"_s);
    out += commented(u"java: "_s + yamlScalar(spec.java), u"empty: JAVA_HOME or PATH"_s);
    if (spec.topics.isEmpty()) {
        out += u"topics: []\n"_s;
    } else {
        out += u"topics:\n"_s;
        for (const TopicSpec &t : spec.topics) {
            out += u"  - name: "_s + yamlScalar(t.name) + u'\n';
            out += u"    partitions: %1\n"_s.arg(t.partitions);
            out += u"    replication_factor: %1\n"_s.arg(t.replicationFactor);
            writeConfigMap(out, u"    "_s, u"configs"_s, t.configs);
        }
    }
    writeConfigMap(out, QString(), u"broker_config"_s, spec.brokerConfig);
    writeConfigMap(out, QString(), u"coordinator_config"_s, spec.coordinatorConfig);
    return out;
}

} // namespace ensemble
