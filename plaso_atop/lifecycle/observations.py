"""What the tracker reports of processes: starts, running processes, changes
and exits.

An observation is a plain record: it knows neither the bytes of the log nor
plaso. Its attributes are those of the event data that the parser makes of
it, declared here once, as plaso declares the attributes of event data: each
kind of observation sets them all to None, and the tracker sets them by name.
Times are in seconds since the epoch. Every observation also tells whether
the sample it comes from was damaged.
"""

from plaso_atop import value_records

# Whether the sample that an observation comes from was partly damaged
# (corrupted) or came after damage (recovered): plaso's flags of event data,
# not attributes.
SAMPLE_FLAGS = ("corrupted", "recovered")


class Observation(value_records.ValueRecord):
    """What the tracker observed: the attributes of one event.

    Attributes:
      corrupted (bool): True if the sample that the observation comes from
          was partly damaged.
      recovered (bool): True if that sample came after damage.
    """

    # The attribute that the event is timed by, and the other times.
    EVENT_TIME = None
    OTHER_TIMES = ()

    def __init__(self):
        """Initializes an observation."""
        super().__init__()
        self.corrupted = None
        self.recovered = None

    def SetSampleFlags(self, sample):
        """Sets the flags of the sample that the observation comes from.

        Args:
          sample (Sample): sample.
        """
        self.corrupted = sample.corrupted
        self.recovered = sample.recovered


class _ProcessObservation(Observation):
    """What every observation of a process says of the process.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      pid (int): process identifier.
      ppid (int): parent process identifier.
      process_name (str): process name.
      command_line (str): command line of the process in the run, or None.
    """

    def __init__(self):
        """Initializes an observation of a process."""
        super().__init__()
        self.hostname = None
        self.pid = None
        self.ppid = None
        self.process_name = None
        self.command_line = None


class _ListedProcessObservation(_ProcessObservation):
    """A process that atop listed alive, as it was listed.

    Attributes are those of _ProcessObservation, and:
      uid, euid, suid, fsuid (int): real, effective, saved and file system
          user identifiers; all but uid are None for a process known from its
          exit only, as process accounting records no others.
      gid, egid, sgid, fsgid (int): real, effective, saved and file system
          group identifiers; all but gid are None for a process known from
          its exit only.
      parent_process_name (str): name of the parent process, as atop listed
          it when the process started, or None if atop did not list it.
      parent_command_line (str): command line of the parent process, or None.
      process_ancestry (str): ancestors of the process from the oldest one
          down to the parent, as atop listed them when the process started,
          such as "systemd[1] > sshd[712] > bash[5810]"; an ancestor that atop
          did not list is its PID alone, such as "[1]"; None if the parent PID
          is 0.
    """

    def __init__(self):
        """Initializes an observation of a listed process."""
        super().__init__()
        self.uid = None
        self.euid = None
        self.suid = None
        self.fsuid = None
        self.gid = None
        self.egid = None
        self.sgid = None
        self.fsgid = None
        self.parent_process_name = None
        self.parent_command_line = None
        self.process_ancestry = None

    def SetIdentifiers(self, identifiers):
        """Sets the user and group identifiers.

        Args:
          identifiers (tuple[int]): user and group identifiers: uid, euid,
              suid, fsuid, gid, egid, sgid and fsgid.
        """
        (
            self.uid,
            self.euid,
            self.suid,
            self.fsuid,
            self.gid,
            self.egid,
            self.sgid,
            self.fsgid,
        ) = identifiers

    def SetLineage(self, lineage):
        """Sets the parent and the ancestry.

        Args:
          lineage (processes.Lineage): parent and ancestry of the process.
        """
        self.parent_process_name = lineage.parent_process_name
        self.parent_command_line = lineage.parent_command_line
        self.process_ancestry = lineage.process_ancestry


class ProcessStart(_ListedProcessObservation):
    """A process that started within the window of a run.

    Attributes are those of _ListedProcessObservation, and:
      container (str): container identifier (atop 2.3 to 2.9) or container or
          pod host name (2.10 and later), or None.
      cgroup (str): cgroup v2 path, where the atop release records it, or
          None.
      start_time (int): start time.
    """

    EVENT_TIME = "start_time"

    def __init__(self):
        """Initializes a process start."""
        super().__init__()
        self.container = None
        self.cgroup = None
        self.start_time = None


class ProcessRunning(_ListedProcessObservation):
    """A process that started before the window of a run.

    Attributes are those of _ListedProcessObservation, and:
      container (str): container identifier or host name, or None.
      cgroup (str): cgroup v2 path, or None.
      process_start_time (int): start time.
      sample_time (int): time of the first sample of the run that lists the
          process alive.
    """

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("process_start_time",)

    def __init__(self):
        """Initializes a running process."""
        super().__init__()
        self.container = None
        self.cgroup = None
        self.process_start_time = None
        self.sample_time = None


class ProcessExec(_ListedProcessObservation):
    """A process listed under another name than at its previous listing.

    The process executed another program, or renamed itself, between the two
    samples. Attributes are those of _ListedProcessObservation, with the
    values of the new listing, and:
      container (str): container identifier or host name, or None.
      cgroup (str): cgroup v2 path, or None.
      previous_process_name (str): process name at the previous listing.
      previous_command_line (str): command line at the previous listing, or
          None.
      previous_sample_time (int): time of the previous listing.
      process_start_time (int): start time.
      sample_time (int): time of the first sample with the new name.
    """

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("previous_sample_time", "process_start_time")

    def __init__(self):
        """Initializes a process exec."""
        super().__init__()
        self.container = None
        self.cgroup = None
        self.previous_process_name = None
        self.previous_command_line = None
        self.previous_sample_time = None
        self.process_start_time = None
        self.sample_time = None


class ProcessCredentialsChange(_ListedProcessObservation):
    """A process listed with other identifiers than at its previous listing.

    One or more of its user and group identifiers changed between the two
    samples. Attributes are those of _ListedProcessObservation, with the
    values of the new listing, and:
      previous_uid, previous_euid, previous_suid, previous_fsuid,
          previous_gid, previous_egid, previous_sgid, previous_fsgid (int):
          user and group identifiers at the previous listing.
      gained_root (bool): True if the real or effective user identifier
          became 0 (root) from another value.
      previous_sample_time (int): time of the previous listing.
      process_start_time (int): start time.
      sample_time (int): time of the first sample with the new identifiers.
    """

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("previous_sample_time", "process_start_time")

    def __init__(self):
        """Initializes a process credentials change."""
        super().__init__()
        self.previous_uid = None
        self.previous_euid = None
        self.previous_suid = None
        self.previous_fsuid = None
        self.previous_gid = None
        self.previous_egid = None
        self.previous_sgid = None
        self.previous_fsgid = None
        self.gained_root = None
        self.previous_sample_time = None
        self.process_start_time = None
        self.sample_time = None


class _UsageObservation(_ProcessObservation):
    """What a process used, as atop recorded it.

    Attributes are those of _ProcessObservation, and:
      uid (int): real user identifier.
      process_start_time (int): start time.
      cpu_user_time (int): CPU time in user mode, in milliseconds.
      cpu_system_time (int): CPU time in system mode, in milliseconds.
      disk_read_bytes (int): bytes read from disk, or None (see the kinds of
          observations).
      disk_write_bytes (int): bytes written to disk, or None.
      disk_cancelled_write_bytes (int): bytes written whose write to disk was
          cancelled, such as of a file deleted before writeback, or None.
      network_sent_bytes (int): bytes sent over TCP and UDP, as netatop
          counted them, or None without netatop.
      network_received_bytes (int): bytes received likewise, or None.
    """

    def __init__(self):
        """Initializes an observation of what a process used."""
        super().__init__()
        self.uid = None
        self.process_start_time = None
        self.cpu_user_time = None
        self.cpu_system_time = None
        self.disk_read_bytes = None
        self.disk_write_bytes = None
        self.disk_cancelled_write_bytes = None
        self.network_sent_bytes = None
        self.network_received_bytes = None

    def SetUsage(self, counters):
        """Sets the CPU, disk and network counters.

        Args:
          counters (UsageCounters): what the process used.
        """
        self.cpu_user_time = counters.cpu_user_time
        self.cpu_system_time = counters.cpu_system_time
        self.disk_read_bytes = counters.disk_read_bytes
        self.disk_write_bytes = counters.disk_write_bytes
        self.disk_cancelled_write_bytes = counters.disk_cancelled_write_bytes
        self.network_sent_bytes = counters.network_sent_bytes
        self.network_received_bytes = counters.network_received_bytes


class ProcessExit(_UsageObservation):
    """A process that exited, and what it used over its life.

    Attributes are those of _UsageObservation, where pid is 0 if unknown (acct
    version 2), ppid None if unknown, process_start_time None if not
    plausible, the CPU and network counters are over the life of the process
    and the disk counters while atop listed it alive (None if it never did or
    the host had no I/O statistics), and:
      gid (int): real group identifier.
      exit_code (int): exit code of a normal exit, or None.
      signal (int): number of the signal that killed the process, or None.
      core_dumped (bool): True if the process dumped core.
      exit_time (int): exit time.
      exit_time_estimated (bool): True if the exit time is the time of the
          sample that reported the exit, for want of a plausible one.
      run_time (int): seconds from start to exit, or None.
    """

    EVENT_TIME = "exit_time"
    OTHER_TIMES = ("process_start_time",)

    def __init__(self):
        """Initializes a process exit."""
        super().__init__()
        self.gid = None
        self.exit_code = None
        self.signal = None
        self.core_dumped = None
        self.exit_time = None
        self.exit_time_estimated = None
        self.run_time = None


class ProcessUsage(_UsageObservation):
    """What a process used in a clock hour, where it reached a floor.

    Attributes are those of _UsageObservation, with what the process used in
    the hour, where ppid is None if unknown and the disk counters are None
    where the exit of the process would have none, and:
      period_start (int): start of the interval of the earliest sample of
          the hour that counted the process.
      sample_time (int): time of the latest sample of the hour that counted
          the process.
    """

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("process_start_time", "period_start")

    def __init__(self):
        """Initializes the use of an hour by a process."""
        super().__init__()
        self.period_start = None
        self.sample_time = None
