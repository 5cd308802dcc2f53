#!/bin/bash
# Writes the atop raw logs of test_data/server: what a busy server does, as
# atop 1.26, 2.3, 2.8 and 2.13 record it.
#
#   test_data/server/make_logs.sh [DIRECTORY] [RELEASE...]
#
# Every log is written by /usr/local/bin/atop-RELEASE (built from the upstream
# source, see ../shared/tools/build_atop.sh), with `atop -w FILE 1 15`, in a
# PID, UTS, IPC and mount namespace of its own with the host name srv-host;
# beside it lies atop's own `atop -r FILE -P PRG,PRC,PRM,PRD` output. Run it
# on an idle machine, with no other atop running: process accounting is
# shared. Needs root.
#
# atop keeps its own accounting file in /var/cache/atop.d (2.3 and later):
# that directory must be an ordinary one, which atop removes and creates
# again, not a mount point.
#
# The workload:
# * a pre-fork server that keeps four workers, each living one to three
#   seconds and exiting with code 0 or 3, and starts a new one for each exit;
# * a daemon that detaches with setsid and outlives its parent;
# * pipelines started every second, and a chain of short-lived subshells;
# * an exec of another program a few samples after the start;
# * process names that hold parentheses, as systemd's "(sd-pam)";
# * a command line of two-byte UTF-8 characters cut in the middle of one;
# * exits by SIGUSR1, by SIGABRT without a core dump, with code 1 and with
#   code 127 (command not found);
# * a process with 200 threads, a process that renames itself with
#   prctl(PR_SET_NAME), one started with the user and group of nobody, and
#   one that changes its group identifiers only.
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
shift || true
mkdir -p "$DIRECTORY"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RELEASES=${*:-"1.26 2.3.0 2.8.1 2.13.0"}

WORK=$(mktemp -d /opt/srv-host.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
cp /bin/bash "$WORK/(sd-pam)"
cp /bin/bash "$WORK/a) (b"

cat > "$WORK/prefork.py" <<'EOF'
import os
import random
import time

random.seed(1)
workers = set()
end = time.time() + 13
while time.time() < end:
    while len(workers) < 4:
        pid = os.fork()
        if pid == 0:
            time.sleep(random.uniform(1.0, 3.0))
            os._exit(random.choice([0, 0, 3]))
        workers.add(pid)
    pid, _ = os.wait()
    workers.discard(pid)
for pid in workers:
    os.waitpid(pid, 0)
EOF

cat > "$WORK/threads.py" <<'EOF'
import threading
import time

threads = [threading.Thread(target=time.sleep, args=(3,)) for _ in range(200)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
EOF

cat > "$WORK/rename.py" <<'EOF'
import ctypes
import time

time.sleep(2.3)
ctypes.CDLL(None).prctl(15, b"renamed-worker", 0, 0, 0)
time.sleep(2.5)
EOF

cat > "$WORK/setgid.py" <<'EOF'
import os
import time

time.sleep(2.4)
os.setresgid(1234, 1234, 1234)
time.sleep(2.5)
EOF

for release in $RELEASES; do
  log="$DIRECTORY/atop_$release.raw"
  rm -f "$log"
  WORK=$WORK LOG=$log ATOP=/usr/local/bin/atop-$release \
    unshare --pid --fork --mount-proc --uts --ipc --mount --propagation private \
    bash -s <<'INNER'
set -u
hostname srv-host
cd "$WORK"
sleep 100000 &
bash -c 'while :; do sleep 2; done' &
"$ATOP" -w "$LOG" 1 15 &
atop=$!
sleep 0.5

python3 "$WORK/prefork.py" &
(setsid sleep 6 &)
for _ in 1 2 3 4 5 6; do
  awk '{print $1}' /proc/loadavg | sort > /dev/null
  sleep 1.1
done &
bash -c 'sleep 1.3; (sleep 0.1; (sleep 0.1; /bin/true); :); :' &
bash -c 'sleep 2.5; exec sleep 2' &
"$WORK/(sd-pam)" -c 'sleep 3; :' &
"$WORK/a) (b" -c 'sleep 2; exit 4' &
# 20 bytes before the characters: atop keeps 255 bytes of a command line.
bash -c "sleep 3; : x$(printf 'é%.0s' $(seq 150))" &
sleep 4 & usr1=$!
(sleep 1.5; kill -USR1 $usr1) &
bash -c 'ulimit -c 0; sleep 1.7; kill -ABRT $$' &
bash -c 'sleep 2.2; exit 1' &
bash -c 'sleep 1.2; nosuchcommand; exit' 2> /dev/null &
python3 "$WORK/threads.py" &
python3 "$WORK/rename.py" &
setpriv --reuid=65534 --regid=65534 --clear-groups bash -c 'sleep 3; :' &
python3 "$WORK/setgid.py" &
wait $atop
INNER
  "/usr/local/bin/atop-$release" -r "$log" -P PRG,PRC,PRM,PRD > "$log.parseable.txt"
  echo "$log: $(grep -c '^SEP' "$log.parseable.txt") samples," \
    "$(grep -c '^PRG' "$log.parseable.txt") PRG lines"
done
