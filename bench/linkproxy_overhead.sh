#!/usr/bin/env bash
# What the link proxies cost: start-to-healthy and produce throughput with the proxies (`ensemble up
# --link-proxies`) and without (`--no-link-proxies`), alternating rounds in one run, on a ZooKeeper-mode cluster
# (3 ZooKeeper + 2 Kafka: the ZooKeeper peer links and the brokers' ZooKeeper sessions are proxied) or a KRaft one
# (Kafka 4.4.0, 3 controllers + 2 brokers: every link into a controller is proxied). Produce: COUNT records of 1 KB,
# acks=all, to a topic with replication factor 2, with `ensemble produce`, timed from the command's start. The load
# average before and after is printed (the figures mean little on a loaded machine).
# Usage: bench/linkproxy_overhead.sh [ROUNDS] [COUNT] [BUILD_DIR] [zookeeper|kraft]
#        (default 3 rounds of each, 100000, build/, zookeeper)
set -euo pipefail
rounds=${1:-3}
count=${2:-100000}
build=${3:-build}
mode=${4:-zookeeper}
E="$build/app/ensemble"
dir=$(mktemp -d /tmp/faults-linkbench.XXXXXX)
trap '"$E" down -w "$dir/ws" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
case "$mode" in
  zookeeper) header='coordinators: 3' ;;
  kraft) header=$'mode: kraft\nkafka_version: 4.4.0\ncoordinators: 3' ;;
  *) echo "mode is zookeeper or kraft" >&2; exit 2 ;;
esac
cat > "$dir/cluster.yaml" <<YAML
name: linkbench
$header
brokers: 2
profile: demo
topics:
  - {name: bench, partitions: 2, replication_factor: 2}
YAML
value=$(head -c 1024 /dev/zero | tr '\0' 'x')

one() { # MODE (proxies|direct)
  local flag=--no-link-proxies
  [ "$1" = proxies ] && flag=--link-proxies
  rm -rf "$dir/ws" "$dir/up.log" # a stale up.log would read as healthy before this start wrote a line
  "$E" up -f "$dir/cluster.yaml" -w "$dir/ws" -q "$flag" > "$dir/up.log" 2>&1 &
  for _ in $(seq 1 360); do grep -q "healthy in" "$dir/up.log" && break; sleep 0.5; done
  local healthy
  healthy=$(grep -o "healthy in [0-9.]* s" "$dir/up.log" | grep -o "[0-9.]*") || { cat "$dir/up.log" >&2; exit 1; }
  local t0 t1
  t0=$(date +%s%N)
  "$E" produce -w "$dir/ws" -t bench -n "$count" --acks all --literal -v "$value" > /dev/null
  t1=$(date +%s%N)
  local rate=$(( count * 1000000000 / (t1 - t0) ))
  local links
  links=$("$E" status --json -w "$dir/ws" | python3 -c 'import json,sys; print(json.load(sys.stdin)["link_proxies"])')
  "$E" down -w "$dir/ws" > /dev/null
  wait
  printf '| %s | %s | %s | %s s | %s |\n' "$mode" "$1" "$links" "$healthy" "$rate"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| cluster | mode | link_proxies | start to healthy | produce records/s |"
echo "|---|---|---|---|---|"
for _ in $(seq 1 "$rounds"); do
  one proxies
  one direct
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
