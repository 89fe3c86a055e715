#!/bin/sh
# e2e-replay.sh: `azwatch replay` drives the real dashboard from the
# example timeline with no network: the Redis incident appears, gets its
# updates, becomes mitigated and then resolved; bad timelines and bad
# --speed values are refused with exit 2.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_tmux

# no fake Azure: a replay must not need one
mkdir -p "$T/state" "$T/cfg" "$T/home"
XDG_STATE_HOME=$T/state
XDG_CONFIG_HOME=$T/cfg
HOME=$T/home
AZWATCH_CONFIG=$T/config
export XDG_STATE_HOME XDG_CONFIG_HOME HOME AZWATCH_CONFIG
: >"$T/config"

TL=$TOP_SRCDIR/doc/examples/redis-eastus.timeline

# 100x30: wide enough for the feed's sources column
TMUX_COLS=100
TMUX_LINES=30
tmux_start replay "$TL" --speed 300
unset TMUX_COLS TMUX_LINES
wait_for '\[replay\]' 5 || fail "the header does not say replay"
wait_for 'not part of' 5 || fail "x and support are not marked"
pass "the dashboard runs a drill"

wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 ||
    fail "the Service Health event did not appear"
wait_for 'Azure Cache for Redis.*SH,SP' 30 ||
    fail "the status page did not join the incident"
pass "the incident appears, then the status page reports it too"

wait_for '^│. mitigated +7K2Q-XL8 Azure Cache for Redis' 60 ||
    fail "the incident did not become mitigated"
pass "the incident becomes mitigated"
wait_for '^│. resolved +7K2Q-XL8 Azure Cache for Redis' 40 ||
    fail "the incident did not become resolved"
pass "the incident is resolved at the end"

[ ! -e "$T/state/azwatch/journal.jsonl" ] ||
    fail "a drill wrote the journal"
pass "a drill leaves the journal alone"
tmux_keys q
wait_exited 20 || fail "exit status after q: azwatch did not exit"

# The broad outage: Service Health unreachable, the status page carries it.
tmux_stop
_i=0
while tmux -L "$TMUX_SOCKET" has-session >/dev/null 2>&1 && [ "$_i" -lt 50 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
sleep 0.3
tmux_start replay "$TOP_SRCDIR/doc/examples/broad-outage.timeline" --speed 200
wait_for 'Azure Front Door' 20 ||
    fail "the status page's broad incident did not appear"
wait_for 'unreachable' 5 || fail "Service Health is not shown unreachable"
pass "broad incident: the status page carries the news"
tmux_keys q
wait_exited 20 || fail "exit status after q (broad): azwatch did not exit"

# Refusals
printf 'at 5 nowhere unreachable x\n' >"$T/bad.timeline"
"$AZWATCH" replay "$T/bad.timeline" 2>"$T/err"
check_eq $? 2 "exit status for a bad timeline"
grep -q "bad.timeline:1: unknown channel" "$T/err" ||
    fail "message for a bad timeline: $(cat "$T/err")"
"$AZWATCH" replay "$TL" --speed 0 2>"$T/err"
check_eq $? 2 "exit status for --speed 0"
"$AZWATCH" replay "$T/missing.timeline" 2>"$T/err"
check_eq $? 2 "exit status for a missing file"
pass "bad timelines and speeds are refused"
