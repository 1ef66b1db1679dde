#!/bin/sh
# Stops KRaft cluster 'kraft': brokers first (a controlled shutdown moves their partition leaders away),
# the controllers last. Uses the pid files start.sh wrote.
cd "$(dirname "$0")"
for node in kafka-1 kafka-2 kafka-3 controller-1 controller-2 controller-3; do
  [ -f "$node/pid" ] || continue
  pid=$(cat "$node/pid")
  if kill "$pid" 2>/dev/null; then
    while kill -0 "$pid" 2>/dev/null; do sleep 1; done
    echo "stopped $node"
  fi
  rm -f "$node/pid"
done
