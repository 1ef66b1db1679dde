// What the window checks before it starts a cluster file: the validator's and the linter's findings, split into
// errors (the cluster would not come up as written: it does not start) and warnings (shown, it starts).
#pragma once

#include <QByteArray>
#include <QStringList>

namespace ensemble::ui {

struct ClusterFileCheck
{
    QStringList errors;   // formatted "FILE:LINE:COL: error: ..." lines
    QStringList warnings; // the same for warnings

    // FILE empty: the built-in cluster (checked too, it has no findings).
    static ClusterFileCheck of(const QString &file);
    // A cluster file's text (the new-cluster dialog's): SHOWN names it in each line; empty, each line is the
    // finding alone ("MESSAGE — HINT"), for text the user never sees as a file.
    static ClusterFileCheck ofText(const QByteArray &yaml, const QString &shown = {});
};

} // namespace ensemble::ui
