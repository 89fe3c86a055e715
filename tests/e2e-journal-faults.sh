#!/bin/sh
# e2e-journal-faults.sh: the journal under faults, driving the real binary
# in a private tmux server against the fake Azure, whose feed here changes
# on every poll (feed_churn: "Churn poll K: item I"):
#   - a full disk (an LD_PRELOAD shim that fails the journal's writes with
#     ENOSPC after half a batch; and, as root where mount works, a real
#     small tmpfs): the header says "journal: disk full", and once there is
#     room every update seen while it was full is in the journal, whole;
#   - kill -9 while it appends: on restart every record written before is
#     still there, each line is whole, and a torn tail is kept aside in
#     journal.jsonl.torn;
#   - a symlinked journal.jsonl, planted *.tmp links (their targets stay
#     untouched) and a FIFO as journal (refused with a message, no hang);
#   - two azwatch on one state directory: the second writes nothing, says
#     so, and takes over when the first is gone.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_tmux

CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || skip "no C compiler for the shim"

# churns: how many feed answers the fake has given so far.
churns() {
	fake_ctl state | json_eval 'd["feed_churns"]'
}

# wait_churns N [timeout_s]: until the fake has given N feed answers.
wait_churns() {
	_n=$(( ${2:-30} * 10 ))
	while [ "$(churns)" -lt "$1" ] && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	[ "$(churns)" -ge "$1" ] || fail "the feed was not polled $1 times"
}

# wait_file FILE REGEX [timeout_s]: until FILE has a line matching REGEX.
wait_file() {
	_n=$(( ${3:-15} * 10 ))
	while ! grep -E -q -- "$2" "$1" 2>/dev/null && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	grep -E -q -- "$2" "$1" 2>/dev/null || fail "no /$2/ in $1"
}

# all_whole FILE: every line of FILE is one whole JSON object.
all_whole() {
	python3 - "$1" <<'EOF' || fail "$1 has a line that is not whole JSON"
import json, sys
data = open(sys.argv[1], "rb").read()
if data and not data.endswith(b"\n"):
    sys.exit("no newline at the end")
for line in data.split(b"\n")[:-1]:
    o = json.loads(line)
    if not isinstance(o, dict) or "k" not in o:
        sys.exit("not a record: %r" % line[:80])
EOF
}

# header: the whole first line of the screen.
header() {
	tmux_capture | sed -n 1p
}

# have_polls FILE FROM TO: every poll FROM..TO of item 0 is in FILE.
have_polls() {
	_k=$2
	_missing=
	while [ "$_k" -le "$3" ]; do
		grep -q "Churn poll $_k: item 0\." "$1" || _missing="$_missing $_k"
		_k=$((_k + 1))
	done
	[ -z "$_missing" ] || fail "polls missing from the journal:$_missing"
}

# A fresh state directory (the lib's config stays).
new_state() {
	XDG_STATE_HOME=$T/$1
	export XDG_STATE_HOME
	S=$XDG_STATE_HOME/azwatch
	J=$S/journal.jsonl
}

fake_start quiet
# a poll a second (loopback allows it): the rounds below wait for polls
sed -i 's/^interval = .*/interval = 1/' "$T/config"
fake_ctl "set?key=feed_churn&value=2" >/dev/null || fail "fake_ctl set"

# ------------------------------------------------------------ full disk (shim)

"$CC" -shared -fPIC -O -o "$T/shim.so" "$TOP_SRCDIR/tests/shim-enospc.c" \
    -ldl || fail "cannot build the shim"
cat >"$T/azwatch-full" <<EOF
#!/bin/sh
LD_PRELOAD='$T/shim.so'
SHIM_FULL_FLAG='$T/full'
ASAN_OPTIONS=verify_asan_link_order=0:\${ASAN_OPTIONS:-}
export LD_PRELOAD SHIM_FULL_FLAG ASAN_OPTIONS
exec '$AZWATCH' "\$@"
EOF
chmod +x "$T/azwatch-full"

# full_disk_round MAKE_FULL MAKE_ROOM: fill, eight polls, room again.
full_disk_round() {
	wait_file "$J" 'Churn poll [0-9]+: item 1\.' 15
	eval "$1"
	k0=$(churns)
	wait_for 'journal: disk full' 15 || fail "the header does not say the disk is full"
	# eight updates arrive while there is no room
	wait_churns $((k0 + 8)) 40
	wait_for '^azwatch  [0-9]+ active  overall: [a-z]+  journal: disk full +\? help$' 10 ||
	    fail "header while full: '$(header)'"
	eval "$2"
	wait_gone 'journal: disk full' 15 || fail "the header still says the disk is full"
	k1=$(churns)
	wait_file "$J" "Churn poll $k1: item 0\\." 15
	have_polls "$J" "$k0" "$k1"
	all_whole "$J"
}

new_state state-shim
AZWATCH=$T/azwatch-full tmux_start
tmux_resize 120 30
full_disk_round 'touch "$T/full"' 'rm -f "$T/full"'
pass "full disk (ENOSPC after half a batch): header said so, all $((k1 - k0 + 1)) updates written after"
tmux_keys q
wait_exited 20 || fail "azwatch did not exit (shim)"
tmux_stop

# ------------------------------------------------------------ full disk (tmpfs)

if [ "$(id -u)" -eq 0 ] && mkdir -p "$T/small" &&
    mount -t tmpfs -o size=1m,mode=0700 azwatch-test "$T/small" 2>/dev/null; then
	# the mount goes before lib.sh removes $T
	trap '_r=$?; umount "$T/small" 2>/dev/null; (exit $_r); _lib_cleanup' EXIT
	new_state small/state
	tmux_start
	tmux_resize 120 30
	full_disk_round \
	    'dd if=/dev/zero of="$T/small/filler" bs=4k 2>/dev/null; true' \
	    'rm -f "$T/small/filler"'
	pass "full disk (a 1 MiB tmpfs): header said so, all $((k1 - k0 + 1)) updates written after"
	tmux_keys q
	wait_exited 20 || fail "azwatch did not exit (tmpfs)"
	tmux_stop
	umount "$T/small" || fail "cannot unmount the tmpfs"
	trap _lib_cleanup EXIT
else
	echo "# a real full tmpfs needs root and mount: only the shim was used"
fi

# ------------------------------------------------------------ kill -9

new_state state-kill
fake_ctl "set?key=feed_churn&value=200" >/dev/null || fail "fake_ctl set"
round=0
while [ "$round" -lt 3 ]; do
	tmux_start
	k=$(churns)
	wait_file "$J" "Churn poll ($((k + 1))|$((k + 2))): item 199\\." 15
	# at some moment of the next poll's append
	sleep "0.$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')"
	pid=$(_tmux display-message -p -t azw '#{pane_pid}')
	cp "$J" "$T/before"
	kill -9 "$pid"
	wait_exited 10 || fail "azwatch survived kill -9"
	tmux_stop
	cp "$J" "$T/after-kill"
	tmux_start
	k=$(churns)
	wait_file "$J" "Churn poll ($((k + 1))|$((k + 2))): item 199\\." 15
	# every update and incident written before the kill is still there
	# (compaction on start may fold the channels' older "chan" records)
	python3 - "$T/before" "$J" <<'EOF' || fail "a record written before kill -9 is missing"
import json, sys
def records(path):
    data = open(path, "rb").read()
    upd, inc = set(), set()
    for line in data[:data.rfind(b"\n") + 1].split(b"\n")[:-1]:
        o = json.loads(line)
        if o["k"] == "upd":
            upd.add((o["ch"], o["key"], o.get("time"), o["source"], o["text"]))
        elif o["k"] == "inc":
            inc.add((o["ch"], o["key"]))
    return upd, inc
bu, bi = records(sys.argv[1])
au, ai = records(sys.argv[2])
if not bu <= au or not bi <= ai:
    sys.exit("lost %d updates, %d incidents" % (len(bu - au), len(bi - ai)))
EOF
	all_whole "$J"
	tmux_keys q
	wait_exited 20 || fail "azwatch did not exit after kill -9 round $round"
	tmux_stop
	round=$((round + 1))
done
pass "kill -9 while appending, 3 times: nothing written before was lost, no torn line"

# A crash that tore the last line (as kill -9 in the middle of a write
# leaves it): the tail is cut on start and kept aside.
printf '{"k":"upd","ch":"status-page","key":"CHRN-000","time":"2026-11-' >>"$J"
tmux_start
k=$(churns)
wait_file "$J" "Churn poll $((k + 1)): item 199\\." 15
all_whole "$J"
grep -q '"key":"CHRN-000","time":"2026-11-$' "$S/journal.jsonl.torn" ||
    fail "the torn tail is not in journal.jsonl.torn: $(cat "$S/journal.jsonl.torn")"
[ "$(stat -c %a "$S/journal.jsonl.torn")" = 600 ] ||
    fail "journal.jsonl.torn is not private"
pass "a torn tail is cut on start and kept in journal.jsonl.torn"
tmux_keys q
wait_exited 20 || fail "azwatch did not exit (torn tail)"
tmux_stop
fake_ctl "set?key=feed_churn&value=2" >/dev/null || fail "fake_ctl set"

# ------------------------------------------------------------ links and FIFOs

new_state state-links
mkdir -p "$S"
chmod 700 "$S"
printf 'precious 1\n' >"$T/target1"
printf 'precious 2\n' >"$T/target2"
printf 'precious 3\n' >"$T/target3"
cp "$T/target1" "$T/target1.orig"
cp "$T/target2" "$T/target2.orig"
cp "$T/target3" "$T/target3.orig"

ln -s "$T/target1" "$J"
tmux_start
tmux_resize 200 40
wait_for 'journal: not kept, journal\.jsonl is a symbolic link' 15 ||
    fail "no message about the symlinked journal"
wait_file "$S/view.json" 'Churn poll' 15
tmux_keys q
wait_exited 20 || fail "azwatch did not exit (symlinked journal)"
tmux_stop
cmp -s "$T/target1" "$T/target1.orig" || fail "the journal link's target was written"
[ -L "$J" ] || fail "the journal link was replaced"
pass "a symlinked journal.jsonl is refused, its target untouched"

# Planted temporary-file links, and a journal whose compaction is due (an
# incident resolved long ago): nothing is written through a link.
rm -f "$J"
ln -s "$T/target2" "$S/journal.jsonl.tmp"
ln -s "$T/target3" "$S/view.json.tmp"
ln -s "$T/target3" "$S/.journal.jsonl.tmp-AAAAAA"
cat >"$J" <<'EOF'
{"k":"inc","ch":"status-page","key":"OLD1-AAA","tracking_id":"OLD1-AAA","title":"Long over","status":"resolved","type":"service-issue","last_update":"2020-01-01T00:00:00Z"}
{"k":"upd","ch":"status-page","key":"OLD1-AAA","time":"2020-01-01T00:00:00Z","source":"status-page","text":"Resolved long ago."}
{"k":"chan","ch":"status-page","last_success":"2020-01-01T00:00:00Z","keys":[]}
EOF
tmux_start
wait_file "$J" 'Churn poll [0-9]+: item 1\.' 15
wait_file "$S/view.json" 'Churn poll' 15
tmux_keys q
wait_exited 20 || fail "azwatch did not exit (planted links)"
tmux_stop
grep -q OLD1-AAA "$J" && fail "the expired incident was not compacted away"
cmp -s "$T/target2" "$T/target2.orig" || fail "journal.jsonl.tmp's target was written"
cmp -s "$T/target3" "$T/target3.orig" || fail "view.json.tmp's target was written"
[ -f "$S/view.json" ] && [ ! -L "$S/view.json" ] || fail "view.json is not a file"
pass "planted *.tmp links: compaction and the view cache leave their targets alone"

rm -f "$J" "$S/view.json"
mkfifo "$J"
tmux_start
tmux_resize 200 40
wait_for 'journal: not kept, journal\.jsonl is a FIFO' 15 ||
    fail "no message about the FIFO"
tmux_keys q
wait_exited 20 || fail "azwatch did not exit with a FIFO as journal"
tmux_stop
line=$(timeout 10 "$AZWATCH" status --format tmux-ascii 2>"$T/err"; echo "rc=$?")
case $line in
*rc=124) fail "status --format tmux hangs on a FIFO journal" ;;
esac
[ -p "$J" ] || fail "the FIFO was replaced"
pass "a FIFO as journal: a clear message, no hang"
rm -f "$J"

# ------------------------------------------------------------ two processes

new_state state-two
tmux_start
tmux_resize 200 30
wait_file "$J" 'Churn poll [0-9]+: item 1\.' 15
# the second in a tmux server of its own: "-t azw" must keep naming the first
_tmux2() {
	tmux -L "$TMUX_SOCKET-2" "$@"
}
trap '_r=$?; _tmux2 kill-server >/dev/null 2>&1; (exit $_r); _lib_cleanup' EXIT
# The second also reads X (the first does not): X records in the journal
# could only come from it.
_tmux2 -f /dev/null new-session -d -s azw -x 200 -y 30 \
    env TERM=xterm-256color X_BEARER_TOKEN="$FAKE_X_BEARER" "$AZWATCH" ||
    fail "cannot start the second azwatch"
second() {
	_tmux2 capture-pane -p -t azw
}
_n=150
until second | sed -n 1p | grep -E -q \
    '^azwatch  [0-9]+ active  overall: [a-z]+  journal: read-only, another azwatch writes it +\? help$'; do
	_n=$((_n - 1))
	[ "$_n" -gt 0 ] || fail "the second azwatch does not say it is read-only: $(second | sed -n 1p)"
	sleep 0.1
done
# X answered the second, and it has polled the feed a few times since
_n=150
until fake_requests | json_eval 'any(r["path"].startswith("/2/") for r in d)' | grep -q True; do
	_n=$((_n - 1))
	[ "$_n" -gt 0 ] || fail "the second azwatch did not read X"
	sleep 0.1
done
wait_churns $(($(churns) + 6)) 30
grep -q '"ch":"x"' "$J" && fail "the second azwatch wrote to the journal"
pass "a second azwatch on one state directory says so and writes nothing"
tmux_keys q
wait_exited 20 || fail "the first azwatch did not exit"
_n=150
while second | sed -n 1p | grep -q 'journal:'; do
	_n=$((_n - 1))
	[ "$_n" -gt 0 ] || fail "the second azwatch did not take over: $(second | sed -n 1p)"
	sleep 0.1
done
k=$(churns)
wait_file "$J" "Churn poll $((k + 1)): item 0\\." 15
all_whole "$J"
pass "the second azwatch takes over the journal when the first is gone"
_tmux2 send-keys -t azw q
_n=200
while [ -n "$(_tmux2 list-panes -t azw -F '#{?pane_dead,,alive}' 2>/dev/null)" ]; do
	_n=$((_n - 1))
	[ "$_n" -gt 0 ] || fail "the second azwatch did not exit"
	sleep 0.1
done
_tmux2 kill-server >/dev/null 2>&1
trap _lib_cleanup EXIT
tmux_stop
