#!/bin/sh
# e2e-screens.sh: golden whole-screen tests. The real binary runs in a
# private tmux server against the fake Azure (redis-eastus, step 2: the
# Redis outage with its second update and a support ticket, a maintenance
# window ahead, a health advisory), with the realtime clock pinned (the
# LD_PRELOAD shim tests/clockshift.c, $AZWATCH_TEST_CLOCK_AT) and the
# fake's timeline anchored to the same minute ($FAKE_AZURE_BASE). Every
# captured screen must equal tests/data/screens/NAME.txt byte for byte:
# the dashboard and the detail view at 40x8, 60x16, 80x24, 120x40 and
# 200x50, the detail's keys (y copies the tracking id into tmux's buffer,
# o hands the portal's link to xdg-open, ] and [ step through the feed,
# / searches the text, highlighting it, and n goes to the next match;
# Esc drops the search),
# a resize sequence that keeps the selection and the open view, the
# filter menu at 80x24, 60x16 and 40x8 (scrolled to its last field), the
# wizard's first step filled in from the selected incident, the verdict
# once every channel has answered (80x24 and 40x8), the dashboard in the
# C locale (ASCII marks, borders aligned), a drill whose timeline has
# ended, and the feed in the order [ui] sort names.
#
# A screen is compared as soon as it equals the expected one, or after a
# deadline, when the first mismatch prints a diff of expected vs got.
#
# UPDATE_SCREENS=1 regenerates the expectations instead of comparing
# (each screen is taken once it has stayed the same for a second); review
# the diff with git before committing it:
#     UPDATE_SCREENS=1 make -C build check TESTS=tests/e2e-screens.sh

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_tmux
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || skip "no C compiler for the clock shim"
"$CC" -shared -fPIC -o "$T/clockshift.so" "$TOP_SRCDIR/tests/clockshift.c" \
    -ldl 2>"$T/cc.err" || fail "cannot build the clock shim: $(cat "$T/cc.err")"

SCREENS=$TOP_SRCDIR/tests/data/screens
# xdg-open as a recorder: the link it was given, in a file.
mkdir -p "$T/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >"%s/opened"\n' "$T" >"$T/bin/xdg-open"
chmod +x "$T/bin/xdg-open"
PATH=$T/bin:$PATH
export PATH
# 2026-11-24 09:40:30 UTC: the fake's minute is 09:40, azwatch's clock
# stands half a minute later.
BASE=1795513200
NOW=$((BASE + 30))
TZ=UTC
export TZ

FAKE_AZURE_BASE=$BASE
export FAKE_AZURE_BASE
fake_start redis-eastus
unset FAKE_AZURE_BASE
fake_ctl "step?n=2" >/dev/null || fail "fake_ctl step 2"
# ARM's read budget refilled before every request: the note's "reads
# left" does not depend on how the channels' requests interleave.
fake_ctl "set?key=arm_refill&value=1000000000" >/dev/null || fail "arm_refill"
AZWATCH_ACCESS_TOKEN=fake-screens-token
export AZWATCH_ACCESS_TOKEN
# One poll only. X stays unconfigured (how often it polls at the start
# varies, and with it the budget it shows), and its note names the
# configuration file by a relative name, the same on every run.
sed 's/^interval = 2$/interval = 3600/' "$T/config" >"$HOME/azwatch.conf"
cd "$HOME" || fail "cd $HOME"
AZWATCH_CONFIG=azwatch.conf
export AZWATCH_CONFIG

# start_pinned [env...]: azwatch at 200x50 with the clock pinned.
start_pinned() {
	_real=$AZWATCH
	AZWATCH=env
	TMUX_COLS=200
	TMUX_LINES=50
	tmux_start LD_PRELOAD="$T/clockshift.so" AZWATCH_TEST_CLOCK_AT="$NOW" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0" \
	    "$@" "$_real"
	AZWATCH=$_real
	unset TMUX_COLS TMUX_LINES
}

# screen NAME: the screen must equal $SCREENS/NAME.txt.
screen() {
	_want=$SCREENS/$1.txt
	if [ -n "${UPDATE_SCREENS:-}" ]; then
		_prev=
		_n=0
		while [ "$_n" -lt 100 ]; do
			sleep 1
			tmux_capture >"$T/got"
			_cur=$(cat "$T/got")
			[ "$_cur" = "$_prev" ] && break
			_prev=$_cur
			_n=$((_n + 1))
		done
		mkdir -p "$SCREENS"
		cp "$T/got" "$_want"
		echo "# wrote $1"
		return 0
	fi
	[ -f "$_want" ] || fail "$1: no expected screen $_want (UPDATE_SCREENS=1 writes it)"
	_n=0
	while [ "$_n" -lt 100 ]; do
		tmux_capture >"$T/got" 2>/dev/null
		cmp -s "$_want" "$T/got" && { pass "$1"; return 0; }
		sleep 0.1
		_n=$((_n + 1))
	done
	echo "FAIL: $1: the screen differs from $_want (- expected, + got):" >&2
	diff -u "$_want" "$T/got" >&2
	exit 1
}

# marks NAME WANT: the search's highlights in the detail's text lines
# (tmux_highlights of the rows between the title bar and the bottom line)
# must be WANT: "cur" for the current match (black on yellow), "hit" for
# the others (reverse video).
marks() {
	_n=0
	while [ "$_n" -lt 100 ]; do
		_h=$(_tmux display-message -p -t azw '#{pane_height}')
		tmux_highlights 2>/dev/null |
		    awk -v h="$_h" '$2 >= 2 && $2 < h - 1' >"$T/marks"
		[ "$(cat "$T/marks")" = "$2" ] && { pass "$1: highlights"; return 0; }
		sleep 0.1
		_n=$((_n + 1))
	done
	echo "FAIL: $1: the highlights differ (- expected, + got):" >&2
	printf '%s\n' "$2" | diff -u - "$T/marks" >&2
	tmux_capture_attrs | cat -v >&2
	exit 1
}

# sized NAME W H: resize, then compare NAME-WxH.
sized() {
	tmux_resize "$2" "$3"
	screen "$1-$2x$3"
}

start_pinned
# every channel answered
wait_for '7K2Q-XL8' 20 || fail "the dashboard did not start"
wait_gone 'refreshing|waiting|polling' 20 || fail "the first poll did not end"

for s in "200 50" "120 40" "80 24" "60 16" "40 8"; do
	# shellcheck disable=SC2086
	sized dashboard $s
done

# The detail of the top incident (Redis, active), at every size.
tmux_keys g Enter
for s in "40 8" "60 16" "80 24" "120 40" "200 50"; do
	# shellcheck disable=SC2086
	sized detail $s
done

# y: the tracking id into tmux's paste buffer (and OSC 52).
tmux_resize 80 24
tmux_keys y
wait_for 'Tracking ID 7K2Q-XL8 copied' 5 || fail "y did not copy"
_n=0
until [ "$(_tmux show-buffer 2>/dev/null)" = 7K2Q-XL8 ]; do
	_n=$((_n + 1))
	[ "$_n" -lt 50 ] || fail "tmux's buffer holds '$(_tmux show-buffer 2>&1)'"
	sleep 0.1
done
pass "y copies the tracking id into tmux's buffer"
# o: the portal's share link, the first three and last three characters
# of the subscription id after the tracking id.
tmux_keys o
_n=0
until [ -s "$T/opened" ]; do
	_n=$((_n + 1))
	[ "$_n" -lt 50 ] || fail "o did not run xdg-open"
	sleep 0.1
done
check_eq "$(cat "$T/opened")" "https://app.azure.com/h/7K2Q-XL8/0000a1" \
    "o opens the portal's share link"
pass "o opens the portal's share link"
# ] and [: the next incident of the feed in the detail view, and back.
tmux_keys ']'
screen detail-next-80x24
tmux_keys '['
screen detail-80x24
# /: a search in the text; the first line holding it comes to the top,
# n goes to the next. Every occurrence on screen is highlighted, the one
# n and N went to in its own colour; Esc drops the search, not the view.
tmux_keys -l '/rolling'
# highlighted as it is typed, and kept after Enter
marks detail-search-typed 'cur 2 rolling'
tmux_keys Enter
screen detail-search-80x24
marks detail-search 'cur 2 rolling'
tmux_keys n
screen detail-search-n-80x24
marks detail-search-n 'cur 2 rolling'
# scrolling with a search kept: the keys say n/N and that Esc clears it
tmux_keys k
screen detail-search-kept-80x24
tmux_keys j
tmux_resize 200 50
# the current match stays the one n went to when the text is rewrapped
marks detail-search-200x50 'hit 8 rolling
cur 25 rolling
hit 37 rolling'
tmux_keys Escape
marks detail-search-esc ''
tmux_capture | grep -q 'Incident 7K2Q-XL8' ||
    fail "Esc with a search kept left the detail view"
tmux_resize 80 24
tmux_keys q

# Resizing keeps the state: the second incident selected at 120x40 stays
# selected through 40x8 and 60x16; a detail open at 40x8 stays open.
tmux_resize 120 40
tmux_keys j
screen resize-120x40-selected
sized resize-selected 40 8
tmux_keys Enter
screen resize-40x8-detail
sized resize-detail 60 16
tmux_keys q
sized resize-back 80 24

# The filter menu at every size: a short pane drops its blank row, then
# its keys, then scrolls the fields to keep the selected one in view
# (k from the first field selects the last, maintenance).
tmux_keys f
for s in "80 24" "60 16" "40 8"; do
	# shellcheck disable=SC2086
	sized filter $s
done
tmux_keys k
screen filter-last-40x8
tmux_keys j
screen filter-40x8
tmux_keys Escape
sized resize-back 80 24

# The wizard's first step, filled in from the incident selected (the
# first, Redis in East US).
tmux_keys g w
for s in "200 50" "120 40" "80 24" "60 16" "40 8"; do
	# shellcheck disable=SC2086
	sized wizard $s
done
tmux_resize 80 24
tmux_keys Escape
wait_gone 'Is it us' 5 || fail "Escape did not close the wizard"

# The verdict for it. It comes as soon as it is conclusive; the late
# answers complete it, so the screen compared is the one where every
# channel has answered, whichever was first.
tmux_resize 80 24
tmux_keys w
wait_for 'Which service is failing' 5 || fail "w did not open the wizard"
tmux_keys Enter
wait_for 'In which region' 5 || fail "the service was not taken"
tmux_keys Enter
wait_for 'Which resource' 5 || fail "the region was not taken"
tmux_keys Enter
wait_for 'When did it start' 5 || fail "the resource was not skipped"
tmux_keys Enter
wait_for 'Verdict: azure-incident' 20 || fail "no verdict"
for s in "200 50" "120 40" "80 24" "60 16" "40 8"; do
	# shellcheck disable=SC2086
	sized verdict $s
done
tmux_resize 80 24
tmux_keys q
wait_gone 'Verdict:' 5 || fail "q did not close the verdict"

tmux_keys q
tmux_exit_status 15 >/dev/null || fail "q did not quit"
tmux_stop

# The C locale: ASCII marks and frames, every border where it belongs.
# The fake starts over, so that X's budget reads as in the first run.
fake_ctl reset >/dev/null || fail "fake_ctl reset"
fake_ctl "step?n=2" >/dev/null || fail "fake_ctl step 2 (C)"
fake_ctl "set?key=arm_refill&value=1000000000" >/dev/null || fail "arm_refill (C)"
start_pinned LC_ALL=C
wait_for '7K2Q-XL8' 20 || fail "the dashboard did not start in the C locale"
wait_gone 'refreshing|waiting|polling' 20 || fail "the first poll did not end (C)"
sized dashboard-C 80 24
sized dashboard-C 40 8
tmux_keys q
tmux_exit_status 15 >/dev/null || fail "q did not quit in the C locale"
tmux_stop

# A drill (no network) that has played its whole timeline: the header
# says DRILL, its clock stopped at the last step and the recorded time;
# the incidents' times are the drill's (the clock stands still, so the
# screen is the same on every run).
_real=$AZWATCH
AZWATCH=env
TMUX_COLS=200
TMUX_LINES=50
tmux_start LD_PRELOAD="$T/clockshift.so" AZWATCH_TEST_CLOCK_AT="$NOW" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0" \
    "$_real" replay "$TOP_SRCDIR/doc/examples/redis-eastus.timeline" \
    --speed 2000
AZWATCH=$_real
unset TMUX_COLS TMUX_LINES
wait_for 'DRILL +ended T\+2h05m' 20 || fail "the drill did not end"
sized drill-ended 120 40
sized drill-ended 80 24
sized drill-ended 40 8
tmux_keys q
tmux_exit_status 15 >/dev/null || fail "q did not quit the drill"
tmux_stop

# [ui] sort = title: the feed's order where none was picked (A to Z).
cp "$HOME/azwatch.conf" "$HOME/azwatch-sort.conf"
printf '\n[ui]\nsort = title\n' >>"$HOME/azwatch-sort.conf"
start_pinned AZWATCH_CONFIG=azwatch-sort.conf
wait_for '7K2Q-XL8' 20 || fail "the dashboard did not start (sort)"
wait_gone 'refreshing|waiting|polling' 20 || fail "the first poll did not end (sort)"
sized dashboard-sort-title 80 24
tmux_keys q
tmux_exit_status 15 >/dev/null || fail "q did not quit (sort)"
