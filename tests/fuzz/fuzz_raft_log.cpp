// libFuzzer target for the KRaft log reader: whatever a controller or broker of Kafka 3.9 / 4.x prints (or a broken
// pipe delivers), splitLogLine, parseRaftLine and parseRaftState return events or nothing, never crash or hang.
#include "LogLine.h"
#include "RaftLogParser.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QStringView line : QStringView(text).split(u'\n')) {
        // A state string can come from any message (a transition names two), so read the raw line as one too.
        const QJsonObject state = parseRaftState(line);
        if (!state.isEmpty() && !state.contains(u"state"))
            std::abort(); // a state read names the state
        const std::optional<LogLine> split = splitLogLine(line);
        if (!split)
            continue;
        if (split->message.size() > line.size() || split->logger.size() > line.size())
            std::abort();
        for (const int self : {1, 101, 3000}) {
            for (const ParsedEvent &e : parseRaftLine(*split, self))
                (void)QJsonDocument(e.fields).toJson(QJsonDocument::Compact);
        }
    }
    return 0;
}
