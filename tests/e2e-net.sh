#!/bin/sh
# e2e-net.sh: the network layer against the fake Azure, with a second fake
# standing in for another host: a next-page link to another port whose
# digits start like ARM's, or with a user name in front of another server,
# never gets the token (support tickets, events, alert rules); a configured
# endpoint with a user name is refused; with ARM's read budget low azwatch
# slows down instead of being throttled; one subscription whose calls hang
# does not hold back the other's events.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

EVENTS_A1=/subscriptions/$FAKE_SUB_A1/providers/Microsoft.ResourceHealth/events
EVENTS_A2=/subscriptions/$FAKE_SUB_A2/providers/Microsoft.ResourceHealth/events
TICKETS_A1=/subscriptions/$FAKE_SUB_A1/providers/Microsoft.Support/supportTickets
RULES_A1=/subscriptions/$FAKE_SUB_A1/providers/microsoft.insights/activityLogAlerts

# status: azwatch status --json into $T/out, stderr into $T/err; $RC.
status() {
	"$AZWATCH" status --json "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# chan ID EXPR: a field of one channel in $T/out.
chan() {
	json_eval "[c for c in d['channels'] if c['id'] == '$1'][0]$2" <"$T/out"
}

# start_fake PORT NAME: a fake Azure on PORT; 1 if the port is taken.
start_fake() {
	rm -f "$T/$2.port"
	python3 "$TOP_SRCDIR/tests/fake-azure.py" --port "$1" \
	    --port-file "$T/$2.port" --log "$T/$2.log" 2>/dev/null &
	_pid=$!
	_i=0
	while [ ! -s "$T/$2.port" ]; do
		if ! kill -0 "$_pid" 2>/dev/null; then
			wait "$_pid" 2>/dev/null
			return 1
		fi
		_i=$((_i + 1))
		if [ "$_i" -gt 100 ]; then
			kill "$_pid" 2>/dev/null
			wait "$_pid" 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
	LAST_PID=$_pid
	return 0
}

# The config and environment as every test has them, then ARM on a port
# P1 below 6554 and the other server on P1 followed by a digit: a link to
# it starts with ARM's URL, character for character.
fake_start
OLD_URL=$FAKE_URL
fake_stop
PID2=
trap '_rc=$?; [ -n "$PID2" ] && kill "$PID2" 2>/dev/null; (exit $_rc); _lib_cleanup' EXIT
tries=0
while :; do
	tries=$((tries + 1))
	[ "$tries" -le 40 ] || fail "no free pair of ports"
	P1=$((2000 + $(od -An -N2 -tu2 /dev/urandom) % 4550))
	start_fake "$P1" one || continue
	PID1=$LAST_PID
	P2=$((P1 * 10 + 7))
	if start_fake "$P2" two; then
		PID2=$LAST_PID
		break
	fi
	kill "$PID1" 2>/dev/null
	wait "$PID1" 2>/dev/null
done
FAKE_PID=$PID1
FAKE_PORT=$P1
FAKE_URL=http://127.0.0.1:$P1
AZWATCH_IMDS_ENDPOINT=$FAKE_URL
export FAKE_PORT FAKE_URL AZWATCH_IMDS_ENDPOINT
OTHER=http://127.0.0.1:$P2
sed "s|$OLD_URL|$FAKE_URL|g" "$T/config" |
    awk '{ print } /^\[poll\]$/ { print "connect_timeout = 2"; print "request_timeout = 3" }' \
    >"$T/config.new" && mv "$T/config.new" "$T/config"
cp "$T/config" "$T/config.good"
fake_use_secret
fake_ctl "step?n=1" >/dev/null

# other_requests: how many requests the other server saw, and with a token.
other_seen() {
	curl -sS --max-time 10 "$OTHER/_ctl/requests" |
	    json_eval "'%d %d' % (len(d), len([r for r in d if 'authorization' in r['headers']]))"
}

urlencode() {
	python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}

# -- a clean round first ------------------------------------------------------
status
check_eq "$RC" 0 "clean: exit status"
check_eq "$(chan service-health "['state']")" incident "clean: service health"
case $(chan support "['state']") in
ok|incident) ;;
*) fail "clean: support is $(chan support "['state']"): $(chan support "['error']")" ;;
esac
pass "both channels answer"

# -- a configured endpoint with a user name is refused --------------------------
sed "s|^arm_endpoint = .*|arm_endpoint = http://127.0.0.1:$P1@127.0.0.2:$P2|" \
    "$T/config.good" >"$T/config"
status
check_eq "$RC" 2 "userinfo endpoint: exit status"
case $(cat "$T/err") in
*"user name or password"*) ;;
*) fail "userinfo endpoint: stderr is '$(cat "$T/err")'" ;;
esac
check_eq "$(other_seen)" "0 0" "userinfo endpoint: the other server saw nothing"
cp "$T/config.good" "$T/config"
pass "a user name in a configured URL is refused"

# -- next pages that leave ARM: never fetched, the token stays home ---------------
# next_off NAME LINKBASE: every listing's next page goes to LINKBASE.
next_off() {
	fake_ctl clear >/dev/null
	fake_ctl "set?key=foreign_nextlink&value=$(urlencode "$2")" >/dev/null
	for p in "$TICKETS_A1" "$EVENTS_A1" "$RULES_A1"; do
		fake_ctl "fault?path=$p&kind=foreign-nextlink" >/dev/null ||
		    fail "$1: the fake refused the fault"
	done
	status
	check_eq "$(other_seen)" "0 0" "$1: the other server saw no request"
	case $(chan support "['detail']") in
	*"another host"*) ;;
	*) fail "$1: support detail is '$(chan support "['detail']")'" ;;
	esac
	case $(chan service-health "['error']") in
	*"another host"*) ;;
	*) fail "$1: service health error is '$(chan service-health "['error']")'" ;;
	esac
	fake_ctl clear >/dev/null
	pass "$1: not followed"
}
next_off "next page on another port" "$OTHER"
next_off "next page behind a user name" "http://127.0.0.1:$P1@127.0.0.1:$P2"

# -- a low read budget: spaced out, never throttled --------------------------------
fake_ctl "set?key=arm_reads&value=14" >/dev/null
fake_ctl "set?key=arm_refill&value=3" >/dev/null
fake_ctl "requests?clear=1" >/dev/null
status
status
check_eq "$(fake_requests | json_eval "len([r for r in d if r['status'] == 429])")" \
    0 "low budget: no request was throttled"
case $(chan service-health "['note']") in
*"ARM reads left: "[0-9]*"(slowing down)"*) ;;
*) fail "low budget: note is '$(chan service-health "['note']")'" ;;
esac
case $(chan service-health "['state']") in
ok|incident) ;;
*) fail "low budget: service health is $(chan service-health "['state']"): $(chan service-health "['error']")" ;;
esac
fake_ctl "set?key=arm_reads&value=11999" >/dev/null
fake_ctl "set?key=arm_refill&value=0" >/dev/null
pass "a low read budget slows azwatch down"

# -- one subscription hangs: the other's events arrive all the same -------------
fake_ctl "requests?clear=1" >/dev/null
fake_ctl "fault?path=$EVENTS_A1&kind=hang" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" &
SPID=$!
# while the first subscription's call hangs, the second one's is asked
_i=0
until [ "$(fake_requests "$EVENTS_A2" | json_eval "len(d)")" -gt 0 ]; do
	_i=$((_i + 1))
	[ "$_i" -le 200 ] || fail "hang: the second subscription was not asked while the first hung"
	sleep 0.1
done
check_eq "$(fake_requests "$EVENTS_A1" | json_eval "[r['status'] for r in d]")" \
    "[null]" "hang: the first subscription's call still hangs"
wait "$SPID"
RC=$?
fake_ctl clear >/dev/null
case $(chan service-health "['note']") in
*"(1 failing)"*) ;;
*) fail "hang: note is '$(chan service-health "['note']")'" ;;
esac
check_eq "$(json_eval "'service-health' in [i for i in d['incidents'] if i['tracking_id'] == '7K2Q-XL8'][0]['sources']" <"$T/out")" \
    True "hang: the other subscription's event is there"
pass "a hung subscription holds back no other"
