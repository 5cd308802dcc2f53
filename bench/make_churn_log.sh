#!/bin/bash
# Writes a high-churn atop raw log for the benchmark, as a build server, a CI
# runner or a host under attack writes it: Debian's atop (2.8.1 on Debian 12)
# at a one-second interval, beside about 480 resident processes, while more
# than 30 short-lived processes start and exit every second.
#
#   bench/make_churn_log.sh [OUTPUT] [SAMPLES]
#
# OUTPUT defaults to bench/data/atop_churn.raw and SAMPLES to 1200 (20
# minutes). It runs in a PID and UTS namespace of its own (host name
# atop-churn), so the log holds the workload's processes only. Needs root and
# `apt-get install atop`.
set -eu
OUTPUT=$(realpath -m "${1:-$(dirname "$0")/data/atop_churn.raw}")
SAMPLES=${2:-1200}
RESIDENT=${RESIDENT:-480}
mkdir -p "$(dirname "$OUTPUT")"
rm -f "$OUTPUT"

exec unshare --pid --fork --mount-proc --uts bash -s "$OUTPUT" "$SAMPLES" "$RESIDENT" <<'INNER'
set -eu
OUTPUT=$1 SAMPLES=$2 RESIDENT=$3
hostname atop-churn
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

cp /bin/sleep "$WORK/resident"
for i in $(seq 1 "$RESIDENT"); do
  "$WORK/resident" "$((100000 + i))" &
done
for i in 1 2 3 4; do
  python3 -c 'import threading,time; [threading.Thread(target=time.sleep,args=(100000,),daemon=True).start() for _ in range(8)]; time.sleep(100000)' "$WORK/threads$i" &
done

# Churn: every half second, 17 short-lived processes. Most start and exit
# between two samples (atop knows them from process accounting only), some
# live across a sample, some exit with a code or are killed.
(
  while :; do
    for j in 1 2 3 4 5 6 7 8 9 10; do /bin/true "build-step-$j"; done
    for j in 1 2 3; do sh -c "exit $j" || true; done
    "$WORK/resident" 0.7 &
    "$WORK/resident" 1.3 &
    bash -c 'sleep 30' & p=$!
    sleep 0.35
    kill -9 $p 2>/dev/null || true
  done
) &

sleep 1
atop -w "$OUTPUT" 1 "$SAMPLES"
INNER
