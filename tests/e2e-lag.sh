#!/bin/sh
# e2e-lag.sh: the lag record takes each channel's own times where Azure
# gives them, not the moment azwatch first looked: Service Health's first
# update of an event, and an emerging issue's publication (its startTime
# here; publishedTime where given), kept when its event replaces it. azwatch starts long after both were
# posted, so a record of its own look would say "+0m" from now, not when
# Azure spoke. Against the fake Azure, its clock pinned.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"

# the fake's story is told around this minute
FAKE_AZURE_BASE=$(($(date +%s) / 60 * 60))
export FAKE_AZURE_BASE
iso() {
	date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ
}

facts() {
	json_eval "$1" <"$T/out" | tr -d '\r'
}

# Service Health: the event's first update was 30 minutes before now.
fake_start redis-eastus
fake_use_secret
fake_ctl "step?n=1" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
check_eq "$(facts "[i for i in d['incidents'] if i['tracking_id'] == '7K2Q-XL8'][0].get('first_seen', {}).get('service_health')")" \
    "$(iso $((FAKE_AZURE_BASE - 30 * 60)))" "Service Health: its first update"
pass "Service Health's lag is its first update, not azwatch's first look"

# Emerging issues: published at the impact start, 6 minutes before the
# event's first update; the event says more and replaces its mirror, whose
# time stays in the event's lag record.
fake_start early-eastus2
fake_use_secret
fake_ctl "step?n=2" >/dev/null
"$AZWATCH" status --json >"$T/out" 2>"$T/err" || true
check_eq "$(facts "str([i for i in d['incidents'] if i['tracking_id'] == 'E2R5-9KD'][0].get('first_seen', {}).get('emerging')) + '|' + str([i for i in d['incidents'] if i['tracking_id'] == 'E2R5-9KD'][0].get('first_seen', {}).get('service_health'))")" \
    "$(iso $((FAKE_AZURE_BASE - 6 * 60)))|$(iso "$FAKE_AZURE_BASE")" \
    "emerging issues and Service Health: their own times"
pass "an emerging issue's lag is its own publication, kept in its event"
