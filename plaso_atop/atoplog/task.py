"""Task entries of an atop raw log and the decoding of their exit status."""

import collections
import functools
import operator

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import layouts

# The names of the user and group identifier fields of a task entry: real,
# effective, saved and file system user identifier, then group identifiers.
IDENTIFIER_FIELDS = layouts.IDENTIFIER_FIELDS

# Default of TaskDecoder.Decode: keep the cgroup path stored in the entry.
CGROUP_FROM_ENTRY = object()

# The bits of the exit status below atop's "new" flag: the wait status.
_WAIT_STATUS_MASK = definitions.NEW_TASK_FLAG - 1

# The value of the fields that a release does not fill in.
_NONE = (None,)


def DecodeCompT(value):
    """Decodes an acct(5) comp_t value.

    comp_t has a 13-bit mantissa and a 3-bit base-8 exponent. atop stores the
    elapsed time of acct version 2 records undecoded.

    Args:
      value (int): comp_t value.

    Returns:
      int: decoded value, or None if value does not fit in a comp_t.
    """
    if not 0 <= value <= 0xFFFF:
        return None
    return (value & 0x1FFF) << (3 * ((value >> 13) & 0x7))


class TaskEntry(collections.namedtuple("TaskEntry", layouts.TASK_FIELDS)):
    """One task (process or thread) of a sample.

    Fields that the release of the writer does not record are None.

    Attributes:
      pid (int): process (or thread) identifier.
      tgid (int): thread group identifier; the PID in 1.26.
      ppid (int): parent process identifier; 0 for exited processes of acct
          version 2.
      uid, euid, suid, fsuid (int): real, effective, saved and file system
          user identifiers.
      gid, egid, sgid, fsgid (int): real, effective, saved and file system
          group identifiers.
      thread_count (int): number of threads of the process.
      process_name (str): process name, at most 15 characters.
      is_process (bool): True for a process, False for a thread; always True
          in 1.26, which only records processes.
      state (str): state letter, as in /proc/PID/stat, or "E" for a process
          that exited during the interval.
      exit_status (int): raw exit status as atop stores it (a signed 32-bit
          wait status whose bit 31 means "new in this sample").
      start_time (int): start time in seconds since the epoch (btime).
      elapsed_ticks (int): run time of an exited process in clock ticks, 0 for
          live tasks.
      command_line (str): command line, empty for threads and unmatched
          exited processes.
      was_inactive (bool): True if the task did not change since the previous
          sample (2.3+).
      container (str): container identifier (2.3 to 2.9) or container or pod
          host name (2.10+), empty if none.
      cgroup (str): cgroup v2 path of the process, or None if not recorded.
      cpu_user_ticks (int): CPU time in user mode, in clock ticks, during the
          interval.
      cpu_system_ticks (int): CPU time in system mode, in clock ticks, during
          the interval.
      virtual_memory_kib (int): virtual memory size in KiB.
      resident_memory_kib (int): resident memory size in KiB.
      disk_read_requests (int): read requests during the interval.
      disk_read_sectors (int): 512-byte sectors read during the interval.
      disk_write_requests (int): write requests during the interval.
      disk_write_sectors (int): 512-byte sectors written during the interval.
    """

    __slots__ = ()

    @property
    def is_exited(self):
        """bool: True if the entry is that of an exited process."""
        return self.state == definitions.EXITED_STATE

    def GetExitStatus(self):
        """Decodes the wait status of an exited process.

        Returns:
          tuple[int, int, bool]: exit code of a normal exit or None, number of
              the signal that killed the process or None, and True if it was
              killed and dumped core.
        """
        status = self.exit_status & _WAIT_STATUS_MASK
        if not status & 0xFF:
            return (status >> 8) & 0xFF, None, False
        return None, status & 0x7F, bool(status & 0x80)


# TaskEntry._make without its count of the values, which the decoder fills in
# by construction: every exited entry is decoded, and on a busy host this is
# worth 5 % of the parser's time (see docs/performance.md).
_NewTaskEntry = functools.partial(tuple.__new__, TaskEntry)


class TaskDecoder:
    """Decodes the task entries of one atop release.

    Attributes:
      field_names (frozenset[str]): names of the task fields that the release
          fills in.
    """

    def __init__(self, layout, version):
        """Initializes a task decoder.

        Args:
          layout (layouts.Layout): layout of the log.
          version (tuple[int, int]): (major, minor) release of the writer.
        """
        super().__init__()
        valid_fields = layout.GetTaskFieldNames(version)
        self.field_names = valid_fields
        self._tstat_size = layout.tstat_size
        self._full = self._CreateUnpacker(
            layout.task_struct, layout.task_field_names, valid_fields
        )
        self._exited = self._CreateUnpacker(
            layout.exited_task_struct, layout.exited_task_field_names, valid_fields
        )
        self._has_is_process = "is_process" in valid_fields
        self._is_process_index = layouts.TASK_FIELDS.index("is_process")
        self._state_index = layouts.TASK_FIELDS.index("state")
        self._tgid_index = layouts.TASK_FIELDS.index("tgid")
        self._pid_index = layouts.TASK_FIELDS.index("pid")
        self._was_inactive_index = layouts.TASK_FIELDS.index("was_inactive")
        self._cgroup_index = layouts.TASK_FIELDS.index("cgroup")

    def _CreateUnpacker(self, task_struct, field_names, valid_fields):
        """Creates what unpacks some fields of a task entry in TaskEntry order.

        Args:
          task_struct (struct.Struct): decodes the fields from a task entry.
          field_names (tuple[str]): names of the fields it decodes, in order.
          valid_fields (frozenset[str]): names of the fields that the release
              fills in.

        Returns:
          tuple[function, function, tuple[int]]: unpack_from of the struct,
              what reorders its values into the order of TaskEntry (with None
              for the fields not decoded, given after the values), and the
              positions of the string fields in TaskEntry.
        """
        positions = {
            name: index
            for index, name in enumerate(field_names)
            if name in valid_fields
        }
        none_position = len(field_names)
        get_values = operator.itemgetter(
            *(positions.get(name, none_position) for name in layouts.TASK_FIELDS)
        )
        string_positions = tuple(
            index
            for index, name in enumerate(layouts.TASK_FIELDS)
            if name in layouts.STRING_FIELDS and name in positions
        )
        return task_struct.unpack_from, get_values, string_positions

    def _Decode(self, unpacker, data, index):
        """Decodes fields of a task entry into TaskEntry values.

        Args:
          unpacker (tuple[function, function, tuple[int]]): unpacker of the
              fields.
          data (bytes): inflated task block.
          index (int): index of the entry in the block.

        Returns:
          list[object]: values in the order of TaskEntry.
        """
        unpack_from, get_values, string_positions = unpacker
        values = list(get_values(unpack_from(data, index * self._tstat_size) + _NONE))
        for position in string_positions:
            values[position] = definitions.DecodeString(values[position])

        values[self._state_index] = values[self._state_index].decode("latin-1")
        if self._has_is_process:
            values[self._is_process_index] = bool(values[self._is_process_index])
        else:
            values[self._is_process_index] = True
            values[self._tgid_index] = values[self._pid_index]
        return values

    def Decode(self, data, index, cgroup=CGROUP_FROM_ENTRY):
        """Decodes one task entry.

        Args:
          data (bytes): inflated task block.
          index (int): index of the entry in the block.
          cgroup (Optional[str]): cgroup path that replaces the one stored in
              the entry, such as a path from the cgroup blocks, or None where
              the stored path is not valid.

        Returns:
          TaskEntry: task entry.
        """
        values = self._Decode(self._full, data, index)
        was_inactive = values[self._was_inactive_index]
        if was_inactive is not None:
            values[self._was_inactive_index] = bool(was_inactive)

        if cgroup is not CGROUP_FROM_ENTRY:
            values[self._cgroup_index] = cgroup

        return _NewTaskEntry(values)

    def DecodeExited(self, data, index):
        """Decodes the entry of an exited process, as process accounting has it.

        Only the fields that process accounting fills in, and the command line
        that atop adds, are decoded; the others are None.

        Args:
          data (bytes): inflated task block.
          index (int): index of the entry in the block.

        Returns:
          TaskEntry: task entry.
        """
        return _NewTaskEntry(self._Decode(self._exited, data, index))
