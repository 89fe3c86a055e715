#!/bin/sh
# e2e-concurrency.sh: every channel polls on its own. With ARM hanging
# (the fake's hang fault on /subscriptions, what a broad Azure outage
# looks like) the status page and X panes still show their answers and
# the hung channel shows its poll in progress; the wizard and `check`
# reach a verdict from the status page, `check --timeout` bounds the wait
# and names the channel that did not answer; quitting does not wait for
# a request; and a step of the wall clock by a day either way does not
# stop the polls.
# The waits below are for states; their deadlines are shorter than the
# 30 s an HTTP request may take, so a worker that polls the channels one
# after another, behind the hung one, fails them.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

key() {
	for _k in "$@"; do
		tmux_keys "$_k"
		sleep 0.15
	done
}

typed() {
	tmux_keys -l "$1"
	sleep 0.15
}

# count PATH_PREFIX: requests the fake has seen.
count() {
	fake_requests "$1" | json_eval "len(d)"
}

fake_start redis-eastus
# hung requests are let go before the fake is stopped, whatever happens
trap '_rc=$?; [ -n "$FAKE_PID" ] && fake_ctl clear >/dev/null 2>&1; (exit $_rc); _lib_cleanup' EXIT
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
fake_use_secret
fake_use_x
fake_ctl "fault?path=/subscriptions&kind=hang" >/dev/null

# -- the dashboard: other channels are not held up by a hung one ----------
tmux_start --timeout 5
# 80x24: a line per channel (name, state, when, active count, progress)
wait_for '^ status-page +incident +updated [0-9]{2}:[0-9]{2} +1 active' 20 ||
    fail "the status page did not answer while ARM hangs"
wait_for '^ x +incident +updated [0-9]{2}:[0-9]{2} +1 active' 20 ||
    fail "X did not answer while ARM hangs"
tmux_capture | grep -E -q '^ service-health +waiting +no answer yet' ||
    fail "the service-health line is not waiting"
wait_for '^ service-health +waiting +no answer yet +polling… [0-9]+s$' 10 ||
    fail "the hung channel does not show its poll in progress"
pass "with ARM hanging, the status page and X panes show their answers"

# -- the wizard decides from the status page -------------------------------
key w
wait_for 'Which service is failing\?' 5 || fail "w did not open the wizard"
typed redis
wait_for '^ +Azure Cache for Redis *$' 5 || fail "no type-ahead for redis"
key Enter
wait_for 'In which region\?' 5 || fail "Enter did not go to the region"
typed 'east us'
wait_for '^ +East US  eastus *$' 5 || fail "no type-ahead for east us"
key Enter
wait_for 'Which resource\?' 5 || fail "Enter did not go to the resource"
key Enter
wait_for 'When did it start\?' 5 || fail "Enter did not skip the resource"
key Enter
wait_for 'Verdict: azure-incident' 20 ||
    fail "no verdict from the status page while Service Health hangs"
pass "the wizard reaches a verdict from the status page"

# -- quitting does not wait for the hung requests ----------------------------
key q q
wait_exited 10 || fail "azwatch did not exit with requests in flight"
[ "$(tmux_exit_status 5)" = 0 ] || fail "azwatch did not exit cleanly"
tmux_stop
pass "quitting with requests in flight exits promptly"

# -- check: an early verdict, and the deadline -----------------------------
# The status page shows the incident: no need to wait for Service Health.
timeout 14 "$AZWATCH" check --json --service "Redis Cache" --region eastus \
    >"$T/out" 2>"$T/err"
RC=$?
check_eq "$RC" 10 "early verdict: exit status (124: it waited)"
check_eq "$(json_eval "d['verdict']" <"$T/out")" azure-incident "early verdict"
check_eq "$(json_eval "'service-health has not answered yet' in d['evidence']" <"$T/out")" \
    True "the evidence says Service Health is still pending"
pass "check answers at once when the status page shows a matching incident"

# Nothing on the status page: only the deadline ends the wait.
fake_ctl "scenario?name=quiet" >/dev/null
timeout 14 "$AZWATCH" check --json --timeout 3 --service VM \
    --region westeurope >"$T/out" 2>"$T/err"
RC=$?
check_eq "$RC" 0 "check --timeout 3: exit status (124: it waited)"
check_eq "$(json_eval "d['verdict']" <"$T/out")" no-known-incident \
    "check --timeout 3: the status page decides"
check_eq "$(json_eval "'service-health unreachable: no answer within 3 s' in d['evidence']" <"$T/out")" \
    True "the evidence names the channel that timed out"
pass "check --timeout 3 with ARM hung returns with the status page's verdict"

# Nothing answers: undetermined at the deadline.
fake_ctl "fault?path=/en-us/status/feed/&kind=hang" >/dev/null
fake_ctl "fault?path=/2/&kind=hang" >/dev/null
timeout 14 "$AZWATCH" check --json --timeout 2 --service VM \
    --region westeurope >"$T/out" 2>"$T/err"
RC=$?
check_eq "$RC" 13 "nothing answers: exit status"
check_eq "$(json_eval "len([e for e in d['evidence'] if 'no answer within 2 s' in e])" <"$T/out")" \
    4 "every channel that timed out is named (support's tickets are asked\
 beside the others)"
fake_ctl clear >/dev/null
pass "check with nothing answering is undetermined at the deadline"

# Usage: --timeout takes seconds.
"$AZWATCH" check --service x --region y --timeout 0 >/dev/null 2>"$T/err"
check_eq "$?" 2 "--timeout 0 is a usage error"

# -- a step of the wall clock ------------------------------------------------
command -v "${CC:-cc}" >/dev/null 2>&1 || skip "no C compiler for the clock shim"
"${CC:-cc}" -shared -fPIC -o "$T/clockshift.so" \
    "$TOP_SRCDIR/tests/clockshift.c" -ldl 2>"$T/cc.err" ||
    fail "cannot build the clock shim: $(cat "$T/cc.err")"
echo 0 >"$T/clock"
cat >"$T/azwatch-shifted" <<EOS
#!/bin/sh
AZWATCH_TEST_CLOCK_FILE='$T/clock' LD_PRELOAD='$T/clockshift.so' \
ASAN_OPTIONS="\${ASAN_OPTIONS:-}\${ASAN_OPTIONS:+:}verify_asan_link_order=0" \
exec '$AZWATCH' "\$@"
EOS
chmod +x "$T/azwatch-shifted"
unset X_BEARER_TOKEN
fake_ctl clear >/dev/null
fake_ctl "requests?clear=1" >/dev/null
AZWATCH=$T/azwatch-shifted tmux_start
FEED=/en-us/status/feed/

# polls_go_on WHEN: the status page is asked at least twice more (at a
# 2 s interval), within 40 s of the real clock.
polls_go_on() {
	_n0=$(count "$FEED")
	_end=$(( $(date +%s) + 40 ))
	until [ "$(count "$FEED")" -ge $((_n0 + 2)) ]; do
		[ "$(date +%s)" -lt "$_end" ] ||
		    fail "polling stopped after the clock was set $1"
		sleep 0.2
	done
}

polls_go_on "(no step yet)"
echo -86400 >"$T/clock"
polls_go_on back
key Tab Enter
wait_for 'The clock was set back by 86400 s' 10 ||
    fail "the step back is not in the channel's notes"
key q
echo 86400 >"$T/clock"
polls_go_on forward
key Enter
wait_for 'The clock was set forward by 172800 s' 10 ||
    fail "the step forward is not in the channel's notes"
pass "polls go on when the wall clock steps a day back or forward"
key q q
wait_exited 10 || fail "azwatch did not exit"
