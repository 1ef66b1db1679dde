// A docker-compose file as written: services with their image, environment, ports, dependencies,
// healthchecks, volumes and networks, each with the place (line, column) it was written, plus the raw lines
// for comments. What those services mean as a Kafka cluster is ComposeTopology's business; this is only the
// file.
#pragma once

#include "ClusterSpec.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace ensemble {

struct ComposeEnvVar
{
    QString name;
    QString value;        // after ${VAR:-default} interpolation; empty when not given
    bool hasValue = true; // false for "KEY" / "KEY:" (passed through from the host)
    SourceMark mark;      // where the name is
    SourceMark valueMark; // where the value is (same as mark for list form "KEY=VALUE")
};

struct ComposePort
{
    QString raw; // as written: "127.0.0.1:9092:9092"
    SourceMark mark;
    QString hostIp;    // empty: all interfaces
    int published = 0; // host port; 0 = not published on a fixed port
    int target = 0;    // container port
    QString protocol = QStringLiteral("tcp");
};

struct ComposeDependency
{
    QString service;
    QString condition; // empty in list form; service_started / service_healthy / service_completed_successfully
    SourceMark mark;
};

struct ComposeVolume
{
    QString source; // host path or named volume; empty for an anonymous volume
    QString target; // path in the container
    SourceMark mark;
};

struct ComposeService
{
    QString name;
    SourceMark mark;
    QString image;
    SourceMark imageMark;
    QString hostname;
    SourceMark hostnameMark;
    QString containerName;
    QList<ComposeEnvVar> environment;
    SourceMark environmentMark;
    QList<ComposePort> ports;
    QList<ComposeDependency> dependsOn;
    SourceMark dependsOnMark;
    bool dependsOnListForm = false;
    bool hasHealthcheck = false; // a healthcheck that is not disabled
    QList<ComposeVolume> volumes;
    QStringList networks;
    QStringList aliases; // network aliases, from the long form of `networks`
    QString command;     // command and entrypoint, joined into one text
    SourceMark commandMark;
    QString restart;
    bool built = false; // a `build:` section: the image is built from a Dockerfile

    const ComposeEnvVar *env(const QString &name) const;
    QString envValue(const QString &name) const;
    // Names other containers on the same network can use: the service name, container_name and aliases.
    QStringList dnsNames() const;
};

struct ComposeNetwork
{
    QString name;
    SourceMark mark;
    bool external = false;
    SourceMark externalMark;
};

struct ComposeFile
{
    QString projectName; // top-level `name:`
    QString version;     // top-level `version:` (obsolete in the Compose Specification)
    SourceMark versionMark;
    QList<ComposeService> services;
    QList<ComposeNetwork> networks;
    QStringList lines; // the raw text, for comments (index 0 = line 1)
    // Top-level `x-ensemble:` (what `ensemble export` writes for settings docker has no use for), flattened:
    // "cluster", "ports.coordinator" ...
    QMap<QString, QString> extension;

    const ComposeService *service(const QString &name) const;
    // The service reachable as NAME on the network (service name, container_name or alias), or null.
    const ComposeService *serviceByDnsName(const QString &name) const;
    // The service whose `hostname:` is NAME, or null.
    const ComposeService *serviceByHostname(const QString &name) const;
};

struct ComposeParseResult
{
    std::optional<ComposeFile> file; // set unless there are errors
    QList<Diagnostic> diagnostics;
};

ComposeParseResult parseComposeFile(const QByteArray &yaml);
// True when the text is a YAML mapping with a top-level `services:` key (a compose file, not a cluster file).
bool looksLikeComposeFile(const QByteArray &yaml);
// Compose's own interpolation, enough for values: ${VAR:-default} and ${VAR-default} give the default, $$
// gives $.
QString interpolateComposeValue(const QString &value);

} // namespace ensemble
