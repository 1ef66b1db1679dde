#!/usr/bin/env bash
# The first command: sets everything up, builds, and starts the default cluster (3 ZooKeeper + 3 Kafka) in the
# foreground. Ctrl-C stops it. Extra arguments go to `ensemble up`, e.g.: bash installer/run.sh -f my-cluster.yaml
# Environment: ENSEMBLE_NO_APT=1 skips the Debian packages step; BUILD_DIR as for build.sh.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash installer/setup.sh
bash installer/build.sh --target ensemble
echo "[run] starting: ensemble up${*:+ $*}"
exec "${BUILD_DIR:-build}/app/ensemble" up "$@"
