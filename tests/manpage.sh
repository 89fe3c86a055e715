#!/bin/sh
# manpage.sh: the man page is clean under mandoc's linter (no error,
# warning or style message), as mdoc pages are kept in the BSDs and tmux.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

command -v mandoc >/dev/null 2>&1 || fail "mandoc is not installed (build.sh installs it)"
mandoc -Tlint "$TOP_SRCDIR/doc/azwatch.1" >"$T/lint" 2>&1
st=$?
if [ -s "$T/lint" ] || [ "$st" -ne 0 ]; then
	cat "$T/lint" >&2
	fail "mandoc -Tlint: the man page has messages (exit $st)"
fi
pass "mandoc -Tlint: the man page is clean"
