// The timeline lists every event, filters them by node, kind and text, finds the elections of a recorded run and
// replays one into its own feed in the recorded order; the logs view jumps to the line behind an event.
#include "ClusterFeed.h"
#include "ElectionReplay.h"
#include "EventFilter.h"
#include "EventModel.h"
#include "LogLine.h"
#include "LogWidget.h"
#include "RecordedRun.h"
#include "TimelineWidget.h"
#include "TopologyScene.h"
#include "TopologyView.h"
#include "VoteArrowItem.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

using namespace ensemble;
using namespace ensemble::ui;

class TestTimeline : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void listsAndFiltersEveryEvent()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, run.events);
        QCOMPARE(timeline.model()->rowCount(), run.events.size());
        QCOMPARE(timeline.filter()->rowCount(), run.events.size());
        timeline.filter()->setKind(u"vote"_s);
        int votes = 0;
        for (const ClusterEvent &e : run.events)
            votes += e.kind == EventKind::Vote ? 1 : 0;
        QCOMPARE(timeline.filter()->rowCount(), votes);
        timeline.filter()->setNode(u"zookeeper-3"_s); // votes it cast, received or got
        QVERIFY(timeline.filter()->rowCount() > 0);
        QVERIFY(timeline.filter()->rowCount() < votes);
        timeline.filter()->setKind({});
        timeline.filter()->setNode({});
        timeline.filter()->setSearch(u"PAUSE kafka-1"_s);
        QCOMPARE(timeline.filter()->rowCount(), 1);
        QCOMPARE(timeline.filter()->index(0, EventModel::Kind).data().toString(), u"fault_injected"_s);
    }

    void findsTheRecordedElection()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        const QList<ElectionSpan> spans = findElections(run.events, run.layout);
        // The start-up election, then the failover of the paused broker's partition.
        QCOMPARE(spans.size(), 2);
        const ElectionSpan &election = spans[0];
        QVERIFY(election.kind == ElectionSpan::Kind::ZooKeeper);
        QCOMPARE(election.leader, u"zookeeper-3"_s);
        QCOMPARE(election.tookMs, 251);
        QVERIFY(run.events[election.last].kind == EventKind::LeaderElected);
        // It starts with what led to it: the servers coming up and turning to "looking" just before.
        const EventKind firstKind = run.events[election.first].kind;
        QVERIFY(firstKind == EventKind::PeerState || firstKind == EventKind::NodeState);
        QVERIFY(run.events[election.first].timeMs < 1160); // the first election_started
        for (int i = election.first + 1; i < election.last; ++i)
            QVERIFY(run.events[i].kind != EventKind::LeaderElected);
        // The failover starts at the user's pause of kafka-1 and names it.
        const ElectionSpan &failover = spans[1];
        QVERIFY(failover.kind == ElectionSpan::Kind::Partition);
        QVERIFY(run.events[failover.first].kind == EventKind::FaultInjected);
        QCOMPARE(failover.cause, u"broker 1 paused: its session expires"_s);
        QVERIFY2(failover.title().contains(u"FINANCE-STOCK-TRADING-TEST-1 → broker 2"_s), qPrintable(failover.title()));
        QVERIFY(!failover.title().contains(u"-1 ->"_s));
    }

    void aServerThatRejoinsFollowsTheSittingLeader()
    {
        // Recorded: 3 + 3, the ZooKeeper leader (zookeeper-3) killed at 13.0 s and started again at 19.0 s. The
        // restarted server looks, hears the sitting leader's vote and follows it: no leader_elected, and not an
        // election that never ended.
        const RecordedRun run = loadRun(u"zk-leader-kill-rejoin"_s);
        const QList<ElectionSpan> spans = findElections(run.events, run.layout);
        QCOMPARE(spans.size(), 3);
        QCOMPARE(spans[0].leader, u"zookeeper-3"_s); // the start-up election
        QVERIFY(spans[0].rejoined.isEmpty());
        QCOMPARE(spans[1].leader, u"zookeeper-2"_s); // after the kill
        QVERIFY(spans[1].rejoined.isEmpty());
        QVERIFY(run.events[spans[1].last].kind == EventKind::LeaderElected);
        const ElectionSpan &rejoin = spans[2];
        QCOMPARE(rejoin.rejoined, u"zookeeper-3"_s);
        QCOMPARE(rejoin.leader, u"zookeeper-2"_s);
        QVERIFY(run.events[rejoin.first].timeMs >= 19000);
        // Its last notifications, logged after it follows, belong to it: no election opens after it.
        QVERIFY(run.events[rejoin.last].timeMs < 20000);
        QVERIFY2(rejoin.title().contains(u"zookeeper-3 rejoins, follows zookeeper-2"_s), qPrintable(rejoin.title()));
        QVERIFY(!rejoin.title().contains(u"no leader yet"_s));
    }

    void aServerThatStartsLateJoinsTheSittingLeader()
    {
        // Recorded: 3 + 3 where zookeeper-2's JVM came up after the other two had elected zookeeper-3; then the
        // leader killed. The late server's join is not an election that runs until the next leader_elected, nor
        // does the sitting leader's sync phase count as a new leader.
        const RecordedRun run = loadRun(u"zk-late-server-kill"_s);
        const QList<ElectionSpan> spans = findElections(run.events, run.layout);
        QStringList titles;
        for (const ElectionSpan &s : spans)
            titles.append(s.title());
        QVERIFY2(spans.size() >= 3, qPrintable(titles.join(u" | "_s)));
        QCOMPARE(spans[0].leader, u"zookeeper-3"_s);
        QCOMPARE(spans[1].rejoined, u"zookeeper-2"_s);
        QCOMPARE(spans[1].leader, u"zookeeper-3"_s);
        QVERIFY(run.events[spans[1].first].timeMs >= 2200); // not the previous election's sync phases
        QVERIFY(run.events[spans[1].last].timeMs < 3000);
        QCOMPARE(spans[2].leader, u"zookeeper-2"_s); // the kill of zookeeper-3
        QVERIFY(run.events[spans[2].first].timeMs > 10000);
        QVERIFY(spans[2].rejoined.isEmpty());
    }

    void replaysAnElectionStepByStep()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed replayFeed;
        TopologyView view;
        view.setFeed(&replayFeed);
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, run.events);
        QSignalSpy active(&timeline, &TimelineWidget::replayActiveChanged);
        timeline.replayElection(0);
        QCOMPARE(active.size(), 1);
        QVERIFY(timeline.isReplaying());
        const ElectionSpan span = timeline.elections().at(0);
        // Before the first step: nobody leads yet, the election has not been applied.
        QVERIFY(replayFeed.state().quorumLeader().isEmpty());
        QCOMPARE(replayFeed.events().size(), span.first);
        QSignalSpy stepped(timeline.replay(), &ElectionReplay::stepped);
        bool sawArrow = false;
        while (timeline.replay()->step())
            sawArrow |= !view.topologyScene()->voteArrows().isEmpty();
        QVERIFY(sawArrow);
        const QList<ReplayStep> &steps = timeline.replay()->steps();
        QCOMPARE(stepped.size(), steps.size());
        // Fewer steps than events (each vote once), and every event of the span in exactly one step.
        QVERIFY2(steps.size() < span.last - span.first + 1, qPrintable(QString::number(steps.size())));
        QList<int> applied;
        for (const ReplayStep &step : steps) {
            QVERIFY(!step.caption.isEmpty());
            applied += step.events;
        }
        std::sort(applied.begin(), applied.end());
        QList<int> expected;
        for (int i = span.first; i <= span.last; ++i)
            expected.append(i);
        QCOMPARE(applied, expected);
        QCOMPARE(replayFeed.state().quorumLeader(), u"zookeeper-3"_s);
        QCOMPARE(replayFeed.events().size(), span.last + 1);
        QVERIFY(timeline.caption().startsWith(u"zookeeper-3 leads."_s));
    }

    void groupsEachZooKeeperVoteOnceWithItsReceivers()
    {
        // Recorded with the window: the default cluster, then `ensemble kill zookeeper-3` from another process.
        const RecordedRun run = loadRun(u"zk-leader-kill"_s);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, run.events);
        const ElectionSpan span = timeline.elections().at(1);
        QVERIFY(span.kind == ElectionSpan::Kind::ZooKeeper);
        timeline.replayElection(1);
        QSet<QString> keys;
        QStringList captions;
        int votes = 0;
        for (const ReplayStep &step : timeline.replay()->steps()) {
            captions.append(step.caption);
            const ClusterEvent &first = run.events[step.events.first()];
            if (first.kind != EventKind::Vote)
                continue;
            const VoteFields v = first.vote();
            const QString key = v.voter + u'|' + v.candidate + u'|' + QString::number(v.round);
            QVERIFY2(!keys.contains(key), qPrintable(key)); // each vote once
            keys.insert(key);
            for (int i : step.events) {
                QVERIFY(run.events[i].kind == EventKind::Vote);
                QCOMPARE(run.events[i].vote().voter, v.voter);
                QCOMPARE(run.events[i].vote().candidate, v.candidate);
                ++votes;
            }
        }
        int recorded = 0;
        for (int i = span.first; i <= span.last; ++i)
            recorded += run.events[i].kind == EventKind::Vote ? 1 : 0;
        QCOMPARE(votes, recorded); // 6 notifications ...
        QCOMPARE(keys.size(), 3);  // ... of 3 votes: 2 for itself, 1 for itself, then 1 for 2
        const QString all = captions.join(u'\n');
        QVERIFY2(all.contains(u"zookeeper-1 changes its vote from zookeeper-1 to zookeeper-2: (epoch 1, zxid "
                              u"0x100000048, id 2) beats (epoch 1, zxid 0x100000048, id 1) — the same epoch and "
                              u"zxid, and a higher server id. Received by zookeeper-1 and zookeeper-2."_s),
                 qPrintable(all));
        QVERIFY2(captions.constLast().startsWith(u"zookeeper-2 leads. 2 of 3 servers voted for it (zookeeper-1 and "
                                                 u"zookeeper-2): a majority. Votes are ordered by epoch, then zxid, "
                                                 u"then server id: its (epoch 1, zxid 0x100000048, id 2) beats "
                                                 u"zookeeper-1's (epoch 1, zxid 0x100000048, id 1)"_s),
                 qPrintable(captions.constLast()));
        QVERIFY(captions.constFirst().startsWith(u"You killed zookeeper-3"_s));
        // The start-up election: every server at zxid 0, the highest id wins.
        timeline.replayElection(0);
        QVERIFY(timeline.replay()->steps().constLast().caption.contains(
            u"its (epoch 0, zxid 0x0, id 3) beats zookeeper-2's (epoch 0, zxid 0x0, id 2) — the same epoch and zxid, "
            u"and a higher server id"_s));
    }

    void pacesTheReplayByStepsNotByRecordedTime()
    {
        const RecordedRun run = loadRun(u"zk-leader-kill"_s);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, run.events);
        timeline.setSpeed(0.5);
        QCOMPARE(timeline.replay()->intervalMs(), 2000); // 0.5×: a step every 2 s
        timeline.setSpeed(0.1);
        QCOMPARE(timeline.replay()->intervalMs(), 10000);
        timeline.setSpeed(1.0);
        QCOMPARE(timeline.replay()->intervalMs(), ElectionReplay::kStepMs);
        timeline.replayElection(1); // its 16 events fell within 253 ms
        QVERIFY(timeline.replay()->steps().size() >= 5);
        QElapsedTimer clock;
        QList<qint64> at;
        connect(timeline.replay(), &ElectionReplay::stepped, this, [&] { at.append(clock.elapsed()); });
        clock.start();
        timeline.replay()->play();
        // Step 0 at once; step k at k seconds, never earlier.
        QCOMPARE(at.size(), 1);
        QVERIFY(at[0] < 100);
        QTest::qWait(300);
        QCOMPARE(at.size(), 1); // not 12 of 16 after a quarter second
        QTRY_COMPARE_WITH_TIMEOUT(at.size(), 3, 6000);
        timeline.replay()->pause();
        // Never early; late only by what a busy machine adds (a repeating timer does not add it up).
        QVERIFY2(at[1] >= 1000 && at[1] < 2500, qPrintable(QString::number(at[1])));
        QVERIFY2(at[2] >= 2000 && at[2] < 3500, qPrintable(QString::number(at[2])));
        QCOMPARE(timeline.replay()->stepsDone(), 3);
        QVERIFY(!timeline.replay()->isPlaying());
        // Stepping by hand goes on from there; the end state is the recorded one.
        while (timeline.replay()->step()) {
        }
        QCOMPARE(replayFeed.state().quorumLeader(), u"zookeeper-2"_s);
        QVERIFY(replayFeed.state().node(u"zookeeper-3"_s)->state == NodeState::Killed);
        QSignalSpy inactive(&timeline, &TimelineWidget::replayActiveChanged);
        timeline.stopReplay();
        QCOMPARE(inactive.size(), 1);
        QCOMPARE(inactive[0][0].toBool(), false);
    }

    void chooserFollowsTheNewestElectionUnlessPicked()
    {
        const RecordedRun run = loadRun(u"zk-leader-kill"_s);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, {});
        auto *chooser = timeline.findChild<QComboBox *>(u"ElectionChooser"_s);
        QVERIFY(chooser);
        int i = 0;
        for (; i < run.events.size() && timeline.elections().size() < 1; ++i)
            timeline.appendEvent(run.events[i]);
        QCOMPARE(timeline.chosenElection(), 0);
        for (; i < run.events.size() && timeline.elections().size() < 2; ++i)
            timeline.appendEvent(run.events[i]);
        QCOMPARE(timeline.chosenElection(), 1); // the new election, not the start-up one, while it runs
        QVERIFY(chooser->currentText().contains(u"no leader yet"_s));
        for (; i < run.events.size() && timeline.elections().at(1).leader.isEmpty(); ++i)
            timeline.appendEvent(run.events[i]);
        QCOMPARE(timeline.chosenElection(), 1);
        QVERIFY(chooser->currentText().contains(u"→ zookeeper-2"_s));
        // The user picks the first: later elections and failovers leave the choice alone.
        chooser->setCurrentIndex(0);
        Q_EMIT chooser->activated(0);
        for (; i < run.events.size(); ++i)
            timeline.appendEvent(run.events[i]);
        QVERIFY(timeline.elections().size() > 2); // the failovers of `ensemble down`
        QCOMPARE(timeline.chosenElection(), 0);
        // A new run: the newest again.
        timeline.setEvents(run.layout, run.events);
        QCOMPARE(timeline.chosenElection(), int(timeline.elections().size()) - 1);
    }

    void replaysPartitionFailoversWithTheirReason()
    {
        const RecordedRun run = loadRun(u"zk-leader-kill"_s);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, run.events);
        // The timeline never says "-1": the first leader of a partition is "no leader → broker N".
        timeline.filter()->setKind(u"partition_leader_changed"_s);
        QVERIFY(timeline.filter()->rowCount() > 0);
        QCOMPARE(timeline.filter()->index(0, EventModel::What).data().toString(),
                 u"FINANCE-STOCK-TRADING-TEST-2 leader: no leader → broker 3"_s);
        for (int r = 0; r < timeline.filter()->rowCount(); ++r)
            QVERIFY(!timeline.filter()->index(r, EventModel::What).data().toString().contains(u" -1"_s));
        // `ensemble down` stops kafka-1 first: a controlled shutdown moves its partition to broker 2.
        int failover = -1;
        for (int n = 0; n < timeline.elections().size(); ++n)
            if (timeline.elections()[n].kind == ElectionSpan::Kind::Partition && failover < 0)
                failover = n;
        QVERIFY(failover >= 0);
        QCOMPARE(timeline.elections()[failover].cause, u"broker 1 stopping"_s);
        timeline.replayElection(failover);
        QStringList captions;
        while (timeline.replay()->step())
            captions.append(timeline.caption());
        captions.append(timeline.caption());
        QVERIFY2(captions.join(u'\n').contains(
                     u"FINANCE-STOCK-TRADING-TEST-0: broker 1 → broker 2 — the controller moved leadership to broker "
                     u"2, in the ISR [1,2,3], before broker 1 stopped."_s),
                 qPrintable(captions.join(u'\n')));
        QCOMPARE(replayFeed.state().topics().value(u"FINANCE-STOCK-TRADING-TEST"_s).partitions.value(0).leader, 2);
    }

    void replaysARaftElectionWithPreVotesAndTheMajority_data()
    {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("leader");
        QTest::addColumn<int>("epoch");
        QTest::addColumn<QStringList>("says");
        // Recorded: `ensemble up -f kraft.yaml` (3 controllers + 2 brokers, demo profile), then `ensemble kill` of the
        // quorum leader; 4.4.0 (pre-votes, a split vote in epoch 3) and 3.9.2 (no pre-votes, a split vote in 5).
        QTest::newRow("4.4.0") << u"kraft-4.4.0-leader-kill"_s << u"controller-1"_s << 4
                               << QStringList{
                                      u"You killed controller-3 (SIGKILL)"_s,
                                      u"controller-1 grants controller-2 a pre-vote in epoch 2: it would vote for it "
                                      u"(the candidate's log, offset 45 in epoch 2, is at least as up to date as its "
                                      u"own); a pre-vote raises no epoch."_s,
                                      u"controller-2 is CANDIDATE in epoch 3"_s,
                                      u"controller-1 rejects controller-2's vote for epoch 3: it stands in epoch 3 "
                                      u"itself and voted for itself — one vote per epoch."_s,
                                      u"controller-1 did not win epoch 3 (no majority): it is PROSPECTIVE again"_s,
                                      u"controller-2 votes for controller-1 in epoch 4"_s,
                                      u"controller-1 leads epoch 4: votes from controller-2 and itself — 2 of 3 "
                                      u"voters, a majority in one epoch"_s};
        QTest::newRow("3.9.2") << u"kraft-3.9.2-leader-kill"_s << u"controller-2"_s << 6
                               << QStringList{
                                      u"controller-3 rejects controller-2's vote for epoch 5: it stands in epoch 5 "
                                      u"itself and voted for itself — one vote per epoch."_s,
                                      u"controller-2's election timed out without a majority (a split vote"_s,
                                      u"controller-2 tries again: CANDIDATE in epoch 6"_s,
                                      u"controller-3 votes for controller-2 in epoch 6"_s,
                                      u"controller-2 leads epoch 6: votes from controller-3 and itself — 2 of 3 "
                                      u"voters, a majority in one epoch"_s};
    }

    void replaysARaftElectionWithPreVotesAndTheMajority()
    {
        QFETCH(QString, run);
        QFETCH(QString, leader);
        QFETCH(int, epoch);
        QFETCH(QStringList, says);
        const RecordedRun recorded = loadRun(run);
        QVERIFY(!recorded.events.isEmpty());
        ClusterFeed replayFeed;
        TopologyView view;
        view.setFeed(&replayFeed);
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(recorded.layout, recorded.events);
        // The chooser lists the start-up election, the one after the kill, and the brokers' failovers.
        int election = -1;
        int raftElections = 0;
        for (int n = 0; n < timeline.elections().size(); ++n) {
            if (timeline.elections()[n].kind != ElectionSpan::Kind::Raft)
                continue;
            ++raftElections;
            if (timeline.elections()[n].leader == leader)
                election = n;
        }
        QCOMPARE(raftElections, 2);
        QVERIFY(election >= 0);
        QCOMPARE(timeline.elections()[election].epoch.value_or(-1), epoch);
        QVERIFY(timeline.elections()[election].title().startsWith(u"KRaft election at "_s));
        timeline.replayElection(election);
        QStringList captions;
        while (timeline.replay()->step())
            captions.append(timeline.caption());
        captions.append(timeline.caption());
        const QString all = captions.join(u'\n');
        for (const QString &text : says)
            QVERIFY2(all.contains(text), qPrintable(u"missing: "_s + text + u"\nin:\n"_s + all));
        // In the order they happened.
        qsizetype at = 0;
        for (const QString &text : says) {
            const qsizetype found = all.indexOf(text, at);
            QVERIFY2(found >= at, qPrintable(text));
            at = found;
        }
        QVERIFY(captions.constLast().startsWith(leader + u" leads epoch "_s));
        QCOMPARE(replayFeed.state().quorumLeader(), leader);
        // Fewer steps than events: brokers echoing an epoch and a vote's own transition are not steps of their own.
        const ElectionSpan span = timeline.elections()[election];
        QVERIFY(timeline.replay()->steps().size() < span.last - span.first + 1);
    }

    void replaysAKRaftPartitionFailover_data()
    {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("says");
        QTest::newRow("4.4.0 kill") << u"kraft-4.4.0-leader-kill"_s << u"orders-0 → broker 2 (broker 1 killed)"_s
                                    << u"orders-0: broker 1 → broker 2 — the controller picked broker 2 from the ISR "
                                       u"[1,2] (broker 1 killed)."_s;
        QTest::newRow("3.9.2 stop") << u"kraft-3.9.2-leader-kill"_s
                                    << u"orders-1 → broker 2 (broker 1 stopped: controlled shutdown)"_s
                                    << u"orders-1: broker 1 → broker 2 — the controller moved leadership to broker "
                                       u"2, in the ISR [1,2], before broker 1 stopped."_s;
    }

    void replaysAKRaftPartitionFailover()
    {
        QFETCH(QString, run);
        QFETCH(QString, title);
        QFETCH(QString, says);
        const RecordedRun recorded = loadRun(run);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(recorded.layout, recorded.events);
        int failover = -1;
        for (int n = 0; n < timeline.elections().size(); ++n)
            if (timeline.elections()[n].kind == ElectionSpan::Kind::Partition)
                failover = n;
        QVERIFY(failover >= 0);
        QVERIFY2(timeline.elections()[failover].title().endsWith(title),
                 qPrintable(timeline.elections()[failover].title()));
        timeline.replayElection(failover);
        QStringList captions;
        while (timeline.replay()->step())
            captions.append(timeline.caption());
        captions.append(timeline.caption());
        QVERIFY2(captions.contains(says), qPrintable(captions.join(u'\n')));
    }

    void filtersRaftVotesAndPreVotes()
    {
        const RecordedRun run = loadRun(u"kraft-4.4.0-leader-kill"_s);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, run.events);
        int preVotes = 0, votes = 0, raft = 0, fencing = 0;
        for (const ClusterEvent &e : run.events) {
            if (e.kind == EventKind::BrokerFenced || e.kind == EventKind::BrokerUnfenced ||
                e.kind == EventKind::BrokerUnregistered || e.kind == EventKind::ControlledShutdown)
                ++fencing;
            if (e.kind == EventKind::RaftVote)
                (e.fields.value(u"pre_vote"_s).toBool() ? preVotes : votes)++;
            if (e.kind == EventKind::RaftVote || e.kind == EventKind::RaftStateChanged)
                ++raft;
        }
        QVERIFY(preVotes > 0 && votes > 0);
        timeline.filter()->setKind(EventFilter::kPreVotes);
        QCOMPARE(timeline.filter()->rowCount(), preVotes);
        timeline.filter()->setKind(EventFilter::kRaftVotes);
        QCOMPARE(timeline.filter()->rowCount(), votes);
        timeline.filter()->setKind(EventFilter::kRaft);
        QVERIFY(timeline.filter()->rowCount() > raft);
        timeline.filter()->setKind(EventFilter::kFencing);
        QCOMPARE(timeline.filter()->rowCount(), fencing);
        QVERIFY(fencing >= 2); // kafka-1 killed, kafka-2 at shutdown
        timeline.filter()->setKind(EventFilter::kLeaders);
        for (int r = 0; r < timeline.filter()->rowCount(); ++r)
            QVERIFY(!timeline.filter()->index(r, EventModel::What).data().toString().contains(u" -1"_s));
    }

    void aHistoryLoadedAtOnceShowsItsNewestEvents()
    {
        // An attached cluster's history arrives in one setEvents(): with Follow on, its end is in view.
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.resize(700, 260);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        timeline.setEvents(run.layout, run.events);
        QScrollBar *bar = timeline.table()->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void followKeepsTheNewestEventInViewUntilScrolledAway()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        QVERIFY(run.events.size() > 60);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.resize(700, 260);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        timeline.setEvents(run.layout, {});
        QScrollBar *bar = timeline.table()->verticalScrollBar();
        for (int i = 0; i < 50; ++i)
            timeline.appendEvent(run.events[i]);
        QVERIFY(timeline.isFollowing());
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        // The user scrolls up: Follow goes off, new events are counted instead of scrolled to.
        bar->triggerAction(QAbstractSlider::SliderToMinimum);
        QTRY_VERIFY(!timeline.isFollowing());
        for (int i = 50; i < 55; ++i)
            timeline.appendEvent(run.events[i]);
        QCOMPARE(bar->value(), 0);
        QCOMPARE(timeline.unseenEvents(), 5);
        QVERIFY(timeline.newEventsMarker()->isVisible());
        QCOMPARE(timeline.newEventsMarker()->text(), u"5 new events ↓"_s);
        // The marker follows again.
        QTest::mouseClick(timeline.newEventsMarker(), Qt::LeftButton);
        QVERIFY(timeline.isFollowing());
        QVERIFY(!timeline.newEventsMarker()->isVisible());
        QTRY_COMPARE(bar->value(), bar->maximum());
        // A replay scrolls the table; "Back to live" ends it and follows again.
        for (int i = 55; i < run.events.size(); ++i)
            timeline.appendEvent(run.events[i]);
        QVERIFY(!timeline.elections().isEmpty());
        timeline.replayElection(0);
        timeline.replay()->step();
        timeline.setFollowing(false);
        QPushButton *live = nullptr;
        for (QPushButton *b : timeline.findChildren<QPushButton *>())
            if (b->text() == u"Back to live"_s)
                live = b;
        QVERIFY(live && live->isVisible());
        QTest::mouseClick(live, Qt::LeftButton);
        QVERIFY(!timeline.isReplaying());
        QVERIFY(timeline.isFollowing());
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void logsForgetThePreviousRun()
    {
        QTemporaryDir dir;
        auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(u"run1.log"_s, "2026-11-25 14:47:13,541 INFO [org.apache.kafka] first run\n");
        write(u"run2.log"_s, "2026-11-25 15:00:00,000 INFO [org.apache.kafka] second run\n");
        LogWidget logs;
        logs.setRun({u"kafka-1"_s}, {{u"kafka-1"_s, dir.filePath(u"run1.log"_s)}});
        logs.appendLine(u"kafka-1"_s, u"2026-11-25 14:47:14,000 INFO [org.apache.kafka] live in run 1"_s);
        QVERIFY(logs.visibleText().contains(u"first run"_s));
        // Stop, Start: the same node, a new file; nothing of the first run stays.
        logs.setRun({u"kafka-1"_s}, {{u"kafka-1"_s, dir.filePath(u"run2.log"_s)}});
        QVERIFY2(logs.visibleText().contains(u"second run"_s), qPrintable(logs.visibleText()));
        QVERIFY(!logs.visibleText().contains(u"first run"_s));
        QVERIFY(!logs.visibleText().contains(u"live in run 1"_s));
    }

    void feedAndTimelineKeepTheNewestEvents()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        // The recorded run, then enough heartbeat-like events to pass the cap.
        QList<ClusterEvent> events = run.events;
        ClusterEvent filler = run.events.constLast();
        while (events.size() < ClusterFeed::kMaxEvents + 500) {
            filler.timeMs += 1;
            events.append(filler);
        }
        ClusterFeed feed;
        feed.reset(run.layout);
        for (const ClusterEvent &e : events)
            feed.apply(e);
        QCOMPARE(feed.events().size(), ClusterFeed::kMaxEvents);
        QCOMPARE(feed.events().constLast().timeMs, events.constLast().timeMs);
        QCOMPARE(feed.state().quorumLeader(), u"zookeeper-3"_s); // folded from every event, dropped ones too

        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, {});
        for (const ClusterEvent &e : events)
            timeline.appendEvent(e);
        QCOMPARE(timeline.model()->events().size(), EventModel::kMaxEvents);
        QCOMPARE(timeline.model()->baseline().quorumLeader(), u"zookeeper-3"_s);
        // A saved file longer than the cap still opens, and its end state is the whole run's.
        timeline.setEvents(run.layout, events);
        QCOMPARE(timeline.model()->rowCount(), int(EventModel::kMaxEvents));
        replayFeed.reset(timeline.model()->baseline(), timeline.model()->events());
        QCOMPARE(replayFeed.state().quorumLeader(), u"zookeeper-3"_s);
    }

    void logsJumpToTheLineBehindAnEvent()
    {
        LogWidget logs;
        logs.setNodes({u"zookeeper-1"_s, u"zookeeper-3"_s});
        const QStringList lines = {
            u"2026-11-25 14:47:13,541 INFO [org.apache.zookeeper.server.quorum.QuorumPeer] LOOKING"_s,
            u"2026-11-25 14:47:13,600 DEBUG [org.apache.zookeeper.server.quorum.FastLeaderElection] detail"_s,
            u"2026-11-25 14:47:13,790 INFO [org.apache.zookeeper.server.quorum.FastLeaderElection] New election. My id = 1"_s,
            u"2026-11-25 14:47:14,001 WARN [org.apache.zookeeper.server.quorum.QuorumCnxManager] Cannot open channel"_s,
        };
        for (const QString &l : lines)
            logs.appendLine(u"zookeeper-1"_s, l);
        logs.appendLine(u"zookeeper-3"_s, lines[0]);
        logs.showNode(u"zookeeper-1"_s);
        QVERIFY(!logs.visibleText().contains(u"DEBUG"_s)); // INFO and above by default
        logs.setMinimumLevel(u"WARN"_s);
        QCOMPARE(logs.visibleText(), lines[3]);
        const qint64 logMs = logTimestampMs(u"2026-11-25 14:47:13,790");
        const int line = logs.jumpTo(u"zookeeper-1"_s, logMs);
        QCOMPARE(line, 2);
        QCOMPARE(logs.editor()->textCursor().selectedText(), lines[2]);
    }
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
