#!/usr/bin/env bash
# Configures and builds Ensemble with CMake and Ninja (RelWithDebInfo) into build/ of the repository.
# Usage: bash installer/build.sh [--target TARGET...]... [CMAKE_CONFIGURE_ARGS...]   e.g. -DENSEMBLE_BUILD_BENCH=OFF
#        (no --target: everything; run.sh builds only --target ensemble)
# Environment: BUILD_DIR (default build; relative to the repository root), CI (set: warnings are errors),
#              CMAKE_BUILD_PARALLEL_LEVEL (parallel jobs; default Ninja's own).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir=${BUILD_DIR:-build}
werror=OFF
[[ -n ${CI:-} ]] && werror=ON

say() { printf '[build] %s\n' "$*"; }

targets=() configure_args=()
while (($#)); do
    case $1 in
        --target) # one or more names: --target A B, or --target A --target B
            (($# >= 2)) && [[ $2 != -* ]] || { echo "build.sh: --target needs a target name" >&2; exit 2; }
            while (($# >= 2)) && [[ $2 != -* ]]; do
                targets+=(--target "$2")
                shift
            done
            ;;
        *) configure_args+=("$1") ;;
    esac
    shift
done

# A build directory made with another generator cannot be reused with Ninja: start it afresh.
if [[ -f $build_dir/CMakeCache.txt ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build_dir/CMakeCache.txt"; then
    say "$build_dir was configured with another generator: removing its CMake cache"
    rm -rf "$build_dir/CMakeCache.txt" "$build_dir/CMakeFiles"
fi

start=$SECONDS
say "1/2 configure: $build_dir (RelWithDebInfo, ENSEMBLE_WERROR=$werror${configure_args[*]:+, ${configure_args[*]}})"
cmake -S . -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DENSEMBLE_WERROR="$werror" \
    "${configure_args[@]}"

say "2/2 compile: $build_dir${targets[*]:+ (${targets[*]})}"
cmake --build "$build_dir" "${targets[@]}"
say "done: $build_dir in $((SECONDS - start)) s"
