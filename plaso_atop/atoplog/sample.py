"""One sample of an atop raw log, with its task entries."""

import re

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import layouts
from plaso_atop.atoplog import task

_EXITED_STATE = definitions.EXITED_STATE.encode("ascii")


class Sample:
    """One sample of an atop raw log, with its task entries.

    The task entries stay as they were inflated: they are decoded one at a
    time, on request, and the columns that tell entries apart are read for
    all entries at once.

    Attributes:
      header (AtopLogHeader): header of the log that the sample belongs to.
      offset (int): offset of the sample record in the file.
      time (int): time at the end of the sample interval, in seconds since the
          epoch.
      interval (int): seconds covered by the sample; in a boot sample, the
          seconds since the host booted.
      flags (int): sample flags (rawrecord flags).
      is_boot (bool): True if the sample is the first of an atop run, whose
          counters are since boot (RRBOOT).
      number_of_tasks (int): number of task entries (ndeviat, nlist in 1.26).
      number_of_processes (int): number of processes (totproc, npresent in
          1.26).
      number_of_exited_processes (int): number of processes that exited
          during the interval (nexit).
      number_of_lost_exits (int): number of exits that atop dropped (noverflow).
      corrupted (bool): True if part of the sample was damaged: its cgroup
          blocks, or the state letters of its task entries.
      recovered (bool): True if the sample comes at or after a place in its
          log where damaged data was skipped: the reader found it, or a sample
          before it, by resynchronizing.
      follows_damage (bool): True if damaged data was skipped right before
          the sample, so that the sample before it in its atop run is missing.
    """

    def __init__(
        self,
        header,
        decoder,
        offset,
        record,
        task_data,
        cgroup_table,
        cgroup_damaged=False,
        recovered=False,
        follows_damage=False,
    ):
        """Initializes a sample.

        Args:
          header (AtopLogHeader): header of the log.
          decoder (task.TaskDecoder): task entry decoder of the log.
          offset (int): offset of the sample record.
          record (records.SampleRecord): sample record.
          task_data (bytes): inflated task entries.
          cgroup_table (cgroups.CgroupTable): cgroups of the sample, or None.
          cgroup_damaged (Optional[bool]): True if the cgroup blocks of the
              sample were damaged.
          recovered (Optional[bool]): True if the sample comes at or after a
              place in its log where damaged data was skipped.
          follows_damage (Optional[bool]): True if damaged data was skipped
              right before the sample.
        """
        super().__init__()
        layout = header.layout
        self._cgroup_table = cgroup_table
        self._decoder = decoder
        self._inactive_offset = None
        self._layout = layout
        self._task_data = task_data
        self._states = self._GetColumn(layout.state_offset)

        if layout.has_cgroup_blocks:
            self._cgroup = task.CGROUP_FROM_ENTRY if cgroup_table else None
        elif layout.has_task_cgroup_path and not record.flags & layouts.RRCGRSTAT:
            # 2.8 to 2.10 only fill the path in on cgroup v2 hosts.
            self._cgroup = None
        else:
            self._cgroup = task.CGROUP_FROM_ENTRY

        if "was_inactive" in decoder.field_names:
            self._inactive_offset = layout.was_inactive_offset

        self.header = header
        self.offset = offset
        self.time = record.time
        self.interval = record.interval
        self.flags = record.flags
        self.is_boot = record.is_boot
        self.number_of_tasks = record.number_of_tasks
        self.number_of_processes = record.number_of_processes
        self.number_of_exited_processes = record.number_of_exited_processes
        self.number_of_lost_exits = record.number_of_lost_exits
        self.corrupted = cgroup_damaged or self.HasUnknownStates()
        self.follows_damage = follows_damage
        self.recovered = recovered

    def _GetColumn(self, offset):
        """Retrieves the byte at an offset of every task entry.

        Args:
          offset (int): offset in the task entry.

        Returns:
          bytes: one byte per task entry.
        """
        return self._task_data[offset :: self._layout.tstat_size]

    def GetExitedTaskIndexes(self):
        """Retrieves the indexes of the entries of exited processes.

        Returns:
          list[int]: indexes of the task entries in the exited state.
        """
        states = self.GetStates()
        if _EXITED_STATE not in states:
            return []
        return [match.start() for match in re.finditer(_EXITED_STATE, states)]

    def GetExitedTasks(self):
        """Retrieves the entries of the processes that exited.

        Only the fields that process accounting fills in, and the command line
        that atop adds, are decoded; the others are None.

        Returns:
          list[task.TaskEntry]: task entries in the exited state.
        """
        return [
            self._decoder.DecodeExited(self._task_data, index)
            for index in self.GetExitedTaskIndexes()
        ]

    def GetInactiveFlags(self):
        """Retrieves which task entries did not change since the sample before.

        atop 2.3 and later store every task and flag those whose data equals
        that of the sample before in its run. Earlier releases store only the
        tasks that changed, so every entry of theirs changed.

        Returns:
          bytes: per task entry, non-zero if it did not change, or None if the
              release does not flag unchanged tasks.
        """
        if self._inactive_offset is None:
            return None
        return self._GetColumn(self._inactive_offset)

    def GetProcessFlags(self):
        """Retrieves which task entries are processes rather than threads.

        Returns:
          bytes: per task entry, non-zero for a process.
        """
        offset = self._layout.is_process_offset
        if offset is None:
            return b"\x01" * self.number_of_tasks
        return self._GetColumn(offset)

    def GetStates(self):
        """Retrieves the state letters of the task entries.

        Returns:
          bytes: state letter per task entry.
        """
        return self._states

    def GetTask(self, index):
        """Retrieves a task entry.

        Args:
          index (int): index of the task entry.

        Returns:
          task.TaskEntry: task entry.

        Raises:
          IndexError: if there is no such entry.
        """
        if not 0 <= index < self.number_of_tasks:
            raise IndexError(f"no task entry {index:d}")
        entry = self._decoder.Decode(self._task_data, index, self._cgroup)
        if self._cgroup_table and entry.is_process:
            entry = entry._replace(cgroup=self._cgroup_table.GetPath(entry.pid))
        return entry

    def GetTaskFingerprint(self, index):
        """Retrieves what tells the program and the identifiers of a task.

        Two entries of a task have the same fingerprint if their name, command
        line and user and group identifiers are the same. It only serves to
        compare entries: build no meaning on its value.

        Args:
          index (int): index of the task entry.

        Returns:
          bytes: fingerprint.
        """
        offset = index * self._layout.tstat_size
        data = self._task_data
        return b"".join(
            data[offset + start : offset + end]
            for start, end in self._layout.fingerprint_ranges
        )

    def GetTaskIdentities(self):
        """Retrieves an identity of every task entry.

        The identity combines the PID and the start time, so it tells apart
        tasks that reuse a PID. It only serves to compare entries: build no
        meaning on its value.

        Returns:
          list[int]: identity per task entry.
        """
        layout = self._layout
        data = self._task_data
        tstat_size = layout.tstat_size
        identities = bytearray(8 * self.number_of_tasks)
        # Interleaves the 4 bytes of the PID and the low 4 bytes of the start
        # time of every entry into one 64-bit value, without a Python loop
        # over the entries.
        for byte_index in range(4):
            identities[byte_index::8] = data[
                layout.pid_offset + byte_index :: tstat_size
            ]
            identities[4 + byte_index :: 8] = data[
                layout.start_time_offset + byte_index :: tstat_size
            ]
        return memoryview(identities).cast("Q").tolist()

    def HasUnknownStates(self):
        """Determines if a task entry has a state letter atop does not write.

        Returns:
          bool: True if a task entry has an unknown state letter.
        """
        return bool(self.GetStates().translate(None, definitions.STATE_LETTERS))

    def IterateTasks(self):
        """Iterates over the task entries.

        Yields:
          task.TaskEntry: task entry.
        """
        for index in range(self.number_of_tasks):
            yield self.GetTask(index)
