// A guided failover lesson read from a scenario file (docs/scenarios.md): what it needs of the cluster, the topic
// it uses, and its steps (actions and expectations with deadlines, each with narration). Pure parsing: the
// ScenarioRunner in engine/kafka plays it against a running cluster.
#pragma once

#include "Diagnostic.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace ensemble {

enum class ScenarioStepKind { Action, Expect };

struct ScenarioStep
{
    ScenarioStepKind kind = ScenarioStepKind::Action;
    // Action verbs: kill stop start restart pause resume produce consume wait restore isolate partition slow heal.
    // Expectation verbs: quorum-leader-changes quorum-lost quorum-leader controller-changes partition-new-leader
    //                    produce-fails produce-succeeds all-up nothing-lost acked-lost node-is.
    QString verb;
    QString target;        // a node selector (kill..resume, isolate, slow, heal, node-is) or a partition "T-P"
    QString state;         // node-is: leader, follower, up or down
    QString acks;          // produce, produce-fails, produce-succeeds: "all", "1" or "0"
    QString error;         // produce-fails: the error name it must fail with (empty: any)
    int rate = 0;          // produce: messages per second
    int durationMs = 0;    // produce, wait: how long
    int deadlineMs = 0;    // expectations: how long to wait for it to hold
    QString text;          // the step as written
    QString before, after; // narration
    int line = 0, column = 0;
};

struct ScenarioTopic
{
    QString name;
    int partitions = 1;
    int replicationFactor = 3;
    QMap<QString, QString> configs;
};

struct Scenario
{
    QString name;
    QString title;
    QString description;
    QString mode = QStringLiteral("zookeeper"); // the cluster mode it needs
    int coordinators = 0;                       // at least this many (0: any)
    int brokers = 0;
    std::optional<ScenarioTopic> topic;
    QList<ScenarioStep> steps;
    // What the engine must offer beyond node actions: "network-faults", "kraft".
    QStringList needs() const;
};

struct ScenarioParseResult
{
    std::optional<Scenario> scenario;
    QList<Diagnostic> diagnostics;
};

ScenarioParseResult parseScenario(const QByteArray &yaml);
ScenarioParseResult loadScenario(const QString &path);

// The lessons shipped as resources (resources/scenarios/*.yaml), by name, in lesson order.
QStringList builtinScenarioNames();
QByteArray builtinScenarioYaml(const QString &name);

} // namespace ensemble
