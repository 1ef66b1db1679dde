// The topology canvas shows what a recorded real run says: roles, the quorum leader's crown, the controller's
// badge, node states, edges; votes appear as arrows while an election runs and fade afterwards.
#include "ClusterFeed.h"
#include "NodeItem.h"
#include "NodeStyle.h"
#include "RecordedRun.h"
#include "TopologyScene.h"
#include "TopologyView.h"
#include "VoteArrowItem.h"

#include <QSignalSpy>
#include <QTest>

using namespace ensemble;
using namespace ensemble::ui;

class TestTopologyView : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void nodeCardTextContrastIsAtLeast4_5()
    {
        QVERIFY(qAbs(contrastRatio(Qt::white, Qt::black) - 21.0) < 0.01);
        for (NodeState state : allNodeStates()) {
            const double ratio = contrastRatio(stateColor(state), textColorOn(stateColor(state)));
            QVERIFY2(ratio >= 4.5, qPrintable(u"%1: %2:1"_s.arg(toString(state)).arg(ratio, 0, 'f', 2)));
        }
    }

    void showsRolesCrownAndBadgeOfRecordedRun()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        QVERIFY(!run.events.isEmpty());
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        feed.reset(run.layout, run.events);
        TopologyScene *scene = view.topologyScene();
        QCOMPARE(scene->nodeItems().size(), 6);
        // zookeeper-3 won the recorded election; kafka-2 became the controller.
        QVERIFY(scene->nodeItem(u"zookeeper-3"_s)->look().crown);
        QCOMPARE(scene->nodeItem(u"zookeeper-3"_s)->look().role, u"leader"_s);
        QVERIFY(!scene->nodeItem(u"zookeeper-1"_s)->look().crown);
        QCOMPARE(scene->nodeItem(u"zookeeper-1"_s)->look().role, u"follower"_s);
        QVERIFY(scene->nodeItem(u"kafka-2"_s)->look().badge);
        QVERIFY(!scene->nodeItem(u"kafka-1"_s)->look().badge);
        QCOMPARE(scene->nodeItem(u"kafka-2"_s)->look().role, u"controller"_s);
        QCOMPARE(scene->nodeItem(u"kafka-2"_s)->look().detail, u"leads 2 of 3"_s);
        for (NodeItem *item : scene->nodeItems())
            QVERIFY(item->look().state == NodeState::Up);
        // The leader is linked to both followers; every broker has its ZooKeeper session.
        QCOMPARE(scene->quorumEdgeCount(), 2);
        QCOMPARE(scene->sessionEdgeCount(), 3);
        // Coordinators sit above the brokers.
        QVERIFY(scene->nodeItem(u"zookeeper-2"_s)->pos().y() < scene->nodeItem(u"kafka-2"_s)->pos().y());
    }

    void followsStateChangesOfThePausedBroker()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        feed.reset(run.layout);
        int paused = -1;
        for (int i = 0; i < run.events.size(); ++i) {
            feed.apply(run.events[i]);
            if (run.events[i].kind == EventKind::NodeState && run.events[i].node == u"kafka-1" &&
                run.events[i].fields.value(u"state"_s) == u"paused"_s) {
                paused = i;
                break;
            }
        }
        QVERIFY(paused > 0);
        NodeItem *kafka1 = view.topologyScene()->nodeItem(u"kafka-1"_s);
        QVERIFY(kafka1->look().state == NodeState::Paused);
        QCOMPARE(kafka1->look().role, u"paused"_s);
        const QString tip = view.topologyScene()->tooltipFor(u"kafka-1"_s, run.events[paused].timeMs + 3000);
        QVERIFY2(tip.contains(u"pid: 2078"_s), qPrintable(tip));
        QVERIFY2(tip.contains(u"listener: 127.0.0.1:44491"_s), qPrintable(tip));
        QVERIFY2(tip.contains(u"for 3 s"_s), qPrintable(tip));
    }

    void votesAreArrowsDuringAnElectionAndFadeAfter()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        feed.reset(run.layout, run.events);
        TopologyScene *scene = view.topologyScene();
        QVERIFY(!scene->isAnimating());
        // As in the walkthrough: zookeeper-3 (the leader) is killed, 1 and 2 vote.
        feed.apply(makeEvent(5896, u"zookeeper-3"_s, EventKind::NodeState,
                             {{u"state"_s, u"killed"_s}, {u"exit_code"_s, 9}}, u"process"_s));
        QVERIFY(!scene->nodeItem(u"zookeeper-3"_s)->look().crown);
        feed.apply(voteEvent(5899, u"zookeeper-1"_s, u"zookeeper-2"_s, u"zookeeper-2"_s, 2, 1));
        feed.apply(voteEvent(5900, u"zookeeper-2"_s, u"zookeeper-1"_s, u"zookeeper-3"_s, 1, 1));
        feed.apply(voteEvent(5905, u"zookeeper-2"_s, u"zookeeper-1"_s, u"zookeeper-1"_s, 2, 1));
        // The same vote seen by another receiver is the same arrow.
        feed.apply(voteEvent(5907, u"zookeeper-1"_s, u"zookeeper-1"_s, u"zookeeper-1"_s, 2, 1));
        QVERIFY(scene->isAnimating());
        QList<VoteArrowItem *> arrows = scene->voteArrows();
        // zookeeper-1's round-2 vote replaced its round-1 vote; zookeeper-2 votes for itself.
        QCOMPARE(arrows.size(), 2);
        QStringList seen;
        for (VoteArrowItem *a : arrows)
            seen.append(a->voter() + u"->"_s + a->candidate() + u' ' + a->label());
        seen.sort();
        QCOMPARE(seen, (QStringList{u"zookeeper-1->zookeeper-1 e1 zxid 0x100000048"_s,
                                    u"zookeeper-2->zookeeper-2 e1 zxid 0x100000048"_s}));
        feed.apply(voteEvent(6117, u"zookeeper-1"_s, u"zookeeper-1"_s, u"zookeeper-2"_s, 2, 1));
        arrows = scene->voteArrows();
        QCOMPARE(arrows.size(), 2);
        bool oneToTwo = false;
        for (VoteArrowItem *a : arrows)
            oneToTwo |= a->voter() == u"zookeeper-1" && a->candidate() == u"zookeeper-2" && !a->isSelfVote();
        QVERIFY(oneToTwo);
        feed.apply(makeEvent(6320, u"zookeeper-2"_s, EventKind::PeerState, {{u"state"_s, u"leading"_s}}));
        feed.apply(makeEvent(6330, u"zookeeper-2"_s, EventKind::LeaderElected,
                             {{u"leader"_s, u"zookeeper-2"_s}, {u"id"_s, 2}, {u"took_ms"_s, 434}}));
        QVERIFY(scene->nodeItem(u"zookeeper-2"_s)->look().crown);
        QTRY_VERIFY(scene->nodeItem(u"zookeeper-2"_s)->pulse() >= 0);
        // Everything fades, then the timer stops.
        QTRY_VERIFY_WITH_TIMEOUT(scene->voteArrows().isEmpty(), 4000);
        QTRY_VERIFY_WITH_TIMEOUT(!scene->isAnimating(), 4000);
        QCOMPARE(scene->nodeItem(u"zookeeper-2"_s)->pulse(), -1.0);
    }

    void rendersInLightAndDarkPalettes()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed feed;
        TopologyView view;
        view.resize(800, 600);
        view.setFeed(&feed);
        feed.reset(run.layout, run.events);
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        view.setPalette(dark);
        const QImage image = view.viewport()->grab().toImage();
        QVERIFY(!image.isNull());
        QCOMPARE(image.pixelColor(2, 2), QColor(0x1e, 0x1f, 0x22));
    }
};

QTEST_MAIN(TestTopologyView)
#include "tst_topologyview.moc"
