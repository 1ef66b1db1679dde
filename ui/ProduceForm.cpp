#include "ProduceForm.h"

#include "DeliveryTally.h"
#include "MessagePrettyPrinter.h"
#include "ProduceResultsModel.h"
#include "ProduceTemplates.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

ProduceForm::ProduceForm(KafkaClient *client, QWidget *parent) : QWidget(parent), m_client(client)
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // a narrow dock puts fields under their labels
    buildTopicRows(form);
    buildMessageRows(form);
    buildDeliveryRows(form);
    buildTemplateRow(form);
    buildResults();
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_problem, 1);
    buttons->addWidget(m_produce);
    buttons->addWidget(m_keep);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_totals);
    layout->addWidget(m_resultsView, 1);

    connectInputs();
    connectClient();
    reloadTemplateList();
    if (const auto last = ProduceTemplates::last())
        setInput(*last);
    updateTotals();
    revalidate();
    refreshTopics();
}

void ProduceForm::buildTopicRows(QFormLayout *form)
{
    // Topic, and an offer to create it when it does not exist yet.
    m_topic = new QComboBox;
    m_topic->setEditable(true);
    m_topic->setInsertPolicy(QComboBox::NoInsert);
    m_topic->lineEdit()->setPlaceholderText(u"pick or type a topic"_s);
    auto *refresh = new QToolButton;
    refresh->setText(u"↻"_s);
    refresh->setToolTip(u"Reload the topic list"_s);
    auto *topicRow = new QHBoxLayout;
    topicRow->addWidget(m_topic, 1);
    topicRow->addWidget(refresh);
    form->addRow(u"Topic"_s, topicRow);
    m_missingTopic = new QWidget;
    auto *missingRow = new QHBoxLayout(m_missingTopic);
    missingRow->setContentsMargins(0, 0, 0, 0);
    m_missingTopicLabel = new QLabel;
    m_newPartitions = new QSpinBox;
    m_newPartitions->setRange(1, 1000);
    m_newPartitions->setValue(3);
    m_newPartitions->setPrefix(u"partitions "_s);
    m_newReplication = new QSpinBox;
    m_newReplication->setRange(1, 32);
    m_newReplication->setValue(1);
    m_newReplication->setPrefix(u"RF "_s);
    auto *create = new QPushButton(u"Create it"_s);
    missingRow->addWidget(m_missingTopicLabel, 1);
    missingRow->addWidget(m_newPartitions);
    missingRow->addWidget(m_newReplication);
    missingRow->addWidget(create);
    m_missingTopic->hide();
    form->addRow(QString(), m_missingTopic);

    connect(refresh, &QToolButton::clicked, this, &ProduceForm::refreshTopics);
    connect(m_topic, &QComboBox::currentTextChanged, this, [this] {
        updateMissingTopic();
        revalidate();
    });
    connect(create, &QPushButton::clicked, this, [this] {
        TopicSpec spec;
        spec.name = m_topic->currentText().trimmed();
        spec.partitions = m_newPartitions->value();
        spec.replicationFactor = m_newReplication->value();
        m_missingTopicLabel->setText(u"creating '%1'…"_s.arg(spec.name));
        m_createJob = m_client->createTopic(spec);
    });
}

void ProduceForm::buildMessageRows(QFormLayout *form)
{
    m_hasKey = new QCheckBox;
    m_key = new QLineEdit;
    m_key->setPlaceholderText(u"no key (the partitioner spreads messages)"_s);
    m_key->setEnabled(false);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_hasKey);
    keyRow->addWidget(m_key, 1);
    form->addRow(u"Key"_s, keyRow);

    m_valueType = new QComboBox;
    m_valueType->addItems({u"Text"_s, u"JSON"_s});
    auto *pretty = new QPushButton(u"Pretty"_s);
    pretty->setToolTip(u"Indent the JSON value"_s);
    auto *placeholders = new QToolButton;
    placeholders->setText(u"Insert placeholder"_s);
    placeholders->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(placeholders);
    for (const QString &p : {u"{{seq}}"_s, u"{{uuid}}"_s, u"{{now}}"_s, u"{{random_int(1,100)}}"_s})
        menu->addAction(p, this, [this, p] { insertPlaceholder(p); });
    placeholders->setMenu(menu);
    m_literal = new QCheckBox(u"send placeholders as typed"_s);
    auto *valueBar = new QHBoxLayout;
    valueBar->addWidget(m_valueType);
    valueBar->addWidget(pretty);
    valueBar->addWidget(placeholders);
    valueBar->addStretch();
    valueBar->addWidget(m_literal);
    m_value = new QPlainTextEdit;
    m_value->setPlaceholderText(
        u"message value — {{seq}}, {{uuid}}, {{now}}, {{random_int(a,b)}} expand per message"_s);
    m_value->setMinimumHeight(70);
    m_value->setMaximumHeight(150);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    m_value->setFont(mono);
    auto *valueBox = new QVBoxLayout;
    valueBox->addLayout(valueBar);
    valueBox->addWidget(m_value);
    form->addRow(u"Value"_s, valueBox);

    connect(pretty, &QPushButton::clicked, this, &ProduceForm::prettyPrint);
    m_headers = new QTableWidget(0, 2);
    m_headers->setHorizontalHeaderLabels({u"Header"_s, u"Value"_s});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setMaximumHeight(90);
    auto *addHeader = new QToolButton;
    addHeader->setText(u"+"_s);
    addHeader->setToolTip(u"Add a header"_s);
    auto *removeHeader = new QToolButton;
    removeHeader->setText(u"−"_s);
    removeHeader->setToolTip(u"Remove the selected header"_s);
    auto *headerButtons = new QVBoxLayout;
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch();
    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(m_headers, 1);
    headerRow->addLayout(headerButtons);
    form->addRow(u"Headers"_s, headerRow);

    connect(addHeader, &QToolButton::clicked, this, [this] {
        m_headers->insertRow(m_headers->rowCount());
        m_headers->setCurrentCell(m_headers->rowCount() - 1, 0);
        m_headers->editItem(m_headers->item(m_headers->rowCount() - 1, 0));
    });
    connect(removeHeader, &QToolButton::clicked, this, [this] {
        const int row = m_headers->currentRow() >= 0 ? m_headers->currentRow() : m_headers->rowCount() - 1;
        if (row >= 0)
            m_headers->removeRow(row);
        revalidate();
    });
}

void ProduceForm::buildDeliveryRows(QFormLayout *form)
{
    m_partition = new QSpinBox;
    m_partition->setRange(-1, 9999);
    m_partition->setSpecialValueText(u"automatic"_s);
    m_partition->setValue(-1);
    m_acks = new QComboBox;
    m_acks->addItems({u"0"_s, u"1"_s, u"all"_s});
    m_acks->setCurrentText(u"all"_s);
    m_compression = new QComboBox;
    m_compression->addItems({u"none"_s, u"gzip"_s, u"snappy"_s, u"lz4"_s, u"zstd"_s});
    auto *deliveryRow = new QHBoxLayout;
    deliveryRow->addWidget(m_partition);
    deliveryRow->addWidget(new QLabel(u"acks"_s));
    deliveryRow->addWidget(m_acks);
    deliveryRow->addWidget(new QLabel(u"compression"_s));
    deliveryRow->addWidget(m_compression);
    deliveryRow->addStretch();
    form->addRow(u"Partition"_s, deliveryRow);

    // The ranges go past the limits on purpose: the validator says why a number is refused.
    m_count = new QSpinBox;
    m_count->setRange(0, 10 * ProduceFormInput::kMaxCount);
    m_count->setValue(1);
    m_count->setGroupSeparatorShown(true);
    m_rate = new QSpinBox;
    m_rate->setRange(0, 10 * ProduceFormInput::kMaxRate);
    m_rate->setSpecialValueText(u"unlimited"_s);
    m_rate->setSuffix(u" msg/s"_s);
    auto *countRow = new QHBoxLayout;
    countRow->addWidget(m_count);
    countRow->addWidget(new QLabel(u"rate"_s));
    countRow->addWidget(m_rate);
    countRow->addStretch();
    form->addRow(u"Count"_s, countRow);
}

void ProduceForm::buildTemplateRow(QFormLayout *form)
{
    m_templates = new QComboBox;
    m_templates->setPlaceholderText(u"saved templates"_s);
    m_templates->setMinimumContentsLength(14);
    auto *saveTemplateButton = new QPushButton(u"Save…"_s);
    auto *deleteTemplateButton = new QPushButton(u"Delete"_s);
    auto *templateRow = new QHBoxLayout;
    templateRow->addWidget(m_templates, 1);
    templateRow->addWidget(saveTemplateButton);
    templateRow->addWidget(deleteTemplateButton);
    form->addRow(u"Template"_s, templateRow);

    connect(m_templates, &QComboBox::activated, this, [this] { loadTemplate(m_templates->currentText()); });
    connect(saveTemplateButton, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, u"Save template"_s, u"Template name:"_s, QLineEdit::Normal,
                                                   m_templates->currentText(), &ok);
        if (ok && !name.trimmed().isEmpty())
            saveTemplate(name.trimmed());
    });
    connect(deleteTemplateButton, &QPushButton::clicked, this, [this] { deleteTemplate(m_templates->currentText()); });
}

void ProduceForm::buildResults()
{
    m_problem = new QLabel;
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #c62828;"_s);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_produce = new QPushButton(u"Produce"_s);
    m_produce->setDefault(true);
    m_keep = new QPushButton(u"Keep producing"_s);
    m_keep->setToolTip(u"Produce at the rate until Stop — for failover demos"_s);

    m_totals = new QLabel;
    m_results = new ProduceResultsModel(this);
    m_resultsView = new QTableView;
    m_resultsView->setModel(m_results);
    m_resultsView->verticalHeader()->hide();
    m_resultsView->horizontalHeader()->setStretchLastSection(true);
    m_resultsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_resultsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
}

void ProduceForm::connectInputs()
{
    connect(m_hasKey, &QCheckBox::toggled, m_key, &QLineEdit::setEnabled);
    connect(m_hasKey, &QCheckBox::toggled, this, &ProduceForm::revalidate);
    connect(m_key, &QLineEdit::textChanged, this, &ProduceForm::revalidate);
    connect(m_valueType, &QComboBox::currentIndexChanged, this, &ProduceForm::revalidate);
    connect(m_value, &QPlainTextEdit::textChanged, this, &ProduceForm::revalidate);
    connect(m_literal, &QCheckBox::toggled, this, &ProduceForm::revalidate);
    connect(m_headers, &QTableWidget::itemChanged, this, &ProduceForm::revalidate);
    for (QSpinBox *spin : {m_partition, m_count, m_rate})
        connect(spin, &QSpinBox::valueChanged, this, &ProduceForm::revalidate);
    connect(m_acks, &QComboBox::currentIndexChanged, this, &ProduceForm::revalidate);
    connect(m_compression, &QComboBox::currentIndexChanged, this, &ProduceForm::revalidate);
    connect(m_produce, &QPushButton::clicked, this, &ProduceForm::produce);
    connect(m_keep, &QPushButton::clicked, this, [this] {
        if (isProducing())
            stop();
        else
            keepProducing();
    });
}

void ProduceForm::connectClient()
{
    connect(m_client, &KafkaClient::delivered, this, &ProduceForm::onDelivered);
    connect(m_client, &KafkaClient::produceFinished, this, &ProduceForm::onFinished);
    connect(m_client, &KafkaClient::topicsListed, this,
            [this](KafkaClient::JobId job, const QList<TopicDescription> &topics, const QString &error) {
                if (job != m_topicsJob)
                    return;
                m_topicsJob = 0;
                if (!error.isEmpty())
                    return; // the cluster may still be starting; the user can reload
                const QString typed = m_topic->currentText();
                m_knownTopics.clear();
                for (const TopicDescription &t : topics)
                    if (!t.internal)
                        m_knownTopics.append(t.name);
                m_topicsKnown = true;
                const QSignalBlocker block(m_topic);
                m_topic->clear();
                m_topic->addItems(m_knownTopics);
                m_topic->setCurrentText(typed);
                updateMissingTopic();
            });
    connect(m_client, &KafkaClient::adminFinished, this,
            [this](KafkaClient::JobId job, const QString &, const QString &topic, const QString &error) {
                if (job != m_createJob)
                    return;
                m_createJob = 0;
                if (!error.isEmpty()) {
                    m_missingTopicLabel->setText(error);
                    return;
                }
                m_missingTopicLabel->setText(u"created '%1'"_s.arg(topic));
                refreshTopics();
            });
}

ProduceForm::~ProduceForm()
{
    rememberLastForm();
    if (m_job)
        m_client->cancel(m_job);
}

ProduceFormInput ProduceForm::input() const
{
    ProduceFormInput in;
    in.topic = m_topic->currentText().trimmed();
    in.hasKey = m_hasKey->isChecked();
    in.key = m_key->text();
    in.value = m_value->toPlainText();
    in.valueType =
        m_valueType->currentIndex() == 1 ? ProduceFormInput::ValueType::Json : ProduceFormInput::ValueType::Text;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem *name = m_headers->item(row, 0);
        const QTableWidgetItem *value = m_headers->item(row, 1);
        in.headers.append({name ? name->text() : QString(), value ? value->text() : QString()});
    }
    in.partition = m_partition->value();
    in.acks = m_acks->currentText();
    in.compression = m_compression->currentText();
    in.count = m_count->value();
    in.ratePerSecond = m_rate->value();
    in.keepProducing = m_keepMode;
    in.literal = m_literal->isChecked();
    return in;
}

void ProduceForm::setInput(const ProduceFormInput &in)
{
    m_topic->setCurrentText(in.topic);
    m_hasKey->setChecked(in.hasKey);
    m_key->setText(in.key);
    m_valueType->setCurrentIndex(in.valueType == ProduceFormInput::ValueType::Json ? 1 : 0);
    m_value->setPlainText(in.value);
    {
        const QSignalBlocker block(m_headers);
        m_headers->setRowCount(0);
        for (const auto &[name, value] : in.headers) {
            const int row = m_headers->rowCount();
            m_headers->insertRow(row);
            m_headers->setItem(row, 0, new QTableWidgetItem(name));
            m_headers->setItem(row, 1, new QTableWidgetItem(value));
        }
    }
    m_partition->setValue(in.partition);
    m_acks->setCurrentText(in.acks);
    m_compression->setCurrentText(in.compression);
    m_count->setValue(in.count);
    m_rate->setValue(in.ratePerSecond);
    m_literal->setChecked(in.literal);
    revalidate();
}

QString ProduceForm::problemText() const
{
    return m_problem->text();
}

void ProduceForm::revalidate()
{
    // Keep producing is judged by its own rules when its button is pressed; here the plain Produce decides.
    const QList<FormProblem> problems = validateProduceForm(input());
    QStringList lines;
    for (const FormProblem &p : problems)
        lines.append(p.message);
    if (!isProducing())
        m_problem->setText(lines.join(u'\n'));
    m_produce->setEnabled(problems.isEmpty() && !isProducing());
}

void ProduceForm::updateMissingTopic()
{
    const QString topic = m_topic->currentText().trimmed();
    const bool missing = m_topicsKnown && !topic.isEmpty() && !m_knownTopics.contains(topic) &&
                         validateProduceForm(ProduceFormInput{.topic = topic}).isEmpty();
    if (missing && m_createJob == 0)
        m_missingTopicLabel->setText(
            u"Topic '%1' does not exist (the brokers do not create topics on their own)."_s.arg(topic));
    m_missingTopic->setVisible(missing || m_createJob != 0);
}

void ProduceForm::setBrokerCount(int brokers)
{
    m_newReplication->setRange(1, std::max(1, brokers));
    m_newReplication->setValue(std::clamp(brokers, 1, 3));
}

void ProduceForm::refreshTopics()
{
    m_topicsJob = m_client->listTopics();
}

bool ProduceForm::produce()
{
    return start(false);
}

bool ProduceForm::keepProducing()
{
    return start(true);
}

bool ProduceForm::start(bool keep)
{
    if (isProducing())
        return false;
    m_keepMode = keep;
    ProduceFormInput in = input();
    m_keepMode = false;
    auto request = toProduceRequest(in);
    if (!request) {
        m_problem->setText(request.error().message);
        return false;
    }
    rememberLastForm();
    m_results->clear();
    m_sent = m_acked = m_failed = 0;
    m_refused = m_timedOut = 0;
    m_requested = request->untilCancelled ? 0 : request->count;
    m_lastError.clear();
    m_problem->clear();
    m_job = m_client->produce(*request);
    m_produce->setEnabled(false);
    m_keep->setText(u"Stop"_s);
    updateTotals();
    Q_EMIT produceStarted(m_job);
    return true;
}

void ProduceForm::stop()
{
    if (m_job)
        m_client->cancel(m_job);
}

void ProduceForm::onDelivered(KafkaClient::JobId job, const QList<DeliveryResult> &results)
{
    if (job != m_job)
        return; // a run the form has moved on from
    for (const DeliveryResult &r : results) {
        if (r.error.isEmpty())
            ++m_acked;
        else {
            ++m_failed;
            m_lastError = r.error;
            const DeliveryTally::Outcome o = DeliveryTally::classify(r.error);
            m_refused += o == DeliveryTally::Outcome::Refused;
            m_timedOut += o == DeliveryTally::Outcome::TimedOut;
        }
    }
    m_sent = std::max(m_sent, m_acked + m_failed);
    m_results->append(results);
    m_resultsView->scrollToBottom();
    updateTotals();
}

void ProduceForm::onFinished(KafkaClient::JobId job, const ProduceSummary &summary)
{
    if (job != m_job)
        return;
    m_job = 0;
    m_sent = std::max(m_sent, summary.sent);
    // The run's outcome is fresher than the topic list: the topic exists if anything was acknowledged.
    if (const QString topic = m_topic->currentText().trimmed(); summary.acked > 0 && !m_knownTopics.contains(topic)) {
        m_knownTopics.append(topic);
        updateMissingTopic();
    }
    refreshTopics();
    m_keep->setText(u"Keep producing"_s);
    updateTotals();
    revalidate();
    if (!summary.error.isEmpty())
        m_problem->setText(summary.error);
    else if (summary.failed > 0)
        m_problem->setText(u"%1 message(s) failed: %2"_s.arg(summary.failed).arg(DeliveryTally::explain(m_lastError)));
    Q_EMIT produceFinished(summary);
}

void ProduceForm::updateTotals()
{
    QString failed = u"failed %1"_s.arg(m_failed);
    if (m_refused > 0 || m_timedOut > 0)
        failed += u" (refused %1, timed out %2)"_s.arg(m_refused).arg(m_timedOut);
    QString waiting;
    if (isProducing()) {
        // Until answers come, say how many are waiting: with acks=all and too few replicas in sync that is all
        // of them, for up to the message timeout.
        waiting = m_requested > 0 ? u" · waiting for an answer %1 · producing…"_s.arg(
                                        std::max<qint64>(0, m_requested - m_acked - m_failed))
                                  : u" · producing…"_s;
    }
    m_totals->setText(u"sent %1 · acknowledged %2 · %3%4"_s.arg(m_sent).arg(m_acked).arg(failed, waiting));
}

void ProduceForm::prettyPrint()
{
    const auto pretty = MessagePrettyPrinter::indentJson(m_value->toPlainText());
    if (!pretty) {
        m_problem->setText(pretty.error().message);
        return;
    }
    m_valueType->setCurrentIndex(1);
    m_value->setPlainText(*pretty);
}

void ProduceForm::insertPlaceholder(const QString &text)
{
    if (m_key->hasFocus())
        m_key->insert(text);
    else
        m_value->insertPlainText(text);
}

void ProduceForm::loadMessage(const ConsumedMessage &message)
{
    ProduceFormInput in = input();
    in.hasKey = !message.key.isNull();
    in.key = QString::fromUtf8(message.key);
    in.value = QString::fromUtf8(message.value);
    QJsonParseError error;
    QJsonDocument::fromJson(message.value, &error);
    in.valueType =
        error.error == QJsonParseError::NoError ? ProduceFormInput::ValueType::Json : ProduceFormInput::ValueType::Text;
    in.headers.clear();
    for (const auto &[name, value] : message.headers)
        in.headers.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    in.literal = true; // a copied message is sent as it was read
    setInput(in);
}

void ProduceForm::rememberLastForm() const
{
    ProduceTemplates::rememberLast(input());
}

QStringList ProduceForm::templateNames() const
{
    return ProduceTemplates::names();
}

void ProduceForm::saveTemplate(const QString &name)
{
    ProduceTemplates::save(name, input());
    reloadTemplateList();
    m_templates->setCurrentText(name);
}

bool ProduceForm::loadTemplate(const QString &name)
{
    const auto saved = ProduceTemplates::load(name);
    if (saved)
        setInput(*saved);
    return saved.has_value();
}

void ProduceForm::deleteTemplate(const QString &name)
{
    ProduceTemplates::remove(name);
    reloadTemplateList();
}

void ProduceForm::reloadTemplateList()
{
    const QSignalBlocker block(m_templates);
    m_templates->clear();
    m_templates->addItems(templateNames());
    m_templates->setCurrentIndex(-1);
}

} // namespace ensemble::ui
