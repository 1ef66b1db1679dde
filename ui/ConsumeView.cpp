#include "ConsumeView.h"

#include "ConsumedMessageModel.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

ConsumeView::ConsumeView(KafkaClient *client, QWidget *parent) : QWidget(parent), m_client(client)
{
    m_topic = new QComboBox;
    m_topic->setEditable(true);
    m_topic->setInsertPolicy(QComboBox::NoInsert);
    m_topic->setMinimumContentsLength(16);
    auto *refresh = new QToolButton;
    refresh->setText(u"↻"_s);
    refresh->setToolTip(u"Reload the topic list"_s);
    m_from = new QComboBox;
    m_from->addItems({u"from the beginning"_s, u"from the end"_s, u"from offset"_s, u"from time"_s});
    m_from->setCurrentIndex(1);
    m_offset = new QLineEdit(u"0"_s); // offsets go past a spin box's int range
    m_offset->setValidator(new QRegularExpressionValidator(QRegularExpression(u"\\d{1,18}"_s), m_offset));
    m_offset->setPlaceholderText(u"offset"_s);
    m_offset->setMaximumWidth(m_offset->fontMetrics().horizontalAdvance(u"0000000000000000000"_s));
    m_offset->hide();
    m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-300));
    m_time->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    m_time->setCalendarPopup(true);
    m_time->hide();
    m_partition = new QSpinBox;
    m_partition->setRange(-1, 9999);
    m_partition->setSpecialValueText(u"all partitions"_s);
    m_partition->setPrefix(u"partition "_s);
    m_partition->setValue(-1);
    m_group = new QLineEdit;
    m_group->setPlaceholderText(u"no group"_s);
    m_group->setClearButtonEnabled(true);
    m_group->setToolTip(u"Read as a member of this consumer group and commit what was read, so its lag shows in "
                        "the Traffic charts and `ensemble groups`. Empty: read without a group, commit nothing."_s);
    m_follow = new QPushButton(u"Follow"_s);
    m_pause = new QPushButton(u"Pause"_s);
    m_pause->setCheckable(true);
    m_pause->setEnabled(false);

    // A small labelled form, so a dock of a 1366-wide window (~450 px) shows every field whole: topic and
    // partition, where to start, the group and the buttons.
    m_group->setMinimumWidth(m_group->fontMetrics().horizontalAdvance(u"a-group-name"_s) + 24);
    auto *form = new QGridLayout;
    auto row = [form](int r, const QString &text, QWidget *buddy, const QList<QWidget *> &widgets) {
        auto *l = new QLabel(text);
        l->setBuddy(buddy);
        form->addWidget(l, r, 0);
        auto *line = new QHBoxLayout;
        for (QWidget *w : widgets)
            line->addWidget(w, w == buddy ? 1 : 0);
        form->addLayout(line, r, 1);
    };
    row(0, u"&Topic"_s, m_topic, {m_topic, refresh, m_partition});
    row(1, u"&Start"_s, m_from, {m_from, m_offset, m_time});
    row(2, u"&Group"_s, m_group, {m_group, m_follow, m_pause});
    form->setColumnStretch(1, 1);

    m_search = new QLineEdit;
    m_search->setPlaceholderText(u"search key, value and headers"_s);
    m_search->setClearButtonEnabled(true);
    m_status = new QLabel;

    m_model = new ConsumedMessageModel(this);
    m_filter = new QSortFilterProxyModel(this);
    m_filter->setSourceModel(m_model);
    m_filter->setFilterKeyColumn(-1);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table = new QTableView;
    m_table->setModel(m_filter);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->setColumnWidth(ConsumedMessageModel::Value, 320);
    // Partition, offset and timestamp are short and whole; key and value take what is left.
    for (int c : {ConsumedMessageModel::Partition, ConsumedMessageModel::Offset, ConsumedMessageModel::Timestamp})
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    m_detail = new QPlainTextEdit;
    m_detail->setReadOnly(true);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    m_detail->setFont(mono);
    m_copy = new QPushButton(u"Copy to produce form"_s);
    m_copy->setEnabled(false);
    auto *detailBox = new QWidget;
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detail, 1);
    detailLayout->addWidget(m_copy, 0, Qt::AlignRight);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(detailBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_status);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(searchRow);
    layout->addWidget(split, 1);

    connect(refresh, &QToolButton::clicked, this, &ConsumeView::refreshTopics);
    connect(m_from, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_offset->setVisible(index == 2);
        m_time->setVisible(index == 3);
    });
    connect(m_follow, &QPushButton::clicked, this, [this] {
        if (isFollowing())
            stop();
        else
            follow();
    });
    connect(m_pause, &QPushButton::toggled, this, &ConsumeView::setPaused);
    connect(m_search, &QLineEdit::textChanged, this, &ConsumeView::setSearch);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ConsumeView::showSelected);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
        if (current.isValid())
            Q_EMIT copyToForm(m_model->message(current.row()));
    });
    connect(m_client, &KafkaClient::messagesConsumed, this, &ConsumeView::onMessages);
    connect(m_client, &KafkaClient::consumeFinished, this, &ConsumeView::onFinished);
    connect(m_client, &KafkaClient::consumeProblem, this, [this](KafkaClient::JobId job, const QString &problem) {
        if (job != m_job)
            return;
        m_problem = problem;
        updateStatus();
        // librdkafka says when something goes wrong, not when it is mended: an idle topic would keep the
        // warning for ever, so it goes after 10 s without a new one.
        QTimer::singleShot(10000, this, [this, problem] {
            if (m_problem == problem) {
                m_problem.clear();
                updateStatus();
            }
        });
    });
    connect(m_client, &KafkaClient::topicsListed, this,
            [this](KafkaClient::JobId job, const QList<TopicDescription> &topics, const QString &) {
                if (job != m_topicsJob)
                    return;
                m_topicsJob = 0;
                const QString typed = m_topic->currentText();
                const QSignalBlocker block(m_topic);
                m_topic->clear();
                for (const TopicDescription &t : topics)
                    if (!t.internal)
                        m_topic->addItem(t.name);
                m_topic->setCurrentText(typed);
            });
    updateStatus();
    refreshTopics();
}

ConsumeView::~ConsumeView()
{
    if (m_job)
        m_client->cancel(m_job);
}

void ConsumeView::refreshTopics()
{
    m_topicsJob = m_client->listTopics();
}

void ConsumeView::setTopic(const QString &topic)
{
    m_topic->setCurrentText(topic);
}

void ConsumeView::setStart(const ConsumeStart &start)
{
    m_from->setCurrentIndex(int(start.from));
    m_offset->setText(QString::number(std::max<qint64>(start.offset, 0)));
    m_time->setDateTime(QDateTime::fromMSecsSinceEpoch(start.timestampMs));
    m_partition->setValue(start.partition);
    m_group->setText(start.group);
}

void ConsumeView::follow()
{
    const QString topic = m_topic->currentText().trimmed();
    if (topic.isEmpty()) {
        m_error = u"choose a topic to follow"_s;
        updateStatus();
        return;
    }
    if (m_job)
        m_client->cancel(m_job); // its late messages carry the old id and are ignored
    ConsumeStart start;
    start.from = ConsumeStart::From(m_from->currentIndex());
    start.offset = m_offset->text().toLongLong();
    start.timestampMs = m_time->dateTime().toMSecsSinceEpoch();
    start.partition = m_partition->value();
    start.group = m_group->text().trimmed();
    if (!start.group.isEmpty() && (start.partition >= 0 || start.from == ConsumeStart::From::Offset ||
                                   start.from == ConsumeStart::From::Timestamp)) {
        m_error = u"a consumer group reads where it left off on the partitions it is given: choose “from the "
                  "beginning” or “from the end” and all partitions, or clear the group"_s;
        updateStatus();
        return;
    }
    m_model->clear();
    m_held.clear();
    m_problem.clear();
    m_received = 0;
    m_error.clear();
    m_job = m_client->follow(topic, start);
    m_follow->setText(u"Stop"_s);
    m_pause->setEnabled(true);
    updateStatus();
}

void ConsumeView::stop()
{
    if (m_job)
        m_client->cancel(m_job);
}

void ConsumeView::setPaused(bool paused)
{
    m_paused = paused;
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    m_pause->setText(paused ? u"Resume"_s : u"Pause"_s);
    if (!paused && !m_held.isEmpty())
        m_model->append(std::exchange(m_held, {}));
    updateStatus();
}

void ConsumeView::setSearch(const QString &text)
{
    if (m_search->text() != text)
        m_search->setText(text);
    m_filter->setFilterFixedString(text);
    updateStatus();
}

void ConsumeView::onMessages(KafkaClient::JobId job, const QList<ConsumedMessage> &messages)
{
    if (job != m_job)
        return;
    m_received += messages.size();
    m_problem.clear(); // messages flow again
    if (m_paused) {
        // Held for when the view resumes, but never more than the table keeps anyway.
        m_held += messages;
        if (m_held.size() > ConsumedMessageModel::kMaxRows)
            m_held.remove(0, m_held.size() - ConsumedMessageModel::kMaxRows);
    } else {
        m_model->append(messages);
    }
    updateStatus();
}

void ConsumeView::onFinished(KafkaClient::JobId job, const QString &error)
{
    if (job != m_job)
        return;
    m_job = 0;
    m_error = error;
    m_follow->setText(u"Follow"_s);
    m_pause->setEnabled(false);
    setPaused(false);
}

void ConsumeView::showSelected()
{
    const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
    m_copy->setEnabled(current.isValid());
    m_detail->setPlainText(current.isValid() ? detailText(m_model->message(current.row())) : QString());
}

QString ConsumeView::detailText(const ConsumedMessage &m)
{
    QString text = u"partition %1 · offset %2 · %3\n"_s.arg(m.partition)
                       .arg(m.offset)
                       .arg(QDateTime::fromMSecsSinceEpoch(m.timestampMs).toString(Qt::ISODateWithMs));
    text += u"key: "_s + (m.key.isNull() ? u"(none)"_s : QString::fromUtf8(m.key)) + u'\n';
    for (const auto &[name, value] : m.headers)
        text += u"header "_s + QString::fromUtf8(name) + u": "_s + QString::fromUtf8(value) + u'\n';
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(m.value, &error);
    text += u'\n';
    text += error.error == QJsonParseError::NoError ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented))
                                                    : QString::fromUtf8(m.value);
    return text;
}

QString ConsumeView::statusText() const
{
    return m_status->text();
}

void ConsumeView::updateStatus()
{
    QString text;
    if (!m_error.isEmpty())
        text = m_error;
    else if (isFollowing())
        text = u"following · %1 read"_s.arg(m_received);
    else
        text = u"%1 read"_s.arg(m_received);
    if (!m_problem.isEmpty() && isFollowing())
        text += u" · ⚠ "_s + m_problem;
    if (m_paused)
        text += u" · paused (%1 held)"_s.arg(m_held.size());
    if (!m_filter->filterRegularExpression().pattern().isEmpty())
        text += u" · %1 match"_s.arg(m_filter->rowCount());
    m_status->setText(text);
    m_status->setStyleSheet(m_error.isEmpty() ? QString() : u"color: #c62828;"_s);
}

} // namespace ensemble::ui
