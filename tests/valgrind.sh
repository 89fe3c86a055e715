#!/bin/sh
# valgrind.sh: azwatch under valgrind against the fake Azure. memcheck on
# `status --json` and on the dashboard (several polls, then q): no errors,
# no definite leaks. helgrind on the dashboard: no races between the
# worker and the UI.
#   tests/valgrind.sh            (not in make check: it takes minutes)

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
command -v valgrind >/dev/null 2>&1 || skip "valgrind is not installed"
need_tmux

AZ=$AZWATCH
SUPP="--suppressions=$TOP_SRCDIR/tests/valgrind.supp"
MEMCHECK="$SUPP --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --track-fds=no"

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null
fake_use_secret
fake_use_x

# -- memcheck: status --json ------------------------------------------------
timeout 300 valgrind $MEMCHECK --log-file="$T/vg-status.log" \
    "$AZ" status --json >"$T/status.json" 2>"$T/status.err"
rc=$?
[ $rc -eq 99 ] && { cat "$T/vg-status.log" >&2; fail "memcheck found errors in status"; }
check_eq "$rc" 0 "status under memcheck"
grep -q '7K2Q-XL8' "$T/status.json" || fail "status under memcheck saw no incident"
grep -q 'ERROR SUMMARY: 0 errors' "$T/vg-status.log" ||
    { cat "$T/vg-status.log" >&2; fail "memcheck reported errors"; }
pass "status --json: no memcheck errors, no definite leaks"

# with faults: the error paths free what they allocate too
fake_ctl "fault?path=/en-us/status/feed&kind=garbage" >/dev/null
fake_ctl "fault?path=/subscriptions&kind=503" >/dev/null
fake_ctl "fault?path=/2/&kind=deep-json" >/dev/null
timeout 300 valgrind $MEMCHECK --log-file="$T/vg-fault.log" \
    "$AZ" status --json >/dev/null 2>&1
rc=$?
[ $rc -eq 99 ] && { cat "$T/vg-fault.log" >&2; fail "memcheck found errors under faults"; }
check_eq "$rc" 3 "status under faults and memcheck"
fake_ctl clear >/dev/null
pass "status --json under faults: no memcheck errors, no definite leaks"

# dashboard: tool LOG -- several polls, a fault, the help, then q
dashboard() {
	AZWATCH=valgrind
	tmux_start $1 --log-file="$T/vg-$2.log" "$AZ"
	AZWATCH=$AZ
	wait_for 'Azure Cache for Redis' 120 || fail "$2: the dashboard did not start"
	for i in 1 2 3; do
		tmux_keys r
		sleep 3
	done
	fake_ctl "fault?path=/en-us/status/feed&kind=reset" >/dev/null
	tmux_keys r
	sleep 3
	fake_ctl clear >/dev/null
	tmux_keys '?'
	sleep 1
	tmux_keys q
	sleep 3
	tmux_keys q
	# valgrind writes its summary when azwatch has exited (the pane's
	# exit status is not reliable under valgrind's own children)
	_n=3000
	until grep -q 'ERROR SUMMARY' "$T/vg-$2.log" 2>/dev/null; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || fail "$2: the dashboard did not quit within 300 s"
		sleep 0.1
	done
	sleep 1
	tmux_stop
}

dashboard "--tool=memcheck $MEMCHECK" memcheck
grep -q 'ERROR SUMMARY: 0 errors' "$T/vg-memcheck.log" ||
    { cat "$T/vg-memcheck.log" >&2; fail "memcheck reported errors in the dashboard"; }
pass "dashboard: no memcheck errors, no definite leaks"

dashboard "--tool=helgrind $SUPP --error-exitcode=99" helgrind
grep -q 'ERROR SUMMARY: 0 errors' "$T/vg-helgrind.log" ||
    { cat "$T/vg-helgrind.log" >&2; fail "helgrind reported races"; }
pass "dashboard: helgrind finds no races between worker and UI"
