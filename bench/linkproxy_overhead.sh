#!/usr/bin/env bash
# What the ZooKeeper link proxies cost: start-to-healthy and produce throughput of a 3 ZooKeeper + 1 Kafka cluster
# (demo profile) with the proxies (`ensemble up --link-proxies`) and without (the default), alternating rounds in
# one run; the load average before and after is printed (the figures mean little on a loaded machine). Produce: COUNT records of 1 KB, acks=all, with `ensemble produce`, timed from the command's start.
# Usage: bench/linkproxy_overhead.sh [ROUNDS] [COUNT] [BUILD_DIR]   (default 3 rounds of each, 100000, build/)
set -euo pipefail
rounds=${1:-3}
count=${2:-100000}
build=${3:-build}
E="$build/app/ensemble"
dir=$(mktemp -d /tmp/faults-linkbench.XXXXXX)
trap '"$E" down -w "$dir/ws" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
cat > "$dir/cluster.yaml" <<'YAML'
name: linkbench
coordinators: 3
brokers: 1
profile: demo
topics:
  - {name: bench, partitions: 3, replication_factor: 1}
YAML
value=$(head -c 1024 /dev/zero | tr '\0' 'x')

one() { # MODE (proxies|direct)
  local extra=()
  [ "$1" = proxies ] && extra=(--link-proxies)
  rm -rf "$dir/ws" "$dir/up.log" # a stale up.log would read as healthy before this start wrote a line
  "$E" up -f "$dir/cluster.yaml" -w "$dir/ws" -q "${extra[@]}" > "$dir/up.log" 2>&1 &
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
  printf '| %s | %s | %s s | %s |\n' "$1" "$links" "$healthy" "$rate"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| mode | link_proxies | start to healthy | produce records/s |"
echo "|---|---|---|---|"
for _ in $(seq 1 "$rounds"); do
  one proxies
  one direct
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
