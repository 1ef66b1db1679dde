#include "ScenariosPanel.h"

#include "ClusterSession.h"
#include "EngineHooks.h"
#include "ScenarioRunner.h"

#include <QBrush>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <optional>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {

const QString kPending = u"·"_s;
const QString kRunning = u"▶"_s;
const QString kPassed = u"✓"_s;
const QString kFailed = u"✗"_s;
const QColor kGreen(0x2e, 0x7d, 0x32);
const QColor kRed(0xc6, 0x28, 0x28);

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1) + u" s"_s;
}

} // namespace

ScenariosPanel::ScenariosPanel(KafkaClient *client, ClusterSession *engine, QWidget *parent)
    : QWidget(parent), m_client(client), m_engine(engine)
{
    m_list = new QListWidget;
    m_list->setObjectName(u"ScenarioList"_s);
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult parsed = parseScenario(builtinScenarioYaml(name));
        if (!parsed.scenario)
            continue; // the lesson files are checked by the tests; a broken one is simply not offered
        m_lessons.append(*parsed.scenario);
    }
    for (int i = 0; i < m_lessons.size(); ++i) {
        auto *item = new QListWidgetItem(m_lessons[i].title, m_list);
        item->setData(Qt::UserRole, m_lessons[i].name);
    }
    m_about = new QLabel;
    m_about->setWordWrap(true);
    m_about->setTextFormat(Qt::PlainText);
    m_about->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_run = new QPushButton(u"Run lesson"_s);
    m_narration = new QLabel;
    m_narration->setObjectName(u"ScenarioNarration"_s);
    m_narration->setWordWrap(true);
    m_narration->setTextFormat(Qt::PlainText);
    QFont italic = m_narration->font();
    italic.setItalic(true);
    italic.setPointSizeF(italic.pointSizeF() * 1.1);
    m_narration->setFont(italic);
    m_narration->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_steps = new QTreeWidget;
    m_steps->setObjectName(u"ScenarioSteps"_s);
    m_steps->setColumnCount(3);
    m_steps->setHeaderLabels({u""_s, u"Step"_s, u"Seen"_s});
    m_steps->setRootIsDecorated(false);
    m_steps->setWordWrap(true);
    m_steps->setUniformRowHeights(false);
    m_steps->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_steps->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_steps->header()->setStretchLastSection(true);
    m_steps->setColumnWidth(1, 260);
    m_verdict = new QLabel;
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_verdict->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_verdict->setFont(big);

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_list);
    auto *bottom = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_about, 1);
    runRow->addWidget(m_run, 0, Qt::AlignTop);
    bottomLayout->addLayout(runRow);
    bottomLayout->addWidget(m_narration);
    bottomLayout->addWidget(m_steps, 1);
    bottomLayout->addWidget(m_verdict);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 5);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
    m_list->setMinimumHeight(m_list->fontMetrics().lineSpacing() * 4);

    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        if (!isRunning())
            showLesson();
    });
    connect(m_run, &QPushButton::clicked, this, [this] { isRunning() ? cancel() : run(); });
    connect(m_client, &KafkaClient::scenarioStep, this, &ScenariosPanel::onStep);
    connect(m_client, &KafkaClient::scenarioNarration, this, &ScenariosPanel::onNarration);
    connect(m_client, &KafkaClient::scenarioFinished, this, &ScenariosPanel::onFinished);
    // Lessons the cluster cannot run are shown (to read) but greyed.
    for (int i = 0; i < m_list->count(); ++i) {
        m_list->setCurrentRow(i);
        if (!whyNot().isEmpty())
            m_list->item(i)->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
        m_list->item(i)->setToolTip(m_lessons[i].description.simplified());
    }
    // The first lesson this cluster can run.
    m_list->setCurrentRow(0);
    for (int i = 0; i < m_list->count(); ++i) {
        m_list->setCurrentRow(i);
        if (whyNot().isEmpty())
            break;
    }
    if (!whyNot().isEmpty())
        m_list->setCurrentRow(0);
    showLesson();
}

ScenariosPanel::~ScenariosPanel()
{
    m_closing->store(true); // the hooks of a lesson still running answer at once from now on
    cancel();
}

bool ScenariosPanel::select(const QString &name)
{
    for (int i = 0; i < m_lessons.size(); ++i)
        if (m_lessons[i].name == name && !isRunning()) {
            m_list->setCurrentRow(i);
            return true;
        }
    return false;
}

QString ScenariosPanel::selected() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_lessons.size() ? m_lessons[row].name : QString();
}

QString ScenariosPanel::whyNot() const
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_lessons.size())
        return u"choose a lesson"_s;
    if (!m_engine)
        return u"no cluster runs"_s;
    const Scenario &s = m_lessons[row];
    if (const QString why = ScenarioRunner::unavailableReason(s); !why.isEmpty())
        return why;
    const bool kraft = m_engine->spec().mode == ClusterMode::KRaft;
    const qsizetype coordinators = m_engine->layout().coordinators().size();
    const qsizetype brokers = m_engine->layout().brokers().size();
    if ((s.mode == u"kraft") != kraft || coordinators < s.coordinators || brokers < s.brokers)
        return u"needs a %1 cluster with at least %2 %3 and %4 brokers; this one is %5 with %6 and %7"_s
            .arg(s.mode == u"kraft" ? u"KRaft"_s : u"ZooKeeper-mode"_s)
            .arg(s.coordinators)
            .arg(s.mode == u"kraft" ? u"controllers"_s : u"ZooKeeper servers"_s)
            .arg(s.brokers)
            .arg(kraft ? u"KRaft"_s : u"ZooKeeper-mode"_s)
            .arg(coordinators)
            .arg(brokers);
    return {};
}

QString ScenariosPanel::verdictText() const
{
    return m_verdict->text();
}

QString ScenariosPanel::narrationText() const
{
    return m_narration->text();
}

QStringList ScenariosPanel::stepLines() const
{
    QStringList lines;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_steps->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toInt() > 0) // a step, not a narration line
            lines << u"%1 %2 — %3"_s.arg(item->text(0), item->text(1), item->text(2));
    }
    return lines;
}

void ScenariosPanel::showLesson()
{
    m_steps->clear();
    m_narration->clear();
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_lessons.size()) {
        m_about->clear();
        updateButtons();
        return;
    }
    const Scenario &s = m_lessons[row];
    m_about->setText(s.description.simplified());
    // Each step, with its narration on lines of its own (grey, before and after it), to read before playing.
    const QBrush grey = palette().brush(QPalette::Disabled, QPalette::Text);
    auto narration = [&](const QString &text, const QString &mark) {
        auto *line = new QTreeWidgetItem(m_steps, QStringList{QString(mark + u' ' + text)});
        line->setFirstColumnSpanned(true); // the whole width, so it reads as a sentence between the steps
        QFont f = line->font(0);
        f.setItalic(true);
        line->setFont(0, f);
        line->setForeground(0, grey);
    };
    for (int i = 0; i < s.steps.size(); ++i) {
        const ScenarioStep &step = s.steps[i];
        if (!step.before.isEmpty())
            narration(step.before, u"»"_s);
        auto *item = new QTreeWidgetItem(
            m_steps,
            {kPending,
             u"%1. %2 %3"_s.arg(i + 1).arg(step.kind == ScenarioStepKind::Action ? u"do"_s : u"expect"_s, step.text),
             QString()});
        item->setData(0, Qt::UserRole, i + 1);
        item->setToolTip(1, step.text);
        if (!step.after.isEmpty())
            narration(step.after, u"«"_s);
    }
    const QString why = whyNot();
    setVerdict(why.isEmpty() ? QString() : u"This cluster cannot run this lesson: %1."_s.arg(why), {});
    updateButtons();
}

void ScenariosPanel::run()
{
    if (isRunning() || !whyNot().isEmpty()) // the verdict line says why
        return;
    const int row = m_list->currentRow();
    // The hooks run on the lesson's worker thread and ask the engine on its own thread (EngineHooks).
    const EngineHooks calls = EngineHooks::forEngine(m_engine.data(), m_closing);
    ScenarioRunner::Hooks hooks;
    hooks.status = calls.status;
    hooks.act = calls.act;
    showLesson(); // every step back to "not run yet"
    m_report = {};
    m_job = m_client->scenario(m_lessons[row], std::move(hooks), calls.fault);
    setVerdict(u"Running…"_s, {});
    updateButtons();
}

void ScenariosPanel::cancel()
{
    if (!isRunning())
        return;
    m_client->cancel(m_job);
    setVerdict(u"Cancelling after this step — then putting the cluster back as it was…"_s, {});
    m_run->setEnabled(false);
}

void ScenariosPanel::onStep(KafkaClient::JobId job, const ScenarioStepResult &result, bool done)
{
    if (job != m_job)
        return;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_steps->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toInt() != result.index)
            continue;
        QFont f = item->font(1);
        f.setBold(!done);
        item->setFont(1, f);
        if (!done) {
            item->setText(0, kRunning);
            item->setText(2, result.kind == u"expect" ? u"checking…"_s : u"doing…"_s);
        } else {
            item->setText(0, result.ok ? kPassed : kFailed);
            item->setForeground(0, result.ok ? kGreen : kRed);
            item->setText(2, u"%1 (%2)"_s.arg(result.seen, seconds(result.elapsedMs)));
            item->setToolTip(2, result.seen);
            if (!result.ok)
                item->setForeground(2, kRed);
        }
        m_steps->scrollToItem(item);
        // The narration after a step shows once it held (a step that failed ends the lesson, and its "then" did
        // not happen).
        if (done && result.ok && i + 1 < m_steps->topLevelItemCount() &&
            m_steps->topLevelItem(i + 1)->text(0).startsWith(u"«"_s))
            m_steps->topLevelItem(i + 1)->setForeground(0, palette().brush(QPalette::Text));
        if (!done && i > 0 && m_steps->topLevelItem(i - 1)->text(0).startsWith(u"»"_s))
            m_steps->topLevelItem(i - 1)->setForeground(0, palette().brush(QPalette::Text));
        break;
    }
}

void ScenariosPanel::onNarration(KafkaClient::JobId job, const QString &line)
{
    if (job != m_job)
        return;
    const QString text = line.trimmed();
    // The runner's own result lines (✓/✗ ...) are in the steps already; narration and notes show above them.
    if (text.startsWith(kPassed) || text.startsWith(kFailed))
        return;
    m_narration->setText(text);
}

void ScenariosPanel::onFinished(KafkaClient::JobId job, const ScenarioReport &report, const QString &error)
{
    if (job != m_job)
        return;
    m_job = 0;
    m_report = report;
    if (!error.isEmpty()) {
        setVerdict(u"The lesson could not run: %1"_s.arg(error), kRed.name());
    } else {
        QString figures = u"%1 acknowledged"_s.arg(report.acknowledged);
        if (report.lost >= 0)
            figures += u", %1 lost"_s.arg(report.lost);
        figures += u" — %1"_s.arg(seconds(report.elapsedMs));
        if (!report.restored.isEmpty())
            figures += u"; put back: %1"_s.arg(report.restored.join(u", "_s));
        if (report.passed)
            setVerdict(u"✔ Passed: every expectation held. %1"_s.arg(figures), kGreen.name());
        else if (report.failure == u"cancelled")
            setVerdict(u"Cancelled. %1"_s.arg(figures), {});
        else
            setVerdict(u"✘ Failed at %1. %2"_s.arg(report.failure, figures), kRed.name());
    }
    updateButtons();
    Q_EMIT finished(report, error);
}

void ScenariosPanel::setVerdict(const QString &text, const QString &color)
{
    m_verdict->setText(text);
    m_verdict->setStyleSheet(color.isEmpty() ? QString() : u"color: %1"_s.arg(color));
}

void ScenariosPanel::updateButtons()
{
    m_run->setText(isRunning() ? u"Cancel"_s : u"Run lesson"_s);
    m_run->setEnabled(isRunning() || whyNot().isEmpty());
    m_run->setToolTip(isRunning()          ? u"Stop after the current step; the cluster is put back as it was"_s
                      : whyNot().isEmpty() ? u"Play the lesson on this cluster"_s
                                           : whyNot());
    m_list->setEnabled(!isRunning());
}

} // namespace ensemble::ui
