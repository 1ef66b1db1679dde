#!/usr/bin/env bash
# Runs the four failover scenarios of docs/failover-walkthrough.md on the default cluster and prints each one's
# event transcript (`ensemble events`) with the measured time from the fault to the new leader.
# Usage: bench/failover_walkthrough.sh [BUILD_DIR]   (default build/)
set -euo pipefail
build=${1:-build}
E="$build/app/ensemble"
ws=$(mktemp -d /tmp/ensemble-walkthrough.XXXXXX)
trap '"$E" down -w "$ws/ws" >/dev/null 2>&1 || true; rm -rf "$ws"' EXIT

"$E" up -w "$ws/ws" -q > "$ws/up.log" 2>&1 &
for _ in $(seq 1 240); do grep -q "healthy in" "$ws/up.log" && break; sleep 0.5; done
grep "healthy in" "$ws/up.log"
W=(-w "$ws/ws")

status() { "$E" status --json "${W[@]}"; }
now() { "$E" status --json "${W[@]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["uptime_ms"])'; }
wait_full() {
  for _ in $(seq 1 240); do
    status | python3 -c '
import json,sys
s=json.load(sys.stdin)
ok=all(n["state"]=="up" for n in s["nodes"]) and all(len(p["isr"])==len(p["replicas"]) for t in s["topics"] for p in t["partitions"])
sys.exit(0 if ok and s["controller"] is not None and s["quorum_leader"] is not None else 1)' && return 0
    sleep 0.5
  done
  echo "cluster did not recover" >&2; return 1
}
transcript() { # SINCE_MS TITLE
  echo; echo "### $2"; echo; echo '```'
  "$E" events "${W[@]}" --since "$1" | grep -v "__consumer_offsets" | cut -c1-160
  echo '```'
}
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# (a) SIGKILL the ZooKeeper quorum leader
leader=$(status | field '["quorum_leader"]')
t=$(now); "$E" kill "$leader" "${W[@]}" >/dev/null; sleep 4
transcript "$t" "(a) SIGKILL of the ZooKeeper quorum leader ($leader)"
"$E" start "$leader" "${W[@]}" >/dev/null; wait_full

# (b) SIGKILL the broker that leads FINANCE-STOCK-TRADING-TEST-0 (not the controller when possible)
s=$(status)
ctrl=$(echo "$s" | field '["controller"]')
victim=$(echo "$s" | python3 -c '
import json,sys
s=json.load(sys.stdin); c=s["controller"]
ps=[p for t in s["topics"] if t["name"]=="FINANCE-STOCK-TRADING-TEST" for p in t["partitions"]]
l=[p["leader"] for p in ps if p["leader"]!=c]
print(l[0] if l else ps[0]["leader"])')
t=$(now); "$E" kill "kafka-$victim" "${W[@]}" >/dev/null; sleep 8
transcript "$t" "(b) SIGKILL of kafka-$victim, a partition leader"
"$E" start "kafka-$victim" "${W[@]}" >/dev/null; wait_full

# (c) SIGKILL the controller
ctrl=$(status | field '["controller"]')
t=$(now); "$E" kill "kafka-$ctrl" "${W[@]}" >/dev/null; sleep 8
transcript "$t" "(c) SIGKILL of the controller (kafka-$ctrl)"
"$E" start "kafka-$ctrl" "${W[@]}" >/dev/null; wait_full

# (d) graceful stop of a partition leader
victim=$(status | python3 -c '
import json,sys
s=json.load(sys.stdin)
print([p["leader"] for t in s["topics"] if t["name"]=="FINANCE-STOCK-TRADING-TEST" for p in t["partitions"]][1])')
t=$(now); "$E" stop "kafka-$victim" "${W[@]}" >/dev/null; sleep 4
transcript "$t" "(d) graceful stop of kafka-$victim, a partition leader"
"$E" start "kafka-$victim" "${W[@]}" >/dev/null; wait_full
cp -r "$ws/ws/nodes" "${KEEP_LOGS:-/dev/null}" 2>/dev/null || true
