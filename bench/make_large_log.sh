#!/bin/bash
# Writes a large real atop raw log for the benchmark, as a quiet server writes
# it: Debian's atop (2.8.1 on Debian 12) at a one-second interval, beside
# about 500 resident processes, a few multi-threaded ones and a slow churn of
# short-lived processes (a few every five seconds).
#
#   bench/make_large_log.sh [OUTPUT] [SAMPLES]
#
# OUTPUT defaults to bench/data/atop_large.raw and SAMPLES to 2400 (40
# minutes). bench/run.py reads its first half as the quiet log, and the whole
# file as the log twice as long. It runs in a PID and UTS namespace of its
# own (host name atop-quiet), so the log holds the workload's processes only.
# Needs root and `apt-get install atop`.
set -eu
OUTPUT=$(realpath -m "${1:-$(dirname "$0")/data/atop_large.raw}")
SAMPLES=${2:-2400}
RESIDENT=${RESIDENT:-480}
mkdir -p "$(dirname "$OUTPUT")"
rm -f "$OUTPUT"

exec unshare --pid --fork --mount-proc --uts bash -s "$OUTPUT" "$SAMPLES" "$RESIDENT" <<'INNER'
set -eu
OUTPUT=$1 SAMPLES=$2 RESIDENT=$3
hostname atop-quiet
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Resident processes with distinct command lines.
cp /bin/sleep "$WORK/resident"
for i in $(seq 1 "$RESIDENT"); do
  "$WORK/resident" "$((100000 + i))" &
done
for i in 1 2 3 4; do
  python3 -c 'import threading,time; [threading.Thread(target=time.sleep,args=(100000,),daemon=True).start() for _ in range(8)]; time.sleep(100000)' "$WORK/threads$i" &
done

# Churn: a few short-lived processes every five seconds, some exiting with a
# code, some killed, so that samples carry new processes and exits.
(
  while :; do
    sh -c "exit 1" || true
    "$WORK/resident" 1.3 &
    bash -c 'sleep 30' & p=$!
    sleep 2.5
    kill -9 $p 2>/dev/null || true
    sleep 2.5
  done
) &

sleep 1
atop -w "$OUTPUT" 1 "$SAMPLES"
INNER
