#!/bin/bash
# Writes a high-churn atop raw log for the benchmark, as a build server, a CI
# runner or a host under attack writes it: Debian's atop at a one-second
# interval, beside about 480 resident processes, while more than 30
# short-lived processes start and exit every second.
#
#   bench/make_churn_log.sh [OUTPUT] [SAMPLES]
#
# OUTPUT defaults to bench/data/atop_churn.raw and SAMPLES to 1200 (20
# minutes). Needs root and `apt-get install atop`.
set -eu
exec env CHURN=busy "$(dirname "$0")/make_large_log.sh" \
  "${1:-$(dirname "$0")/data/atop_churn.raw}" "${2:-1200}"
