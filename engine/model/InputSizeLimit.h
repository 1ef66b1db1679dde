// How much of a file people write (a cluster, compose or scenario file, a few KiB each) a parser takes: a wrong
// file given by mistake (a log, an image) is refused at once instead of costing gigabytes of YAML nodes (an 8.5 MB
// compose file took 456 MB and 33 s before import refused it; see docs/reliability.md).
#pragma once

#include "Diagnostic.h"

#include <optional>

namespace ensemble {

constexpr qsizetype kMaxInputFileBytes = 4 * 1024 * 1024;

// The error for a file of SIZE bytes over kMaxInputFileBytes, or nothing. WHAT names it: "cluster file", ...
std::optional<Diagnostic> oversizedFile(qsizetype size, const QString &what);

} // namespace ensemble
