#!/bin/sh
# e2e-feed.sh: reading the feed in a private tmux server against the fake
# Azure (redis-eastus: the Redis outage, a maintenance window ahead and
# a health advisory): "/" search, filters and toggles, unread marks, the
# Markdown export and OSC 8 hyperlinks in the detail view.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

REDIS='Azure Cache for Redis'
MAINT='Planned maintenance'
ADVICE='Action recommended'

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

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
AZWATCH_ACCESS_TOKEN=fake-feed-token
export AZWATCH_ACCESS_TOKEN

tmux_start
wait_for "^│active +$REDIS" 15 || fail "the feed does not show Redis"
wait_for "$ADVICE" 10 || fail "the advisory is not listed"
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
pass "/redis lists only the Redis incident, and says so in the title"

tmux_keys Escape
wait_gone '/redis' 5 || fail "Esc did not clear the search"
wait_for 'incidents: 3, ' 5 || fail "the full list did not come back"
feed_has "$REDIS" "$MAINT" "$ADVICE"
pass "Esc clears the search"
