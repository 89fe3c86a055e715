#!/bin/sh
# e2e-keys.sh: the conventions of terminal tools, on the real binary in a
# private tmux server against the fake Azure (redis-eastus: the Redis
# outage 7K2Q-XL8, maintenance ahead PM4R-Q1Z, an advisory HA8P-3VN):
# the "/" prompt with n/N and Esc, the ":" command line with Tab
# completion, the mouse, signals (Ctrl-C 130, SIGTERM 0, SIGHUP reloads),
# filters kept across a restart, `config init`, and the C locale.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

HINTS='Tab pane  Enter details  / search  f filter  r refresh  w wizard  ? help  q quit'

# bottom_is TEXT MSG: the whole bottom line of the screen is TEXT.
bottom_is() {
	_n=50
	while [ "$_n" -gt 0 ]; do
		[ "$(tmux_capture | tail -n 1)" = "$1" ] && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	fail "$2: the bottom line is '$(tmux_capture | tail -n 1)', want '$1'"
}

# opened ID: Enter opens the selected incident, whose id is ID; back.
opened() {
	tmux_keys Enter
	wait_for "^ Incident $1 " 5 || fail "the selection is not $1"
	tmux_keys q
	wait_for '^┌ incidents: ' 5 || fail "q did not go back to the feed"
}

# pid of azwatch in the pane (tmux runs env, which execs it)
azw_pid() {
	_tmux display-message -p -t azw '#{pane_pid}'
}

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
AZWATCH_ACCESS_TOKEN=fake-keys-token
export AZWATCH_ACCESS_TOKEN
cat >>"$T/config" <<EOF

[notify]
bell = off
tmux = off

[notify]
bell = off
tmux = off
EOF

tmux_start
wait_for 'incidents: 3, ' 15 || fail "the feed does not list 3 incidents"
bottom_is "$HINTS" "the key hints"
check_eq "$(_tmux display-message -p -t azw '#{mouse_any_flag}')" 0 \
    "the mouse is off by default"

# "/": a visible prompt at the bottom; the list narrows as it is typed.
tmux_keys /
bottom_is '/   Enter keeps, Esc clears, n/N next/previous' "/ opens a prompt"
tmux_keys e
bottom_is '/e   Enter keeps, Esc clears, n/N next/previous' "typing shows"
wait_for 'incidents: 3 of 3, .* · /e ─' 5 || fail "the search is not applied"
tmux_keys BSpace r e d
wait_for 'incidents: 1 of 3, .* · /red ─' 5 || fail "/red does not narrow"
tmux_keys BSpace BSpace BSpace e Enter
bottom_is "$HINTS" "Enter closes the prompt"
wait_for 'incidents: 3 of 3, .* · /e ─' 5 || fail "Enter did not keep /e"
# n and N go round the matches
opened 7K2Q-XL8
tmux_keys n
opened PM4R-Q1Z
tmux_keys N N
opened HA8P-3VN
tmux_keys n
opened 7K2Q-XL8
tmux_keys Escape
wait_for 'incidents: 3, 1 active' 5 || fail "Esc did not clear the search"
tmux_keys / r e d Escape
wait_for 'incidents: 3, 1 active' 5 || fail "Esc in the prompt did not clear"
bottom_is "$HINTS" "Esc closes the prompt"
pass "/ prompts at the bottom, narrows as typed; Enter keeps; n/N; Esc clears"

# ":" with Tab completion of commands, fields and values.
tmux_keys :
bottom_is ':' "the command line opens"
tmux_keys Tab
bottom_is ':   export filter help quit sort' "Tab lists the commands"
tmux_keys f i Tab
bottom_is ':filter' "Tab completes filter"
tmux_keys r e Tab E a Tab
bottom_is ':filter region East US' "Tab completes the field and the value"
tmux_keys Enter
bottom_is 'filter: region=East US' "the filter says what it did"
wait_for 'incidents: 1 of 3, 1 active.* · filter: region=East US ─' 5 ||
    fail ":filter region did not filter"
tmux_keys : f i l t e r Space c l e a r Enter
bottom_is 'filter: none' ":filter clear"
wait_for 'incidents: 3, 1 active' 5 || fail ":filter clear did not clear"
tmux_keys : s o r t Space t i t l e Enter
bottom_is 'sorted by title (:sort cycles: updated, status, title)' ":sort title"
# the three rows under the feed's heading, from its TITLE column on
want=$(printf '%s\n' 'Action recommended: mov' \
    'Azure Cache for Redis -' 'Planned maintenance: Vi')
got=$(tmux_capture | awk '
	n > 0 && n <= 3 { print substr($0, col, 23); n++ }
	n == 0 && /│.*STATE.*TITLE/ { col = index($0, "TITLE"); n = 1 }')
check_eq "$got" "$want" ":sort title: the rows"
tmux_keys : s o r t Enter
bottom_is 'sorted by updated (:sort cycles: updated, status, title)' ":sort cycles"
tmux_keys : b o g u s Enter
bottom_is "unknown command 'bogus': try :help (filter, sort, export, quit, help)" \
    "an unknown command"
tmux_keys j
bottom_is "$HINTS" "a key clears the message"
tmux_keys : h e Tab Enter
wait_for '│ +\? : q +this help; command line \(Tab\); quit +│' 5 ||
    fail ":help does not show the keys"
tmux_keys Space
wait_gone 'this help; command line' 5 || fail "the help did not close"
pass ": runs filter, sort, help; Tab completes; an unknown command is one line"

# SIGHUP: the configuration again, without losing the screen or the
# filters: X gets a token (a new credential: a new worker), then a bad
# file changes nothing and says why.
tmux_keys : f i l t e r Space r e g i o n Space e a s t u s Enter
wait_for 'incidents: 1 of 3, .* · filter: region=eastus ─' 5 ||
    fail ":filter region eastus"
wait_for '^ x +unconfigured' 5 || fail "X is not unconfigured at first"
printf '%s\n' "$FAKE_X_BEARER" >"$T/x-token"
chmod 600 "$T/x-token"
cp "$T/config" "$T/config.good"
printf '\n[x]\nbearer_token_file = %s\n[colors]\nactive = magenta\n' \
    "$T/x-token" >>"$T/config"
ESC=$(printf '\033')
_tmux capture-pane -e -p -t azw | grep -q "${ESC}\[31mactive" ||
    fail "active is not red before the reload"
kill -HUP "$(azw_pid)"
bottom_is "configuration reloaded from $T/config" "SIGHUP says it reloaded"
wait_gone 'unconfigured' 15 || fail "X is still unconfigured after SIGHUP"
wait_for 'incidents: 1 of 3, .* · filter: region=eastus ─' 5 ||
    fail "the filter was lost in the reload"
wait_for "^│. active +7K2Q-XL8 Azure Cache for Red" 5 || fail "the feed was lost"
_tmux capture-pane -e -p -t azw | grep -q "${ESC}\[35mactive" ||
    fail "[colors] active = magenta did not apply on SIGHUP"
printf '\n[poll]\ninterval = soon\n' >>"$T/config"
kill -HUP "$(azw_pid)"
bottom_is "kept the old config: config:$(grep -c '' "$T/config"): interval: 'soon' is not a number in range" \
    "a bad configuration is not reported"
tmux_capture | grep -q 'unconfigured' && fail "the bad file undid the X token"
wait_for 'incidents: 1 of 3, .* · filter: region=eastus ─' 5 ||
    fail "the filter was lost in a failed reload"
pass "SIGHUP reloads (X signs in, [colors]), keeps the feed and filters; a bad file changes nothing and says why"
cp "$T/config.good" "$T/config"

# Ctrl-C: 130, as a shell reports an interrupted program.
tmux_keys : s o r t Space u p d a t e d Enter
bottom_is 'sorted by updated (:sort cycles: updated, status, title)' ":sort updated"
tmux_keys C-c
st=$(tmux_exit_status 15) || fail "Ctrl-C did not stop azwatch"
check_eq "$st" 130 "Ctrl-C's exit status"
pass "Ctrl-C exits with 130"

# The mouse, with [ui] mouse = on: tmux passes what the terminal would
# send (SGR 1006 reports, as xterm-256color's kmous says).
printf '\n[ui]\nmouse = on\n' >>"$T/config"
tmux_stop
tmux_start --no-color
wait_for 'incidents: ' 15 || fail "no restart"
wait_for "^│. active +7K2Q-XL8 Azure Cache for Red" 15 || fail "no feed after the restart"
if _tmux capture-pane -e -p -t azw | grep -q "${ESC}\[3[0-7]m"; then
	fail "--no-color still draws in colour"
fi

# The filters and the sort came back from the state directory.
wait_for 'incidents: 1 of 3, .* · filter: region=eastus ─' 5 ||
    fail "the filter did not survive the restart"
[ "$(stat -c %a "$T/state/azwatch/filters")" = 600 ] ||
    fail "the filters file is not 0600"
grep -qx 'sort=updated' "$T/state/azwatch/filters" || fail "sort not kept"
tmux_keys : s o r t Enter
bottom_is 'sorted by status (:sort cycles: updated, status, title)' \
    "the sort did not survive the restart"
# status is [ui] sort's default: picking it hands the order back to the
# configuration, so no sort is kept
if grep -q '^sort=' "$T/state/azwatch/filters"; then
	fail "the configured sort was kept: $(cat "$T/state/azwatch/filters")"
fi
tmux_keys : s o r t Space u Tab Enter : f i Tab c l Tab Enter
wait_for 'incidents: 3, ' 5 || fail ":filter clear after the restart"
pass "filters and sort survive a restart (0600 file in the state directory)"
check_eq "$(_tmux display-message -p -t azw '#{mouse_sgr_flag}')" 1 \
    "mouse = on asks the terminal for mouse reports"
# click X,Y (1-based, as the terminal counts), wheel up/down at X,Y
click() {
	_tmux send-keys -t azw -l "$(printf '\033[<0;%d;%dM' "$1" "$2")"
	_tmux send-keys -t azw -l "$(printf '\033[<0;%d;%dm' "$1" "$2")"
}
wheel() {
	_tmux send-keys -t azw -l "$(printf '\033[<%d;%d;%dM' "$1" "$2" "$3")"
}
# 80x24: the channels one line each (rows 2-5), the feed's rows from 8
click 30 3
bottom_is 'Tab pane  Enter details  r refresh  w wizard  ? help  q quit' \
    "a click on the status-page line does not focus the channels"
click 20 8
bottom_is "$HINTS" "a click on the feed does not focus it"
click 20 10
opened HA8P-3VN
wheel 64 20 9
opened 7K2Q-XL8
wheel 65 20 9
opened HA8P-3VN
pass "mouse = on: a click focuses a pane and selects a row; the wheel scrolls; --no-color"

# SIGHUP with a new [ui] sort: where no sort is picked (status, the
# configured one, picked again hands the order back) the feed follows it.
tmux_keys : s o r t Space s t a t u s Enter
bottom_is 'sorted by status (:sort cycles: updated, status, title)' \
    ":sort status before the reload"
printf 'sort = title\n' >>"$T/config"	# the file ends in [ui]
kill -HUP "$(azw_pid)"
bottom_is "configuration reloaded from $T/config" "SIGHUP with [ui] sort"
want=$(printf '%s\n' 'Action recommended: mov' \
    'Azure Cache for Redis -' 'Planned maintenance: Vi')
got=$(tmux_capture | awk '
	n > 0 && n <= 3 { print substr($0, col, 23); n++ }
	n == 0 && /│.*STATE.*TITLE/ { col = index($0, "TITLE"); n = 1 }')
check_eq "$got" "$want" "[ui] sort = title after SIGHUP: the rows"
sed -i '/^sort = title$/d' "$T/config"
pass "SIGHUP: the feed follows a new [ui] sort where none is picked"

# LC_ALL=C: no byte above ASCII reaches the screen: "..." for the
# ellipsis, "*" for the unread mark, ACS lines for the borders, and every
# line exactly as wide as the terminal.
# With no filters kept, [filter] in the configuration sets them.
tmux_stop
rm -f "$T/state/azwatch/filters"
printf '\n[filter]\nregions = eastus, northeurope\n' >>"$T/config"
LC_ALL=C
export LC_ALL
tmux_start
LC_ALL=C.UTF-8
wait_for '^x  active +7K2Q-XL8 Azure Cache for Red' 15 ||
    fail "no feed in the C locale"
wait_for 'incidents: 2 of 3, 1 active - filter: region=eastus, northeurope q' 5 ||
    fail "[filter] regions did not apply"
tmux_capture | grep -E -q '^x  advisory +HA8P-3VN Action recommended' ||
    fail "[filter] regions: North Europe's advisory is not listed"
q26=qqqqqqqqqqqqqqqqqqqqqqqqqq
check_eq "$(tmux_capture | sed -n 7p)" \
    "x  STATE       ID       TITLE                            REGIONS        UPDATEDx" \
    "LC_ALL=C: the feed's heading"
check_eq "$(tmux_capture | sed -n 23p)" "m${q26}${q26}${q26}j" \
    "LC_ALL=C: the feed's bottom border"
bad=$(tmux_capture | sed -n '6,23p' | awk 'length($0) != 80 || !/^[lxm].*[kxj]$/')
[ -z "$bad" ] || fail "LC_ALL=C: lines out of the frame: $bad"
if tmux_capture | LC_ALL=C grep -q '[^ -~]'; then
	fail "LC_ALL=C: a byte above ASCII on the screen"
fi
pass "LC_ALL=C: ASCII text and ACS borders, every line aligned"

# SIGTERM: the ordinary way to stop: exit 0.
kill -TERM "$(azw_pid)"
st=$(tmux_exit_status 15) || fail "SIGTERM did not stop azwatch"
check_eq "$st" 0 "SIGTERM's exit status"
pass "SIGTERM exits with 0"

# azwatch config init: a commented template, mode 600, that loads as it
# is; never over a file or through a link.
CI=$T/ci/azwatch/config
"$AZWATCH" config init --config "$CI" >"$T/ci.out" 2>&1 ||
    fail "config init failed: $(cat "$T/ci.out")"
[ "$(stat -c %a "$CI")" = 600 ] || fail "config init: not mode 600"
grep -q "^Wrote $CI (mode 600).$" "$T/ci.out" || fail "config init: no path"
grep -q '^  \[azure\]    tenant_id, client_id' "$T/ci.out" ||
    fail "config init does not say what to fill in"
grep -q '^\[colors\]$' "$CI" && grep -q '^# mouse = off' "$CI" ||
    fail "config init: the template lacks sections"
"$AZWATCH" --config "$CI" status --format tmux >/dev/null 2>&1 ||
    fail "the template does not load"
echo "# mine" >>"$CI"
if "$AZWATCH" config init --config "$CI" >"$T/ci.out" 2>&1; then
	fail "config init overwrote a file"
fi
grep -q "already exists" "$T/ci.out" || fail "config init: no reason given"
tail -n 1 "$CI" | grep -q '^# mine$' || fail "config init changed the file"
ln -s "$T/elsewhere" "$T/ci/link"
if "$AZWATCH" config init --config "$T/ci/link" >/dev/null 2>&1; then
	fail "config init wrote through a link"
fi
[ ! -e "$T/elsewhere" ] || fail "config init created the link's target"
pass "config init: template 0600 that loads; refuses a file or a link"
