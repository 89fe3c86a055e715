#!/bin/sh
# e2e-incidents.sh: the situations of tests/data/incidents/ marked "e2e"
# replayed through `azwatch check --json` against the fake Azure serving
# that corpus file (times moved to now): Service Health payloads through
# the real ARM client and parser, status page items through the feed, posts
# through the X API, and the channels a situation says are down answering
# 503.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

# One line per situation: file, now, service, region, since, channels
# that answer, verdict, matched ids (JSON), evidence substring.
python3 - "$TOP_SRCDIR/tests/data/incidents" >"$T/plan" <<'EOF'
import json, os, sys
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if not name.endswith(".json"):
        continue
    doc = json.load(open(os.path.join(d, name), encoding="utf-8"))
    # an incident without a tracking id is known by a key of the
    # channel's own making: only the count of matches is compared
    keyed = {i["key"] for i in doc["incidents"] if "key" in i}
    for s in doc["situations"]:
        if not s.get("e2e"):
            continue
        m = s.get("matched", [])
        m = "#%d" % len(m) if keyed & set(m) else json.dumps(m)
        print("\t".join([name, s.get("now", doc["now"]), s["service"],
                         s["region"], s.get("since", "-"),
                         ",".join(s["reachable"]) or "-", s["verdict"], m,
                         s.get("evidence") or "-"]))
EOF
[ -s "$T/plan" ] || fail "no situation of the corpus is marked e2e"

fake_start corpus
fake_use_secret
fake_use_x

n=0
while IFS='	' read -r file now service region since reach verdict matched evidence; do
	n=$((n + 1))
	what="$file: $service in $region ($reach)"
	shift_s=$(fake_ctl "corpus?file=$file&now=$now" | json_eval "d['shift']")
	[ -n "$shift_s" ] || fail "$what: the fake did not load the file"
	fake_ctl clear >/dev/null
	case ",$reach," in
	*,service-health,*) ;;
	*) fake_ctl "fault?path=/subscriptions&kind=503" >/dev/null ;;
	esac
	case ",$reach," in
	*,status-page,*) ;;
	*) fake_ctl "fault?path=/en-us/status/feed/&kind=503" >/dev/null ;;
	esac
	case ",$reach," in
	*,x,*) ;;
	*) fake_ctl "fault?path=/2/&kind=503" >/dev/null ;;
	esac
	# check answers as soon as the verdict is conclusive, so a page that
	# answers first may decide before Service Health has spoken; where
	# the situation has Service Health answering, the page is slower, so
	# that the evidence is the one the situation describes
	case ",$reach," in
	*,service-health,*status-page,*) lat=2000 ;;
	*) lat=0 ;;
	esac
	fake_ctl "set?key=latency_path&value=/en-us/status/feed/" >/dev/null
	fake_ctl "set?key=latency_ms&value=$lat" >/dev/null
	set -- check --json --service "$service" --region "$region"
	if [ "$since" != - ]; then
		since=$(python3 -c 'import sys, datetime as D
t = D.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=D.timezone.utc)
print((t + D.timedelta(seconds=int(sys.argv[2]))).strftime("%Y-%m-%dT%H:%M:%SZ"))' \
		    "$since" "$shift_s")
		set -- "$@" --since "$since"
	fi
	"$AZWATCH" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	got=$(json_eval "d['verdict']" <"$T/out")
	if [ "$got" != "$verdict" ]; then
		cat "$T/out" "$T/err" >&2
		fail "$what: verdict $got, want $verdict"
	fi
	case $matched in
	\#*) check_eq "#$(json_eval "len(d['matched'])" <"$T/out")" "$matched" \
	    "$what: matched" ;;
	*) check_eq "$(json_eval "d['matched']" <"$T/out")" "$matched" \
	    "$what: matched" ;;
	esac
	case $verdict in
	azure-incident) want=10 ;;
	not-matching) want=11 ;;
	mitigated-persisting) want=12 ;;
	no-known-incident) want=0 ;;
	*) want=13 ;;
	esac
	check_eq "$rc" "$want" "$what: exit status"
	if [ "$evidence" != - ]; then
		json_eval "' '.join(d['evidence']) + ' ' + d['next_step']" <"$T/out" |
		    grep -qF -- "$evidence" ||
		    fail "$what: nothing says \"$evidence\""
	fi
	pass "$what: $verdict"
done <"$T/plan"
[ "$n" -ge 10 ] || fail "only $n situations replayed"
pass "$n corpus situations through azwatch check"
