#include "LogWidget.h"

#include "LogLine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

namespace {
const QStringList kLevels = {u"TRACE"_s, u"DEBUG"_s, u"INFO"_s, u"WARN"_s, u"ERROR"_s};
constexpr qint64 kHistoryBytes = 4 * 1024 * 1024;

int levelOf(const QString &line)
{
    const auto parsed = splitLogLine(line);
    if (!parsed)
        return -1; // continuation lines (stack traces) follow their line's fate: shown
    const int i = int(kLevels.indexOf(parsed->level.toString()));
    return i < 0 ? (parsed->level == u"FATAL" ? 4 : -1) : i;
}
} // namespace

LogWidget::LogWidget(QWidget *parent) : QWidget(parent)
{
    m_node = new QComboBox(this);
    m_node->setMinimumContentsLength(12);
    m_level = new QComboBox(this);
    for (const QString &l : kLevels)
        m_level->addItem(l + u" and above"_s, l);
    m_level->setToolTip(u"Hide lines below this level"_s);
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(u"Find in log (Enter: next, Shift+Enter: previous)"_s);
    m_search->setClearButtonEnabled(true);
    m_follow = new QCheckBox(u"Follow"_s, this);
    m_follow->setChecked(true);
    m_follow->setToolTip(u"Keep the newest line in view"_s);
    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setMaximumBlockCount(kMaxLines + 1000);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_status = new QLabel(this);

    auto *top = new QHBoxLayout;
    top->addWidget(m_node);
    top->addWidget(m_level);
    top->addWidget(m_search, 1);
    top->addWidget(m_follow);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);

    connect(m_node, &QComboBox::currentIndexChanged, this, [this] {
        loadHistory(currentNode());
        rerender();
    });
    connect(m_level, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_minLevel = i;
        rerender();
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findNext(false); });
    setMinimumLevel(u"INFO"_s);
}

void LogWidget::setRun(const QStringList &nodes, const QHash<QString, QString> &logFiles)
{
    m_files = logFiles;
    m_lines.clear();
    m_historyLoaded.clear();
    setNodes(nodes);
}

void LogWidget::setNodes(const QStringList &nodes)
{
    const QString current = currentNode();
    const QSignalBlocker block(m_node);
    m_node->clear();
    m_node->addItems(nodes);
    m_node->setCurrentIndex(std::max(0, int(nodes.indexOf(current))));
    loadHistory(currentNode());
    rerender();
}

QString LogWidget::currentNode() const
{
    return m_node->currentText();
}

void LogWidget::showNode(const QString &node)
{
    const int i = m_node->findText(node);
    if (i >= 0)
        m_node->setCurrentIndex(i);
}

void LogWidget::setMinimumLevel(const QString &level)
{
    m_level->setCurrentIndex(std::max(0, int(kLevels.indexOf(level))));
    m_minLevel = m_level->currentIndex();
}

void LogWidget::loadHistory(const QString &node)
{
    if (node.isEmpty() || m_historyLoaded.contains(node) || !m_files.contains(node))
        return;
    m_historyLoaded.insert(node);
    QFile f(m_files.value(node));
    if (!f.open(QIODevice::ReadOnly))
        return;
    // The tail is enough (a few MB read once); live lines that arrived before stay after the history.
    if (f.size() > kHistoryBytes)
        f.seek(f.size() - kHistoryBytes);
    QStringList history = QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    if (f.size() > kHistoryBytes && !history.isEmpty())
        history.removeFirst(); // a partial line
    QStringList &lines = m_lines[node];
    // Lines already received live are also in the file: keep the file's copy only.
    if (!lines.isEmpty() && !history.isEmpty()) {
        const qsizetype at = history.lastIndexOf(lines.constFirst());
        if (at >= 0)
            history.resize(at);
    }
    lines = history + lines;
    if (lines.size() > kMaxLines)
        lines.remove(0, lines.size() - kMaxLines);
}

bool LogWidget::passes(const QString &line) const
{
    const int level = levelOf(line);
    return level < 0 || level >= m_minLevel;
}

void LogWidget::appendLine(const QString &node, const QString &line)
{
    QStringList &lines = m_lines[node];
    lines.append(line);
    if (lines.size() > kMaxLines + 1000)
        lines.remove(0, lines.size() - kMaxLines);
    if (node != currentNode())
        return;
    if (passes(line)) {
        QScrollBar *bar = m_text->verticalScrollBar();
        const int keep = bar->value();
        m_text->appendPlainText(line);
        ++m_shown;
        if (!m_follow->isChecked())
            bar->setValue(keep);
    }
    updateStatus();
}

void LogWidget::updateStatus()
{
    const qsizetype total = m_lines.value(currentNode()).size();
    m_status->setText(total == 0 ? u"No lines yet"_s
                                 : u"%1 of %2 lines shown"_s.arg(std::min(m_shown, total)).arg(total));
}

void LogWidget::rerender()
{
    QStringList shown;
    for (const QString &line : m_lines.value(currentNode()))
        if (passes(line))
            shown.append(line);
    m_text->setPlainText(shown.join(u'\n'));
    m_text->moveCursor(QTextCursor::End);
    m_shown = shown.size();
    updateStatus();
}

QString LogWidget::visibleText() const
{
    return m_text->toPlainText();
}

void LogWidget::findNext(bool backwards)
{
    const QString needle = m_search->text();
    if (needle.isEmpty())
        return;
    QTextDocument::FindFlags flags;
    if (backwards)
        flags |= QTextDocument::FindBackward;
    if (!m_text->find(needle, flags)) {
        m_text->moveCursor(backwards ? QTextCursor::End : QTextCursor::Start);
        if (!m_text->find(needle, flags))
            m_status->setText(u"'%1' not found"_s.arg(needle));
    }
    m_follow->setChecked(false);
}

int LogWidget::jumpTo(const QString &node, qint64 logMs)
{
    showNode(node);
    loadHistory(node);
    // The line behind an event may sit below the level filter: show everything.
    if (m_minLevel > 0) {
        m_level->setCurrentIndex(0);
        m_minLevel = 0;
        rerender();
    }
    const QStringList &lines = m_lines.value(node);
    int found = -1;
    for (int i = 0; i < lines.size(); ++i) {
        const auto parsed = splitLogLine(lines[i]);
        if (!parsed)
            continue;
        const qint64 t = logTimestampMs(parsed->timestamp);
        if (t >= logMs) {
            found = i;
            break;
        }
    }
    if (found < 0) {
        m_status->setText(u"No line of %1 logged at that time (the history may have been cut)"_s.arg(node));
        return -1;
    }
    m_follow->setChecked(false);
    const QTextBlock block = m_text->document()->findBlockByNumber(found);
    QTextCursor cursor(block);
    cursor.select(QTextCursor::LineUnderCursor);
    m_text->setTextCursor(cursor);
    m_text->centerCursor();
    m_status->setText(u"Line %1 of %2's log"_s.arg(found + 1).arg(node));
    return found;
}

} // namespace ensemble::ui
