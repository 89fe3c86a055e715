#!/bin/sh
# e2e-alerts.sh: fired Azure Monitor alerts against the fake Azure (the
# redis-eastus story at step 1: Sev1 on the East US cache the incident
# covers, Sev2 on a cache in East US 2, Sev1 on a Key Vault in West US 2,
# Sev3 on a VM): `check --alerts` in JSON and text with the most severe
# verdict's exit status, per subscription (paged) and through Resource
# Graph, the "your alerts" pane line by line and its verdict screen, the
# severity filter, a missing permission said as what to grant, and
# nothing ever sent to Azure but reads.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

# key KEY...: one key at a time, so Escape is never read as Alt-KEY.
key() {
	for _k in "$@"; do
		tmux_keys "$_k"
		sleep 0.15
	done
}

# alerts ARGS...: azwatch check --alerts; stdout in $T/out, exit in $RC.
alerts() {
	"$AZWATCH" check --alerts --timeout 10 "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# verdicts: "rule=verdict/tracking" of the JSON in $T/out, sorted.
verdicts() {
	json_eval "sorted('%s=%s/%s' % (a['rule'], a['verdict'], a['matched_tracking_id']) for a in d)" <"$T/out"
}

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
AZWATCH_ACCESS_TOKEN=fake-alerts-token
export AZWATCH_ACCESS_TOKEN
printf '\n[poll]\nrequest_timeout = 5\n' >>"$T/config"
cp "$T/config" "$T/config.base"

# --- check --alerts --json: one verdict per alert, per subscription --
alerts --json
check_eq "$RC" 10 "check --alerts: exit status of the most severe verdict"
check_eq "$(verdicts)" \
    '["kv-throttled-requests=no-known-incident/None", "redis-eus-connection-errors=azure-incident/7K2Q-XL8", "redis-eus2-latency=not-matching/None"]' \
    "check --alerts --json: the three verdicts"
# every field of every alert, in one look
check_eq "$(json_eval "[sorted(d[0].keys())] + sorted('%s %s %s %s %s' % (a['severity'], a['service'], a['region'], a['resource'].rsplit('/', 1)[1], a['evidence'][0].startswith('Alert %s (%s) fired at ' % (a['rule'], a['severity']))) for a in d)" <"$T/out")" \
    '[["alert_id", "evidence", "fired_at", "matched", "matched_tracking_id", "next_step", "region", "resource", "resource_type", "rule", "service", "severity", "verdict"], "Sev1 Azure Cache for Redis East US contoso-cache-eus True", "Sev1 Key Vault West US 2 contoso-kv-wus2 True", "Sev2 Azure Cache for Redis East US 2 contoso-cache-eus2 True"]' \
    "check --alerts --json: keys, severity, service, region, resource, the alert first in the evidence"
# the subscription with three alerts answered in two pages
check_eq "$(fake_requests "/subscriptions/$FAKE_SUB_A1/providers/Microsoft.AlertsManagement/alerts" |
    json_eval "sorted(r['query'].get('\$skipToken', '0') for r in d)")" '["0", "1"]' \
    "Alerts_GetAll is followed to its second page"
check_eq "$(fake_requests "/subscriptions/$FAKE_SUB_A2/providers/Microsoft.AlertsManagement/alerts" |
    json_eval "[(r['query'].get('monitorCondition'), r['query'].get('timeRange'), r['query'].get('api-version')) for r in d]")" \
    '[["Fired", "1d", "2019-05-05-preview"]]' "Alerts_GetAll asks for what fired in the last day"
check_eq "$(fake_requests /providers/Microsoft.ResourceGraph | json_eval "[r['body'].split('\"query\":')[1][:12] for r in d]")" \
    '["\"resources |"]' "one Resource Graph query for the regions"
pass "check --alerts --json: azure-incident, not-matching, no-known-incident, exit 10"

# --- text: one line per alert, then its evidence and next step --------
alerts
check_eq "$RC" 10 "check --alerts: text exit status"
check_eq "$(grep -v '^  ' "$T/out")" "no-known-incident  Sev1  kv-throttled-requests  contoso-kv-wus2  Key Vault / West US 2  -
azure-incident  Sev1  redis-eus-connection-errors  contoso-cache-eus  Azure Cache for Redis / East US  7K2Q-XL8
not-matching  Sev2  redis-eus2-latency  contoso-cache-eus2  Azure Cache for Redis / East US 2  -" \
    "check --alerts: one line per alert"
check_eq "$(grep -c '^  next step: ' "$T/out")" 3 "a next step per alert"
pass "check --alerts: text"

# --- resource types through Support's service list -------------------
# A fifth alert, on an Azure Load Testing resource: a type the built-in
# table does not know and Support's service list names. The list is asked
# in the first round (no round trip of its own) and names its service;
# when the list fails, the table alone is used and the type stays unknown.
fake_ctl "set?key=loadtest_alert&value=1" >/dev/null
fake_ctl "requests?clear=1" >/dev/null
alerts --json
check_eq "$RC" 10 "Support's list: exit status"
check_eq "$(json_eval "[(a['service'], a['region'], a['verdict']) for a in d if a['rule'] == 'loadtest-eus-failures']" <"$T/out")" \
    '[["Azure Load Testing", "East US", "not-matching"]]' \
    "the type only Support's list names: its service, its region, a verdict"
check_eq "$(json_eval "sorted('%s %s' % (a['rule'], a['service']) for a in d)" <"$T/out")" \
    '["kv-throttled-requests Key Vault", "loadtest-eus-failures Azure Load Testing", "redis-eus-connection-errors Azure Cache for Redis", "redis-eus2-latency Azure Cache for Redis"]' \
    "the others keep the services Service Health names"
check_eq "$(fake_requests /providers/Microsoft.Support/services | json_eval "len(d)")" 1 \
    "Support's service list asked once"
# asked beside the events, not after them: no later than the first
# events listing of the check
check_eq "$(fake_requests | json_eval "min(r['at'] for r in d if r['path'] == '/providers/Microsoft.Support/services') <= min(r['at'] for r in d if r['path'].endswith('/Microsoft.ResourceHealth/events')) + 0.05")" \
    True "Support's service list goes out in the first round"
fake_ctl "set?key=support_services_fail&value=1" >/dev/null
alerts --json
check_eq "$RC" 10 "Support's list failing: exit status"
check_eq "$(json_eval "sorted('%s %s %s' % (a['rule'], a['service'], a['verdict']) for a in d)" <"$T/out")" \
    '["kv-throttled-requests Key Vault no-known-incident", "loadtest-eus-failures None not-matching", "redis-eus-connection-errors Azure Cache for Redis azure-incident", "redis-eus2-latency Azure Cache for Redis not-matching"]' \
    "Support's list failing: the built-in table, the unknown type said so"
check_eq "$(json_eval "[e for a in d if a['rule'] == 'loadtest-eus-failures' for e in a['evidence'] if 'Microsoft.LoadTestService/loadtests' in e][:1] != []" <"$T/out")" \
    True "the unknown type is named in the evidence"
fake_ctl "set?key=support_services_fail&value=" >/dev/null
fake_ctl "set?key=loadtest_alert&value=" >/dev/null
pass "resource types through Support's service list, the table when it fails"

# --- the severity filter from the configuration --------------------
printf '\n[alerts]\nseverities = 2, 3\n' >>"$T/config"
alerts --json
check_eq "$RC" 11 "Sev2-3 only: the most severe verdict is not-matching"
check_eq "$(verdicts)" \
    '["redis-eus2-latency=not-matching/None", "web-01-cpu-high=no-known-incident/None"]' \
    "[alerts] severities = 2, 3"
pass "[alerts] severities filters check --alerts"

# --- many subscriptions: one Resource Graph query --------------------
cp "$T/config.base" "$T/config"
printf '\n[azure]\ngraph_threshold = 1\n' >>"$T/config"
fake_ctl "requests?clear=1" >/dev/null
alerts --json
check_eq "$RC" 10 "Resource Graph: exit status"
check_eq "$(verdicts)" \
    '["kv-throttled-requests=no-known-incident/None", "redis-eus-connection-errors=azure-incident/7K2Q-XL8", "redis-eus2-latency=not-matching/None"]' \
    "Resource Graph: the three verdicts"
check_eq "$(fake_requests /providers/Microsoft.ResourceGraph | json_eval "any('alertsmanagementresources' in r['body'] for r in d)")" \
    True "Resource Graph read alertsmanagementresources"
check_eq "$(fake_requests /subscriptions/ | json_eval "len([r for r in d if 'AlertsManagement' in r['path']])")" \
    0 "Resource Graph: no Alerts_GetAll per subscription"
pass "check --alerts through Resource Graph"
cp "$T/config.base" "$T/config"

# --- the pane ------------------------------------------------------
tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 || fail "the dashboard did not start"
key a
wait_for 'redis-eus2-latency' 15 || fail "a did not show the fired alerts"
tmux_capture | sed -n '2,10p' >"$T/pane"
cat >"$T/want" <<'WANT_END'
 Your alerts: is Azure behind them?
  Sev0–2 · every subscription · every resource group · showing 3 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  no-known-incident  -          kv-throttled-requests
        contoso-kv-wus2 · Key Vault · West US 2
  Sev1  azure-incident     7K2Q-XL8   redis-eus-connection-errors
        contoso-cache-eus · Azure Cache for Redis · East US
  Sev2  not-matching       -          redis-eus2-latency
        contoso-cache-eus2 · Azure Cache for Redis · East US 2
WANT_END
cmp -s "$T/pane" "$T/want" || {
	diff "$T/want" "$T/pane" >&2
	fail "the pane's lines"
}
tmux_capture | tail -n 1 | grep -q 'Enter verdict  v severity' ||
    fail "the pane shows its keys"
pass "the pane: three alerts, their verdicts and tracking id"

# Enter: the verdict's evidence and next step, the wizard's actions.
key j Enter
wait_for 'Verdict: azure-incident' 10 || fail "Enter did not show the verdict"
tmux_capture | grep -q 'Matching incident: 7K2Q-XL8' ||
    fail "the verdict does not name 7K2Q-XL8"
tmux_capture | grep -q 'Follow the incident' || fail "no next step"
tmux_capture | grep -q 't ticket  s save draft' || fail "no ticket and draft keys"
key Escape
wait_for 'Your alerts: is Azure behind them\?' 5 || fail "Escape did not go back"
pass "Enter shows the verdict, Escape goes back to the alerts"

# v: every severity.
key v
wait_for 'every severity · every subscription' 5 || fail "v did not widen"
wait_for '^  Sev3  no-known-incident  -          web-01-cpu-high$' 5 ||
    fail "the Sev3 alert is not shown"
key v
wait_for 'Sev0–2 · every' 5 || fail "v did not go back to Sev0-2"
pass "v toggles every severity"

# --- a missing permission: what to grant, never "no alerts" ----------
fake_ctl "set?key=alerts_denied&value=1" >/dev/null
key r
wait_for 'Fired alerts cannot be read' 15 ||
    fail "the pane does not say the alerts cannot be read"
tmux_capture | sed -n '2,7p' >"$T/pane"
cat >"$T/want" <<'WANT_END'
 Your alerts: is Azure behind them?
  Sev0–2 · every subscription · every resource group

  Fired alerts cannot be read: this identity may not read them. Grant it
  Microsoft.AlertsManagement/alerts/read (e.g. the Monitoring Reader role) on
  the subscriptions to watch.
WANT_END
cmp -s "$T/pane" "$T/want" || {
	diff "$T/want" "$T/pane" >&2
	fail "the pane's lines after a 403"
}
pass "the pane says what to grant"
tmux_stop

alerts --json
check_eq "$RC" 13 "403: check --alerts exits undetermined"
check_eq "$(cat "$T/out")" "" "403: no list that reads as no alerts"
grep -q 'grant it Microsoft.AlertsManagement/alerts/read (e.g. the Monitoring Reader role)' "$T/err" ||
    fail "403: stderr does not say what to grant: $(cat "$T/err")"
pass "check --alerts: a 403 says what to grant"

# --- nothing was ever sent to Azure but reads ------------------------
check_eq "$(fake_requests | json_eval "sorted(set('%s %s' % (r['method'], r['path']) for r in d if r['method'] != 'GET'))")" \
    '["POST /providers/Microsoft.ResourceGraph/resources"]' \
    "only GETs and Resource Graph queries"
pass "nothing but reads reached Azure"
