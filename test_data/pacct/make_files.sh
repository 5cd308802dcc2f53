#!/bin/bash
# Writes the process accounting files of test_data/pacct, as the kernel
# writes them for Debian's acct (accton) and for atop's own accounting.
#
#   test_data/pacct/make_files.sh [DIRECTORY]
#
# Each file is written on a lab host of the shared atop_lab.sh (host name
# acct-host), whose PID namespace has its process accounting of its own:
# * pacct: `accton` while a workload runs: exits with codes 1 and 3, a
#   process killed with SIGKILL, a SIGSEGV with a core dump, a drop from root
#   to nobody (setpriv), a subshell that forks without executing anything, a
#   command name longer than 15 characters, a command with a controlling
#   terminal (a pseudo-terminal of `script`), and a process that runs through
#   the whole workload; pacct.0 is a copy of it as logrotate leaves it, and
#   pacct.1.gz a gzip'ed copy;
# * atop_2.8.1.acct and atop_1.26.acct: atop's own accounting file, copied
#   while atop 2.8.1 (/var/cache/atop.d/atop.acct) and atop 1.26
#   (/tmp/atop.d/atop.acct) ran with a 60-second interval, between two of
#   their samples, the exits of the same workload in it;
# * pacct_be: the records of pacct with their fields in big-endian order, as
#   a big-endian host writes them (tests/pacct_files.py).
# Beside each file lie the outputs of Debian's `dump-acct` (with --byteswap
# for pacct_be) and `lastcomm --debug`, the oracles of the tests. Needs root,
# `apt-get install acct` and the atop releases on PATH (build_atop.sh).
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
mkdir -p "$DIRECTORY"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LAB=$(dirname "$(realpath "$0")")/../../../shared/tools/atop_lab.sh
[ -x "$LAB" ] || LAB=/work/shared/tools/atop_lab.sh

WORK=$(mktemp -d /var/tmp/acct-host.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
cp /bin/sleep "$WORK/averyverylongcommandname"

cat > "$WORK/workload.sh" <<'EOF'
# The workload: run from the directory that receives the files.
work=$1
sleep 20 &
long=$!
sh -c 'exit 3'
sh -c 'exit 1' || true
sleep 30 & victim=$!
sleep 0.5
kill -9 "$victim"
wait "$victim" || true
(ulimit -c unlimited; exec python3 -c 'import os, signal; os.kill(os.getpid(), signal.SIGSEGV)') || true
rm -f core core.*
setpriv --reuid=nobody --regid=nogroup --clear-groups id > /dev/null
( i=0; while [ "$i" -lt 3 ]; do i=$((i + 1)); done; exit 0 )
"$work/averyverylongcommandname" 0.2
SHELL=/bin/bash script -qec 'tty > /dev/null' /dev/null
true
wait "$long"
EOF

"$LAB" acct-host "$DIRECTORY" "
  cd /var/log/atop
  touch /var/log/atop/pacct
  accton /var/log/atop/pacct
  sleep 0.5
  bash $WORK/workload.sh $WORK
  accton off
  cp pacct pacct.0
  gzip -c pacct > pacct.1.gz
  for file in pacct pacct.0; do
    dump-acct \$file > \$file.dump-acct.txt
    lastcomm --debug -f \$file > \$file.lastcomm.txt 2> /dev/null || true
  done
"

for release in 2.8.1 1.26; do
  if [ "$release" = 1.26 ]; then acct=/tmp/atop.d/atop.acct; else acct=/var/cache/atop.d/atop.acct; fi
  "$LAB" acct-host "$DIRECTORY" "
    cd /var/log/atop
    atop-$release -w /var/log/atop/atop_$release.raw 60 2 & atop=\$!
    sleep 3
    bash $WORK/workload.sh $WORK
    sleep 2
    cp $acct atop_$release.acct
    kill \$atop
    wait \$atop || true
    rm -f atop_$release.raw
    dump-acct atop_$release.acct > atop_$release.acct.dump-acct.txt
    lastcomm --debug -f atop_$release.acct > atop_$release.acct.lastcomm.txt 2> /dev/null || true
  "
done

python3 "$(dirname "$(realpath "$0")")/../../tests/pacct_files.py" \
  "$DIRECTORY/pacct" "$DIRECTORY/pacct_be"
dump-acct --byteswap "$DIRECTORY/pacct_be" > "$DIRECTORY/pacct_be.dump-acct.txt"
