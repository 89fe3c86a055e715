#!/bin/sh
# run.sh: build the libFuzzer targets with clang (ASan+UBSan) straight from
# src/ and run each one for SECONDS (default 20). Exits 1 if any target
# finds a crash, a leak, undefined behaviour or a broken check; the input
# is kept under $FUZZ_OUT/artifacts and belongs in tests/regress/TARGET/.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# BUILD=dir uses that configured build directory's config.h (else build/
# or a small configure run in $FUZZ_OUT). FUZZ_OUT (default
# ${TMPDIR:-/tmp}/azwatch-fuzz) holds objects, binaries and the growing
# corpus, so a second run continues where the first stopped.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-20}
[ $# -gt 0 ] && shift
targets=${*:-"rss arm x cfg html sanitize"}
out=${FUZZ_OUT:-${TMPDIR:-/tmp}/azwatch-fuzz}
CC=${FUZZ_CC:-clang}
mkdir -p "$out/obj" "$out/bin" "$out/artifacts" || exit 2

die() {
	echo "fuzz: $*" >&2
	exit 2
}

command -v "$CC" >/dev/null 2>&1 ||
    die "$CC not found (Debian: apt-get install clang)"

# config.h from a configured build directory.
conf=
for d in ${BUILD:-} "$top/build" "$out/conf"; do
	if [ -f "$d/config.h" ]; then
		conf=$d
		break
	fi
done
if [ -z "$conf" ]; then
	[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1) ||
	    die "cannot run autoreconf"
	mkdir -p "$out/conf"
	(cd "$out/conf" && "$top/configure" -q >/dev/null) ||
	    die "configure failed (see $out/conf/config.log)"
	conf=$out/conf
fi

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -g -O1 -D_GNU_SOURCE $SAN -I$conf -I$top/src -I$top/tests/fuzz
$(pkg-config --cflags json-c expat libcurl 2>/dev/null)"
LIBS="$(pkg-config --libs json-c expat libcurl 2>/dev/null) -lm"

# The modules the parsers need (no threads, no curses; libcurl only for
# its URL parser, which the configuration uses).
srcs="xmalloc buf jdoc model timeutil html sanitize regions cfg parse-rss
parse-arm derive parse-x depends statefile colorspec feedsort sink-slack http"

objs=
for s in $srcs; do
	o=$out/obj/$s.o
	if [ ! -f "$o" ] || [ "$top/src/$s.c" -nt "$o" ] ||
	    [ -n "$(find "$top/src" -name '*.h' -newer "$o" 2>/dev/null)" ]; then
		# shellcheck disable=SC2086
		$CC $CFLAGS -fsanitize=fuzzer-no-link -c "$top/src/$s.c" -o "$o" ||
		    die "cannot compile src/$s.c"
	fi
	objs="$objs $o"
done
# shellcheck disable=SC2086
$CC $CFLAGS -c "$top/tests/fuzz/fuzz-common.c" -o "$out/obj/fuzz-common.o" ||
    die "cannot compile fuzz-common.c"

ran=0
crashed=0
skipped=
for t in $targets; do
	case $t in
	x)	if [ ! -f "$top/src/parse-x.c" ]; then
			echo "fuzz: x skipped: src/parse-x.c does not exist yet"
			skipped="$skipped x"
			continue
		fi ;;
	rss|arm|cfg|html|sanitize) ;;
	*)	die "unknown target $t" ;;
	esac
	bin=$out/bin/fuzz-$t
	# shellcheck disable=SC2086
	$CC $CFLAGS -fsanitize=fuzzer "$top/tests/fuzz/fuzz-$t.c" \
	    "$out/obj/fuzz-common.o" $objs $LIBS -o "$bin" ||
	    die "cannot build fuzz-$t"
	mkdir -p "$out/corpus/$t"
	# Kept findings first: they must not crash any more.
	regress=
	if [ -d "$top/tests/regress/$t" ] &&
	    [ -n "$(ls "$top/tests/regress/$t" 2>/dev/null)" ]; then
		regress=$top/tests/regress/$t
	fi
	echo "fuzz: $t for ${secs}s"
	ran=$((ran + 1))
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=0 \
	    -artifact_prefix="$out/artifacts/$t-" \
	    "$out/corpus/$t" "$top/tests/fuzz/corpus/$t" $regress \
	    >"$out/$t.log" 2>&1; then
		crashed=$((crashed + 1))
		echo "fuzz: $t FAILED; the log's end ($out/$t.log):"
		tail -n 40 "$out/$t.log"
		ls -t "$out/artifacts/$t-"* 2>/dev/null | head -n 3 |
		    sed 's/^/fuzz: input kept: /'
		echo "fuzz: fix it, then copy the input to tests/regress/$t/"
	else
		grep -E '^Done [0-9]+ runs' "$out/$t.log" | sed "s/^/fuzz: $t: /"
	fi
done
echo "fuzz: $ran targets ran, $crashed failed${skipped:+, skipped:$skipped}"
[ $crashed -eq 0 ] && [ $ran -gt 0 ]
