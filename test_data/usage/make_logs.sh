#!/bin/bash
# Writes the atop raw logs of test_data/usage: what processes used of CPU and
# disk, across a clock hour, as each atop release records it.
#
#   test_data/usage/make_logs.sh [DIRECTORY] [RELEASE...]
#
# Every log is written by /usr/local/bin/atop-RELEASE (built from the
# upstream source, see ../shared/tools/build_atop.sh), with
# `atop -w FILE 5 72` (six minutes), on a lab host of the shared atop_lab.sh
# (host name usage-host), all releases at once, starting at 57 minutes past
# the next hour, so that every log crosses a full clock hour. Beside each log
# lies atop's own `atop -r FILE -P PRG,PRC,PRM,PRD` output. The processes read
# and write a directory of /var/tmp, on a disk: the kernel counts no I/O on the
# lab's tmpfs. Needs root.
#
# The workload:
# * prestart: burns 3 s of CPU before atop starts, sleeps, exits some three
#   minutes later;
# * burn6: burns 6 s of CPU over several samples and exits;
# * writer: writes 2 MiB a second for 60 s, each written to disk (fsync);
# * direct-read: reads a file with O_DIRECT, 1 MiB every half second, 30 s;
# * cancel: writes 16 MiB and deletes the file before writeback (cancelled
#   writes), stays alive 12 s;
# * dd: writes 4 MiB and exits within one interval, never listed alive;
# * burn-late: burns CPU from a minute before the hour until atop stops,
#   still alive when it does.
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
shift || true
mkdir -p "$DIRECTORY"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RELEASES=${*:-"1.26 2.3.0 2.8.1 2.10.0 2.13.0"}
LAB=$(dirname "$(realpath "$0")")/../../../shared/tools/atop_lab.sh
[ -x "$LAB" ] || LAB=/work/shared/tools/atop_lab.sh

# atop 2.10 and later take the network counters of a netatop-bpf running on
# the machine: these logs are of a host without it.
if [ -e /run/netatop-bpf-socket ]; then
  echo "netatop-bpf is running (/run/netatop-bpf-socket): stop it first" >&2
  exit 1
fi

WORK=$(mktemp -d /var/tmp/usage-host.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"

cat > "$WORK/name.py" <<'EOF'
import ctypes


def SetName(name):
    """Sets the process name (comm) that atop and process accounting record."""
    ctypes.CDLL(None).prctl(15, name.encode("ascii"))  # PR_SET_NAME
EOF

cat > "$WORK/burn.py" <<'EOF'
import sys
import time

import name

# Burns the CPU seconds given, or until killed, then sleeps the seconds given.
name.SetName(sys.argv[3])
cpu_seconds = float(sys.argv[1])
start = time.process_time()
while cpu_seconds < 0 or time.process_time() - start < cpu_seconds:
    pass
time.sleep(float(sys.argv[2]))
EOF

cat > "$WORK/writer.py" <<'EOF'
import os
import sys
import time

import name

# Writes 2 MiB a second to a file, each to disk, for the seconds given.
name.SetName("writer")
path, seconds = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as file_object:
    for _ in range(seconds):
        file_object.write(b"w" * (2 * 1024 * 1024))
        file_object.flush()
        os.fsync(file_object.fileno())
        time.sleep(1)
EOF

cat > "$WORK/direct_read.py" <<'EOF'
import mmap
import os
import sys
import time

import name

name.SetName("direct-read")
# Reads a file with O_DIRECT, 1 MiB every half second, for the seconds given.
path, seconds = sys.argv[1], int(sys.argv[2])
buffer = mmap.mmap(-1, 1024 * 1024)
descriptor = os.open(path, os.O_RDONLY | os.O_DIRECT)
size = os.fstat(descriptor).st_size
offset = 0
for _ in range(2 * seconds):
    os.preadv(descriptor, [buffer], offset)
    offset = (offset + len(buffer)) % size
    time.sleep(0.5)
os.close(descriptor)
EOF

cat > "$WORK/cancel.py" <<'EOF'
import os
import sys
import time

import name

# Writes 16 MiB, deletes the file and closes it before writeback, then stays
# alive.
name.SetName("cancel")
path = sys.argv[1]
descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
os.write(descriptor, b"c" * (16 * 1024 * 1024))
os.unlink(path)
os.close(descriptor)
time.sleep(12)
EOF

# Starts at 57 minutes past the next hour (or of this one, if it is not that
# late yet).
now=$(date +%s)
start=$(( now - now % 3600 + 57 * 60 ))
[ "$start" -gt $(( now + 30 )) ] || start=$(( start + 3600 ))

for release in $RELEASES; do
  directory="$WORK/$release"
  mkdir -p "$directory"
  dd if=/dev/urandom of="$directory/read.dat" bs=1M count=64 status=none
  sync
  # A job of one line: atop up to 2.6 prints the command lines of -P as they
  # are, new lines included.
  cat > "$WORK/job_$release.sh" <<EOF
cd /var/log/atop
sleep \$(( $start - 20 - \$(date +%s) )) || true
python3 $WORK/burn.py 3 200 prestart &
sleep \$(( $start - \$(date +%s) )) || true
atop-$release -w atop_$release.raw 5 72 & atop=\$!
sleep 12
python3 $WORK/burn.py 6 0 burn6 &
python3 $WORK/writer.py $directory/written.dat 60 &
python3 $WORK/direct_read.py $directory/read.dat 30 &
sleep 20
python3 $WORK/cancel.py $directory/cancelled.dat &
sleep 7
dd if=/dev/zero of=$directory/short.dat bs=1M count=4 status=none
sleep \$(( $start + 120 - \$(date +%s) )) || true
python3 $WORK/burn.py -1 0 burn-late &
wait \$atop
atop-$release -r atop_$release.raw -P PRG,PRC,PRM,PRD > atop_$release.raw.parseable.txt
EOF
  "$LAB" usage-host "$DIRECTORY" "bash $WORK/job_$release.sh" &
done
wait
