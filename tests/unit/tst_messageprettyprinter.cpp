// The produce form's Pretty button: JSON values indented with their placeholders kept where they were typed, and
// a value that is not JSON refused with where it breaks.
#include "MessagePrettyPrinter.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using ensemble::MessagePrettyPrinter;

class TestMessagePrettyPrinter : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void indentsPlainJson()
    {
        const auto pretty = MessagePrettyPrinter::indentJson(uR"({"a":1,"b":[true,null]})"_s);
        QVERIFY(pretty);
        QCOMPARE(*pretty, u"{\n    \"a\": 1,\n    \"b\": [\n        true,\n        null\n    ]\n}"_s);
    }

    void keepsPlaceholdersAsValuesAndInsideStrings()
    {
        const auto pretty =
            MessagePrettyPrinter::indentJson(uR"({"id":{{seq}},"name":"user-{{uuid}}","n":{{random_int(1,9)}}})"_s);
        QVERIFY(pretty);
        QVERIFY2(pretty->contains(u"\"id\": {{seq}}"_s), qPrintable(*pretty));
        QVERIFY2(pretty->contains(u"\"name\": \"user-{{uuid}}\""_s), qPrintable(*pretty));
        QVERIFY2(pretty->contains(u"\"n\": {{random_int(1,9)}}"_s), qPrintable(*pretty));
        QVERIFY(pretty->contains(u'\n'));
    }

    void keepsElevenPlaceholdersApart()
    {
        // Token 1 and token 10 must not be confused when they come back.
        QString text = u"["_s;
        for (int i = 0; i < 11; ++i)
            text += (i ? u","_s : QString()) + u"{{random_int(%1,%1)}}"_s.arg(i);
        text += u"]"_s;
        const auto pretty = MessagePrettyPrinter::indentJson(text);
        QVERIFY(pretty);
        for (int i = 0; i < 11; ++i)
            QVERIFY2(pretty->contains(u"{{random_int(%1,%1)}}"_s.arg(i)), qPrintable(*pretty));
        QCOMPARE(QString(*pretty).remove(u' ').remove(u'\n'), text);
    }

    void refusesWhatIsNotJsonAndSaysWhere()
    {
        const auto pretty = MessagePrettyPrinter::indentJson(u"{\"id\": 1,\n \"x\": }"_s);
        QVERIFY(!pretty);
        QVERIFY2(pretty.error().message.contains(u"not valid JSON"_s), qPrintable(pretty.error().message));
        QVERIFY2(pretty.error().message.contains(u"line 2"_s), qPrintable(pretty.error().message));
    }
};

QTEST_GUILESS_MAIN(TestMessagePrettyPrinter)
#include "tst_messageprettyprinter.moc"
