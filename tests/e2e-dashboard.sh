#!/bin/sh
# e2e-dashboard.sh: the dashboard driven in a private tmux server against
# the fake Azure: the feed, live updates without a key press, help, the
# detail view, resizing, a dead server, quitting, and NO_COLOR.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

# The colour escapes tmux writes for a coloured cell (foreground or
# background, 8, 256 or RGB colours).
COLOUR_SGR='\[(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;|48;)'

# A new tmux server on the same socket name must wait for the old one.
tmux_restart_wait() {
	tmux_stop
	_i=0
	while tmux -L "$TMUX_SOCKET" has-session >/dev/null 2>&1 &&
	    [ "$_i" -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	sleep 0.3
}

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
AZWATCH_ACCESS_TOKEN=fake-dashboard-token
export AZWATCH_ACCESS_TOKEN

tmux_start
wait_for 'service-health' 10 || fail "the dashboard did not start"
for ch in status-page ' x ' support; do
	tmux_capture | grep -q -- "$ch" || fail "no pane for $ch"
done
pass "a pane per channel"

wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 ||
    fail "the feed does not show the Redis incident"
# 80x24: a line per channel above the feed
wait_for '^ service-health +incident +updated [0-9]{2}:[0-9]{2} +1 active' 5 ||
    fail "the service-health line"
tmux_capture | grep -E -q '^ status-page +incident +updated' ||
    fail "the status-page line"
tmux_capture | grep -E -q '^azwatch +[0-9]+ active +overall: incident' ||
    fail "header: active count and overall state"
# a channel that answers shows when, not how long ago: nothing to tick
tmux_capture | grep -E -q 'updated [0-9]{2}:[0-9]{2} ' ||
    fail "the status page pane does not say when it was updated"
wait_for '7K2Q-XL8 Azure Cache for Redis.* 3[01]m ago' 10 ||
    fail "the incident's age"
pass "the feed shows the Redis incident from Service Health and the status page"

# A new update arrives with no key pressed: the age of the last update
# drops from about 30 to about 20 minutes.
fake_ctl "step?n=2" >/dev/null || fail "fake_ctl step 2"
wait_for '7K2Q-XL8 Azure Cache for Redis.* 2[01]m ago' 10 ||
    fail "the new update did not appear without a key press"
pass "a new update appears without a key press"

# Nothing new arrives, yet the age turns over with the minute: the screen
# sleeps until that moment, not forever.
age=$(tmux_capture | sed -n 's/.*Azure Cache for Redis.* \([0-9][0-9]*\)m ago.*/\1/p' | head -n 1)
[ -n "$age" ] || fail "no age on the Redis row"
wait_for "Azure Cache for Redis.* $((age + 1))m ago" 65 ||
    fail "the age did not turn from ${age}m to $((age + 1))m"
pass "ages advance on their own"

# Help overlay: lists keys, any key closes it.
tmux_keys '?'
wait_for 'Press any key to close' 5 || fail "? did not open the help"
tmux_capture | grep -q 'refresh every channel now' || fail "help lists r"
tmux_keys x
wait_gone 'Press any key to close' 5 || fail "a key did not close the help"
pass "? shows the help and any key closes it"

# Detail view of the selected (top) incident: Redis is newest.
tmux_keys g Enter
wait_for 'Incident 7K2Q-XL8' 5 || fail "Enter did not open the detail view"
wait_for 'Current status: Engineers have identified' 5 ||
    fail "the newest update's text is not in the detail view"
tmux_capture | grep -q 'Tracking ID: 7K2Q-XL8' || fail "detail: tracking id"
tmux_capture | grep -E -q 'East US \(Azure Cache for Redis\): active' ||
    fail "detail: per-region status"
tmux_keys NPage
wait_for 'Updates \([0-9]+, newest first' 5 || fail "no update history"
tmux_keys q
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 5 || fail "q did not return"
pass "Enter shows the detail with the update history; q returns"

# Resizing re-lays out; too small says so; and it comes back.
tmux_resize 120 40
wait_for '^┌ service-health ─{10,}┐┌ status-page' 5 || fail "no re-layout at 120x40"
[ "$(tmux_capture | wc -l)" -ge 40 ] || fail "120x40: not 40 lines"
tmux_capture | grep -E -q '^└─+┘$' || fail "120x40: the feed's frame"
tmux_capture | grep -E -q 'Azure Cache for Redis.* SH,SP,SUP +2[0-9]m ago' ||
    fail "120x40: the incident's sources"
pass "resize to 120x40 re-lays out"
tmux_resize 39 7
wait_for 'too small: need 40x8, have 39x7' 5 ||
    fail "no too-small message at 39x7"
pass "39x7 says the terminal is too small"
tmux_resize 80 24
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 5 || fail "no recovery at 80x24"
tmux_capture | grep -q 'too small' && fail "too-small message stayed"
pass "back at 80x24 the dashboard returns"

# The server dies: status-page turns unreachable, the incident stays.
fake_kill
tmux_keys r
wait_for '^ status-page +unreachable' 15 || fail "status-page did not turn unreachable"
wait_for '^ status-page +unreachable +stale: ' 30 || fail "no stale marker once overdue"
tmux_capture | grep -q 'Azure Cache for Redis' ||
    fail "the incident left the screen when the server died"
pass "a dead server turns the panes unreachable; the incident stays"

tmux_keys q
st=$(tmux_exit_status 15) || fail "q did not quit"
check_eq "$st" 0 "exit status after q"
pass "q quits with status 0"

# Colours, then NO_COLOR: no colour escapes at all.
tmux_restart_wait
fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 || fail "second start"
tmux_capture_attrs | grep -E -q "$COLOUR_SGR" || fail "no colours without NO_COLOR"
tmux_keys q
tmux_exit_status 15 >/dev/null || fail "q did not quit"
tmux_restart_wait

NO_COLOR=1
export NO_COLOR
tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 || fail "NO_COLOR start"
if tmux_capture_attrs | grep -E -q "$COLOUR_SGR"; then
	fail "colour escapes on screen with NO_COLOR=1"
fi
tmux_capture_attrs | grep -q "$(printf '\033')\[[0-9;]*7m" ||
    fail "NO_COLOR: the selection is not in reverse video"
# the detail's search: its matches in reverse video, still no colour
tmux_keys Enter
wait_for 'Incident 7K2Q-XL8' 5 || fail "NO_COLOR: Enter did not open the detail"
tmux_keys -l /redis
tmux_keys Enter
_n=0
until tmux_highlights | grep -E -q '^hit [0-9]+ Redis$'; do
	_n=$((_n + 1))
	[ "$_n" -lt 50 ] || fail "NO_COLOR: the search's matches are not in reverse video"
	sleep 0.1
done
if tmux_capture_attrs | grep -E -q "$COLOUR_SGR"; then
	fail "colour escapes on the detail's search with NO_COLOR=1"
fi
tmux_keys q
wait_gone 'Incident 7K2Q-XL8' 5 || fail "NO_COLOR: q did not leave the detail"
tmux_keys q
st=$(tmux_exit_status 15) || fail "q did not quit under NO_COLOR"
check_eq "$st" 0 "exit status under NO_COLOR"
pass "NO_COLOR: no colours, selection and search matches still visible"

# Configured subscriptions are named in the detail view as the portal
# names them: azwatch lists the subscriptions for their display names
# beside the tickets, though it does not need the list for their ids.
tmux_restart_wait
unset NO_COLOR
sed -i "/^\[azure\]/a subscriptions = $FAKE_SUB_A1" "$T/config"
fake_ctl "requests?clear=1" >/dev/null
tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 ||
    fail "start with configured subscriptions"
tmux_keys Enter
wait_for '^ +Subscriptions: Contoso Production *$' 15 ||
    fail "configured subscriptions are not named in the detail view"
check_eq "$(fake_requests /subscriptions | json_eval "sorted(set(r['path'] for r in d if r['path'].endswith('Microsoft.ResourceHealth/events')))")" \
    "[\"/subscriptions/$FAKE_SUB_A1/providers/Microsoft.ResourceHealth/events\"]" \
    "only the configured subscription's events are read"
tmux_keys q
tmux_keys q
tmux_exit_status 15 >/dev/null || fail "q did not quit"
pass "configured subscriptions are named in the detail view"
