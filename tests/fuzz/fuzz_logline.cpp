// libFuzzer target for the node log readers: whatever a ZooKeeper or Kafka JVM prints (or a broken pipe
// delivers), splitLogLine and the parsers must return events or nothing, never crash or hang. Built twice:
// fuzz_zookeeper_log (ENSEMBLE_FUZZ_KAFKA unset) and fuzz_kafka_log, each with its own seeds and dictionary.
#include "KafkaLogParser.h"
#include "LogLine.h"
#include "ZooKeeperLogParser.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QStringView line : QStringView(text).split(u'\n')) {
        const std::optional<LogLine> split = splitLogLine(line);
        if (!split)
            continue;
        // The views point into the line they came from.
        if (split->message.size() > line.size() || split->logger.size() > line.size())
            std::abort();
        (void)logTimestampMs(split->timestamp);
        for (const int self : {1, 2, 3}) {
#ifdef ENSEMBLE_FUZZ_KAFKA
            const QList<ParsedEvent> events = parseKafkaLine(*split, self);
#else
            const QList<ParsedEvent> events = parseZooKeeperLine(*split, self);
#endif
            for (const ParsedEvent &e : events) // each becomes an event line: it must serialise
                (void)QJsonDocument(e.fields).toJson(QJsonDocument::Compact);
        }
    }
    return 0;
}
