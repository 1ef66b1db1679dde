#include "KafkaHandleRelease.h"

#include <librdkafka/rdkafka.h>

#include <QLoggingCategory>

#include <chrono>
#include <future>
#include <thread>

Q_LOGGING_CATEGORY(lcKafkaRelease, "ensemble.kafka.release")

namespace ensemble {

bool releaseKafkaHandle(rd_kafka_t *handle, bool closeConsumer, int waitMs)
{
    if (!handle)
        return true;
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> released = done->get_future();
    const std::string name = rd_kafka_name(handle);
    // Detached: when librdkafka never returns, nothing may wait for this thread (not even process exit).
    std::thread([handle, closeConsumer, done] {
        if (closeConsumer)
            rd_kafka_consumer_close(handle);
        rd_kafka_destroy(handle);
        done->set_value();
    }).detach();
    if (released.wait_for(std::chrono::milliseconds(waitMs)) == std::future_status::ready)
        return true;
    qCWarning(lcKafkaRelease).noquote()
        << QString::fromStdString(name) + u" was not released within "_qs + QString::number(waitMs) +
               u" ms (librdkafka 2.0's known hang after a broker restart, #4674): left to its own thread"_qs;
    return false;
}

} // namespace ensemble
