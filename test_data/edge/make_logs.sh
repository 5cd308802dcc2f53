#!/bin/bash
# Writes the atop raw logs of test_data/edge: what an unusual host does, as
# each atop release records it.
#
#   test_data/edge/make_logs.sh [DIRECTORY] [RELEASE...]
#
# Every log is written by /usr/local/bin/atop-RELEASE (built from the
# upstream source, see ../shared/tools/build_atop.sh), with `atop -w FILE 1 14`,
# in a PID, UTS and mount namespace of its own with the host name edge-host;
# beside it lies atop's own `atop -r FILE -P PRG,PRC,PRM,PRD` output. Run it on
# an idle machine, with no other atop running: process accounting is shared.
# Needs root.
#
# The workload:
# * process names and command lines that are not UTF-8, hold a space, a
#   newline or a tab, are longer than atop keeps (15 and 255 bytes);
# * a zombie, whose exit atop reports while it still lists it;
# * threads that start and exit, and a burst of 150 short processes;
# * a chain of execs within one interval, and a change of user identifiers;
# * a PID taken over a sample after the exit of its process, by one that
#   started within a second of the exited one; PIDs running up to the largest
#   one and around;
# * exits by SIGTERM and with code 255.
# After writing a log, the script checks that the PID was taken over, and
# writes the log again if another process of the namespace took it first.
# atop 1.26 can stop early on this workload ("compress: failed due to lack of
# room in buffer"): its log then ends there.
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
shift || true
mkdir -p "$DIRECTORY"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RELEASES=${*:-"1.26 2.3.0 2.8.1 2.13.0"}

WORK=$(mktemp -d /opt/edge-host.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
cp /bin/bash "$WORK/$(printf 'bad\xff\xfename')"
cp /bin/bash "$WORK/my prog"
cp /bin/bash "$WORK/averyveryverylongprocessname"
cp /bin/sleep "$WORK/reused"

cat > "$WORK/zombie.py" <<'EOF'
import os
import time

child = os.fork()
if child == 0:
    os._exit(7)
time.sleep(4)
os.waitpid(child, 0)
time.sleep(1)
EOF

cat > "$WORK/threads.py" <<'EOF'
import threading
import time

for _ in range(3):
    threads = [threading.Thread(target=time.sleep, args=(0.7,)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
time.sleep(1)
EOF

cat > "$WORK/drop.py" <<'EOF'
import os
import time

time.sleep(1.5)
os.setresgid(200000, 200000, 200000)
os.setresuid(200000, 200000, 200000)
time.sleep(2)
EOF

for release in $RELEASES; do
  log="$DIRECTORY/atop_$release.raw"
  for attempt in 1 2 3 4 5; do
    rm -f "$log"
    WORK=$WORK LOG=$log ATOP=/usr/local/bin/atop-$release \
      unshare --pid --fork --mount-proc --uts --mount --propagation private bash -s <<'INNER' || true
set -u
hostname edge-host
cd "$WORK"
"$ATOP" -w "$LOG" 1 14 &
atop=$!
sleep 1.5

"$WORK/$(printf 'bad\xff\xfename')" -c 'sleep 3; :' $'arg\nwith newline\tand tab' \
  "$(printf '\xff\xfe\xe9')" &
"$WORK/my prog" -c 'sleep 3; :' "$(head -c 400 /dev/zero | tr '\0' x)" &
"$WORK/averyveryverylongprocessname" -c 'sleep 4; :' --flag &
python3 "$WORK/zombie.py" &
python3 "$WORK/threads.py" &
python3 "$WORK/drop.py" &
sh -c 'sleep 0.3; exec sh -c "sleep 0.3; exec sleep 2"' &
for _ in $(seq 150); do /bin/true; done
sleep 1

# A PID taken over a sample after its process exited, by a process that
# starts within a second of the start of the exited one.
sleep 0.1 & short=$!
wait $short
sleep 1.1
echo $((short - 1)) > /proc/sys/kernel/ns_last_pid
"$WORK/reused" 2.5 &

# Up to the largest PID, and around.
echo $(($(cat /proc/sys/kernel/pid_max) - 8)) > /proc/sys/kernel/ns_last_pid
for _ in $(seq 20); do /bin/true; done
sleep 2 &
bash -c 'kill -TERM $$'
bash -c 'exit 255'
wait $atop
INNER
    "/usr/local/bin/atop-$release" -r "$log" -P PRG,PRC,PRM,PRD > "$log.parseable.txt"
    # The take-over happened: an exit of sleep shares its PID with the process
    # named reused.
    taken=$(awk '$1 == "PRG" && $8 == "(reused)" {reused[$7] = 1}
                 $1 == "PRG" && $8 == "(sleep)" && $9 == "E" {sleep[$7] = 1}
                 END {n = 0; for (pid in reused) if (pid in sleep) n++; print n}' \
              "$log.parseable.txt")
    if [ "$taken" = 1 ]; then
      break
    fi
    echo "$log: a PID was not taken over, again" >&2
  done
  echo "$log: $(grep -c '^SEP' "$log.parseable.txt") samples," \
    "$(grep -c '^PRG' "$log.parseable.txt") PRG lines"
done
