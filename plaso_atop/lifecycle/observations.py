"""What the tracker reports of processes: starts, running processes and exits.

An observation is a plain value built from the task entries of the samples;
it knows neither the bytes of the log nor plaso.
"""

import collections

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import task

# Attributes common to process starts and running processes.
_PROCESS_FIELDS = (
    "pid",
    "ppid",
    "name",
    "command_line",
    "uid",
    "gid",
    "euid",
    "egid",
    "container",
    "cgroup",
    "start_time",
    "corrupted",
    "recovered",
)

ProcessStart = collections.namedtuple("ProcessStart", _PROCESS_FIELDS)
ProcessStart.__doc__ = """A process that started within the window of a run.

Attributes:
  pid (int): process identifier.
  ppid (int): parent process identifier.
  name (str): process name.
  command_line (str): first non-empty command line, or None.
  uid, gid, euid, egid (int): real and effective user and group identifiers.
  container (str): container identifier or host name, or None.
  cgroup (str): cgroup path, or None.
  start_time (int): start time in seconds since the epoch.
  corrupted (bool): True if the sample that listed it was partly damaged.
  recovered (bool): True if the sample that listed it was found after damage.
"""

ProcessRunning = collections.namedtuple(
    "ProcessRunning", _PROCESS_FIELDS + ("sample_time",)
)
ProcessRunning.__doc__ = """A process that started before the window of a run.

Attributes are those of ProcessStart, and:
  sample_time (int): time of the first sample of the run that lists the
      process alive, in seconds since the epoch.
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
        for elapsed in (entry.elapsed_ticks, task.DecodeCompT(entry.elapsed_ticks)):
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

    return ProcessExit(
        pid=entry.pid,
        ppid=ppid,
        name=entry.name,
        command_line=command_line,
        uid=entry.ruid,
        gid=entry.rgid,
        exit_code=entry.exit_code,
        signal=entry.signal,
        core_dumped=entry.core_dumped,
        start_time=start_time,
        exit_time=exit_time,
        exit_time_estimated=estimated,
        run_time=run_time,
        cpu_user_time=entry.cpu_user_ticks * 1000 // hertz,
        cpu_system_time=entry.cpu_system_ticks * 1000 // hertz,
        corrupted=sample.corrupted,
        recovered=sample.recovered,
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
    values = (
        entry.pid,
        entry.ppid,
        entry.name,
        process.command_line,
        entry.ruid,
        entry.rgid,
        entry.euid,
        entry.egid,
        entry.container or None,
        entry.cgroup or None,
        entry.start_time,
        process.corrupted,
        process.recovered,
    )
    if entry.start_time >= window_start:
        return ProcessStart(*values)
    if process.first_alive_time is not None:
        return ProcessRunning(*values, process.first_alive_time)
    return None
