#!/bin/sh
# e2e-faults.sh: every fault the fake Azure can play, against every
# channel, through `azwatch status --json`: no crash, no hang, the right
# state (unreachable for network and 5xx, error for 4xx and malformed
# answers) with a message; then in the dashboard: the last good data stays
# on screen, keys answer during a hung poll, each channel recovers by
# itself when the fault clears, and memory does not grow over repeated
# faults.
#   FAULTS_QUICK=1 skips the slow kinds (hang, trickle) in the matrix.
#   FAULTS_PART=matrix|dashboard runs one half (default: both), and
#   FAULTS_CHANNELS the channels the matrix faults (default: all four);
#   make check runs the halves as separate tests (e2e-faults-*.sh), so
#   that they run side by side.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
command -v timeout >/dev/null 2>&1 || skip "timeout is not installed"

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake step"
fake_use_secret
fake_use_x
# one subscription, so each channel has its own path prefix; X as quick
# as the others so that recovery is seen within the test
# requests end after a few seconds rather than half a minute, so a hung or
# trickling answer costs the test seconds
awk -v line="subscriptions = $FAKE_SUB_A1" '{ print } /^\[azure\]$/ { print line }
    /^\[x\]$/ { print "interval = 2" }
    /^\[poll\]$/ { print "request_timeout = 4"; print "connect_timeout = 2" }' \
    "$T/config" >"$T/config.new" && mv "$T/config.new" "$T/config"
cp "$T/config" "$T/config.good"

ARM_SUB=/subscriptions/$FAKE_SUB_A1/providers

# prefix CHANNEL: the fake's paths that only that channel asks for.
prefix() {
	case $1 in
	status-page)	echo /en-us/status/feed ;;
	service-health)	echo "$ARM_SUB/Microsoft.ResourceHealth" ;;
	x)		echo /2/ ;;
	support)	echo "$ARM_SUB/Microsoft.Support" ;;
	esac
}

# expect KIND CHANNEL: the states allowed (space separated), or "skip".
expect() {
	case $1 in
	500|502|503|close|hang|refused|dns)
		echo unreachable ;;
	trickle)
		# one byte a second: a small answer completes within the
		# timeout, a larger one times out
		echo unreachable ok incident ;;
	reset|truncated)
		echo unreachable error ;;
	401|403|garbage|deep-json|billion-laughs|xxe|html|wrong-title|empty|redirect-http)
		echo error ;;
	oversized)
		# refused after the cap: the support channel cannot yet tell
		# this from a broken transfer
		echo error unreachable ;;
	429|429-noretry)
		echo error unreachable ;;
	invalid-utf8|wrong-content-type|redirect-foreign)
		# refused, or read with the bad bytes replaced / the redirect
		# followed without credentials
		echo error unreachable ok incident ;;
	self-nextlink)
		case $2 in
		service-health|support) echo error ok incident ;;
		*) echo skip ;;
		esac ;;
	*)	echo skip ;;
	esac
}

# status_run NAME: azwatch status --json with a hard time limit; the
# output in $T/NAME.json, the exit status in $RC.
status_run() {
	timeout 120 "$AZWATCH" status --json >"$T/$1.json" 2>"$T/$1.err"
	RC=$?
	case $RC in
	124)	fail "$1: azwatch status hung (killed after 120 s)" ;;
	0|3)	;;
	*)	cat "$T/$1.err" >&2
		fail "$1: azwatch status exited $RC" ;;
	esac
	python3 -c 'import json, sys; json.load(open(sys.argv[1], "rb"))' \
	    "$T/$1.json" 2>/dev/null ||
	    fail "$1: status --json did not print valid UTF-8 JSON"
}

# chan_get NAME CHANNEL FIELD
chan_get() {
	json_eval "[c for c in d['channels'] if c['id'] == '$2'][0].get('$3')" \
	    <"$T/$1.json"
}

# check_state NAME CHANNEL KIND
check_state() {
	_st=$(chan_get "$1" "$2" state)
	_err=$(chan_get "$1" "$2" error)
	case " $(expect "$3" "$2") " in
	*" $_st "*) ;;
	*) fail "$2 under $3: state $_st (want $(expect "$3" "$2")): $_err" ;;
	esac
	case $_st in
	error|unreachable)
		case $_err in
		None|""|*"(null)"*) fail "$2 under $3: $_st without a message" ;;
		esac
		[ "$(printf '%s' "$_err" | wc -l)" -eq 0 ] ||
		    fail "$2 under $3: the message is not one line"
		;;
	esac
	case $3 in
	429|429-noretry)
		case $_err in
		*429*|*hrottl*|*"rate limit"*|*"too many"*|*"Too Many"*) ;;
		*) fail "$2 under 429: the message does not say throttled: $_err" ;;
		esac ;;
	esac
	echo "ok - $2 under $3: $_st${_err:+ ($_err)}" | cut -c1-150
}

case ${FAULTS_PART:-all} in all|matrix) ;; *) SKIP_MATRIX=1 ;; esac
if [ -z "${SKIP_MATRIX:-}" ]; then
# -- a clean run first: every channel answers -----------------------------
status_run clean
check_eq "$RC" 0 "clean run exit status"
for ch in status-page service-health x support; do
	case $(chan_get clean "$ch" state) in
	ok|incident) ;;
	*) fail "$ch does not answer without faults: $(chan_get clean "$ch" error)" ;;
	esac
done
pass "every channel answers without faults"

# -- the matrix --------------------------------------------------------------
KINDS="500 502 503 close reset truncated 401 403 429 429-noretry garbage
invalid-utf8 html wrong-title oversized deep-json billion-laughs xxe
self-nextlink redirect-foreign redirect-http wrong-content-type empty"
[ -n "${FAULTS_QUICK:-}" ] || KINDS="$KINDS hang trickle"
for ch in ${FAULTS_CHANNELS:-status-page service-health x support}; do
	for kind in $KINDS; do
		[ "$(expect "$kind" "$ch")" = skip ] && continue
		case $kind in
		wrong-title|html) [ "$ch" = status-page ] || continue ;;
		esac
		fake_ctl clear >/dev/null
		fake_ctl "fault?path=$(prefix "$ch")&kind=$kind" >/dev/null ||
		    fail "the fake refused fault $kind"
		status_run "$ch-$kind"
		check_state "$ch-$kind" "$ch" "$kind"
		case $(chan_get "$ch-$kind" "$ch" state) in
		ok|incident) want=0 ;;
		*) want=3 ;;
		esac
		check_eq "$RC" "$want" "$ch under $kind: exit status"
		# the other channels did not suffer
		for other in status-page service-health x support; do
			[ "$other" = "$ch" ] && continue
			case $(chan_get "$ch-$kind" "$other" state) in
			ok|incident) ;;
			*) fail "$other failed under a fault on $ch/$kind: $(chan_get "$ch-$kind" "$other" error)" ;;
			esac
		done
		if [ "$kind" = redirect-foreign ]; then
			# not followed (None) or followed bare (False)
			check_eq "$(fake_ctl state | json_eval "d.get('echo_authorization') is True")" \
			    False "$ch: a foreign redirect carried credentials"
		fi
	done
done
fake_ctl clear >/dev/null

# -- DNS failure and a refused connection -----------------------------------
case " ${FAULTS_CHANNELS:-status-page} " in *" status-page "*)
sed -e 's|^feed_url = .*|feed_url = https://azure-status.does-not-exist.invalid/feed|' \
    -e 's|^interval = .*|interval = 10|' "$T/config.good" >"$T/config"
status_run dns
check_state dns status-page dns
sed "s|^feed_url = .*|feed_url = http://127.0.0.1:9/feed|" "$T/config.good" >"$T/config"
status_run refused-port
check_state refused-port status-page refused
cp "$T/config.good" "$T/config"
pass "DNS failure and a closed port"
;; esac

fi

case ${FAULTS_PART:-all} in all|dashboard) ;; *) exit 0 ;; esac
# -- the dashboard ------------------------------------------------------------
# Requests may take a minute here, so a hung poll lasts until the fake lets
# go of it (clear): a key that waited on the poll would wait that long.
sed 's|^request_timeout = .*|request_timeout = 60|' "$T/config.good" >"$T/config"
need_tmux
# 100x30: a pane per channel
TMUX_COLS=100
TMUX_LINES=30
tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 20 || fail "the dashboard did not start"
pid=$(_tmux display-message -p -t azw '#{pane_pid}')
rss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"
}

# keys answer while a poll is in flight: ? opens help, q closes it (well
# before a hung request would end, which is only when the fault is cleared)
keys_answer() {
	tmux_keys '?'
	wait_for '┌ keys ─' 10 || fail "$1: ? got no help"
	tmux_keys q
	wait_gone '┌ keys ─' 10 || fail "$1: q did not close the help"
}

# fault_round KIND STATE: every channel gets KIND; the dashboard shows STATE
# in each channel pane and keeps the incidents; then clear, and every
# channel recovers without a key press.
fault_round() {
	for ch in status-page service-health x support; do
		fake_ctl "fault?path=$(prefix "$ch")&kind=$1" >/dev/null
	done
	tmux_keys r
	if [ "$1" = hang ]; then
		# the keys below are pressed while the polls hang
		wait_for 'polling…' 20 || fail "no poll in flight under hang"
	fi
	keys_answer "$1"
	if [ "$1" = hang ]; then
		tmux_capture | grep -q 'polling…' ||
		    fail "the hung polls ended before the keys were tested"
	else
		wait_for "^│$2.*│$2.*│$2.*│$2" 20 ||
		    fail "the panes do not all say $2 under $1"
	fi
	keys_answer "$1"
	tmux_capture | grep -E -q '^│. active +7K2Q-XL8 Azure Cache for Redis' ||
	    fail "the incident left the screen under $1"
	fake_ctl clear >/dev/null
	wait_for '^│(ok|incident)[^│]*││(ok|incident)[^│]*││(ok|incident)[^│]*││(ok|incident)' 60 ||
	    fail "the channels did not recover after $1 was cleared"
}

fault_round 503 unreachable
pass "503: unreachable, data kept, keys answer, recovered"
fault_round garbage error
pass "garbage: error, data kept, keys answer, recovered"
fault_round hang x
pass "hang: keys answer during a hung poll, recovered"
rss1=$(rss)
for i in 1 2 3; do
	fault_round 500 unreachable
	fault_round deep-json error
done
rss2=$(rss)
echo "VmRSS: $rss1 kB after the first rounds, $rss2 kB after six more"
# AddressSanitizer keeps freed memory in quarantine, so resident size
# grows by design there; leaks are LeakSanitizer's and valgrind's job.
if ldd "$AZWATCH" 2>/dev/null | grep -q libasan; then
	pass "memory growth not measured under AddressSanitizer"
else
	[ $((rss2 - rss1)) -le 2048 ] ||
	    fail "memory grew by $((rss2 - rss1)) kB over six fault rounds"
	pass "memory does not grow over repeated faults"
fi
tmux_keys q
check_eq "$(tmux_exit_status 10)" 0 "the dashboard's exit status"
tmux_stop
