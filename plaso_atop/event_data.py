"""The event data of the atop parser."""

from plaso.containers import events

from plaso_atop import definitions


class _AtopProcessEventData(events.EventData):
    """Attributes common to all atop process event data.

    Attributes:
      command_line (str): command line of the process.
      gid (int): real group identifier.
      hostname (str): name of the host that atop ran on.
      pid (int): process identifier (PID).
      ppid (int): parent process identifier.
      process_name (str): process name, at most 15 characters.
      uid (int): real user identifier.
      username (str): name of the real user identifier, in the passwd file of
          the file system that holds the log.
    """

    def __init__(self, data_type):
        """Initializes event data.

        Args:
          data_type (str): event data type indicator.
        """
        super().__init__(data_type=data_type)
        self.command_line = None
        self.gid = None
        self.hostname = None
        self.pid = None
        self.ppid = None
        self.process_name = None
        self.uid = None
        self.username = None


class _AtopListedProcessEventData(_AtopProcessEventData):
    """Attributes of the event data of processes that atop listed alive.

    The attributes are those of _AtopProcessEventData, and:

    Attributes:
      egid (int): effective group identifier.
      effective_username (str): name of the effective user identifier, in the
          passwd file of the file system that holds the log.
      euid (int): effective user identifier.
      fsgid (int): file system group identifier.
      fsuid (int): file system user identifier.
      parent_command_line (str): command line of the parent process, as atop
          listed it when the process started.
      parent_process_name (str): name of the parent process, as atop listed it
          when the process started.
      process_ancestry (str): ancestors of the process, from the oldest one
          down to the parent, as atop listed them when the process started,
          such as "systemd[1] > sshd[712] > bash[5810]"; an ancestor that atop
          did not list is its PID alone, such as "[1]".
      sgid (int): saved group identifier.
      suid (int): saved user identifier.
    """

    def __init__(self, data_type):
        """Initializes event data.

        Args:
          data_type (str): event data type indicator.
        """
        super().__init__(data_type)
        self.egid = None
        self.effective_username = None
        self.euid = None
        self.fsgid = None
        self.fsuid = None
        self.parent_command_line = None
        self.parent_process_name = None
        self.process_ancestry = None
        self.sgid = None
        self.suid = None


class _AtopProgramEventData(_AtopListedProcessEventData):
    """Attributes of the event data of a process running a program.

    The attributes are those of _AtopListedProcessEventData, and:

    Attributes:
      cgroup (str): cgroup v2 path of the process, where the atop release
          records it.
      container (str): container identifier (atop 2.3 to 2.9) or container or
          pod host name (atop 2.10 and later).
    """

    def __init__(self, data_type):
        """Initializes event data.

        Args:
          data_type (str): event data type indicator.
        """
        super().__init__(data_type)
        self.cgroup = None
        self.container = None


class AtopProcessStartEventData(_AtopProgramEventData):
    """atop process start event data.

    A process that started while atop was observing; the attributes are those
    of _AtopProgramEventData, where the identifiers other than uid and gid are
    None for a process known from its exit only (process accounting records
    no others), and:

    Attributes:
      start_time (dfdatetime.DateTimeValues): date and time the process
          started.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_START

    def __init__(self):
        """Initializes event data."""
        super().__init__(self.DATA_TYPE)
        self.start_time = None


class AtopProcessRunningEventData(_AtopProgramEventData):
    """atop running process event data.

    A process that started before atop began observing; the event is the
    first sample of the atop run that lists it. The attributes are those of
    _AtopProgramEventData, and:

    Attributes:
      process_start_time (str): date and time the process started, in ISO 8601
          format in UTC, such as "2026-10-01T08:03:11+00:00".
      sample_time (dfdatetime.DateTimeValues): date and time of the first
          sample of the atop run that lists the process.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_RUNNING

    def __init__(self):
        """Initializes event data."""
        super().__init__(self.DATA_TYPE)
        self.process_start_time = None
        self.sample_time = None


class AtopProcessExecEventData(_AtopProgramEventData):
    """atop process exec event data.

    A process listed under another name than at its previous listing: it
    executed another program, or renamed itself, between the two samples. The
    attributes are those of _AtopProgramEventData, with the values of the new
    listing, and:

    Attributes:
      previous_command_line (str): command line at the previous listing.
      previous_process_name (str): process name at the previous listing.
      previous_sample_time (str): date and time of the previous listing, in
          ISO 8601 format in UTC.
      process_start_time (str): date and time the process started, in ISO 8601
          format in UTC.
      sample_time (dfdatetime.DateTimeValues): date and time of the first
          sample that lists the process under its new name.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_EXEC

    def __init__(self):
        """Initializes event data."""
        super().__init__(self.DATA_TYPE)
        self.previous_command_line = None
        self.previous_process_name = None
        self.previous_sample_time = None
        self.process_start_time = None
        self.sample_time = None


class AtopProcessCredentialsChangeEventData(_AtopListedProcessEventData):
    """atop process credentials change event data.

    A process listed with other user or group identifiers than at its
    previous listing. The attributes are those of _AtopListedProcessEventData,
    with the values of the new listing, and:

    Attributes:
      gained_root (bool): True if the real or effective user identifier became
          0 (root) from another value. The tagging rules need it: plaso's
          event filters cannot test a value for 0.
      previous_effective_username (str): name of the effective user identifier
          at the previous listing.
      previous_egid (int): effective group identifier at the previous listing.
      previous_euid (int): effective user identifier at the previous listing.
      previous_fsgid (int): file system group identifier at the previous
          listing.
      previous_fsuid (int): file system user identifier at the previous
          listing.
      previous_gid (int): real group identifier at the previous listing.
      previous_sample_time (str): date and time of the previous listing, in
          ISO 8601 format in UTC.
      previous_sgid (int): saved group identifier at the previous listing.
      previous_suid (int): saved user identifier at the previous listing.
      previous_uid (int): real user identifier at the previous listing.
      previous_username (str): name of the real user identifier at the
          previous listing.
      process_start_time (str): date and time the process started, in ISO 8601
          format in UTC.
      sample_time (dfdatetime.DateTimeValues): date and time of the first
          sample that lists the new identifiers.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE

    def __init__(self):
        """Initializes event data."""
        super().__init__(self.DATA_TYPE)
        self.gained_root = None
        self.previous_effective_username = None
        self.previous_egid = None
        self.previous_euid = None
        self.previous_fsgid = None
        self.previous_fsuid = None
        self.previous_gid = None
        self.previous_sample_time = None
        self.previous_sgid = None
        self.previous_suid = None
        self.previous_uid = None
        self.previous_username = None
        self.process_start_time = None
        self.sample_time = None


class AtopProcessExitEventData(_AtopProcessEventData):
    """atop process exit event data.

    The attributes are those of _AtopProcessEventData, where pid is 0 if
    process accounting did not record it, and:

    Attributes:
      core_dumped (bool): True if the process dumped core.
      cpu_system_time (int): CPU time spent in system mode, in milliseconds.
      cpu_user_time (int): CPU time spent in user mode, in milliseconds.
      exit_code (int): exit code, if the process exited normally.
      exit_time (dfdatetime.DateTimeValues): date and time the process exited.
      exit_time_estimated (bool): True if the exit time is the time of the
          sample that reported the exit, because the recorded run time does not
          fit between the start and that sample.
      process_start_time (str): date and time the process started, in ISO 8601
          format in UTC.
      run_time (int): seconds from the start to the exit of the process.
      signal (int): number of the signal that killed the process.
    """

    DATA_TYPE = definitions.DATA_TYPE_PROCESS_EXIT

    def __init__(self):
        """Initializes event data."""
        super().__init__(self.DATA_TYPE)
        self.core_dumped = None
        self.cpu_system_time = None
        self.cpu_user_time = None
        self.exit_code = None
        self.exit_time = None
        self.exit_time_estimated = None
        self.process_start_time = None
        self.run_time = None
        self.signal = None


class AtopClockChangeEventData(events.EventData):
    """atop clock change event data.

    A sample earlier than the sample before it in the same atop run: the clock
    of the host stepped back.

    Attributes:
      hostname (str): name of the host that atop ran on.
      previous_sample_time (str): date and time of the sample before it, in
          ISO 8601 format in UTC.
      sample_time (dfdatetime.DateTimeValues): date and time of the sample.
      seconds (int): the sample's time minus that of the sample before it,
          negative.
    """

    DATA_TYPE = definitions.DATA_TYPE_CLOCK_CHANGE

    def __init__(self):
        """Initializes event data."""
        super().__init__(data_type=self.DATA_TYPE)
        self.hostname = None
        self.previous_sample_time = None
        self.sample_time = None
        self.seconds = None


class AtopRecordingEndEventData(events.EventData):
    """atop recording end event data: the last sample of an atop run.

    Attributes:
      end_time (dfdatetime.DateTimeValues): date and time of the last sample.
      hostname (str): name of the host that atop ran on.
      next_recording_start (str): date and time of the first sample of the next
          atop run of the log, in ISO 8601 format in UTC, if another one
          follows.
      number_of_samples (int): number of samples of the run.
    """

    DATA_TYPE = definitions.DATA_TYPE_RECORDING_END

    def __init__(self):
        """Initializes event data."""
        super().__init__(data_type=self.DATA_TYPE)
        self.end_time = None
        self.hostname = None
        self.next_recording_start = None
        self.number_of_samples = None


class AtopRecordingGapEventData(events.EventData):
    """atop recording gap event data.

    Two consecutive samples of an atop run farther apart than twice its
    interval: atop suspended, the host suspended or starved, or the clock
    stepped forward. The event is at the earlier sample.

    Attributes:
      gap_end (str): date and time of the later sample, in ISO 8601 format in
          UTC.
      gap_seconds (int): seconds from the earlier sample to the later one.
      hostname (str): name of the host that atop ran on.
      interval (int): regular interval of the run, in seconds.
      start_time (dfdatetime.DateTimeValues): date and time of the earlier
          sample.
    """

    DATA_TYPE = definitions.DATA_TYPE_RECORDING_GAP

    def __init__(self):
        """Initializes event data."""
        super().__init__(data_type=self.DATA_TYPE)
        self.gap_end = None
        self.gap_seconds = None
        self.hostname = None
        self.interval = None
        self.start_time = None


class AtopRecordingStartEventData(events.EventData):
    """atop recording start event data: the first sample of an atop run.

    Attributes:
      atop_version (str): major and minor release of atop, such as "2.8".
      boot_time (str): date and time the host booted, in ISO 8601 format in
          UTC: the first sample's time minus its interval, which atop counts
          from boot.
      hostname (str): name of the host that atop ran on.
      interval (int): regular interval of the run in seconds, that of its
          second sample; None for a run of one sample.
      kernel_release (str): release of the kernel, as the header gives it.
      previous_recording_end (str): date and time of the last sample of the
          previous atop run of the log, in ISO 8601 format in UTC, if atop
          stopped and started again.
      start_time (dfdatetime.DateTimeValues): date and time of the first
          sample.
      started_with_host (bool): True if atop started with the host: its first
          interval is at most twice the regular one (for a run of one sample,
          at most 600 seconds, atop's default interval).
    """

    DATA_TYPE = definitions.DATA_TYPE_RECORDING_START

    def __init__(self):
        """Initializes event data."""
        super().__init__(data_type=self.DATA_TYPE)
        self.atop_version = None
        self.boot_time = None
        self.hostname = None
        self.interval = None
        self.kernel_release = None
        self.previous_recording_end = None
        self.start_time = None
        self.started_with_host = None


class AtopSystemBootEventData(events.EventData):
    """atop system boot event data: a boot of the host that atop started with.

    Attributes:
      hostname (str): name of the host that atop ran on.
      start_time (dfdatetime.DateTimeValues): date and time the host booted.
    """

    DATA_TYPE = definitions.DATA_TYPE_SYSTEM_BOOT

    def __init__(self):
        """Initializes event data."""
        super().__init__(data_type=self.DATA_TYPE)
        self.hostname = None
        self.start_time = None
