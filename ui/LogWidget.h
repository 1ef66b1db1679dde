// The node logs dock: one node's log at a time, its history (read from the node's log file) and its live tail,
// a minimum level, a search, and "jump to the line behind an event" (by the log timestamp the event carries).
#pragma once

#include <QHash>
#include <QSet>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QLabel;
class QCheckBox;

namespace ensemble::ui {

class LogWidget : public QWidget
{
    Q_OBJECT
  public:
    static constexpr int kMaxLines = 20000;

    explicit LogWidget(QWidget *parent = nullptr);

    // A new run (a started cluster or a saved one): NODES, and the file each node's history lives in (read once,
    // when the node is first shown). Forgets every line of the previous run. Paths are copied, so nothing here
    // depends on the engine that wrote them still existing.
    void setRun(const QStringList &nodes, const QHash<QString, QString> &logFiles);
    void setNodes(const QStringList &nodes);
    void appendLine(const QString &node, const QString &line);
    void showNode(const QString &node);
    QString currentNode() const;
    // Shows NODE's log and selects the line logged at LOGMS (ms since the epoch), or the first one after it.
    // Returns the line's number in the node's log, or -1.
    int jumpTo(const QString &node, qint64 logMs);
    void setMinimumLevel(const QString &level); // TRACE, DEBUG, INFO, WARN, ERROR
    QString visibleText() const;
    QPlainTextEdit *editor() const { return m_text; }

  private:
    void loadHistory(const QString &node);
    void rerender();
    bool passes(const QString &line) const;
    void findNext(bool backwards);

    void updateStatus();

    QHash<QString, QString> m_files; // node -> its log file
    QHash<QString, QStringList> m_lines;
    QSet<QString> m_historyLoaded;
    QComboBox *m_node;
    QComboBox *m_level;
    QLineEdit *m_search;
    QCheckBox *m_follow;
    QPlainTextEdit *m_text;
    QLabel *m_status;
    int m_minLevel = 0;
    qsizetype m_shown = 0; // lines of the current node passing the filter
};

} // namespace ensemble::ui
