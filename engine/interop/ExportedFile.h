// What an exporter produces: files by path relative to the output directory, written together.
#pragma once

#include "Expected.h"

#include <QList>
#include <QString>

namespace ensemble {

struct ExportedFile
{
    QString path; // relative: "kafka-1/server.properties"
    QString content;
    bool executable = false;
    bool operator==(const ExportedFile &) const = default;
};

// Writes every file under DIR (creating directories). Refuses to overwrite an existing file unless OVERWRITE.
Status writeExportedFiles(const QString &dir, const QList<ExportedFile> &files, bool overwrite);

} // namespace ensemble
