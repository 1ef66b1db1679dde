#include "TimelineWidget.h"

#include "ClusterFeed.h"
#include "EventFilter.h"
#include "EventModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QSlider>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

TimelineWidget::TimelineWidget(ClusterFeed *replayFeed, QWidget *parent)
    : QWidget(parent), m_model(new EventModel(this)), m_filter(new EventFilter(this)),
      m_replay(new ElectionReplay(replayFeed, this))
{
    m_filter->setSourceModel(m_model);

    m_nodeCombo = new QComboBox(this);
    m_nodeCombo->setToolTip(u"Show the events about one node (and the votes it cast or received)"_s);
    m_kindCombo = new QComboBox(this);
    m_kindCombo->addItem(u"All kinds"_s, QString());
    m_kindCombo->addItem(u"Elections (votes, peer states)"_s, EventFilter::kElections);
    m_kindCombo->addItem(u"Raft (pre-votes, votes, transitions)"_s, EventFilter::kRaft);
    m_kindCombo->addItem(u"Raft pre-votes"_s, EventFilter::kPreVotes);
    m_kindCombo->addItem(u"Raft votes"_s, EventFilter::kRaftVotes);
    m_kindCombo->addItem(u"Leader changes"_s, EventFilter::kLeaders);
    m_kindCombo->addItem(u"Fencing"_s, EventFilter::kFencing);
    for (int k = int(EventKind::NodeState); k <= int(EventKind::Problem); ++k)
        m_kindCombo->addItem(toString(EventKind(k)), toString(EventKind(k)));
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(u"Search events…"_s);
    m_search->setClearButtonEnabled(true);
    refreshNodes();

    m_table = new QTableView(this);
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(EventModel::Time, 90);
    m_table->setColumnWidth(EventModel::Node, 100);
    m_table->setColumnWidth(EventModel::Kind, 170);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);

    m_electionCombo = new QComboBox(this);
    m_electionCombo->setObjectName(u"ElectionChooser"_s);
    m_electionCombo->setMinimumContentsLength(24);
    m_electionCombo->setToolTip(u"The elections and partition failovers in this run, newest selected: from what set "
                                u"one off to its new leader"_s);
    m_replayButton = new QPushButton(u"Replay"_s, this);
    m_replayButton->setToolTip(u"Show the chosen election on the canvas, step by step or slowed down"_s);
    m_playButton = new QToolButton(this);
    m_playButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_playButton->setToolTip(u"Play / pause"_s);
    m_stepButton = new QToolButton(this);
    m_stepButton->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
    m_stepButton->setToolTip(u"One step forward (a vote with all who received it, a transition, a new leader)"_s);
    m_speedSlider = new QSlider(Qt::Horizontal, this);
    m_speedSlider->setRange(1, 10);
    m_speedSlider->setPageStep(1);
    m_speedSlider->setFixedWidth(110);
    m_speedSlider->setToolTip(u"Replay speed: 1× is one step a second, 0.1× one step every ten seconds"_s);
    m_speedLabel = new QLabel(this);
    m_positionLabel = new QLabel(this);
    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::PlainText);
    m_caption->setObjectName(u"ReplayCaption"_s);
    m_caption->setStyleSheet(u"QLabel#ReplayCaption { background: #fdf3c4; color: #1a1a1a; border: 1px solid #c9a400;"
                             u" padding: 4px; font-weight: bold; }"_s);
    m_caption->setAccessibleName(u"Replay caption"_s);
    m_caption->hide();
    m_liveButton = new QPushButton(u"Back to live"_s, this);
    m_liveButton->setToolTip(u"Leave the replay; the canvas shows the running cluster again"_s);

    m_follow = new QCheckBox(u"Follow"_s, this);
    m_follow->setChecked(true);
    m_follow->setToolTip(u"Keep the newest event in view"_s);
    m_newEvents = new QPushButton(this);
    m_newEvents->setToolTip(u"Events arrived below; show them and follow again"_s);
    m_newEvents->hide();

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_nodeCombo);
    filters->addWidget(m_kindCombo);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_newEvents);
    filters->addWidget(m_follow);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(u"Election:"_s, this));
    bar->addWidget(m_electionCombo, 1);
    bar->addWidget(m_replayButton);
    bar->addWidget(m_playButton);
    bar->addWidget(m_stepButton);
    bar->addWidget(m_speedSlider);
    bar->addWidget(m_speedLabel);
    bar->addWidget(m_positionLabel);
    bar->addWidget(m_liveButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_caption);
    layout->addWidget(m_table, 1);
    layout->addLayout(bar);

    connect(m_nodeCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setNode(m_nodeCombo->currentData().toString()); });
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setKind(m_kindCombo->currentData().toString()); });
    connect(m_search, &QLineEdit::textChanged, m_filter, &EventFilter::setSearch);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        const int row = m_filter->mapToSource(index).row();
        if (row >= 0)
            Q_EMIT eventActivated(m_model->event(row));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TimelineWidget::syncElectionToSelection);
    connect(m_electionCombo, &QComboBox::activated, this, &TimelineWidget::remember);
    connect(m_replayButton, &QPushButton::clicked, this, [this] { replayElection(m_electionCombo->currentIndex()); });
    connect(m_playButton, &QToolButton::clicked, this, [this] {
        if (!m_replay->isLoaded())
            replayElection(m_electionCombo->currentIndex());
        if (m_replay->isPlaying())
            m_replay->pause();
        else
            m_replay->play();
    });
    connect(m_stepButton, &QToolButton::clicked, this, [this] {
        if (!m_replay->isLoaded())
            replayElection(m_electionCombo->currentIndex());
        m_replay->pause();
        m_replay->step();
    });
    connect(m_speedSlider, &QSlider::valueChanged, this, [this](int v) {
        m_replay->setSpeed(v / 10.0);
        m_speedLabel->setText(u"%1× (a step every %2 s)"_s.arg(v / 10.0, 0, 'f', 1).arg(10.0 / v, 0, 'f', 1));
        Q_EMIT replaySpeedChanged(v / 10.0);
    });
    connect(m_liveButton, &QPushButton::clicked, this, [this] {
        stopReplay();
        setFollowing(true);
    });
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            m_unseen = 0;
            m_table->scrollToBottom();
        }
        updateNewEventsMarker();
    });
    connect(m_newEvents, &QPushButton::clicked, this, [this] { setFollowing(true); });
    // Only the user's own scrolling changes Follow (a replay scrolls the table too).
    connect(m_table->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        QTimer::singleShot(0, this, [this] {
            const QScrollBar *bar = m_table->verticalScrollBar();
            setFollowing(bar->value() >= bar->maximum());
        });
    });
    connect(m_replay, &ElectionReplay::stepped, this, [this](int step) {
        const QList<int> rows = m_replay->steps().at(step).events;
        m_model->setCurrentRows(rows);
        const QModelIndex at = m_filter->mapFromSource(m_model->index(rows.constFirst(), 0));
        if (at.isValid())
            m_table->scrollTo(at, QAbstractItemView::PositionAtCenter);
        updateReplayBar();
        showCaption();
    });
    connect(m_replay, &ElectionReplay::playingChanged, this, &TimelineWidget::updateReplayBar);
    m_speedSlider->setValue(5);
    updateReplayBar();
}

void TimelineWidget::setEvents(const ClusterLayout &layout, const QList<ClusterEvent> &events)
{
    stopReplay();
    m_layout = layout;
    m_picked.reset();
    m_model->setEvents(layout, events);
    m_unseen = 0;
    updateNewEventsMarker();
    refreshNodes();
    refreshElections();
    if (isFollowing()) // a history loaded at once (an attached cluster's) shows its newest events, as a live run does
        m_table->scrollToBottom();
}

void TimelineWidget::appendEvent(const ClusterEvent &event)
{
    const bool dropsOne = m_model->events().size() >= EventModel::kMaxEvents;
    m_model->append(event);
    static const QSet<EventKind> kOpensOrCloses = {EventKind::LeaderElected,
                                                   EventKind::ElectionStarted,
                                                   EventKind::PartitionLeaderChanged,
                                                   EventKind::IsrChanged,
                                                   EventKind::RaftVote,
                                                   EventKind::RaftStateChanged,
                                                   EventKind::Vote,
                                                   EventKind::RaftElectionTimedOut};
    if (kOpensOrCloses.contains(event.kind) || dropsOne)
        refreshElections();
    if (isFollowing() && !m_replay->isLoaded()) {
        m_table->scrollToBottom();
    } else {
        ++m_unseen;
        updateNewEventsMarker();
    }
}

bool TimelineWidget::isFollowing() const
{
    return m_follow->isChecked();
}

void TimelineWidget::setFollowing(bool follow)
{
    if (follow != m_follow->isChecked()) {
        m_follow->setChecked(follow); // its toggled handler scrolls and hides the marker
        return;
    }
    if (follow) {
        m_unseen = 0;
        m_table->scrollToBottom();
        updateNewEventsMarker();
    }
}

void TimelineWidget::updateNewEventsMarker()
{
    m_newEvents->setText(u"%1 new event%2 ↓"_s.arg(m_unseen).arg(m_unseen == 1 ? QString() : u"s"_s));
    m_newEvents->setVisible(m_unseen > 0 && !isFollowing());
}

void TimelineWidget::refreshNodes()
{
    const QString current = m_nodeCombo->currentData().toString();
    const QSignalBlocker block(m_nodeCombo);
    m_nodeCombo->clear();
    m_nodeCombo->addItem(u"All nodes"_s, QString());
    for (const NodeLayout &n : m_layout.nodes)
        m_nodeCombo->addItem(n.name, n.name);
    m_nodeCombo->setCurrentIndex(std::max(0, m_nodeCombo->findData(current)));
}

void TimelineWidget::refreshElections()
{
    // The user's pick is kept by its first event (indices shift when old events are dropped); else the newest.
    m_elections = findElections(m_model->events(), m_layout);
    const QSignalBlocker block(m_electionCombo);
    m_electionCombo->clear();
    int choose = int(m_elections.size()) - 1;
    for (int i = 0; i < m_elections.size(); ++i) {
        m_electionCombo->addItem(u"#%1 %2"_s.arg(i + 1).arg(m_elections[i].title()));
        if (m_picked && m_model->events().at(m_elections[i].first) == *m_picked)
            choose = i;
    }
    m_electionCombo->setCurrentIndex(choose);
    updateReplayBar();
}

void TimelineWidget::syncElectionToSelection()
{
    const int row = m_filter->mapToSource(m_table->currentIndex()).row();
    for (int i = 0; i < m_elections.size(); ++i)
        if (row >= m_elections[i].first && row <= m_elections[i].last) {
            m_electionCombo->setCurrentIndex(i);
            remember(i); // the user chose a row of it
        }
}

void TimelineWidget::remember(int election)
{
    if (election >= 0 && election < m_elections.size() && m_elections[election].first < m_model->events().size())
        m_picked = m_model->events().at(m_elections[election].first);
}

int TimelineWidget::chosenElection() const
{
    return m_electionCombo->currentIndex();
}

QString TimelineWidget::caption() const
{
    return m_replay->caption();
}

void TimelineWidget::showCaption()
{
    const QString text = m_replay->caption();
    m_caption->setText(text);
    m_caption->setVisible(m_replay->isLoaded());
    Q_EMIT captionChanged(text);
}

void TimelineWidget::replayElection(int n)
{
    if (n < 0 || n >= m_elections.size())
        return;
    const bool wasActive = m_replay->isLoaded();
    m_electionCombo->setCurrentIndex(n);
    m_replay->load(m_model->baseline(), m_model->events(), m_elections[n].first, m_elections[n].last);
    m_model->setCurrentRows({});
    if (!wasActive)
        Q_EMIT replayActiveChanged(true);
    updateReplayBar();
    showCaption();
}

void TimelineWidget::stopReplay()
{
    if (!m_replay->isLoaded())
        return;
    m_replay->unload();
    m_model->setCurrentRows({});
    updateReplayBar();
    showCaption();
    Q_EMIT replayActiveChanged(false);
}

void TimelineWidget::setSpeed(double speed)
{
    m_speedSlider->setValue(std::clamp(int(std::lround(speed * 10)), 1, 10));
}

void TimelineWidget::updateReplayBar()
{
    const bool any = !m_elections.isEmpty();
    const bool loaded = m_replay->isLoaded();
    m_replayButton->setEnabled(any);
    m_playButton->setEnabled(any);
    m_stepButton->setEnabled(any);
    m_playButton->setIcon(style()->standardIcon(m_replay->isPlaying() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_liveButton->setVisible(loaded);
    m_positionLabel->setText(loaded ? u"step %1 of %2"_s.arg(m_replay->stepsDone()).arg(m_replay->steps().size())
                                    : (any ? QString() : u"no election recorded yet"_s));
}

} // namespace ensemble::ui
