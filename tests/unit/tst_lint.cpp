// The linter: the findings for the blog's 3 + 3 compose file (written by hand from reading that file), for
// each other compose shape in tests/data/compose/, the comment that gets the ZooKeeper ports backwards, and
// the cluster file's own findings. Every finding must say where, what, why and how to fix it.
#include "ClusterSpec.h"
#include "ComposeLinter.h"
#include "ComposeSamples.h"
#include "SpecLinter.h"

#include <QFile>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

// "line:column severity rule", the shape the expectations are written in.
QString key(const LintFinding &f)
{
    return u"%1:%2 %3 %4"_s.arg(f.line).arg(f.column).arg(toString(f.severity), f.rule);
}

QList<LintFinding> lintFile(const QString &path)
{
    const ComposeLintResult r = lintComposeText(readFile(path));
    if (!r.diagnostics.isEmpty())
        qWarning("%s", qPrintable(r.diagnostics.first().format(path)));
    return r.findings;
}

QStringList keys(const QList<LintFinding> &findings)
{
    QStringList out;
    for (const LintFinding &f : findings)
        out.append(key(f));
    return out;
}

QString dump(const QList<LintFinding> &findings)
{
    QStringList out;
    for (const LintFinding &f : findings)
        out.append(f.format(u"compose"_s));
    return out.join(u'\n');
}

const LintFinding *finding(const QList<LintFinding> &findings, const QString &rule, const QString &fragment)
{
    for (const LintFinding &f : findings)
        if (f.rule == rule && f.message.contains(fragment))
            return &f;
    return nullptr;
}

} // namespace

class TestLint : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void blogFileFindings();
    void blogFileFindingsSayWhatWhyAndFix();
    void otherShapes_data();
    void otherShapes();
    void commentsThatGetThePortsBackwards_data();
    void commentsThatGetThePortsBackwards();
    void envVarsPerImage_data();
    void envVarsPerImage();
    void clusterFileFindings();
    void cliValidatesComposeAndClusterFiles();
};

void TestLint::blogFileFindings()
{
    const QList<LintFinding> findings = lintFile(blogPath());
    // From reading the file: what it does wrong, line by line.
    const QStringList expected = {
        u"1:1 info obsolete-version"_s,                      // version: '3.9'
        u"6:12 info unmaintained-image"_s,                   // wurstmeister/zookeeper:3.4.6 (x3, folded)
        u"8:9 warning ports-all-interfaces"_s,               // "2181:2181" ... every mapping, no 127.0.0.1
        u"10:7 error env-not-read"_s,                        // wurstmeister/zookeeper reads no ZOOKEEPER_*
        u"14:7 warning zookeeper-ports-reversed"_s,          // "left port = leader-election voting ..."
        u"55:12 info unmaintained-image"_s,                  // wurstmeister/kafka:2.12-2.3.0
        u"56:5 warning depends-on-not-ready"_s,              // depends_on list form, no healthchecks
        u"63:5 warning replication-factor-one"_s,            // offsets topic: 1 from the sample properties
        u"65:35 warning hostname-not-a-dns-name"_s,          // INSIDE://kafka1 — a hostname, not a service
        u"65:35 warning advertised-listener-unreachable"_s,  // 19092 published, advertises kafka1
        u"68:32 warning hostname-not-a-dns-name"_s,          // zookeeper1..3 in KAFKA_ZOOKEEPER_CONNECT
        u"68:32 error zookeeper-connect-mismatch"_s,         // zookeeper2:2182 — it listens on 2181
        u"68:32 error zookeeper-connect-mismatch"_s,         // zookeeper3:2183 — likewise
        u"70:7 warning env-not-read"_s,                      // KAFKA_LOG4J_LOGGERS is cp-kafka's
        u"71:28 warning replication-factor-one"_s,           // FINANCE-STOCK-TRADING-TEST:1:1 on 3 brokers
        u"94:35 warning hostname-not-a-dns-name"_s,          // kafka2
        u"94:35 warning advertised-listener-unreachable"_s,  // 29092 published, advertises kafka2
        u"123:35 warning hostname-not-a-dns-name"_s,         // kafka3
        u"123:35 warning advertised-listener-unreachable"_s, // 39092 published, advertises kafka3
        u"141:5 warning external-network"_s,                 // kafka-net: external: true
    };
    QCOMPARE(keys(findings), expected);
    QCOMPARE(countLintFindings(findings, LintSeverity::Error), 3);

    QVERIFY(finding(findings, u"env-not-read"_s,
                    u"wurstmeister/zookeeper does not read ZOOKEEPER_SERVER_ID, ZOOKEEPER_CLIENT_PORT, "
                    "ZOOKEEPER_DATA_DIR, ZOOKEEPER_SERVERS (also at 27:7, 43:7)"_s));
    QVERIFY(finding(findings, u"zookeeper-connect-mismatch"_s,
                    u"zookeeper2:2182, but zookeeper-2 listens on port 2181 (also at 97:32, 126:32)"_s));
    QVERIFY(finding(findings, u"zookeeper-connect-mismatch"_s, u"zookeeper3:2183"_s));
    QVERIFY(finding(findings, u"replication-factor-one"_s, u"FINANCE-STOCK-TRADING-TEST"_s));
    QVERIFY(finding(findings, u"ports-all-interfaces"_s, u"(also at 25:9, 41:9, 61:9, 90:9, 119:9)"_s));
    QVERIFY(finding(findings, u"depends-on-not-ready"_s, u"zookeeper-1, zookeeper-2, zookeeper-3"_s));
    QVERIFY(finding(findings, u"external-network"_s, u"kafka-net"_s));
    QVERIFY(finding(findings, u"hostname-not-a-dns-name"_s, u"zookeeper1, zookeeper2, zookeeper3"_s));
    QVERIFY(finding(findings, u"advertised-listener-unreachable"_s, u"kafka1:19092"_s));
}

void TestLint::blogFileFindingsSayWhatWhyAndFix()
{
    const QList<LintFinding> findings = lintFile(blogPath());
    for (const LintFinding &f : findings) {
        QVERIFY2(f.line > 0 && f.column > 0, qPrintable(key(f)));
        QVERIFY2(!f.message.isEmpty() && !f.why.isEmpty() && !f.fix.isEmpty(), qPrintable(f.format(u"blog"_s)));
    }
    const LintFinding *ports = finding(findings, u"zookeeper-ports-reversed"_s, QString());
    QVERIFY(ports);
    QVERIFY(ports->why.contains(u"quorum port"_s));
    QVERIFY(ports->fix.contains(u"2888 = quorum"_s));
    const LintFinding *listener = finding(findings, u"advertised-listener-unreachable"_s, u"kafka1"_s);
    QVERIFY(listener->fix.contains(u"OUTSIDE://localhost:9092"_s));
    const LintFinding *rf = finding(findings, u"replication-factor-one"_s, u"FINANCE"_s);
    QVERIFY2(rf->fix.contains(u"FINANCE-STOCK-TRADING-TEST:1:3"_s), qPrintable(rf->fix));
}

void TestLint::otherShapes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("confluent") << u"confluent-3zk-3kafka.yml"_s
                               << QStringList{u"111:7 error env-not-read"_s,            // KAFKA_CREATE_TOPICS
                                              u"128:5 warning depends-on-not-ready"_s}; // schema-registry
    QTest::newRow("bitnami") << u"bitnami-2zk-2kafka.yml"_s
                             << QStringList{u"3:3 warning even-zookeeper-count"_s,
                                            u"4:12 info unmaintained-image"_s,
                                            u"6:9 warning ports-all-interfaces"_s,
                                            u"24:12 info unmaintained-image"_s,
                                            u"27:5 warning replication-factor-one"_s,         // offsets topic: 1
                                            u"31:40 error advertised-listener-unreachable"_s, // localhost, 2 brokers
                                            u"36:9 warning env-not-read"_s,                   // KAFKA_LOG_RETENTION_MS
                                            u"37:5 warning depends-on-not-ready"_s,
                                            u"48:40 error advertised-listener-unreachable"_s};
    QTest::newRow("official + apache") << u"official-zk-apache-kafka.yml"_s
                                       << QStringList{u"11:20 warning zookeeper-ports-reversed"_s, // 3888:2888
                                                      u"13:7 warning env-not-read"_s, // ZOOKEEPER_CLIENT_PORT
                                                      u"33:12 error image-mode"_s,    // apache/kafka: KRaft only
                                                      u"35:5 warning depends-on-not-ready"_s};
    QTest::newRow("mistakes") << u"mistakes.yml"_s
                              << QStringList{u"11:7 error depends-on-not-ready"_s, // healthy, no healthcheck
                                             u"14:5 error replication-factor-above-brokers"_s,  // offsets: 3 > 2
                                             u"17:35 error advertised-listener-unreachable"_s,  // localhost
                                             u"18:7 error env-not-read"_s,                      // CREATE_TOPICS
                                             u"18:28 error replication-factor-above-brokers"_s, // orders:3:3
                                             u"22:7 error depends-on-not-ready"_s,
                                             u"24:9 error duplicate-port"_s,
                                             u"26:24 error duplicate-id"_s,
                                             u"28:35 error advertised-listener-unreachable"_s, // 0.0.0.0
                                             u"29:7 error env-not-read"_s};                    // KAFKA_PORT
}

void TestLint::otherShapes()
{
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    const QList<LintFinding> findings = lintFile(kCompose + u'/' + file);
    QVERIFY2(keys(findings) == expected, qPrintable(dump(findings)));
    for (const LintFinding &f : findings)
        QVERIFY2(!f.why.isEmpty() && !f.fix.isEmpty(), qPrintable(f.format(file)));
}

void TestLint::commentsThatGetThePortsBackwards_data()
{
    QTest::addColumn<QString>("comment");
    QTest::addColumn<bool>("backwards");
    QTest::newRow("blog") << u"# (author's note: left port = leader-election voting, right port = data transfer)"_s
                          << true;
    QTest::newRow("first is election") << u"# first port: election, second: quorum"_s << true;
    QTest::newRow("2888 is election") << u"# 2888 is the leader election port"_s << true;
    QTest::newRow("data on the right") << u"# the right port carries data between followers and leader"_s << true;
    QTest::newRow("right way") << u"# host:2888:3888 = followers connect to the leader on 2888, election on 3888"_s
                               << false;
    QTest::newRow("right way, words") << u"# left port = quorum (data), right port = leader election"_s << false;
    QTest::newRow("unrelated") << u"# three servers, ids 1..3"_s << false;
}

void TestLint::commentsThatGetThePortsBackwards()
{
    QFETCH(QString, comment);
    QFETCH(bool, backwards);
    const QString yaml = u"services:\n  zk:\n    image: confluentinc/cp-zookeeper:7.9.6\n    environment:\n"
                         "      ZOOKEEPER_SERVER_ID: 1\n      ZOOKEEPER_CLIENT_PORT: 2181\n"
                         "      ZOOKEEPER_SERVERS: zk:2888:3888\n      %1\n"_s.arg(comment);
    const ComposeLintResult r = lintComposeText(yaml.toUtf8());
    QVERIFY(r.diagnostics.isEmpty());
    const LintFinding *f = finding(r.findings, u"zookeeper-ports-reversed"_s, QString());
    QCOMPARE(f != nullptr, backwards);
    if (f)
        QCOMPARE(f->line, 8);
}

void TestLint::envVarsPerImage_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("reads"); // "" = read; else a fragment of the finding
    QTest::newRow("cp-zookeeper: fixed list")
        << u"confluentinc/cp-zookeeper:7.9.6"_s << u"ZOOKEEPER_TICK_TIME"_s << QString();
    QTest::newRow("cp-zookeeper: not in the list")
        << u"confluentinc/cp-zookeeper:7.9.6"_s << u"ZOOKEEPER_4LW_COMMANDS_WHITELIST"_s << u"fixed list"_s;
    QTest::newRow("cp-zookeeper: ZOO_") << u"confluentinc/cp-zookeeper:7.9.6"_s << u"ZOO_MY_ID"_s
                                        << u"use ZOOKEEPER_SERVER_ID"_s;
    QTest::newRow("zookeeper: ZOO_") << u"zookeeper:3.8"_s << u"ZOO_TICK_TIME"_s << QString();
    QTest::newRow("zookeeper: bitnami name") << u"zookeeper:3.8"_s << u"ZOO_SERVER_ID"_s << u"use ZOO_MY_ID"_s;
    QTest::newRow("bitnami zookeeper: official name")
        << u"bitnami/zookeeper:3.8"_s << u"ZOO_MY_ID"_s << u"use ZOO_SERVER_ID"_s;
    QTest::newRow("wurstmeister zookeeper") << u"wurstmeister/zookeeper"_s << u"ZOO_MY_ID"_s << u"reads no"_s;
    QTest::newRow("wurstmeister kafka: any KAFKA_")
        << u"wurstmeister/kafka:2.13-2.8.1"_s << u"KAFKA_NUM_PARTITIONS"_s << QString();
    QTest::newRow("wurstmeister kafka: KAFKA_CFG_")
        << u"wurstmeister/kafka:2.13-2.8.1"_s << u"KAFKA_CFG_NUM_PARTITIONS"_s << u"use KAFKA_NUM_PARTITIONS"_s;
    QTest::newRow("bitnami kafka: legacy alias") << u"bitnami/kafka:3.6"_s << u"KAFKA_BROKER_ID"_s << QString();
    QTest::newRow("bitnami kafka: plain KAFKA_")
        << u"bitnami/kafka:3.6"_s << u"KAFKA_LOG_RETENTION_MS"_s << u"use KAFKA_CFG_LOG_RETENTION_MS"_s;
    QTest::newRow("cp-kafka: KAFKA_PORT")
        << u"confluentinc/cp-kafka:7.9.6"_s << u"KAFKA_PORT"_s << u"refuses to start"_s;
    QTest::newRow("apache/kafka: create topics")
        << u"apache/kafka:3.9.1"_s << u"KAFKA_CREATE_TOPICS"_s << u"no topic is created"_s;
}

void TestLint::envVarsPerImage()
{
    QFETCH(QString, image);
    QFETCH(QString, variable);
    QFETCH(QString, reads);
    const QString yaml =
        u"services:\n  node:\n    image: %1\n    environment:\n      %2: \"1\"\n"_s.arg(image, variable);
    const ComposeLintResult r = lintComposeText(yaml.toUtf8());
    const LintFinding *f = finding(r.findings, u"env-not-read"_s, variable);
    if (reads.isEmpty()) {
        QVERIFY2(!f, qPrintable(dump(r.findings)));
        return;
    }
    QVERIFY2(f, qPrintable(dump(r.findings)));
    QVERIFY2(QString(f->message + f->why + f->fix).contains(reads), qPrintable(f->format(image)));
    QCOMPARE(f->line, 5);
}

void TestLint::clusterFileFindings()
{
    const SpecParseResult r = parseClusterSpec("name: x\nbrokers: 3\ntopics:\n  - name: a\n    replication_factor: 1\n"
                                               "  - name: b\n    replication_factor: 3\n"
                                               "broker_config: {offsets.topic.replication.factor: 1}\n");
    QVERIFY(r.spec.has_value());
    const QList<LintFinding> findings = lintClusterSpec(*r.spec);
    QCOMPARE(keys(findings),
             (QStringList{u"5:25 warning replication-factor-one"_s, u"8:17 warning replication-factor-one"_s}));
    QVERIFY(findings[0].message.contains(u"topic a"_s));
    QVERIFY(findings[1].message.contains(u"offsets.topic.replication.factor=1"_s));
    // One broker: nothing to replicate to.
    const SpecParseResult one = parseClusterSpec("brokers: 1\ntopics: [{name: a}]\n");
    QVERIFY(lintClusterSpec(*one.spec).isEmpty());
    QVERIFY(lintClusterSpec(*parseClusterSpec(defaultClusterYaml()).spec).isEmpty());
}

void TestLint::cliValidatesComposeAndClusterFiles()
{
    const QString binary = QStringLiteral(ENSEMBLE_BINARY);
    if (!QFile::exists(binary))
        QSKIP("the ensemble binary is not built");
    QProcess p;
    p.start(binary, {u"validate"_s, blogPath()});
    QVERIFY(p.waitForFinished(30000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    QCOMPARE(p.exitCode(), 2); // errors: the file does not work as written
    QVERIFY2(text.contains(u":14:7: warning [zookeeper-ports-reversed]"_s), qPrintable(text));
    QVERIFY(text.contains(u"    why: "_s));
    QVERIFY(text.contains(u"    fix: "_s));
    QVERIFY(text.contains(u"3 ZooKeeper and 3 Kafka service(s) — 3 errors, 14 warnings, 3 notes"_s));

    p.start(binary, {u"validate"_s, kCompose + u"/malformed.yml"_s});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardOutput().contains("malformed.yml:9:"));
}

QTEST_GUILESS_MAIN(TestLint)
#include "tst_lint.moc"
