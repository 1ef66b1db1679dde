#!/usr/bin/env bash
# Issue 15, "the first start as fast as later ones": the default cluster (3 ZooKeeper + 3 Kafka on Kafka 3.9.2) on a
# fresh data folder (XDG_DATA_HOME, where Ensemble keeps runtimes, archives and clusters) into which
# `ensemble runtime install 3.9.2` has just installed the runtime, `up -d` to healthy, against a later start of the
# same workspace, in the same run. Twice: with the install's class-data archives (the default), and with
# `--no-archive` (as before: the archives are recorded at the first graceful stop) for contrast. The runtime comes
# from the local Maven cache (file://~/.m2/repository, as `setup.sh` filled it), so no network is needed.
# Each figure is printed with the load average at the time: on a shared machine a loaded run is no target met.
# Usage: bench/first_start_bench.sh [BUILD_DIR]   (env: ROUNDS=2 BENCH_DIR=/tmp/first-start-bench JAVA_HOME=...)
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
E="$build/app/ensemble"
rounds=${ROUNDS:-2}
dir=${BENCH_DIR:-/tmp/first-start-bench}
repo=${ENSEMBLE_MAVEN_URL:-file://$HOME/.m2/repository}
[ -x "$E" ] || { echo "no $E — build the ensemble target first" >&2; exit 2; }
rm -rf "$dir"; mkdir -p "$dir"

now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.2f}')"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
ws=""; data=""
cleanup() { # the cluster of this script, by its workspace; the data folders
  [ -n "$ws" ] && XDG_DATA_HOME=$data "$E" down -w "$ws" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

echo "java: $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -1)"
for r in $(seq 1 "$rounds"); do
  for variant in archived no-archive; do
    data=$dir/data-$variant-$r ws=$dir/ws-$variant-$r
    mkdir -p "$data"
    export XDG_DATA_HOME=$data
    flag=(); [ "$variant" = no-archive ] && flag=(--no-archive)
    t=$(now); l=$(load)
    ENSEMBLE_MAVEN_URL=$repo "$E" runtime install 3.9.2 "${flag[@]}" >/dev/null 2>"$dir/install.err" ||
      { cat "$dir/install.err" >&2; exit 1; }
    install=$(since "$t")
    grep -E "fast starts|warning" "$dir/install.err" | sed 's/^/    /' || true
    l=$(load); t=$(now); "$E" up -d -w "$ws" >/dev/null
    first=$(since "$t"); lf=$l
    "$E" down -w "$ws" >/dev/null
    l=$(load); t=$(now); "$E" up -d -w "$ws" >/dev/null
    later=$(since "$t")
    "$E" down -w "$ws" >/dev/null
    echo "round $r $variant: install $install s; first start $first s (load $lf); later start $later s (load $l); ratio $(python3 -c "print(f'{$first/$later:.2f}')")"
    rm -rf "$data" "$ws"; ws=""
    unset XDG_DATA_HOME
  done
done
