#!/usr/bin/env bash
# Sets up a Debian 12 machine for Ensemble; safe to run again (it only does what is missing).
#   1. Debian packages: compilers, Qt 6, libraries, Java 17, Maven, test tools (apt, via sudo when not root)
#   2. Tools: checks that java (11 or newer; Debian gives 17) and mvn are there
#   3. Kafka runtimes, side by side: Apache Kafka 3.9.2 (ZooKeeper and KRaft; installer/pom-3.9.2.xml) and 4.4.0
#      (KRaft only, log4j2; installer/pom-4.4.0.xml) from Maven Central into
#      ${XDG_DATA_HOME:-~/.local/share}/ensemble/runtime/kafka-VERSION/libs, each checked and stamped
#   4. Runtime check: each runtime's broker jar and logging binding are there
#   5. Fast starts: when Ensemble is built, each runtime's class-data archives for the Java that runs it
#      (`ensemble runtime archive`; run.sh does it right after its build otherwise). ENSEMBLE_NO_ARCHIVE=1 skips it.
# Options: --no-apt (or ENSEMBLE_NO_APT=1) skips step 1.
# Environment: ENSEMBLE_MAVEN_REPO overrides Maven's local repository (default ~/.m2/repository).
set -euo pipefail

KAFKA_VERSIONS=(3.9.2 4.4.0)
PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev libgl1-mesa-dev
    libspdlog-dev libyaml-cpp-dev librdkafka-dev libzookeeper-mt-dev libbenchmark-dev
    openjdk-17-jre-headless maven unzip
    xvfb xauth procps clang libclang-rt-14-dev clang-format ccache imagemagick python3 fonts-dejavu-core
    desktop-file-utils appstream lintian
    python3-jsonschema python3-yaml gdb
)
# (libqt6charts6-dev is a virtual package in Debian 12, provided by qt6-charts-dev.)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
no_apt=${ENSEMBLE_NO_APT:-}
[[ $no_apt == 0 ]] && no_apt=

usage() {
    sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

while (($#)); do
    case $1 in
        --no-apt) no_apt=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "setup.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# --- 1. Debian packages ---------------------------------------------------------------------------------------
is_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) == ii* ]]
}

if [[ -n $no_apt ]]; then
    say "1/4 Debian packages: skipped (--no-apt)"
else
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        die "apt-get/dpkg-query not found: this script installs packages on Debian 12; use --no-apt elsewhere"
    fi
    missing=()
    for p in "${PACKAGES[@]}"; do
        is_installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        say "1/4 Debian packages: all present"
    else
        say "1/4 Debian packages: installing ${#missing[@]} missing: ${missing[*]}"
        sudo=()
        if ((EUID != 0)); then
            command -v sudo >/dev/null || die "not root and sudo not found: install as root: apt-get install ${missing[*]}"
            sudo=(sudo)
        fi
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}"
        still=()
        for p in "${missing[@]}"; do
            is_installed "$p" || still+=("$p")
        done
        ((${#still[@]} == 0)) || die "still missing after apt-get install: ${still[*]}"
    fi
fi

# --- 2. Tools -------------------------------------------------------------------------------------------------
JAVA=java
[[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && JAVA=$JAVA_HOME/bin/java
command -v "$JAVA" >/dev/null || die "java not found (Debian: apt-get install openjdk-17-jre-headless)"
command -v mvn >/dev/null || die "mvn not found (Debian: apt-get install maven)"
java_version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
[[ $java_version =~ ^[0-9]+$ ]] || die "could not tell the version of $JAVA"
((java_version >= 11)) ||
    die "$JAVA is Java $java_version; Kafka needs Java 11 or newer (4.x: 17) (Debian: openjdk-17-jre-headless)"
say "2/4 Tools: java $java_version, $(mvn -B -v 2>/dev/null | sed -n '1{s/\x1b\[[0-9;]*m//g;s/^\(Apache Maven [^ ]*\).*/\1/p}')"

# --- 3. Kafka runtimes ----------------------------------------------------------------------------------------
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
KAFKA_VERSION='' runtime='' libs='' stamp='' pom='' want_stamp=''
select_version() { # VERSION: the runtime the functions below work on
    KAFKA_VERSION=$1
    runtime=$data_home/ensemble/runtime/kafka-$KAFKA_VERSION
    libs=$runtime/libs
    stamp=$runtime/.complete
    pom=$here/pom-$KAFKA_VERSION.xml
    # The stamp names the pom it came from: editing the pom fetches the runtime again.
    want_stamp="kafka $KAFKA_VERSION pom-sha256 $(sha256sum "$pom" | cut -d' ' -f1)"
}

check_libs() { # DIR: the jars Ensemble starts must be there
    [[ -s $1/kafka_2.13-$KAFKA_VERSION.jar ]] || { echo "kafka_2.13-$KAFKA_VERSION.jar missing in $1"; return 1; }
    [[ -s $1/kafka-tools-$KAFKA_VERSION.jar ]] || { echo "kafka-tools-$KAFKA_VERSION.jar missing in $1"; return 1; }
    if [[ $KAFKA_VERSION == 3.* ]]; then
        compgen -G "$1/zookeeper-3.8.*.jar" >/dev/null || { echo "zookeeper-3.8.*.jar missing in $1"; return 1; }
        compgen -G "$1/reload4j-*.jar" >/dev/null || { echo "reload4j-*.jar missing in $1"; return 1; }
    else
        compgen -G "$1/log4j-core-2.*.jar" >/dev/null || { echo "log4j-core-2.*.jar missing in $1"; return 1; }
        compgen -G "$1/log4j-slf4j-impl-2.*.jar" >/dev/null || { echo "log4j-slf4j-impl-2.*.jar missing in $1"; return 1; }
    fi
}

check_zips() { # DIR: every jar is a whole, readable zip
    local jar
    for jar in "$1"/*.jar; do
        if command -v unzip >/dev/null; then
            unzip -tqq "$jar" >/dev/null 2>&1 || { echo "corrupt jar: $jar"; return 1; }
        elif command -v python3 >/dev/null; then
            python3 -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' \
                "$jar" 2>/dev/null || { echo "corrupt jar: $jar"; return 1; }
        else
            echo "neither unzip nor python3 found: cannot test the jars"
            return 1
        fi
    done
}

tmp='' log=''
runtime_ok() { [[ -f $stamp && $(<"$stamp") == "$want_stamp" ]] && check_libs "$libs" >/dev/null; }

fetch_runtime() {
    local problem
    mkdir -p "$runtime"
    exec 9>"$runtime/.lock"
    flock 9 # another setup.sh may be fetching the same runtime: wait for it, then look again
    runtime_ok && return 0
    rm -rf "$runtime"/libs.tmp.* "$runtime"/maven.log.* # left by an interrupted run
    tmp=$(mktemp -d "$runtime/libs.tmp.XXXXXX")
    log=$(mktemp "$runtime/maven.log.XXXXXX")
    trap 'rm -rf "$tmp" "$log"' EXIT
    chmod 755 "$tmp"
    if ! mvn -B -q -Dstyle.color=never -f "$pom" \
        -Dmaven.repo.local="${ENSEMBLE_MAVEN_REPO:-$HOME/.m2/repository}" \
        dependency:copy-dependencies -DoutputDirectory="$tmp" >"$log" 2>&1; then
        sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -n 40 >&2
        die "Maven could not fetch the Kafka runtime (output above)"
    fi
    problem=$(check_libs "$tmp") || die "$problem"
    problem=$(check_zips "$tmp") || die "$problem"
    rm -f "$stamp"
    rm -rf "$libs"
    mv -T "$tmp" "$libs"                   # atomic: libs/ is either absent or complete
    printf '%s\n' "$want_stamp" >"$stamp" # last: only a complete, checked runtime has a stamp
    exec 9>&-
    rm -rf "$log"
}

for version in "${KAFKA_VERSIONS[@]}"; do
    select_version "$version"
    if runtime_ok; then
        say "3/4 Kafka runtime $KAFKA_VERSION: present ($libs)"
    else
        say "3/4 Kafka runtime $KAFKA_VERSION: fetching with Maven (about 60 MB) into $libs"
        fetch_runtime
    fi
done

# --- 4. Runtime check -----------------------------------------------------------------------------------------
for version in "${KAFKA_VERSIONS[@]}"; do
    select_version "$version"
    problem=$(check_libs "$libs") || die "$problem (delete $runtime and run setup.sh again)"
    extra=$(basename "$(compgen -G "$libs/zookeeper-3.8.*.jar" || compgen -G "$libs/log4j-core-2.*.jar" | head -n1)" .jar)
    say "4/4 Runtime check: $(find "$libs" -maxdepth 1 -name '*.jar' | wc -l) jars, kafka_2.13-$KAFKA_VERSION, $extra"
done

# --- 5. Fast starts -------------------------------------------------------------------------------------------
# A short training run per runtime records the class-data archives (AppCDS, or an AOT cache on Java 25+) that make
# a cluster's first start as fast as later ones. Needs the built binary; a failure only leaves first starts slower.
build_dir=${BUILD_DIR:-build}
[[ $build_dir == /* ]] || build_dir=$here/../$build_dir
ensemble_bin=$build_dir/app/ensemble
if [[ -z ${ENSEMBLE_NO_ARCHIVE:-} && -x $ensemble_bin ]]; then
    say "Fast starts: class-data archives for Kafka ${KAFKA_VERSIONS[*]}"
    "$ensemble_bin" runtime archive "${KAFKA_VERSIONS[@]}" || say "Fast starts: not prepared (see above); clusters start slower the first time"
fi
