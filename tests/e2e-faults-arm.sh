#!/bin/sh
# e2e-faults-arm.sh: the fault matrix of e2e-faults.sh for Service Health
# and support, as a test of its own so that make check runs the parts of
# e2e-faults.sh side by side.
FAULTS_PART=matrix
FAULTS_CHANNELS="service-health support"
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/e2e-faults.sh"
