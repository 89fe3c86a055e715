#!/bin/sh
# e2e-early.sh: the early warning. In a drill of a regional outage
# (doc/examples/early-eastus2.timeline) the user's caches fail and azwatch
# warns before Service Health posts; when it posts, the warning joins the
# incident, whose detail view says how late each channel was and how much
# earlier azwatch warned (whole screens, times masked). Against the fake
# Azure: `status --json` carries the warning, `check` makes it the next
# step without calling it an Azure incident, a 403 says what to grant, and
# nothing but reads ever goes to Azure.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
need_tmux

# screen_is NAME: the screen, times masked, equals the expected one.
screen_is() {
	tmux_capture | sed -E \
	    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC/YYYY-MM-DD HH:MM UTC/g' \
	    -e 's/since [0-9]{2}:[0-9]{2} UTC/since HH:MM UTC/g' \
	    -e 's/updated [0-9]{2}:[0-9]{2}/updated HH:MM/g' \
	    -e '1s/T\+[0-9hm]+/T+XX/' -e '1s/ +/ /g' \
	    -e 's/\(([0-9hms]+|<1m) ago\)/(AGE ago)/g; s/\((in|[0-9hm]+ overdue) ?[0-9hm]*\)/(WHEN)/g' \
	    >"$T/$1.screen"
	cat >"$T/$1.want"
	cmp -s "$T/$1.want" "$T/$1.screen" || {
		diff -u "$T/$1.want" "$T/$1.screen" >&2
		fail "$1: the screen differs"
	}
}

# --- the drill: no network at all --------------------------------------
mkdir -p "$T/state" "$T/cfg" "$T/home"
XDG_STATE_HOME=$T/state
XDG_CONFIG_HOME=$T/cfg
HOME=$T/home
AZWATCH_CONFIG=$T/config
export XDG_STATE_HOME XDG_CONFIG_HOME HOME AZWATCH_CONFIG
: >"$T/config"

tmux_start replay "$TOP_SRCDIR/doc/examples/early-eastus2.timeline" \
    --speed 60
wait_for '^│. early +.*Early warning \(azwatch\)' 10 ||
    fail "no early warning in the feed"
tmux_capture | grep -E -q '^azwatch +DRILL +T\+[0-9hm]+ +0 active  1 early  overall: ok' ||
    fail "the early warning was counted as an Azure incident, or not at all"
tmux_capture | grep -q '8R3D-2VZ\|Connection failures' &&
    fail "the incident was there before the warning"
pass "the early warning comes first, marked as azwatch's"

tmux_keys Enter
wait_for 'Incident early:' 5 || fail "the warning's detail did not open"
screen_is warning <<'EOF'
azwatch DRILL T+XX 0 active 1 early overall: ok ? help
 Incident early:Azure Cache for Redis/eastus2                           1-19/19
 Early warning (azwatch): Azure Cache for Redis in East US 2
 azwatch's early warning: an inference from your resources' health, not
 Microsoft's word. Azure has not confirmed it.
 Status: active   Type: other   Tracking ID: —
 Level: azwatch
 Started: YYYY-MM-DD HH:MM UTC   Mitigated: —
 Last update: YYYY-MM-DD HH:MM UTC (AGE ago)
 Reported by: service-health
 First shown: early warning +4m
 Services: Azure Cache for Redis
 Regions: East US 2 (Azure Cache for Redis): active
 Updates (1, newest first, times in UTC):
   YYYY-MM-DD HH:MM UTC  service-health
     3 of your Azure Cache for Redis in East US 2 became unavailable
     (platform-initiated) since HH:MM UTC; Azure has posted nothing yet
 Summary:
   3 of your Azure Cache for Redis in East US 2 became unavailable
   (platform-initiated) since HH:MM UTC; Azure has posted nothing yet. This is
   azwatch's inference from your resources' health, not Microsoft's word.


j/k scroll  [/] prev/next  y copy ID  o open  / search  e export  q/Esc back
EOF
pass "the warning's detail says what it is and what it saw"

tmux_keys Escape
wait_for '^│. active +8R3D-2VZ Azure Cache for Redis - .*East US 2' 20 ||
    fail "Service Health's incident did not appear"
wait_for '^ status-page +incident' 20 ||
    fail "the status page did not join the incident"
tmux_capture | grep -q '^│. early ' && fail "the warning did not join the incident"
pass "Service Health posts; the warning joins its incident"

tmux_keys Enter
wait_for 'Incident 8R3D-2VZ' 5 || fail "the incident's detail did not open"
screen_is incident <<'EOF'
azwatch DRILL T+XX 1 active overall: incident ? help
 Incident 8R3D-2VZ                                                      1-21/48
 Azure Cache for Redis - East US 2 - Connection failures
 Status: active   Type: service issue   Tracking ID: 8R3D-2VZ
 Level: warning   High incident rate: no
 Started: YYYY-MM-DD HH:MM UTC   Mitigated: —
 Last update: YYYY-MM-DD HH:MM UTC (AGE ago)
 Current status: Engineers are investigating.
 Reported by: service-health, status-page
 First shown: Service Health +14m, status page +22m, early warning +4m
 azwatch's early warning came 10m before Service Health posted
 Services: Azure Cache for Redis
 Regions: East US 2 (Azure Cache for Redis): active
 Subscriptions: 00000000-0000-0000-0000-000000000001
 Links (o opens the first):
   Portal: https://app.azure.com/h/8R3D-2VZ/000001
   https://azure.status.microsoft/en-us/status/history/?trackingId=8R3D-2VZ
 Updates (2, newest first, times in UTC):
   YYYY-MM-DD HH:MM UTC  status-page
     Impact Statement: Starting at 14:02 UTC on 24 Nov 2026, customers using
     Azure Cache for Redis in East US 2 may experience connection failures.

     Current Status: Engineers are investigating.
j/k scroll  [/] prev/next  y copy ID  o open  / search  e export  q/Esc back
EOF
pass "the incident says how late each channel was and the lead"

# The drill grades the impacted resources as a live poll does: Azure's
# listing (confirmed, potential) and the user's other caches there.
tmux_keys G
wait_for '^   confirmed ' 5 || fail "no graded resources in the detail view"
screen_is graded <<'EOF'
azwatch DRILL T+XX 1 active overall: incident ? help
 Incident 8R3D-2VZ                                                     28-48/48
 Your resources (confirmed: Azure lists them; potential: yours in an impacted
 service and region), health now:
   confirmed  Unavailable
   /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shop-prod
   /providers/Microsoft.Cache/Redis/shop-cache-1
   confirmed  Unavailable
   /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shop-prod
   /providers/Microsoft.Cache/Redis/shop-cache-2
   potential  Unavailable
   /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shop-prod
   /providers/Microsoft.Cache/Redis/shop-cache-3
   potential  Available
   /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shop-prod
   /providers/Microsoft.Cache/Redis/shop-cache-4
   potential  Available
   /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shop-prod
   /providers/Microsoft.Cache/Redis/shop-cache-5
 Summary:
   Starting at 14:02 UTC on 24 Nov 2026, customers using Azure Cache for Redis
   in East US 2 may experience connection failures. Engineers are
   investigating.
j/k scroll  [/] prev/next  y copy ID  o open  / search  e export  q/Esc back
EOF
pass "the drill grades the impacted resources (Azure's confirmed and potential, then the user's own)"
tmux_keys q
tmux_keys q
wait_exited 20 || fail "azwatch did not exit"
tmux_stop

# --- against the fake Azure --------------------------------------------
fake_start early-eastus2
fake_use_secret
cat >>"$T/config" <<'EOF'

[early_warning]
min_resources = 3
window = 15m
EOF

fake_ctl "step?n=1" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
# one line per fact, in one look at the answer (python starts slowly)
facts() {
	json_eval "$1" <"$T/out" | tr -d '\r'
}
set -- "$(facts "'|'.join([str(len([i for i in d['incidents'] if not i.get('early_warning')]))] + [i['tracking_id'] + '|' + i['updates'][0]['text'] for i in d['incidents'] if i.get('early_warning')])")"
case $1 in
"0|early:Azure Cache for Redis/eastus2|3 of your Azure Cache for Redis in East US 2 became unavailable (platform-initiated) since "*"; Azure has posted nothing yet") ;;
*) fail "status --json: no Azure incident and one warning expected: $1" ;;
esac
pass "status --json carries the early warning (planned and user-stopped excluded)"
check_eq "$(facts "str(d['active']) + '|' + str(d['early_warnings'])")" "0|1" \
    "status --json: the header's counts"
"$AZWATCH" status >"$T/out" 2>"$T/err" || true
grep -qx "0 active incidents, 1 early warning (azwatch's inference, not Azure's word)" "$T/out" ||
    fail "status: the count line does not count the warning apart"
pass "status counts the early warning apart, as the header does"

"$AZWATCH" check --service redis --region eastus2 --json >"$T/out" 2>"$T/err"
check_eq $? 0 "check: exit status (no Azure incident)"
set -- "$(facts "d['verdict'] + '|' + str(any(e.startswith('early warning (azwatch') and '3 of your' in e for e in d['evidence'])) + '|' + d['next_step']")"
case $1 in
"no-known-incident|True|Azure has not confirmed this; raise a ticket now — Sev A if production is down — and keep watching"*) ;;
*) fail "check: verdict, evidence and next step: $1" ;;
esac
pass "check: the warning is the next step, never the verdict"
"$AZWATCH" check --service redis --region eastus2 >"$T/out" 2>"$T/err"
grep -qx "early warnings: 1 (azwatch's inference, not Azure's word)" "$T/out" ||
    fail "check: the text does not count the warning as status does"
pass "check counts the early warning as status and the header do"

fake_ctl "step?n=2" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
check_eq "$(facts "str(len([i for i in d['incidents'] if i.get('early_warning')])) + '|' + str('early_warning' in [i for i in d['incidents'] if i['tracking_id'] == 'E2R5-9KD'][0].get('first_seen', {}))")" \
    "0|True" "after Azure posted: no lone warning, and the incident's lag record has it"
pass "once Azure posts, the warning joins its incident's lag record"

# A missing permission says what to grant; the events still come.
fake_ctl "step?n=1" >/dev/null
fake_ctl "fault?path=/subscriptions/$FAKE_SUB_A1/providers/Microsoft.ResourceHealth/availabilityStatuses&kind=403" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
check_eq "$(facts "str('grant this identity Microsoft.ResourceHealth/availabilityStatuses/read' in [c for c in d['channels'] if c['id'] == 'service-health'][0].get('detail', '')) + '|' + str(len([i for i in d['incidents'] if i.get('early_warning')]))")" \
    "True|0" "a 403: what to grant, and no warning from a partial reading"
pass "a 403 on resource health says what to grant"
fake_ctl clear >/dev/null

# Only reads: GETs, and POSTs only to sign in or to Resource Graph.
fake_requests >"$T/out"
check_eq "$(facts "str([r['method'] + ' ' + r['path'] for r in d if r['method'] != 'GET' and not r['path'].endswith('/token') and not r['path'].startswith('/providers/Microsoft.ResourceGraph/')]) + '|' + str(len([r for r in d if r['path'].endswith('/availabilityStatuses')]) > 0)")" \
    "[]|True" "requests that are not reads; availability read at all"
pass "nothing but reads went to Azure"
