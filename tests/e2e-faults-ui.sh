#!/bin/sh
# e2e-faults-ui.sh: the dashboard part of e2e-faults.sh (data kept, keys
# answer during a hung poll, recovery, memory), as a test of its own so
# that make check runs the parts of e2e-faults.sh side by side.
FAULTS_PART=dashboard
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/e2e-faults.sh"
