#!/bin/sh
# e2e-early-graph.sh: with more subscriptions than [azure] graph_threshold
# the early warning reads Resource Health through one Resource Graph
# query over HealthResources (states in availabilitystatuses rows, why in
# resourceannotations rows) instead of one listing per subscription, and
# warns just as it does from the listings: planned maintenance and a VM
# its owner stopped do not count. Against the fake Azure.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

fake_start early-eastus2
fake_use_secret
# the fake lists two subscriptions: one is the threshold
cat >>"$T/config" <<'EOF'

[azure]
graph_threshold = 1

[early_warning]
min_resources = 3
window = 15m
EOF

facts() {
	json_eval "$1" <"$T/out" | tr -d '\r'
}

fake_ctl "step?n=1" >/dev/null
fake_ctl "requests?clear=1" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
set -- "$(facts "'|'.join([str(len([i for i in d['incidents'] if not i.get('early_warning')]))] + [i['tracking_id'] + '|' + i['updates'][0]['text'] for i in d['incidents'] if i.get('early_warning')])")"
case $1 in
"0|early:Azure Cache for Redis/eastus2|3 of your Azure Cache for Redis in East US 2 became unavailable (platform-initiated) since "*"; Azure has posted nothing yet") ;;
*) cat "$T/err" >&2; fail "status --json: one warning from Resource Graph expected: $1" ;;
esac
pass "the early warning comes from Resource Graph (planned and user-stopped excluded)"

check_eq "$(facts "str('resource health (Resource Graph): 9 resources, 4 down for a platform reason' in [c for c in d['channels'] if c['id'] == 'service-health'][0].get('detail', ''))")" \
    "True" "the channel's detail names the reading"

# One query (its two pages), no listing per subscription.
fake_requests >"$T/out"
check_eq "$(facts "str(len([r for r in d if 'availabilityStatuses' in r['path']])) + '|' + str(len([r for r in d if r['path'].startswith('/providers/Microsoft.ResourceGraph/') and r['body'].lstrip().startswith('{') and __import__('json').loads(r['body'])['query'].startswith('HealthResources')]))")" \
    "0|2" "availabilityStatuses listings; HealthResources queries (pages)"
check_eq "$(facts "str(sorted(set(s for r in d if r['path'].startswith('/providers/Microsoft.ResourceGraph/') and 'HealthResources' in r['body'] for s in __import__('json').loads(r['body'])['subscriptions'])))")" \
    "['00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000a2']" \
    "the query covers every subscription"
pass "one Resource Graph query over every subscription, paged"

# Azure posts: the warning joins its incident, as with the listings.
fake_ctl "step?n=2" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
check_eq "$(facts "str(len([i for i in d['incidents'] if i.get('early_warning')])) + '|' + str('early_warning' in [i for i in d['incidents'] if i['tracking_id'] == 'E2R5-9KD'][0].get('first_seen', {}))")" \
    "0|True" "after Azure posted: no lone warning, and the incident's lag record has it"
pass "once Azure posts, the warning joins its incident"

# Not permitted: what to grant, no warning; Service Health's events still
# come through their own query.
fake_ctl "step?n=1" >/dev/null
fake_ctl "set?key=health_graph_denied&value=1" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
fake_ctl "set?key=health_graph_denied&value=" >/dev/null
check_eq "$(facts "str('resource health (Resource Graph): not permitted; grant this identity read access (the Reader role) to the subscriptions for the early warning' in [c for c in d['channels'] if c['id'] == 'service-health'][0].get('detail', '')) + '|' + [c for c in d['channels'] if c['id'] == 'service-health'][0]['state'] + '|' + str(len([i for i in d['incidents'] if i.get('early_warning')]))")" \
    "True|ok|0" "a 403 on HealthResources: what to grant, the channel answers, no warning"
pass "a refused HealthResources query says what to grant"

# A failed query keeps no half reading and says why.
fake_ctl "step?n=1" >/dev/null
fake_ctl "fault?path=/providers/Microsoft.ResourceGraph/&kind=503" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
fake_ctl clear >/dev/null
check_eq "$(facts "str(len([i for i in d['incidents'] if i.get('early_warning')]))")" \
    "0" "no warning without a reading"
pass "Resource Graph down: no warning from nothing"
