#!/bin/sh
# e2e-fanout.sh: with one subscription's calls hanging, the other
# subscriptions' events are on screen: Service Health asks its
# subscriptions in parallel and answers with what it has once the hung
# request's deadline (5 s here) has passed, not after every subscription.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

fake_start redis-eastus
trap '_rc=$?; [ -n "$FAKE_PID" ] && fake_ctl clear >/dev/null 2>&1; (exit $_rc); _lib_cleanup' EXIT
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
fake_use_secret
sed -i "/^\[azure\]/a subscriptions = $FAKE_SUB_A1, $FAKE_SUB_A2" "$T/config"
sed -i "/^\[poll\]/a request_timeout = 5" "$T/config"
fake_ctl "fault?path=/subscriptions/$FAKE_SUB_A2&kind=hang" >/dev/null

# 100x30: a pane per channel, and the feed's sources column
TMUX_COLS=100
TMUX_LINES=30
tmux_start
# the service-health pane has the incident from the first subscription
wait_for '^│incident · 1 active +││' 20 ||
    fail "one hung subscription hides the other's events"
tmux_capture | grep -E -q '^│. active +7K2Q-XL8 Azure Cache for Redis .* SH' ||
    fail "the feed does not show Service Health's event"
pass "with one subscription hanging, the other's events are on screen"
