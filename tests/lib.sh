# lib.sh: helpers for azwatch's end-to-end tests, sourced by tests/*.sh.
# Starts the fake Azure (tests/fake-azure.py) in a private temp dir $T,
# drives azwatch in a private tmux server, and cleans everything up on exit.
# POSIX sh. make check exports AZWATCH, TOP_SRCDIR, TOP_BUILDDIR, LC_ALL.

: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${AZWATCH:=$TOP_BUILDDIR/azwatch}"
export TOP_SRCDIR TOP_BUILDDIR AZWATCH

# Credentials the fake accepts.
FAKE_CLIENT_SECRET=fake-client-secret-Z9
FAKE_X_BEARER=fake-x-bearer-Q7
FAKE_TENANT=72f988bf-0000-4000-8000-00000000fa4e
FAKE_SUB_A1=00000000-0000-0000-0000-0000000000a1
FAKE_SUB_A2=00000000-0000-0000-0000-0000000000a2

skip() {
	echo "SKIP: $*"
	exit 77
}

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
# The interpreter's own directory first on PATH: a python3 on PATH may be
# a version manager's shim that costs a second a call, and the tests (and
# the fakes they start) call it often.
_lib_python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
case $_lib_python in
*/python3) [ -x "$_lib_python" ] && PATH=${_lib_python%/python3}:$PATH ;;
esac
export PATH
command -v curl >/dev/null 2>&1 || skip "curl is not installed"

T=$(mktemp -d "${TMPDIR:-/tmp}/azwatch-test.XXXXXX") || exit 99
FAKE_PID=
SINKS_PID=
TMUX_SOCKET=azwatch-test-$$
TMUX_ON=

_lib_cleanup() {
	_lib_rc=$?
	trap - EXIT HUP INT TERM
	if [ -n "$TMUX_ON" ]; then
		tmux -L "$TMUX_SOCKET" kill-server >/dev/null 2>&1
	fi
	if [ -n "$FAKE_PID" ]; then
		kill -TERM "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
	fi
	if [ -n "$SINKS_PID" ]; then
		kill -TERM "$SINKS_PID" 2>/dev/null
		wait "$SINKS_PID" 2>/dev/null
	fi
	rm -rf "$T"
	exit "$_lib_rc"
}
trap _lib_cleanup EXIT
trap 'exit 130' HUP INT TERM

pass() {
	echo "ok - $*"
}

# fail MSG: print MSG (and the screen, when tmux runs) and exit 1.
fail() {
	echo "FAIL: $*" >&2
	if [ -n "$TMUX_ON" ]; then
		echo "--- screen ---" >&2
		tmux_capture >&2
		echo "--------------" >&2
	fi
	exit 1
}

# check_eq GOT WANT MSG
check_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}

# json_eval EXPR: evaluate a Python expression over the JSON on stdin,
# bound to d; prints the result (json for lists and dicts).
json_eval() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
r = eval(sys.argv[1])
print(json.dumps(r) if isinstance(r, (list, dict)) else r)' "$1"
}

# ---------------------------------------------------------------- fake

# fake_start [scenario]: run the fake, wait for its port, write $T/config
# pointing every endpoint at it, and export a clean environment.
fake_start() {
	fake_stop
	rm -f "$T/fake.port"
	if [ -n "${1:-}" ]; then
		python3 "$TOP_SRCDIR/tests/fake-azure.py" --port-file "$T/fake.port" \
		    --log "$T/fake.log" --scenario "$1" &
	else
		python3 "$TOP_SRCDIR/tests/fake-azure.py" --port-file "$T/fake.port" \
		    --log "$T/fake.log" &
	fi
	FAKE_PID=$!
	_i=0
	while [ ! -s "$T/fake.port" ]; do
		_i=$((_i + 1))
		if [ "$_i" -gt 100 ] || ! kill -0 "$FAKE_PID" 2>/dev/null; then
			FAKE_PID=
			fail "the fake Azure did not start"
		fi
		sleep 0.1
	done
	FAKE_PORT=$(cat "$T/fake.port")
	FAKE_URL=http://127.0.0.1:$FAKE_PORT
	export FAKE_PORT FAKE_URL

	mkdir -p "$T/state" "$T/cfg" "$T/home"
	cat >"$T/config" <<EOF
# written by tests/lib.sh: every endpoint is the fake Azure
[azure]
arm_endpoint = $FAKE_URL
login_endpoint = $FAKE_URL

[status_page]
feed_url = $FAKE_URL/en-us/status/feed/

[x]
api_endpoint = $FAKE_URL

[poll]
interval = 2
EOF
	AZWATCH_CONFIG=$T/config
	XDG_STATE_HOME=$T/state
	XDG_CONFIG_HOME=$T/cfg
	HOME=$T/home
	AZWATCH_IMDS_ENDPOINT=$FAKE_URL
	export AZWATCH_CONFIG XDG_STATE_HOME XDG_CONFIG_HOME HOME AZWATCH_IMDS_ENDPOINT
	unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET \
	    AZURE_SUBSCRIPTION_ID AZURE_CONFIG_DIR AZURE_AUTHORITY_HOST \
	    X_BEARER_TOKEN AZWATCH_ACCESS_TOKEN
}

# Credentials in the environment, as a user would set them.
fake_use_secret() {
	AZURE_TENANT_ID=$FAKE_TENANT
	AZURE_CLIENT_ID=11111111-2222-3333-4444-555555555555
	AZURE_CLIENT_SECRET=$FAKE_CLIENT_SECRET
	export AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET
}
fake_use_x() {
	X_BEARER_TOKEN=$FAKE_X_BEARER
	export X_BEARER_TOKEN
}
# The fake az CLI (tests/bin/az) first in PATH; argv logged to $T/az.log.
fake_use_cli() {
	PATH=$TOP_SRCDIR/tests/bin:$PATH
	AZWATCH_AZ_PROGRAM=$TOP_SRCDIR/tests/bin/az
	FAKE_AZ_LOG=$T/az.log
	export PATH AZWATCH_AZ_PROGRAM FAKE_AZ_LOG
}

# fake_ctl PATH?QUERY: call the control API ("step?n=2", "/_ctl/next").
fake_ctl() {
	_p=${1#/}
	_p=${_p#_ctl/}
	curl -sS --max-time 10 "$FAKE_URL/_ctl/$_p"
}

# fake_requests [PATH_PREFIX]: the fake's request log as JSON.
fake_requests() {
	fake_ctl "requests?path=${1:-}"
}

fake_stop() {
	if [ -n "$FAKE_PID" ]; then
		kill -TERM "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
		_rc=$?
		FAKE_PID=
		return "$_rc"
	fi
}

# sinks_start: the fake delivery receivers (tests/fake-sinks.py) on
# loopback; SINKS is their base URL. Stopped when the test exits.
sinks_start() {
	python3 "$TOP_SRCDIR/tests/fake-sinks.py" --port-file "$T/sinks.port" &
	SINKS_PID=$!
	_i=0
	while [ ! -s "$T/sinks.port" ]; do
		_i=$((_i + 1))
		[ "$_i" -gt 100 ] && fail "the fake sinks did not start"
		sleep 0.1
	done
	SINKS=http://127.0.0.1:$(cat "$T/sinks.port")
}

# sinks_ctl PATH: a control call to the fake receivers.
sinks_ctl() {
	curl -sS --max-time 10 "$SINKS/_ctl/$1"
}

# fake_kill: SIGKILL, for "the server died" tests.
fake_kill() {
	if [ -n "$FAKE_PID" ]; then
		kill -KILL "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
		FAKE_PID=
	fi
	return 0
}

# ---------------------------------------------------------------- tmux

need_tmux() {
	command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
}

_tmux() {
	tmux -L "$TMUX_SOCKET" "$@"
}

# tmux_start [args...]: run "$AZWATCH args" in an 80x24 private tmux
# server ($TMUX_COLS x $TMUX_LINES when set: 100x30 and up shows a pane
# per channel). The pane stays after azwatch exits (see tmux_exit_status).
tmux_start() {
	need_tmux
	TMUX_ON=1
	unset TMUX TMUX_PANE
	# A server just killed by tmux_stop may still hold the socket: retry.
	_i=0
	until tmux -L "$TMUX_SOCKET" -f /dev/null start-server \; \
	    set-option -g remain-on-exit on \; \
	    set-option -g status off \; \
	    new-session -d -s azw -x "${TMUX_COLS:-80}" -y "${TMUX_LINES:-24}" \
	    env TERM=xterm-256color "$AZWATCH" "$@" 2>"$T/tmux.err"; do
		_i=$((_i + 1))
		[ "$_i" -lt 20 ] || fail "tmux could not start azwatch: $(cat "$T/tmux.err")"
		sleep 0.1
	done
}

tmux_keys() {
	_tmux send-keys -t azw "$@"
}

tmux_capture() {
	_tmux capture-pane -p -t azw
}

# tmux_capture_attrs: the screen with its attributes as SGR sequences.
tmux_capture_attrs() {
	_tmux capture-pane -e -p -t azw
}

# tmux_highlights: the runs of highlighted cells on the screen, one
# "KIND ROW TEXT" a line (ROW from 0): "hit" for reverse video (a search's
# match, or a selected line), "cur" for a yellow background (the current
# match), by following the SGR state of tmux_capture_attrs cell by cell.
tmux_highlights() {
	tmux_capture_attrs | python3 -c '
import re, sys
tok = re.compile(r"\x1b\[([0-9;:]*)m|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|(.)", re.S)
for y, line in enumerate(sys.stdin.read().split("\n")):
    rev, bg, run = False, None, None
    for m in tok.finditer(line):
        sgr = m.group(1)
        ps = [int(p) if p else 0 for p in re.split("[;:]", sgr or "")]
        i = 0
        while sgr is not None and i < len(ps):
            p = ps[i]
            if p == 0:
                rev, bg = False, None
            elif p in (7, 27):
                rev = p == 7
            elif 40 <= p <= 47 or p == 49:
                bg = p
            elif p in (38, 48):  # 256 or RGB colour: skip its values
                bg = p if p == 48 else bg
                i += 2 if ps[i + 1:i + 2] == [5] else 4
            i += 1
        if m.group(2) is None:
            continue
        kind = "cur" if bg == 43 else "hit" if rev else None
        if run is not None and run[0] == kind:
            run[2] += m.group(2)
            continue
        if run is not None:
            print("%s %d %s" % tuple(run))
        run = [kind, y, m.group(2)] if kind else None
    if run is not None:
        print("%s %d %s" % tuple(run))
'
}

# wait_for REGEX [timeout_s]: poll the screen until grep -E matches.
wait_for() {
	_n=$(( ${2:-10} * 10 ))
	while [ "$_n" -gt 0 ]; do
		if tmux_capture 2>/dev/null | grep -E -q -- "$1"; then
			return 0
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	echo "wait_for: no match for /$1/ in ${2:-10} s; last screen:" >&2
	tmux_capture >&2
	return 1
}

# wait_gone REGEX [timeout_s]: poll until the screen no longer matches.
wait_gone() {
	_n=$(( ${2:-10} * 10 ))
	while [ "$_n" -gt 0 ]; do
		if ! tmux_capture 2>/dev/null | grep -E -q -- "$1"; then
			return 0
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	echo "wait_gone: /$1/ still on screen after ${2:-10} s:" >&2
	tmux_capture >&2
	return 1
}

# tmux_exit_status [timeout_s]: wait for azwatch to exit; print its exit
# status, or 128 + the signal number when a signal killed it.
# tmux 3.3a sometimes misses the SIGCHLD of a pane's process: the pane is
# dead (its pty closed) but the process stays a zombie with no status.
# Repeating the signal to the server makes it reap and record the status.
tmux_exit_status() {
	_n=$(( ${1:-10} * 10 ))
	while [ "$_n" -gt 0 ]; do
		_s=$(_tmux display-message -p -t azw \
		    '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}')
		case $_s in
		1::)
			_spid=$(_tmux display-message -p '#{pid}' 2>/dev/null)
			[ -n "$_spid" ] && kill -CHLD "$_spid" 2>/dev/null
			;;
		1:[0-9]*:*)
			_s=${_s#1:}
			echo "${_s%%:*}"
			return 0
			;;
		1::[0-9]*)
			echo $((128 + ${_s#1::}))
			return 0
			;;
		esac
		sleep 0.1
		_n=$((_n - 1))
	done
	echo "tmux_exit_status: azwatch still running after ${1:-10} s" >&2
	return 1
}

# wait_exited [timeout_s]: azwatch (the pane's process) has exited. Checks
# the process itself: tmux only calls a pane dead once every holder of its
# terminal has closed it.
wait_exited() {
	_pid=$(_tmux display-message -p -t azw '#{pane_pid}')
	_n=$(( ${1:-20} * 10 ))
	while [ "$_n" -gt 0 ]; do
		_st=$(ps -o stat= -p "$_pid" 2>/dev/null)
		case $_st in
		""|Z*)
			return 0
			;;
		esac
		sleep 0.1
		_n=$((_n - 1))
	done
	echo "wait_exited: azwatch ($_pid) still running" >&2
	return 1
}

tmux_resize() {
	_tmux resize-window -t azw -x "$1" -y "$2"
}

# tmux_stop: kill the private server and wait until it is gone.
tmux_stop() {
	if [ -n "$TMUX_ON" ]; then
		_tmux kill-server >/dev/null 2>&1
		_i=0
		while _tmux list-sessions >/dev/null 2>&1 && [ "$_i" -lt 50 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		TMUX_ON=
	fi
	return 0
}
