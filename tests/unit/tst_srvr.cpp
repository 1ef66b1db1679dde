// parseSrvr on answers recorded from real ZooKeeper 3.8.4 servers (tests/data/record-srvr.py made them).
#include "CoordinatorProbe.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ensemble;

namespace {

QByteArray recorded(const QString &name)
{
    QFile file(QStringLiteral(ENSEMBLE_TEST_DATA) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

} // namespace

class TestSrvr : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void servingServerGivesModeAndZxid_data();
    void servingServerGivesModeAndZxid();
    void serverWithoutQuorumIsAliveButNotServing();
    void truncatedAnswerStillGivesWhatItHas();
    void unrecognisedAnswerIsNothing_data();
    void unrecognisedAnswerIsNothing();
    void modeLineWithoutAValueIsNotServing();
};

void TestSrvr::servingServerGivesModeAndZxid_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<qint64>("zxid");
    QTest::addColumn<int>("epoch");

    QTest::newRow("standalone") << u"srvr-standalone.txt"_s << u"standalone"_s << qint64(0) << 0;
    // The leader of a fresh ensemble has started epoch 1: zxid 0x100000000.
    QTest::newRow("leader") << u"srvr-leader.txt"_s << u"leader"_s << qint64(0x100000000) << 1;
    QTest::newRow("follower") << u"srvr-follower.txt"_s << u"follower"_s << qint64(0) << 0;
}

void TestSrvr::servingServerGivesModeAndZxid()
{
    QFETCH(QString, file);
    QFETCH(QString, mode);
    QFETCH(qint64, zxid);
    QFETCH(int, epoch);

    const QByteArray answer = recorded(file);
    QVERIFY(answer.contains("Zookeeper version: 3.8"));
    const std::optional<SrvrReply> reply = parseSrvr(answer);
    QVERIFY(reply.has_value());
    QCOMPARE(reply->mode, mode);
    QVERIFY(reply->serving);
    QCOMPARE(reply->zxid, zxid);
    QCOMPARE(reply->epoch, epoch);
}

void TestSrvr::serverWithoutQuorumIsAliveButNotServing()
{
    // The last of three servers whose two peers were killed: it answers, but is electing.
    const QByteArray answer = recorded(u"srvr-not-serving.txt"_s);
    QCOMPARE(answer, QByteArray("This ZooKeeper instance is not currently serving requests\n"));
    const std::optional<SrvrReply> reply = parseSrvr(answer);
    QVERIFY(reply.has_value()); // alive: the probe must not call it down
    QVERIFY(!reply->serving);
    QCOMPARE(reply->mode, QString());
    QCOMPARE(reply->zxid, -1);
    QCOMPARE(reply->epoch, -1);
}

void TestSrvr::truncatedAnswerStillGivesWhatItHas()
{
    // The probe reads what arrived before its deadline; a cut answer still carries the lines it has.
    const QByteArray full = recorded(u"srvr-leader.txt"_s);
    const QByteArray head = full.left(full.indexOf("Mode:"));
    const auto noMode = parseSrvr(head);
    QVERIFY(noMode.has_value());
    QCOMPARE(noMode->zxid, 0x100000000);
    QVERIFY(!noMode->serving);
    QCOMPARE(noMode->mode, QString());

    // Windows line ends (a proxy, a copied file) change nothing.
    QByteArray crlf = full;
    crlf.replace("\n", "\r\n");
    const auto reply = parseSrvr(crlf);
    QVERIFY(reply.has_value());
    QCOMPARE(reply->mode, u"leader"_s);
    QCOMPARE(reply->epoch, 1);
}

void TestSrvr::unrecognisedAnswerIsNothing_data()
{
    QTest::addColumn<QByteArray>("answer");

    QTest::newRow("nothing") << QByteArray();
    QTest::newRow("blank") << QByteArray(" \r\n");
    QTest::newRow("ruok's answer") << QByteArray("imok");
    QTest::newRow("another word refused") << QByteArray("stat is not executed because it is not in the whitelist.\n");
    QTest::newRow("an HTTP server") << QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("a Kafka broker's bytes") << QByteArray::fromHex("0000000c000000000000000000000000");
}

void TestSrvr::unrecognisedAnswerIsNothing()
{
    QFETCH(QByteArray, answer);
    QCOMPARE(parseSrvr(answer).has_value(), false);
}

void TestSrvr::modeLineWithoutAValueIsNotServing()
{
    // Found by fuzz_srvr (build-fuzz/crashes/fuzz_srvr-crash-e8b21aa3...): a bare "Mode:" made a serving server
    // without a role. A later "Mode: follower" line still counts.
    const auto bare = parseSrvr("Zookeeper version: 3.8.4\nMode:\nZxid: 0x100000002\n");
    QVERIFY(bare.has_value());
    QVERIFY(!bare->serving);
    QCOMPARE(bare->zxid, 0x100000002);
    const auto later = parseSrvr("Mode:\nZxid: 0x0\nMode: follower\n");
    QVERIFY(later.has_value());
    QVERIFY(later->serving);
    QCOMPARE(later->mode, u"follower"_s);
}

QTEST_GUILESS_MAIN(TestSrvr)
#include "tst_srvr.moc"
