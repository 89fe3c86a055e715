#!/bin/sh
# e2e-secrets.sh: recognizable fake secrets (the client secret, the X
# bearer, a static ARM token, and the tokens the fake login, IMDS and az
# hand out) never appear on screen, in status/check output or errors, in
# the journal or drafts, or on the command line of azwatch or the az it
# runs. A secret file others can read is refused with a chmod hint.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

SECRETS='fake-client-secret|Z9-WRONG|fake-x-bearer|fake-arm-token-|fake-imds-token-|fake-cli-token-|fake-static-token'
mkdir -p "$T/seen"

# no_secret FILE... : none of the secrets in these files.
no_secret() {
	for _f in "$@"; do
		[ -e "$_f" ] || fail "no_secret: $_f does not exist"
		if grep -r -a -E -n -- "$SECRETS" "$_f" >&2; then
			fail "a secret appears in $_f"
		fi
	done
}

# run NAME ARGS...: azwatch ARGS with stdout and stderr kept as NAME.*
run() {
	_n=$1
	shift
	timeout 60 "$AZWATCH" "$@" >"$T/seen/$_n.out" 2>"$T/seen/$_n.err"
	RC=$?
}

set_key() {	# set_key SECTION KEY VALUE
	awk -v s="[$1]" -v line="$2 = $3" '{ print } $0 == s { print line }' \
	    "$T/config" >"$T/config.new" && mv "$T/config.new" "$T/config"
}

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake step"

# -- client secret and X bearer from the environment --------------------
fake_use_secret
fake_use_x
run status-json status --json
check_eq "$RC" 0 "status with the client secret"
grep -q '"service-health"' "$T/seen/status-json.out" || fail "no service-health channel"
[ "$(fake_ctl state | json_eval "d['tokens_issued']")" -ge 1 ] ||
    fail "the fake issued no token: the test would prove nothing"
run status-text status
run check check --service redis --region eastus --json
check_eq "$RC" 10 "check finds the incident"
# error paths: an expired token, then a wrong secret, a 403, a foreign
# redirect that must not carry the token
fake_ctl expire-tokens >/dev/null
run status-expired status --json
fake_ctl "fault?path=/subscriptions&kind=403" >/dev/null
run status-403 status --json
fake_ctl "fault?path=/subscriptions&kind=redirect-foreign" >/dev/null
run status-redirect status --json
fake_ctl clear >/dev/null
AZURE_CLIENT_SECRET=fake-client-secret-Z9-WRONG run wrong-secret status --json
grep -q '"error"' "$T/seen/wrong-secret.out" || fail "a wrong secret gives no error"
fake_ctl "fault?path=/2/&kind=401" >/dev/null
run x-401 status --json
fake_ctl clear >/dev/null
pass "status and check with a client secret and the X bearer"

# -- a server that echoes the credential back in its error text ----------
# ARM quotes the bearer token, X its bearer, the login endpoint the form
# body with the client secret: none of it may be shown or kept.
fake_ctl "fault?path=/subscriptions&kind=echo-secret" >/dev/null
fake_ctl "fault?path=/2/&kind=echo-secret" >/dev/null
fake_ctl "requests?clear=1" >/dev/null
run echo-json status --json
run echo-text status
fake_ctl "fault?path=/$FAKE_TENANT/oauth2&kind=echo-secret" >/dev/null
run echo-login status --json
fake_requests >"$T/echo-requests.json"
fake_ctl clear >/dev/null
for p in /subscriptions /2/ "/$FAKE_TENANT/oauth2"; do
	n=$(json_eval "sum(1 for r in d if r['path'].startswith('$p') and r['status'] == 400)" \
	    <"$T/echo-requests.json")
	[ "$n" -ge 1 ] || fail "the fake echoed nothing on $p: the test would prove nothing"
done
grep -q 'redacted' "$T/seen/echo-json.out" || fail "no error quotes the echo: $(cat "$T/seen/echo-json.out")"
grep -q 'redacted' "$T/seen/echo-login.out" || fail "the sign-in error does not quote the echo"
no_secret "$T/seen"
pass "a secret a server echoes in an error is redacted from status and status --json"

# -- a static token, then az CLI and managed identity --------------------
unset AZURE_CLIENT_SECRET
AZWATCH_ACCESS_TOKEN=fake-static-token-S3 run token status --json
check_eq "$RC" 0 "status with a static token"
fake_use_cli
awk '{ print } /^\[azure\]$/ { print "auth = azure-cli" }' "$T/config" >"$T/config-cli"
AZWATCH_CONFIG=$T/config-cli run cli status --json
check_eq "$RC" 0 "status with az"
grep -q 'signed in with azure-cli' "$T/seen/cli.out" || fail "not signed in with az"
[ -s "$FAKE_AZ_LOG" ] || fail "az was not run"
no_secret "$FAKE_AZ_LOG"
pass "az is run without a secret on its command line"

# -- the dashboard, with secrets from files -------------------------------
unset AZURE_CLIENT_SECRET X_BEARER_TOKEN AZWATCH_AZ_PROGRAM
printf '%s\n' "$FAKE_CLIENT_SECRET" >"$T/client-secret"
printf '%s\n' "$FAKE_X_BEARER" >"$T/x-bearer"
chmod 600 "$T/client-secret" "$T/x-bearer"
set_key azure auth client-secret
set_key azure client_secret_file "$T/client-secret"
set_key x bearer_token_file "$T/x-bearer"
run files status --json
check_eq "$RC" 0 "status with secret files"

# a pane per channel (100x30 and up), where errors are shown whole
TMUX_COLS=100
TMUX_LINES=30
tmux_start
wait_for 'Azure Cache for Redis' 20 || fail "the dashboard shows no incident"
pid=$(_tmux display-message -p -t azw '#{pane_pid}')
[ -r "/proc/$pid/cmdline" ] || fail "no azwatch process"
tr '\0' ' ' <"/proc/$pid/cmdline" >"$T/seen/cmdline"
grep -q azwatch "$T/seen/cmdline" || fail "pane pid $pid is not azwatch"
for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
	tr '\0' ' ' <"/proc/$c/cmdline" >>"$T/seen/cmdline" 2>/dev/null
done
snap() {
	_tmux capture-pane -p -t azw >"$T/seen/screen-$1.txt"
	_tmux capture-pane -p -e -t azw >"$T/seen/screen-$1.esc"
}
snap dashboard
tmux_keys r
sleep 1
snap refreshed
tmux_keys Enter
sleep 0.5
snap detail
tmux_keys q
sleep 0.3
tmux_keys '?'
sleep 0.3
snap help
tmux_keys q
sleep 0.3
# a fault while the dashboard runs: the error message on screen
fake_ctl expire-tokens >/dev/null
fake_ctl "fault?path=/subscriptions&kind=401" >/dev/null
tmux_keys r
sleep 2
snap expired
fake_ctl clear >/dev/null
# a server echoing the token while the dashboard runs: on screen and in
# view.json only redacted
fake_ctl "fault?path=/subscriptions&kind=echo-secret" >/dev/null
tmux_keys r
wait_for 'InvalidAuthenticat' 20 || fail "the echoed error is not on screen"
snap echo
fake_ctl clear >/dev/null
# a server quoting the token in an incident's own text (title, summary,
# update): the incident is shown and kept, the token redacted everywhere
fake_ctl "fault?path=/subscriptions/$FAKE_SUB_A1/providers/Microsoft.ResourceHealth/events&kind=echo-secret-event" >/dev/null
tmux_keys r
wait_for 'Echo - Vi' 20 || fail "the echoing incident is not on screen"
snap echo-event
fake_ctl clear >/dev/null
# the wizard's draft
for k in w; do tmux_keys "$k"; done
wait_for 'Which service is failing\?' 5 || fail "w did not open the wizard"
tmux_keys -l redis
sleep 0.3
tmux_keys Enter
wait_for 'In which region\?' 5 || fail "no region step"
tmux_keys -l 'east us'
sleep 0.3
tmux_keys Enter
wait_for 'Which resource\?' 5 || fail "no resource step"
tmux_keys Enter
wait_for 'When did it start\?' 5 || fail "no start step"
tmux_keys -l 30m
sleep 0.3
tmux_keys Enter
wait_for 's save draft' 20 || fail "no verdict"
tmux_keys s
wait_for 'Ticket draft saved:' 5 || fail "s did not save the draft"
snap draft
ls "$T"/state/azwatch/drafts/*.md >/dev/null 2>&1 || fail "no draft saved"
tmux_keys q
sleep 0.3
tmux_keys q
tmux_exit_status 10 >/dev/null || fail "the dashboard did not quit"
tmux_stop

[ -s "$T/state/azwatch/journal.jsonl" ] || fail "no journal was written"
grep -q 7K2Q-XL8 "$T/state/azwatch/journal.jsonl" ||
    fail "the journal does not hold the incident"
grep -q 'ECH0-SEC.*redacted' "$T/state/azwatch/journal.jsonl" ||
    fail "the journal does not hold the echoing incident, redacted"
no_secret "$T/seen" "$T/state"
pass "no secret on screen, in output, errors, journal, drafts or cmdline"

# -- secret files others can read are refused ----------------------------
chmod 644 "$T/client-secret"
run world status --json
check_eq "$RC" 2 "a world-readable client secret file"
grep -q "chmod 600 $T/client-secret" "$T/seen/world.err" ||
    fail "no chmod hint: $(cat "$T/seen/world.err")"
run world-check check --service redis --region eastus
check_eq "$RC" 2 "check with a world-readable secret file"
chmod 600 "$T/client-secret"
chmod 640 "$T/x-bearer"
run group status --json
check_eq "$RC" 2 "a group-readable X bearer file"
grep -q "chmod 600 $T/x-bearer" "$T/seen/group.err" ||
    fail "no chmod hint: $(cat "$T/seen/group.err")"
no_secret "$T/seen"
pass "a secret file others can read is refused with a chmod hint"

# -- a FIFO or a directory as the config or a secret file ----------------
mkfifo "$T/fifo"
AZWATCH_CONFIG=$T/seen run config-dir status --json
check_eq "$RC" 2 "a directory as the config"
grep -q "is a directory" "$T/seen/config-dir.err" ||
    fail "no clear message: $(cat "$T/seen/config-dir.err")"
run config-fifo --config "$T/fifo" status --json
check_eq "$RC" 2 "a FIFO as the config"
grep -q "is a FIFO" "$T/seen/config-fifo.err" ||
    fail "no clear message: $(cat "$T/seen/config-fifo.err")"
set_key azure client_secret_file "$T/fifo"
run secret-fifo status --json
check_eq "$RC" 2 "a FIFO as the secret file"
grep -q "secret file $T/fifo is a FIFO" "$T/seen/secret-fifo.err" ||
    fail "no clear message: $(cat "$T/seen/secret-fifo.err")"
pass "a FIFO or a directory as config or secret file: a clear error, exit 2, no hang"
