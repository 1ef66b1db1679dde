// File → Open recent: the cluster files opened, saved or made last, newest first, at most kMax, kept in the
// window's QSettings. A file that has gone (moved, deleted) is dropped when the list is read, and the caller is
// told which, so the menu can say so instead of offering a path that no longer opens.
#pragma once

#include <QSettings>
#include <QStringList>

namespace ensemble::ui {

class RecentClusterFiles
{
  public:
    static constexpr int kMax = 8;

    // SETTINGS: where the list lives (the window's settings, or a test's own file).
    explicit RecentClusterFiles(QSettings &settings) : m_settings(settings) {}

    // Puts PATH (made absolute) first; an older entry of it goes, the oldest past kMax go.
    void add(const QString &path);
    // The files that still exist, newest first; those that do not are removed from the settings and, when DROPPED
    // is given, listed there.
    QStringList files(QStringList *dropped = nullptr);
    void clear();

  private:
    QSettings &m_settings;
};

} // namespace ensemble::ui
