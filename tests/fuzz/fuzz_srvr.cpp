// libFuzzer target for parseSrvr: whatever bytes come back on a ZooKeeper client port (another program on the
// port, a cut-off answer), the parser returns a reply or nothing, and a reply keeps its own promises.
#include "CoordinatorProbe.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto reply = parseSrvr(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (reply && reply->serving && reply->mode.isEmpty())
        std::abort(); // serving means a mode was read
    return 0;
}
