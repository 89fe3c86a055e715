#!/bin/sh
# e2e-notify-start.sh: a start with no history tells what is already
# active in one summary notification, once every channel has answered,
# and holds back no news that follows; a start with history tells only
# what is new. notify_program is tests/notify-recorder; the fake Azure
# plays the Redis outage (redis-eastus).

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_tmux

# count_lines FILE: lines in FILE, 0 when it does not exist.
count_lines() {
	if [ -f "$1" ]; then
		wc -l <"$1" | tr -d ' '
	else
		echo 0
	fi
}

# wait_lines FILE N [timeout_s]: until FILE has at least N lines.
wait_lines() {
	_n=$(( ${3:-10} * 10 ))
	while [ "$(count_lines "$1")" -lt "$2" ] && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	[ "$(count_lines "$1")" -ge "$2" ]
}

CALLS=$T/notify/calls
mkdir -p "$T/notify"
NOTIFY_RECORD_DIR=$T/notify
AZWATCH_ACCESS_TOKEN=fake-notify-start-token
fake_start redis-eastus
export NOTIFY_RECORD_DIR AZWATCH_ACCESS_TOKEN
cat >>"$T/config" <<EOF

[notify]
bell = off
tmux = off
notify_program = $TOP_SRCDIR/tests/notify-recorder
EOF
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"

# ------------------------------------------------------------ no history

tmux_start
wait_lines "$CALLS" 1 15 || fail "no notification at a start with no history"
check_eq "$(count_lines "$CALLS")" 1 "notifications at the start"
check_eq "$(cat "$CALLS")" "summary	1 active Azure incident for your filters: Azure Cache for Redis - East US - Investigating" \
    "the start summary"
json=$(cat "$T"/notify/notify.*.json)
check_eq "$(printf '%s' "$json" | json_eval 'd["tracking_id"]')" 7K2Q-XL8 \
    "the incident given with the summary"
pass "a start with no history: one summary of what is active"

# The summary holds no news back (the rate limit's window starts with
# news, not with it): the next update is told at once.
fake_ctl "step?n=2" >/dev/null || fail "fake_ctl step 2"
wait_lines "$CALLS" 2 15 || fail "the update after the summary was not told"
sed -n 2p "$CALLS" | cut -f1 | grep -q '^update$' ||
    fail "second notification: $(sed -n 2p "$CALLS")"
pass "news after the summary is told as before"
tmux_keys q
wait_exited 20 || fail "azwatch did not exit after q"
tmux_stop

# ------------------------------------------------------------ with history

# The journal now knows the incident: a restart tells only what is new
# (Redis resolved), never a summary of what was known.
tmux_start
wait_for '7K2Q-XL8' 15 || fail "the restart does not show Redis"
fake_ctl "step?n=3" >/dev/null || fail "fake_ctl step 3"
wait_lines "$CALLS" 3 15 || fail "Redis resolved was not told after a restart"
check_eq "$(count_lines "$CALLS")" 3 "notifications after the restart"
sed -n 3p "$CALLS" | cut -f1 | grep -q '^update$' ||
    fail "notification after a restart with history: $(sed -n 3p "$CALLS")"
pass "a start with history: no summary, only what is new"
tmux_keys q
wait_exited 20 || fail "azwatch did not exit after q (restart)"
