#include "HelpMenu.h"

#include "RuntimeDialog.h"

#include <QApplication>
#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

HelpMenu::HelpMenu(QWidget *parent) : QMenu(u"&Help"_s, parent)
{
    addAction(u"&Keyboard shortcuts"_s, QKeySequence::HelpContents, this,
              [parent] { QMessageBox::information(parent, u"Keyboard shortcuts"_s, shortcutsHtml()); });
    addAction(u"Kafka &runtimes…"_s, this, [parent] {
        auto *dialog = new RuntimeDialog(parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    addAction(u"&About Ensemble"_s, this, [parent] {
        QMessageBox::about(parent, u"About Ensemble"_s,
                           u"<b>Ensemble %1</b><p>A real Kafka cluster on this machine, drawn live, to break on "
                           "purpose.</p>"_s.arg(QApplication::applicationVersion()));
    });
}

QString HelpMenu::shortcutsHtml()
{
    const QString rows[][2] = {
        {u"Tab / Shift+Tab"_s, u"move between nodes on the canvas"_s},
        {u"K"_s, u"kill the selected node (SIGKILL)"_s},
        {u"S"_s, u"stop it gracefully"_s},
        {u"P"_s, u"pause it (SIGSTOP) / resume it"_s},
        {u"R"_s, u"restart it"_s},
        {u"T"_s, u"start it"_s},
        {u"L"_s, u"show its log"_s},
        {u"Ctrl+C"_s, u"copy its address"_s},
        {u"Ctrl+0 / Ctrl++ / Ctrl+-"_s, u"fit / zoom the canvas"_s},
        {u"Ctrl+D"_s, u"failover drill"_s},
        {u"Ctrl+L"_s, u"scenarios: guided failover lessons"_s},
        {u"Ctrl+N"_s, u"new cluster: mode, version, nodes, topics"_s},
        {u"Ctrl+Shift+S"_s, u"save a screenshot"_s},
        {u"F1"_s, u"this list"_s},
    };
    QString html = u"<p>Node keys work on the canvas and in the cluster tree; both share one selection (the "
                   "Node menu acts on it too).</p><table>"_s;
    for (const auto &row : rows)
        html += u"<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>"_s.arg(row[0], row[1]);
    return html + u"</table>"_s;
}

} // namespace ensemble::ui
