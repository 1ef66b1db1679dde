#!/usr/bin/env bash
# KRaft figures of issue 11, each with its reference measured in the same run (docs/benchmarks.md):
#   start     3 controllers + 3 brokers on Kafka 4.4.0: `ensemble up -d` to healthy, against Kafka's own scripted
#             way (kafka-storage format, then kafka-server-start with the scripts' heaps and JVM options, one node
#             after the other) on the same server.properties; first start (formatting) and a later start apart.
#             Both run the Java that JAVA_HOME names (else `java` on PATH), as Kafka's scripts do: with
#             JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 Ensemble's nodes map a JEP 483/514 AOT cache, made
#             beforehand by `ensemble runtime archive 4.4.0` (Java 17: an AppCDS archive).
#   failover  SIGKILL of the raft leader, N times (default 5): kill → a new leader seen by the engine
#             (`leader_elected` − `fault_injected`, engine clock), and kill → a 1-message acks=all produce succeeding.
#   memory    the resident memory of the 3 + 3 cluster's JVMs and of Ensemble's supervisor, after 10,000 messages.
#   aot       one combined 4.4.0 node, spawn → "Kafka Server started": Java 17 with an AppCDS archive against the
#             Temurin JDK 25 with a JEP 483/514 AOT cache (-XX:AOTCacheOutput once, then -XX:AOTCache).
# Each figure is printed with the load average at the time: on a shared machine a loaded run is no target met.
# Usage: bench/kraft_bench.sh [start|failover|memory|aot|all] [BUILD_DIR]    (env: ROUNDS=2 KILLS=5 BENCH_DIR=/tmp/kraft-bench)
set -euo pipefail
what=${1:-all}
build=$(cd "${2:-build}" && pwd)
E="$build/app/ensemble"
rounds=${ROUNDS:-2}
kills=${KILLS:-5}
dir=${BENCH_DIR:-/tmp/kraft-bench}
rt=${ENSEMBLE_RUNTIME:-$HOME/.local/share/ensemble/runtime}/kafka-4.4.0/libs
java17=${JAVA17:-java}
jref=${JAVA_HOME:+$JAVA_HOME/bin/java}; jref=${jref:-$java17} # what Kafka's scripts run: JAVA_HOME, else PATH
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mark="-Dkraft.bench=$dir" # every JVM this script starts carries it (to tell them apart in ps)
[ -x "$E" ] || [ "$what" = aot ] || { echo "no $E — build the ensemble target first" >&2; exit 2; }
[ -d "$rt" ] || { echo "no Kafka 4.4.0 runtime at $rt — run installer/setup.sh" >&2; exit 2; }
rm -rf "$dir"; mkdir -p "$dir"

now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.2f}')"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
cleanup() { # the ensemble cluster, and the JVMs this script started, by their pids
  "$E" down -w "$dir/ws" >/dev/null 2>&1 || true
  for f in "$dir"/ref/*/pid "$dir"/aot/pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; true
}
trap cleanup EXIT

cat > "$dir/k.yaml" <<EOF
name: kraft-bench
mode: kraft
kafka_version: 4.4.0
coordinators: 3
brokers: 3
ports: {coordinator: 29193, broker: 29092}
heap_mb: {coordinator: 192, broker: 256}
profile: demo
EOF

# ---- Kafka's own way: the scripts' heap (-Xmx1G -Xms1G for a server, 256M for kafka-storage) and JVM options ----
ref_setup() {
  "$E" export -f "$dir/k.yaml" --format properties -o "$dir/ref" >/dev/null
  cat > "$dir/ref/log4j2.yaml" <<'EOF'
Configuration:
  Appenders:
    Console: {name: STDOUT, PatternLayout: {pattern: "[%d] %p %m (%c)%n"}}
  Loggers:
    Root: {level: INFO, AppenderRef: [{ref: STDOUT}]}
EOF
}
perf_opts=(-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
  -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true)
ref_nodes=(controller-1 controller-2 controller-3 kafka-1 kafka-2 kafka-3)
ref_start() { # FORMAT(0|1): format then start each node, one after the other; returns once every node started
  local id; id=$(grep -o 'cluster_id=.*' "$dir/ref/start.sh" | cut -d= -f2)
  cd "$dir/ref"
  for n in "${ref_nodes[@]}"; do
    mkdir -p "$n/logs"
    [ "$1" = 1 ] && "$jref" -Xmx256M "${perf_opts[@]}" "$mark" -Dlog4j2.configurationFile=log4j2.yaml \
      -cp "$rt/*" kafka.tools.StorageTool format -t "$id" -c "$n/server.properties" > "$n/logs/format.out" 2>&1
    nohup "$jref" -Xmx1G -Xms1G "${perf_opts[@]}" "$mark" -Dlog4j2.configurationFile=log4j2.yaml \
      -cp "$rt/*" kafka.Kafka "$n/server.properties" > "$n/logs/console.out" 2>&1 &
    echo $! > "$n/pid"
  done
  for n in "${ref_nodes[@]}"; do
    until grep -qs "Kafka Server started" "$n/logs/console.out"; do sleep 0.1; done
  done
  cd - >/dev/null
}
ref_stop() {
  for n in kafka-1 kafka-2 kafka-3 controller-1 controller-2 controller-3; do
    pid=$(cat "$dir/ref/$n/pid"); kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
}

bench_start() {
  ref_setup
  echo "java: $("$jref" -version 2>&1 | head -1) ($jref)"
  # The class-data archives (an AOT cache on Java 25+) as `runtime install` leaves them, so that the first start
  # below is a first start of a workspace, not of a runtime.
  "$E" runtime archive 4.4.0 2>&1 | grep -E "fast starts|warning" || true
  for r in $(seq 1 "$rounds"); do
    rm -rf "$dir/ws" "$dir/ref"/*/data "$dir/ref"/*/logs
    l=$(load); t=$(now); "$E" up -d -f "$dir/k.yaml" -w "$dir/ws" >/dev/null
    echo "round $r ensemble first start (format): $(since "$t") s   load $l"
    "$E" down -w "$dir/ws" >/dev/null
    l=$(load); t=$(now); "$E" up -d -f "$dir/k.yaml" -w "$dir/ws" >/dev/null
    echo "round $r ensemble later start:          $(since "$t") s   load $l"
    "$E" down -w "$dir/ws" >/dev/null
    l=$(load); t=$(now); ref_start 1
    echo "round $r kafka scripts first start (format): $(since "$t") s   load $l"
    ref_stop
    l=$(load); t=$(now); ref_start 0
    echo "round $r kafka scripts later start:          $(since "$t") s   load $l"
    ref_stop
  done
}

field() { python3 -c "import json,sys; s=json.load(sys.stdin); print($1)"; }
bench_failover() {
  rm -rf "$dir/ws"
  "$E" up -d -f "$dir/k.yaml" -w "$dir/ws" >/dev/null
  W=(-w "$dir/ws")
  "$E" topics create bench --partitions 3 --replication-factor 3 "${W[@]}" >/dev/null
  for k in $(seq 1 "$kills"); do
    leader=$("$E" status --json "${W[@]}" | field 's["quorum"]["leader"]')
    # The reference: one produce (a CLI run: process start, status, connect, send) on the healthy cluster.
    t=$(now); "$E" produce -t bench -n 1 --acks all -v x "${W[@]}" >/dev/null; base=$(since "$t")
    l=$(load); t=$(now)
    "$E" kill "$leader" "${W[@]}" >/dev/null
    until "$E" produce -t bench -n 1 --acks all -v x "${W[@]}" >/dev/null 2>&1; do :; done
    produced=$(since "$t")
    elected=""
    for _ in $(seq 1 100); do
      elected=$("$E" events --json "${W[@]}" | python3 -c "
import json,sys
ev=[json.loads(l) for l in sys.stdin if l.strip()]
k=[e['t'] for e in ev if e['kind']=='fault_injected' and e['node']=='$leader']
k=k[-1] if k else None
w=[e for e in ev if k is not None and e['t']>=k and e['kind']=='leader_elected' and e['node']!='$leader']
print(f\"{(w[0]['t']-k)/1000:.2f} s ({w[0]['node']}, epoch {w[0]['fields'].get('epoch')})\" if w else '')")
      [ -n "$elected" ] && break; sleep 0.3
    done
    echo "kill $k of $leader: new leader after ${elected:-none}; produce acks=all ok after $produced s (one produce on the healthy cluster just before: $base s)   load $l"
    "$E" start "$leader" "${W[@]}" >/dev/null
    for _ in $(seq 1 300); do
      "$E" status --json "${W[@]}" | field 'all(n["state"]=="up" for n in s["nodes"]) and s["quorum"]["has_majority"] and s["quorum"]["leader"] is not None and all(v.get("epoch")==s["quorum"]["epoch"] for v in s["quorum"]["voters"])' | grep -q True && break
      sleep 0.5
    done
    sleep 2
  done
  "$E" down -w "$dir/ws" >/dev/null
}

bench_aot() {
  [ -x "$java25" ] || { echo "aot: no JDK 25 at $java25 (JAVA25=...)"; return; }
  local a="$dir/aot"; mkdir -p "$a"
  printf '%s\n' 'Configuration:' '  Appenders:' \
    '    Console: {name: STDOUT, PatternLayout: {pattern: "[%d] %p %m (%c)%n"}}' \
    '  Loggers:' '    Root: {level: INFO, AppenderRef: [{ref: STDOUT}]}' > "$a/log4j2.yaml"
  one() { # JAVA EXTRA...: spawn → "Kafka Server started" of one combined node, formatted afresh each time
    local j=$1; shift
    rm -rf "$a/n"; mkdir -p "$a/n"
    printf '%s\n' process.roles=broker,controller node.id=1 controller.quorum.voters=1@127.0.0.1:29393 \
      controller.listener.names=CONTROLLER listeners=PLAINTEXT://127.0.0.1:29392,CONTROLLER://127.0.0.1:29393 \
      advertised.listeners=PLAINTEXT://127.0.0.1:29392 inter.broker.listener.name=PLAINTEXT \
      listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT "log.dirs=$a/n/data" \
      offsets.topic.replication.factor=1 transaction.state.log.replication.factor=1 \
      transaction.state.log.min.isr=1 log.cleaner.dedupe.buffer.size=33554432 > "$a/n/server.properties"
    "$java17" "$mark" -cp "$rt/*" kafka.tools.StorageTool format -t q1Sh-9_ISia_zwGINzRvyQ \
      -c "$a/n/server.properties" >/dev/null 2>&1
    local t; t=$(now)
    "$j" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$@" "$mark" -Dlog4j2.configurationFile="$a/log4j2.yaml" \
      -cp "$rt/*" kafka.Kafka "$a/n/server.properties" > "$a/n/out" 2>&1 &
    local pid=$!; echo $pid > "$a/pid"
    until grep -qs "Kafka Server started" "$a/n/out"; do
      sleep 0.02; kill -0 $pid 2>/dev/null || { echo "failed: $(tail -3 "$a/n/out")"; return; }
    done
    since "$t"
    kill $pid; wait $pid 2>/dev/null || true
  }
  "$java17" -version 2>&1 | head -1; "$java25" -version 2>&1 | head -1
  one "$java17" -XX:ArchiveClassesAtExit="$a/k17.jsa" >/dev/null # records the AppCDS archive at exit
  one "$java25" -XX:AOTCacheOutput="$a/k25.aot" >/dev/null      # training run: writes the AOT cache at exit
  ls -l "$a/k17.jsa" "$a/k25.aot" | awk '{print $5, $9}'
  for r in $(seq 1 "${AOT_ROUNDS:-3}"); do
    l=$(load)
    echo "round $r: java17 cold $(one "$java17" -Xshare:auto) s, java17 AppCDS $(one "$java17" -XX:SharedArchiveFile="$a/k17.jsa") s, java25 cold $(one "$java25") s, java25 AOT cache $(one "$java25" -XX:AOTCache="$a/k25.aot") s   load $l"
  done
}

rss_mb() { # PID...: the sum of their VmRSS, in MB
  local kb=0 k
  for p in "$@"; do k=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); kb=$((kb + ${k:-0})); done
  echo $((kb / 1024))
}
bench_memory() { # resident memory of the 3 + 3 cluster after traffic, and of Ensemble's supervisor (the engine,
  # its probes and the DescribeQuorum client: there is no separate quorum helper process)
  rm -rf "$dir/ws"
  local sup; sup=$("$E" up -d -f "$dir/k.yaml" -w "$dir/ws" 2>&1 | grep -o 'supervisor (pid [0-9]*' | grep -o '[0-9]*$')
  W=(-w "$dir/ws")
  "$E" topics create bench --partitions 6 --replication-factor 3 "${W[@]}" >/dev/null
  "$E" produce -t bench -n 10000 --acks all -v x "${W[@]}" >/dev/null
  sleep "${MEMORY_SETTLE_S:-20}"
  local pids; pids=$("$E" status --json "${W[@]}" | field '" ".join(str(n["pid"]) for n in s["nodes"] if n["pid"])')
  # shellcheck disable=SC2086
  echo "memory: 6 JVMs $(rss_mb $pids) MB, Ensemble's supervisor (pid $sup) $(rss_mb "$sup") MB, together $(rss_mb $pids "$sup") MB   load $(load)"
  "$E" down -w "$dir/ws" >/dev/null
}

case "$what" in
  start) bench_start ;;
  failover) bench_failover ;;
  aot) bench_aot ;;
  memory) bench_memory ;;
  all) bench_start; bench_failover; bench_memory; bench_aot ;;
  *) echo "usage: $0 [start|failover|memory|aot|all] [BUILD_DIR]" >&2; exit 2 ;;
esac
