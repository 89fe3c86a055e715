#!/bin/sh
# e2e-health.sh: the service-health channel against the fake Azure: the
# four sign-in methods and auto, no configuration, 401 then a new token,
# 429 with Retry-After, nextLink paging and loops, a redirect to another
# host, Resource Graph for many subscriptions; no secret ever printed.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

EVENTS_A1=/subscriptions/$FAKE_SUB_A1/providers/Microsoft.ResourceHealth/events
REDIS_EUS=/subscriptions/$FAKE_SUB_A1/resourceGroups/rg-cache-eastus/providers/Microsoft.Cache/Redis/contoso-cache-eus

# set_azure KEY VALUE: add "KEY = VALUE" to the [azure] section.
set_azure() {
	awk -v line="$1 = $2" '{ print } /^\[azure\]$/ { print line }' \
	    "$T/config" >"$T/config.new" && mv "$T/config.new" "$T/config"
}

# status [args]: azwatch status --json into $T/out, stderr into $T/err;
# the exit status in $RC.
status() {
	"$AZWATCH" status --json "$@" >"$T/out" 2>"$T/err"
	RC=$?
	cat "$T/out" >>"$T/all-output"
	cat "$T/err" >>"$T/all-output"
}

sh_field() {
	json_eval "[c for c in d['channels'] if c['id'] == 'service-health'][0]$1" <"$T/out"
}

inc_field() {
	json_eval "[i for i in d['incidents'] if i['tracking_id'] == '$1'][0]$2" <"$T/out"
}

# requests_count PATH [METHOD]: how many requests the fake saw under PATH.
requests_count() {
	fake_requests "$1" | json_eval "len([r for r in d if '${2:-}' in ('', r['method'])])"
}

# The incident every sign-in method must show, with its details.
check_redis() {
	check_eq "$RC" 0 "$1: exit status"
	check_eq "$(sh_field "['state']")" incident "$1: channel state"
	check_eq "$(inc_field 7K2Q-XL8 "['status']")" active "$1: status"
	check_eq "$(inc_field 7K2Q-XL8 "['type']")" service-issue "$1: type"
	check_eq "$(inc_field 7K2Q-XL8 "['services']")" '["Azure Cache for Redis"]' \
	    "$1: services"
	check_eq "$(inc_field 7K2Q-XL8 "['regions']")" '["East US"]' "$1: regions"
	check_eq "$(json_eval "'service-health' in [i for i in d['incidents'] if i['tracking_id'] == '7K2Q-XL8'][0]['sources']" <"$T/out")" \
	    True "$1: sources name service-health"
	case $(sh_field "['note']") in
	"signed in with $2"*) ;;
	*) fail "$1: note says '$(sh_field "['note']")'" ;;
	esac
}

fake_start
fake_ctl "step?n=1" >/dev/null

# -- client secret from the environment ---------------------------------
fake_use_secret
status
check_redis client-secret client-secret
check_eq "$(inc_field PM4R-Q1Z "['type']")" planned-maintenance "maintenance typed"
check_eq "$(inc_field HA8P-3VN "['type']")" health-advisory "advisory typed"
check_eq "$(json_eval "'$REDIS_EUS' in [i for i in d['incidents'] if i['tracking_id'] == '7K2Q-XL8'][0].get('impacted_resources', [])" <"$T/out")" \
    True "impacted resource named"
case $(sh_field "['note']") in
*"reads left: "[0-9]*) ;;
*) fail "the read budget is not shown: $(sh_field "['note']")" ;;
esac
# the form body carried the secret to the token endpoint, and only there
check_eq "$(fake_requests "/$FAKE_TENANT/oauth2" | json_eval "'client_secret=fake-client-secret-Z9' in d[0]['body'] and 'grant_type=client_credentials' in d[0]['body']")" \
    True "client credentials form"
# every ARM call carried the bearer token
check_eq "$(fake_requests /subscriptions | json_eval "all(r['headers'].get('authorization', '').startswith('Bearer fake-arm-token-') for r in d)")" \
    True "ARM calls carry the token"
# nextLink paging: two pages per subscription by default
check_eq "$(fake_requests "$EVENTS_A1" | json_eval "sorted(r['query'].get('\$skipToken', '0') for r in d if r['path'] == '$EVENTS_A1')")" \
    '["0", "1"]' "events paged through nextLink"
check_eq "$(fake_requests "$EVENTS_A1" | json_eval "all(r['query'].get('api-version') == '2025-05-01' and '/' in r['query'].get('queryStartTime', '') for r in d if r['path'] == '$EVENTS_A1')")" \
    True "events api-version and queryStartTime"
pass "client secret"

# -- a static token -------------------------------------------------------
unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET
AZWATCH_ACCESS_TOKEN=fake-static-token-K4
export AZWATCH_ACCESS_TOKEN
fake_ctl "requests?clear=1" >/dev/null
status
check_redis token token
check_eq "$(requests_count /metadata)" 0 "token: no IMDS call"
pass "static token"

# an expired static token: the error says so, without the token
fake_ctl expire-tokens >/dev/null
status
check_eq "$RC" 3 "expired token: exit status"
check_eq "$(sh_field "['state']")" error "expired token: state"
case $(sh_field "['error']") in
*ExpiredAuthenticationToken*) ;;
*) fail "expired token: error is '$(sh_field "['error']")'" ;;
esac
unset AZWATCH_ACCESS_TOKEN
pass "expired static token"

# -- managed identity (auto, the metadata endpoint answers) --------------
fake_ctl "requests?clear=1" >/dev/null
status
check_redis managed-identity managed-identity
check_eq "$(fake_requests /metadata | json_eval "d[0]['headers'].get('metadata')")" \
    true "IMDS Metadata header"
pass "managed identity"

# -- Azure CLI -------------------------------------------------------------
fake_use_cli
cp "$T/config" "$T/config.base"
set_azure auth azure-cli
status
check_redis azure-cli azure-cli
# (the support channel signs in too: every run must look the same)
check_eq "$(sort -u "$T/az.log")" \
    "az account get-access-token --resource $FAKE_URL --output json" "az argv"
# auto without a metadata endpoint falls through to the CLI
cp "$T/config.base" "$T/config"
unset AZWATCH_IMDS_ENDPOINT
status
check_redis auto-cli azure-cli
# a CLI that is not signed in: its words, not an outage
FAKE_AZ_FAIL=1 status
check_eq "$(sh_field "['state']")" unconfigured "az not logged in: state"
case $(sh_field "['error']") in
*"az login"*) ;;
*) fail "az not logged in: error is '$(sh_field "['error']")'" ;;
esac
pass "azure CLI"

# -- nothing configured ----------------------------------------------------
AZWATCH_AZ_PROGRAM=$T/no-such-az
export AZWATCH_AZ_PROGRAM
status
check_eq "$RC" 0 "unconfigured: exit status"
check_eq "$(sh_field "['state']")" unconfigured "unconfigured: state"
case $(sh_field "['note']") in
"not signed in: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run \`az login\`, or set auth = "*"$T/config"*) ;;
*) fail "unconfigured: note is '$(sh_field "['note']")'" ;;
esac
check_eq "$(json_eval "len([i for i in d['incidents'] if 'service-health' in i['sources']])" <"$T/out")" \
    0 "unconfigured: no service-health incidents"
AZWATCH_IMDS_ENDPOINT=$FAKE_URL
export AZWATCH_IMDS_ENDPOINT
pass "no configuration says what to set"

# From here on: the client secret.
fake_use_secret

# -- 401 once: sign in again and carry on ----------------------------------
# (other channels may sign in too: count against a run without the fault)
fake_ctl "requests?clear=1" >/dev/null
status
signins=$(requests_count "/$FAKE_TENANT/oauth2")
fake_ctl "requests?clear=1" >/dev/null
fake_ctl "fault?path=$EVENTS_A1&kind=401&count=1" >/dev/null
status
check_redis 401-refresh client-secret
check_eq "$(requests_count "/$FAKE_TENANT/oauth2")" $((signins + 1)) \
    "401: signed in again once"
fake_ctl clear >/dev/null
pass "401 then a new token"

# -- 429 with Retry-After --------------------------------------------------
fake_ctl "fault?path=$EVENTS_A1&kind=429&retry_after=7" >/dev/null
status
check_eq "$RC" 3 "429: exit status"
check_eq "$(sh_field "['state']")" error "429: state"
check_eq "$(sh_field "['error']")" "throttled by ARM, retrying in 7s" "429: error"
fake_ctl clear >/dev/null
pass "429 with Retry-After"

# -- a read budget running low: shown, and the channel slows down ----------
fake_ctl "set?key=arm_reads&value=60" >/dev/null
status
case $(sh_field "['note']") in
*"reads left: "[0-9]*" (slowing down)"*) ;;
*) fail "low budget: note is '$(sh_field "['note']")'" ;;
esac
check_eq "$(sh_field "['state']")" incident "low budget: still polled"
fake_ctl "set?key=arm_reads&value=11999" >/dev/null
pass "low read budget slows down"

# -- ARM failing: unreachable, not an error and not an all-clear ------------
fake_ctl "scenario?name=broad" >/dev/null
status
check_eq "$RC" 3 "503: exit status"
check_eq "$(sh_field "['state']")" unreachable "503: state"
case $(sh_field "['error']") in
*"HTTP 503"*) ;;
*) fail "503: error is '$(sh_field "['error']")'" ;;
esac
fake_ctl "scenario?name=redis-eastus" >/dev/null
fake_ctl "step?n=1" >/dev/null
pass "ARM 503 is unreachable"

# -- nextLink pointing at itself -------------------------------------------
fake_ctl "requests?clear=1" >/dev/null
fake_ctl "fault?path=$EVENTS_A1&kind=self-nextlink" >/dev/null
status
check_eq "$RC" 3 "nextLink loop: exit status"
check_eq "$(sh_field "['state']")" error "nextLink loop: state"
case $(sh_field "['error']") in
*"nextLink loop"*) ;;
*) fail "nextLink loop: error is '$(sh_field "['error']")'" ;;
esac
check_eq "$(requests_count "$EVENTS_A1")" 1 "nextLink loop: the page is not fetched again"
fake_ctl clear >/dev/null
pass "nextLink loop stops"

# more pages than two
fake_ctl "set?key=events_pages&value=4" >/dev/null
fake_ctl "requests?clear=1" >/dev/null
status
check_redis paged client-secret
check_eq "$(fake_requests "$EVENTS_A1" | json_eval "len([r for r in d if r['path'] == '$EVENTS_A1'])")" \
    4 "four pages followed"
fake_ctl "set?key=events_pages&value=2" >/dev/null
pass "nextLink paging"

# -- a redirect to another host never gets the token -----------------------
fake_ctl "requests?clear=1" >/dev/null
fake_ctl "fault?path=$EVENTS_A1&kind=redirect-foreign" >/dev/null
status
check_eq "$(fake_ctl state | json_eval "d.get('echo_authorization')")" None \
    "redirect: the foreign host saw no Authorization"
check_eq "$(fake_requests /_ctl/echo | json_eval "any('authorization' in r['headers'] for r in d)")" \
    False "redirect: no Authorization in the echo log"
check_eq "$RC" 3 "redirect: exit status"
fake_ctl clear >/dev/null
pass "redirect keeps the token home"

# -- many subscriptions: one Resource Graph query ---------------------------
set_azure graph_threshold 1
set_azure subscriptions "$FAKE_SUB_A1, $FAKE_SUB_A2"
for unit in ticks ms s; do
	fake_ctl "set?key=graph_times&value=$unit" >/dev/null
	fake_ctl "requests?clear=1" >/dev/null
	status
	check_redis "graph-$unit" client-secret
	# the events' query (the early warning's HealthResources has its own)
	check_eq "$(fake_requests /providers/Microsoft.ResourceGraph/resources | json_eval "len([r for r in d if r['method'] == 'POST' and 'ServiceHealthResources' in r['body']])")" 2 \
	    "graph ($unit): one query, two pages"
	check_eq "$(fake_requests /subscriptions | json_eval "len([r for r in d if r['path'].endswith('/Microsoft.ResourceHealth/events')])")" \
	    0 "graph ($unit): no per-subscription event calls"
	check_eq "$(fake_requests /providers/Microsoft.ResourceGraph | json_eval "any('ServiceHealthResources' in r['body'] for r in d)")" \
	    True "graph ($unit): the query"
	check_eq "$(json_eval "[i['start'] for i in d['incidents'] if i['tracking_id'] == '7K2Q-XL8'][0][:4]" <"$T/out")" \
	    "$(date -u +%Y)" "graph ($unit): numeric times"
done
pass "Resource Graph for many subscriptions"

# Resource Graph's quota: one query left in the window, two pages to read;
# the second waits for the window to reset instead of meeting a 429
fake_ctl "set?key=graph_times&value=ticks" >/dev/null
# the events' two pages alone (the early warning's query would wait too)
printf '\n[early_warning]\nenabled = off\n' >>"$T/config"
fake_ctl "set?key=graph_quota&value=1" >/dev/null	# a new window
fake_ctl "requests?clear=1" >/dev/null
status
check_redis graph-quota client-secret
check_eq "$(requests_count /providers/Microsoft.ResourceGraph/resources POST)" 2 \
    "graph quota: both pages read"
check_eq "$(fake_requests /providers/Microsoft.ResourceGraph | json_eval "len([r for r in d if r['status'] == 429])")" \
    0 "graph quota: no 429 met"
fake_ctl "set?key=graph_quota&value=15" >/dev/null
pass "Resource Graph: the quota is waited out, not tripped"

# -- resource health for --resource -----------------------------------------
fake_ctl "requests?clear=1" >/dev/null
status --resource "$REDIS_EUS"
check_eq "$(requests_count "$REDIS_EUS/providers/Microsoft.ResourceHealth/availabilityStatuses/current")" \
    1 "--resource: availability asked"
pass "resource health"

# -- no secret or token ever printed ----------------------------------------
if grep -E -q 'fake-client-secret-Z9|fake-arm-token-|fake-imds-token-|fake-cli-token-|fake-static-token-K4' \
    "$T/all-output"; then
	fail "a secret or token was printed"
fi
pass "no secret in any output"

# -- the dashboard: tokens expire between two polls; the fake dies --------
if ! command -v tmux >/dev/null 2>&1; then
	echo "ok - dashboard checks skipped: tmux is not installed"
	exit 0
fi
cp "$T/config.base" "$T/config"
fake_ctl reset >/dev/null
fake_ctl "step?n=1" >/dev/null
tmux_start
wait_for "Azure Cache for Redis" 15 || fail "the dashboard shows no incident"
# the first poll is over once emerging issues were asked
_n=0
until [ "$(requests_count /providers/Microsoft.ResourceHealth/emergingIssues)" -ge 1 ]; do
	_n=$((_n + 1))
	[ "$_n" -lt 100 ] || fail "no first poll"
	sleep 0.1
done
fake_ctl expire-tokens >/dev/null
# Service Health and support share one ARM client: whichever asks first
# after the expiry gets the 401 and signs in again for both
_n=0
until [ "$(fake_requests /subscriptions | json_eval "len([r for r in d if r['status'] == 401])")" -ge 1 ] &&
    [ "$(requests_count "/$FAKE_TENANT/oauth2")" -ge 2 ] &&
    [ "$(fake_requests "$EVENTS_A1" | json_eval "d[-1]['status']")" = 200 ]; do
	_n=$((_n + 1))
	[ "$_n" -lt 150 ] || fail "no new token after the old one expired"
	sleep 0.1
done
pass "a token expired between polls is replaced"

fake_kill
wait_for "unreachable" 20 || fail "the pane does not say unreachable"
tmux_capture | grep -q "Azure Cache for Redis" ||
    fail "the incident left the screen when the fake died"
pass "the fake dies: the incident stays, marked unreachable"
if tmux_capture | grep -E -q 'fake-client-secret-Z9|fake-arm-token-'; then
	fail "a secret or token is on screen"
fi
tmux_stop
