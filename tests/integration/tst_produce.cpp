// Producing and reading back through `ensemble produce` / `consume` / `topics` on one shared real 3 + 3 cluster:
// key, headers and partition come back exactly; a missing topic is a clear error (the brokers do not auto-create)
// that says how to make it (with the cluster's default replication);
// reading starts at an offset or a time; placeholders expand per message; a consumer group's lag is what it has
// not read; the failover drill kills a leader and loses nothing.
#include "CliRunner.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kCluster = R"(name: it-produce
coordinators: 3
brokers: 3
profile: demo
heap_mb: {coordinator: 128, broker: 256}
)";

QList<QJsonObject> jsonLines(const QByteArray &out)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : out.split('\n'))
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    return lines;
}

} // namespace

class TestProduce : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase();
    void keyHeadersAndPartitionReadBackExactly();
    void missingTopicIsAClearError();
    void consumeStartsAtAnOffsetOrATime();
    void templatesExpandPerMessage();
    void addPartitionsGrowsTheTopic();
    void groupLagCountsWhatTheGroupHasNotRead();
    void drillLosesNothing();

  private:
    CliResult cli(const QStringList &args, int timeoutMs = 60000) { return runCli(args + m_cluster->ws(), timeoutMs); }
    void createTopic(const QString &name, int partitions);

    QTemporaryDir m_dir;
    std::unique_ptr<RunningCluster> m_cluster;
};

void TestProduce::initTestCase()
{
    QString why;
    if (!runtimeAvailable(&why))
        QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
    QVERIFY(m_dir.isValid());
    const QString file = writeClusterFile(m_dir.path(), kCluster);
    m_cluster = std::make_unique<RunningCluster>(m_dir.path() + u"/ws"_s, file);
    QVERIFY2(m_cluster->waitHealthy(180000, &why), qPrintable(why));
}

void TestProduce::createTopic(const QString &name, int partitions)
{
    const CliResult r = cli({u"topics"_s, u"create"_s, name, u"--partitions"_s, QString::number(partitions),
                             u"--replication-factor"_s, u"3"_s, u"--config"_s, u"min.insync.replicas=2"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    // Wait until every partition has a leader, so the first produce does not race the election.
    QVERIFY(m_cluster->waitForStatus(
        [&](const QJsonObject &s) {
            for (const QJsonValue &t : s.value(u"topics"_s).toArray())
                if (t.toObject().value(u"name"_s).toString() == name) {
                    const QJsonArray parts = t.toObject().value(u"partitions"_s).toArray();
                    if (parts.size() != partitions)
                        return false;
                    for (const QJsonValue &p : parts)
                        if (p.toObject().value(u"leader"_s).toInt(-1) < 0)
                            return false;
                    return true;
                }
            return false;
        },
        60000));
}

void TestProduce::keyHeadersAndPartitionReadBackExactly()
{
    createTopic(u"exact"_s, 3);
    const CliResult p =
        cli({u"produce"_s, u"-t"_s, u"exact"_s, u"-k"_s, u"order-42"_s, u"-v"_s,
             u"{\"qty\": 3, \"note\": \"ünïcode {{seq}}\"}"_s, u"--header"_s, u"trace=abc=def"_s, u"--header"_s,
             u"empty="_s, u"-p"_s, u"2"_s, u"-n"_s, u"3"_s, u"--literal"_s, u"--json"_s, u"--verbose"_s});
    QVERIFY2(p.exitCode == 0, qPrintable(p.text()));
    const QList<QJsonObject> lines = jsonLines(p.out);
    QCOMPARE(lines.size(), 4); // one per message, then the report
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(lines[i].value(u"partition"_s).toInt(), 2);
        QCOMPARE(lines[i].value(u"offset"_s).toInteger(), i);
        QVERIFY(lines[i].value(u"error"_s).isNull());
        QVERIFY(lines[i].value(u"latency_ms"_s).toDouble() > 0);
    }
    QCOMPARE(lines[3].value(u"acknowledged"_s).toInt(), 3);

    const CliResult c = cli({u"consume"_s, u"-t"_s, u"exact"_s, u"--from-beginning"_s, u"-n"_s, u"3"_s, u"--json"_s,
                             u"--timeout"_s, u"20"_s});
    QVERIFY2(c.exitCode == 0, qPrintable(c.text()));
    const QList<QJsonObject> read = jsonLines(c.out);
    QCOMPARE(read.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject &m = read[i];
        QCOMPARE(m.value(u"partition"_s).toInt(), 2);
        QCOMPARE(m.value(u"offset"_s).toInteger(), i);
        QCOMPARE(m.value(u"key"_s).toString(), u"order-42"_s);
        QCOMPARE(m.value(u"value"_s).toString(), u"{\"qty\": 3, \"note\": \"ünïcode {{seq}}\"}"_s); // literal
        const QJsonObject headers = m.value(u"headers"_s).toObject();
        QCOMPARE(headers.size(), 2);
        QCOMPARE(headers.value(u"trace"_s).toString(), u"abc=def"_s);
        QCOMPARE(headers.value(u"empty"_s).toString(), QString());
    }
    // The text form shows the headers too.
    const CliResult text = cli({u"consume"_s, u"-t"_s, u"exact"_s, u"--from-beginning"_s, u"-n"_s, u"1"_s});
    QVERIFY2(text.text().contains(u"headers: trace=abc=def empty="_s), qPrintable(text.text()));
}

void TestProduce::missingTopicIsAClearError()
{
    const CliResult p = cli({u"produce"_s, u"-t"_s, u"no-such-topic"_s, u"-v"_s, u"x"_s});
    QCOMPARE(p.exitCode, 2);
    QVERIFY2(p.text().contains(
                 u"topic 'no-such-topic' does not exist — create it with `ensemble topics create no-such-topic`"_s),
             qPrintable(p.text()));
    const CliResult c = cli({u"consume"_s, u"-t"_s, u"no-such-topic"_s, u"--timeout"_s, u"2"_s});
    QCOMPARE(c.exitCode, 2);
    QVERIFY2(c.text().contains(u"does not exist"_s), qPrintable(c.text()));
    // Nothing was created behind our back (auto.create.topics.enable=false).
    const CliResult list = cli({u"topics"_s, u"list"_s, u"--json"_s});
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(!list.text().contains(u"no-such-topic"_s), qPrintable(list.text()));
    // Made as the hint says (no --replication-factor): the cluster's default, 3 on three brokers, as
    // `kafka-topics --create` would make it; then producing works.
    const CliResult made = cli({u"topics"_s, u"create"_s, u"no-such-topic"_s, u"--json"_s});
    QVERIFY2(made.exitCode == 0, qPrintable(made.text()));
    QCOMPARE(made.json().value(u"replication_factor"_s).toInt(), 3);
    QCOMPARE(cli({u"produce"_s, u"-t"_s, u"no-such-topic"_s, u"-v"_s, u"x"_s}).exitCode, 0);
}

void TestProduce::consumeStartsAtAnOffsetOrATime()
{
    createTopic(u"timed"_s, 2);
    auto produce = [&](const QString &value, int n) {
        const CliResult r =
            cli({u"produce"_s, u"-t"_s, u"timed"_s, u"-p"_s, u"0"_s, u"-v"_s, value, u"-n"_s, QString::number(n)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    };
    produce(u"early-{{seq}}"_s, 4);
    QThread::msleep(1500);
    const qint64 cut = QDateTime::currentMSecsSinceEpoch();
    QThread::msleep(200);
    produce(u"late-{{seq}}"_s, 3);

    auto values = [](const CliResult &r) {
        QStringList out;
        for (const QJsonObject &m : jsonLines(r.out))
            out.append(m.value(u"value"_s).toString());
        return out;
    };
    const CliResult fromOffset = cli({u"consume"_s, u"-t"_s, u"timed"_s, u"--partition"_s, u"0"_s, u"--offset"_s,
                                      u"3"_s, u"-n"_s, u"10"_s, u"--timeout"_s, u"5"_s, u"--json"_s});
    QVERIFY2(fromOffset.exitCode == 0, qPrintable(fromOffset.text()));
    QCOMPARE(values(fromOffset), (QStringList{u"early-3"_s, u"late-0"_s, u"late-1"_s, u"late-2"_s}));

    const CliResult fromTime = cli({u"consume"_s, u"-t"_s, u"timed"_s, u"--from-timestamp"_s, QString::number(cut),
                                    u"-n"_s, u"10"_s, u"--timeout"_s, u"5"_s, u"--json"_s});
    QVERIFY2(fromTime.exitCode == 0, qPrintable(fromTime.text()));
    QCOMPARE(values(fromTime), (QStringList{u"late-0"_s, u"late-1"_s, u"late-2"_s}));

    const QString iso = QDateTime::fromMSecsSinceEpoch(cut, Qt::UTC).toString(Qt::ISODateWithMs);
    const CliResult fromIso = cli({u"consume"_s, u"-t"_s, u"timed"_s, u"--from-timestamp"_s, iso, u"-n"_s, u"10"_s,
                                   u"--timeout"_s, u"5"_s, u"--json"_s});
    QCOMPARE(values(fromIso), values(fromTime));

    const CliResult noPartition = cli({u"consume"_s, u"-t"_s, u"timed"_s, u"--offset"_s, u"3"_s});
    QCOMPARE(noPartition.exitCode, 2);
    QVERIFY2(noPartition.text().contains(u"--offset needs --partition"_s), qPrintable(noPartition.text()));
}

void TestProduce::templatesExpandPerMessage()
{
    createTopic(u"templated"_s, 3);
    const CliResult p = cli({u"produce"_s, u"-t"_s, u"templated"_s, u"-k"_s, u"k{{random_int(1,3)}}"_s, u"-v"_s,
                             u"m-{{seq}}|{{uuid}}|{{now}}"_s, u"--header"_s, u"n={{seq}}"_s, u"-n"_s, u"20"_s});
    QVERIFY2(p.exitCode == 0, qPrintable(p.text()));
    const CliResult c = cli({u"consume"_s, u"-t"_s, u"templated"_s, u"--from-beginning"_s, u"-n"_s, u"20"_s,
                             u"--timeout"_s, u"20"_s, u"--json"_s});
    const QList<QJsonObject> read = jsonLines(c.out);
    QCOMPARE(read.size(), 20);
    QSet<QString> seqs, uuids;
    for (const QJsonObject &m : read) {
        const QStringList parts = m.value(u"value"_s).toString().split(u'|');
        QCOMPARE(parts.size(), 3);
        seqs.insert(parts[0]);
        uuids.insert(parts[1]);
        QVERIFY2(QDateTime::fromString(parts[2], Qt::ISODateWithMs).isValid(), qPrintable(parts[2]));
        QCOMPARE(u"m-"_s + m.value(u"headers"_s).toObject().value(u"n"_s).toString(), parts[0]); // same seq
        QVERIFY(QSet<QString>({u"k1"_s, u"k2"_s, u"k3"_s}).contains(m.value(u"key"_s).toString()));
    }
    QCOMPARE(seqs.size(), 20); // {{seq}} gives every message its own value
    QVERIFY(seqs.contains(u"m-0"_s) && seqs.contains(u"m-19"_s));
    QCOMPARE(uuids.size(), 20);

    const CliResult bad = cli({u"produce"_s, u"-t"_s, u"templated"_s, u"-v"_s, u"{{random_int(5,1)}}"_s});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.text().contains(u"lower bound above its upper bound"_s), qPrintable(bad.text()));
}

void TestProduce::addPartitionsGrowsTheTopic()
{
    const CliResult grow = cli({u"topics"_s, u"add-partitions"_s, u"templated"_s, u"--partitions"_s, u"5"_s});
    QVERIFY2(grow.exitCode == 0, qPrintable(grow.text()));
    const CliResult d = cli({u"topics"_s, u"describe"_s, u"templated"_s, u"--json"_s});
    QCOMPARE(d.json().value(u"partitions"_s).toArray().size(), 5);
    const CliResult shrink = cli({u"topics"_s, u"add-partitions"_s, u"templated"_s, u"--partitions"_s, u"2"_s});
    QCOMPARE(shrink.exitCode, 2);
    QVERIFY2(shrink.text().contains(u"cannot add partitions to 'templated'"_s), qPrintable(shrink.text()));
}

void TestProduce::groupLagCountsWhatTheGroupHasNotRead()
{
    createTopic(u"grouped"_s, 1);
    const CliResult p = cli(
        {u"produce"_s, u"-t"_s, u"grouped"_s, u"-k"_s, u"k{{seq}}"_s, u"-v"_s, u"v"_s, u"-n"_s, u"30"_s, u"--json"_s});
    QVERIFY2(p.exitCode == 0, qPrintable(p.text()));
    const CliResult c = cli({u"consume"_s, u"-t"_s, u"grouped"_s, u"--group"_s, u"billing"_s, u"--from-beginning"_s,
                             u"-n"_s, u"12"_s, u"--timeout"_s, u"60"_s, u"--json"_s},
                            90000);
    QVERIFY2(c.exitCode == 0, qPrintable(c.text()));
    QCOMPARE(jsonLines(c.out).size(), 12);
    const CliResult g = cli({u"groups"_s, u"billing"_s, u"--json"_s});
    QVERIFY2(g.exitCode == 0, qPrintable(g.text()));
    const QJsonArray groups = g.json().value(u"groups"_s).toArray();
    QCOMPARE(groups.size(), 1);
    const QJsonObject billing = groups.first().toObject();
    QCOMPARE(billing.value(u"group"_s).toString(), u"billing"_s);
    QCOMPARE(billing.value(u"lag"_s).toInteger(), 18);
    qint64 committed = 0, end = 0;
    for (const QJsonValue &part : billing.value(u"partitions"_s).toArray()) {
        QCOMPARE(part.toObject().value(u"topic"_s).toString(), u"grouped"_s);
        committed += part.toObject().value(u"committed"_s).toInteger();
        end += part.toObject().value(u"end"_s).toInteger();
    }
    QCOMPARE(committed, 12);
    QCOMPARE(end, 30);
    // The group goes on where it left off: the next 18 are exactly the rest, and then there is no lag.
    const CliResult rest = cli({u"consume"_s, u"-t"_s, u"grouped"_s, u"--group"_s, u"billing"_s, u"-n"_s, u"18"_s,
                                u"--timeout"_s, u"60"_s, u"--json"_s},
                               90000);
    QVERIFY2(rest.exitCode == 0, qPrintable(rest.text()));
    QSet<QString> keys;
    for (const QJsonObject &m : jsonLines(c.out) + jsonLines(rest.out))
        keys.insert(m.value(u"key"_s).toString());
    QCOMPARE(keys.size(), 30);
    QCOMPARE(cli({u"groups"_s, u"billing"_s, u"--json"_s})
                 .json()
                 .value(u"groups"_s)
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"lag"_s)
                 .toInteger(),
             0);
    const CliResult unknown = cli({u"groups"_s, u"nobody"_s});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.text().contains(u"no consumer group 'nobody'"_s));
}

void TestProduce::drillLosesNothing()
{
    const CliResult r = cli({u"drill"_s, u"--json"_s, u"--kills"_s, u"1"_s, u"--rate"_s, u"300"_s}, 300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    const QJsonObject report = r.json();
    QVERIFY2(report.value(u"acknowledged"_s).toInteger() > 0, qPrintable(r.text()));
    QCOMPARE(report.value(u"lost"_s).toInteger(), 0);
    QVERIFY(report.value(u"consumed"_s).toInteger() >= report.value(u"acknowledged"_s).toInteger());
    // The report adds up: sent = acknowledged + refused + timed out + unknown.
    auto n = [&](const char *key) { return report.value(QString::fromLatin1(key)).toInteger(-1); };
    QVERIFY2(n("refused") >= 0 && n("timed_out") >= 0 && n("unknown") >= 0 && n("failing_ms") >= 0,
             qPrintable(r.text()));
    QCOMPARE(n("acknowledged") + n("refused") + n("timed_out") + n("unknown"), n("attempted"));
    QCOMPARE(n("failed"), n("refused") + n("timed_out") + n("unknown"));
    bool killed = false;
    for (const QJsonValue &step : report.value(u"steps"_s).toArray())
        killed |= step.toObject().value(u"what"_s).toString().startsWith(u"killed kafka-"_s);
    QVERIFY2(killed, qPrintable(r.text()));
}

QTEST_GUILESS_MAIN(TestProduce)
#include "tst_produce.moc"
