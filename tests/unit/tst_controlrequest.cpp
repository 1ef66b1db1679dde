// ControlRequest::parse: every request the CLI sends is read as meant; anything else is bad input that says
// what to send instead.
#include "ControlRequest.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

class TestControlRequest : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void requestsTheCliSendsAreRead();
    void malformedRequestsAreBadInput_data();
    void malformedRequestsAreBadInput();
};

void TestControlRequest::requestsTheCliSendsAreRead()
{
    QCOMPARE(ControlRequest::parse("{\"cmd\":\"ping\"}")->command, ControlRequest::Command::Ping);
    QCOMPARE(ControlRequest::parse("{\"cmd\":\"status\"}")->command, ControlRequest::Command::Status);
    QCOMPARE(ControlRequest::parse("{\"cmd\":\"down\"}")->command, ControlRequest::Command::Down);
    const auto node = ControlRequest::parse(R"({"cmd":"node","action":"pause","node":"kafka-2"})");
    QVERIFY(node.ok());
    QCOMPARE(node->command, ControlRequest::Command::Node);
    QVERIFY(node->action == NodeAction::Pause);
    QCOMPARE(node->node, u"kafka-2"_s);
    const auto events = ControlRequest::parse(R"({"cmd":"events","since":1500,"follow":true})");
    QVERIFY(events.ok());
    QCOMPARE(events->sinceMs, 1500);
    QVERIFY(events->follow);
}

void TestControlRequest::malformedRequestsAreBadInput_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("says");
    QTest::newRow("not json") << QByteArray("garbage") << u"not a JSON object: "_s;
    QTest::newRow("array") << QByteArray("[1,2]") << u"not a JSON object: not an object"_s;
    QTest::newRow("cut off") << QByteArray("{\"cmd\":") << u"not a JSON object: "_s;
    QTest::newRow("binary") << QByteArray("\xff\xfe\x00\x01", 4) << u"not a JSON object: "_s;
    QTest::newRow("empty") << QByteArray() << u"not a JSON object: "_s;
    QTest::newRow("cmd not a string") << QByteArray("{\"cmd\":5}") << u"unknown command '' — one of"_s;
    QTest::newRow("unknown cmd") << QByteArray("{\"cmd\":\"rm\"}") << u"unknown command 'rm'"_s;
    QTest::newRow("no action") << QByteArray("{\"cmd\":\"node\"}") << u"unknown action ''"_s;
    QTest::newRow("long cmd is cut") << QByteArray("{\"cmd\":\"" + QByteArray(5000, 'x') + "\"}")
                                     << u"unknown command '"_s + QString(64, u'x') + u"' —"_s;
}

void TestControlRequest::malformedRequestsAreBadInput()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, says);
    const auto request = ControlRequest::parse(line);
    QVERIFY(!request.ok());
    QCOMPARE(request.error().kind, Error::Kind::BadInput);
    QVERIFY2(request.error().message.startsWith(says), qPrintable(request.error().message));
}

QTEST_GUILESS_MAIN(TestControlRequest)
#include "tst_controlrequest.moc"
