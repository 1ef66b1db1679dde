// The event timeline dock: every event in a filterable, searchable table, and the replay bar (choose an election or
// a partition failover — the newest unless the user picked one —, play / pause / step, speed 0.1×–1×, back to
// live) with the caption of the step on screen.
#pragma once

#include "ElectionReplay.h"
#include "NodeLayout.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QTableView;
class QToolButton;
class QPushButton;

namespace ensemble::ui {

class ClusterFeed;
class EventFilter;
class EventModel;

class TimelineWidget : public QWidget
{
    Q_OBJECT
  public:
    // Replays play into REPLAYFEED (the window shows it on the canvas while a replay is active).
    explicit TimelineWidget(ClusterFeed *replayFeed, QWidget *parent = nullptr);

    // The run the timeline shows (live: setEvents once, then appendEvent for each new one).
    void setEvents(const ClusterLayout &layout, const QList<ClusterEvent> &events);
    void appendEvent(const ClusterEvent &event);

    EventModel *model() const { return m_model; }
    EventFilter *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    ElectionReplay *replay() const { return m_replay; }
    const QList<ElectionSpan> &elections() const { return m_elections; }

    // Loads election number N (in elections()) for replay; emits replayActiveChanged(true).
    void replayElection(int n);
    // The chooser's choice: the newest election or failover, until the user picks one (then that one stays).
    int chosenElection() const;
    QString caption() const;
    QLabel *captionLabel() const { return m_caption; }
    void stopReplay();
    bool isReplaying() const { return m_replay->isLoaded(); }
    void setSpeed(double speed);
    // Follow: the newest event stays in view. Scrolling up turns it off (a marker counts the events that arrive
    // meanwhile; clicking it follows again), scrolling to the end or "Back to live" turns it on.
    bool isFollowing() const;
    void setFollowing(bool follow);
    int unseenEvents() const { return m_unseen; }
    QPushButton *newEventsMarker() const { return m_newEvents; }

  Q_SIGNALS:
    void replayActiveChanged(bool active);
    void captionChanged(const QString &caption);
    void replaySpeedChanged(double speed);
    void eventActivated(const ensemble::ClusterEvent &event);

  private:
    void refreshElections();
    void refreshNodes();
    void updateReplayBar();
    void syncElectionToSelection();
    void updateNewEventsMarker();
    void showCaption();

    ClusterLayout m_layout;
    EventModel *m_model;
    EventFilter *m_filter;
    ElectionReplay *m_replay;
    QList<ElectionSpan> m_elections;
    QTableView *m_table;
    QComboBox *m_nodeCombo;
    QComboBox *m_kindCombo;
    QLineEdit *m_search;
    QComboBox *m_electionCombo;
    QPushButton *m_replayButton;
    QToolButton *m_playButton;
    QToolButton *m_stepButton;
    QSlider *m_speedSlider;
    QLabel *m_speedLabel;
    QLabel *m_positionLabel;
    QLabel *m_caption;
    // The first event of the election the user chose: new elections do not move the chooser away from it.
    std::optional<ClusterEvent> m_picked;
    void remember(int election);
    QPushButton *m_liveButton;
    QCheckBox *m_follow;
    QPushButton *m_newEvents;
    int m_unseen = 0;
};

} // namespace ensemble::ui
