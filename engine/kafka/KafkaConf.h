// The settings every librdkafka client of Ensemble starts from: the cluster's bootstrap servers, a client id that
// names the part of Ensemble it serves, and librdkafka's own log silenced (its connection chatter while a broker
// is down is expected here, and errors reach the user as values).
#pragma once

#include <QString>

struct rd_kafka_conf_s;

namespace ensemble {

// A new configuration the caller owns (rd_kafka_new takes it over). When librdkafka refuses BOOTSTRAP, *error
// says why (the configuration is returned all the same).
rd_kafka_conf_s *newKafkaConf(const QString &bootstrap, const char *clientId, QString *error = nullptr);

} // namespace ensemble
