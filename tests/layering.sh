#!/bin/sh
# The layering rule as a test: src/ never includes curses, ui/ never
# includes curl or json-c (nor expat). Fails naming the offending lines.
top=${TOP_SRCDIR:-$(dirname "$0")/..}
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
[ $rc -eq 0 ] && echo "layering: ok"
exit $rc
