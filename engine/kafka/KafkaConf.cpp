#include "KafkaConf.h"

#include <librdkafka/rdkafka.h>

namespace ensemble {

namespace {
void quietLog(const rd_kafka_t *, int, const char *, const char *) {}
} // namespace

rd_kafka_conf_t *newKafkaConf(const QString &bootstrap, const char *clientId, QString *error)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[512];
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toLatin1().constData(), err, sizeof err) !=
            RD_KAFKA_CONF_OK &&
        error)
        *error = QString::fromUtf8(err);
    rd_kafka_conf_set(conf, "client.id", clientId, err, sizeof err);
    rd_kafka_conf_set_log_cb(conf, quietLog);
    return conf;
}

} // namespace ensemble
