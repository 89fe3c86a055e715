#!/bin/sh
# e2e-check.sh: `azwatch check` against the fake Azure: every verdict with
# its exit code, the --json shape, the fallback order when Service Health
# or the status page cannot be reached, and usage errors.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

# check ARGS...: run azwatch check --json, output in $T/out, exit in $RC.
check() {
	"$AZWATCH" check --json "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

field() {
	json_eval "d$1" <"$T/out"
}

fake_start
fake_use_secret
fake_ctl "step?n=1" >/dev/null

# The seed's own example: the incident is Redis in East US.
check --service "Redis Cache" --region eastus
check_eq "$RC" 10 "Redis in East US: exit status"
check_eq "$(field "['verdict']")" azure-incident "Redis in East US: verdict"
check_eq "$(field "['matched']")" '["7K2Q-XL8"]' "Redis in East US: matched"
check_eq "$(field "['service']")" "Azure Cache for Redis" "canonical service"
check_eq "$(field "['region']")" "East US" "canonical region"
check_eq "$(field "['channels_used'][0]")" service-health \
    "Service Health is consulted first"
check_eq "$(json_eval "sorted(d.keys())" <"$T/out")" \
    '["channels_used", "evidence", "matched", "next_step", "region", "service", "verdict"]' \
    "--json keys"
case $(json_eval "' '.join(d['evidence'])" <"$T/out") in
*7K2Q-XL8*) ;;
*) fail "evidence does not name the tracking id" ;;
esac
pass "azure-incident (exit 10) with evidence"

# ... and the symptoms are Redis in East US 2: not the known incident.
check --service "Azure Cache for Redis" --region "East US 2"
check_eq "$RC" 11 "Redis in East US 2: exit status"
check_eq "$(field "['verdict']")" not-matching "Redis in East US 2: verdict"
check_eq "$(field "['matched']")" '[]' "Redis in East US 2: nothing matched"
case $(field "['next_step']") in
*ticket*) ;;
*) fail "not-matching should advise a support ticket" ;;
esac
pass "not-matching (exit 11) advises a ticket"

# Region and service in other spellings.
check --service redis --region "east us"
check_eq "$RC" 10 "lower-case display name and alias"
pass "region and service forms"

# An open support ticket about the matched incident is said first. The
# status page answers later here: a page that answered first would make
# the verdict conclusive before ARM (and the ticket list) had spoken.
fake_ctl "step?n=2" >/dev/null
fake_ctl "set?key=latency_path&value=/en-us/status/feed/" >/dev/null
fake_ctl "set?key=latency_ms&value=2000" >/dev/null
fake_ctl "requests?clear=1" >/dev/null
check --service "Redis Cache" --region eastus
fake_ctl "set?key=latency_ms&value=0" >/dev/null
check_eq "$RC" 10 "open ticket: exit status"
case $(field "['next_step']") in
"You already have an open support ticket about 7K2Q-XL8"*) ;;
*) fail "the next step does not start with the open ticket" ;;
esac
# the tickets are read once, beside the events; joining them to the
# incident once Service Health has answered asks nothing more
check_eq "$(fake_requests /subscriptions/ | json_eval "sorted(set(len([q for q in d if q['path'] == r['path']]) for r in d if r['path'].endswith('/Microsoft.Support/supportTickets')))")" \
    '[1]' "each subscription's tickets asked once"
pass "an open ticket about the incident is said before a new one"

# Mitigated, yet the symptoms persist.
fake_ctl "step?n=3" >/dev/null
check --service "Redis Cache" --region "East US"
check_eq "$RC" 12 "mitigated: exit status"
check_eq "$(field "['verdict']")" mitigated-persisting "mitigated: verdict"
pass "mitigated-persisting (exit 12)"

# Nothing anywhere.
fake_ctl "scenario?name=quiet" >/dev/null
check --service VM --region westeurope
check_eq "$RC" 0 "quiet: exit status"
check_eq "$(field "['verdict']")" no-known-incident "quiet: verdict"
pass "no-known-incident (exit 0)"

# Service Health unreachable: the status page decides.
fake_ctl "scenario?name=broad" >/dev/null
check --service "Azure Front Door" --region "West Europe"
check_eq "$(field "['channels_used'][:2]")" '["service-health", "status-page"]' \
    "broad: fallback to the status page"
check_eq "$(field "['verdict']")" azure-incident "broad: multi-region incident covers West Europe"
check_eq "$RC" 10 "broad: exit status"
pass "status page decides when Service Health is unreachable"

# Neither Service Health nor the status page (and X is not configured).
fake_ctl "fault?path=/en-us/status/feed/&kind=503" >/dev/null
check --service "Azure Front Door" --region "West Europe"
check_eq "$RC" 13 "all down: exit status"
check_eq "$(field "['verdict']")" undetermined "all down: verdict"
pass "undetermined (exit 13)"
fake_ctl clear >/dev/null

# Text output.
fake_ctl "scenario?name=redis-eastus" >/dev/null
fake_ctl "step?n=1" >/dev/null
"$AZWATCH" check --service "Redis Cache" --region eastus >"$T/out" 2>&1
RC=$?
check_eq "$RC" 10 "text output: exit status"
grep -q "^verdict: azure-incident" "$T/out" || fail "text output lacks the verdict line"
pass "text output"

# Usage errors: one line on stderr, exit 2.
"$AZWATCH" check --region eastus >/dev/null 2>"$T/err"
check_eq "$?" 2 "missing --service"
check_eq "$(wc -l <"$T/err" | tr -d ' ')" 1 "one line on stderr"
"$AZWATCH" check --service VM --region eastus --since "not a time" \
    >/dev/null 2>"$T/err"
check_eq "$?" 2 "bad --since"
grep -q "^azwatch: --since: cannot read" "$T/err" || fail "bad --since: $(cat "$T/err")"
"$AZWATCH" check --service VM --region eastus --bogus >/dev/null 2>&1
check_eq "$?" 2 "unknown option"
pass "usage errors exit 2"

# Names nobody uses are refused, with the closest known names; the forms
# people and Microsoft write are accepted and made canonical.
"$AZWATCH" check --service "Redis Cahce" --region eastus >"$T/out" 2>"$T/err"
check_eq "$?" 2 "unknown service: exit status"
check_eq "$(cat "$T/err")" \
    "azwatch: unknown service 'Redis Cahce'; did you mean 'Azure Cache for Redis'?" \
    "unknown service: the suggestion"
check_eq "$(wc -c <"$T/out" | tr -d ' ')" 0 "unknown service: nothing on stdout"
"$AZWATCH" check --service "Azure Cache for Redis" --region eastus3 \
    >/dev/null 2>"$T/err"
check_eq "$?" 2 "unknown region: exit status"
check_eq "$(cat "$T/err")" \
    "azwatch: unknown region 'eastus3'; did you mean 'East US' or 'East US 2'?" \
    "unknown region: the suggestions"
"$AZWATCH" check --service "Teleportation" --region "Atlantis" \
    >/dev/null 2>"$T/err"
check_eq "$?" 2 "nothing close: exit status"
check_eq "$(wc -l <"$T/err" | tr -d ' ')" 1 "nothing close: one line on stderr"
grep -q "^azwatch: unknown service 'Teleportation'" "$T/err" ||
    fail "nothing close: $(cat "$T/err")"
pass "unknown service or region: exit 2 with the closest names"

fake_ctl "scenario?name=quiet" >/dev/null
check --service AFD --region "East US 2"
check_eq "$RC" 0 "AFD: exit status"
check_eq "$(field "['service']")" "Azure Front Door" "AFD is Azure Front Door"
check_eq "$(field "['region']")" "East US 2" "East US 2"
check --service "Azure Active Directory" --region westeurope
check_eq "$RC" 0 "Azure Active Directory: exit status"
check_eq "$(field "['service']")" "Microsoft Entra ID" "Azure Active Directory is Microsoft Entra ID"
check --service Relay --region "west us 2"
check_eq "$RC" 0 "Relay: exit status"
check_eq "$(field "['service']")" "Azure Relay" "Relay is Azure Relay"
check_eq "$(field "['region']")" "West US 2" "west us 2"
check --service "Network Infrastructure" --region uksouth
check_eq "$RC" 0 "Network Infrastructure: exit status"
check_eq "$(field "['service']")" "Azure Networking" "the status page's area is Azure Networking"
check --service Frontdoor --region "Global"
check_eq "$RC" 0 "Frontdoor, Global: exit status"
check_eq "$(field "['service']")" "Azure Front Door" "Frontdoor"
pass "aliases, renamed services and umbrella names are accepted"
