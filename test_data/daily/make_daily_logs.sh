#!/bin/bash
# Writes two consecutive "daily" atop raw logs of one host with Debian's atop
# (2.8.1 on Debian 12), in a PID and UTS namespace of their own (host name
# atop-daily), the way atop's daily rotation does: one atop run per file.
#
#   test_data/daily/make_daily_logs.sh [DIRECTORY]
#
# daemon-a starts before both runs, daemon-b during the first and keeps running
# through the second, worker-c and a few short-lived processes during the
# second. Needs root and `apt-get install atop`.
set -eu
DIRECTORY=$(realpath "${1:-$(dirname "$0")}")
exec unshare --pid --fork --mount-proc --uts bash -s "$DIRECTORY" <<'INNER'
set -eu
DIRECTORY=$1
hostname atop-daily
WORK=$(mktemp -d)
cd "$WORK"
for name in daemon-a daemon-b worker-c; do cp /bin/sleep "$WORK/$name"; done

"$WORK/daemon-a" 100000 &
sleep 3

atop -w "$DIRECTORY/atop_20261125" 2 6 &
first=$!
sleep 3
"$WORK/daemon-b" 100000 &
sleep 2
sh -c 'sleep 1; exit 4' || true
wait $first

sleep 4
atop -w "$DIRECTORY/atop_20261126" 2 6 &
second=$!
sleep 3
"$WORK/worker-c" 3
sh -c 'sleep 1; exit 7' || true
wait $second

for log in atop_20261125 atop_20261126; do
  atop -r "$DIRECTORY/$log" -P PRG,PRC,PRM,PRD > "$DIRECTORY/$log.parseable.txt"
done
INNER
