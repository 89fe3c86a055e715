#!/bin/sh
# e2e-watch.sh: `azwatch watch`, the headless watcher, against the fake
# Azure's redis-eastus scenario with all four kinds of sink pointed at
# tests/fake-sinks.py: one Slack message per update, one PagerDuty trigger
# and one resolve with the tracking ID as dedup_key, a webhook whose HMAC
# verifies; a Slack receiver down for three polls loses nothing; kill -9
# while a delivery hangs loses nothing; a 404 or a redirect is not retried
# (a redirect never followed), a 429 with Retry-After is; SIGHUP with a
# bad file keeps the old configuration; SIGTERM exits 0, SIGINT 130; no
# secret reaches the log, the outbox or `azwatch status`, also when a
# failing receiver echoes the secret URL and the token in its answer. A slack sink with a bot token
# posts through the fake Web API: one first message per incident, edited
# to show it now, each later update a reply in its thread, also after a
# kill -9 (the thread's ts is in the outbox).

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

WATCH_PID=
watch_cleanup() {
	[ -n "$WATCH_PID" ] && kill -KILL "$WATCH_PID" 2>/dev/null
}
trap '_rc0=$?; watch_cleanup; (exit $_rc0); _lib_cleanup' EXIT

fake_start redis-eastus
sinks_start

# The secrets: URLs in files of mode 600 and in the environment, keys.
SLACK_URL=$SINKS/slack/T000/B000/slacksecretQ8w3RzX1
TEAMS_URL=$SINKS/teams/workflows/teamssecretN4v7Lp2K
HOOK_URL=$SINKS/webhook/hooksecretM2k9Tq5Z
HOOK_KEY=hmackeyJ7f3Ws8Pv1
PD_KEY=pdroutingR5t8Yx2Ca6
SLACK_TOKEN=xoxb-slackbotV6n2Hq9W
umask 077
printf '%s\n' "$SLACK_URL" >"$T/slack.url"
printf '%s\n' "$TEAMS_URL" >"$T/teams.url"
printf '%s\n' "$HOOK_KEY" >"$T/hook.key"
umask 022
AZW_HOOK_URL=$HOOK_URL
AZW_PD_KEY=$PD_KEY
AZW_SLACK_TOKEN=$SLACK_TOKEN
export AZW_HOOK_URL AZW_PD_KEY AZW_SLACK_TOKEN
sinks_ctl "slack_token?token=$SLACK_TOKEN" >/dev/null

cat >>"$T/config" <<EOF

[sink chat]
type = slack
url_file = $T/slack.url
rate = 600
settle = 2
timeout = 4

[sink room]
type = teams
url_file = $T/teams.url
services = Redis Cache
rate = 600
settle = 2

[sink oncall]
type = pagerduty
endpoint = $SINKS/pagerduty/v2/enqueue
key_env = AZW_PD_KEY
types = service-issue
rate = 600
settle = 0

[sink hook]
type = webhook
url_env = AZW_HOOK_URL
key_file = $T/hook.key
regions = eastus
rate = 600
settle = 2

[sink thread]
type = slack
token_env = AZW_SLACK_TOKEN
channel = azure-incidents
endpoint = $SINKS/api
rate = 600
settle = 2
EOF
cp "$T/config" "$T/config.good"

LOG=$T/watch.log
start_watch() {
	"$AZWATCH" watch --state-dir "$T/wstate" 2>>"$LOG" &
	WATCH_PID=$!
}

# wait_until CMD [timeout_s]: until the shell command succeeds.
wait_until() {
	_n=$(( ${2:-15} * 10 ))
	while [ "$_n" -gt 0 ]; do
		if eval "$1" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	echo "wait_until: '$1' still false; log:" >&2
	cat "$LOG" >&2
	return 1
}

# received PREFIX EXPR: EXPR over r, the answered (2xx, not held by a
# hang) records under PREFIX about 7K2Q-XL8.
received() {
	sinks_ctl "received?path=$1" | python3 -c '
import json, sys
r = [x for x in json.load(sys.stdin)
     if 200 <= x["status"] < 300 and not x["hung"] and "7K2Q-XL8" in x["body"]]
print(eval(sys.argv[1]))' "$2"
}
count() {
	sinks_ctl "count?path=$1&contains=7K2Q-XL8"
}

# slack_thread EXPR: EXPR over m, the Web API's messages about 7K2Q-XL8,
# and p, the first ones (not in a thread)
slack_thread() {
	sinks_ctl slack_messages | python3 -c '
import json, sys
m = [x for x in json.load(sys.stdin) if "7K2Q-XL8" in (x["text"] or "")]
p = [x for x in m if x["thread_ts"] is None]
print(eval(sys.argv[1]))' "$1"
}

# polls: how many times the fake Azure has served the status feed
polls() {
	fake_requests /en-us/status/feed | json_eval 'len(d)'
}

start_watch
wait_until 'grep -q "started" "$LOG"' || fail "watch did not start"
pass "watch starts"

# 1: investigating
fake_ctl "step?n=1" >/dev/null
wait_until '[ "$(count /slack/)" -ge 1 ] && [ "$(count /pagerduty/)" -ge 1 ] &&
    [ "$(count /teams/)" -ge 1 ] && [ "$(count /webhook/)" -ge 1 ]' ||
    fail "the first update did not reach every sink"
grep -q "incident-new 7K2Q-XL8 active" "$LOG" || fail "no incident-new line"
check_eq "$(received /pagerduty/ '[x["body"] for x in r][0]' |
    python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print(d["event_action"], d["dedup_key"], d["routing_key"], d["payload"]["severity"])')" \
    "trigger 7K2Q-XL8 $PD_KEY error" "PagerDuty trigger"
# the filters: PagerDuty only service issues, the webhook only East US
check_eq "$(sinks_ctl 'received?path=/pagerduty/' | json_eval 'len([x for x in d if "PM4R-Q1Z" in x["body"] or "HA8P-3VN" in x["body"]])')" \
    0 "PagerDuty got a planned maintenance or advisory"
check_eq "$(sinks_ctl 'received?path=/webhook/' | json_eval 'len([x for x in d if "HA8P-3VN" in x["body"]])')" \
    0 "the webhook got an incident outside East US"
pass "step 1 reaches Slack, Teams, PagerDuty (trigger) and the webhook; filters hold"

# the webhook: the incident object, signed with HMAC-SHA256 of the body
sinks_ctl "received?path=/webhook/" | python3 -c '
import hashlib, hmac, json, sys
key = sys.argv[1].encode()
recs = [x for x in json.load(sys.stdin) if "7K2Q-XL8" in x["body"]]
assert recs, "no webhook delivery"
for x in recs:
    want = "sha256=" + hmac.new(key, x["body"].encode(), hashlib.sha256).hexdigest()
    assert x["headers"].get("x-azwatch-signature") == want, "bad signature"
    o = json.loads(x["body"])
    assert o["tracking_id"] == "7K2Q-XL8" and "updates" in o, o.keys()
' "$HOOK_KEY" || fail "webhook signature or body"
pass "the webhook body is the incident object and its HMAC verifies"

# the Slack receiver is down for three polls while update 2 comes, and
# the Teams hook redirects elsewhere (never followed: the URL is secret)
sinks_ctl "fail?path=/slack/&status=503&echo=1" >/dev/null
sinks_ctl "redirect?path=/teams/&to=$SINKS/elsewhere/" >/dev/null
fake_ctl "step?n=2" >/dev/null
p0=$(polls)
wait_until '[ "$(polls)" -ge $((p0 + 3)) ]' || fail "the fake was not polled"
wait_until 'grep -q "sink-retry chat" "$LOG"' || fail "no retry logged"
check_eq "$(count /slack/)" 1 "Slack messages while it is down"
sinks_ctl clear >/dev/null
wait_until '[ "$(count /slack/)" -ge 2 ]' 20 ||
    fail "update 2 lost after Slack came back"
pass "Slack down for three polls: update 2 arrives once it is back"

wait_until 'grep "sink-dropped room" "$LOG" | grep -q "redirect"' ||
    fail "a redirect from Teams was not reported"
check_eq "$(sinks_ctl 'received?path=/elsewhere/' | json_eval 'len(d)')" 0 \
    "requests that followed the redirect"
sinks_ctl clear >/dev/null
pass "a redirect is not followed, not retried, and is logged"

# update 3 (mitigated): Slack hangs, Teams answers 404 (a revoked hook:
# not retried, and said so), the webhook 429 with Retry-After (retried),
# Slack's Web API 503 until the watcher is killed and restarted
wait_until '[ "$(count /webhook/)" -ge 2 ]' ||
    fail "update 2 did not reach the webhook"
wait_until '[ "$(slack_thread "len(m)")" -ge 2 ]' ||
    fail "update 2 did not reach the Web API"
sinks_ctl "hang?path=/slack/" >/dev/null
sinks_ctl "fail?path=/api/&status=503&echo=1" >/dev/null
sinks_ctl "fail?path=/teams/&status=404&echo=1" >/dev/null
sinks_ctl "fail?path=/webhook/&status=429&retry_after=1&count=1&echo=1" >/dev/null
fake_ctl "step?n=3" >/dev/null
wait_until 'grep "sink-dropped room" "$LOG" | grep -q "HTTP 404"' ||
    fail "a 404 from Teams was not reported"
grep "sink-dropped room" "$LOG" | grep -q "HTTP 404" ||
    fail "the 404 line does not say why"
wait_until '[ "$(count /webhook/)" -ge 3 ]' ||
    fail "the webhook's update 3 was lost after a 429"
grep "sink-retry hook" "$LOG" | grep -q "HTTP 429" ||
    fail "the 429 was not retried"
pass "a 404 stops retrying and is logged; a 429 is retried"

# status shows the sinks and the last failure
"$AZWATCH" status --json --state-dir "$T/wstate" >"$T/status.json" 2>/dev/null
check_eq "$(json_eval '[s["name"] for s in d["sinks"]]' <"$T/status.json")" \
    '["chat", "room", "oncall", "hook", "thread"]' "status --json sinks"
json_eval '[s for s in d["sinks"] if s["name"] == "room"][0]["error"]' \
    <"$T/status.json" | grep -q "404" || fail "status does not show the 404"
# the 404's answer echoed the secret URL's path: it is redacted
json_eval '[s for s in d["sinks"] if s["name"] == "room"][0]["error"]' \
    <"$T/status.json" | grep -q "redacted" || fail "the echo was not redacted"
"$AZWATCH" status --state-dir "$T/wstate" >>"$T/status.json" 2>&1
pass "status --json lists the sinks and the failing one's error"

# kill -9 while the delivery of update 3 to Slack hangs (and the Web API
# answers 503): nothing lost
wait_until 'grep "sink-retry thread" "$LOG" | grep -q "HTTP 503"' ||
    fail "the Web API's 503 was not retried"
wait_until 'sinks_ctl "received?path=/slack/" |
    json_eval "any(x[\"hung\"] for x in d)" | grep -q True' 20 ||
    fail "no delivery of update 3 in flight"
# a sink that hangs stalls neither polling nor the other sinks, and its
# delivery gives up at the sink's timeout (4 s) and is tried again
wait_until 'grep "sink-retry chat" "$LOG" | grep -q "timed out"' 20 ||
    fail "a hung delivery did not time out"
p0=$(polls)
wait_until '[ "$(polls)" -ge $((p0 + 2)) ]' ||
    fail "polling stalled while a delivery hangs"
wait_until '[ "$(received /pagerduty/ "len([x for x in r if json.loads(x[\"body\"])[\"event_action\"] == \"resolve\"])")" -ge 1 ]' ||
    fail "PagerDuty waited for the hung Slack delivery"
# kill -9 just as a new attempt starts (it hangs for 4 s)
h0=$(sinks_ctl "received?path=/slack/" | json_eval 'len([x for x in d if x["hung"]])')
wait_until '[ "$(sinks_ctl "received?path=/slack/" |
    json_eval "len([x for x in d if x[\"hung\"]])")" -gt "$h0" ]' 20 ||
    fail "no new attempt after the timeout"
kill -KILL "$WATCH_PID"
wait "$WATCH_PID" 2>/dev/null
WATCH_PID=
sinks_ctl clear >/dev/null
start_watch
wait_until '[ "$(count /slack/)" -ge 3 ]' 20 ||
    fail "update 3 lost after kill -9"
pass "a hung delivery times out and is retried, stalls neither polling nor PagerDuty; kill -9 mid-delivery: update 3 reaches Slack after the restart"

# exactly one message per update, one trigger and one resolve
check_eq "$(count /slack/)" 3 "Slack messages for 3 updates"
check_eq "$(received /slack/ 'len(set(json.loads(x["body"])["blocks"][-1]["elements"][0]["text"] for x in r))')" \
    3 "distinct Slack updates"
check_eq "$(received /pagerduty/ '[(json.loads(x["body"])["event_action"], json.loads(x["body"])["dedup_key"]) for x in r]')" \
    "[('trigger', '7K2Q-XL8'), ('resolve', '7K2Q-XL8')]" "PagerDuty events"
pass "one Slack message per update; one PagerDuty trigger and one resolve"

# Slack's Web API: update 3 arrived after the restart, in the thread of
# the first message, which shows the incident as it is now
wait_until '[ "$(slack_thread "len(m)")" -ge 3 ]' 20 ||
    fail "update 3 did not reach the Web API after the restart"
sinks_ctl slack_messages | python3 -c '
import json, sys
m = [x for x in json.load(sys.stdin) if "7K2Q-XL8" in (x["text"] or "")]
first = [x for x in m if x["thread_ts"] is None]
assert len(first) == 1, "first messages: %r" % first
p = first[0]
r = [x for x in m if x["thread_ts"] == p["ts"]]
assert len(r) == 2 and len(m) == 3, "replies: %r" % m
# the channel by name, then by the ID Slack gave (chat.update needs it)
assert p["channel"] == "CAZUREINC", p["channel"]
assert p["edits"] >= 2, p["edits"]
# the first message is edited to the newest state: the last reply
assert p["blocks"] == r[-1]["blocks"] and p["text"] == r[-1]["text"]
assert len(set(json.dumps(x["blocks"]) for x in r)) == 2
' || fail "the Slack thread"
sinks_ctl "received?path=/api/" | json_eval \
    'all(x["headers"].get("authorization") == "Bearer '"$SLACK_TOKEN"'" for x in d) and len(d) > 0' |
    grep -q True || fail "a Web API request without the bot token"
check_eq "$(sinks_ctl 'received' | json_eval \
    'len([x for x in d if not x["path"].startswith("/api/") and "'"$SLACK_TOKEN"'" in json.dumps(x)])')" \
    0 "requests elsewhere that carry the bot token"
pass "Slack's Web API: one first message, edited to the incident now; each update a reply in its thread, across kill -9"

# SIGHUP: a bad file keeps the old configuration; a good one is taken
printf '\n[sink broken]\ntype = carrier-pigeon\n' >>"$T/config"
kill -HUP "$WATCH_PID"
wait_until 'grep -q "reload-failed" "$LOG"' || fail "bad reload not logged"
grep "reload-failed" "$LOG" | grep -q "carrier-pigeon" ||
    fail "the reload failure does not say why"
kill -0 "$WATCH_PID" || fail "watch died on a bad reload"
cp "$T/config.good" "$T/config"
kill -HUP "$WATCH_PID"
wait_until 'grep -q "reloaded" "$LOG"' || fail "good reload not logged"
pass "SIGHUP: a bad configuration is refused with its reason, a good one taken"

# SIGTERM: a clean exit 0
kill -TERM "$WATCH_PID"
wait "$WATCH_PID"
rc=$?
WATCH_PID=
check_eq "$rc" 0 "exit status after SIGTERM"
grep -q "stopping" "$LOG" || fail "no stopping line"
pass "SIGTERM: exit 0"

# no secret in the log or the outbox
for s in slacksecretQ8w3RzX1 teamssecretN4v7Lp2K hooksecretM2k9Tq5Z \
    "$HOOK_KEY" "$PD_KEY" "$SLACK_TOKEN"; do
	grep -q "$s" "$LOG" && fail "a secret is in the log"
	grep -q "$s" "$T/wstate/outbox.json" && fail "a secret is in the outbox"
	grep -q "$s" "$T/status.json" && fail "a secret is in azwatch status"
done
pass "no secret in the log or the outbox"

# --log-format json: one object per line; SIGINT exits 130
"$AZWATCH" watch --log-format json --state-dir "$T/wstate" 2>"$T/json.log" &
WATCH_PID=$!
wait_until 'grep -q "\"started\"" "$T/json.log"' || fail "json log"
kill -INT "$WATCH_PID"
wait "$WATCH_PID"
rc=$?
WATCH_PID=
check_eq "$rc" 130 "exit status after SIGINT"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert "time" in o and "event" in o and "message" in o
' "$T/json.log" || fail "a log line is not a JSON object"
pass "--log-format json: one JSON object per line; SIGINT exits 130"

# The dashboard: with sinks configured it delivers nothing by default
# (the team's watcher does), and delivers with [notify] sinks = on.
command -v tmux >/dev/null 2>&1 || exit 0
sinks_ctl reset >/dev/null
fake_ctl "step?n=1" >/dev/null
tmux_start --state-dir "$T/dstate"
wait_for "active +7K2Q-XL8 +Azure Cache for Redis" 20 ||
    fail "the dashboard does not show the incident"
p0=$(polls)
wait_until '[ "$(polls)" -ge $((p0 + 2)) ]' || fail "the fake was not polled"
check_eq "$(sinks_ctl 'count?path=/')" 0 "deliveries from a dashboard with sinks off"
tmux_stop
printf '\n[notify]\nsinks = on\n' >>"$T/config"
# a server of its own: the old one may still be going away
TMUX_SOCKET=$TMUX_SOCKET-2
tmux_start --state-dir "$T/dstate"
wait_until '[ "$(count /slack/)" -ge 1 ] && [ "$(count /pagerduty/)" -ge 1 ]' 20 ||
    fail "the dashboard with sinks = on delivered nothing"
tmux_stop
pass "the dashboard delivers only with [notify] sinks = on"
