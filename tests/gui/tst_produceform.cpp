// The produce form: it refuses invalid input and shows why, remembers templates, and fills its results table from
// real delivery reports of a real (1 ZooKeeper + 1 Kafka) cluster. Set ENSEMBLE_SCREENSHOT_DIR to keep a picture.
#include "CliRunner.h"
#include "ConsumeView.h"
#include "ConsumedMessageModel.h"
#include "ExitWatchdog.h"
#include "KafkaClient.h"
#include "ProduceForm.h"
#include "ProduceResultsModel.h"
#include "TopicsPanel.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;
using namespace ensemble::ui;

namespace {
const QByteArray kSmallCluster = R"(name: gui-produce
coordinators: 1
brokers: 1
topics: [{name: orders, partitions: 3, replication_factor: 1}]
)";
} // namespace

class TestProduceForm : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase();
    void refusesInvalidInputShowingWhy();
    void savedTemplateLoadsBack();
    void prettyPrintKeepsPlaceholders();
    void resultsTableFillsFromRealDeliveryReports();
    void missingTopicIsNamedAndConsumeReadsBack();
    void keepProducingRunsUntilStopped();
    void topicsPanelCreatesGrowsAndDeletes();
    void cleanupTestCase();

  private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_dir;
    std::unique_ptr<RunningCluster> m_cluster;
    QString m_bootstrap;
    QString m_skip;
};

void TestProduceForm::initTestCase()
{
    QApplication::setApplicationName(u"ensemble"_s); // the runtime lives in ensemble's data directory
    // Settings (templates, the last form) go to a throw-away directory, not the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestProduceForm::refusesInvalidInputShowingWhy()
{
    KafkaClient client(u"127.0.0.1:1"_s); // nothing listens: the form must decide on its own
    ProduceForm form(&client);
    form.show();
    ProduceFormInput in;
    in.topic = u"orders"_s;
    in.valueType = ProduceFormInput::ValueType::Json;
    in.value = u"{\"id\": {{seq}},\n \"ok\": tru}"_s;
    form.setInput(in);
    QVERIFY(!form.produceButton()->isEnabled());
    QVERIFY2(form.problemText().startsWith(u"the value is not valid JSON: "_s), qPrintable(form.problemText()));
    QVERIFY2(form.problemText().contains(u"line 2"_s), qPrintable(form.problemText()));
    QVERIFY(!form.produce()); // refused even when called directly
    QVERIFY(!form.isProducing());

    in.value = u"{\"id\": {{seq}}}"_s;
    in.headers = {{QString(), u"orphan"_s}};
    form.setInput(in);
    QCOMPARE(form.problemText(), u"header row 1 has a value but no name — name it or remove the row"_s);
    QVERIFY(!form.produceButton()->isEnabled());

    in.headers.clear();
    in.count = 0;
    form.setInput(in);
    QCOMPARE(form.problemText(), u"the count must be from 1 to 1000000, not 0"_s);

    in.count = 5;
    in.ratePerSecond = 0;
    form.setInput(in);
    QVERIFY(form.problemText().isEmpty());
    QVERIFY(form.produceButton()->isEnabled());
    QVERIFY(!form.keepProducing()); // keep producing needs a rate
    QVERIFY2(form.problemText().startsWith(u"keep producing needs a rate"_s), qPrintable(form.problemText()));
}

void TestProduceForm::prettyPrintKeepsPlaceholders()
{
    KafkaClient client(u"127.0.0.1:1"_s); // pretty-printing needs no cluster
    ProduceForm form(&client);
    ProduceFormInput in;
    in.topic = u"t"_s;
    in.value = uR"({"id":{{seq}},"name":"user-{{uuid}}","n":{{random_int(1,9)}}})"_s;
    form.setInput(in);
    form.prettyPrint();
    const QString pretty = form.input().value;
    QVERIFY2(pretty.contains(u"\"id\": {{seq}}"_s), qPrintable(pretty));
    QVERIFY2(pretty.contains(u"\"name\": \"user-{{uuid}}\""_s), qPrintable(pretty));
    QVERIFY2(pretty.contains(u"\"n\": {{random_int(1,9)}}"_s), qPrintable(pretty));
    QVERIFY(pretty.contains(u'\n'));
    QVERIFY(form.input().valueType == ProduceFormInput::ValueType::Json);
    in.value = u"{\"id\": "_s; // broken: said, and left alone
    form.setInput(in);
    form.prettyPrint();
    QVERIFY2(form.problemText().contains(u"not valid JSON"_s), qPrintable(form.problemText()));
    QCOMPARE(form.input().value, u"{\"id\": "_s);
}

void TestProduceForm::savedTemplateLoadsBack()
{
    KafkaClient client(u"127.0.0.1:1"_s);
    ProduceForm form(&client);
    ProduceFormInput in;
    in.topic = u"orders"_s;
    in.hasKey = true;
    in.key = u"customer-{{random_int(1,9)}}"_s;
    in.value = u"order {{seq}} at {{now}}"_s;
    in.headers = {{u"source"_s, u"ensemble/test"_s}};
    in.acks = u"1"_s;
    in.count = 12;
    form.setInput(in);
    form.saveTemplate(u"orders/demo"_s);
    QVERIFY(form.templateNames().contains(u"orders/demo"_s));
    form.setInput(ProduceFormInput{});
    QVERIFY(form.loadTemplate(u"orders/demo"_s));
    QCOMPARE(form.input(), in);
    form.deleteTemplate(u"orders/demo"_s);
    QVERIFY(!form.templateNames().contains(u"orders/demo"_s));
}

void TestProduceForm::resultsTableFillsFromRealDeliveryReports()
{
    QString why;
    if (!runtimeAvailable(&why))
        QSKIP(qPrintable(u"no Kafka runtime: "_s + why));
    QVERIFY(m_dir.isValid());
    const QString file = writeClusterFile(m_dir.path(), kSmallCluster);
    m_cluster = std::make_unique<RunningCluster>(m_dir.filePath(u"ws"_s), file);
    QVERIFY2(m_cluster->waitHealthy(180000, &why), qPrintable(why));
    QJsonObject status;
    // The cluster file's topics are created just after the cluster turns healthy: wait for "orders" to have leaders.
    QVERIFY(m_cluster->waitForStatus(
        [](const QJsonObject &s) {
            for (const QJsonValue &t : s.value(u"topics"_s).toArray())
                if (t.toObject().value(u"name"_s).toString() == u"orders") {
                    const QJsonArray parts = t.toObject().value(u"partitions"_s).toArray();
                    return parts.size() == 3 && std::all_of(parts.begin(), parts.end(), [](const QJsonValue &p) {
                               return p.toObject().value(u"leader"_s).toInt(-1) >= 0;
                           });
                }
            return false;
        },
        60000, &status));
    m_bootstrap = status.value(u"bootstrap"_s).toString();
    // ...and for the broker's own metadata to know it (it can trail what the status probe sees).
    QDeadlineTimer known(60000);
    while (!KafkaAdmin(m_bootstrap).metadata(3000, u"orders"_s).ok() && !known.hasExpired())
        QTest::qWait(250);

    KafkaClient client(m_bootstrap);
    ProduceForm form(&client);
    form.resize(760, 820);
    form.show();
    ProduceFormInput in;
    in.topic = u"orders"_s;
    in.hasKey = true;
    in.key = u"customer-{{seq}}"_s;
    in.valueType = ProduceFormInput::ValueType::Json;
    in.value = u"{\n  \"order\": {{seq}},\n  \"qty\": {{random_int(1,5)}},\n  \"at\": \"{{now}}\"\n}"_s;
    in.headers = {{u"trace-id"_s, u"{{uuid}}"_s}, {u"source"_s, u"produce-form"_s}};
    in.count = 30;
    in.ratePerSecond = 100;
    form.setInput(in);
    QVERIFY2(form.problemText().isEmpty(), qPrintable(form.problemText()));
    QSignalSpy finished(&form, &ProduceForm::produceFinished);
    QTest::mouseClick(form.produceButton(), Qt::LeftButton);
    QVERIFY(form.isProducing());
    QVERIFY(finished.wait(60000));
    const auto summary = finished.first().first().value<ProduceSummary>();
    QVERIFY2(summary.error.isEmpty(), qPrintable(summary.error));
    QCOMPARE(summary.acked, 30);
    QCOMPARE(form.acked(), 30);
    QCOMPARE(form.failed(), 0);
    QCOMPARE(form.results()->rowCount(), 30);
    QSet<int> partitions;
    QSet<QPair<int, qint64>> places;
    for (const DeliveryResult &r : form.results()->results()) {
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.partition >= 0 && r.partition < 3);
        QVERIFY(r.offset >= 0);
        QVERIFY(r.latencyMs > 0);
        partitions.insert(r.partition);
        places.insert({r.partition, r.offset});
    }
    QCOMPARE(places.size(), 30);     // every message has its own place
    QVERIFY(partitions.size() >= 2); // distinct keys spread over the partitions
    const QModelIndex offset = form.results()->index(0, ProduceResultsModel::Offset);
    QVERIFY(form.results()->data(offset, Qt::DisplayRole).toLongLong() >= 0);

    if (const QString dir = qEnvironmentVariable("ENSEMBLE_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QTest::qWait(200);
        QVERIFY(form.grab().save(dir + u"/produce-form.png"_s));
    }
}

void TestProduceForm::missingTopicIsNamedAndConsumeReadsBack()
{
    if (!m_cluster)
        QSKIP("needs the cluster of resultsTableFillsFromRealDeliveryReports");
    KafkaClient client(m_bootstrap);
    ProduceForm form(&client);
    ProduceFormInput in;
    in.topic = u"no-such-topic"_s;
    in.value = u"x"_s;
    form.setInput(in);
    QSignalSpy finished(&form, &ProduceForm::produceFinished);
    QVERIFY(form.produce());
    QVERIFY(finished.wait(30000));
    QVERIFY2(form.problemText().contains(u"topic 'no-such-topic' does not exist"_s), qPrintable(form.problemText()));

    // Created now (what the form's "Create it" does), it takes a produce straight away.
    QSignalSpy created(&client, &KafkaClient::adminFinished);
    client.createTopic(TopicSpec{u"no-such-topic"_s, 1, 1, {}});
    QVERIFY(created.wait(30000));
    QCOMPARE(created.first().at(3).toString(), QString());
    QVERIFY(form.produce());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().first().value<ProduceSummary>().acked, 1);

    // What the form sent reads back in the consume view, headers included.
    ConsumeView view(&client);
    view.setTopic(u"orders"_s);
    view.setStart({ConsumeStart::From::Beginning, 0, 0, -1});
    view.follow();
    QTRY_COMPARE_WITH_TIMEOUT(view.messages()->rowCount(), 30, 30000);
    const ConsumedMessage first = view.messages()->message(0);
    QCOMPARE(first.headers.size(), 2);
    QCOMPARE(first.headers[1], (std::pair{QByteArray("source"), QByteArray("produce-form")}));
    QVERIFY(first.key.startsWith("customer-"));
    view.setSearch(u"customer-7"_s);
    QCOMPARE(view.filtered()->rowCount(), 1);
    view.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!view.isFollowing(), 10000);
}

void TestProduceForm::keepProducingRunsUntilStopped()
{
    if (!m_cluster)
        QSKIP("needs the cluster of resultsTableFillsFromRealDeliveryReports");
    KafkaClient client(m_bootstrap);
    ProduceForm form(&client);
    ProduceFormInput in;
    in.topic = u"orders"_s;
    in.value = u"tick {{seq}}"_s;
    in.ratePerSecond = 50;
    form.setInput(in);
    QSignalSpy finished(&form, &ProduceForm::produceFinished);
    QVERIFY(form.keepProducing());
    QCOMPARE(form.keepProducingButton()->text(), u"Stop"_s);
    QTRY_VERIFY_WITH_TIMEOUT(form.acked() >= 40, 30000); // past any count a plain Produce would have used
    QTest::mouseClick(form.keepProducingButton(), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    const auto summary = finished.first().first().value<ProduceSummary>();
    QCOMPARE(summary.failed, 0);
    QCOMPARE(summary.acked, summary.sent); // what was sent before Stop was still delivered
    QCOMPARE(form.results()->rowCount(), int(summary.acked));
    QCOMPARE(form.keepProducingButton()->text(), u"Keep producing"_s);
}

void TestProduceForm::topicsPanelCreatesGrowsAndDeletes()
{
    if (!m_cluster)
        QSKIP("needs the cluster of resultsTableFillsFromRealDeliveryReports");
    KafkaClient client(m_bootstrap);
    TopicsPanel panel(&client);
    panel.setUnattended(true);
    auto rowOf = [&](const QString &topic) {
        for (int row = 0; row < panel.topicTable()->rowCount(); ++row)
            if (panel.topicTable()->item(row, 0)->text() == topic)
                return row;
        return -1;
    };
    panel.createTopic(TopicSpec{u"panel-made"_s, 2, 1, {{u"retention.ms"_s, u"3600000"_s}}});
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"panel-made"_s) >= 0, 30000);
    QCOMPARE(panel.topicTable()->item(rowOf(u"panel-made"_s), 1)->text(), u"2"_s);

    panel.topicTable()->selectRow(rowOf(u"panel-made"_s)); // describes it
    QTRY_COMPARE_WITH_TIMEOUT(panel.partitionTable()->rowCount(), 2, 15000);
    panel.addPartitions(u"panel-made"_s, 4);
    QTRY_COMPARE_WITH_TIMEOUT(panel.topicTable()->item(rowOf(u"panel-made"_s), 1)->text(), u"4"_s, 30000);

    panel.addPartitions(u"panel-made"_s, 1); // Kafka cannot shrink a topic
    QTRY_VERIFY_WITH_TIMEOUT(panel.statusText().contains(u"cannot add partitions to 'panel-made'"_s), 15000);

    panel.deleteTopic(u"panel-made"_s);
    QTRY_VERIFY_WITH_TIMEOUT(panel.statusText().startsWith(u"deleted 'panel-made'"_s) ||
                                 (rowOf(u"panel-made"_s) < 0 && panel.statusText().contains(u"topic(s)"_s)),
                             30000);
}

void TestProduceForm::cleanupTestCase()
{
    m_cluster.reset(); // stops every node it started
}

ENSEMBLE_WATCHED_TEST_MAIN(TestProduceForm)
#include "tst_produceform.moc"
