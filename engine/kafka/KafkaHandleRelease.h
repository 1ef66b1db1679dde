// Releases a librdkafka handle without letting librdkafka hang its caller. librdkafka 2.0.2 (Debian 12's) can block
// in rd_kafka_consumer_close()/rd_kafka_destroy() forever after a broker went down and came back (a reference-count
// leak on a partition: librdkafka #4674, fixed upstream after 2.0): the very thing Ensemble does to its clusters.
// A release that takes longer than its bound is left to finish on its own thread, and the caller goes on.
#pragma once

struct rd_kafka_s;

namespace ensemble {

// Closes a consumer first when `closeConsumer` (leaving its group, committing per its settings), then destroys the
// handle; waits at most `waitMs` for that. Returns false when the release was left unfinished (and logs it).
bool releaseKafkaHandle(rd_kafka_s *handle, bool closeConsumer = false, int waitMs = 10000);

} // namespace ensemble
