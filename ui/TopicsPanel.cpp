#include "TopicsPanel.h"

#include "TopicCreateDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
QTableWidget *table(const QStringList &columns)
{
    auto *t = new QTableWidget(0, int(columns.size()));
    t->setHorizontalHeaderLabels(columns);
    // Names and values whole: the first column takes the room its longest cell needs, the last the rest.
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    return t;
}

QString ints(const QList<int> &values)
{
    QStringList parts;
    for (int v : values)
        parts.append(QString::number(v));
    return parts.join(u", "_s);
}

void setRow(QTableWidget *t, int row, const QStringList &cells)
{
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells[c]));
}
} // namespace

TopicsPanel::TopicsPanel(KafkaClient *client, QWidget *parent) : QWidget(parent), m_client(client)
{
    m_topics = table({u"Topic"_s, u"Partitions"_s, u"Replication"_s, u"Under-replicated"_s});
    m_partitions = table({u"Partition"_s, u"Leader"_s, u"Replicas"_s, u"ISR"_s});
    m_configs = table({u"Config"_s, u"Value"_s});
    auto *refreshButton = new QPushButton(u"Refresh"_s);
    auto *create = new QPushButton(u"Create…"_s);
    m_add = new QPushButton(u"Add partitions…"_s);
    m_delete = new QPushButton(u"Delete…"_s);
    m_add->setEnabled(false);
    m_delete->setEnabled(false);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {refreshButton, create, m_add, m_delete})
        buttons->addWidget(b);
    buttons->addStretch();
    // The selected topic's partitions and configs as tabs, each the panel's full width: side by side they
    // were cut to ~220 px in a 1366-wide window.
    auto *details = new QTabWidget;
    details->setObjectName(u"TopicDetails"_s);
    details->addTab(m_partitions, u"Partitions"_s);
    details->addTab(m_configs, u"Configs"_s);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_topics);
    split->addWidget(details);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);

    connect(refreshButton, &QPushButton::clicked, this, &TopicsPanel::refresh);
    connect(create, &QPushButton::clicked, this, &TopicsPanel::askCreate);
    connect(m_add, &QPushButton::clicked, this, &TopicsPanel::askAddPartitions);
    connect(m_delete, &QPushButton::clicked, this, &TopicsPanel::askDelete);
    connect(m_topics, &QTableWidget::itemSelectionChanged, this, [this] {
        const QString topic = selectedTopic();
        m_add->setEnabled(!topic.isEmpty());
        m_delete->setEnabled(!topic.isEmpty());
        if (!topic.isEmpty())
            describe(topic);
    });
    connect(m_client, &KafkaClient::topicsListed, this,
            [this](KafkaClient::JobId job, const QList<TopicDescription> &topics, const QString &error) {
                if (job != m_listJob)
                    return;
                m_listJob = 0;
                if (!error.isEmpty()) {
                    showStatus(error, true);
                    return;
                }
                const QString selected = selectedTopic();
                m_list = topics;
                const QSignalBlocker block(m_topics);
                m_topics->setRowCount(int(topics.size()));
                for (int row = 0; row < topics.size(); ++row) {
                    const TopicDescription &t = topics[row];
                    int under = 0;
                    for (const PartitionState &p : t.partitions)
                        under += p.isr.size() < p.replicas.size();
                    setRow(m_topics, row,
                           {t.name, QString::number(t.partitions.size()),
                            QString::number(t.partitions.isEmpty() ? 0 : t.partitions.first().replicas.size()),
                            QString::number(under)});
                    if (t.name == selected)
                        m_topics->selectRow(row);
                }
                showStatus(u"%1 topic(s)"_s.arg(topics.size()));
                // The selection was restored with signals blocked: show the selected topic as it is now (after
                // add partitions, say), not as it was.
                if (!selectedTopic().isEmpty())
                    describe(selectedTopic());
            });
    connect(m_client, &KafkaClient::topicDescribed, this,
            [this](KafkaClient::JobId job, const TopicDetails &details, const QString &error) {
                if (job != m_describeJob)
                    return;
                m_describeJob = 0;
                if (!error.isEmpty())
                    showStatus(error, true);
                const QList<PartitionState> &parts = details.topic.partitions;
                m_partitions->setRowCount(int(parts.size()));
                for (int row = 0; row < parts.size(); ++row) {
                    const PartitionState &p = parts[row];
                    setRow(m_partitions, row,
                           {QString::number(p.partition), p.leader < 0 ? u"none"_s : QString::number(p.leader),
                            ints(p.replicas), ints(p.isr)});
                }
                m_configs->setRowCount(int(details.configs.size()));
                int row = 0;
                for (auto it = details.configs.begin(); it != details.configs.end(); ++it, ++row)
                    setRow(m_configs, row, {it.key(), it.value()});
            });
    connect(m_client, &KafkaClient::adminFinished, this,
            [this](KafkaClient::JobId job, const QString &action, const QString &topic, const QString &error) {
                if (!m_adminJobs.remove(job)) // another widget's (the produce form creates topics too)
                    return;
                if (!error.isEmpty()) {
                    showStatus(error, true);
                    if (!m_unattended)
                        QMessageBox::warning(this, u"Topics"_s, error);
                    return;
                }
                const QString done = action == u"create"   ? u"created '%1'"_s
                                     : action == u"delete" ? u"deleted '%1'"_s
                                                           : u"added partitions to '%1'"_s;
                showStatus(done.arg(topic));
                refresh();
            });
    refresh();
}

QString TopicsPanel::selectedTopic() const
{
    const QList<QTableWidgetItem *> items = m_topics->selectedItems();
    return items.isEmpty() ? QString() : m_topics->item(items.first()->row(), 0)->text();
}

QString TopicsPanel::statusText() const
{
    return m_status->text();
}

void TopicsPanel::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #c62828;"_s : QString());
}

void TopicsPanel::refresh()
{
    m_listJob = m_client->listTopics();
}

void TopicsPanel::describe(const QString &topic)
{
    m_describeJob = m_client->describeTopic(topic);
}

void TopicsPanel::createTopic(const TopicSpec &topic)
{
    showStatus(u"creating '%1'…"_s.arg(topic.name));
    m_adminJobs.insert(m_client->createTopic(topic));
}

void TopicsPanel::addPartitions(const QString &topic, int total)
{
    showStatus(u"growing '%1' to %2 partitions…"_s.arg(topic).arg(total));
    m_adminJobs.insert(m_client->addPartitions(topic, total));
}

void TopicsPanel::deleteTopic(const QString &topic)
{
    showStatus(u"deleting '%1'…"_s.arg(topic));
    m_adminJobs.insert(m_client->deleteTopic(topic));
}

void TopicsPanel::askCreate()
{
    TopicCreateDialog dialog(m_brokers, this);
    if (dialog.exec() == QDialog::Accepted)
        createTopic(dialog.topic());
}

void TopicsPanel::askAddPartitions()
{
    const QString topic = selectedTopic();
    int current = 1;
    for (const TopicDescription &t : std::as_const(m_list))
        if (t.name == topic)
            current = int(t.partitions.size());
    bool ok = false;
    const int total = QInputDialog::getInt(
        this, u"Add partitions"_s,
        u"New number of partitions for '%1' (now %2; Kafka cannot remove any):"_s.arg(topic).arg(current), current + 1,
        current + 1, 10000, 1, &ok);
    if (ok)
        addPartitions(topic, total);
}

void TopicsPanel::askDelete()
{
    const QString topic = selectedTopic();
    if (topic.isEmpty())
        return;
    if (!m_unattended &&
        QMessageBox::question(this, u"Delete topic"_s,
                              u"Delete topic '%1' and every message in it? This cannot be undone."_s.arg(topic),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    deleteTopic(topic);
}

} // namespace ensemble::ui
