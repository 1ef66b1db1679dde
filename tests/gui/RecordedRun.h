// Recorded real runs for the widget tests: events.jsonl files and their layout.json from tests/data/events/, and
// vote events built like the real ones in docs/failover-walkthrough.md.
#pragma once

#include "ClusterEvent.h"
#include "Engine.h"
#include "EventLog.h"
#include "NodeLayout.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

struct RecordedRun
{
    ensemble::ClusterLayout layout;
    QList<ensemble::ClusterEvent> events;
};

inline QString recordedPath(const QString &name)
{
    return QStringLiteral(ENSEMBLE_TEST_DATA) + u"/events/"_s + name;
}

inline RecordedRun loadRun(const QString &name)
{
    RecordedRun run;
    auto events = ensemble::EventLog::read(recordedPath(name + u".jsonl"_s));
    if (events)
        run.events = events.value();
    QFile f(recordedPath(name + u".layout.json"_s));
    if (f.open(QIODevice::ReadOnly))
        run.layout = ensemble::ClusterLayout::fromJson(QJsonDocument::fromJson(f.readAll()).object());
    return run;
}

// "vote from VOTER for CANDIDATE (round R, epoch E)" as received by RECEIVER, as the ZooKeeper parser emits it.
inline ensemble::ClusterEvent voteEvent(qint64 t, const QString &receiver, const QString &voter,
                                        const QString &candidate, int round, int epoch)
{
    ensemble::ClusterEvent e;
    e.timeMs = t;
    e.wallMs = 1795619100000 + t;
    e.node = receiver;
    e.kind = ensemble::EventKind::Vote;
    e.source = u"log"_s;
    e.fields = QJsonObject{
        {u"voter"_s, voter}, {u"candidate"_s, candidate},   {u"receiver"_s, receiver},        {u"round"_s, round},
        {u"epoch"_s, epoch}, {u"zxid"_s, u"0x100000048"_s}, {u"voter_state"_s, u"looking"_s}, {u"log_ms"_s, e.wallMs}};
    return e;
}

inline ensemble::ClusterEvent makeEvent(qint64 t, const QString &node, ensemble::EventKind kind,
                                        const QJsonObject &fields, const QString &source = u"log"_s)
{
    ensemble::ClusterEvent e;
    e.timeMs = t;
    e.wallMs = 1795619100000 + t;
    e.node = node;
    e.kind = kind;
    e.fields = fields;
    e.source = source;
    return e;
}
