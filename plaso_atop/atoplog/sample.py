"""One sample of an atop raw log, with its task entries."""

import re

from plaso_atop.atoplog import definitions

_EXITED_STATE = definitions.EXITED_STATE.encode("ascii")

_EXITED_STATE_PATTERN = re.compile(re.escape(_EXITED_STATE))

# The flag of a task entry that did not change since the sample before.
_ACTIVE_PATTERN = re.compile(b"\x00")


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
      is_boot (bool): True if the sample is the first of an atop run, whose
          counters are since boot (RRBOOT).
      number_of_tasks (int): number of task entries.
      number_of_lost_exits (int): number of exits that atop dropped (noverflow).
      lists_every_task (bool): True if the sample lists every task of the host
          (2.3+), False if only those that changed since the sample before.
      has_unknown_states (bool): True if a task entry has a state letter that
          atop does not write.
      cgroup_problem (str): description of the damage to the cgroup blocks,
          for which the sample has no cgroups, or None.
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
        cgroup_problem=None,
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
          cgroup_problem (Optional[str]): description of the damage to the
              cgroup blocks of the sample, or None.
          recovered (Optional[bool]): True if the sample comes at or after a
              place in its log where damaged data was skipped.
          follows_damage (Optional[bool]): True if damaged data was skipped
              right before the sample.
        """
        super().__init__()
        layout = header.layout
        columns = decoder.columns
        self._cgroup_table = cgroup_table
        self._columns = columns
        self._decoder = decoder
        self._has_disk_counters = record.has_disk_counters
        self._has_network_counters = record.has_network_counters
        self._task_data = task_data
        self._states = self._GetColumn(columns.state_offset)
        # The cgroup paths of 2.11 and later are in the cgroup blocks; 2.8 to
        # 2.10 only fill in the path of the task entries on cgroup v2 hosts.
        self._has_stored_cgroups = (
            layout.has_task_cgroup_path and record.has_cgroup_path
        )

        self.header = header
        self.offset = offset
        self.time = record.time
        self.interval = record.interval
        self.is_boot = record.is_boot
        self.number_of_tasks = record.number_of_tasks
        self.number_of_lost_exits = record.number_of_lost_exits
        self.lists_every_task = columns.was_inactive_offset is not None
        self.has_unknown_states = bool(
            self._states.translate(None, definitions.STATE_LETTERS)
        )
        self.cgroup_problem = cgroup_problem
        self.corrupted = bool(cgroup_problem) or self.has_unknown_states
        self.follows_damage = follows_damage
        self.recovered = recovered

    def _GetColumn(self, offset):
        """Retrieves the byte at an offset of every task entry.

        Args:
          offset (int): offset in the task entry, such as that of the first
              byte of a field.

        Returns:
          bytes: one byte per task entry.
        """
        return self._task_data[offset :: self._columns.tstat_size]

    def _GetCgroup(self, entry):
        """Determines the cgroup path of a task entry.

        Args:
          entry (TaskEntry): task entry, with the cgroup path it stores.

        Returns:
          str: cgroup path, or None if the sample does not hold it.
        """
        if self._cgroup_table:
            # The cgroup blocks list processes only.
            if not entry.is_process:
                return None
            return self._cgroup_table.GetPath(entry.pid)
        if self._has_stored_cgroups:
            return entry.cgroup
        return None

    def _GetProcessFlags(self):
        """Retrieves which task entries are processes rather than threads.

        Returns:
          bytes: per task entry, non-zero for a process.
        """
        offset = self._columns.is_process_offset
        if offset is None:
            # 1.26 records processes only.
            return b"\x01" * self.number_of_tasks
        return self._GetColumn(offset)

    def GetChangedProcessIndexes(self, compare_all=False):
        """Finds the live process entries that changed since the sample before.

        A sample lists the tasks of the host, most of them as they were in the
        sample before. atop 2.3 and later store every task and flag those
        whose data equal those of the sample before (was-inactive); earlier
        releases store only the tasks that changed. Only the other entries
        can be a new process, or a process with a new program, new
        identifiers or a new command line, or that used resources.

        Args:
          compare_all (Optional[bool]): True to return every live process
              entry, such as when the sample before is not the one that atop
              compared with.

        Returns:
          list[int]: indexes of the live process entries that changed.
        """
        inactive_offset = self._columns.was_inactive_offset
        if compare_all or inactive_offset is None:
            indexes = range(self.number_of_tasks)
        else:
            inactive_flags = self._GetColumn(inactive_offset)
            indexes = [
                match.start() for match in _ACTIVE_PATTERN.finditer(inactive_flags)
            ]
        process_flags = self._GetProcessFlags()
        states = self._states
        exited_state = _EXITED_STATE[0]
        return [
            index
            for index in indexes
            if process_flags[index] and states[index] != exited_state
        ]

    def GetExitedProcesses(self):
        """Retrieves the processes that exited in the interval of the sample.

        Returns:
          list[ExitedProcess]: processes that exited, as process accounting
              has them.
        """
        return [
            self._decoder.DecodeExited(
                self._task_data, match.start(), self.time, self._has_network_counters
            )
            for match in _EXITED_STATE_PATTERN.finditer(self._states)
        ]

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
        entry = self._decoder.Decode(self._task_data, index)
        entry.cgroup = self._GetCgroup(entry)
        return entry

    def GetTaskFingerprint(self, index):
        """Retrieves what tells the program and the identifiers of a task.

        Two entries of a task have the same fingerprint if their name, command
        line, user and group identifiers and parent are the same. It only
        serves to compare entries: build no meaning on its value.

        Args:
          index (int): index of the task entry.

        Returns:
          bytes: fingerprint.
        """
        offset = index * self._columns.tstat_size
        data = self._task_data
        return b"".join(
            data[offset + start : offset + end]
            for start, end in self._columns.fingerprint_ranges
        )

    def GetTaskIdentities(self):
        """Retrieves an identity of every task entry.

        A task is the same from sample to sample when its PID and its start
        time are: a PID alone is reused.

        Returns:
          list[tuple[int, int]]: PID and start time of every task entry.
        """
        return self._decoder.DecodeIdentities(self._task_data)

    def GetTaskUsage(self, index):
        """Retrieves the resources a task used in the interval of the sample.

        Args:
          index (int): index of the task entry.

        Returns:
          task.TaskUsage: resources used.
        """
        return self._decoder.DecodeUsage(
            self._task_data,
            index,
            self._has_disk_counters,
            self._has_network_counters,
        )
