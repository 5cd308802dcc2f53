"""The cgroup blocks of atop 2.11 and later.

From 2.11 on, a sample of a cgroup v2 host carries two more blocks: the cgroup
entries (struct cstat, each followed by its directory name) and a list of PIDs.
Cgroup i owns the next nprocs PIDs of that list. Task entries do not store
their cgroup; atop derives it from the PID list, and so do we.
"""

import collections
import struct

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import errors

# structlen, sequence, parentseq, depth, nprocs, procsbelow, namelen,
# fullnamelen.
_CGROUP_GENERAL = struct.Struct("<IiiiiiII")

_CgroupEntry = collections.namedtuple(
    "CgroupEntry", ["size", "parent_index", "pid_count", "name"]
)
_CgroupEntry.__doc__ = """The fixed part of a cgroup entry that tells its place.

Attributes:
  size (int): size of the entry, its name included (structlen).
  parent_index (int): index of the parent cgroup, -1 for the root.
  pid_count (int): number of PIDs of the cgroup in the PID list (nprocs).
  name (str): directory name of the cgroup.
"""


def _ReadCgroupEntry(cgroup_data, offset, index, cstat_size):
    """Reads a cgroup entry and checks its size and its parent.

    Args:
      cgroup_data (bytes): inflated cgroup entries.
      offset (int): offset of the entry.
      index (int): index of the entry.
      cstat_size (int): size of the fixed part of a cgroup entry (cstatlen).

    Returns:
      _CgroupEntry: cgroup entry.

    Raises:
      CgroupError: if the entry exceeds the block, or has an invalid size or
          parent.
    """
    data_size = len(cgroup_data)
    if offset + cstat_size > data_size:
        raise errors.CgroupError(f"cgroup entry {index:d} beyond the cgroup block")

    (
        entry_size,
        _,
        parent_index,
        _,
        pid_count,
        _,
        name_size,
        _,
    ) = _CGROUP_GENERAL.unpack_from(cgroup_data, offset)
    if entry_size < cstat_size + name_size + 1 or offset + entry_size > data_size:
        raise errors.CgroupError(f"cgroup entry {index:d} of invalid size")
    # The root comes first and every other cgroup after its parent.
    if (parent_index == -1) != (index == 0) or parent_index >= index:
        raise errors.CgroupError(f"cgroup entry {index:d} with invalid parent")

    name_offset = offset + cstat_size
    return _CgroupEntry(
        size=entry_size,
        parent_index=parent_index,
        pid_count=pid_count,
        name=definitions.DecodeString(
            cgroup_data[name_offset : name_offset + name_size]
        ),
    )


class CgroupTable:
    """The cgroups of one sample and the PIDs that belong to them."""

    def __init__(self, cgroup_data, pid_data, number_of_cgroups, cstat_size):
        """Initializes a cgroup table and checks the consistency of the blocks.

        Args:
          cgroup_data (bytes): inflated cgroup entries.
          pid_data (bytes): inflated PID list.
          number_of_cgroups (int): number of cgroup entries (ncgroups).
          cstat_size (int): size of the fixed part of a cgroup entry
              (cstatlen).

        Raises:
          CgroupError: if the cgroup entries or the PID list are inconsistent.
        """
        super().__init__()
        if len(pid_data) % 4:
            raise errors.CgroupError(f"PID list of {len(pid_data):d} bytes")

        self._paths = []
        self._paths_per_pid = None
        self._pid_data = pid_data
        self._pid_counts = []
        number_of_pids = len(pid_data) // 4
        offset = 0
        pid_index = 0
        for index in range(number_of_cgroups):
            entry = _ReadCgroupEntry(cgroup_data, offset, index, cstat_size)
            if entry.pid_count < 0 or pid_index + entry.pid_count > number_of_pids:
                raise errors.CgroupError(f"cgroup entry {index:d} beyond the PID list")

            if entry.parent_index == -1:
                path = "/"
            elif entry.parent_index == 0:
                path = "/" + entry.name
            else:
                path = self._paths[entry.parent_index] + "/" + entry.name

            self._paths.append(path)
            self._pid_counts.append(entry.pid_count)
            pid_index += entry.pid_count
            offset += entry.size

    def _BuildPathsPerPid(self):
        """Builds the cgroup path per PID lookup table."""
        pids = struct.unpack(f"<{len(self._pid_data) // 4:d}i", self._pid_data)
        paths_per_pid = {}
        pid_index = 0
        for path, pid_count in zip(self._paths, self._pid_counts):
            # As in atop, a PID listed twice belongs to the last cgroup.
            paths_per_pid.update(
                dict.fromkeys(pids[pid_index : pid_index + pid_count], path)
            )
            pid_index += pid_count
        self._paths_per_pid = paths_per_pid

    def GetPath(self, pid):
        """Retrieves the cgroup path of a process.

        Args:
          pid (int): process identifier.

        Returns:
          str: cgroup path, or None if the PID is not in any cgroup.
        """
        if self._paths_per_pid is None:
            self._BuildPathsPerPid()
        return self._paths_per_pid.get(pid)
