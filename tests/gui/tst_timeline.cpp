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
        const QList<ElectionSpan> elections = findElections(run.events);
        QCOMPARE(elections.size(), 1);
        QCOMPARE(elections[0].leader, u"zookeeper-3"_s);
        QCOMPARE(elections[0].tookMs, 251);
        QVERIFY(run.events[elections[0].last].kind == EventKind::LeaderElected);
        // It starts with what led to it: the servers coming up and turning to "looking" just before.
        const EventKind firstKind = run.events[elections[0].first].kind;
        QVERIFY(firstKind == EventKind::PeerState || firstKind == EventKind::NodeState);
        QVERIFY(run.events[elections[0].first].timeMs < 1160); // the first election_started
        for (int i = elections[0].first + 1; i < elections[0].last; ++i)
            QVERIFY(run.events[i].kind != EventKind::LeaderElected);
    }

    void replaysAnElectionInRecordedOrder()
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
        QCOMPARE(stepped.size(), span.last - span.first + 1);
        for (int i = 0; i < stepped.size(); ++i)
            QCOMPARE(stepped[i][0].toInt(), span.first + i);
        QCOMPARE(replayFeed.state().quorumLeader(), u"zookeeper-3"_s);
        // The replayed feed holds exactly the recorded events, in order.
        QCOMPARE(replayFeed.events(), run.events.mid(0, span.last + 1));
    }

    void replaysARealFailoverElectionWithVoteArrows()
    {
        // Recorded with the window: the default cluster, then `ensemble kill zookeeper-3` from another process.
        const RecordedRun run = loadRun(u"zk-leader-kill"_s);
        ClusterFeed replayFeed;
        TopologyView view;
        view.setFeed(&replayFeed);
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, run.events);
        QCOMPARE(timeline.elections().size(), 2);
        QCOMPARE(timeline.elections().at(1).leader, u"zookeeper-2"_s);
        timeline.replayElection(1);
        QCOMPARE(replayFeed.state().quorumLeader(), u"zookeeper-3"_s); // before the kill
        QSet<QString> voters;
        while (timeline.replay()->step())
            for (VoteArrowItem *a : view.topologyScene()->voteArrows())
                voters.insert(a->voter());
        // Both survivors voted; the dead leader did not.
        QCOMPARE(voters, (QSet<QString>{u"zookeeper-1"_s, u"zookeeper-2"_s}));
        QCOMPARE(replayFeed.state().quorumLeader(), u"zookeeper-2"_s);
        QVERIFY(replayFeed.state().node(u"zookeeper-3"_s)->state == NodeState::Killed);
    }

    void playsAtTheChosenSpeed()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed replayFeed;
        TimelineWidget timeline(&replayFeed);
        timeline.setEvents(run.layout, run.events);
        timeline.setSpeed(1.0);
        timeline.replayElection(0);
        const ElectionSpan span = timeline.elections().at(0);
        const qint64 recorded = run.events[span.last].timeMs - run.events[span.first].timeMs;
        QElapsedTimer clock;
        clock.start();
        QSignalSpy finished(timeline.replay(), &ElectionReplay::finished);
        timeline.replay()->play();
        QVERIFY(timeline.replay()->isPlaying());
        QVERIFY(finished.wait(10000));
        // At 1× the replay takes about as long as the election did (timers are never early).
        QVERIFY2(clock.elapsed() >= recorded - 50, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(replayFeed.state().quorumLeader(), u"zookeeper-3"_s);
        QSignalSpy inactive(&timeline, &TimelineWidget::replayActiveChanged);
        timeline.stopReplay();
        QCOMPARE(inactive.size(), 1);
        QCOMPARE(inactive[0][0].toBool(), false);
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
