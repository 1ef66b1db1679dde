// libFuzzer target for the cluster-file parser: whatever bytes a user's file holds, parseClusterSpec must
// return diagnostics or a spec, never crash, hang or break its own promises.
#include "ClusterSpec.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const SpecParseResult result = parseClusterSpec(yaml);

    // A spec exactly when no diagnostic is an error.
    if (result.spec.has_value() == hasErrors(result.diagnostics))
        std::abort();
    const qsizetype lines = yaml.count('\n') + 1;
    int previousLine = 0;
    for (const Diagnostic &d : result.diagnostics) {
        // Every diagnostic says something, at a place inside the file (line 0 = no single place), in file
        // order.
        if (d.message.isEmpty() || d.line < 0 || d.column < 0 || d.line > lines + 1 || d.line < previousLine)
            std::abort();
        if ((d.line == 0) != (d.column == 0))
            std::abort();
        previousLine = d.line;
    }
    return 0;
}
