// libFuzzer target for compose files (`ensemble import` and `ensemble validate`): whatever a docker-compose.yml
// holds, import and lint return a cluster, findings or diagnostics, never crash or hang.
#include "ComposeImporter.h"
#include "ComposeLinter.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const ImportResult imported = importComposeText(yaml, QStringLiteral("fuzz"));
    if (!imported.spec && imported.diagnostics.isEmpty())
        std::abort(); // no cluster must say why
    const ComposeLintResult lint = lintComposeText(yaml);
    for (const Diagnostic &d : lint.diagnostics)
        if (d.message.isEmpty())
            std::abort();
    return 0;
}
