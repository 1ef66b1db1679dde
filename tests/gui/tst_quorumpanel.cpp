// The Quorum panel fed with real DescribeQuorum figures (a 4.4.0 quorum with controller-3 paused, recorded in
// tests/data/describe-quorum): the leader, epoch and high watermark, each replica's numbers, and the paused
// follower marked as lagging by a word, a sign and bold text, not by colour alone.
#include "DescribeQuorumCodec.h"
#include "QuorumPanel.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QTableWidget>
#include <QTest>

using namespace ensemble;
using namespace ensemble::ui;
using namespace Qt::StringLiterals;

namespace {

QuorumFigures recordedFigures()
{
    const QString base = QStringLiteral(ENSEMBLE_TEST_DATA) + u"/describe-quorum/kafka-4.4.0-paused-v2"_s;
    QFile bin(base + u".bin"_s);
    if (!bin.open(QIODevice::ReadOnly))
        qFatal("missing recording");
    // received_ms of the recording (its .txt): the ages are measured against it.
    auto f = DescribeQuorumCodec::parseReply(bin.readAll(), 2, 2, 1795896678289);
    if (!f)
        qFatal("%s", qPrintable(f.error().message));
    QuorumFigures figures = *f;
    const QHash<int, QString> names{
        {101, u"controller-1"_s}, {102, u"controller-2"_s}, {103, u"controller-3"_s}, {1, u"kafka-1"_s}};
    figures.leader = names.value(figures.leaderId);
    figures.answeredBy = u"controller-2"_s;
    for (QList<ReplicaFigures> *list : {&figures.voters, &figures.observers})
        for (ReplicaFigures &r : *list)
            r.name = names.value(r.id);
    return figures;
}

int rowOf(const QTableWidget *table, const QString &node)
{
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, QuorumPanel::NodeColumn)->text() == node)
            return row;
    return -1;
}

} // namespace

class TestQuorumPanel : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void showsTheRecordedFiguresAndMarksThePausedFollower()
    {
        QuorumPanel panel;
        panel.resize(460, 300);
        panel.show();
        const QuorumFigures figures = recordedFigures();
        QCOMPARE(figures.replica(103)->lastFetchAgeMs,
                 8247); // the recording's own figure, checked in tst_describequorum
        panel.setFigures(figures);
        QVERIFY2(panel.summaryText().contains(u"controller-2"_s), qPrintable(panel.summaryText()));
        QVERIFY(panel.summaryText().contains(u"epoch <b>1</b>"_s));
        QVERIFY(panel.summaryText().contains(u"high watermark <b>149</b>"_s));
        QTableWidget *t = panel.table();
        QCOMPARE(t->rowCount(), 4);

        const int leader = rowOf(t, u"controller-2"_s);
        QVERIFY(leader >= 0);
        QVERIFY(t->item(leader, QuorumPanel::RoleColumn)->text().contains(u"leader"_s));
        QVERIFY(!panel.isRowLagging(leader));

        const int paused = rowOf(t, u"controller-3"_s);
        QVERIFY(paused >= 0);
        QCOMPARE(t->item(paused, QuorumPanel::LogEndColumn)->text(), u"132"_s);
        QCOMPARE(t->item(paused, QuorumPanel::LagColumn)->text(), u"⚠ 17"_s);
        QCOMPARE(t->item(paused, QuorumPanel::LastFetchColumn)->text(), u"⚠ 8.2 s ago"_s);
        QCOMPARE(t->item(paused, QuorumPanel::RoleColumn)->text(), u"follower — lagging"_s);
        QVERIFY(panel.isRowLagging(paused));
        QVERIFY(t->item(paused, QuorumPanel::NodeColumn)->font().bold()); // not colour alone

        const int follower = rowOf(t, u"controller-1"_s);
        QCOMPARE(t->item(follower, QuorumPanel::LagColumn)->text(), u"0"_s);
        QCOMPARE(t->item(follower, QuorumPanel::RoleColumn)->text(), u"follower"_s);
        QVERIFY(!panel.isRowLagging(follower));
        QVERIFY(!t->item(follower, QuorumPanel::NodeColumn)->font().bold());

        const int broker = rowOf(t, u"kafka-1"_s);
        QCOMPARE(t->item(broker, QuorumPanel::RoleColumn)->text(), u"observer"_s);
        QCOMPARE(t->item(broker, QuorumPanel::LogEndColumn)->text(), u"149"_s);
        QCOMPARE(t->item(broker, QuorumPanel::LastFetchColumn)->text(), u"219 ms ago"_s);

        const QString shot = QDir::tempPath() + u"/tst_quorumpanel.png"_s;
        QVERIFY(panel.grab().save(shot));
    }

    void aNodeThatIsNotUpSaysDownNotFollower()
    {
        // A killed voter stays in the leader's DescribeQuorum answer as a follower whose fetches stop.
        QuorumPanel panel;
        panel.setFigures(recordedFigures());
        QTableWidget *t = panel.table();
        const int paused = rowOf(t, u"controller-3"_s);
        panel.setDownNodes({u"controller-3"_s, u"kafka-1"_s});
        QCOMPARE(t->item(paused, QuorumPanel::RoleColumn)->text(), u"✕ down (voter)"_s);
        QCOMPARE(t->item(rowOf(t, u"kafka-1"_s), QuorumPanel::RoleColumn)->text(), u"✕ down"_s);
        QCOMPARE(t->item(rowOf(t, u"controller-1"_s), QuorumPanel::RoleColumn)->text(), u"follower"_s);
        // Back up: the role from the figures again.
        panel.setDownNodes({});
        QCOMPARE(t->item(paused, QuorumPanel::RoleColumn)->text(), u"follower — lagging"_s);
    }

    void updatesInPlaceAndClearsTheMarkWhenCaughtUp()
    {
        QuorumPanel panel;
        QuorumFigures figures = recordedFigures();
        panel.setFigures(figures);
        QTableWidget *t = panel.table();
        const int paused = rowOf(t, u"controller-3"_s);
        t->selectRow(paused);
        QTableWidgetItem *before = t->item(paused, QuorumPanel::LagColumn);
        for (ReplicaFigures &r : figures.voters)
            if (r.id == 103) {
                r.logEndOffset = 149;
                r.lag = 0;
                r.lastFetchAgeMs = 120;
            }
        panel.setFigures(figures);
        QCOMPARE(t->item(paused, QuorumPanel::LagColumn), before); // the same item: the selection stays
        QVERIFY(t->selectionModel()->isRowSelected(paused, {}));
        QCOMPARE(t->item(paused, QuorumPanel::LagColumn)->text(), u"0"_s);
        QVERIFY(!panel.isRowLagging(paused));
        QVERIFY(!t->item(paused, QuorumPanel::NodeColumn)->font().bold());
    }

    void saysWhyWhenNoLeaderAnswers()
    {
        QuorumPanel panel;
        panel.setFigures(recordedFigures());
        panel.setUnavailable(u"controller-2: no answer within the timeout (paused, or not listening)"_s);
        QVERIFY2(panel.statusText().contains(u"No raft leader answered"_s), qPrintable(panel.statusText()));
        QVERIFY(panel.statusText().contains(u"figures below from"_s));
        QVERIFY(panel.findChildren<QLabel *>().at(1)->toolTip().contains(u"paused"_s)); // the reason, in full
        QCOMPARE(panel.table()->rowCount(), 4); // the last figures stay, marked as old
        panel.clear();
        QCOMPARE(panel.table()->rowCount(), 0);
    }
};

QTEST_MAIN(TestQuorumPanel)
#include "tst_quorumpanel.moc"
