#!/bin/sh
# e2e-children.sh: the programs azwatch runs (notify_program, az) against
# the fake Azure: their environment holds none of azwatch's secrets; an az
# that never exits ends sign-in with a clear message at [azure] az_timeout
# and never holds up quitting; a notify_program that never exits or is
# missing is reported in the support channel's notes, and a hung one does
# not outlive azwatch.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
need_tmux

SECRET_NAMES='AZURE_CLIENT_SECRET|AZWATCH_ACCESS_TOKEN|X_BEARER_TOKEN'
SECRET_VALUES='fake-client-secret|fake-x-bearer|fake-static-token'

# no_secret_env FILE: an environment dump without a secret's name or value.
no_secret_env() {
	[ -s "$1" ] || fail "no environment was recorded in $1"
	if grep -E -n -- "^($SECRET_NAMES)=|$SECRET_VALUES" "$1" >&2; then
		fail "a secret is in the child's environment ($1)"
	fi
}

# not_running PID: the process is gone (or a zombie waiting for init).
not_running() {
	_st=$(ps -o stat= -p "$1" 2>/dev/null)
	case $_st in
	""|Z*) return 0 ;;
	esac
	return 1
}

# show_support_notes: the support channel's own view (Notes: lists its
# detail), one key away: 4.
show_support_notes() {
	tmux_keys 4
	wait_for '^ Channel support' 5 || fail "4 opened no support channel view"
}

set_notify() {	# set_notify PROGRAM TIMEOUT
	cat >>"$T/config" <<EOF

[notify]
tmux = off
notify_program = $1
timeout = $2
EOF
}

fake_start redis-eastus
fake_use_secret
fake_use_x
AZWATCH_ACCESS_TOKEN=fake-static-token-C1
export AZWATCH_ACCESS_TOKEN
mkdir -p "$T/notify"
NOTIFY_RECORD_DIR=$T/notify
export NOTIFY_RECORD_DIR

# -- notify_program's environment ----------------------------------------
fake_ctl "step?n=1" >/dev/null || fail "fake step 1"
set_notify "$TOP_SRCDIR/tests/notify-recorder" 30
tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 20 || fail "no incident on screen"
sleep 3		# the first answer is the baseline, not news
fake_ctl "step?n=2" >/dev/null || fail "fake step 2"
_n=0
while ! ls "$T"/notify/env.* >/dev/null 2>&1 && [ $_n -lt 200 ]; do
	sleep 0.1
	_n=$((_n + 1))
done
envf=$(ls "$T"/notify/env.* 2>/dev/null | head -1)
[ -n "$envf" ] || fail "notify_program was not run"
grep -q '^AZWATCH_NOTIFY_KIND=' "$envf" || fail "notify_program got no AZWATCH_NOTIFY_KIND"
no_secret_env "$envf"
tmux_keys q
wait_exited 20 || fail "azwatch did not quit"
tmux_stop
rm -rf "$T/state"	# the next run starts without history
pass "notify_program runs without azwatch's secrets in its environment"

# -- a notify_program that never reads its stdin and never exits ---------
cat >"$T/hang-notify" <<EOF
#!/bin/sh
echo \$\$ > '$T/hang.pid'
exec sleep 600
EOF
chmod +x "$T/hang-notify"
fake_start redis-eastus
fake_use_secret
fake_ctl "step?n=1" >/dev/null || fail "fake step 1"
set_notify "$T/hang-notify" 2
tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 20 || fail "no incident on screen"
sleep 3
fake_ctl "step?n=2" >/dev/null || fail "fake step 2"
_n=0
while [ ! -s "$T/hang.pid" ] && [ $_n -lt 200 ]; do
	sleep 0.1
	_n=$((_n + 1))
done
[ -s "$T/hang.pid" ] || fail "notify_program was not run"
hang_pid=$(cat "$T/hang.pid")
show_support_notes
wait_for 'did not finish within 2' 30 || fail "the hung notify_program is not reported"
tmux_capture | grep -q 'notify_program' || fail "the report does not name notify_program"
# `status`, another process, says so too
timeout 60 "$AZWATCH" status --json >"$T/st-hang.json" 2>"$T/st-hang.err"
case $(json_eval "d.get('notify', {}).get('problem')" <"$T/st-hang.json") in
*notify_program*"did not finish within 2"*) ;;
*) fail "status --json does not report the hung notify_program: $(cat "$T/st-hang.json")" ;;
esac
_n=0
while ! not_running "$hang_pid" && [ $_n -lt 100 ]; do
	sleep 0.1
	_n=$((_n + 1))
done
not_running "$hang_pid" || fail "the hung notify_program still runs"
tmux_keys q
tmux_keys q
wait_exited 20 || fail "azwatch did not quit"
tmux_stop
rm -rf "$T/state"
pass "a notify_program that never reads stdin nor exits is killed and reported"

# -- a missing notify_program ---------------------------------------------
fake_start redis-eastus
fake_use_secret
fake_ctl "step?n=1" >/dev/null || fail "fake step 1"
set_notify "$T/no-such-notify" 30
tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 20 || fail "no incident on screen"
sleep 3
fake_ctl "step?n=2" >/dev/null || fail "fake step 2"
show_support_notes
wait_for 'no-such-notify not found' 30 || fail "the missing notify_program is not reported"
timeout 60 "$AZWATCH" status >"$T/st-missing.txt" 2>"$T/st-missing.err"
grep -q '^notify: notify_program .*no-such-notify not found (first seen .* ago)$' \
    "$T/st-missing.txt" || fail "status does not report the missing notify_program: $(cat "$T/st-missing.txt")"
tmux_keys q
tmux_keys q
wait_exited 20 || fail "azwatch did not quit"
tmux_stop
rm -rf "$T/state"
pass "a missing notify_program is reported"

# -- az: its environment, and one that never exits -------------------------
fake_start redis-eastus
fake_use_secret
fake_use_x
fake_use_cli
fake_ctl "step?n=1" >/dev/null || fail "fake step 1"
AZWATCH_ACCESS_TOKEN=fake-static-token-C1
export AZWATCH_ACCESS_TOKEN
awk '{ print } /^\[azure\]$/ { print "auth = azure-cli"; print "az_timeout = 60" }' \
    "$T/config" >"$T/config.new" && mv "$T/config.new" "$T/config"
FAKE_AZ_ENV_LOG=$T/az.env
export FAKE_AZ_ENV_LOG
timeout 60 "$AZWATCH" status --json >"$T/az-ok.out" 2>"$T/az-ok.err"
grep -q "signed in with azure-cli" "$T/az-ok.out" || fail "not signed in with az: $(cat "$T/az-ok.out" "$T/az-ok.err")"
no_secret_env "$T/az.env"
pass "az runs without azwatch's secrets in its environment"

# az through a wrapper that records its pid at once (the fake CLI is
# Python, slow to start on a loaded machine; exec keeps the pid)
cat >"$T/az-wrap" <<EOF
#!/bin/sh
echo \$\$ > '$T/az.pid'
exec '$TOP_SRCDIR/tests/bin/az' "\$@"
EOF
chmod +x "$T/az-wrap"
AZWATCH_AZ_PROGRAM=$T/az-wrap
FAKE_AZ_HANG=1
export AZWATCH_AZ_PROGRAM FAKE_AZ_HANG
sed -i 's/^az_timeout = 60$/az_timeout = 2/' "$T/config"
rm -f "$T/az.pid"
timeout 60 "$AZWATCH" status --json >"$T/az-hang.out" 2>"$T/az-hang.err"
grep -q 'did not finish within 2 s' "$T/az-hang.out" ||
    fail "no clear message for an az that never exits: $(cat "$T/az-hang.out")"
az_pid=$(cat "$T/az.pid" 2>/dev/null)
[ -n "$az_pid" ] || fail "az was not run"
not_running "$az_pid" || fail "the hung az outlived azwatch status"
pass "an az that never exits: sign-in ends at az_timeout with a clear message"

# quitting never waits on it, however long az_timeout is
rm -f "$T/az.pid"
sed -i 's/^az_timeout = 2$/az_timeout = 600/' "$T/config"
tmux_start
_n=0
while [ ! -s "$T/az.pid" ] && [ $_n -lt 200 ]; do
	sleep 0.1
	_n=$((_n + 1))
done
[ -s "$T/az.pid" ] || fail "the dashboard did not run az"
az_pid=$(cat "$T/az.pid")
tmux_keys q
wait_exited 20 || fail "quitting waits on a hung az"
not_running "$az_pid" || fail "the hung az outlived the dashboard"
tmux_stop
pass "quitting is prompt while az hangs, and az does not outlive azwatch"
