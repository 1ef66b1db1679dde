#!/bin/sh
# Starts cluster 'five-four' with Kafka's own scripts: the ZooKeeper servers first, then the brokers,
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

start zookeeper-1 96 zookeeper-server-start.sh zookeeper-1/zoo.cfg
start zookeeper-2 96 zookeeper-server-start.sh zookeeper-2/zoo.cfg
start zookeeper-3 96 zookeeper-server-start.sh zookeeper-3/zoo.cfg
start zookeeper-4 96 zookeeper-server-start.sh zookeeper-4/zoo.cfg
start zookeeper-5 96 zookeeper-server-start.sh zookeeper-5/zoo.cfg
# Brokers wait up to zookeeper.connection.timeout.ms (60 s) for the ZooKeeper quorum.
start kafka-1 384 kafka-server-start.sh kafka-1/server.properties
start kafka-2 384 kafka-server-start.sh kafka-2/server.properties
start kafka-3 384 kafka-server-start.sh kafka-3/server.properties
start kafka-4 384 kafka-server-start.sh kafka-4/server.properties

bootstrap=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094,127.0.0.1:19095
echo "waiting for the brokers ..."
until "$KAFKA_HOME/bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" > /dev/null 2>&1; do sleep 2; done
"$KAFKA_HOME/bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic orders --partitions 8 --replication-factor 3 --config cleanup.policy=compact --config min.insync.replicas=2
"$KAFKA_HOME/bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic audit-log --partitions 1 --replication-factor 4
echo "cluster 'five-four' started: bootstrap.servers=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094,127.0.0.1:19095"
