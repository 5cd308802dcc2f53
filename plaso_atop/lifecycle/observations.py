"""What the tracker reports of processes: starts, running processes, changes
and exits.

An observation is a plain value built from the task entries of the samples;
it knows neither the bytes of the log nor plaso. Its attributes have the
names of the attributes of the event data that the parser makes of it.
"""

import collections
import functools
import operator

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import task

IDENTIFIER_FIELDS = task.IDENTIFIER_FIELDS

_GET_IDENTIFIERS = operator.attrgetter(*IDENTIFIER_FIELDS)

_PROCESS_FIELDS = (
    "hostname",
    "pid",
    "ppid",
    "process_name",
    "command_line",
    *IDENTIFIER_FIELDS,
    "container",
    "cgroup",
    "start_time",
    "parent_process_name",
    "parent_command_line",
    "process_ancestry",
    "corrupted",
    "recovered",
)


class ProcessStart(collections.namedtuple("ProcessStart", _PROCESS_FIELDS)):
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
      container (str): container identifier or host name, or None.
      cgroup (str): cgroup path, or None.
      start_time (int): start time in seconds since the epoch.
      parent_process_name (str): name of the parent process, or None if atop
          did not list it.
      parent_command_line (str): command line of the parent process, or None.
      process_ancestry (str): ancestors of the process from the oldest one
          down to the parent, such as "systemd[1] > sshd[712] > bash[5810]",
          or None if its parent PID is 0 (see processes.Lineage).
      corrupted (bool): True if the sample that listed it was partly damaged.
      recovered (bool): True if the sample that listed it came after damage.
    """

    __slots__ = ()


class ProcessRunning(
    collections.namedtuple("ProcessRunning", _PROCESS_FIELDS + ("sample_time",))
):
    """A process that started before the window of a run.

    Attributes are those of ProcessStart, and:
      sample_time (int): time of the first sample of the run that lists the
          process alive, in seconds since the epoch.
    """

    __slots__ = ()


class ProcessExec(
    collections.namedtuple(
        "ProcessExec",
        _PROCESS_FIELDS
        + (
            "previous_process_name",
            "previous_command_line",
            "previous_sample_time",
            "sample_time",
        ),
    )
):
    """A process listed under another name than at its previous listing.

    The process executed another program, or renamed itself, between the two
    samples. Attributes are those of ProcessStart, with the values of the new
    listing, and:
      previous_process_name (str): process name at the previous listing.
      previous_command_line (str): command line at the previous listing, or
          None.
      previous_sample_time (int): time of the previous listing, in seconds
          since the epoch.
      sample_time (int): time of the first sample with the new name, in
          seconds since the epoch.
    """

    __slots__ = ()


class ProcessCredentialsChange(
    collections.namedtuple(
        "ProcessCredentialsChange",
        _PROCESS_FIELDS
        + tuple(f"previous_{name:s}" for name in IDENTIFIER_FIELDS)
        + ("previous_sample_time", "sample_time"),
    )
):
    """A process listed with other identifiers than at its previous listing.

    One or more of its user and group identifiers changed between the two
    samples. Attributes are those of ProcessStart, with the values of the new
    listing, and:
      previous_uid, previous_euid, previous_suid, previous_fsuid,
          previous_gid, previous_egid, previous_sgid, previous_fsgid (int):
          user and group identifiers at the previous listing.
      previous_sample_time (int): time of the previous listing, in seconds
          since the epoch.
      sample_time (int): time of the first sample with the new identifiers,
          in seconds since the epoch.
    """

    __slots__ = ()


class ProcessExit(
    collections.namedtuple(
        "ProcessExit",
        (
            "hostname",
            "pid",
            "ppid",
            "process_name",
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
):
    """A process that exited.

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
      start_time (int): start time in seconds since the epoch, or None if not
          plausible.
      exit_time (int): exit time in seconds since the epoch.
      exit_time_estimated (bool): True if the exit time is the time of the
          sample that reported the exit, for want of a plausible one.
      run_time (int): seconds from start to exit, or None.
      cpu_user_time (int): CPU time in user mode, in milliseconds.
      cpu_system_time (int): CPU time in system mode, in milliseconds.
      corrupted (bool): True if the sample that reported it was partly
          damaged.
      recovered (bool): True if the sample that reported it came after damage.
    """

    __slots__ = ()


# ProcessExit and ProcessStart built from one tuple of their values, in the
# order of their fields, without namedtuple's Python-level __new__: a busy
# host gives both for most exits, and this is worth 6 % of the parser's time
# there (see docs/performance.md).
_NewProcessExit = functools.partial(tuple.__new__, ProcessExit)
_NewProcessStart = functools.partial(tuple.__new__, ProcessStart)

# The identifiers of an exited process that process accounting does not
# record: the effective, saved and file system ones.
_UNRECORDED_IDENTIFIERS = (None, None, None)


def GetIdentifiers(entry):
    """Retrieves the user and group identifiers of a task entry.

    Args:
      entry (TaskEntry): task entry.

    Returns:
      tuple[int]: uid, euid, suid, fsuid, gid, egid, sgid and fsgid.
    """
    return _GET_IDENTIFIERS(entry)


def GetAccountedIdentifiers(entry):
    """Retrieves the user and group identifiers that process accounting records.

    Args:
      entry (TaskEntry): entry of an exited process.

    Returns:
      tuple[int]: uid, euid, suid, fsuid, gid, egid, sgid and fsgid, where all
          but the real ones, uid and gid, are None: process accounting records
          no others.
    """
    return (
        entry.uid,
        *_UNRECORDED_IDENTIFIERS,
        entry.gid,
        *_UNRECORDED_IDENTIFIERS,
    )


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


def CreateProcessExit(entry, hostname, sample, process):
    """Creates the observation of an exited process entry.

    Args:
      entry (TaskEntry): entry of the exited process.
      hostname (str): name of the host, or None.
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
            hostname,
            entry.pid,
            ppid,
            entry.process_name,
            command_line,
            entry.uid,
            entry.gid,
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


def _CreateProcessStart(
    hostname,
    entry,
    command_line,
    identifiers,
    lineage,
    corrupted,
    recovered,
    first_alive_time=None,
):
    """Creates the start or running observation of a process.

    Args:
      hostname (str): name of the host, or None.
      entry (TaskEntry): first entry of the process.
      command_line (str): command line, or None.
      identifiers (tuple[int]): user and group identifiers.
      lineage (Lineage): parent and ancestry of the process.
      corrupted (bool): True if the sample that listed it was partly damaged.
      recovered (bool): True if the sample that listed it came after damage.
      first_alive_time (Optional[int]): time of the first sample of the run
          that lists a process that started before the window of the run.

    Returns:
      ProcessStart|ProcessRunning: process start, or running process if
          first_alive_time is given.
    """
    values = (
        hostname,
        entry.pid,
        entry.ppid,
        entry.process_name,
        command_line,
        *identifiers,
        entry.container or None,
        entry.cgroup or None,
        entry.start_time,
        *lineage,
        corrupted,
        recovered,
    )
    if first_alive_time is None:
        return _NewProcessStart(values)
    return ProcessRunning(*values, first_alive_time)


def CreateProcessStartOrRunning(process, hostname, window_start):
    """Creates the start or running observation of a process.

    Args:
      process (TrackedProcess): process.
      hostname (str): name of the host, or None.
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
            entry,
            hostname,
            process.lineage,
            window_start,
            process.corrupted,
            process.recovered,
        )

    if entry.start_time >= window_start:
        first_alive_time = None
    elif process.first_alive_time is not None:
        first_alive_time = process.first_alive_time
    else:
        return None
    return _CreateProcessStart(
        hostname,
        entry,
        process.command_line,
        GetIdentifiers(entry),
        process.lineage,
        process.corrupted,
        process.recovered,
        first_alive_time=first_alive_time,
    )


def CreateExitedProcessStart(
    entry, hostname, lineage, window_start, corrupted, recovered
):
    """Creates the start observation of a process known from its exit only.

    Args:
      entry (TaskEntry): entry of the exited process.
      hostname (str): name of the host, or None.
      lineage (Lineage): parent and ancestry of the process.
      window_start (int): start of the window of the run, in seconds since the
          epoch.
      corrupted (bool): True if the sample that reported the exit was partly
          damaged.
      recovered (bool): True if the sample that reported the exit came after
          damage.

    Returns:
      ProcessStart: process start, or None if the process started before the
          window.
    """
    if entry.start_time < window_start:
        return None
    return _CreateProcessStart(
        hostname,
        entry,
        entry.command_line or None,
        GetAccountedIdentifiers(entry),
        lineage,
        corrupted,
        recovered,
    )


def _GetChangeAttributes(process, entry, sample):
    """Retrieves the attributes that a change shares with a start.

    Args:
      process (TrackedProcess): process.
      entry (TaskEntry): entry of the process in the sample.
      sample (Sample): sample.

    Returns:
      dict[str, object]: attribute values by name.
    """
    return {
        "hostname": sample.header.hostname or None,
        "pid": entry.pid,
        "ppid": entry.ppid,
        "process_name": entry.process_name,
        "command_line": entry.command_line or None,
        **dict(zip(IDENTIFIER_FIELDS, GetIdentifiers(entry))),
        "container": entry.container or None,
        "cgroup": entry.cgroup or None,
        "start_time": entry.start_time,
        **process.lineage._asdict(),
        "corrupted": sample.corrupted,
        "recovered": sample.recovered,
    }


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
    return ProcessExec(
        **_GetChangeAttributes(process, entry, sample),
        previous_process_name=previous_entry.process_name,
        previous_command_line=previous_entry.command_line or None,
        previous_sample_time=previous_time,
        sample_time=sample.time,
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
    previous_identifiers = {
        f"previous_{name:s}": value
        for name, value in zip(IDENTIFIER_FIELDS, GetIdentifiers(previous_entry))
    }
    return ProcessCredentialsChange(
        **_GetChangeAttributes(process, entry, sample),
        **previous_identifiers,
        previous_sample_time=previous_time,
        sample_time=sample.time,
    )
