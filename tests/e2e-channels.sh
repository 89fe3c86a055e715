#!/bin/sh
# e2e-channels.sh: the x and support channels and alert readiness against
# the fake Azure: X posts and rate budget, since_id, 429, the RSS bridge,
# no token; support tickets; a ticket raised from a draft; `alerts setup`
# with and without --dry-run; read-only never sends.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
TICKET=$TOP_BUILDDIR/tests/test-ticket
TWEETS=/2/users/1234567/tweets

# add_line SECTION LINE: append LINE to [SECTION] (created if missing).
add_line() {
	if ! grep -q "^\[$1\]\$" "$T/config"; then
		printf '\n[%s]\n' "$1" >>"$T/config"
	fi
	awk -v s="[$1]" -v line="$2" '{ print } $0 == s { print line }' \
	    "$T/config" >"$T/config.new" && mv "$T/config.new" "$T/config"
}

status() {
	"$AZWATCH" status --json "$@" >"$T/out" 2>"$T/err"
	RC=$?
	cat "$T/out" "$T/err" >>"$T/all-output"
}

chan() {
	json_eval "[c for c in d['channels'] if c['id'] == '$1'][0]$2" <"$T/out"
}

# requests_count PATH [METHOD]
requests_count() {
	fake_requests "$1" | json_eval "len([r for r in d if '${2:-}' in ('', r['method'])])"
}

fake_start
fake_ctl "step?n=2" >/dev/null
add_line azure "auth = token"
AZWATCH_ACCESS_TOKEN=fake-e2e-static-token
export AZWATCH_ACCESS_TOKEN
add_line support "first_name = Ada"
add_line support "last_name = Lovelace"
add_line support "email = ada@contoso.com"

# 1. no token, no feed: unconfigured with the account's address, no error
status
check_eq "$(chan x "['state']")" unconfigured "no token: x state"
check_eq "$(chan x "['error']")" None "no token: x error"
case $(chan x "['note']") in
*X_BEARER_TOKEN*feed_url*"$T/config"*"https://x.com/AzureSupport"*) ;;
*) fail "no token: x note is '$(chan x "['note']")'" ;;
esac
check_eq "$(requests_count /2/)" 0 "no token: no X request"
pass "x without a token is unconfigured and names the account"

# 2. the X API: posts join the incident, budget in the note
fake_use_x
fake_ctl "requests?clear=1" >/dev/null
status
check_eq "$(chan x "['state']")" incident "x: state"
case $(chan x "['note']") in
"budget: "[0-9]*" left, resets "[0-2][0-9]:[0-5][0-9]"; "[0-9]*" posts kept") ;;
*) fail "x: note is '$(chan x "['note']")'" ;;
esac
check_eq "$(json_eval "'x' in [i for i in d['incidents'] if i['tracking_id'] == '7K2Q-XL8'][0]['sources']" <"$T/out")" \
    True "x: the post joined 7K2Q-XL8"
check_eq "$(json_eval "len([u for u in [i for i in d['incidents'] if i['tracking_id'] == '7K2Q-XL8'][0]['updates'] if u['source'] == 'x']) > 0" <"$T/out")" \
    True "x: the post is an update of 7K2Q-XL8"
check_eq "$(requests_count /2/users/by/username/AzureSupport)" 1 "x: one user lookup"
check_eq "$(fake_requests $TWEETS | json_eval "[r['query'].get('since_id') for r in d]")" \
    '[null]' "x: first poll has no since_id"
check_eq "$(fake_requests $TWEETS | json_eval "d[0]['query']['tweet.fields']")" \
    created_at "x: asks for created_at"
grep -q fake-x-bearer-Q7 "$T/all-output" && fail "the X token was printed"
pass "x posts join the incident; budget shown"

# 3. support tickets, the seed's rule, and the ticket's incident link
check_eq "$(chan support "['state']")" incident "support: state"
case $(chan support "['note']") in
"updates come through Service Health; raise a ticket only for help with failover (1 open ticket)") ;;
*) fail "support: note is '$(chan support "['note']")'" ;;
esac
check_eq "$(json_eval "'support' in [i for i in d['incidents'] if i['tracking_id'] == '7K2Q-XL8'][0]['sources']" <"$T/out")" \
    True "support: the open ticket is linked to 7K2Q-XL8"
check_eq "$(requests_count /subscriptions/$FAKE_SUB_A1/providers/Microsoft.Support/supportTickets GET)" \
    1 "support: tickets listed for the first subscription"
check_eq "$(requests_count /subscriptions/$FAKE_SUB_A1/providers/microsoft.insights/activityLogAlerts GET)" \
    1 "service-health: alert rules read"
check_eq "$(requests_count /subscriptions/$FAKE_SUB_A1/resourceGroups/rg-monitor/providers/microsoft.insights/actionGroups/ops-team GET)" \
    1 "service-health: the rule's action group read"
case $(chan service-health "['note']") in
*"alerts: partial"*|*"alerts: ready"*) ;;
*) fail "service-health: note lacks alert readiness: '$(chan service-health "['note']")'" ;;
esac
pass "support lists tickets; service health audits alerts"

# 4. the dashboard: posts and budget in the x pane, alert readiness in the
# service-health pane, since_id on the next poll, 429 keeps the posts
add_line x "interval = 2"
fake_ctl "requests?clear=1" >/dev/null
tmux_start
tmux_resize 200 50
wait_for "budget: [0-9]+ left" 15 || fail "x pane: no budget"
wait_for "[0-9][0-9]:[0-9][0-9]  Update on" 10 || fail "x pane: no post"
wait_for "alerts: ready \(rule service-health-all" 10 ||
    fail "service-health pane: no alert readiness"
_n=0
while [ "$(requests_count $TWEETS)" -lt 2 ]; do
	_n=$((_n + 1))
	[ "$_n" -gt 100 ] && fail "dashboard: no second X poll"
	sleep 0.1
done
check_eq "$(fake_requests $TWEETS | json_eval "d[1]['query'].get('since_id') is not None and d[0]['query'].get('since_id') is None")" \
    True "x: the second poll sends since_id"
check_eq "$(requests_count /2/users/by/username/)" 1 "x: user resolved once"
fake_ctl "set?key=x_remaining&value=0" >/dev/null
wait_for "X rate limit reached \(HTTP 429\); next try at" 15 ||
    fail "x pane: 429 not shown"
tmux_capture | grep -q "[0-2][0-9]:[0-5][0-9] UTC, posts kept" ||
    fail "x pane: no retry time after 429"
tmux_capture | grep -q "[0-9][0-9]:[0-9][0-9]  Update on" || fail "x pane: posts lost after 429"
_after=$(requests_count $TWEETS)
sleep 5
check_eq "$(requests_count $TWEETS)" "$_after" "x: no call before the reset"
tmux_stop
pass "dashboard: x pane posts, since_id, 429 keeps posts and waits"

# a reset ten years ahead (a broken or hostile answer): the next try is
# still within X's 15-minute window, not never (nor an overflowed int)
fake_ctl "set?key=x_reset_in&value=315360000" >/dev/null
fake_ctl "set?key=x_remaining&value=0" >/dev/null
status
_err=$(chan x "['error']")
case $_err in
*"next try at "[0-2][0-9]:[0-5][0-9]" UTC"*) ;;
*) fail "x: far-future reset: $_err" ;;
esac
_at=$(printf '%s' "$_err" | sed 's/.*next try at \([0-9:]*\) UTC.*/\1/')
_mins=$(python3 -c 'import sys, time
h, m = map(int, sys.argv[1].split(":"))
now = time.gmtime()
print(((h * 60 + m) - (now.tm_hour * 60 + now.tm_min)) % 1440)' "$_at")
[ "$_mins" -le 16 ] || fail "x: a far-future reset waits $_mins minutes"
fake_ctl "set?key=x_reset_in&value=900" >/dev/null
fake_ctl "set?key=x_remaining&value=900" >/dev/null
pass "x: a reset ten years ahead waits at most 15 minutes"

# 5. the RSS bridge, without a token
unset X_BEARER_TOKEN
add_line x "feed_url = $FAKE_URL/x/feed"
fake_ctl "requests?clear=1" >/dev/null
status
check_eq "$(chan x "['state']")" incident "bridge: state"
case $(chan x "['note']") in
"via feed 127.0.0.1:$FAKE_PORT; "[0-9]*" posts kept") ;;
*) fail "bridge: note is '$(chan x "['note']")'" ;;
esac
check_eq "$(requests_count /x/feed)" 1 "bridge: feed read"
check_eq "$(requests_count /2/)" 0 "bridge: no API call"
pass "x through an RSS bridge"

# 6. alerts setup: dry run sends nothing, then both PUTs
fake_ctl "requests?clear=1" >/dev/null
"$AZWATCH" alerts setup --email oncall@contoso.com \
    --subscription "$FAKE_SUB_A2" --dry-run >"$T/out" 2>"$T/err" ||
    fail "alerts setup --dry-run failed: $(cat "$T/err")"
grep -q '"equals": "ServiceHealth"' "$T/out" || fail "dry run: rule not shown"
grep -q '"emailAddress": "oncall@contoso.com"' "$T/out" ||
    fail "dry run: action group not shown"
grep -q "nothing created (dry run)" "$T/out" || fail "dry run: no notice"
check_eq "$(requests_count / PUT)" 0 "dry run: no PUT"

"$AZWATCH" alerts setup --email oncall@contoso.com \
    --subscription "$FAKE_SUB_A2" --read-only >"$T/out" 2>"$T/err" ||
    fail "alerts setup --read-only failed: $(cat "$T/err")"
grep -q "nothing created (read-only mode)" "$T/out" || fail "read-only: no notice"
check_eq "$(requests_count / PUT)" 0 "read-only: no PUT"

"$AZWATCH" alerts setup --email oncall@contoso.com \
    --subscription "$FAKE_SUB_A2" >"$T/out" 2>"$T/err" ||
    fail "alerts setup failed: $(cat "$T/err")"
check_eq "$(requests_count /subscriptions/$FAKE_SUB_A2/resourceGroups/azwatch-alerts/providers/microsoft.insights/actionGroups/azwatch-service-health PUT)" \
    1 "setup: action group PUT"
check_eq "$(requests_count /subscriptions/$FAKE_SUB_A2/resourceGroups/azwatch-alerts/providers/microsoft.insights/activityLogAlerts/azwatch-service-health PUT)" \
    1 "setup: alert rule PUT"
check_eq "$(fake_requests /subscriptions/$FAKE_SUB_A2/resourceGroups/azwatch-alerts/providers/microsoft.insights/activityLogAlerts PUT | json_eval "__import__('json').loads(d[0]['body'])['properties']['condition']")" \
    '{"allOf": [{"field": "category", "equals": "ServiceHealth"}]}' \
    "setup: every Service Health event"
grep -q "^created /subscriptions/$FAKE_SUB_A2/resourceGroups/azwatch-alerts/providers/microsoft.insights/activityLogAlerts/azwatch-service-health\$" \
    "$T/out" || fail "setup: rule id not printed"
"$AZWATCH" alerts setup --email "not an address" >"$T/out" 2>"$T/err"
check_eq "$?" 2 "setup: bad email exit status"
pass "alerts setup: dry run and read-only send nothing; real run creates both"

# 7. a ticket from the draft carries its tracking id; dry run and
# read-only never send; no support plan keeps the draft
[ -x "$TICKET" ] || skip "tests/test-ticket is not built"
fake_ctl "requests?clear=1" >/dev/null
"$TICKET" --send "$T/config" --dry-run >"$T/out" 2>"$T/err" ||
    fail "ticket dry run: $(cat "$T/err")"
grep -q "outcome: not-sent" "$T/out" || fail "ticket dry run: $(cat "$T/out")"
check_eq "$(requests_count / PUT)" 0 "ticket dry run: no PUT"
check_eq "$(requests_count /providers/Microsoft.Support/services GET)" 2 \
    "ticket: services and classifications listed"

cp "$T/config" "$T/config.ro"
printf 'read_only = on\n' >>"$T/config.ro"	# [support] is the last section
"$TICKET" --send "$T/config.ro" >"$T/out" 2>"$T/err"
grep -q "outcome: not-sent" "$T/out" || fail "ticket read-only: $(cat "$T/out")"
check_eq "$(requests_count / PUT)" 0 "ticket read-only: no PUT"

"$TICKET" --send "$T/config" >"$T/out" 2>"$T/err" ||
    fail "ticket: $(cat "$T/out" "$T/err")"
grep -q "outcome: created" "$T/out" || fail "ticket: $(cat "$T/out")"
_body=$(fake_requests /subscriptions/$FAKE_SUB_A1/providers/Microsoft.Support/supportTickets/ |
    json_eval "[r['body'] for r in d if r['method'] == 'PUT'][0]")
case $_body in
*'"title": "[7K2Q-XL8] '*'Tracking ID: 7K2Q-XL8'*'"severity": "moderate"'*) ;;
*) fail "ticket: the request lacks the tracking id: $_body" ;;
esac
case $_body in
*'"advancedDiagnosticConsent": "Yes"'*'"primaryEmailAddress": "ada@contoso.com"'*) ;;
*) fail "ticket: consent or contact missing: $_body" ;;
esac

fake_ctl "set?key=tickets_fail&value=NoSupportPlan" >/dev/null
"$TICKET" --send "$T/config" >"$T/out" 2>"$T/err"
grep -q "outcome: no-plan" "$T/out" || fail "no plan: $(cat "$T/out")"
grep -q "no support plan.*the draft is kept at .*; raise it by hand at https://portal.azure.com/#create/Microsoft.Support" \
    "$T/out" || fail "no plan: message: $(cat "$T/out")"
pass "a ticket carries 7K2Q-XL8; dry run and read-only never send; no plan keeps the draft"

grep -q fake-x-bearer-Q7 "$T/all-output" && fail "the X token was printed"
grep -q fake-e2e-static-token "$T/all-output" && fail "the ARM token was printed"
exit 0
