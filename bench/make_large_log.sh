#!/bin/bash
# Writes a large real atop raw log for the benchmark: Debian's atop (2.8.1 on
# Debian 12) at a one-second interval, beside about 500 resident processes, a
# few multi-threaded ones and a steady churn of short-lived processes.
#
#   bench/make_large_log.sh [OUTPUT] [SAMPLES]
#
# OUTPUT defaults to bench/data/atop_large.raw and SAMPLES to 2400 (40
# minutes). bench/run.py reads its first half as the default log, and the
# whole file as the log twice as long. Needs root and `apt-get install atop`.
set -eu
OUTPUT=${1:-$(dirname "$0")/data/atop_large.raw}
SAMPLES=${2:-2400}
RESIDENT=${RESIDENT:-480}
mkdir -p "$(dirname "$OUTPUT")"
rm -f "$OUTPUT"

WORK=$(mktemp -d)
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  pkill -f "$WORK/" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Resident processes with distinct command lines.
cp /bin/sleep "$WORK/resident"
for i in $(seq 1 "$RESIDENT"); do
  "$WORK/resident" "$((100000 + i))" &
done
for i in 1 2 3 4; do
  python3 -c 'import threading,time; [threading.Thread(target=time.sleep,args=(100000,),daemon=True).start() for _ in range(8)]; time.sleep(100000)' "$WORK/threads$i" &
done

# Churn: short-lived processes every second, some exiting with a code, some
# killed, so that samples carry new processes and exits.
(
  while :; do
    for j in 1 2 3 4 5; do sh -c "exit $((j % 3))"; done
    "$WORK/resident" 0.3 &
    bash -c 'sleep 30' & p=$!; sleep 0.2; kill -9 $p 2>/dev/null
    sleep 0.5
  done
) &

atop -w "$OUTPUT" 1 "$SAMPLES"
ls -l "$OUTPUT"
