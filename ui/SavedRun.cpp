#include "SavedRun.h"

#include "ClusterFeed.h"
#include "EventLog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace ensemble::ui {

QStringList SavedRun::nodeNames() const
{
    QStringList names;
    for (const NodeLayout &n : layout.nodes)
        names.append(n.name);
    return names;
}

Expected<SavedRun> SavedRun::open(const QString &eventsPath)
{
    SavedRun run;
    auto events = EventLog::read(eventsPath, &run.skippedLines);
    if (!events)
        return events.error();
    run.events = events.value();
    // The layout.json of the same workspace, or NAME.layout.json beside NAME.jsonl; else the nodes the events name.
    const QFileInfo info(eventsPath);
    for (const QString &candidate :
         {info.dir().filePath(u"layout.json"_s), info.dir().filePath(info.completeBaseName() + u".layout.json"_s)}) {
        QFile f(candidate);
        if (f.open(QIODevice::ReadOnly)) {
            run.layout = ClusterLayout::fromJson(QJsonDocument::fromJson(f.readAll()).object());
            if (!run.layout.nodes.isEmpty())
                break;
        }
    }
    if (run.layout.nodes.isEmpty())
        run.layout = ClusterFeed::layoutFromEvents(run.events);
    const QString root = info.dir().absolutePath();
    for (const NodeLayout &n : run.layout.nodes)
        run.logFiles.insert(n.name, root + u"/nodes/"_s + n.name + u"/logs/node.log"_s);
    return run;
}

} // namespace ensemble::ui
