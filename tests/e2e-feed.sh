#!/bin/sh
# e2e-feed.sh: reading the feed in a private tmux server against the fake
# Azure (redis-eastus: the Redis outage, a maintenance window ahead and
# a health advisory): "/" search and its highlight, filters and toggles,
# unread marks, the Markdown export and OSC 8 hyperlinks in the detail
# view.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

REDIS='Azure Cache for Red'
MAINT='Planned maintenance'
ADVICE='Action recommended'

# wait_dead [timeout_s]: wait until azwatch has exited. Only that: tmux
# 3.3 sometimes marks the pane dead without ever reading the exit status.
wait_dead() {
	_n=$(( ${1:-30} * 10 ))
	while [ "$_n" -gt 0 ]; do
		case $(_tmux display-message -p -t azw '#{pane_dead}') in
		1)
			return 0
			;;
		esac
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# feed_has TEXT...: every TEXT is on screen.
feed_has() {
	for _t in "$@"; do
		tmux_capture | grep -q -- "$_t" || fail "not listed: $_t"
	done
}
# feed_lacks TEXT...: no TEXT is on screen.
feed_lacks() {
	for _t in "$@"; do
		if tmux_capture | grep -q -- "$_t"; then
			fail "listed but should not be: $_t"
		fi
	done
}

# redis_runs GLOB: the reversed runs of the Redis row (tmux_highlights),
# joined by "|", come to match GLOB within 5 s.
redis_runs() {
	_n=0
	while [ "$_n" -lt 50 ]; do
		_runs=$(tmux_highlights | awk '/7K2Q-XL8/ && y == "" { y = $2 }
		    y != "" && $2 == y { printf "%s|", substr($0, length($1 $2) + 3) }')
		# shellcheck disable=SC2254
		case $_runs in
		$1)
			return 0
			;;
		esac
		sleep 0.1
		_n=$((_n + 1))
	done
	echo "redis_runs: '$_runs'" >&2
	return 1
}

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
AZWATCH_ACCESS_TOKEN=fake-feed-token
NOTIFY_RECORD_DIR=$T/notify
export AZWATCH_ACCESS_TOKEN NOTIFY_RECORD_DIR
mkdir -p "$NOTIFY_RECORD_DIR"
cat >>"$T/config" <<EOF

[notify]
bell = off
tmux = off
notify_program = $TOP_SRCDIR/tests/notify-recorder
EOF

tmux_start
wait_for "^│. active +7K2Q-XL8 $REDIS" 15 || fail "the feed does not show Redis"
wait_for "$ADVICE" 10 || fail "the advisory is not listed"
# A start with no history tells what is active in one summary
# (e2e-notify-start.sh); from here on only news counts.
_n=0
while [ ! -s "$NOTIFY_RECORD_DIR/calls" ] && [ "$_n" -lt 150 ]; do
	sleep 0.1
	_n=$((_n + 1))
done
grep -q '^summary	1 active Azure incident' "$NOTIFY_RECORD_DIR/calls" ||
    fail "no start summary: $(cat "$NOTIFY_RECORD_DIR/calls" 2>/dev/null)"
rm -f "$NOTIFY_RECORD_DIR"/*
feed_has "$MAINT"
wait_for 'incidents: 3, ' 5 || fail "the title does not count 3 incidents"
pass "three incidents listed"

# "/" filters as it is typed, over titles, ids, services and regions.
tmux_keys / r e d i s
wait_for 'incidents: 1 of 3.* · /redis' 5 || fail "no search in the title"
feed_has "$REDIS"
feed_lacks "$MAINT" "$ADVICE"
tmux_keys Enter
wait_for 'incidents: 1 of 3.* · /redis' 5 || fail "Enter did not keep the search"
# the matched text is highlighted: on the selected (reversed) row it is
# the part not reversed
redis_runs '*Azure Cache for | - East US*' ||
    fail "the search's text is not highlighted in the row"
pass "/redis lists only the Redis incident, says so in the title, highlights it"

tmux_keys Escape
wait_gone '/redis' 5 || fail "Esc did not clear the search"
redis_runs '*Azure Cache for Redis - East US*' ||
    fail "the highlight stayed after Esc"
wait_for 'incidents: 3, ' 5 || fail "the full list did not come back"
feed_has "$REDIS" "$MAINT" "$ADVICE"
pass "Esc clears the search"

# The filter menu: the region row steps through the regions listed.
tmux_keys f
wait_for '┌ filter ─' 5 || fail "f did not open the filter menu"
tmux_keys j l
wait_for 'region: +East US' 5 || fail "the region did not step to East US"
tmux_keys Enter
wait_gone '┌ filter ─' 5 || fail "Enter did not close the filter menu"
wait_for 'incidents: 1 of 3.* · filter: region=East US' 5 ||
    fail "the region filter is not in the title"
feed_has "$REDIS"
feed_lacks "$MAINT" "$ADVICE"
tmux_keys f j l Enter
wait_for 'filter: region=North Europe' 5 || fail "the next region"
feed_has "$ADVICE"
feed_lacks "$REDIS" "$MAINT"
tmux_keys c
wait_for 'incidents: 3, ' 5 || fail "c did not clear the filters"
feed_lacks 'filter:'
pass "f filters by region, shown in the title; c clears"

# Maintenance ahead shows when it starts; M hides it and shows it again.
wait_for "$MAINT.*in [12]d" 5 || fail "maintenance ahead does not say when"
tmux_keys M
wait_for 'filter: hide maintenance' 5 || fail "M is not in the title"
feed_lacks "$MAINT"
feed_has "$REDIS" "$ADVICE"
tmux_keys M
wait_gone 'filter:' 5 || fail "M again did not show maintenance"
feed_has "$MAINT"
pass "M hides and shows planned maintenance; the window ahead says when"

# Unread: everything is new at first; opening the detail reads it.
wait_for 'incidents: 3, 1 active, 3 unread' 5 || fail "not 3 unread"
tmux_capture | grep -E -q "^│N active +7K2Q-XL8 $REDIS.* [0-9]+m ago" ||
    fail "no unread mark on Redis"
tmux_keys g Enter
wait_for 'Incident 7K2Q-XL8' 5 || fail "Enter did not open the detail"
tmux_keys q
wait_for 'incidents: 3, 1 active, 2 unread' 5 || fail "the detail did not read it"
tmux_capture | grep -E -q "^│N .*$REDIS" &&
    fail "Redis still marked unread after the detail"
tmux_capture | grep -E -q "^│N .*$ADVICE" || fail "the advisory lost its mark"
pass "unread marks: new incidents marked, opening the detail clears the mark"

# Notifications follow the filters: with only North Europe listed, the
# Redis update in East US is not told.
tmux_keys f j l l Enter
wait_for 'filter: region=North Europe' 5 || fail "region filter for notify"
fake_ctl "step?n=2" >/dev/null || fail "fake_ctl step 2"
sleep 6
[ -s "$NOTIFY_RECORD_DIR/calls" ] &&
    fail "notified about an incident the filters hide: $(cat "$NOTIFY_RECORD_DIR/calls")"
tmux_keys c
wait_gone 'filter:' 5 || fail "c did not clear the region filter"
pass "no notification for an update the filters hide"

# A new update makes it unread again, without a key press.
wait_for "^│N active +7K2Q-XL8 $REDIS.* 2[01]m ago" 15 || fail "the new update is not marked unread"
wait_for 'incidents: 3, 1 active, 3 unread' 5 || fail "not 3 unread after it"
tmux_keys g Enter
wait_for 'Engineers have identified' 5 || fail "the detail lacks the new update"
pass "a new update marks the incident unread again"

# Export the timeline as Markdown from the detail view.
tmux_keys e
wait_for 'Timeline saved as' 5 || fail "e did not say where it saved"
EXP=$(ls "$T"/state/azwatch/exports/*.md 2>/dev/null | head -n 1)
[ -n "$EXP" ] || fail "no export under the state directory"
[ "$(stat -c %a "$EXP")" = 600 ] || fail "the export is not 0600"
grep -q '^- Tracking ID: 7K2Q-XL8$' "$EXP" || fail "export: no tracking id"
grep -q '^# Azure Cache for Redis - East US' "$EXP" || fail "export: no title"
grep -q '^  - East US (Azure Cache for Redis): active$' "$EXP" ||
    fail "export: no per-region status"
l1=$(grep -n 'Engineers are investigating' "$EXP" | head -n 1 | cut -d: -f1)
l2=$(grep -n 'Engineers have identified' "$EXP" | head -n 1 | cut -d: -f1)
[ -n "$l1" ] && [ -n "$l2" ] || fail "export: the updates are missing"
[ "$l1" -lt "$l2" ] || fail "export: updates not oldest first"
if grep -q "$(printf '\033')" "$EXP"; then
	fail "export: an escape character"
fi
tmux_keys q
wait_for 'incidents: 3, 1 active, 2 unread' 5 || fail "back from the detail"
pass "e exports the timeline as Markdown, oldest first, 0600"

# Resolved: R hides it and shows it again.
fake_ctl "step?n=3" >/dev/null || fail "fake_ctl step 3"
wait_for "^│. resolved +7K2Q-XL8 $REDIS" 15 || fail "Redis did not turn resolved"
tmux_keys R
wait_for 'filter: hide resolved' 5 || fail "R is not in the title"
feed_lacks "$REDIS"
feed_has "$MAINT" "$ADVICE"
tmux_keys R
wait_for "^│. resolved +7K2Q-XL8 $REDIS" 5 || fail "R again did not show resolved"
pass "R hides and shows resolved incidents"

# With the filters cleared, the news is told again.
_n=0
while [ ! -s "$NOTIFY_RECORD_DIR/calls" ] && [ "$_n" -lt 150 ]; do
	sleep 0.1
	_n=$((_n + 1))
done
grep -q 7K2Q-XL8 "$NOTIFY_RECORD_DIR"/notify.*.json ||
    fail "no notification for Redis once the filters were cleared"
pass "notifications resume for what the filters let through"

# m reads everything; the marks survive a restart.
tmux_keys m
wait_gone 'unread' 5 || fail "m did not mark everything read"
tmux_capture | grep -q '^│N ' && fail "an unread mark stayed after m"
tmux_keys q
wait_dead 30 || fail "q did not quit"
[ -s "$T/state/azwatch/seen" ] || fail "no read marks saved"
[ "$(stat -c %a "$T/state/azwatch/seen")" = 600 ] || fail "seen is not 0600"
tmux_stop
tmux_start
wait_for "^│. resolved +7K2Q-XL8 $REDIS" 15 || fail "restart"
wait_for 'incidents: 3, 0 active ─' 5 || fail "read marks lost on restart"
pass "m marks everything read, and read marks survive a restart"

# Links in the detail view are OSC 8 hyperlinks. tmux 3.3 drops them from
# the screen, so record what azwatch writes with script(1) instead.
tmux_keys q
wait_dead 30 || fail "q did not quit after the restart"
tmux_stop
command -v script >/dev/null 2>&1 || skip "script(1) is not installed"
REAL=$AZWATCH
AZWATCH=script
tmux_start -q -f -c "$REAL" "$T/typescript"
AZWATCH=$REAL
wait_for "^│. resolved +7K2Q-XL8 $REDIS" 15 || fail "start under script"
# resolved sorts last
tmux_keys G Enter
wait_for 'Incident 7K2Q-XL8' 5 || fail "no detail under script"
# the links come before the updates: search for the status history's
tmux_keys / 'history/' Enter
wait_for 'trackingId=7K2Q-XL8' 5 || fail "the link is not on screen"
wait_for '^Match 1 of ' 5 || fail "Enter did not keep the search"
tmux_keys Escape q q
wait_dead 30 || fail "q did not quit under script"
ESC=$(printf '\033')
URL='https://azure.status.microsoft/en-us/status/history/?trackingId=7K2Q-XL8'
grep -a -q "${ESC}]8;;${URL}${ESC}\\\\${URL}${ESC}]8;;${ESC}\\\\" \
    "$T/typescript" || fail "no OSC 8 hyperlink around the link"
# with the search kept, the link is written with its highlight (the
# current match: bold black on yellow, then the link's cyan again)
grep -a -q "${ESC}]8;;${URL}${ESC}\\\\${URL%%history/*}${ESC}\[0;1;30;43mhistory/${ESC}\[0;36m${URL#*history/}${ESC}]8;;${ESC}\\\\" \
    "$T/typescript" || fail "the search's highlight is not in the hyperlink"
pass "links in the detail view are OSC 8 hyperlinks, a search's highlight kept"
