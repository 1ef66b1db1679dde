#!/bin/sh
# Starts KRaft cluster 'kraft-combined' with Kafka's own scripts: formats every node's storage with one cluster id
# (once; --ignore-formatted), starts the controllers, then the brokers, then creates the topics.
# Needs KAFKA_HOME = an Apache Kafka 4.4.0 distribution. Each node logs to NODE/logs/.
set -eu
cd "$(dirname "$0")"
: "${KAFKA_HOME:?set KAFKA_HOME to an Apache Kafka 4.4.0 directory}"
cluster_id=6XxtOXW7tE9psy4_fFwXXQ

start() { # NODE HEAP_MB
  mkdir -p "$1/logs"
  "$KAFKA_HOME/bin/kafka-storage.sh" format --ignore-formatted -t "$cluster_id" -c "$1/server.properties" > "$1/logs/format.out"
  LOG_DIR="$PWD/$1/logs" KAFKA_HEAP_OPTS="-Xmx$2m -Xms$2m" \
    nohup "$KAFKA_HOME/bin/kafka-server-start.sh" "$1/server.properties" > "$1/logs/console.out" 2>&1 &
  echo $! > "$1/pid"
  echo "started $1 (pid $!)"
}

start kafka-1 384
start kafka-2 384
start kafka-3 384
echo "cluster 'kraft-combined' started: bootstrap.servers=127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094"
