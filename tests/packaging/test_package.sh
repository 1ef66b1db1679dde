#!/usr/bin/env bash
# The packaging test: builds the .deb from the built binary, installs it into this system with dpkg, runs
# `ensemble --version` and `ensemble up -d` (a 1 + 1 cluster in a temporary workspace) from the installed path,
# stops the cluster and removes the package again. Needs root (dpkg); exits 77 (CTest: skipped) otherwise.
# Usage: BUILD_DIR=build bash tests/packaging/test_package.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
export BUILD_DIR=${BUILD_DIR:-build}
say() { printf '[packaging-test] %s\n' "$*"; }
die() { printf '[packaging-test] FAIL: %s\n' "$*" >&2; exit 1; }

if [[ $(id -u) != 0 ]]; then
    say "skipped: installing a package needs root"
    exit 77
fi
# One packaging test at a time on this machine: the package is installed system-wide.
exec 9>/tmp/ensemble-packaging-test.lock
flock -w 900 9 || die "another packaging test holds /tmp/ensemble-packaging-test.lock"
if dpkg-query -W -f='${Status}' ensemble 2>/dev/null | grep -q 'install ok installed'; then
    die "the ensemble package is already installed here — remove it first (dpkg -r ensemble)"
fi

work=$(mktemp -d /tmp/ensemble-packaging.XXXXXX)
installed=0
cleanup() {
    if [[ -S $work/ws/control.sock ]]; then
        /usr/bin/ensemble down -w "$work/ws" >/dev/null 2>&1 || true
    fi
    pkill -KILL -f -- "-Densemble.workspace=$work/ws" 2>/dev/null || true
    if ((installed)); then
        dpkg_retry -r ensemble >/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
# dpkg refuses at once while another apt/dpkg holds its lock (other work on this machine): wait for it.
dpkg_retry() {
    local i
    for i in $(seq 60); do
        if dpkg "$@" 2>"$work/dpkg.err"; then return 0; fi
        grep -q 'lock' "$work/dpkg.err" || { cat "$work/dpkg.err" >&2; return 1; }
        sleep 2
    done
    cat "$work/dpkg.err" >&2
    return 1
}

check=()
if command -v desktop-file-validate >/dev/null && command -v appstreamcli >/dev/null && command -v lintian >/dev/null
then
    check=(--check) # desktop entry, metainfo and lintian too
else
    say "desktop-file-validate, appstreamcli or lintian missing: not validating (apt-get install desktop-file-utils appstream lintian)"
fi
say "1/5 build the package ${check[*]}"
bash installer/package.sh --no-build "${check[@]}" -o "$work"
deb=$(ls "$work"/ensemble_*_amd64.deb)

say "2/5 install $(basename "$deb")"
dpkg_retry -i "$deb" || die "dpkg -i failed"
installed=1
[[ -x /usr/bin/ensemble ]] || die "/usr/bin/ensemble is not installed"
[[ -f /usr/share/applications/ensemble.desktop ]] || die "no desktop entry installed"
[[ -f /usr/share/man/man1/ensemble.1.gz ]] || die "no man page installed"

say "3/5 ensemble --version"
version=$(/usr/bin/ensemble --version)
echo "$version"
[[ $version == "ensemble "* ]] || die "unexpected --version output: $version"

say "4/5 ensemble up -d from the installed path"
cat >"$work/cluster.yaml" <<'YAML'
name: packaging-test
coordinators: 1
brokers: 1
topics: [{name: t, partitions: 1, replication_factor: 1}]
YAML
/usr/bin/ensemble up -d -f "$work/cluster.yaml" -w "$work/ws" || die "ensemble up -d failed (log: $work/ws/supervisor.log)"
/usr/bin/ensemble status -w "$work/ws" --json | grep -q '"healthy": *true' || die "the cluster is not healthy"
/usr/bin/ensemble down -w "$work/ws" || die "ensemble down failed"
if pgrep -f -- "-Densemble.workspace=$work/ws" >/dev/null; then
    die "a node JVM is still running after down"
fi

say "5/5 remove the package"
dpkg_retry -r ensemble || die "dpkg -r failed"
installed=0
[[ ! -e /usr/bin/ensemble ]] || die "/usr/bin/ensemble is still there after dpkg -r"
say "PASS"
