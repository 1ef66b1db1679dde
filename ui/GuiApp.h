// `ensemble` with no arguments, `ensemble gui [-f FILE] [-w DIR]`, `ensemble --screenshot FILE [--after SEC]`:
// the window. Creates the QApplication itself (the headless commands keep QCoreApplication).
#pragma once

namespace ensemble::ui {

// True when ARGV asks for the window rather than a headless command.
bool isGuiInvocation(int argc, char **argv);
int runGui(int argc, char **argv);

} // namespace ensemble::ui
