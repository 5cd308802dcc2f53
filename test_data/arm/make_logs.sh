#!/bin/bash
# Writes the atop raw logs of test_data/arm: Debian 12's atop 2.8.1 for arm64
# (a 64-bit ABI whose structures have the sizes of x86-64) and for armhf (a
# 32-bit ABI whose structures have other sizes), run by qemu-user-static on
# this machine.
#
#   test_data/arm/make_logs.sh [DIRECTORY]
#
# Each log is written with `atop -w FILE 1 8` in a PID, UTS and mount
# namespace of its own, while short processes
# run, one exits with code 3, one is killed and one gives up root; beside it
# lies the same atop's `atop -r FILE -P PRG,PRC,PRM,PRD` output. Needs root,
# qemu-user-static and the arm64 and armhf architectures in dpkg:
#
#   dpkg --add-architecture arm64 && dpkg --add-architecture armhf && apt-get update
#   apt-get install qemu-user-static libc6:arm64 libncursesw6:arm64 zlib1g:arm64 \
#     libc6:armhf libncursesw6:armhf zlib1g:armhf
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
mkdir -p "$DIRECTORY"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for architecture in arm64 armhf; do
  case $architecture in
    arm64) qemu=qemu-aarch64-static ;;
    armhf) qemu=qemu-arm-static ;;
  esac
  (cd "$WORK" && apt-get download "atop:$architecture")
  dpkg -x "$WORK"/atop_*_"$architecture".deb "$WORK/$architecture"
  atop="$qemu $WORK/$architecture/usr/bin/atop"
  log="atop_2.8.1_$architecture.raw"
  rm -f "$DIRECTORY/$log"
  ATOP=$atop LOG=$DIRECTORY/$log HOST=$architecture-host \
    unshare --pid --fork --mount-proc --uts --mount --propagation private bash -s <<'INNER' || true
set -u
hostname "$HOST"
$ATOP -w "$LOG" 1 8 &
atop=$!
sleep 1.5
for _ in $(seq 30); do /bin/true; done
sh -c 'sleep 1; exit 3'
python3 -c 'import os, time; time.sleep(1.2); os.setresuid(65534, 65534, 65534); time.sleep(2)' &
sleep 3 & victim=$!
sleep 0.5
kill -9 $victim
wait $atop
INNER
  $atop -r "$DIRECTORY/$log" -P PRG,PRC,PRM,PRD > "$DIRECTORY/$log.parseable.txt"
  echo "$log: $(grep -c '^SEP' "$DIRECTORY/$log.parseable.txt") samples"
done
