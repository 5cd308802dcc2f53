#!/bin/bash
# Writes the atop raw logs of test_data/recording: atop's own record, with its
# holes, as each atop release writes it.
#
#   test_data/recording/make_logs.sh [DIRECTORY] [RELEASE...]
#
# Every log is written by /usr/local/bin/atop-RELEASE (built from the
# upstream source with the shared build_atop.sh) at a one-second interval, on
# a lab host of the shared atop_lab.sh (ATOP_LAB, by default beside this
# project in ../shared/tools), with the host name atop-rec; beside it lies
# atop's own `atop -r FILE -P PRG,PRC,PRM,PRD` output. Needs root.
#
# For each release:
# * atop_RELEASE_restart.raw: atop stopped with SIGTERM after 6 samples and
#   started again into the same file 30 seconds later, for 5 more;
# * atop_RELEASE_suspend.raw: atop suspended with SIGSTOP for 12 seconds
#   (12 intervals) after 4 samples, then resumed, 14 samples in all;
# * atop_RELEASE_booted.raw: atop started with its host (the lab host is
#   freshly booted, in a time namespace), 8 samples;
# * atop_RELEASE_clock.raw: a copy of the booted log whose fourth sample's
#   time is moved back an hour, as a clock stepped back and forward again.
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
shift || true
RELEASES=${*:-"1.26 2.3.0 2.8.1 2.13.0"}
ATOP_LAB=${ATOP_LAB:-$(dirname "$0")/../../../shared/tools/atop_lab.sh}
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mkdir -p "$DIRECTORY"

# Moves the time of one sample of a log back by an hour.
shift_sample_back() {
  python3 - "$1" "$2" 3 <<'EOF'
import struct, sys
source, target, index = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = bytearray(open(source, "rb").read())
record_size = struct.unpack_from("<H", data, 12)[0]
cgroup_blocks = struct.unpack_from("<I", data, 456)[0] != 0
offset = 480
for _ in range(index):
    flags = struct.unpack_from("<H", data, offset + 8)[0]
    size = record_size + sum(struct.unpack_from("<II", data, offset + 16))
    if cgroup_blocks and flags & 0x100:
        size += struct.unpack_from("<I", data, offset + 72)[0]
        size += struct.unpack_from("<I", data, offset + 84)[0]
    offset += size
time = struct.unpack_from("<q", data, offset)[0]
struct.pack_into("<q", data, offset, time - 3600)
open(target, "wb").write(data)
EOF
}

for release in $RELEASES; do
  atop=atop-$release
  log=atop_${release}
  rm -f "$DIRECTORY/${log}"_*.raw "$DIRECTORY/${log}"_*.raw.parseable.txt

  "$ATOP_LAB" atop-rec "$DIRECTORY" \
    "$atop -w ${log}_restart.raw 1 100 & a=\$!; sleep 6.5; kill -TERM \$a; wait \$a || true
     sleep 30; $atop -w ${log}_restart.raw 1 5"
  "$ATOP_LAB" atop-rec "$DIRECTORY" \
    "$atop -w ${log}_suspend.raw 1 14 & a=\$!; sleep 4.5; kill -STOP \$a; sleep 12
     kill -CONT \$a; wait \$a"
  LAB_BOOTED=1 "$ATOP_LAB" atop-rec "$DIRECTORY" "$atop -w ${log}_booted.raw 1 8"
  shift_sample_back "$DIRECTORY/${log}_booted.raw" "$DIRECTORY/${log}_clock.raw"

  for kind in restart suspend booted clock; do
    "$atop" -r "$DIRECTORY/${log}_$kind.raw" -P PRG,PRC,PRM,PRD \
      > "$DIRECTORY/${log}_$kind.raw.parseable.txt"
    echo "${log}_$kind.raw: $(grep -c '^RESET' "$DIRECTORY/${log}_$kind.raw.parseable.txt") runs," \
      "$(grep -c '^SEP' "$DIRECTORY/${log}_$kind.raw.parseable.txt") samples"
  done
done
