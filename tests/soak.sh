#!/bin/sh
# soak.sh [CYCLES]: an accelerated soak against the fake Azure. Every
# channel is polled CYCLES times (default 1500, as make check runs it)
# while the fake rotates scenarios, steps and faults; resident memory
# after the first 1000 cycles must not grow by more than SOAK_MAX_KB
# (default 1024), and every failure must carry a message.
#   tests/soak.sh 10000        the full soak (about two minutes)

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

cycles=${1:-${SOAK_CYCLES:-1500}}
driver=${SOAK_DRIVER:-$TOP_BUILDDIR/tests/soak-driver}
[ -x "$driver" ] || driver=$TOP_SRCDIR/build/tests/soak-driver
[ -x "$driver" ] || skip "tests/soak-driver is not built (make check builds it)"

fake_start
fake_use_secret
fake_use_x
"$driver" "$cycles" 1000 "${SOAK_MAX_KB:-1024}" >"$T/soak.out" 2>"$T/soak.err"
rc=$?
cat "$T/soak.out"
[ $rc -eq 0 ] || { tail -n 20 "$T/soak.err" >&2; fail "soak failed ($rc)"; }
grep -q "^soak: $cycles cycles" "$T/soak.out" || fail "the soak did not finish"
# every channel that ran both answered and failed (the driver checks it)
grep -q '^soak: status-page ' "$T/soak.out" || fail "the status page never ran"
pass "$cycles poll cycles, memory flat"
