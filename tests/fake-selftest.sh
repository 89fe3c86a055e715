#!/bin/sh
# fake-selftest.sh: checks the fake Azure itself with curl — every route,
# every control and every fault kind — so that the end-to-end tests built
# on it can trust what it serves.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

FAILED=0
PASSED=0

ok() {
	PASSED=$((PASSED + 1))
	echo "ok - $1"
}
bad() {
	FAILED=$((FAILED + 1))
	echo "not ok - $1" >&2
}
# expect NAME GOT WANT
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}
# expect_grep NAME REGEX FILE
expect_grep() {
	if grep -E -q -- "$2" "$3"; then ok "$1"; else bad "$1: /$2/ not in $3"; fi
}

# code URL [curl args]: HTTP status of a GET (000 on a transport error).
code() {
	_u=$1
	shift
	curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" "$_u"
}

fake_start
U=$FAKE_URL
FEED=$U/en-us/status/feed/
A1=$FAKE_SUB_A1
A2=$FAKE_SUB_A2
EV="providers/Microsoft.ResourceHealth/events"

token() {
	curl -s --max-time 10 -d "client_id=app&client_secret=$FAKE_CLIENT_SECRET" \
	    --data-urlencode "scope=https://management.azure.com/.default" \
	    -d grant_type=client_credentials "$U/$FAKE_TENANT/oauth2/v2.0/token" |
	    json_eval 'd["access_token"]'
}
# arm PATH [curl args]: GET with the current token, body to stdout.
arm() {
	_p=$1
	shift
	curl -s --max-time 10 -H "Authorization: Bearer $TOK" "$@" "$U$_p"
}

# ------------------------------------------------------------ control
expect "default state" "$(fake_ctl state | json_eval '(d["scenario"], d["step"], d["faults"])')" \
    "('redis-eastus', 0, [])"
expect "unknown scenario refused" "$(code "$U/_ctl/scenario?name=nope")" 400
expect "unknown knob refused" "$(code "$U/_ctl/set?key=nope&value=1")" 400
expect "unknown fault kind refused" "$(code "$U/_ctl/fault?path=/&kind=nope")" 400
expect "next" "$(fake_ctl next | json_eval 'd["step"]')" 1
expect "step clamps" "$(fake_ctl 'step?n=99' | json_eval 'd["step"]')" 4
expect "scenario resets step" "$(fake_ctl 'scenario?name=redis-eastus' | json_eval 'd["step"]')" 0

# ------------------------------------------------------------ feed timeline
curl -s -D "$T/h0" -o "$T/f0" "$FEED"
expect_grep "feed content type" '^Content-Type: application/rss\+xml' "$T/h0"
expect_grep "feed content length" '^Content-Length: [0-9]+' "$T/h0"
expect_grep "feed title" '<title>Azure Status</title>' "$T/f0"
expect "step 0 feed is empty" "$(grep -c '<item>' "$T/f0")" 0
fake_ctl 'step?n=1' >/dev/null
curl -s -o "$T/f1" "$FEED"
expect_grep "step 1 investigating" '<title>Azure Cache for Redis - East US - Investigating</title>' "$T/f1"
expect_grep "step 1 tracking id" 'trackingId=7K2Q-XL8' "$T/f1"
expect_grep "pubDate with Z zone" '<pubDate>[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} Z</pubDate>' "$T/f1"
python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$T/f1" &&
    ok "step 1 feed is well-formed XML" || bad "step 1 feed is not well-formed"
fake_ctl next >/dev/null
curl -s -o "$T/f2" "$FEED"
expect_grep "step 2 update" 'Engineers have identified' "$T/f2"
fake_ctl next >/dev/null
curl -s -o "$T/f3" "$FEED"
expect_grep "step 3 mitigated" 'East US - Mitigated</title>' "$T/f3"
fake_ctl next >/dev/null
expect "step 4 item gone" "$(curl -s "$FEED" | grep -c '<item>')" 0

# ------------------------------------------------------------ ETag, gzip
fake_ctl 'step?n=1' >/dev/null
ETAG=$(curl -s -D - -o /dev/null "$FEED" | tr -d '\r' | sed -n 's/^ETag: //p')
[ -n "$ETAG" ] && ok "ETag sent" || bad "no ETag"
expect "If-None-Match gives 304" "$(code "$FEED" -H "If-None-Match: $ETAG")" 304
expect "other ETag gives 200" "$(code "$FEED" -H 'If-None-Match: "x"')" 200
fake_ctl next >/dev/null
expect "new step changes ETag" "$(code "$FEED" -H "If-None-Match: $ETAG")" 200
curl -s -D "$T/hz" -o "$T/fz" -H 'Accept-Encoding: gzip' "$FEED"
expect_grep "gzip header" '^Content-Encoding: gzip' "$T/hz"
curl -s -o "$T/fp" "$FEED"
if gzip -dc "$T/fz" | cmp -s - "$T/fp"; then ok "gzip body decodes"; else bad "gzip body"; fi

# ------------------------------------------------------------ login, IMDS
TOK=$(token)
case $TOK in fake-arm-token-*) ok "token endpoint";; *) bad "token: '$TOK'";; esac
curl -s -o "$T/bad" -w '%{http_code}' -d 'client_id=a&client_secret=wrong&scope=https%3A%2F%2Fmanagement.azure.com%2F.default&grant_type=client_credentials' \
    "$U/t/oauth2/v2.0/token" >"$T/badcode"
expect "wrong secret is 401" "$(cat "$T/badcode")" 401
expect "wrong secret body" "$(json_eval '(d["error"], d["error_codes"])' <"$T/bad")" "('invalid_client', [7000215])"
expect "IMDS needs Metadata" "$(code "$U/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/")" 400
expect "IMDS token shape" "$(curl -s -H 'Metadata: true' "$U/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/" |
    json_eval 'type(d["expires_in"]).__name__ + type(d["expires_on"]).__name__ + d["token_type"]')" strstrBearer

# ------------------------------------------------------------ ARM auth
SUBS="/subscriptions?api-version=2022-12-01"
expect "ARM without bearer" "$(code "$U$SUBS")" 401
expect "ARM with a bad token" "$(code "$U$SUBS" -H 'Authorization: Bearer nope')" 401
expect "ARM without api-version" "$(code "$U/subscriptions" -H "Authorization: Bearer $TOK")" 400
arm "$SUBS" -D "$T/hs" -o "$T/subs"
expect "two subscriptions" "$(json_eval '[s["subscriptionId"] for s in d["value"]]' <"$T/subs")" \
    "[\"$A1\", \"$A2\"]"
expect_grep "tenant reads header" '^x-ms-ratelimit-remaining-tenant-reads: [0-9]+' "$T/hs"
R1=$(arm "$SUBS" -D - -o /dev/null | tr -d '\r' | sed -n 's/^x-ms-ratelimit-remaining-subscription-reads: //p')
R2=$(arm "$SUBS" -D - -o /dev/null | tr -d '\r' | sed -n 's/^x-ms-ratelimit-remaining-subscription-reads: //p')
expect "subscription reads decrease" "$((R1 - R2))" 1
CLI=$("$TOP_SRCDIR/tests/bin/az" account get-access-token --resource https://management.azure.com/ --output json | json_eval 'd["accessToken"]')
expect "ARM accepts az CLI tokens" "$(code "$U$SUBS" -H "Authorization: Bearer $CLI")" 200

# ------------------------------------------------------------ events
fake_ctl 'set?key=events_pages&value=3' >/dev/null
NEXT="/subscriptions/$A1/$EV?api-version=2025-05-01&queryStartTime=1%2F1%2F2026"
PAGES=0
IDS=
while [ -n "$NEXT" ] && [ "$PAGES" -lt 10 ]; do
	arm "$NEXT" -o "$T/page"
	PAGES=$((PAGES + 1))
	IDS="$IDS$(json_eval '" ".join(e["name"] for e in d["value"])' <"$T/page") "
	NEXT=$(json_eval 'd.get("nextLink", "")' <"$T/page")
	case $NEXT in
	"$U/"*) NEXT=${NEXT#"$U"} ;;
	"") ;;
	*) bad "nextLink not on the request's host: $NEXT"; NEXT= ;;
	esac
done
expect "nextLink chain ends after events_pages" "$PAGES" 3
expect "events across pages" "$(echo $IDS)" "7K2Q-XL8 PM4R-Q1Z HA8P-3VN"
fake_ctl 'set?key=events_pages&value=1' >/dev/null
arm "/subscriptions/$A2/$EV?api-version=2025-05-01" -o "$T/ev2"
expect "sub a2 reports 7K2Q-XL8" "$(json_eval '[(e["name"], e["properties"]["status"], e["properties"]["impact"][0]["impactedRegions"][0]["impactedSubscriptions"]) for e in d["value"] if e["name"] == "7K2Q-XL8"]' <"$T/ev2")" \
    "[[\"7K2Q-XL8\", \"Active\", [\"$A2\"]]]"
expect "active sentinel" "$(json_eval 'd["value"][0]["properties"]["impactMitigationTime"]' <"$T/ev2")" "0001-01-01T00:00:00"
arm "/subscriptions/$A1/$EV/7K2Q-XL8/impactedResources?api-version=2025-05-01" -o "$T/imp"
expect "impacted Redis" "$(json_eval '[r["properties"]["targetResourceId"].split("/")[-1] + " " + r["properties"]["info"][0]["value"] for r in d["value"]]' <"$T/imp")" '["contoso-cache-eus Confirmed", "contoso-cache-eus-replica Potential"]'
REDIS="/subscriptions/$A1/resourceGroups/rg-cache-eastus/providers/Microsoft.Cache/Redis/contoso-cache-eus"
AV="$REDIS/providers/Microsoft.ResourceHealth/availabilityStatuses/current?api-version=2025-05-01"
expect "Redis unavailable at step 2" "$(arm "$AV" | json_eval 'd["properties"]["availabilityState"] + "/" + d["properties"]["healthEventCause"]')" "Unavailable/PlatformInitiated"
expect "one open ticket at step 2" "$(arm "/subscriptions/$A1/providers/Microsoft.Support/supportTickets?api-version=2024-04-01" | json_eval '[t["properties"]["status"] for t in d["value"]]')" '["Open"]'
fake_ctl 'step?n=3' >/dev/null
arm "/subscriptions/$A1/$EV?api-version=2025-05-01" -o "$T/ev3"
expect "step 3 resolved" "$(json_eval '[(e["properties"]["status"], e["properties"]["impact"][0]["impactedRegions"][0]["status"], e["properties"]["impactMitigationTime"][:2]) for e in d["value"] if e["name"] == "7K2Q-XL8"]' <"$T/ev3")" \
    '[["Resolved", "Resolved", "20"]]'
expect "Redis available at step 3" "$(arm "$AV" | json_eval 'd["properties"]["availabilityState"]')" Available
expect "emerging issues empty" "$(arm "/providers/Microsoft.ResourceHealth/emergingIssues?api-version=2025-05-01" | json_eval 'len(d["value"][0]["properties"]["statusActiveEvents"])')" 0

# ------------------------------------------------------------ expiry
expect "token works before expiry" "$(code "$U$SUBS" -H "Authorization: Bearer $TOK")" 200
fake_ctl expire-tokens >/dev/null
expect "expired token is refused" "$(arm "$SUBS" | json_eval 'd["error"]["code"]')" ExpiredAuthenticationToken
expect "az token expired too" "$(code "$U$SUBS" -H "Authorization: Bearer $CLI")" 401
TOK=$(token)
expect "a new token works" "$(code "$U$SUBS" -H "Authorization: Bearer $TOK")" 200

# ------------------------------------------------------------ Resource Graph
curl -s -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' -D "$T/hg" -o "$T/g1" \
    -d '{"query":"ServiceHealthResources | where type =~ '\''Microsoft.ResourceHealth/events'\''"}' \
    "$U/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"
expect_grep "graph quota header" '^x-ms-user-quota-remaining: [0-9]+' "$T/hg"
SKIP=$(json_eval 'd["$skipToken"]' <"$T/g1")
expect "graph page 1" "$(json_eval '(d["resultTruncated"], d["totalRecords"], d["count"], type(d["data"][0]["properties"]["ImpactStartTime"]).__name__)' <"$T/g1")" \
    "('false', 5, 3, 'int')"
curl -s -H "Authorization: Bearer $TOK" -o "$T/g2" \
    -d "{\"query\":\"ServiceHealthResources\",\"options\":{\"\$skipToken\":\"$SKIP\"}}" \
    "$U/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"
expect "graph page 2 is the last" "$(json_eval '(d["count"], "$skipToken" in d)' <"$T/g2")" "(2, False)"

# ------------------------------------------------------------ support
SUP="/providers/Microsoft.Support"
SID=$(arm "$SUP/services?api-version=2024-04-01" | json_eval '[s["name"] for s in d["value"] if s["properties"]["displayName"] == "Azure Cache for Redis"][0]')
PID=$(arm "$SUP/services/$SID/problemClassifications?api-version=2024-04-01" | json_eval 'd["value"][0]["name"]')
[ -n "$PID" ] && ok "problem classifications" || bad "no problem classification"
expect "name available" "$(curl -s -H "Authorization: Bearer $TOK" -d '{"name":"t-1","type":"Microsoft.Support/supportTickets"}' \
    "$U/subscriptions/$A1$SUP/checkNameAvailability?api-version=2024-04-01" | json_eval 'd["nameAvailable"]')" True
cat >"$T/ticket" <<EOF
{"properties":{"serviceId":"/providers/Microsoft.Support/services/$SID","title":"Redis down",
"description":"timeouts","problemClassificationId":"/providers/Microsoft.Support/services/$SID/problemClassifications/$PID",
"severity":"moderate","advancedDiagnosticConsent":"Yes","contactDetails":{"firstName":"A","lastName":"B",
"preferredContactMethod":"email","primaryEmailAddress":"a@b.example","preferredTimeZone":"UTC","country":"usa",
"preferredSupportLanguage":"en-us"}}}
EOF
TKT="$U/subscriptions/$A1$SUP/supportTickets/t-1?api-version=2024-04-01"
expect "ticket created" "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOK" --data-binary "@$T/ticket" "$TKT")" 201
expect "name now taken" "$(curl -s -H "Authorization: Bearer $TOK" -d '{"name":"t-1","type":"Microsoft.Support/supportTickets"}' \
    "$U$SUP/checkNameAvailability?api-version=2024-04-01" | json_eval 'd["nameAvailable"]')" False
expect "ticket listed" "$(arm "/subscriptions/$A1$SUP/supportTickets?api-version=2024-04-01" | json_eval 'sorted(t["name"] for t in d["value"])')" \
    '["azw-7k2q-xl8-eastus", "t-1"]'
expect "missing field refused" "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOK" -d '{"properties":{"title":"x"}}' "$TKT")" 400
fake_ctl 'set?key=tickets_fail&value=NoSupportPlan' >/dev/null
expect "tickets_fail" "$(curl -s -X PUT -H "Authorization: Bearer $TOK" --data-binary "@$T/ticket" "$TKT" | json_eval 'd["error"]["code"]')" NoSupportPlan
fake_ctl 'set?key=tickets_fail&value=' >/dev/null

# ------------------------------------------------------------ alerts
INS="providers/microsoft.insights"
expect "a1 alert rule" "$(arm "/subscriptions/$A1/$INS/activityLogAlerts?api-version=2020-10-01" | json_eval '[(r["properties"]["enabled"], r["properties"]["condition"]["allOf"][0]["equals"]) for r in d["value"]]')" \
    '[[true, "ServiceHealth"]]'
expect "a2 no alert rule" "$(arm "/subscriptions/$A2/$INS/activityLogAlerts?api-version=2020-10-01" | json_eval 'd["value"]')" '[]'
expect "action group email+sms" "$(arm "/subscriptions/$A1/resourceGroups/rg-monitor/$INS/actionGroups/ops-team?api-version=2023-01-01" | json_eval '(len(d["properties"]["emailReceivers"]), len(d["properties"]["smsReceivers"]))')" "(1, 1)"
expect "alert rule PUT echoes" "$(curl -s -X PUT -H "Authorization: Bearer $TOK" \
    -d "{\"location\":\"Global\",\"properties\":{\"scopes\":[\"/subscriptions/$A2\"],\"condition\":{\"allOf\":[]},\"actions\":{\"actionGroups\":[]},\"enabled\":true}}" \
    "$U/subscriptions/$A2/resourceGroups/rg/$INS/activityLogAlerts/sh?api-version=2020-10-01" | json_eval 'd["name"] + " " + d["properties"]["scopes"][0]')" \
    "sh /subscriptions/$A2"
expect "a2 rule listed after PUT" "$(arm "/subscriptions/$A2/$INS/activityLogAlerts?api-version=2020-10-01" | json_eval 'len(d["value"])')" 1
expect "action group PUT" "$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOK" \
    -d '{"location":"Global","properties":{"groupShortName":"x","enabled":true,"emailReceivers":[]}}' \
    "$U/subscriptions/$A2/resourceGroups/rg/$INS/actionGroups/ag?api-version=2023-01-01")" 201

# ------------------------------------------------------------ X
XB="Authorization: Bearer $FAKE_X_BEARER"
expect "X without bearer" "$(code "$U/2/users/by/username/AzureSupport")" 401
expect "X user id" "$(curl -s -H "$XB" "$U/2/users/by/username/AzureSupport" | json_eval 'd["data"]["id"]')" 1234567
expect "X unknown user" "$(curl -s -H "$XB" "$U/2/users/by/username/nobody_here" | json_eval 'd["errors"][0]["title"]')" "Not Found Error"
fake_ctl 'step?n=2' >/dev/null
curl -s -H "$XB" -D "$T/hx" -o "$T/x1" "$U/2/users/1234567/tweets?max_results=10&tweet.fields=created_at"
expect_grep "X rate headers" '^x-rate-limit-remaining: [0-9]+' "$T/hx"
expect "X posts newest first" "$(json_eval '(d["meta"]["result_count"], "7K2Q-XL8" in d["data"][0]["text"], d["data"][0]["id"] == d["meta"]["newest_id"], "created_at" in d["data"][0])' <"$T/x1")" \
    "(4, True, True, True)"
SINCE=$(json_eval 'd["data"][1]["id"]' <"$T/x1")
expect "since_id" "$(curl -s -H "$XB" "$U/2/users/1234567/tweets?since_id=$SINCE" | json_eval 'd["meta"]["result_count"]')" 1
NEWEST=$(json_eval 'd["meta"]["newest_id"]' <"$T/x1")
expect "nothing newer" "$(curl -s -H "$XB" "$U/2/users/1234567/tweets?since_id=$NEWEST" | json_eval 'd["meta"]')" '{"result_count": 0}'
fake_ctl 'set?key=x_remaining&value=1' >/dev/null
expect "last allowed X call" "$(code "$U/2/users/1234567/tweets" -H "$XB")" 200
expect "X rate limited" "$(curl -s -H "$XB" "$U/2/users/1234567/tweets" | json_eval 'd["errors"][0]["code"]')" 88
fake_ctl 'set?key=x_remaining&value=900' >/dev/null
curl -s -o "$T/xr" "$U/x/feed"
expect_grep "X RSS bridge" '<title>@AzureSupport</title>' "$T/xr"
expect_grep "X RSS posts" '7K2Q-XL8' "$T/xr"

# ------------------------------------------------------------ scenarios
fake_ctl 'scenario?name=quiet' >/dev/null
expect "quiet feed" "$(curl -s "$FEED" | grep -c '<item>')" 0
expect "quiet events" "$(arm "/subscriptions/$A1/$EV?api-version=2025-05-01" | json_eval 'd["value"]')" '[]'

fake_ctl 'scenario?name=broad' >/dev/null
expect_grep "broad feed" 'Azure Front Door - Multiple Regions - Investigating' /dev/stdin <<EOF
$(curl -s "$FEED")
EOF
expect "broad events 503" "$(code "$U/subscriptions/$A1/$EV?api-version=2025-05-01" -H "Authorization: Bearer $TOK")" 503
expect "broad emerging" "$(arm "/providers/Microsoft.ResourceHealth/emergingIssues?api-version=2025-05-01" | json_eval 'd["value"][0]["properties"]["statusActiveEvents"][0]["trackingId"]')" QN4T-9B0

fake_ctl 'scenario?name=regional-multi' >/dev/null
expect "per-region status" "$(arm "/subscriptions/$A1/$EV?api-version=2025-05-01&\$skipToken=0" | json_eval '[[(r["impactedRegion"], r["status"]) for r in e["properties"]["impact"][0]["impactedRegions"]] for e in d["value"]]')" \
    '[[["East US", "Active"], ["West US", "Resolved"]], []]'

fake_ctl 'scenario?name=hostile' >/dev/null
expect "hostile events carry escapes" "$(arm "/subscriptions/$A1/$EV?api-version=2025-05-01" | json_eval 'sum(1 for e in d["value"] if "\x1b" in e["properties"]["title"] + e["properties"]["summary"])')" 3
curl -s -o "$T/fh" "$FEED"
python3 -c '
import sys, xml.dom.minidom as m
ts = [t.firstChild.data for t in m.parse(sys.argv[1]).getElementsByTagName("title")[1:]]
sys.exit(0 if any("\u009b" in t for t in ts) and any("&#27;" in t and "PWNED" in t for t in ts) else 1)' "$T/fh" &&
    ok "hostile feed is well-formed and hostile" || bad "hostile feed"
expect "hostile posts" "$(curl -s -H "$XB" "$U/2/users/1234567/tweets" | json_eval 'all("PWNED" in p["text"] for p in d["data"])')" True

fake_ctl 'set?key=big_events&value=50' >/dev/null
fake_ctl 'set?key=big_items&value=30' >/dev/null
fake_ctl 'scenario?name=big' >/dev/null
expect "big events in one answer" "$(arm "/subscriptions/$A1/$EV?api-version=2025-05-01" | json_eval '(len(d["value"]), "nextLink" in d)')" "(50, False)"
expect "big feed items" "$(curl -s "$FEED" | grep -c '<item>')" 30
fake_ctl 'scenario?name=redis-eastus' >/dev/null
fake_ctl 'step?n=1' >/dev/null

# ------------------------------------------------------------ faults
fault() {
	fake_ctl "fault?path=$1&kind=$2${3:+&$3}" >/dev/null
}
P=/en-us/status/feed/

fault $P hang
S=$(date +%s)
curl -s -o /dev/null -m 1 "$FEED"
expect "hang times out" "$?" 28
fake_ctl clear >/dev/null
expect "after clear the feed answers" "$(code "$FEED")" 200

fault $P trickle
N=$(curl -s -m 2 "$FEED" | wc -c)
if [ "$N" -ge 1 ] && [ "$N" -le 4 ]; then ok "trickle sends a byte a second"; else bad "trickle sent $N bytes"; fi
fake_ctl clear >/dev/null

fault $P reset
curl -s -o /dev/null "$FEED"
RC=$?
if [ "$RC" = 56 ] || [ "$RC" = 18 ]; then ok "reset"; else bad "reset: curl exit $RC"; fi
fake_ctl clear >/dev/null

fault $P close
curl -s -o /dev/null "$FEED"
expect "close gives an empty reply" "$?" 52
fake_ctl clear >/dev/null

for k in 500 502 503 403 401; do
	fault $P $k
	expect "fault $k" "$(code "$FEED")" $k
	fake_ctl clear >/dev/null
done
fault /subscriptions 503
arm "$SUBS" -D "$T/h503" -o /dev/null
expect_grep "injected ARM errors keep the quota header" '^x-ms-ratelimit-remaining-subscription-reads: [0-9]+' "$T/h503"
fake_ctl clear >/dev/null
fault /subscriptions 401
expect "401 ExpiredAuthenticationToken" "$(arm "$SUBS" | json_eval 'd["error"]["code"]')" ExpiredAuthenticationToken
fake_ctl clear >/dev/null

fault $P 429 retry_after=5
curl -s -D "$T/h429" -o /dev/null "$FEED"
expect_grep "429 status" '^HTTP/1.1 429' "$T/h429"
expect_grep "429 Retry-After" '^Retry-After: 5' "$T/h429"
fake_ctl clear >/dev/null
fault $P 429-noretry
curl -s -D "$T/h429n" -o /dev/null "$FEED"
if grep -q '^HTTP/1.1 429' "$T/h429n" && ! grep -qi '^Retry-After' "$T/h429n"; then
	ok "429 without Retry-After"; else bad "429-noretry"; fi
fake_ctl clear >/dev/null

fault $P truncated
curl -s -o /dev/null "$FEED"
expect "truncated" "$?" 18
fake_ctl clear >/dev/null

fault $P garbage
curl -s -D "$T/hg" -o /dev/null "$FEED"
expect_grep "garbage keeps the content type" '^Content-Type: application/rss\+xml' "$T/hg"
fake_ctl clear >/dev/null

fault $P invalid-utf8
curl -s -o "$T/iu" "$FEED"
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/iu" 2>/dev/null &&
    bad "invalid-utf8 decodes" || ok "invalid-utf8"
fake_ctl clear >/dev/null

fault $P wrong-title
expect "wrong-title" "$(curl -s "$FEED" | grep -c '<title>Sign in to Wi-Fi</title>')" 1
fake_ctl clear >/dev/null

fault $P html
expect "html captive portal" "$(curl -s -o /dev/null -w '%{content_type}' "$FEED")" "text/html; charset=utf-8"
fake_ctl clear >/dev/null

fault $P oversized
N=$(curl -s -w '%{size_download}' -o /dev/null -m 30 "$FEED")
if [ "$N" -gt 41943040 ]; then ok "oversized streams > 40 MB"; else bad "oversized gave $N bytes"; fi
fake_ctl clear >/dev/null

fault /subscriptions deep-json
expect "deep-json depth" "$(arm "$SUBS" | python3 -c 'import sys; b = sys.stdin.read(); print(len(b) - len(b.lstrip("[")))')" 100000
fake_ctl clear >/dev/null

fault $P billion-laughs
expect "billion laughs" "$(curl -s "$FEED" | grep -c '<!ENTITY lol9 ')" 1
fake_ctl clear >/dev/null

fault $P xxe
expect "xxe" "$(curl -s "$FEED" | grep -c 'SYSTEM "file:///etc/passwd"')" 1
fake_ctl clear >/dev/null

fault /subscriptions/ self-nextlink
L="/subscriptions/$A1/$EV?api-version=2025-05-01"
expect "self-nextlink" "$(arm "$L" | json_eval 'd["nextLink"]')" "$U$L"
fake_ctl clear >/dev/null

fault $P redirect-foreign
curl -s -D "$T/hr" -o /dev/null "$FEED"
expect_grep "redirect-foreign" "^Location: http://localhost:$FAKE_PORT/_ctl/echo" "$T/hr"
curl -s -L -o /dev/null -H 'Authorization: Bearer leak' "$FEED"
expect "curl drops Authorization across hosts" "$(fake_ctl state | json_eval 'd["echo_authorization"]')" False
curl -s -o /dev/null -H 'Authorization: Bearer leak' "http://localhost:$FAKE_PORT/_ctl/echo"
expect "echo records Authorization" "$(fake_ctl state | json_eval 'd["echo_authorization"]')" True
fake_ctl clear >/dev/null

fault $P redirect-http
curl -s -D "$T/hr2" -o /dev/null "$FEED"
expect_grep "redirect-http" '^Location: http://example.com/feed' "$T/hr2"
fake_ctl clear >/dev/null

fault $P wrong-content-type
expect "wrong-content-type" "$(curl -s -o /dev/null -w '%{content_type}' "$FEED")" image/png
fake_ctl clear >/dev/null

fault $P empty
expect "empty" "$(curl -s -w '%{http_code} %{size_download}' -o /dev/null "$FEED")" "200 0"
fake_ctl clear >/dev/null

fault $P 503 count=1
expect "count=1 first" "$(code "$FEED")" 503
expect "count=1 then normal" "$(code "$FEED")" 200
expect "count=1 fault is used up" "$(fake_ctl state | json_eval 'd["faults"]')" '[]'

# ------------------------------------------------------------ request log
fake_ctl 'requests?clear=1' >/dev/null
curl -s -o /dev/null -H 'X-Probe: 42' -d 'a=1' "$U/$FAKE_TENANT/oauth2/v2.0/token"
expect "request log" "$(fake_requests /$FAKE_TENANT | json_eval '[(r["method"], r["headers"]["x-probe"], r["body"], r["status"]) for r in d]')" \
    '[["POST", "42", "a=1", 400]]'
expect "log cleared" "$(fake_requests /en-us | json_eval 'len(d)')" 0

# ------------------------------------------------------------ fake az
AZ=$TOP_SRCDIR/tests/bin/az
FAKE_AZ_LOG=$T/az.log "$AZ" account get-access-token --resource https://management.azure.com/ --output json >"$T/azout"
expect "az output shape" "$(json_eval 'sorted(d)' <"$T/azout")" '["accessToken", "expiresOn", "expires_on", "subscription", "tenant", "tokenType"]'
expect_grep "az argv logged" '^az account get-access-token --resource' "$T/az.log"
FAKE_AZ_FAIL=1 "$AZ" account get-access-token 2>"$T/azerr" >/dev/null
expect "az failure exit" "$?" 1
expect_grep "az failure message" "Please run 'az login'" "$T/azerr"

# ------------------------------------------------------------ shutdown
fake_stop
expect "SIGTERM exits cleanly" "$?" 0

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
