#include "DrillPanel.h"

#include "ChaosFaults.h"
#include "ClusterSession.h"
#include "EngineHooks.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {

QString number(qint64 n)
{
    return QLocale::system().toString(n);
}

} // namespace

DrillPanel::DrillPanel(KafkaClient *client, ClusterSession *engine, QWidget *parent)
    : QWidget(parent), m_client(client), m_engine(engine)
{
    auto *about = new QLabel(u"Produces with acks=all while the leader broker is killed and restarted, then reads "
                             "everything back: nothing acknowledged may be lost."_s);
    about->setWordWrap(true);
    about->setToolTip(u"A new topic with 3 partitions, replication factor 3 and min.insync.replicas=2; the broker "
                      "leading one of its partitions is killed, the drill waits for new leaders, restarts it, waits "
                      "until it is back in every ISR, and repeats. The Traffic charts show it as it runs."_s);
    about->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum); // never squeezed to a clipped line
    m_rate = new QSpinBox;
    m_rate->setRange(1, 20000);
    m_rate->setValue(400);
    m_rate->setSuffix(u" msg/s"_s);
    m_rate->setToolTip(u"How fast the drill produces while brokers are killed"_s);
    m_kills = new QSpinBox;
    m_kills->setRange(1, 10);
    m_kills->setValue(2);
    m_kills->setToolTip(u"How many times the leader broker is killed (and restarted)"_s);
    m_chaos = new QCheckBox(u"Chaos"_s);
    m_chaos->setToolTip(u"Random faults (kill, stop, pause, restart of quorum servers and brokers; isolate and slow "
                        "when the cluster runs with link proxies), one at a time, instead of the leader kills — "
                        "`ensemble drill --chaos`"_s);
    m_duration = new QSpinBox;
    m_duration->setRange(5, 86400);
    m_duration->setValue(60);
    m_duration->setSuffix(u" s"_s);
    m_duration->setToolTip(u"How long faults go on"_s);
    m_seed = new QLineEdit;
    m_seed->setPlaceholderText(u"random"_s);
    m_seed->setToolTip(u"The seed of the fault sequence: the same seed repeats it (empty: a new one)"_s);
    m_seed->setMaximumWidth(m_seed->fontMetrics().horizontalAdvance(u"18446744073709551615"_s) + 16);
    m_run = new QPushButton(u"Run drill"_s);
    m_copy = new QPushButton(u"Copy report"_s);
    m_copy->setToolTip(u"Copy the last report as JSON (the shape of `ensemble drill --json`)"_s);
    m_copy->setEnabled(false);
    m_counts = new QLabel;
    m_verdict = new QLabel;
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_verdict->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_verdict->setFont(big);
    // The verdict's figures in the normal size: a short headline stays on one line in a narrow dock.
    m_details = new QLabel;
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->hide();
    m_counts->setWordWrap(true);
    m_steps = new QPlainTextEdit;
    m_steps->setReadOnly(true);
    m_steps->setPlaceholderText(u"The drill's steps appear here."_s);
    m_steps->setMaximumBlockCount(1000);
    m_steps->setMinimumHeight(m_steps->fontMetrics().lineSpacing() * 4);

    // Two short rows rather than one long one: the dock shares the right-hand column with the others, a third
    // of a laptop screen wide.
    auto *options = new QHBoxLayout;
    options->addWidget(new QLabel(u"Rate"_s));
    options->addWidget(m_rate);
    options->addSpacing(12);
    options->addWidget(new QLabel(u"Leader kills"_s));
    options->addWidget(m_kills);
    options->addSpacing(12);
    options->addWidget(m_chaos);
    options->addWidget(m_duration);
    options->addStretch();
    auto *actions = new QHBoxLayout;
    actions->addWidget(new QLabel(u"Seed"_s));
    actions->addWidget(m_seed);
    actions->addStretch();
    actions->addWidget(m_copy);
    actions->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addLayout(options);
    layout->addLayout(actions);
    layout->addWidget(m_counts);
    layout->addWidget(m_verdict);
    layout->addWidget(m_details);
    layout->addWidget(m_steps, 1);

    const qsizetype brokers = engine ? engine->layout().brokers().size() : 0;
    if (brokers < 3) {
        m_run->setEnabled(false);
        setVerdict(u"The drill needs at least 3 brokers (replication factor 3); this cluster has %1."_s.arg(brokers),
                   {});
    }
    connect(m_run, &QPushButton::clicked, this, [this] { isRunning() ? cancel() : run(); });
    connect(m_chaos, &QCheckBox::toggled, this, &DrillPanel::updateButtons);
    updateButtons();
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(QString::fromUtf8(QJsonDocument(m_report.toJson()).toJson()));
    });
    connect(m_client, &KafkaClient::drillProgress, this, &DrillPanel::onProgress);
    connect(m_client, &KafkaClient::delivered, this, &DrillPanel::onDelivered);
    connect(m_client, &KafkaClient::drillSent, this, &DrillPanel::onSent);
    connect(m_client, &KafkaClient::drillFinished, this, &DrillPanel::onFinished);
}

DrillPanel::~DrillPanel()
{
    m_closing->store(true); // the hooks of a drill still running answer at once from now on
    cancel();
}

QString DrillPanel::verdictText() const
{
    return m_details->text().isEmpty() ? m_verdict->text() : m_verdict->text() + u' ' + m_details->text();
}

QString DrillPanel::stepsText() const
{
    return m_steps->toPlainText();
}

void DrillPanel::run()
{
    if (isRunning() || !m_engine || m_engine->layout().brokers().size() < 3) // the verdict line says why
        return;
    // The hooks run on the drill's worker thread and ask the engine on its own thread (EngineHooks).
    const EngineHooks calls = EngineHooks::forEngine(m_engine.data(), m_closing);
    FailoverDrill::Hooks hooks;
    hooks.status = calls.status;
    hooks.act = calls.act;
    hooks.fault = calls.fault; // chaos: isolate and slow when the cluster has link proxies
    std::function<QString(const DrillFaultContext &, QJsonObject *)> faultPhase;
    if (m_chaos->isChecked()) {
        bool seedOk = true;
        const QString typed = m_seed->text().trimmed();
        const quint64 seed = typed.isEmpty() ? QRandomGenerator::global()->generate64() : typed.toULongLong(&seedOk);
        if (!seedOk) {
            setVerdict(u"The seed is a whole number from 0 to 18446744073709551615 — or leave it empty for a new "
                       "one."_s,
                       u"#c62828"_s);
            return;
        }
        m_seed->setText(QString::number(seed)); // shown, so that the run can be repeated
        const ChaosFaults faults(seed, m_duration->value(), false);
        faultPhase = [faults](const DrillFaultContext &c, QJsonObject *out) { return faults.run(c, out); };
    }
    m_steps->clear();
    m_tally = {};
    m_report = {};
    m_copy->setEnabled(false);
    m_clock.start();
    m_job = m_client->drill(std::move(hooks), m_rate->value(), m_kills->value(), std::move(faultPhase));
    setVerdict(u"Running…"_s, {});
    m_counts->setText(m_tally.summary());
    updateButtons();
}

void DrillPanel::cancel()
{
    if (!isRunning())
        return;
    m_client->cancel(m_job);
    setVerdict(u"Cancelling — restarting any broker the drill killed…"_s, {});
    m_run->setEnabled(false);
}

void DrillPanel::onProgress(KafkaClient::JobId job, const QString &message)
{
    if (job != m_job)
        return;
    m_steps->appendPlainText(u"%1 s  %2"_s.arg(double(m_clock.elapsed()) / 1000.0, 6, 'f', 1).arg(message));
}

void DrillPanel::onDelivered(KafkaClient::JobId job, const QList<DeliveryResult> &results)
{
    if (job != m_job)
        return;
    for (const DeliveryResult &r : results)
        m_tally.add(r, m_clock.elapsed());
    m_counts->setText(m_tally.summary());
}

void DrillPanel::onSent(KafkaClient::JobId job, qint64 sent)
{
    if (job != m_job)
        return;
    m_tally.setSent(std::max(sent, m_tally.sent()));
    m_counts->setText(m_tally.summary());
}

QString DrillPanel::countsText() const
{
    return m_counts->text();
}

void DrillPanel::onFinished(KafkaClient::JobId job, const DrillReport &report, const QString &error)
{
    if (job != m_job)
        return;
    m_job = 0;
    if (!error.isEmpty()) {
        setVerdict(u"Drill stopped: %1"_s.arg(error), u"#c62828"_s);
    } else {
        m_report = report;
        m_copy->setEnabled(true);
        // The live line's counts, final: sent = acknowledged + refused + timed out + unknown.
        m_tally = {};
        m_counts->setText(u"sent %1 · acknowledged %2 · refused %3 · timed out %4 · unknown %5"_s.arg(
            number(report.attempted), number(report.acknowledged), number(report.refused), number(report.timedOut),
            number(report.unknown)));
        QString figures = u"%1 sent = %2 acknowledged + %3 refused + %4 timed out + %5 unknown. "_s.arg(
            number(report.attempted), number(report.acknowledged), number(report.refused), number(report.timedOut),
            number(report.unknown));
        if (report.failingMs > 0)
            figures += u"Writes failed for %1 s while too few replicas were in sync. "_s.arg(
                QString::number(double(report.failingMs) / 1000.0, 'f', 1));
        figures += u"%1 consumed, %2 lost, %3 duplicated — %4 s"_s.arg(
            number(report.consumed), number(report.lost), number(report.duplicated),
            QString::number(double(report.elapsedMs) / 1000.0, 'f', 1));
        // Chaos also fails when the cluster was not whole again at the end, as `ensemble drill --chaos` does.
        const QJsonObject chaos = report.faults.value(u"chaos"_s).toObject();
        if (!chaos.isEmpty())
            figures += u" · %1 faults, seed %2, cluster %3"_s.arg(chaos.value(u"faults"_s).toArray().size())
                           .arg(chaos.value(u"seed"_s).toString(),
                                chaos.value(u"healthy"_s).toBool() ? u"whole again"_s : u"NOT whole again"_s);
        const bool whole = chaos.isEmpty() || chaos.value(u"healthy"_s).toBool();
        if (report.lost == 0 && report.acknowledged > 0 && whole)
            setVerdict(u"✔ Nothing lost."_s, u"#2e7d32"_s, figures);
        else if (report.lost == 0 && report.acknowledged > 0)
            setVerdict(u"✘ Nothing lost, but the cluster was not whole again at the end."_s, u"#c62828"_s, figures);
        else
            setVerdict(u"✘ %1 acknowledged messages lost."_s.arg(number(report.lost)), u"#c62828"_s, figures);
    }
    updateButtons();
    Q_EMIT finished(report, error);
}

void DrillPanel::setVerdict(const QString &text, const QString &color, const QString &details)
{
    m_verdict->setText(text);
    m_details->setText(details);
    m_details->setVisible(!details.isEmpty());
    m_verdict->setStyleSheet(color.isEmpty() ? QString() : u"color: %1"_s.arg(color));
}

void DrillPanel::updateButtons()
{
    m_run->setText(isRunning() ? u"Cancel"_s : u"Run drill"_s);
    m_run->setEnabled(m_engine && m_engine->layout().brokers().size() >= 3);
    m_rate->setEnabled(!isRunning());
    m_kills->setEnabled(!isRunning() && !m_chaos->isChecked());
    m_chaos->setEnabled(!isRunning());
    m_duration->setEnabled(!isRunning() && m_chaos->isChecked());
    m_seed->setEnabled(!isRunning() && m_chaos->isChecked());
}

} // namespace ensemble::ui
