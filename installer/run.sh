#!/usr/bin/env bash
# The first command: sets everything up, builds, and starts the app on the default cluster (3 ZooKeeper +
# 3 Kafka): the window when there is a display, else the headless `ensemble up` in the foreground (Ctrl-C stops
# it). Extra arguments go to `ensemble gui` / `ensemble up`, e.g.: bash installer/run.sh -f my-cluster.yaml
# Environment: ENSEMBLE_NO_APT=1 skips the Debian packages step; BUILD_DIR as for build.sh;
#              ENSEMBLE_HEADLESS=1 runs `ensemble up` even when there is a display.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash installer/setup.sh
bash installer/build.sh --target ensemble
# Fast first starts: the runtimes' class-data archives (nothing to do when setup.sh or an earlier run made them).
[[ -n ${ENSEMBLE_NO_ARCHIVE:-} ]] || "${BUILD_DIR:-build}/app/ensemble" runtime archive 3.9.2 4.4.0 ||
    echo "[run] fast starts not prepared (see above): the first cluster start is slower"
if [[ -z ${ENSEMBLE_HEADLESS:-} && ( -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ) ]]; then
    echo "[run] starting the window: ensemble gui${*:+ $*}"
    exec "${BUILD_DIR:-build}/app/ensemble" gui "$@"
fi
echo "[run] no display: starting the headless cluster: ensemble up${*:+ $*}"
exec "${BUILD_DIR:-build}/app/ensemble" up "$@"
