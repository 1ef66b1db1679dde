// libFuzzer target for DescribeQuorumCodec: whatever bytes a listener sends back (another program on the port, a
// cut-off or corrupt reply), the codec returns figures or an error, and figures keep their promises.
#include "DescribeQuorumCodec.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)DescribeQuorumCodec::pickVersion(bytes, 1);
    for (qint16 version = 0; version <= DescribeQuorumCodec::kNewestVersion; ++version) {
        (void)DescribeQuorumCodec::errorCode(bytes, version);
        const auto f = DescribeQuorumCodec::parseReply(bytes, version, 2, 1795896678289);
        if (!f)
            continue;
        if (f->voters.size() + f->observers.size() > qsizetype(size))
            std::abort(); // every replica takes bytes of the reply
        for (const auto *list : {&f->voters, &f->observers})
            for (const ReplicaFigures &r : *list)
                if (r.lag < -1 || r.lastFetchAgeMs < -1)
                    std::abort();
    }
    return 0;
}
