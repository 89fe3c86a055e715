#!/bin/sh
# e2e-sink-crash.sh: a crash between a delivery and the outbox's record of
# it (an LD_PRELOAD shim kills azwatch watch with SIGKILL just before the
# outbox that says "delivered" is put in place) sends that delivery once
# more after the restart: one duplicate at most, nothing lost.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || skip "no C compiler for the shim"
"$CC" -shared -fPIC -O -o "$T/shim.so" "$TOP_SRCDIR/tests/shim-crash.c" \
    -ldl || fail "cannot build the shim"

WATCH_PID=
crash_cleanup() {
	[ -n "$WATCH_PID" ] && kill -KILL "$WATCH_PID" 2>/dev/null
}
trap '_rc0=$?; crash_cleanup; (exit $_rc0); _lib_cleanup' EXIT

fake_start redis-eastus
sinks_start
AZW_HOOK_URL=$SINKS/webhook/hooksecretC7x2Vb9N
export AZW_HOOK_URL
cat >>"$T/config" <<EOF

[sink hook]
type = webhook
url_env = AZW_HOOK_URL
regions = eastus
types = service-issue
rate = 600
settle = 0
EOF

LOG=$T/watch.log
wait_until() {
	_n=$(( ${2:-15} * 10 ))
	while [ "$_n" -gt 0 ]; do
		if eval "$1" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	echo "wait_until: '$1' still false; log:" >&2
	cat "$LOG" >&2
	return 1
}
hooks() {
	sinks_ctl "count?path=/webhook/&contains=7K2Q-XL8"
}
polls() {
	fake_requests /en-us/status/feed | json_eval 'len(d)'
}
status_of() {
	"$AZWATCH" status --json --state-dir "$T/wstate" 2>/dev/null |
	    json_eval "[s for s in d['sinks'] if s['name'] == 'hook'][0]['$1']"
}

fake_ctl "step?n=1" >/dev/null || fail "fake step 1"
# the first run dies as the outbox would record the first delivery
LD_PRELOAD=$T/shim.so SHIM_CRASH_SUFFIX=/outbox.json \
    SHIM_CRASH_WHEN='"delivered":1' \
    ASAN_OPTIONS=verify_asan_link_order=0:${ASAN_OPTIONS:-} \
    "$AZWATCH" watch --state-dir "$T/wstate" 2>>"$LOG"
rc=$?
check_eq "$rc" 137 "the first run's end (SIGKILL)"
check_eq "$(hooks)" 1 "deliveries before the crash"
check_eq "$(status_of pending)" 1 "pending in the outbox after the crash"
pass "killed between the delivery and its record: the outbox still owes it"

"$AZWATCH" watch --state-dir "$T/wstate" 2>>"$LOG" &
WATCH_PID=$!
wait_until '[ "$(status_of pending)" = 0 ] && [ "$(status_of delivered)" = 1 ]' ||
    fail "the owed delivery was not made after the restart"
p0=$(polls)
wait_until '[ "$(polls)" -ge $((p0 + 2)) ]' || fail "the fake was not polled"
check_eq "$(hooks)" 2 "deliveries of update 1 in all"
sinks_ctl "received?path=/webhook/" | python3 -c '
import json, sys
b = [x["body"] for x in json.load(sys.stdin) if "7K2Q-XL8" in x["body"]]
assert len(b) == 2 and b[0] == b[1], "not one update twice: %r" % b
' || fail "the duplicate is not the same delivery"
pass "after the restart it is sent once more: one duplicate, nothing lost"

kill -TERM "$WATCH_PID"
wait "$WATCH_PID"
WATCH_PID=
grep -q hooksecretC7x2Vb9N "$LOG" && fail "the secret URL is in the log"
pass "clean stop"
