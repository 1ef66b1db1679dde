#!/usr/bin/env bash
# Crashes at any moment: SIGKILLs the owner of a real cluster (1 ZooKeeper + 1 Kafka) at a random moment of its
# start, run, failover or stop, ROUNDS times for each owner, and checks after every kill that no node (nor any
# other process of that workspace) is left running, and that the next `up` on the same workspace comes up
# healthy. Owners: `ensemble up` in the foreground (up), the supervisor of a detached cluster (`up -d`: detached)
# and the window (`ensemble gui` under xvfb-run: gui).
# Usage: crash_anytime.sh ENSEMBLE ROUNDS [OWNERS]     e.g. crash_anytime.sh build/app/ensemble 3 "up detached gui"
# Prints one line per round and a summary; exits 1 when a process was left behind or an `up` failed.
# Environment: CRASH_SEED (random seed, printed), CRASH_WORKSPACE_PREFIX (default /tmp/abuse-crash).
set -uo pipefail

ensemble=$(realpath "${1:?usage: crash_anytime.sh ENSEMBLE ROUNDS [OWNERS]}")
rounds=${2:?usage: crash_anytime.sh ENSEMBLE ROUNDS [OWNERS]}
owners=${3:-up detached gui}
seed=${CRASH_SEED:-$$}
RANDOM=$seed
prefix=${CRASH_WORKSPACE_PREFIX:-/tmp/abuse-crash}
healthy_timeout=240

say() { printf '[crash] %s\n' "$*"; }
now() { date +%s.%N; }

work=$(mktemp -d "$prefix-XXXXXX")
cat >"$work/cluster.yaml" <<'EOF'
name: crash
coordinators: 1
brokers: 1
heap_mb: {coordinator: 96, broker: 256}
topics: [{name: t, partitions: 1, replication_factor: 1}]
EOF

# Every process whose command line names the workspace (node JVMs carry -Densemble.workspace=WS; the owners -w WS).
processes_of() { pgrep -f -- "$1( |/|$)" | grep -vx -e $$ -e "$BASHPID" || true; }
jvms_of() { pgrep -f -- "-Densemble.workspace=$1( |$)" || true; }
describe() { for p in "$@"; do printf '%s(%s) ' "$p" "$(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-80)"; done; }

is_healthy() { "$ensemble" status -w "$1" --json 2>/dev/null | grep -q '"healthy":true'; }
wait_healthy() { # WS TIMEOUT PID-of-owner: 0 when healthy, 1 when the owner ended or the time ran out
    local deadline=$(($(date +%s) + $2))
    while (($(date +%s) < deadline)); do
        is_healthy "$1" && return 0
        [[ -n ${3:-} ]] && ! kill -0 "$3" 2>/dev/null && return 1
        sleep 0.5
    done
    return 1
}
# The engine's owner holds the workspace lock: its pid is the lock file's first line.
lock_owner() { head -n1 "$1/engine.lock" 2>/dev/null | tr -dc 0-9; }
wait_lock_owner() {
    local deadline=$(($(date +%s) + 60)) pid
    while (($(date +%s) < deadline)); do
        pid=$(lock_owner "$1")
        # A stale lock names a dead owner whose pid may be in use again: only a process of this workspace counts.
        [[ -n $pid ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q -- "-w $1\( \|$\)" &&
            { echo "$pid"; return 0; }
        sleep 0.1
    done
    return 1
}
random_ms() { echo $((RANDOM % $1)); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

left_total=0 up_failed=0 done_rounds=0 exit_hangs=0
declare -A per_owner_done per_owner_left per_owner_failed

# Starts OWNER on WS; echoes the pid to SIGKILL (the process that owns the nodes).
start_owner() {
    local owner=$1 ws=$2 log=$3
    case $owner in
    up)
        "$ensemble" up -f "$work/cluster.yaml" -w "$ws" >>"$log" 2>&1 &
        echo $!
        ;;
    detached)
        "$ensemble" up -d -f "$work/cluster.yaml" -w "$ws" >>"$log" 2>&1 &
        wait_lock_owner "$ws" # the supervisor, not the command waiting for it
        ;;
    gui)
        xvfb-run -a "$ensemble" gui -f "$work/cluster.yaml" -w "$ws" >>"$log" 2>&1 &
        wait_lock_owner "$ws"
        ;;
    esac
}

round() {
    local owner=$1 i=$2 ws=$3
    local log="$work/$owner.log" phase delay pid started t0 verdict="ok" note=""
    local phases=(start run failover stop)
    phase=${phases[$((RANDOM % 4))]}
    echo "=== round $i $phase" >>"$log"
    t0=$(now)
    pid=$(start_owner "$owner" "$ws" "$log")
    if [[ -z $pid ]]; then
        verdict="FAIL" note="no owner process appeared"
        up_failed=$((up_failed + 1))
        per_owner_failed[$owner]=$((${per_owner_failed[$owner]:-0} + 1))
    else
        case $phase in
        start)
            delay=$(random_ms 15000)
            sleep_ms "$delay"
            note="killed ${delay} ms into the start"
            ;;
        run | failover | stop)
            if ! wait_healthy "$ws" "$healthy_timeout" "$pid"; then
                verdict="FAIL" note="the up after the previous kill did not become healthy"
                up_failed=$((up_failed + 1))
                per_owner_failed[$owner]=$((${per_owner_failed[$owner]:-0} + 1))
            else
                started=$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')
                delay=$(random_ms 3000)
                case $phase in
                run) note="healthy in ${started}s, killed ${delay} ms later" ;;
                failover)
                    local victim=kafka-1
                    ((RANDOM % 2)) && victim=zookeeper-1
                    "$ensemble" kill "$victim" -w "$ws" >>"$log" 2>&1
                    note="healthy in ${started}s, kill $victim, killed ${delay} ms into the failover"
                    ;;
                stop)
                    "$ensemble" down -w "$ws" >>"$log" 2>&1 &
                    note="healthy in ${started}s, down, killed ${delay} ms into the stop"
                    ;;
                esac
                sleep_ms "$delay"
            fi
        esac
        kill -KILL "$pid" 2>/dev/null || note+=" (it had ended by itself)"
    fi
    # PR_SET_PDEATHSIG kills the nodes at once; give the kernel a moment, then anything left is a defect.
    local deadline=$(($(date +%s) + 10)) left
    while (($(date +%s) < deadline)); do
        left=$(processes_of "$ws")
        [[ -z $left ]] && break
        sleep 0.2
    done
    left=$(processes_of "$ws")
    if [[ -n $left ]]; then
        # An `ensemble` command still there (the waiting `up -d`, a `down`, xvfb-run) after its owner died: a hang.
        local hung
        hung=$(for p in $left; do grep -qa -- "-Densemble.workspace=" /proc/"$p"/cmdline 2>/dev/null || echo "$p"; done)
        if [[ -n $hung ]]; then
            exit_hangs=$((exit_hangs + 1))
            for p in $hung; do
                { echo "--- round $i: pid $p still running: $(describe "$p")"; gdb -p "$p" -batch -ex 'thread apply all bt' 2>&1 | tail -60; } >>"$work/hangs.txt"
            done
        fi
        verdict="FAIL"
        note+="; LEFT RUNNING: $(describe $left)"
        left_total=$((left_total + $(wc -w <<<"$left")))
        per_owner_left[$owner]=$((${per_owner_left[$owner]:-0} + $(wc -w <<<"$left")))
        kill -KILL $left 2>/dev/null
        sleep 1
    fi
    wait 2>/dev/null # reap our background commands
    done_rounds=$((done_rounds + 1))
    per_owner_done[$owner]=$((${per_owner_done[$owner]:-0} + 1))
    say "$owner round $i/$rounds: $phase — $note — $verdict"
}

say "seed $seed, $rounds round(s) for each of: $owners; logs in $work"
for owner in $owners; do
    if [[ $owner == gui ]] && ! command -v xvfb-run >/dev/null; then
        say "gui skipped: xvfb-run not found (Debian: apt-get install xvfb xauth)"
        continue
    fi
    ws="$work/ws-$owner"
    for ((i = 1; i <= rounds; i++)); do round "$owner" "$i" "$ws"; done
    # The last word: the next `up` on the workspace after the last kill comes up healthy, and `down` stops it.
    if "$ensemble" up -d -f "$work/cluster.yaml" -w "$ws" >>"$work/$owner.log" 2>&1 && is_healthy "$ws"; then
        say "$owner: the up after the last kill is healthy"
    else
        say "$owner: the up after the last kill FAILED (see $work/$owner.log)"
        up_failed=$((up_failed + 1))
        per_owner_failed[$owner]=$((${per_owner_failed[$owner]:-0} + 1))
    fi
    "$ensemble" down -w "$ws" >>"$work/$owner.log" 2>&1
    sleep 1
    [[ -n $(processes_of "$ws") ]] && { say "$owner: processes left after down: $(describe $(processes_of "$ws"))"; left_total=$((left_total + 1)); kill -KILL $(processes_of "$ws") 2>/dev/null; }
done

for owner in $owners; do
    say "summary $owner: ${per_owner_done[$owner]:-0} kills, ${per_owner_left[$owner]:-0} processes left, ${per_owner_failed[$owner]:-0} failed ups"
done
say "summary: $done_rounds kills, $left_total processes left, $up_failed failed ups, $exit_hangs exit hangs (seed $seed)"
[[ -s $work/hangs.txt ]] && say "stacks of the hung processes: $work/hangs.txt"
if ((left_total == 0 && up_failed == 0)); then
    [[ -n ${CRASH_KEEP:-} ]] || rm -rf "$work"
    exit 0
fi
exit 1
