#!/bin/bash
# Writes the atop raw logs of test_data/containers: processes of a Docker
# container and of a pod, as atop 2.3, 2.8, 2.10 and 2.13 record them.
#
#   test_data/containers/make_logs.sh [DIRECTORY] [RELEASE...]
#
# Every log is written by /usr/local/bin/atop-RELEASE (built from the upstream
# source, see ../shared/tools/build_atop.sh), with `atop -w FILE 1 8`, in a
# PID, UTS and mount namespace of its own with the host name ctr-host; beside
# it lies atop's own `atop -r FILE -P PRG,PRC,PRM,PRD` output. Needs root and
# a cgroup v1 cpuset hierarchy at /sys/fs/cgroup/cpuset.
#
# atop 2.3 to 2.9 take the container identifier from the cpuset cgroup of a
# process, as Docker names it (/docker/ID): a shell moves itself into such a
# cgroup and runs a few programs. atop 2.10 and later record the host name of
# the UTS namespace of a process instead, as a container or a pod has its own:
# a shell in a namespace named web-pod-7d9f runs a few programs.
set -eu
DIRECTORY=$(realpath -m "${1:-$(dirname "$0")}")
shift || true
mkdir -p "$DIRECTORY"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RELEASES=${*:-"2.3.0 2.8.1 2.10.0 2.13.0"}
CPUSET=/sys/fs/cgroup/cpuset
CONTAINER=4f1c0a5b9e2d7c3a8b6e1f0d2c4a6e8b0d1f3a5c7e9b2d4f6a8c0e1b3d5f7a9c

# New cpusets get the CPUs and memory nodes of their parent.
echo 1 > "$CPUSET/cgroup.clone_children"
trap 'rmdir "$CPUSET/docker/$CONTAINER" "$CPUSET/docker" 2>/dev/null || true' EXIT

for release in $RELEASES; do
  log="$DIRECTORY/atop_$release.raw"
  rm -f "$log"
  mkdir -p "$CPUSET/docker/$CONTAINER"
  TASKS=$CPUSET/docker/$CONTAINER/tasks LOG=$log ATOP=/usr/local/bin/atop-$release \
    unshare --pid --fork --mount-proc --uts --mount --propagation private bash -s <<'INNER'
set -eu
hostname ctr-host
"$ATOP" -w "$LOG" 1 8 &
atop=$!
sleep 1.5
bash -c 'echo $$ > "$TASKS"; exec bash -c "sleep 3; for i in 1 2 3; do /bin/true; done; sleep 1"' &
unshare --uts bash -c 'hostname web-pod-7d9f; sleep 2; /bin/true; sleep 2' &
wait $atop
INNER
  "/usr/local/bin/atop-$release" -r "$log" -P PRG,PRC,PRM,PRD > "$log.parseable.txt"
  echo "$log: $(grep -c '^SEP' "$log.parseable.txt") samples"
done
