// libFuzzer target for control-socket requests: whatever another process writes on the socket, one line is read
// as a request or refused as bad input with a message, never a crash or a hang.
#include "ControlRequest.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto request = ControlRequest::parse(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!request && (request.error().message.isEmpty() || request.error().kind != Error::Kind::BadInput))
        std::abort();
    return 0;
}
