// The KRaft lint rules, each on a file that triggers it and one that does not (tests/data/compose/kraft-lint/,
// all variants of clean.yml), the real Apache Kafka example files, and Ensemble's own KRaft compose exports,
// which must give no finding at all.
#include "ClusterSamples.h"
#include "ComposeExporter.h"
#include "ComposeLinter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

const QString kLintDir = QStringLiteral(ENSEMBLE_TEST_DATA "/compose/kraft-lint");
const QString kKRaftDir = QStringLiteral(ENSEMBLE_TEST_DATA "/compose/kraft");

QList<LintFinding> lint(const QString &path)
{
    const ComposeLintResult r = lintComposeText(readTestFile(path));
    if (!r.diagnostics.isEmpty())
        qWarning("%s", qPrintable(r.diagnostics.first().format(path)));
    return r.findings;
}

QString dump(const QList<LintFinding> &findings)
{
    QStringList out;
    for (const LintFinding &f : findings)
        out.append(f.format(u"compose"_s));
    return out.join(u'\n');
}

QStringList rulesOf(const QList<LintFinding> &findings)
{
    QStringList out;
    for (const LintFinding &f : findings)
        out.append(f.rule);
    out.removeDuplicates();
    out.sort();
    return out;
}

} // namespace

class TestLintKRaft : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void cleanFileHasNoFinding();
    void eachRuleFires_data();
    void eachRuleFires();
    void apacheExamples();
    void exportsLintClean_data();
    void exportsLintClean();
};

void TestLintKRaft::cleanFileHasNoFinding()
{
    const QList<LintFinding> findings = lint(kLintDir + u"/clean.yml"_s);
    QVERIFY2(findings.isEmpty(), qPrintable(dump(findings)));
    const QList<LintFinding> within = lint(kLintDir + u"/replication-within-brokers.yml"_s);
    QVERIFY2(within.isEmpty(), qPrintable(dump(within)));
}

void TestLintKRaft::eachRuleFires_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("severity");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("cluster ids") << u"cluster-id-differs"_s << u"kraft-cluster-id"_s << u"error"_s << 21
                                 << u"controller-2 has CLUSTER_ID 4L6g3nShT-eMCtK--X86sw"_s;
    QTest::newRow("voters differ") << u"voters-differ"_s << u"kraft-voters"_s << u"error"_s << 77
                                   << u"kafka-2's controller.quorum.voters differs from controller-1's"_s;
    QTest::newRow("voters unknown") << u"voters-unknown"_s << u"kraft-voters"_s << u"error"_s << 9
                                    << u"104@controller-4 (no Kafka service of that name)"_s;
    QTest::newRow("even controllers") << u"even-controllers"_s << u"even-controller-count"_s << u"warning"_s << 3
                                      << u"4 KRaft controllers"_s;
    QTest::newRow("controller listener") << u"controller-listener-missing"_s << u"controller-listener-missing"_s
                                         << u"error"_s << 24 << u"controller-2 has no listener named CONTROLLER"_s;
    QTest::newRow("roles mixed") << u"roles-mixed"_s << u"kraft-roles-mixed"_s << u"warning"_s << 33
                                 << u"controller-3 is a combined broker + controller"_s;
    QTest::newRow("unreachable broker") << u"unreachable-broker"_s << u"advertised-listener-unreachable"_s
                                        << u"warning"_s << 80 << u"kafka-2 publishes ports"_s;
    QTest::newRow("replication above brokers")
        << u"replication-above-brokers"_s << u"replication-factor-above-brokers"_s << u"error"_s << 60
        << u"offsets.topic.replication.factor=3, but there are 2 brokers"_s;
}

void TestLintKRaft::eachRuleFires()
{
    QFETCH(QString, file);
    QFETCH(QString, rule);
    QFETCH(QString, severity);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    const QList<LintFinding> findings = lint(kLintDir + u'/' + file + u".yml"_s);
    // The one rule the file was written to break, and nothing else.
    QCOMPARE(rulesOf(findings), QStringList{rule});
    const LintFinding *f = nullptr;
    for (const LintFinding &x : findings)
        if (x.message.contains(fragment))
            f = &x;
    QVERIFY2(f, qPrintable(dump(findings)));
    QCOMPARE(toString(f->severity), severity);
    QCOMPARE(f->line, line);
    QVERIFY(!f->why.isEmpty());
    QVERIFY(!f->fix.isEmpty());
}

void TestLintKRaft::apacheExamples()
{
    // Apache Kafka's own examples: list-form depends_on, replication factor 1 on three brokers, every port
    // published on all interfaces — and nothing KRaft-specific wrong.
    // (apache-test-combined.yml's broker3 reads its controller settings from a mounted file: nothing to say.)
    for (const QString &name :
         {u"apache-isolated-plaintext"_s, u"apache-combined-plaintext"_s, u"apache-isolated-ssl"_s,
          u"apache-combined-ssl"_s, u"apache-test-isolated"_s, u"apache-test-combined"_s}) {
        const QList<LintFinding> findings = lint(kKRaftDir + u'/' + name + u".yml"_s);
        const QStringList rules = rulesOf(findings);
        for (const QString &r : {u"kraft-cluster-id"_s, u"kraft-voters"_s, u"even-controller-count"_s,
                                 u"controller-listener-missing"_s, u"kraft-roles-mixed"_s})
            QVERIFY2(!rules.contains(r), qPrintable(name + u": "_s + dump(findings)));
        QVERIFY2(rules.contains(u"replication-factor-one"_s), qPrintable(dump(findings)));
        QVERIFY2(rules.contains(u"ports-all-interfaces"_s), qPrintable(dump(findings)));
    }
    // A single combined node whose voter list says 1@localhost:9093: inside its container, that is itself.
    const QList<LintFinding> built = lint(kKRaftDir + u"/built-broker-ctf-writeup.yml"_s);
    QCOMPARE(rulesOf(built), QStringList{u"ports-all-interfaces"_s});
}

void TestLintKRaft::exportsLintClean_data()
{
    QTest::addColumn<QString>("cluster");
    QTest::newRow("3 + 3") << u"kraft-3c-3b"_s;
    QTest::newRow("combined") << u"kraft-combined-3"_s;
}

void TestLintKRaft::exportsLintClean()
{
    QFETCH(QString, cluster);
    const QList<ExportedFile> files = exportCompose(namedCluster(cluster)).value();
    const ComposeLintResult r = lintComposeText(files.first().content.toUtf8());
    QVERIFY(r.diagnostics.isEmpty());
    QVERIFY2(r.findings.isEmpty(), qPrintable(dump(r.findings)));
}

QTEST_GUILESS_MAIN(TestLintKRaft)
#include "tst_lintkraft.moc"
