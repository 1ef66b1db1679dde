// Node actions reach the engine's entry point with the right node (keys and menu on the canvas, the window's
// request, the "kill the leader" targets), and the window opens a saved event log for replay.
#include "ClusterFeed.h"
#include "MainWindow.h"
#include "NodeItem.h"
#include "PartitionModel.h"
#include "RecordedRun.h"
#include "TimelineWidget.h"
#include "TopologyScene.h"
#include "TopologyView.h"

#include <QApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ensemble;
using namespace ensemble::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings away from the user's own
        QApplication::setOrganizationName(u"ensemble-tests"_s);
    }

    void keysOnTheSelectedNodeRequestActions()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        feed.reset(run.layout, run.events);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy actions(&view, &TopologyView::actionRequested);
        QSignalSpy logs(&view, &TopologyView::logsRequested);
        view.selectNode(u"kafka-2"_s);
        QCOMPARE(view.selectedNode(), u"kafka-2"_s);
        QTest::keyClick(view.viewport(), Qt::Key_K);
        QTest::keyClick(view.viewport(), Qt::Key_P);
        QTest::keyClick(view.viewport(), Qt::Key_L);
        view.selectNode(u"zookeeper-3"_s);
        QTest::keyClick(view.viewport(), Qt::Key_S);
        QCOMPARE(actions.size(), 3);
        QVERIFY(actions[0][0].value<NodeAction>() == NodeAction::Kill);
        QCOMPARE(actions[0][1].toString(), u"kafka-2"_s);
        QVERIFY(actions[1][0].value<NodeAction>() == NodeAction::Pause);
        QVERIFY(actions[2][0].value<NodeAction>() == NodeAction::Stop);
        QCOMPARE(actions[2][1].toString(), u"zookeeper-3"_s);
        QCOMPARE(logs.size(), 1);
        QCOMPARE(logs[0][0].toString(), u"kafka-2"_s);
    }

    void contextMenuOffersWhatTheNodeAllows()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterFeed feed;
        TopologyView view;
        view.setFeed(&feed);
        // Just after kafka-1 was paused: the menu offers Resume, not Pause.
        feed.reset(run.layout);
        for (const ClusterEvent &e : run.events) {
            feed.apply(e);
            if (e.kind == EventKind::NodeState && e.fields.value(u"state"_s) == u"paused"_s)
                break;
        }
        QSignalSpy actions(&view, &TopologyView::actionRequested);
        std::unique_ptr<QMenu> menu(view.createNodeMenu(u"kafka-1"_s, nullptr));
        QStringList offered;
        for (QAction *a : menu->actions())
            if (a->isEnabled() && !a->data().toString().isEmpty())
                offered.append(a->data().toString());
        QVERIFY2(offered.contains(u"resume"_s), qPrintable(offered.join(u',')));
        QVERIFY(!offered.contains(u"pause"_s));
        QVERIFY(!offered.contains(u"start"_s));
        for (QAction *a : menu->actions())
            if (a->data().toString() == u"kill")
                a->trigger();
        QCOMPARE(actions.size(), 1);
        QVERIFY(actions[0][0].value<NodeAction>() == NodeAction::Kill);
        QCOMPARE(actions[0][1].toString(), u"kafka-1"_s);
    }

    void windowForwardsConfirmedActionsWithTheNode()
    {
        MainWindow window;
        window.setUnattended(true); // no dialog
        QSignalSpy spy(&window, &MainWindow::nodeActionRequested);
        // The canvas's request goes through the window.
        Q_EMIT window.topology()->actionRequested(NodeAction::Restart, u"kafka-3"_s);
        window.requestNodeAction(NodeAction::Kill, u"zookeeper-2"_s);
        QCOMPARE(spy.size(), 2);
        QVERIFY(spy[0][0].value<NodeAction>() == NodeAction::Restart);
        QCOMPARE(spy[0][1].toString(), u"kafka-3"_s);
        QVERIFY(spy[1][0].value<NodeAction>() == NodeAction::Kill);
        QCOMPARE(spy[1][1].toString(), u"zookeeper-2"_s);
    }

    void killTheLeaderTargetsTheBusiestBrokerAndTheQuorumLeader()
    {
        const RecordedRun run = loadRun(u"pause-resume"_s);
        ClusterState state(run.layout);
        for (const ClusterEvent &e : run.events)
            state.apply(e);
        // At the end of the run kafka-2 leads partitions 1 and 2; zookeeper-3 leads the quorum.
        QCOMPARE(state.busiestPartitionLeader(), u"kafka-2"_s);
        QCOMPARE(state.runningQuorumLeader(), u"zookeeper-3"_s);
    }

    void opensASavedEventLogForReplay()
    {
        MainWindow window;
        window.setUnattended(true);
        QVERIFY(window.openEventLog(recordedPath(u"pause-resume.jsonl"_s)));
        QCOMPARE(window.shownFeed(), window.replayFeed());
        QCOMPARE(window.replayFeed()->layout().nodes.size(), 6);
        QCOMPARE(window.replayFeed()->layout().find(u"kafka-1"_s)->clientPort, 44491); // from its layout.json
        QCOMPARE(window.partitionModel()->rowCount(), 3);
        QVERIFY(window.topology()->topologyScene()->nodeItem(u"zookeeper-3"_s)->look().crown);
        QCOMPARE(window.timeline()->elections().size(), 2); // the election, then the paused broker's failover
        window.timeline()->replayElection(0);
        QVERIFY(window.timeline()->isReplaying());
        // The replay starts before the election: no leader, no crown.
        QVERIFY(!window.topology()->topologyScene()->nodeItem(u"zookeeper-3"_s)->look().crown);
        window.timeline()->stopReplay();
        QVERIFY(window.topology()->topologyScene()->nodeItem(u"zookeeper-3"_s)->look().crown);
    }

    void derivesNodesFromEventsWithoutALayout()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(recordedPath(u"pause-resume.jsonl"_s), dir.filePath(u"events.jsonl"_s)));
        MainWindow window;
        window.setUnattended(true);
        QVERIFY(window.openEventLog(dir.filePath(u"events.jsonl"_s)));
        QStringList names;
        for (const NodeLayout &n : window.replayFeed()->layout().nodes)
            names.append(n.name);
        QCOMPARE(names, (QStringList{u"zookeeper-1"_s, u"zookeeper-2"_s, u"zookeeper-3"_s, u"kafka-1"_s, u"kafka-2"_s,
                                     u"kafka-3"_s}));
        QVERIFY(window.topology()->topologyScene()->nodeItem(u"kafka-2"_s)->look().badge);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
