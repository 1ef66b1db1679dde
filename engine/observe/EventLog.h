// Appends every event to events.jsonl in the workspace (one JSON object a line) and reads such files back,
// so an election can be replayed after the fact.
#pragma once

#include "ClusterEvent.h"
#include "Expected.h"

#include <QFile>
#include <QList>

namespace ensemble {

class EventLog
{
  public:
    Status open(const QString &path); // appends to an existing file
    // Appends one line. A failed write (a full disk...) leaves no partial line behind and is an error the first
    // time only, so the caller reports it once; the next write that succeeds ends the episode.
    Status append(const ClusterEvent &event);
    void close() { m_file.close(); }

    // Reads a whole events.jsonl; lines that are not events are skipped and counted in *skipped.
    static Expected<QList<ClusterEvent>> read(const QString &path, int *skipped = nullptr);

  private:
    QFile m_file;
    bool m_failing = false;
};

} // namespace ensemble
