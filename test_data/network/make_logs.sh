#!/bin/bash
# Writes the atop raw logs of test_data/network: the network bytes of
# processes, as netatop-bpf counts them for atop.
#
#   test_data/network/make_logs.sh [DIRECTORY] [RELEASE...]
#
# Needs root, netatop-bpf (github.com/bytedance/netatop-bpf) as
# /usr/local/sbin/netatop-bpf, and the atop releases on PATH
# (/usr/local/bin/atop-RELEASE and, for 2.11 and later, atophide-RELEASE,
# built from the upstream source). netatop-bpf counts by the PIDs of the
# host, so atop runs in the host's PID namespace, not on a lab host: its log
# holds every process of the machine. What is kept is what atophide -a leaves
# of it (the host name, the names of all but standard commands and every
# argument wiped, the counters kept), and atop's own
# `atop -r FILE -P PRG,PRC,PRM,PRD,PRN` output of that anonymized file; atop
# 2.10 has no atophide: its log is written but not kept. Each release runs in
# turn, on the same transfers, with `atop -w FILE 2 12` (netatop-bpf forgets
# an exited process once one atop fetched it); 2.11 and later read
# netatop-bpf when started with -K.
#
# The transfers, over loopback, by processes named for what they do:
# * tcp-oneshot: sends 8 MiB and exits within one interval;
# * tcp-steady: sends 2 MiB at each second of 10 s over TCP, 22 MiB in all;
# * udp-steady: sends 1 MiB at each second of 6 s over UDP, 7 MiB in all;
# * tcp-late: sends 1 MiB a second until atop stops, still alive when it does;
# * tcp-sink and udp-sink receive what arrives (UDP loses some).
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
shift || true
mkdir -p "$DIRECTORY"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RELEASES=${*:-"2.10.0 2.11.1 2.13.0"}

WORK=$(mktemp -d /var/tmp/network.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

cat > "$WORK/transfer.py" <<'EOF'
import ctypes
import socket
import sys
import threading
import time

# transfer.py NAME tcp|udp send|sink PORT [MIB_PER_SECOND SECONDS]
name, protocol, role, port = sys.argv[1:5]
ctypes.CDLL(None).prctl(15, name.encode("ascii"))  # PR_SET_NAME
kind = socket.SOCK_STREAM if protocol == "tcp" else socket.SOCK_DGRAM
address = ("127.0.0.1", int(port))
chunk = b"n" * (1024 if protocol == "udp" else 65536)

def Receive(connection):
    while connection.recv(1 << 20):
        pass
    connection.close()


if role == "sink":
    server = socket.socket(socket.AF_INET, kind)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(address)
    if protocol == "udp":
        while True:
            server.recv(65536)
    server.listen(8)
    while True:
        connection, _ = server.accept()
        threading.Thread(target=Receive, args=(connection,), daemon=True).start()

rate, seconds = float(sys.argv[5]), float(sys.argv[6])
client = socket.socket(socket.AF_INET, kind)
if protocol == "tcp":
    client.connect(address)
per_second = int(rate * 1024 * 1024)
end = time.time() + seconds if seconds >= 0 else float("inf")
while True:
    start = time.time()
    sent = 0
    while sent < per_second:
        if protocol == "tcp":
            client.sendall(chunk)
        else:
            client.sendto(chunk, address)
        sent += len(chunk)
    if time.time() >= end:
        break
    time.sleep(max(0.0, 1.0 - (time.time() - start)))
client.close()
EOF

mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing
pgrep -x netatop-bpf > /dev/null || { netatop-bpf > "$WORK/netatop.log" 2>&1 & sleep 2; }

cd "$WORK"
python3 transfer.py tcp-sink tcp sink 47001 &
python3 transfer.py udp-sink udp sink 47002 &
sleep 1
for release in $RELEASES; do
  option=-K
  [ "$release" = 2.10.0 ] && option=
  atop-$release $option -w "$WORK/atop_$release.raw" 2 12 & atop=$!
  sleep 5
  python3 transfer.py tcp-oneshot tcp send 47001 8 0
  python3 transfer.py tcp-steady tcp send 47001 2 10 & steady=$!
  python3 transfer.py udp-steady udp send 47002 1 6 & udp=$!
  python3 transfer.py tcp-late tcp send 47001 1 -1 & late=$!
  wait "$atop"
  kill "$late"
  wait "$steady" "$udp" "$late" || true
done 2> /dev/null

# The 2.10 log, which atophide cannot anonymize, stays in the directory of the
# work unless KEEP_2_10 names a directory for it.
for release in $RELEASES; do
  if [ "$release" = 2.10.0 ]; then
    [ -n "${KEEP_2_10:-}" ] && cp "$WORK/atop_$release.raw" "$KEEP_2_10/"
    continue
  fi
  atophide-$release -a "$WORK/atop_$release.raw" "$DIRECTORY/atop_$release.raw"
  atop-$release -r "$DIRECTORY/atop_$release.raw" -P PRG,PRC,PRM,PRD,PRN \
    > "$DIRECTORY/atop_$release.raw.parseable.txt"
done
