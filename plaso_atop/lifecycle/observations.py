"""What the tracker reports of processes: starts, running processes, changes
and exits.

An observation is a plain value built from the task entries of the samples;
it knows neither the bytes of the log nor plaso.
"""

import collections
import functools
import operator

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import task

# The user and group identifiers of a process, as observations name them, in
# the order of the task entry fields they come from.
IDENTIFIER_NAMES = ("uid", "euid", "suid", "fsuid", "gid", "egid", "sgid", "fsgid")

_GET_IDENTIFIERS = operator.attrgetter(*task.TaskEntry.IDENTIFIER_FIELDS)

_NO_PARENT = (None, None)

_PROCESS_FIELDS = (
    "pid",
    "ppid",
    "name",
    "command_line",
    *IDENTIFIER_NAMES,
    "container",
    "cgroup",
    "start_time",
    "parent_name",
    "parent_command_line",
    "corrupted",
    "recovered",
)

_DOCUMENTED_PROCESS_FIELDS = """  pid (int): process identifier.
  ppid (int): parent process identifier.
  name (str): process name.
  command_line (str): first non-empty command line, or None.
  uid, euid, suid, fsuid (int): real, effective, saved and file system user
      identifiers; all but uid are None for a process known from its exit
      only.
  gid, egid, sgid, fsgid (int): real, effective, saved and file system group
      identifiers; all but gid are None for a process known from its exit
      only.
  container (str): container identifier or host name, or None.
  cgroup (str): cgroup path, or None.
  start_time (int): start time in seconds since the epoch.
  parent_name (str): name of the parent process, or None if atop did not
      list it.
  parent_command_line (str): command line of the parent process, or None.
  corrupted (bool): True if the sample that listed it was partly damaged.
  recovered (bool): True if the sample that listed it was found after damage.
"""

ProcessStart = collections.namedtuple("ProcessStart", _PROCESS_FIELDS)
ProcessStart.__doc__ = """A process that started within the window of a run.

Attributes:
""" + _DOCUMENTED_PROCESS_FIELDS

ProcessRunning = collections.namedtuple(
    "ProcessRunning", _PROCESS_FIELDS + ("sample_time",)
)
ProcessRunning.__doc__ = """A process that started before the window of a run.

Attributes are those of ProcessStart, and:
  sample_time (int): time of the first sample of the run that lists the
      process alive, in seconds since the epoch.
"""

ProcessExec = collections.namedtuple(
    "ProcessExec",
    (
        "pid",
        "ppid",
        "name",
        "command_line",
        "previous_name",
        "previous_command_line",
        "previous_sample_time",
        "sample_time",
        *IDENTIFIER_NAMES,
        "container",
        "cgroup",
        "start_time",
        "parent_name",
        "parent_command_line",
        "corrupted",
        "recovered",
    ),
)
ProcessExec.__doc__ = """A process listed under another name than before.

The process executed another program, or renamed itself, between the two
samples.

Attributes:
  pid (int): process identifier.
  ppid (int): parent process identifier.
  name (str): new process name.
  command_line (str): new command line, or None.
  previous_name (str): process name at the previous listing.
  previous_command_line (str): command line at the previous listing, or None.
  previous_sample_time (int): time of the previous listing, in seconds since
      the epoch.
  sample_time (int): time of the first sample with the new name, in seconds
      since the epoch.
  uid, euid, suid, fsuid, gid, egid, sgid, fsgid (int): user and group
      identifiers.
  container (str): container identifier or host name, or None.
  cgroup (str): cgroup path, or None.
  start_time (int): start time in seconds since the epoch.
  parent_name (str): name of the parent process, or None.
  parent_command_line (str): command line of the parent process, or None.
  corrupted (bool): True if the sample was partly damaged.
  recovered (bool): True if the sample was found after damage.
"""

ProcessCredentialsChange = collections.namedtuple(
    "ProcessCredentialsChange",
    (
        "pid",
        "ppid",
        "name",
        "command_line",
        "previous_sample_time",
        "sample_time",
        *IDENTIFIER_NAMES,
        *(f"previous_{name:s}" for name in IDENTIFIER_NAMES),
        "start_time",
        "parent_name",
        "parent_command_line",
        "corrupted",
        "recovered",
    ),
)
ProcessCredentialsChange.__doc__ = """A process listed with other identifiers.

One or more of its user and group identifiers changed between the two
samples.

Attributes:
  pid (int): process identifier.
  ppid (int): parent process identifier.
  name (str): process name.
  command_line (str): command line, or None.
  previous_sample_time (int): time of the previous listing, in seconds since
      the epoch.
  sample_time (int): time of the first sample with the new identifiers, in
      seconds since the epoch.
  uid, euid, suid, fsuid, gid, egid, sgid, fsgid (int): new user and group
      identifiers.
  previous_uid, previous_euid, previous_suid, previous_fsuid, previous_gid,
      previous_egid, previous_sgid, previous_fsgid (int): user and group
      identifiers at the previous listing.
  start_time (int): start time in seconds since the epoch.
  parent_name (str): name of the parent process, or None.
  parent_command_line (str): command line of the parent process, or None.
  corrupted (bool): True if the sample was partly damaged.
  recovered (bool): True if the sample was found after damage.
"""

ProcessExit = collections.namedtuple(
    "ProcessExit",
    (
        "pid",
        "ppid",
        "name",
        "command_line",
        "uid",
        "gid",
        "exit_code",
        "signal",
        "core_dumped",
        "start_time",
        "exit_time",
        "exit_time_estimated",
        "run_time",
        "cpu_user_time",
        "cpu_system_time",
        "corrupted",
        "recovered",
    ),
)
ProcessExit.__doc__ = """A process that exited.

Attributes:
  pid (int): process identifier, 0 if unknown (acct version 2).
  ppid (int): parent process identifier, or None if unknown.
  name (str): process name.
  command_line (str): command line of the process in the run, or None.
  uid, gid (int): real user and group identifiers.
  exit_code (int): exit code of a normal exit, or None.
  signal (int): number of the signal that killed the process, or None.
  core_dumped (bool): True if the process dumped core.
  start_time (int): start time in seconds since the epoch, or None if not
      plausible.
  exit_time (int): exit time in seconds since the epoch.
  exit_time_estimated (bool): True if the exit time is the time of the
      sample that reported the exit, for want of a plausible one.
  run_time (int): seconds from start to exit, or None.
  cpu_user_time (int): CPU time in user mode, in milliseconds.
  cpu_system_time (int): CPU time in system mode, in milliseconds.
  corrupted (bool): True if the sample that reported it was partly damaged.
  recovered (bool): True if the sample that reported it was found after
      damage.
"""

# The constructors of the observations that every exit gives, without the
# Python-level __new__ of namedtuple: they take one tuple of all the values.
_NewProcessExit = functools.partial(tuple.__new__, ProcessExit)
_NewProcessStart = functools.partial(tuple.__new__, ProcessStart)


def GetIdentifiers(entry):
    """Retrieves the user and group identifiers of a task entry.

    Args:
      entry (TaskEntry): task entry.

    Returns:
      tuple[int]: uid, euid, suid, fsuid, gid, egid, sgid and fsgid.
    """
    return _GET_IDENTIFIERS(entry)


def GetExitTime(entry, start_time, sample_time, hertz):
    """Determines the exit time of an exited process.

    The exit time is the start time plus the elapsed time, as atop prints it.
    An exit cannot be later than the sample that reported it nor earlier than
    the start; outside these bounds the elapsed time may be an undecoded acct
    version 2 comp_t, and otherwise the time of the sample is the best
    estimate.

    Args:
      entry (TaskEntry): entry of the exited process.
      start_time (int): plausible start time, or None.
      sample_time (int): time of the sample that reported the exit.
      hertz (int): clock ticks per second of the log.

    Returns:
      tuple[int, bool]: exit time in seconds since the epoch, and True if it
          is estimated.
    """
    if start_time is not None:
        exit_time = start_time + entry.elapsed_ticks // hertz
        if start_time <= exit_time <= sample_time:
            return exit_time, False
        elapsed = task.DecodeCompT(entry.elapsed_ticks)
        if elapsed is not None:
            exit_time = start_time + elapsed // hertz
            if start_time <= exit_time <= sample_time:
                return exit_time, False
    return sample_time, True


def CreateProcessExit(entry, sample, process):
    """Creates the observation of an exited process entry.

    Args:
      entry (TaskEntry): entry of the exited process.
      sample (Sample): sample that reported the exit.
      process (TrackedProcess): the process while alive, or None if the run
          did not see it alive.

    Returns:
      ProcessExit: process exit.
    """
    hertz = sample.header.hertz
    start_time = entry.start_time
    if not definitions.IsPlausibleTime(start_time):
        start_time = None

    exit_time, estimated = GetExitTime(entry, start_time, sample.time, hertz)
    run_time = None
    if start_time is not None and exit_time >= start_time:
        run_time = exit_time - start_time

    command_line = entry.command_line or None
    ppid = entry.ppid or None
    if process:
        command_line = command_line or process.command_line
        ppid = ppid or process.entry.ppid or None

    exit_code, signal, core_dumped = entry.GetExitStatus()
    return _NewProcessExit(
        (
            entry.pid,
            ppid,
            entry.name,
            command_line,
            entry.ruid,
            entry.rgid,
            exit_code,
            signal,
            core_dumped,
            start_time,
            exit_time,
            estimated,
            run_time,
            entry.cpu_user_ticks * 1000 // hertz,
            entry.cpu_system_ticks * 1000 // hertz,
            sample.corrupted,
            sample.recovered,
        )
    )


def CreateProcessStartOrRunning(process, window_start):
    """Creates the start or running observation of a process.

    Args:
      process (TrackedProcess): process.
      window_start (int): start of the window of the run, in seconds since the
          epoch.

    Returns:
      ProcessStart|ProcessRunning: process start or running process, or None
          if the process started before the window and was never listed
          alive.
    """
    entry = process.entry
    if entry.is_exited:
        return CreateExitedProcessStart(
            entry, process.parent, window_start, process.corrupted, process.recovered
        )
    parent_name, parent_command_line = process.parent or _NO_PARENT
    values = (
        entry.pid,
        entry.ppid,
        entry.name,
        process.command_line,
        *_GET_IDENTIFIERS(entry),
        entry.container or None,
        entry.cgroup or None,
        entry.start_time,
        parent_name,
        parent_command_line,
        process.corrupted,
        process.recovered,
    )
    if entry.start_time >= window_start:
        return ProcessStart(*values)
    if process.first_alive_time is not None:
        return ProcessRunning(*values, process.first_alive_time)
    return None


def CreateExitedProcessStart(entry, parent, window_start, corrupted, recovered):
    """Creates the start observation of a process known from its exit only.

    Args:
      entry (TaskEntry): entry of the exited process.
      parent (Parent): parent process, or None if atop did not list it.
      window_start (int): start of the window of the run, in seconds since the
          epoch.
      corrupted (bool): True if the sample that reported the exit was partly
          damaged.
      recovered (bool): True if the sample that reported the exit was found
          after damage.

    Returns:
      ProcessStart: process start, or None if the process started before the
          window.
    """
    if entry.start_time < window_start:
        return None
    parent_name, parent_command_line = parent or _NO_PARENT
    # Process accounting records the real identifiers only.
    return _NewProcessStart(
        (
            entry.pid,
            entry.ppid,
            entry.name,
            entry.command_line or None,
            entry.ruid,
            None,
            None,
            None,
            entry.rgid,
            None,
            None,
            None,
            entry.container or None,
            entry.cgroup or None,
            entry.start_time,
            parent_name,
            parent_command_line,
            corrupted,
            recovered,
        )
    )


def CreateProcessExec(process, entry, previous_entry, previous_time, sample):
    """Creates the observation of a process listed under another name.

    Args:
      process (TrackedProcess): process.
      entry (TaskEntry): entry of the process in the sample.
      previous_entry (TaskEntry): entry of the process at its previous listing.
      previous_time (int): time of the previous listing.
      sample (Sample): sample.

    Returns:
      ProcessExec: process exec.
    """
    parent_name, parent_command_line = process.parent or _NO_PARENT
    return ProcessExec(
        entry.pid,
        entry.ppid,
        entry.name,
        entry.command_line or None,
        previous_entry.name,
        previous_entry.command_line or None,
        previous_time,
        sample.time,
        *GetIdentifiers(entry),
        entry.container or None,
        entry.cgroup or None,
        entry.start_time,
        parent_name,
        parent_command_line,
        sample.corrupted,
        sample.recovered,
    )


def CreateProcessCredentialsChange(
    process, entry, previous_entry, previous_time, sample
):
    """Creates the observation of a process listed with other identifiers.

    Args:
      process (TrackedProcess): process.
      entry (TaskEntry): entry of the process in the sample.
      previous_entry (TaskEntry): entry of the process at its previous listing.
      previous_time (int): time of the previous listing.
      sample (Sample): sample.

    Returns:
      ProcessCredentialsChange: process credentials change.
    """
    parent_name, parent_command_line = process.parent or _NO_PARENT
    return ProcessCredentialsChange(
        entry.pid,
        entry.ppid,
        entry.name,
        entry.command_line or None,
        previous_time,
        sample.time,
        *GetIdentifiers(entry),
        *GetIdentifiers(previous_entry),
        entry.start_time,
        parent_name,
        parent_command_line,
        sample.corrupted,
        sample.recovered,
    )
