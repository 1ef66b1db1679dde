// libFuzzer target for events.jsonl lines (read back by `ensemble events`, replay and the window): a line is an
// event or is skipped; an event read from a line survives its own JSON round trip and folds into a state.
#include "ClusterEvent.h"
#include "ClusterState.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QByteArray &line : bytes.split('\n')) {
        const auto event = ClusterEvent::fromJson(QJsonDocument::fromJson(line).object());
        if (!event)
            continue;
        const auto again = ClusterEvent::fromJson(event->toJson());
        if (!again || again->kind != event->kind || again->node != event->node || again->timeMs != event->timeMs)
            std::abort();
        (void)event->toText();
        ClusterState state;
        state.apply(*event);
        (void)state.toStatusJson(QStringLiteral("fuzz"), QStringLiteral("zookeeper"));
    }
    return 0;
}
