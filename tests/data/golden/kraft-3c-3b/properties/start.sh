#!/bin/sh
# Starts KRaft cluster 'kraft' with Kafka's own scripts: formats every node's storage with one cluster id
# (once; --ignore-formatted), starts the controllers, then the brokers, then creates the topics.
# Needs KAFKA_HOME = an Apache Kafka 4.4.0 distribution. Each node logs to NODE/logs/.
set -eu
cd "$(dirname "$0")"
: "${KAFKA_HOME:?set KAFKA_HOME to an Apache Kafka 4.4.0 directory}"
cluster_id=_yb432z4KJZgrayeludWnQ

start() { # NODE HEAP_MB
  mkdir -p "$1/logs"
  "$KAFKA_HOME/bin/kafka-storage.sh" format --ignore-formatted -t "$cluster_id" -c "$1/server.properties" > "$1/logs/format.out"
  LOG_DIR="$PWD/$1/logs" KAFKA_HEAP_OPTS="-Xmx$2m -Xms$2m" \
    nohup "$KAFKA_HOME/bin/kafka-server-start.sh" "$1/server.properties" > "$1/logs/console.out" 2>&1 &
  echo $! > "$1/pid"
  echo "started $1 (pid $!)"
}

start controller-1 128
start controller-2 128
start controller-3 128
start kafka-1 256
start kafka-2 256
start kafka-3 256

bootstrap=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094
echo "waiting for the brokers ..."
until "$KAFKA_HOME/bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" > /dev/null 2>&1; do sleep 2; done
"$KAFKA_HOME/bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic orders --partitions 6 --replication-factor 3 --config min.insync.replicas=2
echo "cluster 'kraft' started: bootstrap.servers=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094"
