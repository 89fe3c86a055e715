#!/bin/sh
# doc/azwatch-watch.service: systemd reads it without a complaint
# (systemd-analyze verify, with the built binary as ExecStart), it keeps
# its hardening, and systemd's own exposure rating of it stays "OK".
# Skipped where systemd-analyze is not installed.
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${TOP_BUILDDIR:-$top/build}
azwatch=${AZWATCH:-$build/azwatch}
unit=$top/doc/azwatch-watch.service
rc=0

command -v systemd-analyze >/dev/null 2>&1 || {
	echo "SKIP: systemd-analyze is not installed"
	exit 77
}
T=$(mktemp -d "${TMPDIR:-/tmp}/azwatch-service.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT INT TERM

sed "s|/usr/bin/azwatch|$azwatch|g" "$unit" >"$T/azwatch-watch.service"
if ! systemd-analyze verify --man=no "$T/azwatch-watch.service" \
    >"$T/verify" 2>&1 || [ -s "$T/verify" ]; then
	echo "FAIL: systemd-analyze verify:" >&2
	cat "$T/verify" >&2
	rc=1
fi

for line in 'ExecStart=/usr/bin/azwatch watch --config %E/azwatch/config --state-dir %S/azwatch' \
    'ExecReload=/bin/kill -HUP $MAINPID' 'Restart=on-failure' \
    DynamicUser=yes StateDirectory=azwatch ConfigurationDirectory=azwatch \
    NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
    PrivateDevices=yes 'CapabilityBoundingSet=' \
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' \
    'SystemCallFilter=@system-service' SystemCallArchitectures=native \
    'WantedBy=multi-user.target'; do
	grep -qxF -- "$line" "$unit" || { echo "FAIL: no '$line'" >&2; rc=1; }
done

# systemd 250 and later rate a unit file offline.
if systemd-analyze security --offline=yes "$T/azwatch-watch.service" \
    >"$T/security" 2>&1; then
	grep -q 'Overall exposure level for azwatch-watch.service: [0-9.]* OK' \
	    "$T/security" || {
		echo "FAIL: exposure is not OK:" >&2
		tail -n 1 "$T/security" >&2
		rc=1
	}
fi
[ $rc -eq 0 ] && echo "ok - azwatch-watch.service verifies; $(tail -n 1 "$T/security" 2>/dev/null)"
exit $rc
