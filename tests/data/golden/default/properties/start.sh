#!/bin/sh
# Starts cluster 'default' with Kafka's own scripts: the ZooKeeper servers first, then the brokers,
# then creates the topics. Needs KAFKA_HOME = an Apache Kafka 3.9.2 distribution (3.9 is the last
# line with ZooKeeper mode). Each node logs to NODE/logs/; NODE/pid holds its process id.
set -eu
cd "$(dirname "$0")"
: "${KAFKA_HOME:?set KAFKA_HOME to an Apache Kafka 3.9.x directory}"

start() { # NODE HEAP_MB SCRIPT CONFIG
  mkdir -p "$1/logs"
  LOG_DIR="$PWD/$1/logs" KAFKA_HEAP_OPTS="-Xmx$2m -Xms$2m" \
    nohup "$KAFKA_HOME/bin/$3" "$4" > "$1/logs/console.out" 2>&1 &
  echo $! > "$1/pid"
  echo "started $1 (pid $!)"
}

start zookeeper-1 128 zookeeper-server-start.sh zookeeper-1/zoo.cfg
start zookeeper-2 128 zookeeper-server-start.sh zookeeper-2/zoo.cfg
start zookeeper-3 128 zookeeper-server-start.sh zookeeper-3/zoo.cfg
# Brokers wait up to zookeeper.connection.timeout.ms (60 s) for the ZooKeeper quorum.
start kafka-1 256 kafka-server-start.sh kafka-1/server.properties
start kafka-2 256 kafka-server-start.sh kafka-2/server.properties
start kafka-3 256 kafka-server-start.sh kafka-3/server.properties

bootstrap=127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094
echo "waiting for the brokers ..."
until "$KAFKA_HOME/bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" > /dev/null 2>&1; do sleep 2; done
"$KAFKA_HOME/bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic FINANCE-STOCK-TRADING-TEST --partitions 3 --replication-factor 3 --config min.insync.replicas=2
echo "cluster 'default' started: bootstrap.servers=127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094"
