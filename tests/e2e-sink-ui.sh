#!/bin/sh
# e2e-sink-ui.sh: the dashboard with [notify] sinks = on and sinks that
# keep failing (a Slack webhook that answers 503, a Slack bot whose token
# was revoked): the support channel's details say which sink fails and
# why, and say nothing of a secret; once the webhook heals, its line goes;
# the revoked token is not tried again.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
need_tmux

fake_start redis-eastus
sinks_start

SLACK_URL=$SINKS/slack/T000/B000/slacksecretU3p8Kd7E
umask 077
printf '%s\n' "$SLACK_URL" >"$T/slack.url"
umask 022
AZW_SLACK_TOKEN=xoxb-revokedF4j9Lm2S
export AZW_SLACK_TOKEN
# the bot's token was revoked: the fake takes only another one
sinks_ctl "slack_token?token=xoxb-current" >/dev/null
sinks_ctl "fail?path=/slack/&status=503" >/dev/null
cat >>"$T/config" <<EOF

[notify]
tmux = off
sinks = on

[sink chat]
type = slack
url_file = $T/slack.url
rate = 600
settle = 0
timeout = 4

[sink bot]
type = slack
token_env = AZW_SLACK_TOKEN
channel = azure-incidents
endpoint = $SINKS/api
rate = 600
settle = 0
EOF

# notes: the support channel's details from "Notes:" up to the
# configuration file's line, trailing blanks cut
notes() {
	tmux_capture | sed -n '/^ Notes:$/,/^ Configuration file:/p' |
	    sed '$d; s/ *$//'
}
# wait_notes FILE: until the block is FILE's (a state, not a moment)
wait_notes() {
	_n=200
	while [ "$_n" -gt 0 ]; do
		notes >"$T/notes.got" 2>/dev/null
		cmp -s "$1" "$T/notes.got" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	diff -u "$1" "$T/notes.got" >&2
	return 1
}

fake_ctl "step?n=1" >/dev/null || fail "fake step 1"
TMUX_COLS=100 TMUX_LINES=30 tmux_start
wait_for 'active +7K2Q-XL8' 20 || fail "no incident on screen"
tmux_keys 4
wait_for '^ Channel support' 5 || fail "4 opened no support channel view"

cat >"$T/notes.want" <<'EOF'
 Notes:
   updates come through Service Health; raise a ticket only for help with failover (0 open tickets)
   Sink chat failing: HTTP 503: {"error": "told to fail"}
   Sink bot failing: Slack: invalid_auth

EOF
wait_notes "$T/notes.want" || fail "the support channel's notes"
tmux_capture | grep -E -q "slacksecret|revokedF4j9" && fail "a secret is on screen"
pass "sinks that keep failing are named in the support channel's details, with why"

# the webhook heals: its line goes, the bot's stays
sinks_ctl clear >/dev/null
cat >"$T/notes.want" <<'EOF'
 Notes:
   updates come through Service Health; raise a ticket only for help with failover (0 open tickets)
   Sink bot failing: Slack: invalid_auth

EOF
wait_notes "$T/notes.want" || fail "the notes once Slack's webhook works"
[ "$(sinks_ctl 'count?path=/slack/&contains=7K2Q-XL8')" -ge 1 ] ||
    fail "nothing reached the webhook once it healed"
# the revoked token was not retried: each incident tried once
sinks_ctl "received?path=/api/" | python3 -c '
import json, re, sys
d = json.load(sys.stdin)
ids = [re.search(r"[0-9A-Z]{4}-[0-9A-Z]{3}", x["body"]).group(0) for x in d]
assert d and all(x["answer"]["error"] == "invalid_auth" for x in d), d
assert len(ids) == len(set(ids)), ids
' || fail "a request with a revoked token was retried"
pass "a sink that works again leaves the details; a revoked token is not retried"
tmux_keys q
tmux_keys q
wait_exited 20 || fail "azwatch did not quit"
