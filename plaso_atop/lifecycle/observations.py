"""What the tracker reports of processes: starts, running processes, changes
and exits.

An observation is a plain value: it knows neither the bytes of the log nor
plaso. Its fields are the attributes of the event data that the parser makes
of it, declared here once; times are in seconds since the epoch. Every
observation also tells whether the sample it comes from was damaged.
"""

import collections

from plaso_atop.atoplog import task

IDENTIFIER_FIELDS = task.IDENTIFIER_FIELDS

# Whether the sample that an observation comes from was partly damaged
# (corrupted) or came after damage (recovered): plaso's flags of event data,
# not attributes.
SAMPLE_FLAGS = ("corrupted", "recovered")

# What every process observation says of the process.
_PROCESS_FIELDS = ("hostname", "pid", "ppid", "process_name", "command_line")

# The parent of a process and its ancestry (see processes.Lineage).
_LINEAGE_FIELDS = ("parent_process_name", "parent_command_line", "process_ancestry")

# Where a process ran, where the atop release records it.
_PLACEMENT_FIELDS = ("container", "cgroup")

# What a process used: CPU time in milliseconds, disk and network bytes, as
# the reader names what a task used in an interval.
USAGE_FIELDS = task.TaskUsage._fields

# The fields of a process that atop listed alive, as it was listed.
_LISTED_PROCESS_FIELDS = (
    *_PROCESS_FIELDS,
    *IDENTIFIER_FIELDS,
    *_LINEAGE_FIELDS,
)


class ProcessStart(
    collections.namedtuple(
        "ProcessStart",
        (*_LISTED_PROCESS_FIELDS, *_PLACEMENT_FIELDS, "start_time", *SAMPLE_FLAGS),
    )
):
    """A process that started within the window of a run.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      pid (int): process identifier.
      ppid (int): parent process identifier.
      process_name (str): process name.
      command_line (str): first non-empty command line of the process in the
          run, or None.
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
      container (str): container identifier (atop 2.3 to 2.9) or container or
          pod host name (2.10 and later), or None.
      cgroup (str): cgroup v2 path, where the atop release records it, or
          None.
      start_time (int): start time.
      corrupted (bool): True if the sample that listed it was partly damaged.
      recovered (bool): True if the sample that listed it came after damage.
    """

    __slots__ = ()

    EVENT_TIME = "start_time"
    OTHER_TIMES = ()


class ProcessRunning(
    collections.namedtuple(
        "ProcessRunning",
        (
            *_LISTED_PROCESS_FIELDS,
            *_PLACEMENT_FIELDS,
            "process_start_time",
            "sample_time",
            *SAMPLE_FLAGS,
        ),
    )
):
    """A process that started before the window of a run.

    Attributes are those of ProcessStart but start_time, and:
      process_start_time (int): start time.
      sample_time (int): time of the first sample of the run that lists the
          process alive.
    """

    __slots__ = ()

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("process_start_time",)


class ProcessExec(
    collections.namedtuple(
        "ProcessExec",
        (
            *_LISTED_PROCESS_FIELDS,
            *_PLACEMENT_FIELDS,
            "previous_process_name",
            "previous_command_line",
            "previous_sample_time",
            "process_start_time",
            "sample_time",
            *SAMPLE_FLAGS,
        ),
    )
):
    """A process listed under another name than at its previous listing.

    The process executed another program, or renamed itself, between the two
    samples. Attributes are those of ProcessRunning, with the values of the
    new listing, and:
      previous_process_name (str): process name at the previous listing.
      previous_command_line (str): command line at the previous listing, or
          None.
      previous_sample_time (int): time of the previous listing.
    The sample_time is that of the first sample with the new name.
    """

    __slots__ = ()

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("previous_sample_time", "process_start_time")


class ProcessCredentialsChange(
    collections.namedtuple(
        "ProcessCredentialsChange",
        (
            *_LISTED_PROCESS_FIELDS,
            *(f"previous_{name:s}" for name in IDENTIFIER_FIELDS),
            "gained_root",
            "previous_sample_time",
            "process_start_time",
            "sample_time",
            *SAMPLE_FLAGS,
        ),
    )
):
    """A process listed with other identifiers than at its previous listing.

    One or more of its user and group identifiers changed between the two
    samples. Attributes are those of ProcessStart but container, cgroup and
    start_time, with the values of the new listing, and:
      previous_uid, previous_euid, previous_suid, previous_fsuid,
          previous_gid, previous_egid, previous_sgid, previous_fsgid (int):
          user and group identifiers at the previous listing.
      gained_root (bool): True if the real or effective user identifier
          became 0 (root) from another value.
      previous_sample_time (int): time of the previous listing.
      process_start_time (int): start time.
      sample_time (int): time of the first sample with the new identifiers.
    """

    __slots__ = ()

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("previous_sample_time", "process_start_time")


class ProcessExit(
    collections.namedtuple(
        "ProcessExit",
        (
            *_PROCESS_FIELDS,
            "uid",
            "gid",
            "exit_code",
            "signal",
            "core_dumped",
            "process_start_time",
            "exit_time",
            "exit_time_estimated",
            "run_time",
            *USAGE_FIELDS,
            *SAMPLE_FLAGS,
        ),
    )
):
    """A process that exited, and what it used over its life.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      pid (int): process identifier, 0 if unknown (acct version 2).
      ppid (int): parent process identifier, or None if unknown.
      process_name (str): process name.
      command_line (str): command line of the process in the run, or None.
      uid, gid (int): real user and group identifiers.
      exit_code (int): exit code of a normal exit, or None.
      signal (int): number of the signal that killed the process, or None.
      core_dumped (bool): True if the process dumped core.
      process_start_time (int): start time, or None if not plausible.
      exit_time (int): exit time.
      exit_time_estimated (bool): True if the exit time is the time of the
          sample that reported the exit, for want of a plausible one.
      run_time (int): seconds from start to exit, or None.
      cpu_user_time (int): CPU time in user mode over the life of the
          process, as atop recorded it, in milliseconds.
      cpu_system_time (int): CPU time in system mode likewise.
      disk_read_bytes (int): bytes read from disk while atop listed the
          process alive, or None if it never did or the host had no I/O
          statistics.
      disk_write_bytes (int): bytes written to disk likewise, or None.
      disk_cancelled_write_bytes (int): bytes written whose write to disk was
          cancelled, such as of a file deleted before writeback, likewise, or
          None.
      network_sent_bytes (int): bytes sent over TCP and UDP over the life of
          the process, as netatop counted them, or None without netatop.
      network_received_bytes (int): bytes received likewise, or None.
      corrupted (bool): True if the sample that reported it was partly
          damaged.
      recovered (bool): True if the sample that reported it came after damage.
    """

    __slots__ = ()

    EVENT_TIME = "exit_time"
    OTHER_TIMES = ("process_start_time",)


class ProcessUsage(
    collections.namedtuple(
        "ProcessUsage",
        (
            *_PROCESS_FIELDS,
            "uid",
            "process_start_time",
            "period_start",
            "sample_time",
            *USAGE_FIELDS,
            *SAMPLE_FLAGS,
        ),
    )
):
    """What a process used in a clock hour, where it reached a floor.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      pid (int): process identifier.
      ppid (int): parent process identifier, or None if unknown.
      process_name (str): process name.
      command_line (str): command line, or None.
      uid (int): real user identifier.
      process_start_time (int): start time.
      period_start (int): start of the interval of the earliest sample of
          the hour that counted the process.
      sample_time (int): time of the latest sample of the hour that counted
          the process.
      cpu_user_time (int): CPU time in user mode in the hour, in
          milliseconds.
      cpu_system_time (int): CPU time in system mode in the hour.
      disk_read_bytes (int): bytes read from disk in the hour, or None where
          the exit of the process would have none.
      disk_write_bytes (int): bytes written to disk in the hour, or None.
      disk_cancelled_write_bytes (int): bytes written whose write to disk was
          cancelled in the hour, or None.
      network_sent_bytes (int): bytes sent over TCP and UDP in the hour, or
          None without netatop.
      network_received_bytes (int): bytes received in the hour, or None.
      corrupted (bool): True if the latest sample was partly damaged.
      recovered (bool): True if the latest sample came after damage.
    """

    __slots__ = ()

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("process_start_time", "period_start")
