#!/usr/bin/env bash
# Builds the Debian package ensemble_VERSION_amd64.deb: the binary (stripped), a desktop entry, the SVG icon, the
# AppStream metainfo, the man page, the copyright and changelog, and the Debian packages it needs at run time
# (the shared libraries' packages from dpkg-shlibdeps, plus Java 17). The Kafka runtime is not in the package:
# it is installed per user under ~/.local/share/ensemble/runtime.
# Usage: bash installer/package.sh [--no-build] [--check] [-o DIR]
#   --no-build  package the binary already in $BUILD_DIR/app/ensemble (default: build --target ensemble first)
#   --check     also run desktop-file-validate, appstreamcli validate and lintian on the result
#   -o DIR      where the .deb goes (default: $BUILD_DIR/package)
# Environment: BUILD_DIR (default build). Needs dpkg-dev (dpkg-shlibdeps) and, for --check, desktop-file-utils,
# appstream and lintian. See docs/packaging.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir=${BUILD_DIR:-build}
build=1 check=0 out_dir=""
while (($#)); do
    case $1 in
        --no-build) build=0 ;;
        --check) check=1 ;;
        -o)
            (($# >= 2)) || { echo "package.sh: -o needs a directory" >&2; exit 2; }
            out_dir=$2
            shift
            ;;
        *) echo "package.sh: unknown argument '$1' — see the usage at the top of installer/package.sh" >&2; exit 2 ;;
    esac
    shift
done
out_dir=${out_dir:-$build_dir/package}
say() { printf '[package] %s\n' "$*"; }
die() { printf '[package] error: %s\n' "$*" >&2; exit 1; }

command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null ||
    die "dpkg-deb and dpkg-shlibdeps are needed — apt-get install dpkg-dev"
version=$(sed -n 's/^project(Ensemble VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[[ -n $version ]] || die "cannot read the version from CMakeLists.txt"

if ((build)); then
    bash installer/build.sh --target ensemble
fi
binary=$build_dir/app/ensemble
[[ -x $binary ]] || die "$binary is missing — build it (bash installer/build.sh --target ensemble) or drop --no-build"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/ensemble_${version}_amd64
say "staging $version in $stage"
install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/metainfo" "$stage/usr/share/man/man1" \
    "$stage/usr/share/doc/ensemble"
install -m 0755 "$binary" "$stage/usr/bin/ensemble"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/ensemble"
install -m 0644 resources/ensemble.desktop "$stage/usr/share/applications/ensemble.desktop"
install -m 0644 resources/ensemble.svg "$stage/usr/share/icons/hicolor/scalable/apps/ensemble.svg"
install -m 0644 resources/io.github.ensemble.Ensemble.metainfo.xml "$stage/usr/share/metainfo/"
gzip -9n -c resources/ensemble.1 >"$stage/usr/share/man/man1/ensemble.1.gz"
install -m 0644 resources/packaging/copyright "$stage/usr/share/doc/ensemble/copyright"
sed "s/@VERSION@/$version/" resources/packaging/changelog | gzip -9n -c >"$stage/usr/share/doc/ensemble/changelog.gz"
chmod 0644 "$stage"/usr/share/man/man1/*.gz "$stage"/usr/share/doc/ensemble/*

# The library packages the binary links, as dpkg-shlibdeps finds them (it wants a debian/control to read).
mkdir -p "$work/shlibs/debian"
printf 'Source: ensemble\n\nPackage: ensemble\nArchitecture: amd64\n' >"$work/shlibs/debian/control"
shlib_depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$stage/usr/bin/ensemble" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
[[ -n $shlib_depends ]] || die "dpkg-shlibdeps found no dependencies for $binary"
installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_kb/" \
    -e "s/@DEPENDS@/$shlib_depends, openjdk-17-jre-headless | java17-runtime-headless/" \
    resources/packaging/control >"$stage/DEBIAN/control"

(cd "$stage" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$stage/DEBIAN/md5sums"

mkdir -p "$out_dir"
deb=$out_dir/ensemble_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
say "built $deb ($(du -h "$deb" | cut -f1)); depends: $shlib_depends, openjdk-17-jre-headless | java17-runtime-headless"

if ((check)); then
    say "desktop-file-validate"
    desktop-file-validate resources/ensemble.desktop
    say "appstreamcli validate"
    appstreamcli validate --no-net resources/io.github.ensemble.Ensemble.metainfo.xml
    say "lintian (the remaining tags are explained in docs/packaging.md)"
    lintian --tag-display-limit 0 --suppress-tags-from-file installer/lintian-explained.txt "$deb"
fi
