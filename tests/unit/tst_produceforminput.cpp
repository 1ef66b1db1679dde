// The produce form's input is checked before anything is sent, each problem with a message the user can act on.
#include "ProduceFormInput.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using ensemble::FormProblem;
using ensemble::ProduceFormInput;

namespace {
ProduceFormInput valid()
{
    ProduceFormInput in;
    in.topic = u"orders"_s;
    in.value = u"hello {{seq}}"_s;
    return in;
}

QString problemsText(const QList<FormProblem> &problems)
{
    QStringList lines;
    for (const FormProblem &p : problems)
        lines.append(p.field + u": "_s + p.message);
    return lines.join(u'\n');
}
} // namespace

class TestProduceFormInput : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void validInputHasNoProblems();
    void badJsonNamesLineAndColumn();
    void jsonWithPlaceholdersIsCheckedExpanded();
    void validJsonPasses();
    void headerWithoutNameIsRefused();
    void emptyHeaderRowsAreIgnored();
    void countAndRateLimits_data();
    void countAndRateLimits();
    void topicNameIsChecked();
    void placeholderMistakeNamesTheField();
    void requestExpandsTemplatesPerMessage();
    void lineColumnCountsCharactersNotBytes();
};

void TestProduceFormInput::validInputHasNoProblems()
{
    QVERIFY2(validateProduceForm(valid()).isEmpty(), qPrintable(problemsText(validateProduceForm(valid()))));
}

void TestProduceFormInput::badJsonNamesLineAndColumn()
{
    ProduceFormInput in = valid();
    in.valueType = ProduceFormInput::ValueType::Json;
    in.value = u"{\n  \"a\": 1,\n  \"b\": \n}"_s;
    const QList<FormProblem> problems = validateProduceForm(in);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems[0].field, u"value"_s);
    QVERIFY2(problems[0].message.startsWith(u"the value is not valid JSON: "_s), qPrintable(problems[0].message));
    QVERIFY2(problems[0].message.contains(u"at line 4, column 2"_s), qPrintable(problems[0].message));
    QVERIFY2(!problems[0].message.contains(u"placeholders"_s), qPrintable(problems[0].message));

    in.value = QString();
    QCOMPARE(validateProduceForm(in).value(0).message,
             u"the value is empty — type a JSON document, or switch the value type to text"_s);
}

void TestProduceFormInput::jsonWithPlaceholdersIsCheckedExpanded()
{
    ProduceFormInput in = valid();
    in.valueType = ProduceFormInput::ValueType::Json;
    in.value = uR"({"id": {{seq}}, "at": "{{now}}", "n": {{random_int(1,6)}}})"_s;
    QVERIFY2(validateProduceForm(in).isEmpty(), qPrintable(problemsText(validateProduceForm(in))));
    in.value = uR"({"id": {{seq}} "x": 1})"_s;
    const QString message = validateProduceForm(in).value(0).message;
    QVERIFY2(message.contains(u"not valid JSON"_s) && message.contains(u"(placeholders expanded)"_s),
             qPrintable(message));
}

void TestProduceFormInput::validJsonPasses()
{
    ProduceFormInput in = valid();
    in.valueType = ProduceFormInput::ValueType::Json;
    in.value = uR"([1, {"é": "ü"}])"_s;
    QVERIFY(validateProduceForm(in).isEmpty());
}

void TestProduceFormInput::headerWithoutNameIsRefused()
{
    ProduceFormInput in = valid();
    in.headers = {{u"trace"_s, u"1"_s}, {u""_s, u"orphan"_s}};
    const QList<FormProblem> problems = validateProduceForm(in);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems[0],
             (FormProblem{u"headers"_s, u"header row 2 has a value but no name — name it or remove the row"_s}));
}

void TestProduceFormInput::emptyHeaderRowsAreIgnored()
{
    ProduceFormInput in = valid();
    in.headers = {{u""_s, u""_s}, {u"a"_s, u""_s}};
    QVERIFY(validateProduceForm(in).isEmpty());
    auto request = toProduceRequest(in);
    QVERIFY(request.ok());
    ensemble::ProducedMessage m;
    request->messageFor(0, m);
    QCOMPARE(m.headers.size(), 1);
    QCOMPARE(m.headers[0].first, QByteArray("a"));
}

void TestProduceFormInput::countAndRateLimits_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("rate");
    QTest::addColumn<bool>("keep");
    QTest::addColumn<QString>("message"); // empty = valid
    QTest::newRow("count 0") << 0 << 0 << false << u"the count must be from 1 to 1000000, not 0"_s;
    QTest::newRow("count too big") << 1'000'001 << 0 << false << u"the count must be from 1 to 1000000, not 1000001"_s;
    QTest::newRow("count max") << 1'000'000 << 0 << false << QString();
    QTest::newRow("rate negative") << 1 << -1 << false
                                   << u"the rate must be from 0 (unlimited) to 100000 messages/s, not -1"_s;
    QTest::newRow("rate too high") << 1 << 100'001 << false
                                   << u"the rate must be from 0 (unlimited) to 100000 messages/s, not 100001"_s;
    QTest::newRow("keep producing unlimited")
        << 1 << 0 << true
        << u"keep producing needs a rate from 1 to 10000 messages/s, so it cannot flood the cluster"_s;
    QTest::newRow("keep producing ignores count") << 0 << 50 << true << QString();
}

void TestProduceFormInput::countAndRateLimits()
{
    QFETCH(int, count);
    QFETCH(int, rate);
    QFETCH(bool, keep);
    QFETCH(QString, message);
    ProduceFormInput in = valid();
    in.count = count;
    in.ratePerSecond = rate;
    in.keepProducing = keep;
    const QList<FormProblem> problems = validateProduceForm(in);
    if (message.isEmpty()) {
        QVERIFY2(problems.isEmpty(), qPrintable(problemsText(problems)));
    } else {
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].message, message);
    }
}

void TestProduceFormInput::topicNameIsChecked()
{
    ProduceFormInput in = valid();
    in.topic = u"  "_s;
    QCOMPARE(validateProduceForm(in).value(0), (FormProblem{u"topic"_s, u"choose a topic or type its name"_s}));
    in.topic = u"bad topic"_s;
    QVERIFY(validateProduceForm(in).value(0).message.startsWith(u"'bad topic' is not a legal topic name"_s));
}

void TestProduceFormInput::placeholderMistakeNamesTheField()
{
    ProduceFormInput in = valid();
    in.hasKey = true;
    in.key = u"{{random_int(5,1)}}"_s;
    in.headers = {{u"h"_s, u"{{what}}"_s}};
    const QList<FormProblem> problems = validateProduceForm(in);
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems[0].field, u"key"_s);
    QVERIFY(problems[0].message.startsWith(u"key: {{random_int(5,1)}} has its lower bound above its upper bound"_s));
    QCOMPARE(problems[1].field, u"headers"_s);
    QVERIFY(problems[1].message.startsWith(u"header 'h': unknown placeholder {{what}}"_s));
    in.literal = true; // sent as typed
    QVERIFY(validateProduceForm(in).isEmpty());
}

void TestProduceFormInput::requestExpandsTemplatesPerMessage()
{
    ProduceFormInput in = valid();
    in.hasKey = true;
    in.key = u"k-{{seq}}"_s;
    in.headers = {{u"n"_s, u"{{seq}}"_s}};
    in.count = 3;
    in.partition = 2;
    in.acks = u"1"_s;
    in.compression = u"lz4"_s;
    auto request = toProduceRequest(in);
    QVERIFY(request.ok());
    QCOMPARE(request->count, 3);
    QCOMPARE(request->partition, 2);
    QCOMPARE(request->acks, u"1"_s);
    QCOMPARE(request->compression, u"lz4"_s);
    ensemble::ProducedMessage m;
    request->messageFor(2, m);
    QCOMPARE(m.key, QByteArray("k-2"));
    QCOMPARE(m.value, QByteArray("hello 2"));
    QCOMPARE(m.headers.value(0).second, QByteArray("2"));

    in.hasKey = false;
    request = toProduceRequest(in);
    request->messageFor(0, m);
    QVERIFY(m.key.isNull()); // no key at all, not an empty one

    in.count = 0;
    auto refused = toProduceRequest(in);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.startsWith(u"the count must be"_s));
}

void TestProduceFormInput::lineColumnCountsCharactersNotBytes()
{
    QCOMPARE(ensemble::lineColumnAt("ab\ncd", 4), u"line 2, column 2"_s);
    QCOMPARE(ensemble::lineColumnAt(u"é!"_s.toUtf8(), 2), u"line 1, column 2"_s);
}

QTEST_GUILESS_MAIN(TestProduceFormInput)
#include "tst_produceforminput.moc"
