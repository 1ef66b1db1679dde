// A run saved in a workspace, opened for replay: its events.jsonl, the layout.json beside it (or the nodes the
// events name), and where each node's log is (nodes/NODE/logs/node.log).
#pragma once

#include "ClusterEvent.h"
#include "Expected.h"
#include "NodeLayout.h"

#include <QHash>
#include <QList>

namespace ensemble::ui {

struct SavedRun
{
    ClusterLayout layout;
    QList<ClusterEvent> events;
    QHash<QString, QString> logFiles; // node -> its log file
    int skippedLines = 0;             // lines of the file that were not events

    QStringList nodeNames() const;
    static Expected<SavedRun> open(const QString &eventsPath);
};

} // namespace ensemble::ui
