#!/bin/sh
# e2e-ticket.sh: from a not-matching verdict to a support ticket without
# leaving the terminal, in a private tmux server against the fake Azure:
# service, classification and severity picked, the full request shown,
# one PUT carrying the tracking id after y; read-only sends nothing; no
# support plan keeps the draft and the portal address; missing contact
# details say what to configure; a slow Support API never blocks the keys.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
TICKETS=/subscriptions/$FAKE_SUB_A1/providers/Microsoft.Support/supportTickets/
SERVICES=/providers/Microsoft.Support/services

# key KEY...: one key at a time, so Escape is never read as Alt-KEY.
key() {
	for _k in "$@"; do
		tmux_keys "$_k"
		sleep 0.15
	done
}

typed() {
	tmux_keys -l "$1"
	sleep 0.15
}

# requests_count PATH [METHOD]
requests_count() {
	fake_requests "$1" | json_eval "len([r for r in d if '${2:-}' in ('', r['method'])])"
}

# joined: the screen as one string without line starts' indentation, so a
# long path wrapped over two rows can be looked for whole.
joined() {
	tmux_capture | sed 's/^ *//' | tr -d '\n'
}

# walk: the wizard from the dashboard to not-matching for Redis in East
# US 2 while Redis in East US has an active incident.
walk() {
	wait_for '^│. active +7K2Q-XL8 Azure Cache for Red' 20 ||
	    fail "the dashboard did not show the Redis incident"
	key w
	wait_for 'Which service is failing\?' 5 || fail "w did not open the wizard"
	typed 'redis cache'
	wait_for '^ +Azure Cache for Redis *$' 5 || fail "alias Redis Cache"
	key Enter
	wait_for 'In which region\?' 5 || fail "Enter did not go to the region"
	typed 'east us 2'
	wait_for '^ +East US 2  eastus2 *$' 5 || fail "no type-ahead for east us 2"
	key Enter
	wait_for 'Which resource\?' 5 || fail "resource step"
	key Enter
	wait_for 'When did it start\?' 5 || fail "start step"
	key Enter
	wait_for 'Verdict: not-matching' 30 || fail "no not-matching verdict"
	tmux_capture | grep -q 't ticket' || fail "the verdict does not offer t"
}

# to_request: t, then the first service, the second classification and
# the third severity, up to the full request.
to_request() {
	key t
	wait_for 'Which Azure service is it about\?' 5 || fail "t did not open the ticket"
	tmux_capture | grep -q 'Recommended: nothing Azure reports explains this' ||
	    fail "not-matching: the ticket is not the recommended action"
	wait_for '^ +Azure Cache for Redis *$' 20 || fail "no support services listed"
	key Enter
	wait_for 'What kind of problem\?' 5 || fail "Enter did not pick the service"
	wait_for 'Performance / High latency' 20 || fail "no classifications listed"
	tmux_capture | grep -q '^  Azure Cache for Redis$' ||
	    fail "the chosen service is not shown"
	key Down Enter
	wait_for 'How bad is it\?' 5 || fail "Enter did not pick the classification"
	tmux_capture | grep -q 'moderate: work goes on' || fail "no severities"
	key Down Enter
	wait_for 'The request, exactly as it will be sent' 5 ||
	    fail "Enter did not show the request"
	wait_for '^  PUT$' 5 || fail "the request does not start with its PUT line"
	tmux_capture | grep -q "^  http://127\.0\.0\.1:$FAKE_PORT/subscriptions/$FAKE_SUB_A1/pr\$" ||
	    fail "the request does not name its address"
	# not-matching: the title is about our problem, never the incident
	# that does not match
	tmux_capture | grep -q '^  Title: Azure Cache for Redis failing in East US 2$' ||
	    fail "the request's title is not about our problem alone"
	tmux_capture | grep -q 'Azure Cache for Redis · Performance / High latency · Severity A' ||
	    fail "the choices are not summed up"
}

fake_start redis-eastus
fake_ctl "step?n=2" >/dev/null || fail "fake_ctl step 2"
AZWATCH_ACCESS_TOKEN=fake-ticket-token
export AZWATCH_ACCESS_TOKEN
cp "$T/config" "$T/config.nocontact"
cat >>"$T/config" <<EOF

[support]
first_name = Ada
last_name = Lovelace
email = ada@contoso.com
timezone = W. Europe Standard Time
EOF

# 1. the whole way: a ticket is created, exactly one PUT, the id shown
tmux_start
walk
fake_ctl "requests?clear=1" >/dev/null
to_request
tmux_capture | grep -q 'Press y to send this ticket to Azure support, Esc to go back' ||
    fail "no confirmation line"
check_eq "$(requests_count / PUT)" 0 "nothing is sent before y"
draft=$(ls -t "$T"/state/azwatch/drafts/*.md 2>/dev/null | head -n 1)
[ -n "$draft" ] || fail "t did not save the draft first"
grep -q '7K2Q-XL8' "$draft" || fail "the draft lacks 7K2Q-XL8"
pass "t walks service, classification, severity to the full request"

key j j
wait_for '^ +[0-9]+-[0-9]+/[0-9]+  j/k$' 5 || fail "the request does not scroll"
key y
wait_for 'Ticket created' 20 || fail "y did not create the ticket"
check_eq "$(requests_count "$TICKETS" PUT)" 1 "one PUT to supportTickets"
check_eq "$(requests_count / PUT)" 1 "no other PUT"
fake_requests "$TICKETS" | json_eval "[r for r in d if r['method'] == 'PUT'][0]" >"$T/put"
check_eq "$(json_eval "'7K2Q-XL8' in d['body']" <"$T/put")" True "the PUT carries 7K2Q-XL8"
# ... but only as "not this one" context: the ticket is not about it
check_eq "$(json_eval "'7K2Q-XL8' in __import__('json').loads(d['body'])['properties']['title']" <"$T/put")" \
    False "the title does not name the incident that does not match"
check_eq "$(json_eval "(lambda t: t.index('## Not this one') < t.index('7K2Q-XL8'))(__import__('json').loads(d['body'])['properties']['description'])" <"$T/put")" \
    True "the description names it only under 'Not this one'"
case $(json_eval "d['path']" <"$T/put") in
*7k2q*) fail "the ticket's name carries the incident that does not match" ;;
esac
check_eq "$(json_eval "__import__('json').loads(d['body'])['properties']['severity']" <"$T/put")" \
    critical "the severity picked"
check_eq "$(json_eval "__import__('json').loads(d['body'])['properties']['problemClassificationId'].rsplit('/', 1)[1]" <"$T/put")" \
    8f2b5c1e-9a1d-4e0f-b3c2-5d6e7f8a9b02 "the classification picked"
check_eq "$(json_eval "__import__('json').loads(d['body'])['properties']['contactDetails']['preferredTimeZone']" <"$T/put")" \
    "W. Europe Standard Time" "contact details from [support]"
path=$(json_eval "d['path']" <"$T/put")
number=$(curl -sS --max-time 10 -H "Authorization: Bearer fake-ticket-token" \
    "$FAKE_URL$path?api-version=2024-04-01" | json_eval "d['properties']['supportTicketId']")
[ -n "$number" ] || fail "the fake does not know the new ticket"
tmux_capture | grep -q "support ticket $number created" ||
    fail "the screen does not name ticket $number"
pass "y sends one PUT with 7K2Q-XL8 as context only and shows the created ticket $number"

key Escape
wait_for 'Verdict: not-matching' 5 || fail "Escape did not go back to the verdict"
pass "Escape goes back to the verdict"

# 2. Escape walks back a step at a time; a Support API that hangs never
# blocks the keys, and a screen closed while it hangs is harmless
fake_ctl "fault?path=$SERVICES&kind=hang&count=1" >/dev/null
key t
wait_for 'Loading support services… [0-9]+s' 10 || fail "no progress while loading"
wait_for 'Loading support services… [1-9][0-9]*s' 10 || fail "the spinner does not move"
key Escape
wait_for 'Verdict: not-matching' 5 || fail "Escape while loading did not go back"
key t
wait_for 'Loading support services' 10 || fail "t again while the first still hangs"
fake_ctl clear >/dev/null
wait_for '^ +Azure Cache for Redis *$' 30 || fail "the list did not come after the hang"
key Enter
wait_for 'What kind of problem\?' 20 || fail "service after the hang"
key Escape
wait_for 'Which Azure service is it about\?' 5 || fail "Escape from the classification"
key Escape
wait_for 'Verdict: not-matching' 5 || fail "Escape from the service"
pass "a hanging Support API keeps the keys working; Escape goes back a step"
key q
wait_gone 'Verdict: not-matching' 5 || fail "q did not close the wizard"
key q
# A busy machine's tmux can be slow to reap: a zombie has exited too.
pid=$(tmux -L "$TMUX_SOCKET" display-message -p -t azw '#{pane_pid}')
if st=$(tmux_exit_status 30 2>/dev/null); then
	check_eq "$st" 0 "exit status"
else
	case $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1) in
	Z|'') ;;
	*) fail "q did not quit" ;;
	esac
fi
tmux_stop

# 3. read-only: the request is shown, y sends nothing
fake_ctl "requests?clear=1" >/dev/null
tmux_start --read-only
walk
to_request
tmux_capture | grep -q 'read-only: nothing will be sent' ||
    fail "read-only: no notice"
tmux_capture | grep -q 'Press y to send' && fail "read-only: y is offered"
tmux_capture | grep -q 'y send' && fail "read-only: y in the hints"
key y
sleep 1
check_eq "$(requests_count / PUT)" 0 "read-only: no PUT"
tmux_capture | grep -q 'Ticket created' && fail "read-only: a ticket was created"
pass "read-only shows the request and sends nothing"
tmux_stop

# 4. no support plan: the draft's path and the portal address, to paste
fake_ctl "set?key=tickets_fail&value=NoSupportPlan" >/dev/null
fake_ctl "requests?clear=1" >/dev/null
tmux_start
walk
to_request
key y
wait_for 'No ticket: no support plan' 20 || fail "no plan: no message"
draft=$(ls -t "$T"/state/azwatch/drafts/*.md | head -n 1)
case $(joined) in
*"$draft"*) ;;
*) fail "no plan: the draft path $draft is not on screen" ;;
esac
tmux_capture | grep -q 'https://portal.azure.com/#create/Microsoft.Support' ||
    fail "no plan: the portal address is not on screen"
check_eq "$(requests_count "$TICKETS" PUT)" 1 "no plan: one PUT tried"
pass "no support plan keeps the draft and names the portal"
tmux_stop
fake_ctl "set?key=tickets_fail&value=" >/dev/null

# 5. no contact details: what to put where, before anything is asked.
# The dashboard's own first poll reads Support's service list (for the
# resource types of fired alerts and the early warning) beside the events;
# what the ticket flow asks is counted after that.
fake_ctl "requests?clear=1" >/dev/null
tmux_start --config "$T/config.nocontact"
_n=0
until [ "$(requests_count "$SERVICES" GET)" -ge 1 ]; do
	_n=$((_n + 1))
	[ "$_n" -lt 150 ] || fail "the first poll did not read Support's service list"
	sleep 0.1
done
fake_ctl "requests?clear=1" >/dev/null
walk
key t
wait_for 'Contact details needed' 5 || fail "no contact: no notice"
tmux_capture | grep -q 'first_name, last_name, email are not' ||
    fail "no contact: the missing keys are not named"
case $(joined) in
*"Add them to $T/config.nocontact:"*) ;;
*) fail "no contact: the file is not named" ;;
esac
tmux_capture | grep -E -q '^ +\[support\]$' || fail "no contact: no [support] section shown"
tmux_capture | grep -E -q '^ +email = ' || fail "no contact: no email line"
draft=$(ls -t "$T"/state/azwatch/drafts/*.md | head -n 1)
case $(joined) in
*"$draft"*) ;;
*) fail "no contact: the draft path is not on screen" ;;
esac
check_eq "$(requests_count "$SERVICES" GET)" 0 "no contact: nothing asked of Azure"
key Escape
wait_for 'Verdict: not-matching' 5 || fail "no contact: Escape"
pass "missing contact details say what to configure and where"
exit 0
