#!/bin/sh
# e2e-wizard.sh: the "is it us or is it Azure?" wizard in a private tmux
# server against the fake Azure: a walk to azure-incident and one to
# not-matching, Escape going back, the saved ticket draft, the dashboard
# updating underneath, and an open ticket said before a new one.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

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

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
AZWATCH_ACCESS_TOKEN=fake-wizard-token
export AZWATCH_ACCESS_TOKEN

tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 || fail "the dashboard did not start"

# Walk 1: Redis in East US, the region of the incident.
key w
wait_for 'Which service is failing\?' 5 || fail "w did not open the wizard"
tmux_capture | grep -q 'Enter choose' || fail "step 1 shows its keys"
typed redis
wait_for '^ +Azure Cache for Redis *$' 5 || fail "no type-ahead for redis"
key Enter
wait_for 'In which region\?' 5 || fail "Enter did not go to the region"
typed 'east us'
wait_for '^ +East US  eastus *$' 5 || fail "no type-ahead for east us"
key Enter
wait_for 'Which resource\?' 5 || fail "Enter did not go to the resource"
tmux_capture | grep -q 'Azure Cache for Redis · East US' ||
    fail "the answers so far are not shown"

# Escape goes back one step, keeping what was typed.
key Escape
wait_for 'In which region\?' 5 || fail "Escape did not go back to the region"
tmux_capture | grep -q '> east us' || fail "the typed region was lost"
pass "Escape goes back a step and keeps the answer"
key Enter
wait_for 'Which resource\?' 5 || fail "Enter after Escape"
key Enter
wait_for 'When did it start\?' 5 || fail "Enter did not skip the resource"
typed 30m
wait_for 'That means: [0-9-]+ [0-9:]+ UTC' 5 || fail "the start time is not read back"
key Enter
wait_for 'Verdict: azure-incident' 20 || fail "no azure-incident verdict"
tmux_capture | grep -q 'Matching incident: 7K2Q-XL8' ||
    fail "the verdict does not name 7K2Q-XL8"
tmux_capture | grep -q 'no ticket is needed for updates' ||
    fail "the verdict's next step is missing"
tmux_capture | grep -q 's save draft' || fail "the verdict shows its keys"
pass "walk to azure-incident for Redis in East US"

key s
wait_for 'Ticket draft saved:' 5 || fail "s did not save the draft"
draft=$(ls "$T"/state/azwatch/drafts/*.md 2>/dev/null | head -n 1)
[ -n "$draft" ] || fail "no draft file under the state directory"
grep -q '7K2Q-XL8' "$draft" || fail "the draft does not contain 7K2Q-XL8"
pass "s writes the draft with the tracking id"

key y
wait_for 'Tracking ID 7K2Q-XL8 copied' 5 || fail "y does not show the id"
pass "y copies the tracking id"

# The dashboard keeps updating underneath: mitigate the incident while the
# verdict is on screen; the header changes with no key pressed.
fake_ctl "step?n=3" >/dev/null || fail "fake_ctl step 3"
wait_for '^azwatch +0 active' 15 ||
    fail "the header did not update under the wizard"
key q
wait_for '^│. (mitigated|resolved) +7K2Q-XL8 Azure Cache for Redis' 10 ||
    fail "the feed did not show the mitigated incident after the wizard"
pass "the dashboard keeps updating underneath the wizard"

# Walk 2: Redis in East US 2 while Redis in East US is active.
fake_ctl "step?n=2" >/dev/null || fail "fake_ctl step 2"
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 || fail "back to step 2"
key w
wait_for 'Which service is failing\?' 5 || fail "w did not open the wizard"
# A typo matches nothing: the closest names are offered, as check
# suggests them; then the alias as people write it.
typed 'redis cahce'
wait_for 'No known name matches; did you mean:' 5 ||
    fail "no suggestions for a typo"
wait_for '^ +Azure Cache for Redis *$' 5 || fail "suggestion for redis cahce"
key C-u
wait_gone 'did you mean' 5 || fail "C-u did not clear the suggestions"
typed 'afd'
wait_for '^ +Azure Front Door *$' 5 || fail "alias AFD"
key C-u
pass "type-ahead: aliases, and the closest names when nothing matches"
typed 'redis cache'
wait_for '^ +Azure Cache for Redis *$' 5 || fail "alias Redis Cache"
key Enter
typed 'east us 2'
wait_for '^ +East US 2  eastus2 *$' 5 || fail "no type-ahead for east us 2"
key Enter
wait_for 'Which resource\?' 5 || fail "resource step"
key Enter
wait_for 'When did it start\?' 5 || fail "start step"
key Enter
wait_for 'Verdict: not-matching' 20 || fail "no not-matching verdict"
tmux_capture | grep -q 'raise a support ticket' ||
    fail "not-matching does not advise a ticket"
pass "walk to not-matching for Redis in East US 2"

# Walk 3: back to the region, East US: the support pane has an open ticket
# about 7K2Q-XL8, and the verdict says so before it offers a new one.
key Escape
wait_for 'When did it start\?' 5 || fail "Escape from the verdict"
key Escape Escape
wait_for 'In which region\?' 5 || fail "Escape back to the region"
key C-u
typed 'east us'
wait_for '^ +East US  eastus *$' 5 || fail "no type-ahead for east us"
key Enter
wait_for 'Which resource\?' 5 || fail "resource step"
key Enter
wait_for 'When did it start\?' 5 || fail "start step"
key Enter
wait_for 'Verdict: azure-incident' 20 || fail "no azure-incident verdict"
wait_for 'You already have an open support ticket about 7K2Q-XL8' 20 ||
    fail "the verdict does not say that a ticket is open"
tmux_capture | awk '/You already have an open support ticket/ && !s { s = NR }
    /^t ticket  / && !t { t = NR } END { exit !(s && t && s < t) }' ||
    fail "the open ticket is not said before a new one is offered"
pass "an open ticket about the incident is said before a new one"

# Escape from the verdict goes back to the start time, and on to close.
key Escape
wait_for 'When did it start\?' 5 || fail "Escape from the verdict"
key Escape Escape Escape
wait_for 'Which service is failing\?' 5 || fail "Escape back to step 1"
key Escape
wait_gone 'Which service is failing\?' 5 || fail "Escape on step 1 did not close"
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 5 || fail "no dashboard after the wizard"
pass "Escape walks back and closes the wizard"

key q
st=$(tmux_exit_status 15) || fail "q did not quit"
check_eq "$st" 0 "exit status"
