// The KRaft picture on the canvas, fed with the events of real runs (Kafka 3.9.2 and 4.4.0, 3 controllers, the
// raft leader SIGKILLed with `ensemble kill` once healthy; tests/data/events/kraft-*-votes.*): the quorum
// area, each controller's role and epoch, the crown on the new leader, the old leader fenced by the higher epoch,
// every vote drawn as a request and an answer that show granted vs rejected and pre-vote vs vote, the legend of
// the mode shown, the election-timeout ring of a follower whose leader went silent, and the question asked before an
// action that loses the quorum.
#include "ClusterFeed.h"
#include "LegendWidget.h"
#include "NodeActionConfirmation.h"
#include "NodeItem.h"
#include "RaftVoteItem.h"
#include "RecordedRun.h"
#include "TopologyScene.h"
#include "TopologyView.h"

#include <QDir>
#include <QTest>

using namespace ensemble;
using namespace ensemble::ui;

namespace {
RaftVoteItem *findVote(TopologyScene *scene, const ClusterEvent &e)
{
    for (RaftVoteItem *v : scene->raftVotes())
        if (v->candidate() == e.fields.value(u"candidate"_s).toString() &&
            v->voter() == e.fields.value(u"voter"_s).toString() && v->epoch() == e.fields.value(u"epoch"_s).toInt() &&
            v->isPreVote() == e.fields.value(u"pre_vote"_s).toBool())
            return v;
    return nullptr;
}

// The node killed by the user in the recording (the raft leader of the time).
QString killedNode(const QList<ClusterEvent> &events)
{
    for (const ClusterEvent &e : events)
        if (e.kind == EventKind::FaultInjected && e.fault().action == u"kill")
            return e.fault().target;
    return {};
}
} // namespace

class TestKRaftCanvas : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void recordedElection_data()
    {
        QTest::addColumn<QString>("run");
        QTest::addColumn<bool>("hasPreVotes");
        QTest::newRow("3.9.2") << u"kraft-3.9.2-votes"_s << false;
        QTest::newRow("4.4.0") << u"kraft-4.4.0-votes"_s << true;
    }

    void recordedElection()
    {
        QFETCH(QString, run);
        QFETCH(bool, hasPreVotes);
        const RecordedRun rec = loadRun(run);
        QVERIFY2(!rec.events.isEmpty(), qPrintable(run));
        const QString killed = killedNode(rec.events);
        QVERIFY(!killed.isEmpty());

        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        LegendWidget legend(view.topologyScene());
        feed.reset(rec.layout);
        TopologyScene *scene = view.topologyScene();
        QVERIFY(scene->isKRaft());
        QVERIFY(legend.isKRaft());
        QVERIFY(legend.entryTexts().contains(u"pre-vote request (e = epoch)"_s));
        QVERIFY(legend.entryTexts().contains(u"rejected"_s));
        QVERIFY(legend.entryTexts().contains(u"follower without a leader: time to its fetch timeout"_s));
        QVERIFY(!legend.entryTexts().contains(u"ZooKeeper session"_s));

        // Controllers in the quorum row above the brokers.
        const QList<NodeLayout> voters = rec.layout.kraftControllers();
        QCOMPARE(voters.size(), 3);
        for (const NodeLayout &b : rec.layout.brokers())
            QVERIFY(scene->nodeItem(voters.first().name)->pos().y() < scene->nodeItem(b.name)->pos().y());

        // Every vote a voter answered is drawn as it was answered.
        int votes = 0, preVotes = 0, granted = 0, rejected = 0;
        bool killSeen = false;
        bool rejectedShot = false;
        for (const ClusterEvent &e : rec.events) {
            feed.apply(e);
            killSeen = killSeen || (e.kind == EventKind::FaultInjected && e.fault().target == killed);
            if (e.kind != EventKind::RaftVote || !scene->nodeItem(e.fields.value(u"candidate"_s).toString()))
                continue;
            RaftVoteItem *v = findVote(scene, e);
            QVERIFY2(v, qPrintable(e.toText()));
            const bool isGranted = e.fields.value(u"granted"_s).toBool();
            const int epoch = e.fields.value(u"epoch"_s).toInt();
            QCOMPARE(v->isGranted(), isGranted);
            QCOMPARE(v->answerPenStyle(), isGranted ? Qt::SolidLine : Qt::DashLine);
            QCOMPARE(v->answerLabel(), isGranted ? u"granted"_s : u"rejected"_s);
            QCOMPARE(v->requestLabel(), (v->isPreVote() ? u"pre-vote e%1"_s : u"vote e%1"_s).arg(epoch));
            ++votes;
            preVotes += v->isPreVote() ? 1 : 0;
            granted += isGranted ? 1 : 0;
            rejected += isGranted ? 0 : 1;
            if (killSeen && !isGranted && !rejectedShot) {
                // An artefact to look at: the canvas at the first rejected vote of the new election.
                // All events arrive at once here: show each arrow travelled, and only this election's (older
                // ones would have faded on a live screen).
                for (RaftVoteItem *a : scene->raftVotes()) {
                    a->setProgress(2);
                    a->setVisible(a->epoch() >= epoch - 1);
                }
                view.resize(900, 560);
                view.fitAll();
                rejectedShot = view.grab().save(QDir::tempPath() + u"/kraft-rejected-%1.png"_s.arg(run));
                QVERIFY(rejectedShot);
            }
            if (killSeen) {
                // During the new election the candidate's card says what it is, in its epoch.
                const NodeItem::Look look = scene->nodeItem(v->candidate())->look();
                QVERIFY2(look.role.contains(u" · e"_s), qPrintable(look.role));
            }
        }
        QVERIFY(votes >= 2);
        QVERIFY(granted >= 1);
        QCOMPARE(preVotes > 0, hasPreVotes);
        qInfo("%s: %d votes drawn (%d pre-votes, %d granted, %d rejected)", qPrintable(run), votes, preVotes, granted,
              rejected);

        // The end: one crown, on the leader the state names, in the highest epoch; the killed leader is fenced.
        const QString leader = feed.state().quorumLeader();
        QVERIFY(!leader.isEmpty());
        QVERIFY(leader != killed);
        int crowns = 0;
        for (NodeItem *item : scene->nodeItems())
            crowns += item->look().crown ? 1 : 0;
        QCOMPARE(crowns, 1);
        QVERIFY(scene->nodeItem(leader)->look().crown);
        const int epoch = scene->raftArea().picture().highestEpoch();
        QVERIFY(epoch >= 2);
        QCOMPARE(scene->nodeItem(leader)->look().role, u"leader · e%1"_s.arg(epoch));
        const NodeItem::Look old = scene->nodeItem(killed)->look();
        QCOMPARE(old.tag, NodeItem::Look::Tag::Fenced);
        QCOMPARE(old.tagText, u"FENCED by e%1"_s.arg(epoch));
        QVERIFY(!old.crown);
        // The follower that is left follows the new leader and shows whom it voted for or that it cast none.
        for (const NodeLayout &n : voters)
            if (n.name != leader && n.name != killed)
                QVERIFY2(scene->nodeItem(n.name)->look().role.startsWith(u"follower · e"_s),
                         qPrintable(scene->nodeItem(n.name)->look().role));

        // Brokers: registered and unfenced, with their partitions.
        for (const NodeLayout &b : rec.layout.brokers())
            QCOMPARE(scene->nodeItem(b.name)->look().role, u"unfenced"_s);

        // No quorum figures in the recording: no ring; with figures, the ring follows them.
        QVERIFY(scene->nodeItem(leader)->look().catchUp < 0);
        scene->setRaftOffsets(200, {{leader, 200}});
        QCOMPARE(scene->nodeItem(leader)->look().catchUp, 1.0);

        // Two of three controllers run: killing either loses the quorum, and the question says so.
        for (const NodeLayout &n : voters) {
            const QString effect = NodeActionConfirmation::quorumEffect(NodeAction::Kill, n.name, feed.state());
            if (n.name == killed)
                QVERIFY(effect.isEmpty());
            else
                QVERIFY2(effect.startsWith(u"This loses the quorum: only 1 of 3 controllers"_s), qPrintable(effect));
        }
    }

    void killingTheLeaderOfAHealthyQuorumSaysAnElectionFollows()
    {
        const RecordedRun rec = loadRun(u"kraft-4.4.0-votes"_s);
        QList<ClusterEvent> before;
        for (const ClusterEvent &e : rec.events) {
            if (e.kind == EventKind::FaultInjected)
                break;
            before.append(e);
        }
        ClusterFeed feed;
        feed.reset(rec.layout, before);
        const QString leader = feed.state().quorumLeader();
        QVERIFY(!leader.isEmpty());
        const QString effect = NodeActionConfirmation::quorumEffect(NodeAction::Kill, leader, feed.state());
        QVERIFY2(effect.contains(u"is the raft quorum leader"_s), qPrintable(effect));
        QVERIFY(NodeActionConfirmation::kraftExplanation(NodeAction::Pause, leader, false).contains(u"fences"_s));
        // A broker is no voter: no quorum question.
        QVERIFY(NodeActionConfirmation::quorumEffect(NodeAction::Kill, rec.layout.brokers().first().name, feed.state())
                    .isEmpty());
    }

    void legendFollowsTheMode()
    {
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        LegendWidget legend(view.topologyScene());
        const RecordedRun zk = loadRun(u"zk-leader-kill"_s);
        feed.reset(zk.layout, zk.events);
        QVERIFY(!legend.isKRaft());
        QVERIFY(legend.entryTexts().contains(u"ZooKeeper session"_s));
        QVERIFY(!legend.entryTexts().contains(u"granted"_s));
        const RecordedRun kraft = loadRun(u"kraft-3.9.2-votes"_s);
        feed.reset(kraft.layout, kraft.events);
        QVERIFY(legend.isKRaft());
        QVERIFY(!legend.entryTexts().contains(u"ZooKeeper session"_s));
    }

    void underMinIsrMarksTheLeadingBroker()
    {
        const RecordedRun rec = loadRun(u"kraft-4.4.0-votes"_s);
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        feed.reset(rec.layout, rec.events);
        TopologyScene *scene = view.topologyScene();
        auto marked = [&] {
            int n = 0;
            for (NodeItem *item : scene->nodeItems())
                n += item->look().underMinIsr;
            return n;
        };
        // The recorded topic keeps its 3 replicas in sync: min.insync.replicas 2 refuses nothing.
        scene->setMinIsr(MinIsrCheck({{u"FINANCE-STOCK-TRADING-TEST"_s, 2}}));
        QCOMPARE(marked(), 0);
        // Asking for more replicas in sync than exist marks every partition's leader.
        scene->setMinIsr(MinIsrCheck({{u"FINANCE-STOCK-TRADING-TEST"_s, 4}}));
        QCOMPARE(marked(), 3);
    }

    void electionTimeoutRingFillsUntilAFollowerStands()
    {
        const RecordedRun rec = loadRun(u"kraft-4.4.0-votes"_s);
        const QString killed = killedNode(rec.events);
        QVERIFY(!killed.isEmpty());
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        feed.reset(rec.layout);
        TopologyScene *scene = view.topologyScene();
        scene->setFollowerTimeoutMs(1000); // the demo profile's controller.quorum.fetch.timeout.ms
        QStringList survivors;
        for (const NodeLayout &n : rec.layout.kraftControllers())
            if (n.name != killed)
                survivors << n.name;
        QCOMPARE(survivors.size(), 2);

        // Until the leader's SIGKILL nobody's leader went silent: no timer on any ring.
        qsizetype i = 0;
        for (; i < rec.events.size(); ++i) {
            feed.apply(rec.events[i]);
            if (rec.events[i].kind == EventKind::NodeState && rec.events[i].node == killed &&
                rec.events[i].nodeState().state == u"killed"_s)
                break;
            for (NodeItem *item : scene->nodeItems())
                QVERIFY2(item->look().electionTimer < 0, qPrintable(item->name()));
        }
        QVERIFY(i < rec.events.size());
        // Killed: both followers wait, their rings start empty and fill with the scene's clock.
        for (const QString &n : survivors) {
            const NodeItem::Look look = scene->nodeItem(n)->look();
            QVERIFY2(look.waiting, qPrintable(n));
            QVERIFY2(look.electionTimer >= 0 && look.electionTimer < 0.2,
                     qPrintable(QString::number(look.electionTimer)));
        }
        QVERIFY(scene->isAnimating());
        QTest::qWait(300);
        const qreal later = scene->nodeItem(survivors.first())->look().electionTimer;
        QVERIFY2(later >= 0.25, qPrintable(QString::number(later)));
        // Full once the fetch timeout has passed; then the timer stops once the start-up election's votes (fed at
        // once above, so born at the same moment) have faded: a full ring does not keep it running.
        QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItem(survivors.first())->look().electionTimer, 1.0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!scene->isAnimating(), TopologyScene::kRaftVoteLifeMs + 3000);
        QCOMPARE(scene->nodeItem(survivors.first())->look().electionTimer, 1.0);
        view.resize(900, 560);
        view.fitAll();
        QVERIFY(view.grab().save(QDir::tempPath() + u"/kraft-election-timeout-ring.png"_s));

        // A follower that stands (pre-vote, then candidate) has no ring; an unattached voter (it lost an election)
        // waits without a timer (its election timeout is drawn at random); once a leader is elected, nobody waits.
        for (++i; i < rec.events.size(); ++i) {
            const ClusterEvent &e = rec.events[i];
            feed.apply(e);
            const QString state = e.fields.value(u"state"_s).toString();
            if (e.kind != EventKind::RaftStateChanged || !survivors.contains(e.node) || state == u"follower"_s)
                continue;
            QCOMPARE(scene->nodeItem(e.node)->look().waiting, state == u"unattached"_s);
            QCOMPARE(scene->nodeItem(e.node)->look().electionTimer, -1.0);
        }
        QVERIFY(scene->electionTimer() < 0);
        for (NodeItem *item : scene->nodeItems())
            QVERIFY2(item->look().electionTimer < 0 && !item->look().waiting, qPrintable(item->name()));
    }

    void pausedLeaderStartsTheRingAndItsResumeStopsIt()
    {
        const RecordedRun rec = loadRun(u"kraft-4.4.0-votes"_s);
        QList<ClusterEvent> before;
        for (const ClusterEvent &e : rec.events) {
            if (e.kind == EventKind::FaultInjected)
                break;
            before.append(e);
        }
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        feed.reset(rec.layout, before);
        TopologyScene *scene = view.topologyScene();
        scene->setFollowerTimeoutMs(1000);
        const QString leader = feed.state().quorumLeader();
        QVERIFY(!leader.isEmpty());
        const qint64 t = before.last().timeMs;
        feed.apply(makeEvent(t + 10, leader, EventKind::NodeState, {{u"state"_s, u"paused"_s}}, u"process"_s));
        int waiting = 0;
        for (const NodeLayout &n : rec.layout.kraftControllers())
            if (n.name != leader) {
                QVERIFY2(scene->nodeItem(n.name)->look().waiting, qPrintable(n.name));
                QVERIFY(scene->nodeItem(n.name)->look().electionTimer >= 0);
                ++waiting;
            }
        QCOMPARE(waiting, 2);
        feed.apply(makeEvent(t + 400, leader, EventKind::NodeState, {{u"state"_s, u"up"_s}}, u"process"_s));
        QVERIFY(scene->electionTimer() < 0);
        for (NodeItem *item : scene->nodeItems())
            QVERIFY2(!item->look().waiting && item->look().electionTimer < 0, qPrintable(item->name()));
    }

    void followerTimeoutComesFromTheClusterFile()
    {
        const RecordedRun rec = loadRun(u"kraft-4.4.0-votes"_s);
        ClusterSpec spec;
        spec.mode = ClusterMode::KRaft;
        QCOMPARE(RaftQuorumArea::followerTimeoutMs(spec, rec.layout), 1000); // demo profile
        spec.coordinatorConfig.insert(u"controller.quorum.fetch.timeout.ms"_s, u"1500"_s);
        QCOMPARE(RaftQuorumArea::followerTimeoutMs(spec, rec.layout), 1500);
        spec.coordinatorConfig.clear();
        spec.profile = Profile::Default;
        QCOMPARE(RaftQuorumArea::followerTimeoutMs(spec, rec.layout), 2000); // Kafka's default
        QCOMPARE(RaftQuorumArea::followerTimeoutMs(spec, loadRun(u"zk-leader-kill"_s).layout), 0);
    }

    void votesShowGrantedAndRejectedByShape()
    {
        RaftVoteItem yes(u"a"_s, u"b"_s, 5, false, true), no(u"a"_s, u"b"_s, 5, true, false);
        QCOMPARE(yes.requestLabel(), u"vote e5"_s);
        QCOMPARE(no.requestLabel(), u"pre-vote e5"_s);
        QVERIFY(yes.answerPenStyle() != no.answerPenStyle());
        QVERIFY(RaftVoteItem::answerColor(true) != RaftVoteItem::answerColor(false));
    }
};

QTEST_MAIN(TestKRaftCanvas)
#include "tst_kraftcanvas.moc"
