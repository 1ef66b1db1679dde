#!/usr/bin/env bash
# The second command: sets up, builds, and runs the whole test suite (.ci/run calls this).
#   1. setup.sh, then clang-format --dry-run -Werror on every C++ file   2. build.sh (build/)   3. unit tests   4. sanitizer build (build-asan/) + unit tests under
#   ASan/UBSan   5. integration tests (real ZooKeeper and Kafka JVMs)   6. gui tests (under xvfb-run)
#   7. packaging (root only: builds the .deb, installs it, runs it, removes it)
# Every test step runs even when an earlier one failed; the exit code is non-zero if any step failed.
# Options: --no-apt (skip the Debian packages step), --no-asan (skip step 4, for quick local runs).
# Environment: ENSEMBLE_TEST_TIMEOUT (seconds per test without its own TIMEOUT, default 600),
#              ENSEMBLE_TEST_JOBS (parallel unit tests, default 2), BUILD_DIR (default build),
#              ASAN_BUILD_DIR (default build-asan), CI (set: warnings are errors).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

setup_args=()
asan=1
while (($#)); do
    case $1 in
        --no-apt) setup_args+=(--no-apt) ;;
        --no-asan) asan= ;;
        -h | --help) sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "test.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

build_dir=${BUILD_DIR:-build}
asan_dir=${ASAN_BUILD_DIR:-build-asan}
timeout=${ENSEMBLE_TEST_TIMEOUT:-600}
jobs=${ENSEMBLE_TEST_JOBS:-2}

passed=0 failed=0
results=() failed_steps=()
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
started=$SECONDS

say() { printf '[test] %s\n' "$*"; }

# The closing line counts every test; a step that failed outside any test (setup, a build, ctest itself)
# counts as one failure, so the line never reads "0 failed" for a run that failed.
finish() {
    say "results: ${results[*]:-none} ($((SECONDS - started)) s)"
    if ((${#failed_steps[@]})); then
        say "FAILED: ${failed_steps[*]}"
    fi
    echo "summary: $passed passed, $failed failed"
    exit $((${#failed_steps[@]} > 0 ? 1 : 0))
}

step_failed() { # NAME
    failed_steps+=("$1")
    results+=("$1:FAILED")
    failed=$((failed + 1))
}

# run_ctest NAME DIR LABEL [ctest options...]: runs the tests labelled LABEL; adds their counts to the totals.
# The caller sets ctest_env (environment assignments for the tests) and ctest_prefix (a command to run ctest in).
ctest_env=() ctest_prefix=()
run_ctest() {
    local name=$1 dir=$2 label=$3
    shift 3
    local log=$logs/$name.log rc=0 line total=0 bad=0
    "${ctest_prefix[@]}" env "${ctest_env[@]}" ctest --test-dir "$dir" --output-on-failure --timeout "$timeout" \
        -L "^${label}\$" "$@" 2>&1 | tee "$log" || rc=$?
    line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1 || true)
    if [[ -n $line ]]; then
        bad=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$line")
        total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    fi
    passed=$((passed + total - bad))
    if ((rc != 0)); then
        failed_steps+=("$name")
        failed=$((failed + (bad > 0 ? bad : 1)))
    fi
    results+=("$name:$((total - bad))/$total")
    say "$name: $((total - bad)) of $total passed$( ((rc == 0)) || echo " (ctest exit code $rc)")"
}

# --- 1. setup, 2. build ---------------------------------------------------------------------------------------
say "1/7 setup"
bash installer/setup.sh "${setup_args[@]}" || { step_failed setup; finish; }
say "1/7 format: clang-format --dry-run -Werror on every C++ file (.clang-format)"
if command -v clang-format >/dev/null; then
    mapfile -t cxx_files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find app engine ui tests bench -name '*.cpp' -o -name '*.h')
    if clang-format --dry-run -Werror "${cxx_files[@]}" >"$logs/format.log" 2>&1; then
        say "format: ${#cxx_files[@]} files clean"
    else
        grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning)' "$logs/format.log" | head -n 20
        say "format: files differ from .clang-format (fix: clang-format -i FILE)"
        step_failed format
    fi
else
    say "clang-format not found (Debian: apt-get install clang-format)"
    step_failed format
fi
say "2/7 build: $build_dir"
bash installer/build.sh || { step_failed build; finish; }

# --- 3. unit tests --------------------------------------------------------------------------------------------
say "3/7 unit tests: $build_dir"
ctest_env=(QT_QPA_PLATFORM=offscreen)
run_ctest unit "$build_dir" unit --no-tests=error --parallel "$jobs"

# --- 4. sanitizers --------------------------------------------------------------------------------------------
if [[ -n $asan ]]; then
    say "4/7 sanitizer build (ASan + UBSan): $asan_dir"
    if BUILD_DIR=$asan_dir bash installer/build.sh --target unit_tests -DENSEMBLE_SANITIZE=ON -DENSEMBLE_BUILD_BENCH=OFF; then
        say "4/7 unit tests under ASan + UBSan: $asan_dir"
        ctest_env=(QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=1
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)
        run_ctest unit-asan "$asan_dir" unit --no-tests=error --parallel "$jobs"
    else
        step_failed asan-build
    fi
else
    say "4/7 sanitizers: skipped (--no-asan)"
fi

# --- 5. integration tests -------------------------------------------------------------------------------------
say "5/7 integration tests: $build_dir (real ZooKeeper and Kafka JVMs, one test at a time)"
ctest_env=(QT_QPA_PLATFORM=offscreen)
run_ctest integration "$build_dir" integration

# --- 6. gui tests ---------------------------------------------------------------------------------------------
if ctest --test-dir "$build_dir" -N -L '^gui$' 2>/dev/null | grep -qE '^Total Tests: [1-9]'; then
    say "6/7 gui tests: $build_dir (under xvfb-run)"
    ctest_env=() ctest_prefix=(xvfb-run -a)
    if command -v xvfb-run >/dev/null; then
        run_ctest gui "$build_dir" gui
    else
        say "xvfb-run not found (Debian: apt-get install xvfb xauth)"
        step_failed gui
    fi
else
    say "6/7 gui tests: none yet"
fi

# --- 7. packaging ---------------------------------------------------------------------------------------------
# Builds the .deb, installs it, runs `ensemble --version` and `ensemble up -d` from the installed paths, removes it.
if ((EUID == 0)); then
    say "7/7 packaging: build, install, run and remove the .deb"
    ctest_env=() ctest_prefix=()
    run_ctest packaging "$build_dir" packaging
else
    say "7/7 packaging: skipped (needs root to install the package)"
fi

finish
