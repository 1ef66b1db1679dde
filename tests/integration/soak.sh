#!/usr/bin/env bash
# The long soak: a real cluster (3 ZooKeeper + 3 Kafka, demo profile, free ports, a temporary workspace) under
# acks=all traffic with a process fault about once a minute, while Ensemble's own process — the owner of the nodes
# (the supervisor of `ensemble up -d`, or `ensemble up` in the foreground) — is sampled: resident memory (VmRSS)
# and open descriptors (/proc/PID/fd), written as CSV. The traffic and the faults are `ensemble drill --chaos
# --interval`: one fault (kill, stop, pause or restart of a ZooKeeper server or a broker, leader or follower) at a
# time, healed, the next one once the cluster is whole again and a minute after the previous one began; at the
# end the drill reads everything back. Fails when an acknowledged message was lost, the cluster did not end whole,
# too few faults were done, the owner died, a process was left after `down`, or memory or descriptors grew:
# after a warm-up, the samples are cut in thirds and the last third's maximum may exceed the first third's
# maximum by at most SOAK_RSS_TOLERANCE_MIB MiB of RSS and SOAK_FD_TOLERANCE descriptors.
# A shell script over the real binary (like crash_anytime.sh): the soak is about the shipped `ensemble` and its
# supervisor as a user runs them, and needs nothing built besides it.
# Usage: soak.sh ENSEMBLE [SECONDS]        e.g. soak.sh build/app/ensemble 1800   (default 180)
# Environment (defaults): SOAK_RATE (1000 msg/s), SOAK_INTERVAL (60 s between fault starts; 0: back to back, for a
# binary without `drill --interval`), SOAK_SAMPLE (10 s
# between samples), SOAK_WARMUP (a third of SECONDS, at most 300 s), SOAK_RSS_TOLERANCE_MIB (8),
# SOAK_FD_TOLERANCE (8), SOAK_OWNER (detached | up), SOAK_COORDINATORS (3), SOAK_BROKERS (3), SOAK_SEED
# (random), SOAK_CSV (where to copy the samples), SOAK_KEEP (keep the work directory), SOAK_WORKSPACE_PREFIX
# (/tmp/soak).
set -uo pipefail

usage="usage: soak.sh ENSEMBLE [SECONDS]"
ensemble=$(realpath "${1:?$usage}")
duration=${2:-180}
rate=${SOAK_RATE:-1000}
interval=${SOAK_INTERVAL:-60}
sample_every=${SOAK_SAMPLE:-10}
warmup=${SOAK_WARMUP:-$((duration / 3 < 300 ? duration / 3 : 300))}
rss_tolerance_mib=${SOAK_RSS_TOLERANCE_MIB:-8}
fd_tolerance=${SOAK_FD_TOLERANCE:-8}
owner_kind=${SOAK_OWNER:-detached}
coordinators=${SOAK_COORDINATORS:-3}
brokers=${SOAK_BROKERS:-3}
seed=${SOAK_SEED:-$(( (RANDOM << 15) | RANDOM ))}
prefix=${SOAK_WORKSPACE_PREFIX:-/tmp/soak}
for v in duration rate interval sample_every warmup rss_tolerance_mib fd_tolerance coordinators brokers seed; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "soak.sh: $v must be a whole number, not '${!v}'" >&2; exit 2; }
done
[[ $owner_kind == detached || $owner_kind == up ]] || { echo "soak.sh: SOAK_OWNER is detached or up" >&2; exit 2; }
((duration >= 60)) || { echo "soak.sh: SECONDS must be at least 60" >&2; exit 2; }
command -v python3 >/dev/null || { echo "soak.sh: python3 not found — apt-get install python3" >&2; exit 2; }

say() { printf '[soak] %s\n' "$*"; }
work=$(mktemp -d "$prefix-XXXXXX")
ws="$work/ws"
csv="$work/samples.csv"
cat >"$work/cluster.yaml" <<EOF
name: soak
coordinators: $coordinators
brokers: $brokers
profile: demo
heap_mb: {coordinator: 128, broker: 256}
EOF

processes_of() { pgrep -f -- "$1( |/|$)" | grep -vx -e $$ -e "$BASHPID" || true; }
is_healthy() { "$ensemble" status -w "$ws" --json 2>/dev/null | grep -q '"healthy":true'; }
lock_owner() { # the owner holds the workspace lock; a stale lock's pid counts only if that process is ours
    local pid
    pid=$(head -n1 "$ws/engine.lock" 2>/dev/null | tr -dc 0-9)
    [[ -n $pid ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q -- "-w $ws\( \|$\)" && echo "$pid"
}
cleanup() {
    [[ -n ${sampler:-} ]] && kill "$sampler" 2>/dev/null
    "$ensemble" down -w "$ws" >>"$work/down.log" 2>&1
    sleep 1
    local left
    left=$(processes_of "$ws")
    if [[ -n $left ]]; then
        say "LEFT RUNNING after down: $left"
        kill -KILL $left 2>/dev/null
        return 1
    fi
    return 0
}

say "seed $seed; ${coordinators} ZooKeeper + ${brokers} Kafka, ${duration} s, ${rate} msg/s acks=all, a fault every" \
    "${interval} s (0: back to back), a sample every ${sample_every} s (warm-up ${warmup} s); owner: $owner_kind; work $work"
started=$(date +%s)
if [[ $owner_kind == detached ]]; then
    "$ensemble" up -d -f "$work/cluster.yaml" -w "$ws" >"$work/up.log" 2>&1
    owner=$(lock_owner)
else
    "$ensemble" up -f "$work/cluster.yaml" -w "$ws" >"$work/up.log" 2>&1 &
    owner=$!
    deadline=$(($(date +%s) + 300))
    until is_healthy || (($(date +%s) > deadline)) || ! kill -0 "$owner" 2>/dev/null; do sleep 1; done
fi
if [[ -z $owner ]] || ! is_healthy; then
    say "FAIL: the cluster did not become healthy (see $work/up.log)"
    tail -20 "$work/up.log"
    cleanup
    exit 1
fi
say "healthy in $(($(date +%s) - started)) s; owner pid $owner ($(tr '\0' ' ' </proc/"$owner"/cmdline | cut -c1-100))"

# The sampler: seconds since the traffic began, the owner's VmRSS (KiB), its descriptors and threads, the
# machine's 1-minute load average.
echo "seconds,rss_kib,fds,threads,load1" >"$csv"
sample() {
    local t0=$1 rss threads fds
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$owner/status" 2>/dev/null) || return 1
    threads=$(awk '/^Threads:/ { print $2 }' "/proc/$owner/status" 2>/dev/null)
    fds=$(ls "/proc/$owner/fd" 2>/dev/null | wc -l)
    [[ -n $rss ]] || return 1
    echo "$(($(date +%s) - t0)),$rss,$fds,$threads,$(cut -d' ' -f1 /proc/loadavg)" >>"$csv"
}
t0=$(date +%s)
( while sample "$t0"; do sleep "$sample_every"; done ) &
sampler=$!

pacing=()
((interval > 0)) && pacing=(--interval "$interval") # 0: back to back, as fast as the cluster heals
timeout $((duration + 900)) "$ensemble" drill -w "$ws" --chaos --duration "$duration" "${pacing[@]}" \
    --rate "$rate" --seed "$seed" --json >"$work/drill.json" 2>"$work/drill.log"
drill_rc=$?
sample "$t0" # the last one, after the read-back
kill "$sampler" 2>/dev/null
wait "$sampler" 2>/dev/null
sampler=
owner_alive=1
kill -0 "$owner" 2>/dev/null || owner_alive=0
[[ -n ${SOAK_CSV:-} ]] && cp "$csv" "$SOAK_CSV"

# The verdict: the drill's report and the samples.
python3 - "$work/drill.json" "$csv" "$duration" "$interval" "$warmup" "$rss_tolerance_mib" "$fd_tolerance" \
    "$drill_rc" "$owner_alive" <<'EOF' | tee "$work/verdict.txt"
import csv, json, sys

report_file, csv_file = sys.argv[1], sys.argv[2]
duration, interval, warmup, rss_tol_mib, fd_tol, drill_rc, owner_alive = map(int, sys.argv[3:])
failures = []
try:
    report = json.load(open(report_file))
except (OSError, ValueError) as e:
    report = {}
    failures.append(f"no drill report ({e}); drill exit code {drill_rc}")
chaos = report.get("chaos", {})
faults = chaos.get("faults", [])
acked, lost = report.get("acknowledged", 0), report.get("lost", -1)
print(f"sent {report.get('attempted', 0)}, acknowledged {acked}, consumed {report.get('consumed', 0)}, "
      f"lost {lost}, duplicated {report.get('duplicated', 0)}; refused {report.get('refused', 0)}, timed out "
      f"{report.get('timed_out', 0)}, unknown {report.get('unknown', 0)}; writes failing "
      f"{report.get('failing_ms', 0) / 1000:.1f} s; drill took {report.get('elapsed_ms', 0) / 1000:.0f} s")
kinds = {}
for f in faults:
    kinds[f["action"]] = kinds.get(f["action"], 0) + 1
print(f"faults {len(faults)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), skipped "
      f"{chaos.get('skipped', 0)}, cluster whole at the end: {chaos.get('healthy')}")
if report:
    if drill_rc != 0:
        failures.append(f"the drill exited {drill_rc}")
    if acked <= 0:
        failures.append("nothing was acknowledged")
    if lost != 0:
        failures.append(f"{lost} acknowledged messages lost")
    if not chaos.get("healthy"):
        failures.append("the cluster was not whole at the end")
    # One fault per interval, the first 2 s in; one may not fit when recovery ran long.
    expected = max(1, duration // (interval or 60) - 1)
    if len(faults) < expected:
        failures.append(f"{len(faults)} faults, fewer than {expected}")
if not owner_alive:
    failures.append("the owner process died during the soak")

rows = [dict(seconds=int(r["seconds"]), rss=int(r["rss_kib"]), fds=int(r["fds"]), threads=int(r["threads"]),
             load=r["load1"]) for r in csv.DictReader(open(csv_file))]
if rows:
    print("minute  RSS (MiB)  fds  threads  load")
    marks = [m for m in (1, 5, 10, 20, 30, 60, 120) if m * 60 <= rows[-1]["seconds"]] + [rows[-1]["seconds"] / 60]
    for m in marks:
        r = min(rows, key=lambda r: abs(r["seconds"] - m * 60))
        print(f"{r['seconds'] / 60:6.1f}  {r['rss'] / 1024:9.1f}  {r['fds']:3d}  {r['threads']:7d}  {r['load']}")
# Flat: after the warm-up, in thirds of the soak's own time (the read-back after it is not counted).
steady = [r for r in rows if warmup <= r["seconds"] <= duration]
third = (duration - warmup) / 3
first = [r for r in steady if r["seconds"] < warmup + third]
last = [r for r in steady if r["seconds"] >= warmup + 2 * third]
if len(first) < 2 or len(last) < 2:
    failures.append(f"too few samples after the warm-up ({len(first)} in the first third, {len(last)} in the last)")
else:
    f_rss, l_rss = max(r["rss"] for r in first), max(r["rss"] for r in last)
    f_fds, l_fds = max(r["fds"] for r in first), max(r["fds"] for r in last)
    print(f"after the {warmup} s warm-up: RSS max {f_rss / 1024:.1f} MiB in the first third, {l_rss / 1024:.1f} MiB "
          f"in the last (tolerance +{rss_tol_mib} MiB); fds max {f_fds} → {l_fds} (tolerance +{fd_tol}); "
          f"overall RSS {min(r['rss'] for r in rows) / 1024:.1f}-{max(r['rss'] for r in rows) / 1024:.1f} MiB, "
          f"fds {min(r['fds'] for r in rows)}-{max(r['fds'] for r in rows)}")
    # The trend, for the record (least squares over the steady samples): a slow leak shows here first.
    n, mt = len(steady), sum(r["seconds"] for r in steady) / len(steady)
    mr, mf = sum(r["rss"] for r in steady) / n, sum(r["fds"] for r in steady) / n
    var = sum((r["seconds"] - mt) ** 2 for r in steady) or 1
    slope_rss = sum((r["seconds"] - mt) * (r["rss"] - mr) for r in steady) / var * 60
    slope_fds = sum((r["seconds"] - mt) * (r["fds"] - mf) for r in steady) / var * 60
    print(f"trend after the warm-up: RSS {slope_rss:+.1f} KiB/min, fds {slope_fds:+.2f}/min")
    if l_rss > f_rss + rss_tol_mib * 1024:
        failures.append(f"resident memory grew: {f_rss} → {l_rss} KiB")
    if l_fds > f_fds + fd_tol:
        failures.append(f"descriptors grew: {f_fds} → {l_fds}")
for f in failures:
    print("FAIL: " + f)
sys.exit(1 if failures else 0)
EOF
verdict=${PIPESTATUS[0]}
cleanup || verdict=1
if ((verdict == 0)); then
    say "passed (seed $seed)"
    [[ -n ${SOAK_KEEP:-} ]] || rm -rf "$work"
else
    say "FAILED (seed $seed); drill report, logs and samples in $work"
    tail -15 "$work/drill.log"
fi
exit "$verdict"
