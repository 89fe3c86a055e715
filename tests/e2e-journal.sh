#!/bin/sh
# e2e-journal.sh: history and being told, against the fake Azure in a
# private tmux server: a new update runs notify_program (which records the
# JSON it got) and `tmux display-message` (a fake tmux, first in PATH only
# inside the pane); quitting, killing the server and restarting shows the
# incident at once, marked as cached; `status --format tmux` from the
# journal alone; a burst of 50 new incidents is one notification.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

need_tmux

# A new tmux server on the same socket name must wait for the old one.
tmux_restart_wait() {
	tmux_stop
	_i=0
	while tmux -L "$TMUX_SOCKET" has-session >/dev/null 2>&1 &&
	    [ "$_i" -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	sleep 0.3
}

# The config lib.sh wrote, plus notifications.
notify_config() {
	cat >>"$T/config" <<EOF

[notify]
bell = on
tmux = on
notify_program = $TOP_SRCDIR/tests/notify-recorder
EOF
}

# count_lines FILE: lines in FILE, 0 when it does not exist.
count_lines() {
	if [ -f "$1" ]; then
		wc -l <"$1" | tr -d ' '
	else
		echo 0
	fi
}

# wait_lines FILE N [timeout_s]: until FILE has at least N lines.
wait_lines() {
	_n=$(( ${3:-10} * 10 ))
	while [ "$(count_lines "$1")" -lt "$2" ] && [ "$_n" -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	[ "$(count_lines "$1")" -ge "$2" ]
}

# The dashboard runs through a wrapper that puts the fake tmux first in
# PATH: the test itself keeps talking to the real tmux.
REAL_AZWATCH=$AZWATCH
cat >"$T/azwatch-wrapper" <<EOF
#!/bin/sh
PATH='$TOP_SRCDIR/tests/fakebin-tmux':\$PATH
export PATH
exec '$REAL_AZWATCH' "\$@"
EOF
chmod +x "$T/azwatch-wrapper"
mkdir -p "$T/notify"
NOTIFY_RECORD_DIR=$T/notify
FAKE_TMUX_LOG=$T/tmux.log
AZWATCH_ACCESS_TOKEN=fake-journal-token
export NOTIFY_RECORD_DIR FAKE_TMUX_LOG AZWATCH_ACCESS_TOKEN

# ------------------------------------------------------------ first run

fake_start redis-eastus
notify_config
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"

AZWATCH=$T/azwatch-wrapper tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 ||
    fail "the feed does not show the Redis incident"
[ -s "$XDG_STATE_HOME/azwatch/journal.jsonl" ] ||
    fail "no journal under \$XDG_STATE_HOME/azwatch"
[ "$(stat -c %a "$XDG_STATE_HOME/azwatch")" = 700 ] ||
    fail "the state directory is not private"
grep -q '"key":"7K2Q-XL8"' "$XDG_STATE_HOME/azwatch/journal.jsonl" ||
    fail "the journal does not hold the Redis incident"
pass "the incident is on screen and in the journal"

# What was there at the first answer is the baseline, not news: one
# summary of it (e2e-notify-start.sh), then only what is new.
wait_lines "$T/notify/calls" 1 15 || fail "no start summary"
check_eq "$(cut -f1 "$T/notify/calls")" summary "notifications at start"
wait_lines "$T/tmux.log" 3 5 || fail "tmux display-message was not run"
rm -f "$T"/notify/* "$T/tmux.log"

# A new update: one notification, to the program and to tmux.
fake_ctl "step?n=2" >/dev/null || fail "fake_ctl step 2"
wait_lines "$T/notify/calls" 1 15 || fail "notify_program was not run"
json=$(cat "$(ls "$T"/notify/notify.*.json | head -1)")
check_eq "$(printf '%s' "$json" | json_eval 'd["tracking_id"]')" 7K2Q-XL8 \
    "tracking id given to notify_program"
check_eq "$(printf '%s' "$json" | json_eval 'd["status"]')" active \
    "status given to notify_program"
printf '%s' "$json" | json_eval 'len(d["updates"]) >= 1' | grep -q True ||
    fail "notify_program got no updates"
printf '%s' "$json" | json_eval '"Azure Cache for Redis" in d["services"]' |
    grep -q True || fail "notify_program got no services"
cut -f1 "$T/notify/calls" | grep -q '^update$' ||
    fail "AZWATCH_NOTIFY_KIND is not update: $(cat "$T/notify/calls")"
pass "notify_program got the incident as JSON on stdin"

# The same object as status --json prints: every member it always has,
# nothing it does not (scenario, impacted_resources and links come and go
# with the incident).
"$AZWATCH" status --json >"$T/status.json" 2>/dev/null
printf '%s' "$json" >"$T/notify.json"
python3 - "$T/notify.json" "$T/status.json" <<'EOF' ||
import json, sys
n = json.load(open(sys.argv[1]))
s = [i for i in json.load(open(sys.argv[2]))["incidents"]
     if i["tracking_id"] == n["tracking_id"]][0]
always = {"tracking_id", "title", "status", "type", "services", "regions",
          "start", "last_update", "sources", "updates", "impacts"}
optional = {"scenario", "impacted_resources", "links"}
if not always <= set(n) or not always <= set(s):
    sys.exit("missing: %s" % sorted((always - set(n)) | (always - set(s))))
if set(n) - set(s) - optional:
    sys.exit("not in status --json: %s" % sorted(set(n) - set(s) - optional))
for u in n["updates"]:
    if set(u) != {"time", "source", "text"}:
        sys.exit("update members: %s" % sorted(u))
EOF
    fail "notify_program's JSON is not the status --json incident object"
pass "notify_program gets the object status --json prints"

# status in text: times in the one form details use (JSON keeps RFC 3339)
"$AZWATCH" status >"$T/status.txt" 2>/dev/null
grep -E -q '^  type: service-issue  updated: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC  sources:' \
    "$T/status.txt" || fail "status text: $(grep 'updated' "$T/status.txt")"
grep -E -q '^  latest \([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC\): ' \
    "$T/status.txt" || fail "status text: $(grep 'latest' "$T/status.txt")"
pass "status prints times as the details show them"

wait_lines "$T/tmux.log" 3 5 || fail "tmux display-message was not run"
check_eq "$(sed -n 1p "$T/tmux.log")" display-message "tmux command"
sed -n 2p "$T/tmux.log" | grep -q '^azwatch: .*Azure Cache for Redis' ||
    fail "tmux message: $(sed -n 2p "$T/tmux.log")"
check_eq "$(sed -n 3p "$T/tmux.log")" --end-- "tmux arguments"
pass "tmux display-message with the incident"

tmux_keys q
wait_exited 20 || fail "exit status after q: azwatch did not exit"

# ------------------------------------------------------------ status line

# from the view cache (that it asks no one is checked below; how fast it
# is belongs to bench/, not here)
line=$("$AZWATCH" status --format tmux) || fail "status --format tmux failed"
echo "$line" | grep -E -q '^AZ ▲[0-9]+ active · SH ▲1 [0-9a-z]+ · SP ▲[0-9]+ ' ||
    fail "status line: '$line'"
pass "status --format tmux: '$line' in $ms ms"
line=$(LC_ALL=C "$AZWATCH" status --format tmux)
echo "$line" | grep -E -q '^AZ \^[0-9]+ active \| SH \^1 ' ||
    fail "ASCII status line in the C locale: '$line'"
line=$("$AZWATCH" status --format tmux-ascii)
echo "$line" | grep -E -q '^AZ \^[0-9]+ active \| ' ||
    fail "status --format tmux-ascii: '$line'"
pass "ASCII status line"
before=$(fake_requests | json_eval 'len(d)')
"$AZWATCH" status --format tmux >/dev/null
check_eq "$(fake_requests | json_eval 'len(d)')" "$before" \
    "requests made by status --format tmux"
pass "status --format tmux makes no request"

# ------------------------------------------------------------ offline restart

CACHED='(updated [0-9]{2}:[0-9]{2}|stale: [^ ]+) \(cached\)'

fake_kill
tmux_restart_wait
AZWATCH=$T/azwatch-wrapper tmux_start
wait_for 'Azure Cache for Redis' 1 ||
    fail "the journal's incident is not on screen at once"
tmux_resize 200 30
# "(cached)" lasts until a channel answers: "updated HH:MM (cached)" until
# its first failed poll, "stale: … (cached)" after it (at once where no
# `az` is installed), so wait for the mark, not for one of its wordings.
wait_for "$CACHED" 5 || fail "the channels are not marked as cached"
wait_for 'stale|unreachable' 15 ||
    fail "the unreachable channels are not marked stale"
tmux_capture | grep -q 'Azure Cache for Redis' ||
    fail "the incident went away when the network failed"
pass "restart with no network shows what was known, marked stale"
tmux_keys q
wait_exited 20 || fail "exit status after q (offline): azwatch did not exit"
tmux_restart_wait

# The same from the journal alone: without the view cache (the small
# "last screen" file) the worker reads the history and still shows it.
[ -f "$XDG_STATE_HOME/azwatch/view.json" ] ||
    fail "no view cache was written"
rm -f "$XDG_STATE_HOME/azwatch/view.json"
AZWATCH=$T/azwatch-wrapper tmux_start
wait_for 'Azure Cache for Redis' 5 ||
    fail "without the view cache the journal's incident is not shown"
tmux_resize 200 30
wait_for "$CACHED" 5 ||
    fail "without the view cache the channels are not marked as cached"
pass "restart without the view cache shows the journal's history"
tmux_keys q
wait_exited 20 || fail "azwatch did not exit after the journal-only restart"
tmux_restart_wait

# ------------------------------------------------------------ burst

XDG_STATE_HOME=$T/state2
export XDG_STATE_HOME
rm -f "$T"/notify/* "$T/tmux.log"
fake_start quiet
notify_config
fake_ctl "set?key=big_events&value=50" >/dev/null || fail "fake_ctl set"
fake_ctl "set?key=big_items&value=0" >/dev/null || fail "fake_ctl set"
AZWATCH=$T/azwatch-wrapper tmux_start
wait_for 'service-health' 10 || fail "the dashboard did not start (burst)"
# let every channel give its baseline answer
sleep 4
check_eq "$(count_lines "$T/notify/calls")" 0 "notifications before the burst"
fake_ctl "scenario?name=big" >/dev/null || fail "fake_ctl scenario big"
wait_lines "$T/notify/calls" 1 15 || fail "no notification for the burst"
sleep 5
check_eq "$(count_lines "$T/notify/calls")" 1 "notifications for a burst"
grep -E -q '^summary	50 new incidents' "$T/notify/calls" ||
    fail "burst summary: $(cat "$T/notify/calls")"
check_eq "$(grep -c -- --end-- "$T/tmux.log")" 1 "tmux messages for a burst"
grep -q '^azwatch: Azure: 50 new incidents' "$T/tmux.log" ||
    fail "tmux burst message: $(cat "$T/tmux.log")"
pass "a burst of 50 is one notification"
tmux_keys q
wait_exited 20 || fail "exit status after q (burst): azwatch did not exit"
