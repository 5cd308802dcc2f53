#!/bin/bash
# Writes the atop raw logs of test_data/32bit: logs of 32-bit builds of atop,
# whose structures have other sizes and alignments than those of 64-bit
# builds.
#
#   test_data/32bit/make_logs.sh [DIRECTORY] [BUILD...]
#
# A BUILD is the name of an atop wrapper that make_atops.sh installs, without
# its "atop-": Debian 12's own atop 2.8.1 for i386 and armhf
# (debian12-2.8.1-i386, debian12-2.8.1-armhf), Debian 13's own 2.11.1 for
# armhf (debian13-2.11.1-armhf), releases built for i386 (1.26-i386 ...
# 2.13.0-i386) and 2.8.1 built for armhf with a 32-bit and with a 64-bit
# time_t (2.8.1-armhf, 2.8.1-armhf-time64). Each log is written with
# `atop -w atop_BUILD.raw 1 12` on a lab host of the shared atop_lab.sh (host
# name lab32), one at a time; beside it lies the same build's
# `atop -r FILE -P PRG,PRC,PRM,PRD` output. Debian 13's atop crashes in -P
# (see make_atops.sh): its log is decoded by the upstream 2.11.1 built for
# the same ABI, with the printing of times mended. Needs root.
#
# The workload: exits with code 3 and by SIGKILL and SIGSEGV (no core), a
# process started as nobody and one that gives up root, an exec of another
# program, a rename with prctl(PR_SET_NAME), 20 threads, and short processes.
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
shift || true
mkdir -p "$DIRECTORY"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
BUILDS=${*:-"debian12-2.8.1-i386 debian12-2.8.1-armhf debian13-2.11.1-armhf
  1.26-i386 2.3.0-i386 2.7.1-i386 2.8.1-i386 2.10.0-i386 2.13.0-i386
  2.8.1-armhf 2.8.1-armhf-time64"}
LAB=$(dirname "$(realpath "$0")")/../../../shared/tools/atop_lab.sh
[ -x "$LAB" ] || LAB=/work/shared/tools/atop_lab.sh

WORK=$(mktemp -d /var/tmp/lab32.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"

cat > "$WORK/workload.sh" <<'WORKLOAD'
sleep 1.5
sh -c 'sleep 1; exit 3'
bash -c 'sleep 30' & victim=$!
setpriv --reuid=65534 --regid=65534 --clear-groups sleep 1.2 &
python3 -c 'import os, time; time.sleep(1.2); os.setresuid(65534, 65534, 65534); time.sleep(2)' &
bash -c 'sleep 1.3; exec sleep 1.5' &
python3 -c 'import ctypes, time; time.sleep(1.1); ctypes.CDLL(None).prctl(15, b"renamed-worker"); time.sleep(1.5)' &
python3 -c 'import threading, time; [threading.Thread(target=time.sleep, args=(2,)).start() for _ in range(20)]' &
sleep 0.7
kill -9 $victim
bash -c 'ulimit -c 0; sleep 1; kill -SEGV $$'
for _ in $(seq 20); do /bin/true; done
wait
WORKLOAD

for build in $BUILDS; do
  log=atop_$build.raw
  decoder=atop-$build
  [ "$build" != debian13-2.11.1-armhf ] || decoder=atop-2.11.1-armhf-time64
  rm -f "$DIRECTORY/$log" "$DIRECTORY/$log.parseable.txt"
  # A job of one line: atop up to 2.6 prints the command lines of -P as they
  # are, new lines included.
  cat > "$WORK/job_$build.sh" <<JOB
atop-$build -w $log 1 12 & atop=\$!
bash $WORK/workload.sh
wait \$atop
$decoder -r $log -P PRG,PRC,PRM,PRD > $log.parseable.txt
JOB
  "$LAB" lab32 "$DIRECTORY" "bash $WORK/job_$build.sh"
  echo "$log: $(grep -c '^SEP' "$DIRECTORY/$log.parseable.txt") samples," \
    "$(grep -c '^PRG' "$DIRECTORY/$log.parseable.txt") PRG lines"
done
