#!/usr/bin/env bash
# Crashes at any moment: SIGKILLs the owner of a real cluster (1 ZooKeeper + 1 Kafka) at a random moment of its
# start, run, failover or stop, or while an `ensemble down` from another shell stops it (down-owner), or SIGKILLs
# that `ensemble down` itself (down-cmd), ROUNDS times for each owner, and checks after every kill that no node
# (nor any other process of that workspace) is left running, and that the next `up` on the same workspace comes up
# healthy with every message acknowledged (acks=all) before the kill: each healthy round produces a batch of unique
# values first and reads the whole topic back at the next healthy `up`. Owners: `ensemble up` in the foreground
# (up), the supervisor of a detached cluster (`up -d`: detached) and the window (`ensemble gui` under xvfb-run: gui).
# Phases are taken in turn from a random first one, so 2 rounds per owner cover all six once.
# Usage: crash_anytime.sh ENSEMBLE ROUNDS [OWNERS]     e.g. crash_anytime.sh build/app/ensemble 3 "up detached gui"
# Prints one line per round and a summary; exits 1 when a process was left behind, an `up` failed, an acknowledged
# message was missing or a killed `down` left the cluster half-stopped.
# Environment: CRASH_SEED (random seed, printed), CRASH_WORKSPACE_PREFIX (default /tmp/abuse-crash),
# CRASH_PHASES (the phases to take, default all six), CRASH_MESSAGES (messages a round, default 50).
set -uo pipefail

ensemble=$(realpath "${1:?usage: crash_anytime.sh ENSEMBLE ROUNDS [OWNERS]}")
rounds=${2:?usage: crash_anytime.sh ENSEMBLE ROUNDS [OWNERS]}
owners=${3:-up detached gui}
seed=${CRASH_SEED:-$$}
RANDOM=$seed
prefix=${CRASH_WORKSPACE_PREFIX:-/tmp/abuse-crash}
healthy_timeout=240
messages=${CRASH_MESSAGES:-50}
read -r -a phases <<<"${CRASH_PHASES:-start run failover stop down-owner down-cmd}"
phase_next=$((RANDOM % ${#phases[@]}))

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

left_total=0 up_failed=0 done_rounds=0 exit_hangs=0 acked_total=0 final_read=0 missing_total=0 checks=0 half_stopped=0
declare -A per_owner_done per_owner_left per_owner_failed per_owner_missing per_phase down_cmd_state

# Acknowledged data: every round that reaches a healthy cluster produces MESSAGES values "TAG-rROUND-SEQ" with
# acks=all; the values acknowledged (error null in `produce --verbose --json`) go to acked-OWNER.txt, and every
# later healthy `up` of that workspace must read all of them back.
# These three set a global (produced, data_note, settled) instead of echoing: their counters must outlive them.
produce_batch() { # WS OWNER ROUND LOG: sets produced to the number acknowledged
    local prefix="s$seed-$2-r$3" out n
    out=$("$ensemble" produce -w "$1" -t t -n "$messages" -v "$prefix-{{seq}}" --acks all --json --verbose 2>>"$4")
    sed -n "s/^{\"error\":null,.*\"seq\":\([0-9]*\)}\$/$prefix-\1/p" <<<"$out" >>"$work/acked-$2.txt"
    n=$(grep -c "^$prefix-" "$work/acked-$2.txt")
    acked_total=$((acked_total + n))
    produced=$n
}
read_back() { # WS MAX TIMEOUT: the values in topic t, sorted
    "$ensemble" consume -w "$1" -t t --from-beginning -n "$2" --timeout "$3" --json 2>/dev/null |
        sed -n 's/.*"value":"\([^"]*\)".*/\1/p' | sort -u
}
check_data() { # WS OWNER LOG: sets data_note to "read back R of A" or "MISSING M of A"; 1 when a value is missing
    local acked="$work/acked-$2.txt" expected found missing
    [[ -s $acked ]] || { data_note="nothing acknowledged yet"; return 0; }
    expected=$(sort -u "$acked" | wc -l)
    checks=$((checks + 1))
    found=$(read_back "$1" "$expected" 30)
    missing=$(comm -23 <(sort -u "$acked") <(printf '%s\n' "$found" | sed '/^$/d'))
    if [[ -n $missing ]]; then # messages not acknowledged may sit between them: read everything, longer
        found=$(read_back "$1" 10000000 20)
        missing=$(comm -23 <(sort -u "$acked") <(printf '%s\n' "$found" | sed '/^$/d'))
    fi
    local n_missing n_found
    n_missing=$(sed '/^$/d' <<<"$missing" | wc -l)
    n_found=$((expected - n_missing))
    last_found=$n_found
    if ((n_missing > 0)); then
        missing_total=$((missing_total + n_missing))
        per_owner_missing[$2]=$((${per_owner_missing[$2]:-0} + n_missing))
        { echo "--- missing after a healthy up:"; printf '%s\n' "$missing"; } >>"$3"
        data_note="MISSING $n_missing of $expected acknowledged (e.g. $(head -n1 <<<"$missing"))"
        return 1
    fi
    data_note="read back $n_found of $expected acknowledged"
}
jvm_count() { jvms_of "$1" | wc -w; }
ls_state() { "$ensemble" ls 2>/dev/null | awk -v ws="$1" '$NF == ws { print $2; exit }'; }

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

fail_up() { up_failed=$((up_failed + 1)); per_owner_failed[$1]=$((${per_owner_failed[$1]:-0} + 1)); }

# After a SIGKILLed `down`: the cluster must settle fully running (owner alive, healthy) or fully stopped (no JVM)
# within 30 s, and `status` and `ls` must say the same. Sets settled to the state found; 1 when half-stopped or
# inconsistent.
settle_after_killed_down() { # WS OWNER-PID LOG
    local deadline=$(($(date +%s) + 30)) jvms state="half-stopped" status listed
    while (($(date +%s) < deadline)); do
        jvms=$(jvm_count "$1")
        if ((jvms == 0)); then state="stopped" && break; fi
        if ((jvms == 2)) && kill -0 "$2" 2>/dev/null && is_healthy "$1"; then state="running" && break; fi
        sleep 0.3
    done
    status=$("$ensemble" status -w "$1" --json 2>&1 | head -c 300)
    listed=$(ls_state "$1")
    echo "--- after the killed down: $state; ls: ${listed:-absent}; status: $status" >>"$3"
    case $state in
    running) [[ $status == *'"healthy":true'* && $listed == running ]] || state+=" BUT status/ls disagree (ls ${listed:-absent})" ;;
    stopped) [[ $status != *'"state":"up"'* && $listed != running ]] || state+=" BUT status/ls disagree (ls ${listed:-absent})" ;;
    esac
    settled=$state
    [[ $state == running || $state == stopped ]]
}

round() {
    local owner=$1 i=$2 ws=$3
    local log="$work/$owner.log" phase delay pid started t0 verdict="ok" note="" data=""
    phase=${phases[$((phase_next % ${#phases[@]}))]}
    phase_next=$((phase_next + 1))
    per_phase[$phase]=$((${per_phase[$phase]:-0} + 1))
    echo "=== round $i $phase" >>"$log"
    t0=$(now)
    pid=$(start_owner "$owner" "$ws" "$log")
    if [[ -z $pid ]]; then
        verdict="FAIL" note="no owner process appeared"
        fail_up "$owner"
    else
        case $phase in
        start)
            delay=$(random_ms 15000)
            sleep_ms "$delay"
            note="killed ${delay} ms into the start"
            ;;
        *)
            if ! wait_healthy "$ws" "$healthy_timeout" "$pid"; then
                verdict="FAIL" note="the up after the previous kill did not become healthy"
                fail_up "$owner"
            else
                started=$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')
                check_data "$ws" "$owner" "$log" || verdict="FAIL"
                produce_batch "$ws" "$owner" "$i" "$log"
                data="$data_note; $produced/$messages acknowledged before the kill"
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
                down-owner | down-cmd)
                    # `down` stops a 1+1 cluster in 0.6-1.4 s from its launch (measured in the long run): the kill
                    # lands before, while or just after it stops the nodes; what still ran then is in the note.
                    delay=$(random_ms 1300)
                    "$ensemble" down -w "$ws" >>"$log" 2>&1 &
                    local down_pid=$!
                    sleep_ms "$delay"
                    local at="$(jvm_count "$ws")/2 JVMs up, down $(kill -0 $down_pid 2>/dev/null && echo running || echo ended)"
                    if [[ $phase == down-owner ]]; then
                        note="healthy in ${started}s, down, owner killed ${delay} ms after it ($at)"
                    else
                        { kill -KILL "$down_pid" && wait "$down_pid"; } 2>/dev/null # no "Killed" line from bash
                        settle_after_killed_down "$ws" "$pid" "$log" ||
                            { verdict="FAIL" && half_stopped=$((half_stopped + 1)); }
                        down_cmd_state[$settled]=$((${down_cmd_state[$settled]:-0} + 1))
                        note="healthy in ${started}s, down killed ${delay} ms after it ($at), then $settled; owner killed"
                    fi
                    delay=0
                    ;;
                esac
                sleep_ms "$delay"
            fi
            ;;
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
    say "$owner round $i/$rounds: $phase — $note${data:+ — $data} — $verdict"
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
        last_found=0
        if check_data "$ws" "$owner" "$work/$owner.log"; then
            final_read=$((final_read + last_found))
            say "$owner: the up after the last kill is healthy — $data_note"
        else
            say "$owner: the up after the last kill is healthy but — $data_note — FAIL"
        fi
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
    say "summary $owner: ${per_owner_done[$owner]:-0} kills, ${per_owner_left[$owner]:-0} processes left, ${per_owner_failed[$owner]:-0} failed ups, ${per_owner_missing[$owner]:-0} acknowledged messages missing"
done
say "summary phases: $(for p in "${phases[@]}"; do printf '%s %s, ' "$p" "${per_phase[$p]:-0}"; done | sed 's/, $//')"
((${per_phase[down-cmd]:-0} > 0)) &&
    say "summary killed downs: $(for s in "${!down_cmd_state[@]}"; do printf '%s %s, ' "$s" "${down_cmd_state[$s]}"; done | sed 's/, $//')"
say "summary data: $acked_total acknowledged, $checks read-backs of the whole topic, $final_read read back by the final up(s), $missing_total missing"
say "summary: $done_rounds kills, $left_total processes left, $up_failed failed ups, $missing_total acknowledged messages missing, $half_stopped half-stopped after a killed down, $exit_hangs exit hangs (seed $seed)"
[[ -s $work/hangs.txt ]] && say "stacks of the hung processes: $work/hangs.txt"
if ((left_total == 0 && up_failed == 0 && missing_total == 0 && half_stopped == 0)); then
    [[ -n ${CRASH_KEEP:-} ]] || rm -rf "$work"
    exit 0
fi
exit 1
