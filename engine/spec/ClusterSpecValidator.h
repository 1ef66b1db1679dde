// Checks a parsed cluster file for values that cannot work (errors) or are risky (warnings).
#pragma once

#include "ClusterSpec.h"

namespace ensemble {

QList<Diagnostic> validateClusterSpec(const ClusterSpec &spec);

} // namespace ensemble
