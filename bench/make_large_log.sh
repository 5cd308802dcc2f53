#!/bin/bash
# Writes a large real atop raw log for the benchmark: Debian's atop (2.8.1 on
# Debian 12) at a one-second interval, beside about 480 resident processes and
# a few multi-threaded ones, while short-lived processes come and go.
#
#   bench/make_large_log.sh [OUTPUT] [SAMPLES]
#
# CHURN=quiet (the default) writes the log of a quiet server: a few
# short-lived processes every five seconds; OUTPUT defaults to
# bench/data/atop_large.raw and SAMPLES to 2400 (40 minutes), and bench/run.py
# reads its first half as the quiet log. CHURN=busy writes the log of a build
# server, a CI runner or a host under attack (see make_churn_log.sh). It runs
# in a PID and UTS namespace of its own, so the log holds the workload's
# processes only. Needs root and `apt-get install atop`. Write one log at a
# time: atop takes the exits from process accounting, which every PID
# namespace shares, so the quiet log would also hold the busy one's exits.
set -eu
CHURN=${CHURN:-quiet}
OUTPUT=$(realpath -m "${1:-$(dirname "$0")/data/atop_large.raw}")
SAMPLES=${2:-2400}
RESIDENT=${RESIDENT:-480}
mkdir -p "$(dirname "$OUTPUT")"
rm -f "$OUTPUT"

exec unshare --pid --fork --mount-proc --uts bash -s "$OUTPUT" "$SAMPLES" "$RESIDENT" "$CHURN" <<'INNER'
set -eu
OUTPUT=$1 SAMPLES=$2 RESIDENT=$3 CHURN=$4
if [ "$CHURN" = busy ]; then hostname atop-churn; else hostname atop-quiet; fi
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

if [ "$CHURN" = busy ]; then
  # About 35 short-lived processes a second, 14 every 0.4 s. Most start and
  # exit between two samples (atop knows them from process accounting only),
  # some live across a sample, some exit with a code or are killed.
  (
    while :; do
      for j in 1 2 3 4 5 6 7 8; do /bin/true "build-step-$j"; done
      for j in 1 2 3; do sh -c "exit $j" || true; done
      "$WORK/resident" 0.7 &
      "$WORK/resident" 1.3 &
      bash -c 'sleep 30' & p=$!
      sleep 0.35
      kill -9 $p 2>/dev/null || true
    done
  ) &
else
  # A few short-lived processes every five seconds, one exiting with a code,
  # one killed.
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
fi

sleep 1
atop -w "$OUTPUT" 1 "$SAMPLES"
INNER
