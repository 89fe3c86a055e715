#!/bin/sh
# build.sh: one entry point for people and CI.
#   ./build.sh run     install missing build dependencies, build, start azwatch
#   ./build.sh         install missing build dependencies and build
#   ./build.sh check   ... and run the whole test suite
#   ./build.sh asan    build with ASan+UBSan in build-asan/ and run the suite
#   ./build.sh deb     build the Debian package from a copy of the tree
#                      (dpkg-buildpackage -us -uc -b, then lintian) and
#                      leave it in build/
# Builds happen out of tree, in build/ (or build-asan/).
set -eu

top=$(cd "$(dirname "$0")" && pwd)
mode=${1:-build}
if [ $# -gt 0 ]; then shift; fi

DEPS="build-essential autoconf automake libtool pkg-config libncurses-dev
libcurl4-openssl-dev libjson-c-dev libexpat1-dev libcmocka-dev tmux python3
curl ca-certificates mandoc"

install_deps() {
	missing=
	for p in $DEPS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "build.sh: please install:$missing" >&2
		exit 1
	fi
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "build.sh: installing$missing" >&2
	$sudo apt-get update -qq >/dev/null 2>&1 || true
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

configure_in() {
	dir=$1
	shift
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
	    [ "$top/Makefile.am" -nt "$top/Makefile.in" ]; then
		(cd "$top" && autoreconf -fi >/dev/null 2>&1) || (cd "$top" && autoreconf -fi)
	fi
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$top/configure" -nt "$dir/Makefile" ]; then
		(cd "$dir" && "$top/configure" -q "$@")
	fi
}

jobs=$(nproc 2>/dev/null || echo 2)

case $mode in
build|run|check)
	install_deps
	configure_in "$top/build" --enable-werror
	make -s -C "$top/build" -j"$jobs"
	if [ "$mode" = run ]; then
		exec "$top/build/azwatch" "$@"
	elif [ "$mode" = check ]; then
		# the end-to-end tests mostly wait on a screen or a fake
		# server: twice as many as there are CPUs keep them busy
		make -s -C "$top/build" -j$((jobs * 2)) check
	fi
	;;
asan)
	install_deps
	configure_in "$top/build-asan" --enable-werror --enable-sanitizers
	make -s -C "$top/build-asan" -j"$jobs"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    make -s -C "$top/build-asan" -j$((jobs * 2)) check
	;;
deb)
	# dpkg-buildpackage writes beside the source: build in a copy of the
	# tree as it is (committed or not, less build output) in a temp dir.
	DEPS="$DEPS debhelper devscripts lintian"
	install_deps
	version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
	work=$(mktemp -d "${TMPDIR:-/tmp}/azwatch-deb.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	src=$work/azwatch-$version
	mkdir "$src"
	if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$top" && git ls-files -z --cached --others --exclude-standard) |
		    tar -C "$top" --null -T - --ignore-failed-read -cf - |
		    tar -C "$src" -xf -
	else
		tar -C "$top" --exclude=./build --exclude='./build-*' \
		    --exclude=./autom4te.cache -cf - . | tar -C "$src" -xf -
	fi
	mkdir -p "$top/build"
	log=$top/build/deb.log
	echo "build.sh: dpkg-buildpackage -us -uc -b (log: $log)" >&2
	if ! (cd "$src" && dpkg-buildpackage -us -uc -b -J"$jobs") >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		echo "build.sh: the package did not build (see $log)" >&2
		exit 1
	fi
	deb=$(ls "$work"/azwatch_"$version"_*.deb)
	echo "build.sh: lintian $(basename "$deb")" >&2
	lintian --fail-on error,warning "$deb"
	cp "$deb" "$top/build/"
	echo "build.sh: built build/$(basename "$deb")" >&2
	;;
*)
	echo "usage: ./build.sh [run|build|check|asan|deb]" >&2
	exit 2
	;;
esac
