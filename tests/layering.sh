#!/bin/sh
# The layering rule as a test, twice over:
#   - by include: src/ never includes curses, ui/ never includes curl or
#     json-c (nor expat);
#   - by symbol: no object in libazui.a calls into libcurl, json-c or
#     expat, and no object in libazcore.a calls into curses. This catches
#     what the include grep cannot (a declaration written by hand, a
#     macro from another header).
# Fails naming the offending lines or symbols.
top=${TOP_SRCDIR:-$(dirname "$0")/..}
build=${TOP_BUILDDIR:-$top/build}
rc=0
if grep -nE '#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|term\.h|panel\.h)' \
    "$top"/src/*.c "$top"/src/*.h; then
	echo "layering: src/ must not include curses" >&2
	rc=1
fi
if grep -nE '#[[:space:]]*include[[:space:]]*[<"](curl/|json-c/|json\.h|expat)' \
    "$top"/ui/*.c "$top"/ui/*.h; then
	echo "layering: ui/ must not include curl, json-c or expat" >&2
	rc=1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/azwatch-layering.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT INT TERM

# libs_of PATTERN: the shared libraries azwatch links whose names match.
libs_of() {
	ldd "$build/azwatch" | awk -v re="$1" '$1 ~ re && $3 ~ /^\// { print $3 }'
}

# exported SYMFILE LIB...: the functions and data the libraries define.
exported() {
	out=$1
	shift
	for lib in "$@"; do
		nm -D --defined-only "$lib" | awk 'NF == 3 { print $3 }'
	done | sed 's/@.*//' | sort -u >"$out"
}

# called ARCHIVE: the symbols the archive's objects leave undefined.
called() {
	nm -u "$1" | awk 'NF == 2 { print $2 }' | sed 's/@.*//' | sort -u
}

if ! command -v nm >/dev/null 2>&1 || ! command -v ldd >/dev/null 2>&1; then
	echo "layering: nm and ldd (binutils, libc-bin) are needed" >&2
	exit 1
fi
for f in "$build/azwatch" "$build/libazui.a" "$build/libazcore.a"; do
	if [ ! -f "$f" ]; then
		echo "layering: $f is not built" >&2
		exit 1
	fi
done

net=$(libs_of 'libcurl|libjson-c|libexpat')
tty=$(libs_of 'libncurses|libtinfo|libpanel|libform|libmenu')
if [ -z "$net" ] || [ -z "$tty" ]; then
	echo "layering: cannot find the linked libraries with ldd" >&2
	exit 1
fi
# shellcheck disable=SC2086
exported "$T/net" $net
# shellcheck disable=SC2086
exported "$T/tty" $tty
called "$build/libazui.a" >"$T/ui-calls"
called "$build/libazcore.a" >"$T/core-calls"

bad=$(comm -12 "$T/ui-calls" "$T/net")
if [ -n "$bad" ]; then
	echo "layering: ui/ calls libcurl, json-c or expat:" >&2
	echo "$bad" | sed 's/^/  /' >&2
	rc=1
fi
bad=$(comm -12 "$T/core-calls" "$T/tty")
if [ -n "$bad" ]; then
	echo "layering: src/ calls curses:" >&2
	echo "$bad" | sed 's/^/  /' >&2
	rc=1
fi
[ $rc -eq 0 ] && echo "layering: ok"
exit $rc
