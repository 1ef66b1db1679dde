// The Help menu: the keyboard shortcuts (F1), the Kafka runtimes dialog, and About.
#pragma once

#include <QMenu>

namespace ensemble::ui {

class HelpMenu : public QMenu
{
    Q_OBJECT
  public:
    explicit HelpMenu(QWidget *parent);

    // The shortcut list as shown (an HTML table).
    static QString shortcutsHtml();
};

} // namespace ensemble::ui
