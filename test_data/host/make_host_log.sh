#!/bin/bash
# Writes a log of this machine's own processes, as Debian's atop (2.8.1 on
# Debian 12) writes it: no namespace, so that it holds the kernel threads
# (which rename themselves, kworker/0:1-events -> kworker/0:1-mm_percpu_wq)
# and the daemons of the host, while a few everyday commands run.
#
#   test_data/host/make_host_log.sh [DIRECTORY]
#
# Beside the log lies atop's own `atop -r FILE -P PRG,PRC,PRM,PRD` output.
# Needs root and `apt-get install atop`.
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
mkdir -p "$DIRECTORY"
log="$DIRECTORY/atop_$(hostname)_2.8.1.raw"
rm -f "$log"

atop -w "$log" 1 30 &
atop=$!
sleep 2
for _ in 1 2 3 4 5; do
  sh -c 'date > /dev/null; sleep 1'
  find /etc -maxdepth 2 -name '*.conf' > /dev/null
  gzip -c /etc/services > /dev/null
  python3 -c 'import json, sys; json.dump({"ok": True}, sys.stdout)' > /dev/null
  sleep 3
done
wait $atop
atop -r "$log" -P PRG,PRC,PRM,PRD > "$log.parseable.txt"
