// The lock of a Kafka runtime (resources/runtime/kafka-VERSION.lock, made by installer/runtime-lock.sh): every jar
// of that runtime by its Maven coordinates, with size, SHA-1 and SHA-256, and the stamp an installed copy carries.
// `ensemble runtime install` downloads exactly these jars and refuses any byte that does not match.
#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ensemble {

struct LockedJar
{
    QString group;      // org.apache.kafka
    QString artifact;   // kafka_2.13
    QString version;    // 4.4.0
    QString classifier; // usually empty
    qint64 size = 0;
    QByteArray sha1;   // lower-case hex
    QByteArray sha256; // lower-case hex

    // The name Maven's copy-dependencies gives it, as the installer's libs/ holds it: kafka_2.13-4.4.0.jar
    QString fileName() const;
    // Its path in a Maven repository: org/apache/kafka/kafka_2.13/4.4.0/kafka_2.13-4.4.0.jar
    QString repositoryPath() const;
    QString coordinates() const; // group:artifact:version[:classifier]
    bool operator==(const LockedJar &) const = default;
};

struct RuntimeLock
{
    QString kafkaVersion;
    QString stamp; // the line setup.sh writes into .complete: "kafka 4.4.0 pom-sha256 HEX"
    QList<LockedJar> jars;

    qint64 totalBytes() const;

    // Parses a lock's text; a malformed line is an error naming its number.
    static Expected<RuntimeLock> parse(const QByteArray &text);
    // The lock this build ships for VERSION (a Qt resource); bad input naming the known versions when none.
    static Expected<RuntimeLock> forVersion(const QString &version);
    // The versions this build can install, sorted ("3.9.2", "4.4.0").
    static QStringList knownVersions();
    // The hex digest in a Maven checksum file (".sha1": "HEX" or "HEX  name"); empty when there is none.
    static QByteArray checksumFromFile(const QByteArray &text, int hexLength);
};

} // namespace ensemble
