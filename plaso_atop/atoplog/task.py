"""Task entries of an atop raw log, decoded into seconds, milliseconds, bytes
and exit statuses."""

from plaso_atop import accounting
from plaso_atop import value_records
from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import layouts

IDENTIFIER_FIELDS = layouts.IDENTIFIER_FIELDS

# The bits of the exit status below atop's "new" flag: the wait status.
_WAIT_STATUS_MASK = definitions.NEW_TASK_FLAG - 1

# Size of the disk sectors that atop counts.
_SECTOR_SIZE = 512

# The fields of a task entry that the reader decodes, for any entry.
_ENTRY_FIELDS = (
    "pid",
    "ppid",
    *IDENTIFIER_FIELDS,
    "process_name",
    "command_line",
    "is_process",
    "state",
    "exit_status",
    "start_time",
    "was_inactive",
    "container",
    "cgroup",
)

# The fields that process accounting fills in for an exited process; atop
# adds the command line of the live process it matches, and netatop its
# network counters.
_EXITED_FIELDS = (
    "pid",
    "ppid",
    "uid",
    "gid",
    "process_name",
    "command_line",
    "exit_status",
    "start_time",
    "elapsed_ticks",
    "cpu_user_ticks",
    "cpu_system_ticks",
    *layouts.NETWORK_FIELDS,
)

# The counters of the resources a task used in the interval of its sample.
_COUNTER_FIELDS = (
    "cpu_user_ticks",
    "cpu_system_ticks",
    "disk_read_sectors",
    "disk_write_sectors",
    "disk_cancelled_write_sectors",
    *layouts.NETWORK_FIELDS,
)


def DecodeExitTime(start_time, elapsed_ticks, sample_time, hertz):
    """Determines the exit time of an exited process.

    The exit time is the start time plus the elapsed time, as atop prints it.
    An exit cannot be later than the sample that reported it nor earlier than
    the start; outside these bounds the elapsed time may be an undecoded acct
    version 2 comp_t, and otherwise the time of the sample is the best
    estimate.

    Args:
      start_time (int): start time in seconds since the epoch.
      elapsed_ticks (int): elapsed time in clock ticks, as stored.
      sample_time (int): time of the sample that reported the exit.
      hertz (int): clock ticks per second.

    Returns:
      tuple[int, bool]: exit time in seconds since the epoch, and True if it is
          estimated.
    """
    if definitions.IsPlausibleTime(start_time):
        exit_time = start_time + elapsed_ticks // hertz
        if start_time <= exit_time <= sample_time:
            return exit_time, False
        elapsed_ticks = accounting.DecodeCompT(elapsed_ticks)
        if elapsed_ticks is not None:
            exit_time = start_time + elapsed_ticks // hertz
            if start_time <= exit_time <= sample_time:
                return exit_time, False
    return sample_time, True


def DecodeWaitStatus(exit_status):
    """Splits the exit status that atop stores into what it tells.

    Args:
      exit_status (int): exit status as stored: a signed 32-bit wait status
          whose bit 31 means "new in this sample".

    Returns:
      tuple[int, int, bool]: exit code of a normal exit or None, number of the
          signal that killed the process or None, and True if it was killed
          and dumped core.
    """
    status = exit_status & _WAIT_STATUS_MASK
    if not status & 0xFF:
        return (status >> 8) & 0xFF, None, False
    return None, status & 0x7F, bool(status & 0x80)


class TaskEntry(value_records.ValueRecord):
    """One task (process or thread) of a sample, decoded.

    Attributes that the release of the writer does not record are None.

    Attributes:
      pid (int): process (or thread) identifier; 0 for exited processes of acct
          version 2 that atop could not match.
      ppid (int): parent process identifier; 0 for exited processes of acct
          version 2.
      uid, euid, suid, fsuid (int): real, effective, saved and file system user
          identifiers.
      gid, egid, sgid, fsgid (int): real, effective, saved and file system group
          identifiers.
      process_name (str): process name, at most 15 characters.
      command_line (str): command line, empty for threads and unmatched exited
          processes.
      is_process (bool): True for a process, False for a thread; always True in
          1.26, which only records processes.
      state (str): state letter, as in /proc/PID/stat, or "E" for a process that
          exited during the interval.
      is_new (bool): True if atop flagged the task as new in the sample: absent
          from the sample before, or, for an exited process, matched with no task
          that atop listed before.
      start_time (int): start time in seconds since the epoch.
      was_inactive (bool): True if the task did not change since the previous
          sample (2.3+).
      container (str): container identifier (2.3 to 2.9) or container or pod host
          name (2.10+), empty if none.
      cgroup (str): cgroup v2 path of the process, or None if not recorded.
    """

    def __init__(self):
        """Initializes a task entry."""
        super().__init__()
        self.pid = None
        self.ppid = None
        self.uid = None
        self.euid = None
        self.suid = None
        self.fsuid = None
        self.gid = None
        self.egid = None
        self.sgid = None
        self.fsgid = None
        self.process_name = None
        self.command_line = None
        self.is_process = None
        self.state = None
        self.is_new = None
        self.start_time = None
        self.was_inactive = None
        self.container = None
        self.cgroup = None

    @property
    def is_exited(self):
        """bool: True if the entry is that of an exited process."""
        return self.state == definitions.EXITED_STATE


class ExitedProcess(value_records.ValueRecord):
    """A process that exited, as process accounting has it.

    Attributes:
      pid (int): process identifier, 0 if unknown (acct version 2).
      ppid (int): parent process identifier, 0 if unknown.
      uid, gid (int): real user and group identifiers.
      process_name (str): process name, at most 15 characters.
      command_line (str): command line of the live process that atop matched,
          empty if none.
      start_time (int): start time in seconds since the epoch.
      exit_code (int): exit code of a normal exit, or None.
      signal (int): number of the signal that killed the process, or None.
      core_dumped (bool): True if the process was killed and dumped core.
      exit_time (int): exit time in seconds since the epoch.
      exit_time_estimated (bool): True if the exit time is the time of the
          sample that reported the exit, for want of a plausible one.
      cpu_user_time (int): CPU time in user mode, in milliseconds, since atop
          last listed the process, or of its whole life (see cpu_is_lifetime).
      cpu_system_time (int): CPU time in system mode, in milliseconds,
          likewise.
      cpu_is_lifetime (bool): True if the CPU times are those of the whole
          life of the process: atop matched the exit with no process it had
          listed, so it subtracted nothing.
      network_sent_bytes (int): bytes sent over TCP and UDP since atop last
          listed the process, or None without netatop.
      network_received_bytes (int): bytes received over TCP and UDP likewise,
          or None.
    """

    def __init__(self):
        """Initializes an exited process."""
        super().__init__()
        self.pid = None
        self.ppid = None
        self.uid = None
        self.gid = None
        self.process_name = None
        self.command_line = None
        self.start_time = None
        self.exit_code = None
        self.signal = None
        self.core_dumped = None
        self.exit_time = None
        self.exit_time_estimated = None
        self.cpu_user_time = None
        self.cpu_system_time = None
        self.cpu_is_lifetime = None
        self.network_sent_bytes = None
        self.network_received_bytes = None


class TaskUsage(value_records.ValueRecord):
    """The resources a task used in the interval of its sample.

    Counters that the sample does not hold are None: the disk counters where
    the host had no I/O statistics, the network counters without netatop.

    Attributes:
      cpu_user_time (int): CPU time in user mode, in milliseconds.
      cpu_system_time (int): CPU time in system mode, in milliseconds.
      disk_read_bytes (int): bytes read from disk.
      disk_write_bytes (int): bytes written to disk.
      disk_cancelled_write_bytes (int): bytes written that were not written to
          disk after all, such as those of a file deleted before writeback.
      network_sent_bytes (int): bytes sent over TCP and UDP.
      network_received_bytes (int): bytes received over TCP and UDP.
    """

    def __init__(self):
        """Initializes the resources a task used."""
        super().__init__()
        self.cpu_user_time = None
        self.cpu_system_time = None
        self.disk_read_bytes = None
        self.disk_write_bytes = None
        self.disk_cancelled_write_bytes = None
        self.network_sent_bytes = None
        self.network_received_bytes = None


class TaskDecoder:
    """Decodes the task entries of one atop log.

    Attributes:
      columns (layouts.TaskColumns): where the fields that tell task entries
          apart are.
    """

    def __init__(self, layout, hertz):
        """Initializes a task decoder.

        Args:
          layout (layouts.Layout): layout of the log.
          hertz (int): clock ticks per second of the log.
        """
        super().__init__()
        self._entries = layout.CreateTaskReader(_ENTRY_FIELDS)
        self._exited = layout.CreateTaskReader(_EXITED_FIELDS)
        self._counters = layout.CreateTaskReader(_COUNTER_FIELDS)
        self._identities = layout.CreateTaskReader(("pid", "start_time"))
        self._hertz = hertz
        self._tstat_size = layout.tstat_size
        self.columns = layout.GetTaskColumns()

    def _DecodeUsage(
        self,
        user_ticks,
        system_ticks,
        read_sectors,
        write_sectors,
        cancelled_sectors,
        network_counters,
    ):
        """Decodes the resource counters of a task entry.

        Args:
          user_ticks (int): CPU time in user mode, in clock ticks.
          system_ticks (int): CPU time in system mode, in clock ticks.
          read_sectors (int): sectors read, or None if not recorded.
          write_sectors (int): sectors written, or None if not recorded.
          cancelled_sectors (int): sectors whose write was cancelled, or None
              if not recorded.
          network_counters (tuple[int]): bytes sent and received over TCP and
              UDP, in the order of layouts.NETWORK_FIELDS, or None if not
              recorded.

        Returns:
          TaskUsage: resources used.
        """
        usage = TaskUsage()
        usage.cpu_user_time = user_ticks * 1000 // self._hertz
        usage.cpu_system_time = system_ticks * 1000 // self._hertz
        if read_sectors is not None:
            usage.disk_read_bytes = read_sectors * _SECTOR_SIZE
            usage.disk_write_bytes = write_sectors * _SECTOR_SIZE
            usage.disk_cancelled_write_bytes = cancelled_sectors * _SECTOR_SIZE
        if network_counters is not None:
            tcp_sent, tcp_received, udp_sent, udp_received = network_counters
            usage.network_sent_bytes = tcp_sent + udp_sent
            usage.network_received_bytes = tcp_received + udp_received
        return usage

    def Decode(self, data, index):
        """Decodes one task entry.

        An exited process is decoded by DecodeExited, for what process
        accounting has of it.

        Args:
          data (bytes): inflated task block.
          index (int): index of the entry in the block.

        Returns:
          TaskEntry: task entry, with the cgroup path stored in the entry.
        """
        (
            pid,
            ppid,
            uid,
            euid,
            suid,
            fsuid,
            gid,
            egid,
            sgid,
            fsgid,
            process_name,
            command_line,
            is_process,
            state,
            exit_status,
            start_time,
            was_inactive,
            container,
            cgroup,
        ) = self._entries.Read(data, index * self._tstat_size)

        entry = TaskEntry()
        entry.pid = pid
        entry.ppid = ppid
        entry.uid = uid
        entry.euid = euid
        entry.suid = suid
        entry.fsuid = fsuid
        entry.gid = gid
        entry.egid = egid
        entry.sgid = sgid
        entry.fsgid = fsgid
        entry.process_name = definitions.DecodeString(process_name)
        entry.command_line = definitions.DecodeString(command_line)
        # 1.26 records processes only.
        entry.is_process = True if is_process is None else bool(is_process)
        entry.state = state.decode("latin-1")
        entry.is_new = bool(exit_status & definitions.NEW_TASK_FLAG)
        entry.start_time = start_time
        if was_inactive is not None:
            entry.was_inactive = bool(was_inactive)
        if container is not None:
            entry.container = definitions.DecodeString(container)
        if cgroup is not None:
            entry.cgroup = definitions.DecodeString(cgroup)
        return entry

    def DecodeExited(self, data, index, sample_time, has_network_counters):
        """Decodes the entry of an exited process, as process accounting has it.

        Args:
          data (bytes): inflated task block.
          index (int): index of the entry in the block.
          sample_time (int): time of the sample.
          has_network_counters (bool): True if the sample holds the network
              counters of netatop.

        Returns:
          ExitedProcess: exited process.
        """
        (
            pid,
            ppid,
            uid,
            gid,
            process_name,
            command_line,
            exit_status,
            start_time,
            elapsed_ticks,
            user_ticks,
            system_ticks,
            tcp_sent,
            tcp_received,
            udp_sent,
            udp_received,
        ) = self._exited.Read(data, index * self._tstat_size)

        exit_code, signal, core_dumped = DecodeWaitStatus(exit_status)
        exit_time, exit_time_estimated = DecodeExitTime(
            start_time, elapsed_ticks, sample_time, self._hertz
        )
        exited_process = ExitedProcess()
        exited_process.pid = pid
        exited_process.ppid = ppid
        exited_process.uid = uid
        exited_process.gid = gid
        exited_process.process_name = definitions.DecodeString(process_name)
        exited_process.command_line = definitions.DecodeString(command_line)
        exited_process.start_time = start_time
        exited_process.exit_code = exit_code
        exited_process.signal = signal
        exited_process.core_dumped = core_dumped
        exited_process.exit_time = exit_time
        exited_process.exit_time_estimated = exit_time_estimated
        exited_process.cpu_user_time = user_ticks * 1000 // self._hertz
        exited_process.cpu_system_time = system_ticks * 1000 // self._hertz
        # atop flags the exits it matched with no listed process as new, and
        # subtracts what it had counted only for the others.
        exited_process.cpu_is_lifetime = bool(exit_status & definitions.NEW_TASK_FLAG)
        if has_network_counters:
            exited_process.network_sent_bytes = tcp_sent + udp_sent
            exited_process.network_received_bytes = tcp_received + udp_received
        return exited_process

    def DecodeIdentities(self, data):
        """Decodes what tells every task entry apart: its PID and start time.

        Args:
          data (bytes): inflated task block.

        Returns:
          list[tuple[int, int]]: PID and start time of every task entry.
        """
        return self._identities.ReadEvery(data)

    def DecodeUsage(self, data, index, has_disk_counters, has_network_counters):
        """Decodes the resources that a task used in the interval of its sample.

        Args:
          data (bytes): inflated task block.
          index (int): index of the entry in the block.
          has_disk_counters (bool): True if the sample holds I/O statistics.
          has_network_counters (bool): True if the sample holds the network
              counters of netatop.

        Returns:
          TaskUsage: resources used.
        """
        (
            user_ticks,
            system_ticks,
            read_sectors,
            write_sectors,
            cancelled_sectors,
            *network_counters,
        ) = self._counters.Read(data, index * self._tstat_size)
        if not has_disk_counters:
            read_sectors = write_sectors = cancelled_sectors = None
        return self._DecodeUsage(
            user_ticks,
            system_ticks,
            read_sectors,
            write_sectors,
            cancelled_sectors,
            network_counters if has_network_counters else None,
        )
