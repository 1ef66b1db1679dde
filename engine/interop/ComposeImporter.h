// `ensemble import`: a docker-compose file's ZooKeeper and Kafka services (ZooKeeper mode or KRaft) as a
// cluster file. Takes what the
// file means (its ids, ports, topics and settings as its author wrote them), says what it changed on the way,
// and lists the services that are not part of the cluster. What is wrong with the file is ComposeLinter's
// job.
#pragma once

#include "ClusterSpec.h"
#include "ComposeFile.h"

namespace ensemble {

struct ImportResult
{
    std::optional<ClusterSpec> spec; // set unless there are errors
    QList<Diagnostic> diagnostics;   // why no cluster could be made (errors), or a file problem
    QStringList skipped;             // services that are not ZooKeeper or Kafka: "akhq (tchiotludo/akhq): ..."
    QStringList notes;               // what the cluster file does differently from the compose file
};

// Validate: the cluster file must pass the cluster-file validator (what `ensemble import` does). SkipValidation
// gives the cluster the compose file describes even when the validator refuses it (tests of KRaft import use
// it while the validator does not accept KRaft yet).
enum class ImportCheck { Validate, SkipValidation };

// FALLBACK_NAME: the cluster name when the file has no `name:` (e.g. from its file name).
ImportResult importCompose(const ComposeFile &file, const QString &fallbackName,
                           ImportCheck check = ImportCheck::Validate);
ImportResult importComposeText(const QByteArray &yaml, const QString &fallbackName,
                               ImportCheck check = ImportCheck::Validate);

// A usable cluster name from anything (a file name): letters, digits, '.', '_', '-'.
QString clusterNameFrom(const QString &text);

} // namespace ensemble
