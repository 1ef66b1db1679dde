#!/usr/bin/env bash
# The bad-input catalogue of docs/reliability.md, from real runs: every kind of bad input (cluster files, compose
# files, CLI flags, control-socket requests, a missing runtime or Java, a port taken, a full disk) fed to the real
# `ensemble` binary, with the exit code and the first lines it printed. A refused `up` must leave no JVM behind.
# Usage: bad_input_catalogue.sh ENSEMBLE [--update docs/reliability.md]
#   prints the Markdown table; with --update, replaces the table between the bad-input markers in that file.
# Exits 1 when a case crashed (exit code above 2), hung, or left a node running; a line with UNEXPECTED says which.
set -uo pipefail

ensemble=$(realpath "${1:?usage: bad_input_catalogue.sh ENSEMBLE [--update FILE]}")
update=${3:-}
[[ ${2:-} == --update ]] || update=
d=$(mktemp -d /tmp/abuse-badinput-XXXXXX)
rows=()
unexpected=0

root=${ENSEMBLE_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cell() { # Markdown-safe one-line text: the first 2 lines that say error/warning/refused, else the first 2 lines
    local text
    text=$(sed -e "s|$d|DIR|g" -e 's/\x1b\[[0-9;]*m//g' | grep -v '^[[:space:]]*$')
    { grep -m2 -E 'error|warning|refused|cannot' <<<"$text" || head -n 2 <<<"$text"; } | cut -c1-260 |
        sed -e 's/|/\\|/g' -e 's/`/'"'"'/g' | paste -sd '~' | sed 's/~/ ⏎ /g'
}
# case KIND "WHAT" EXPECTED-EXIT COMMAND...: runs COMMAND (60 s at most), records exit code and output.
case_() {
    local kind=$1 what=$2 want=$3
    shift 3
    local out rc verdict=""
    [[ $1 == ens ]] && set -- "$ensemble" "${@:2}"
    out=$(timeout 120 "$@" 2>&1 </dev/null)
    rc=$?
    ((rc == 124)) && verdict=" UNEXPECTED: hung (killed after 120 s)"
    ((rc > 2 && rc != 124)) && verdict=" UNEXPECTED: crashed"
    [[ $want != any && $rc != "$want" && -z $verdict ]] && verdict=" UNEXPECTED: expected exit $want"
    [[ -n $verdict ]] && unexpected=$((unexpected + 1))
    rows+=("| $kind | $what | $rc$verdict | $(printf '%s' "$out" | cell) |")
}
file() { printf '%b' "$2" >"$d/$1"; echo "$d/$1"; }
left_jvms() { pgrep -f -- "-Densemble.workspace=$d/" || true; }
ens() { "$ensemble" "$@"; }

# --- cluster files (validate checks what up checks; up refuses the same file with the same words) ---------------
case_ "cluster file" "YAML syntax error (an unclosed list)" 2 ens validate "$(file syntax.yaml 'name: x\nbrokers: [1, 2\ncoordinators: 3\n')"
case_ "cluster file" "the same file given to up" 2 ens up -f "$d/syntax.yaml" -w "$d/ws-syntax"
case_ "cluster file" "a word where a number goes (brokers: two)" 2 ens validate "$(file word.yaml 'brokers: two\n')"
case_ "cluster file" "an unknown key (brokerz: 3)" 2 ens validate "$(file key.yaml 'brokerz: 3\n')"
case_ "cluster file" "no brokers (brokers: 0)" 2 ens validate "$(file zero.yaml 'brokers: 0\n')"
case_ "cluster file" "a negative count (coordinators: -1)" 2 ens validate "$(file neg.yaml 'coordinators: -1\n')"
case_ "cluster file" "a count at the limit (brokers: 100000)" 2 ens validate "$(file huge.yaml 'brokers: 100000\n')"
case_ "cluster file" "a number past int (brokers: 99999999999999999999)" 2 ens validate "$(file big.yaml 'brokers: 99999999999999999999\n')"
case_ "cluster file" "an even ZooKeeper count (coordinators: 2): a warning" 0 ens validate "$(file even.yaml 'coordinators: 2\nbrokers: 1\n')"
case_ "cluster file" "a port out of range (ports: {broker: 70000})" 2 ens validate "$(file port.yaml 'ports: {broker: 70000}\n')"
case_ "cluster file" "listening beyond this machine (listen: 0.0.0.0)" any ens validate "$(file listen.yaml 'listen: 0.0.0.0\n')"
case_ "cluster file" "a heap too small (heap_mb: {broker: 1})" any ens validate "$(file heap.yaml 'heap_mb: {broker: 1}\n')"
case_ "cluster file" "replication factor above the brokers: a warning" 0 ens validate "$(file rf.yaml 'brokers: 1\ntopics: [{name: t, partitions: 1, replication_factor: 3}]\n')"
case_ "cluster file" "a topic name with a path (name: ../x)" 2 ens validate "$(file topic.yaml 'topics: [{name: ../x, partitions: 1, replication_factor: 1}]\n')"
case_ "cluster file" "a cluster name with a path (name: ../../etc)" any ens validate "$(file name.yaml 'name: ../../etc\n')"
case_ "cluster file" "not UTF-8 (bytes ff fe)" any ens validate "$(file latin.yaml 'name: caf\xe9\xff\xfe\n')"
case_ "cluster file" "binary bytes (/bin/true's first 4 KiB)" 2 ens validate "$(head -c 4096 /bin/true >"$d/bin.yaml"; echo "$d/bin.yaml")"
case_ "cluster file" "an empty file" 2 ens validate "$(file empty.yaml '')"
case_ "cluster file" "a list instead of a mapping" 2 ens validate "$(file list.yaml '- a\n- b\n')"
case_ "cluster file" "a missing file" 2 ens validate "$d/nope.yaml"
case_ "cluster file" "a directory" 2 ens validate "$d"
case_ "cluster file" "an alias to an anchor not yet defined (a: &a [*a])" 2 ens validate "$(file self.yaml 'a: &a [*a]\n')"
{ # a "billion laughs": nine levels of nine aliases each (387 million leaves if expanded)
    echo 'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'
    for i in 1 2 3 4 5 6 7 8 9; do p=$((i - 1)); echo "x$i: &x$i [*x$p, *x$p, *x$p, *x$p, *x$p, *x$p, *x$p, *x$p, *x$p]"; done
    echo 'brokers: 1'
    echo 'topics: *x9'
} >"$d/laughs.yaml"
case_ "cluster file" "nine levels of nine aliases as the topics (a 'billion laughs')" 2 ens validate "$d/laughs.yaml"
case_ "cluster file" "a mapping that contains itself (broker_config: &b {a: *b})" 2 ens validate "$(file selfmap.yaml 'broker_config: &b {a: *b}\n')"
{ echo 'topics:'; seq 1 200000 | awk '{ printf "  - {name: t%d, partitions: 1, replication_factor: 1}\n", $1 }'; } >"$d/big.yaml"
case_ "cluster file" "200,000 topics (a $(($(stat -c %s "$d/big.yaml") / 1000000)) MB file)" any ens validate "$d/big.yaml"

# --- compose files (validate lints, import converts) --------------------------------------------------------------
case_ "compose file" "no ZooKeeper or Kafka service" 2 ens import "$(file web.yml 'services:\n  web: {image: nginx}\n')"
case_ "compose file" "YAML syntax error" 2 ens validate "$(file bad.yml 'services:\n  kafka: {image: [\n')"
case_ "compose file" "services is a list" 2 ens import "$(file svclist.yml 'services: [a, b]\n')"
{ printf 'services:\n  kafka:\n    image: apache/kafka:3.9.2\n    environment:\n'
  seq 1 3500000 | awk '{ printf "      X_%d: \"%d\"\n", $1, $1 }'; } >"$d/huge.yml"
case_ "compose file" "a $(($(stat -c %s "$d/huge.yml") / 1000000)) MB compose file (3.5 million variables)" any /usr/bin/time -f 'time %e s, max RSS %M KiB' "$ensemble" import "$d/huge.yml" -o "$d/huge-out.yaml"
rm -f "$d/huge.yml"
case_ "compose file" "the output exists (import -o FILE again)" 2 ens import "$root/tests/data/compose/bitnami-2zk-2kafka.yml" -o "$d/even.yaml"

# --- command-line flags -------------------------------------------------------------------------------------------
case_ "flags" "an unknown command (ensemble frobnicate)" 2 ens frobnicate
case_ "flags" "an unknown option (up --bogus)" 2 ens up --bogus
case_ "flags" "an option without its value (up -f)" 2 ens up -f
case_ "flags" "a negative count (produce -n -5)" 2 ens produce -t t -n -5 -w "$d/none"
case_ "flags" "acks out of range (produce --acks 2)" 2 ens produce -t t --acks 2 -w "$d/none"
case_ "flags" "a word for a number (consume --timeout abc)" 2 ens consume -t t --timeout abc -w "$d/none"
case_ "flags" "a node action without the node (kill)" 2 ens kill
case_ "flags" "no cluster running (status -w DIR)" any ens status -w "$d/none"
mkdir -p "$d/users-own" && echo mine >"$d/users-own/notes.txt"
case_ "flags" "a workspace that is someone's own directory (up -w DIR)" 2 ens up -w "$d/users-own"
case_ "flags" "a workspace that cannot be created (up -w /proc/x)" any ens up -w /proc/x -f "$d/even.yaml"

# --- the machine ----------------------------------------------------------------------------------------------------
mkdir -p "$d/empty-path"
case_ "machine" "no Java (PATH without java, no JAVA_HOME)" 2 env -u JAVA_HOME PATH="$d/empty-path" "$ensemble" up -w "$d/ws-nojava"
case_ "machine" "no Kafka runtime (KAFKA_HOME=DIR/not-kafka)" 2 env KAFKA_HOME="$d/not-kafka" "$ensemble" up -w "$d/ws-nokafka"
python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(300)' >"$d/port" &
blocker=$!
for _ in $(seq 1 300); do [[ -s $d/port ]] && break; sleep 0.1; done # python starts slowly on a busy machine
port=$(head -n1 "$d/port")
case_ "machine" "a port taken by another program (ports: {broker: P})" 2 ens up -d -w "$d/ws-port" -f "$(file port-taken.yaml "coordinators: 1\nbrokers: 1\nports: {broker: $port}\n")"
kill "$blocker"
ens down -w "$d/ws-port" >/dev/null 2>&1
if [[ $(id -u) == 0 ]] && mkdir -p "$d/tiny" && mount -t tmpfs -o size=4m tmpfs "$d/tiny" 2>/dev/null; then
    case_ "machine" "the workspace on a 4 MiB tmpfs (enough to start; not yet filled)" any ens up -d -w "$d/tiny/ws" -f "$(file small.yaml 'coordinators: 1\nbrokers: 1\n')"
    ens down -w "$d/tiny/ws" >/dev/null 2>&1
    sleep 2
    umount "$d/tiny"
else
    rows+=("| machine | a full disk | — | skipped: needs root to mount a small tmpfs |")
fi
[[ -n $(left_jvms) ]] && { rows+=("| — | UNEXPECTED: a refused up left JVMs: $(left_jvms | paste -sd ' ') | — | — |"); unexpected=$((unexpected + 1)); kill -KILL $(left_jvms); }

# --- a running cluster: node actions at the limits, and raw control-socket requests ----------------------------------
ws="$d/ws-run"
if ens up -d -w "$ws" -f "$(file run.yaml 'coordinators: 1\nbrokers: 1\ntopics: [{name: t, partitions: 1, replication_factor: 1}]\n')" >"$d/up.log" 2>&1; then
    case_ "cluster" "a node that does not exist (kill kafka-9)" 2 ens kill kafka-9 -w "$ws"
    case_ "cluster" "a second up on the same workspace" 2 ens up -w "$ws" -f "$d/run.yaml"
    case_ "cluster" "start a running node" 2 ens start kafka-1 -w "$ws"
    case_ "cluster" "resume a node that is not paused" 2 ens resume kafka-1 -w "$ws"
    ens pause zookeeper-1 -w "$ws" >/dev/null 2>&1
    case_ "cluster" "pause a paused node" 2 ens pause zookeeper-1 -w "$ws"
    ens resume zookeeper-1 -w "$ws" >/dev/null 2>&1
    case_ "cluster" "a topic with 0 partitions" 2 ens topics create bad --partitions 0 --replication-factor 1 -w "$ws"
    case_ "cluster" "a replication factor above the brokers" any ens topics create bad --partitions 1 --replication-factor 3 -w "$ws"
    case_ "cluster" "produce to a topic that does not exist" any ens produce -t no-such-topic -v x -w "$ws"
    # Raw requests, one connection each; the answer line is what a script on the socket would read.
    for req in 'not json' '[1,2]' '{"cmd":5}' '{"cmd":"node"}' '{"cmd":"node","action":"kill","node":"../../etc"}' \
        '{"cmd":"node","action":"explode","node":"kafka-1"}' '{"cmd":"frob"}' \
        "$(printf '\xff\xfe\x00binary')" '{"cmd":"status"'; do
        case_ "control request" "$(printf '%s' "$req" | cat -v | sed 's/|/\\|/g')" any python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.settimeout(10)
s.sendall(sys.argv[2].encode("utf-8", "surrogateescape") + b"\n")
print(s.makefile().readline().strip())' "$ws/control.sock" "$req"
    done
    case_ "control request" "a 2 MiB request without a line end" any python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.settimeout(10)
try:
    s.sendall(b"x" * (2 << 20))
except OSError as e:
    print("send:", e)
print(s.makefile().readline().strip() or "(connection closed)")' "$ws/control.sock"
    ens down -w "$ws" >/dev/null 2>&1
else
    rows+=("| cluster | (not run: the cluster did not start: $(cell <"$d/up.log")) | — | — |")
fi
sleep 1
[[ -n $(left_jvms) ]] && { rows+=("| — | UNEXPECTED: JVMs left: $(left_jvms | paste -sd ' ') | — | — |"); unexpected=$((unexpected + 1)); kill -KILL $(left_jvms); }

table=$(
    echo "| Kind | Bad input | Exit | What Ensemble says (first lines; ⏎ a line break) |"
    echo "|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
)
if [[ -n $update ]]; then
    python3 - "$update" "$table" <<'EOF'
import sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
begin, end = "<!-- bad-input:begin -->", "<!-- bad-input:end -->"
head, _, rest = text.partition(begin)
_, _, tail = rest.partition(end)
open(path, "w", encoding="utf-8").write(head + begin + "\n" + table + "\n" + end + tail)
EOF
fi
printf '%s\n' "$table"
rm -rf "$d"
echo "bad_input_catalogue: ${#rows[@]} cases, $unexpected unexpected" >&2
((unexpected == 0))
