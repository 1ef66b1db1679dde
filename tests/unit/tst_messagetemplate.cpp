// Placeholders in produced messages: each one expands per message, and every mistake is refused with a message
// that names it.
#include "MessageTemplate.h"

#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include <limits>

using namespace Qt::StringLiterals;
using ensemble::MessageTemplate;

namespace {
MessageTemplate::Context fixedContext(qint64 seq)
{
    MessageTemplate::Context c;
    c.seq = seq;
    c.now = QDateTime(QDate(2024, 5, 17), QTime(9, 30, 1, 42), Qt::UTC);
    c.uuid = [] { return u"123e4567-e89b-12d3-a456-426614174000"_s; };
    c.random = [](qint64 a, qint64 b) { return (a + b) / 2; };
    return c;
}
} // namespace

class TestMessageTemplate : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void expandsEveryPlaceholder_data();
    void expandsEveryPlaceholder();
    void seqGivesDistinctValuesPerMessage();
    void liveContextGivesFreshUuidsAndRandomsInRange();
    void randomIntOverTheWholeRangeStaysInRange_data();
    void randomIntOverTheWholeRangeStaysInRange();
    void nowIsIsoWithMilliseconds();
    void refusesMistakesNamingThem_data();
    void refusesMistakesNamingThem();
    void literalKeepsBracesAsTyped();
    void textWithoutPlaceholdersIsConstant();
};

void TestMessageTemplate::expandsEveryPlaceholder_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("seq") << u"order-{{seq}}"_s << u"order-7"_s;
    QTest::newRow("uuid") << u"{{uuid}}"_s << u"123e4567-e89b-12d3-a456-426614174000"_s;
    QTest::newRow("now") << u"at {{now}}"_s << u"at 2024-05-17T09:30:01.042Z"_s;
    QTest::newRow("random_int") << u"{{random_int(10,20)}}"_s << u"15"_s;
    QTest::newRow("random_int spaces") << u"{{ random_int( -4 , 4 ) }}"_s << u"0"_s;
    QTest::newRow("several in JSON") << uR"({"id": {{seq}}, "n": {{random_int(1,1)}}})"_s << uR"({"id": 7, "n": 1})"_s;
    QTest::newRow("spaces inside braces") << u"{{ seq }}"_s << u"7"_s;
    QTest::newRow("single braces are text") << u"{x} }} {"_s << u"{x} }} {"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestMessageTemplate::expandsEveryPlaceholder()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    auto t = MessageTemplate::parse(text);
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
    QCOMPARE(QString::fromUtf8(t->expand(fixedContext(7))), expected);
}

void TestMessageTemplate::seqGivesDistinctValuesPerMessage()
{
    auto t = MessageTemplate::parse(u"m-{{seq}}"_s);
    QVERIFY(t.ok());
    QSet<QByteArray> seen;
    for (qint64 i = 0; i < 100; ++i)
        seen.insert(t->expand(fixedContext(i)));
    QCOMPARE(seen.size(), 100);
    QVERIFY(seen.contains("m-0") && seen.contains("m-99"));
}

void TestMessageTemplate::liveContextGivesFreshUuidsAndRandomsInRange()
{
    auto t = MessageTemplate::parse(u"{{uuid}}|{{random_int(3,5)}}"_s);
    QVERIFY(t.ok());
    QSet<QByteArray> uuids;
    QSet<int> randoms;
    static const QRegularExpression uuid(u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s);
    for (int i = 0; i < 300; ++i) {
        const QList<QByteArray> parts = t->expand(MessageTemplate::liveContext(i)).split('|');
        QCOMPARE(parts.size(), 2);
        QVERIFY2(uuid.match(QString::fromLatin1(parts[0])).hasMatch(), parts[0].constData());
        uuids.insert(parts[0]);
        randoms.insert(parts[1].toInt());
    }
    QCOMPARE(uuids.size(), 300);
    QCOMPARE(randoms, (QSet<int>{3, 4, 5})); // both bounds included
}

void TestMessageTemplate::randomIntOverTheWholeRangeStaysInRange_data()
{
    // b - a overflowed a qint64 for these (shown by fuzz_message_template under UBSan).
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    constexpr qint64 lo = std::numeric_limits<qint64>::min(), hi = std::numeric_limits<qint64>::max();
    QTest::newRow("whole range") << lo << hi;
    QTest::newRow("-9e18..9e18") << qint64(-9'000'000'000'000'000'000) << qint64(9'000'000'000'000'000'000);
    // QRandomGenerator::bounded() shifted by 64 for a span above 2^63 (found by fuzz_message_template).
    QTest::newRow("fuzzer's span above 2^63") << lo << qint64(922'354'775'807);
    QTest::newRow("top two") << hi - 1 << hi;
    QTest::newRow("bottom two") << lo << lo + 1;
}

void TestMessageTemplate::randomIntOverTheWholeRangeStaysInRange()
{
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    auto t = MessageTemplate::parse(u"{{random_int(%1,%2)}}"_s.arg(a).arg(b));
    QVERIFY(t.ok());
    QSet<qint64> seen;
    bool negative = false, positive = false;
    for (int i = 0; i < 400; ++i) {
        bool ok = false;
        const qint64 v = t->expand(MessageTemplate::liveContext(i)).toLongLong(&ok);
        QVERIFY(ok);
        QVERIFY2(v >= a && v <= b, qPrintable(QString::number(v)));
        seen.insert(v);
        negative = negative || v < 0;
        positive = positive || v > 0;
    }
    if (b - 1 == a || a + 1 == b)
        QCOMPARE(seen.size(), 2); // both bounds come out
    else
        QVERIFY(seen.size() > 390); // spread over the range, not stuck at a value
    if (a < -(qint64(1) << 61) && b > (qint64(1) << 61))
        QVERIFY(negative && positive); // not stuck at one end either
}

void TestMessageTemplate::nowIsIsoWithMilliseconds()
{
    auto t = MessageTemplate::parse(u"{{now}}"_s);
    QVERIFY(t.ok());
    const QString now = QString::fromUtf8(t->expand(MessageTemplate::liveContext(0)));
    QVERIFY2(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s).match(now).hasMatch(),
             qPrintable(now));
    const QDateTime parsed = QDateTime::fromString(now, Qt::ISODateWithMs);
    QVERIFY(qAbs(parsed.msecsTo(QDateTime::currentDateTimeUtc())) < 5000);
}

void TestMessageTemplate::refusesMistakesNamingThem_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << u"x {{sequence}}"_s << u"unknown placeholder {{sequence}} at character 3"_s;
    QTest::newRow("unclosed") << u"{{seq"_s << u"'{{' is never closed with '}}' at character 1"_s;
    QTest::newRow("one argument") << u"{{random_int(5)}}"_s
                                  << u"{{random_int(5)}} needs two whole numbers, like {{random_int(1,100)}}"_s;
    QTest::newRow("not numbers") << u"{{random_int(a,b)}}"_s << u"{{random_int(a,b)}} needs two whole numbers"_s;
    QTest::newRow("three arguments") << u"{{random_int(1,2,3)}}"_s << u"needs two whole numbers"_s;
    QTest::newRow("a > b") << u"{{random_int(9,2)}}"_s
                           << u"{{random_int(9,2)}} has its lower bound above its upper bound"_s;
    QTest::newRow("empty") << u"{{}}"_s << u"unknown placeholder {{}}"_s;
}

void TestMessageTemplate::refusesMistakesNamingThem()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    auto t = MessageTemplate::parse(text);
    QVERIFY(!t.ok());
    QCOMPARE(t.error().kind, ensemble::Error::Kind::BadInput);
    QVERIFY2(t.error().message.contains(message), qPrintable(t.error().message));
    // Every message says what is allowed.
    QVERIFY2(t.error().message.contains(u"placeholders are {{seq}}, {{uuid}}, {{now}}, {{random_int(a,b)}}"_s),
             qPrintable(t.error().message));
}

void TestMessageTemplate::literalKeepsBracesAsTyped()
{
    auto t = MessageTemplate::parse(u"{{seq}} {{nope"_s, true);
    QVERIFY(t.ok());
    QVERIFY(t->isConstant());
    QCOMPARE(t->expand(fixedContext(3)), QByteArray("{{seq}} {{nope"));
}

void TestMessageTemplate::textWithoutPlaceholdersIsConstant()
{
    auto plain = MessageTemplate::parse(u"hello"_s);
    QVERIFY(plain.ok() && plain->isConstant());
    auto templated = MessageTemplate::parse(u"hello {{seq}}"_s);
    QVERIFY(templated.ok() && !templated->isConstant());
}

QTEST_GUILESS_MAIN(TestMessageTemplate)
#include "tst_messagetemplate.moc"
