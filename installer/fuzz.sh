#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UndefinedBehaviorSanitizer, in build-fuzz/) and runs
# them: one TARGET, or every target SECONDS each when none (or '') is named. Exits non-zero when a target crashes;
# the input that crashed it is kept in build-fuzz/crashes/ (replay: build-fuzz/tests/unit/TARGET FILE).
# Usage: bash installer/fuzz.sh [TARGET] [SECONDS]      e.g. bash installer/fuzz.sh '' 60
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir=build-fuzz
all=(fuzz_clusterspec fuzz_compose fuzz_zookeeper_log fuzz_kafka_log fuzz_srvr fuzz_describequorum fuzz_events
     fuzz_control_request fuzz_raft_log fuzz_quorum_state fuzz_scenario fuzz_message_template)
target=${1:-}
seconds=${2:-60}

say() { printf '[fuzz] %s\n' "$*"; }

[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2; }
if [[ -n $target ]]; then
    [[ " ${all[*]} " == *" $target "* ]] || { echo "fuzz.sh: no target '$target' — one of: ${all[*]}" >&2; exit 2; }
    targets=("$target")
else
    targets=("${all[@]}")
fi
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found — apt-get install clang" >&2; exit 1; }

# Every library the fuzzers link is instrumented for coverage and checked by the sanitizers.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
say "configure: $build_dir (clang, ASan + UBSan)"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DENSEMBLE_FUZZ=ON -DENSEMBLE_BUILD_BENCH=OFF >/dev/null
build_args=()
for t in "${targets[@]}"; do build_args+=(--target "$t"); done
say "build: ${targets[*]}"
cmake --build "$build_dir" "${build_args[@]}"

# Seeds: the recorded real data in tests/data (copied: libFuzzer adds what it finds to the first directory).
seeds_of() {
    case $1 in
        fuzz_clusterspec) echo tests/fuzz/corpus ;;
        fuzz_compose) echo tests/data/compose/*.yml ;;
        fuzz_zookeeper_log) echo tests/data/logs/*zookeeper*.log ;;
        fuzz_kafka_log) echo tests/data/logs/*kafka*.log tests/data/logs/jvm-fatal-sigsegv.txt ;;
        fuzz_srvr) echo tests/data/srvr-*.txt ;;
        fuzz_describequorum) echo tests/data/describe-quorum/*.bin ;;
        fuzz_events) echo tests/data/events/*.jsonl ;;
        fuzz_control_request) echo tests/fuzz/control_corpus ;;
        fuzz_raft_log) echo tests/data/logs/kraft-*.log ;;
        fuzz_quorum_state) echo tests/data/quorum-state/*.json ;;
        fuzz_scenario) echo resources/scenarios/*.yaml tests/fuzz/scenario_corpus ;;
        fuzz_message_template) echo tests/fuzz/template_corpus ;;
    esac
}
dict_of() {
    case $1 in
        fuzz_clusterspec) echo tests/fuzz/clusterspec.dict ;;
        fuzz_compose) echo tests/fuzz/compose.dict ;;
        fuzz_zookeeper_log) echo tests/fuzz/zookeeper_log.dict ;;
        fuzz_kafka_log) echo tests/fuzz/kafka_log.dict ;;
        fuzz_srvr) echo tests/fuzz/srvr.dict ;;
        fuzz_describequorum) echo tests/fuzz/describe_quorum.dict ;;
        fuzz_events) echo tests/fuzz/events.dict ;;
        fuzz_control_request) echo tests/fuzz/control_request.dict ;;
        fuzz_raft_log) echo tests/fuzz/raft_log.dict ;;
        fuzz_quorum_state) echo tests/fuzz/quorum_state.dict ;;
        fuzz_scenario) echo tests/fuzz/scenario.dict ;;
        fuzz_message_template) echo tests/fuzz/message_template.dict ;;
    esac
}

failed=()
mkdir -p "$build_dir/crashes"
for t in "${targets[@]}"; do
    corpus="$build_dir/corpus/$t"
    mkdir -p "$corpus"
    for seed in $(seeds_of "$t"); do
        if [[ -d $seed ]]; then cp -n "$seed"/* "$corpus"/ 2>/dev/null || true; else cp -n "$seed" "$corpus"/; fi
    done
    say "run: $t for ${seconds}s (corpus $corpus, dictionary $(dict_of "$t"))"
    if ! "$build_dir/tests/unit/$t" -max_total_time="$seconds" -max_len=65536 -timeout=60 -rss_limit_mb=2048 \
        -dict="$(dict_of "$t")" -artifact_prefix="$build_dir/crashes/$t-" -print_final_stats=1 "$corpus" \
        2>"$build_dir/$t.log"; then
        failed+=("$t")
        tail -40 "$build_dir/$t.log" >&2
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|cov: ' "$build_dir/$t.log" | tail -3 | sed "s/^/[fuzz] $t: /"
done

if ((${#failed[@]})); then
    say "crashed: ${failed[*]} (inputs in $build_dir/crashes/)"
    exit 1
fi
say "no crash in: ${targets[*]}"
