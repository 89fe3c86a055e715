#!/bin/sh
# e2e-hostile.sh: hostile text (the fake's "hostile" scenario: CSI, OSC
# title/clipboard/hyperlink, DCS, C1 controls, bidi overrides, zero-width
# and combining marks, CJK, emoji, a 10 kB line, every escape carrying the
# marker PWNED) through the real binary in tmux: the pane title does not
# change, no escape payload reaches the screen, tmux draws nothing but
# colours, and the layout stays intact on the dashboard and in the
# detail view.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
need_tmux

fake_start hostile
fake_use_secret
fake_use_x

# What only an escape sequence's payload contains; never on screen.
PAYLOADS='window title|52;c;|PWNED\.example|\+qPWNED|0;PWNED|\]0;|\]8;|\]52|\[12;40H|\[2K|\[8m'

# check_screen NAME: both captures of the pane are clean.
check_screen() {
	_tmux capture-pane -p -t azw >"$T/$1.txt"
	_tmux capture-pane -p -e -t azw >"$T/$1.esc"
	if grep -E -n -- "$PAYLOADS" "$T/$1.txt" "$T/$1.esc" >&2; then
		fail "$1: an escape payload reached the screen"
	fi
	# tmux re-emits only what it drew: colours and attributes (SGR).
	# Anything else (an OSC 8 hyperlink, a title) came from the text.
	python3 - "$T/$1.esc" <<'PY' || fail "$1: an escape other than SGR is on screen"
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8")
rest = re.sub("\x1b\\[[0-9;:]*m", "", data)
bad = [m.start() for m in re.finditer("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", rest)]
if bad:
    print("non-SGR escape at", bad[:5], rest[max(0, bad[0] - 20):bad[0] + 20],
          file=sys.stderr)
    sys.exit(1)
PY
	check_eq "$(_tmux display-message -p -t azw '#{pane_title}')" \
	    azwatch-guard "$1: the pane title"
	check_eq "$(wc -l <"$T/$1.txt" | tr -d ' ')" 30 "$1: lines on screen"
}

# check_layout NAME: the dashboard's frame is where it belongs.
check_layout() {
	sed -n 1p "$T/$1.txt" | grep -q '^azwatch ' || fail "$1: the header moved"
	sed -n 2p "$T/$1.txt" | grep -E -q '^┌ service-health ─+┐┌ status-page ─+┐┌ x ─+┐┌ support ─+┐$' ||
	    fail "$1: the pane names are not on line 2: $(sed -n 2p "$T/$1.txt")"
	sed -n 11p "$T/$1.txt" | grep -E -q '^└─+┘└─+┘└─+┘└─+┘$' ||
	    fail "$1: the channel panes do not close on line 11"
	sed -n 12p "$T/$1.txt" | grep -q '^┌ incidents' || fail "$1: the feed moved"
	sed -n 30p "$T/$1.txt" | grep -q 'q quit' || fail "$1: the key line moved"
	# every line of the frame is exactly 100 columns wide
	python3 - "$T/$1.txt" <<'PY' || fail "$1: a framed line is not 100 columns"
import sys, unicodedata
def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\u2060\ufeff":
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w
for n, line in enumerate(open(sys.argv[1], encoding="utf-8").read().split("\n")[1:29], 2):
    if line.startswith(("│", "┌", "└")) and line.endswith(("│", "┐", "┘")):
        if width(line) != 100:
            print("line", n, "is", width(line), "columns:", line, file=sys.stderr)
            sys.exit(1)
PY
}

# 100x30: a pane per channel
TMUX_COLS=100
TMUX_LINES=30
tmux_start
_tmux select-pane -t azw -T azwatch-guard
wait_for 'H0ST|Azure Cache for Redis|Redis' 20 || fail "no hostile incident on screen"
# let every channel answer and draw
wait_gone 'pending|waiting' 20 || true
sleep 3
check_screen dashboard
check_layout dashboard
grep -q 'Azure Cache for Redis' "$T/dashboard.txt" ||
    fail "the hostile incident's title is not shown"
pass "dashboard: no escape payload, title kept, layout intact"

# every incident's detail view, the 10 kB line among them
n=0
while [ $n -lt 4 ]; do
	tmux_keys Enter
	sleep 0.7
	check_screen "detail-$n"
	sed -n 1p "$T/detail-$n.txt" | grep -q '^azwatch ' || fail "detail $n: the header moved"
	tmux_keys NPage
	sleep 0.3
	check_screen "detail-$n-end"
	tmux_keys q
	sleep 0.4
	check_screen "back-$n"
	check_layout "back-$n"
	tmux_keys j
	n=$((n + 1))
done
pass "detail views: no escape payload, title kept, header in place"

# the help overlay over hostile text, and a resize
tmux_keys '?'
sleep 0.4
check_screen help
tmux_keys q
tmux_resize 120 40
sleep 0.7
_tmux capture-pane -p -e -t azw >"$T/wide.esc"
grep -E -q -- "$PAYLOADS" "$T/wide.esc" && fail "after a resize: a payload on screen"
tmux_resize 80 24
sleep 0.7
_tmux capture-pane -p -e -t azw >"$T/medium.esc"
grep -E -q -- "$PAYLOADS" "$T/medium.esc" && fail "at 80x24: a payload on screen"
tmux_resize 40 8
sleep 0.7
_tmux capture-pane -p -e -t azw >"$T/small.esc"
grep -E -q -- "$PAYLOADS" "$T/small.esc" && fail "at 40x8: a payload on screen"
tmux_resize 100 30
sleep 0.7
check_screen resized
check_layout resized
pass "help and resize keep the screen clean"

tmux_keys q
check_eq "$(tmux_exit_status 10)" 0 "the dashboard's exit status"

# -- text output: alerts setup, check, status -----------------------------
# no_escapes FILE...: no ESC, BEL, C1 or other control byte but newline
# and tab in what azwatch printed.
no_escapes() {
	python3 - "$@" <<'PY' || fail "an escape or control reached the terminal"
import re, sys
for path in sys.argv[1:]:
    data = open(path, "rb").read().decode("utf-8", "replace")
    m = re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", data)
    if m:
        print(path, "has", repr(data[max(0, m.start() - 30):m.start() + 30]),
              file=sys.stderr)
        sys.exit(1)
PY
}
setup() {	# setup NAME ARGS...: alerts setup, output kept as NAME.out/.err
	_n=$1
	shift
	timeout 60 "$AZWATCH" alerts setup --email oncall@example.com "$@" \
	    >"$T/$_n.out" 2>"$T/$_n.err"
}
# a subscription list whose id carries escapes
fake_ctl "fault?path=/subscriptions&kind=hostile-list" >/dev/null
setup setup-list
fake_ctl clear >/dev/null
grep -q 'is not a subscription id' "$T/setup-list.err" ||
    fail "the hostile subscription id was not refused: $(cat "$T/setup-list.err")"
# ARM errors that carry escapes: listing subscriptions, then creating
fake_ctl "fault?path=/subscriptions&kind=hostile-error" >/dev/null
setup setup-list-error
setup setup-create --subscription 00000000-0000-0000-0000-0000000000a1
fake_ctl clear >/dev/null
grep -q 'Denied' "$T/setup-list-error.err" ||
    fail "the listing error is not quoted: $(cat "$T/setup-list-error.err")"
grep -q 'creating the action group: .*Denied' "$T/setup-create.err" ||
    fail "the create error is not quoted: $(cat "$T/setup-create.err")"
no_escapes "$T"/setup-*.out "$T"/setup-*.err
pass "alerts setup: hostile subscription ids and ARM errors print no escape"

timeout 60 "$AZWATCH" check --service redis --region eastus >"$T/check.out" 2>"$T/check.err"
timeout 60 "$AZWATCH" status >"$T/status.out" 2>"$T/status.err"
grep -q 'Redis' "$T/status.out" || fail "status shows no hostile incident"
no_escapes "$T/check.out" "$T/check.err" "$T/status.out" "$T/status.err"
pass "check and status: no escape in their text output"
