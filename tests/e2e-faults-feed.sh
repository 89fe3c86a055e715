#!/bin/sh
# e2e-faults-feed.sh: the fault matrix of e2e-faults.sh for the status page
# and X (and a DNS failure, a closed port), as a test of its own so that
# make check runs the parts of e2e-faults.sh side by side.
FAULTS_PART=matrix
FAULTS_CHANNELS="status-page x"
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/e2e-faults.sh"
