"""Process starts, sightings and exits from the samples of an atop raw log.

A log holds one or more atop runs; each begins with a boot sample. A run
observes the host from its window start on: the time of its first sample minus
one interval, or minus the time since boot when atop started with the host.
A process that started within the window is reported as started; one that
started before it (a daemon that runs for weeks appears in every daily log) is
reported as running, with its true start time, so that a start is reported
once, by the log that was recording when it happened.

This module knows the samples and task entries of the reader, not their bytes
and not plaso.
"""

import collections
import itertools

from plaso_atop.atoplog import reader as atop_reader
from plaso_atop.atoplog import task as atop_task

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

# atop's start time of an exited process (from process accounting) can differ
# by a second from the start time of the same process while it was alive
# (from /proc), as both are rounded differently.
_START_TIME_TOLERANCE = 1

# Up to this many wanted entries are looked up one by one rather than with a
# lookup table of the whole sample.
_DIRECT_LOOKUP_LIMIT = 16


def IsPlausibleTime(timestamp):
    """Determines if a time in seconds since the epoch is plausible.

    Args:
      timestamp (int): time in seconds since the epoch.

    Returns:
      bool: True if the time lies between 1990 and 2100.
    """
    return atop_reader.MINIMUM_TIME <= timestamp < atop_reader.MAXIMUM_TIME


class _Process:
    """What a run knows of one process.

    Attributes:
      entry (TaskEntry): first entry of the process in the run.
      identity (int): identity of the first entry, or None for a process only
          seen exited.
      command_line (str): first non-empty command line, or None.
      first_alive_time (int): time of the first sample that lists the process
          alive, or None.
      corrupted (bool): True if the first sample that lists it was damaged.
      recovered (bool): True if the first sample that lists it was recovered.
      reported (bool): True if its start or sighting was reported, or is
          about to be.
    """

    __slots__ = (
        "entry",
        "identity",
        "command_line",
        "first_alive_time",
        "corrupted",
        "recovered",
        "reported",
    )

    def __init__(self, entry, sample, identity=None):
        """Initializes a process.

        Args:
          entry (TaskEntry): first entry of the process in the run.
          sample (Sample): sample of the entry.
          identity (Optional[int]): identity of the entry.
        """
        self.entry = entry
        self.identity = identity
        self.command_line = entry.command_line or None
        self.first_alive_time = None if entry.is_exited else sample.time
        self.corrupted = sample.corrupted
        self.recovered = sample.recovered
        self.reported = False


class ProcessLifecycleTracker:
    """Derives process starts, sightings and exits from the samples of a log."""

    def __init__(self, hertz, warning_callback=None):
        """Initializes a tracker.

        Args:
          hertz (int): clock ticks per second of the log.
          warning_callback (Optional[function]): called with the offset of the
              sample and a description of every implausible task entry.
        """
        super().__init__()
        self._hertz = hertz
        self._warning_callback = warning_callback
        self._StartRun(None)

    def _StartRun(self, sample):
        """Starts a new run.

        Args:
          sample (Sample): first sample of the run, or None.
        """
        self._first_sample = sample
        self._window_start = None
        # Processes ready to be reported once the window start is known.
        self._awaiting_window = []
        # Live processes that wait for a command line, by identity.
        self._pending = {}
        # The most recent live process per PID, to match exits.
        self._processes_by_pid = {}
        # Identities of every process entry seen alive in the run.
        self._seen = set()
        self._previous_identities = None
        self._previous_command_line_flags = None

    def _CreateExitRecord(self, entry, sample, process):
        """Creates the exit record of an exited process entry.

        Args:
          entry (TaskEntry): entry of the exited process.
          sample (Sample): sample that reported the exit.
          process (_Process): the process while alive, or None if unknown.

        Returns:
          ProcessExit: exit record.
        """
        start_time = entry.start_time
        if not IsPlausibleTime(start_time):
            start_time = None

        exit_time, estimated = self._GetExitTime(entry, start_time, sample.time)
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
            cpu_user_time=entry.cpu_user_ticks * 1000 // self._hertz,
            cpu_system_time=entry.cpu_system_ticks * 1000 // self._hertz,
            corrupted=sample.corrupted,
            recovered=sample.recovered,
        )

    def _CreateProcessRecord(self, process):
        """Creates the start or running record of a process.

        Args:
          process (_Process): process.

        Returns:
          ProcessStart|ProcessRunning: record, or None if the process started
              before the window and was never listed alive.
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
        if entry.start_time >= self._window_start:
            return ProcessStart(*values)
        if process.first_alive_time is not None:
            return ProcessRunning(*values, process.first_alive_time)
        return None

    def _FindProcess(self, entry):
        """Finds the live process of an exited process entry.

        Args:
          entry (TaskEntry): entry of the exited process.

        Returns:
          _Process: process or None if the run did not see it alive.
        """
        if not entry.pid:
            # acct version 2 records that atop could not match have no PID.
            return None
        process = self._processes_by_pid.get(entry.pid)
        if (
            process
            and abs(process.entry.start_time - entry.start_time)
            <= _START_TIME_TOLERANCE
        ):
            return process
        return None

    def _FlushRun(self):
        """Reports the processes of the run that still wait to be reported.

        Yields:
          ProcessStart|ProcessRunning: record.
        """
        if self._first_sample is not None and self._window_start is None:
            yield from self._SetWindowStart(None)
        for process in self._pending.values():
            yield from self._Report(process)
        self._pending = {}

    def _GetExitTime(self, entry, start_time, sample_time):
        """Determines the exit time of an exited process.

        The exit time is the start time plus the elapsed time, as atop prints
        it. An exit cannot be later than the sample that reported it nor
        earlier than the start; outside these bounds the elapsed time may be an
        undecoded acct version 2 comp_t, and otherwise the time of the sample
        is the best estimate.

        Args:
          entry (TaskEntry): entry of the exited process.
          start_time (int): plausible start time, or None.
          sample_time (int): time of the sample that reported the exit.

        Returns:
          tuple[int, bool]: exit time in seconds since the epoch, and True if
              it is estimated.
        """
        if start_time is not None:
            for elapsed in (
                entry.elapsed_ticks,
                atop_task.DecodeCompT(entry.elapsed_ticks),
            ):
                if elapsed is not None:
                    exit_time = start_time + elapsed // self._hertz
                    if start_time <= exit_time <= sample_time:
                        return exit_time, False
        return sample_time, True

    def _LookUpIndexes(self, sample, identities, wanted):
        """Looks up the process entries of specific identities in a sample.

        Args:
          sample (Sample): sample.
          identities (list[int]): identity per task entry of the sample.
          wanted (set[int]): identities to look up.

        Returns:
          dict[int, int]: index of the first process entry per identity, for
              the identities that have one.
        """
        process_flags = sample.GetProcessFlags()
        indexes = {}
        if len(wanted) <= _DIRECT_LOOKUP_LIMIT:
            for identity in wanted:
                index = -1
                try:
                    # A thread can share the identity of its process.
                    while True:
                        index = identities.index(identity, index + 1)
                        if process_flags[index]:
                            indexes[identity] = index
                            break
                except ValueError:
                    pass
        else:
            for index, identity in enumerate(identities):
                if identity in wanted and process_flags[index]:
                    indexes.setdefault(identity, index)
        return indexes

    def _Report(self, process):
        """Reports the start or sighting of a process, once.

        Args:
          process (_Process): process.

        Yields:
          ProcessStart|ProcessRunning: record.
        """
        if process.reported:
            return
        process.reported = True
        if self._window_start is None:
            self._awaiting_window.append(process)
            return
        record = self._CreateProcessRecord(process)
        if record:
            yield record

    def _SetWindowStart(self, second_sample):
        """Sets the window start of the run and reports the waiting processes.

        Args:
          second_sample (Sample): second sample of the run, or None if the run
              has one sample only.

        Yields:
          ProcessStart|ProcessRunning: record.
        """
        first_time = self._first_sample.time
        first_interval = self._first_sample.interval
        interval = second_sample.interval if second_sample else first_interval
        # The first interval counts since boot; it only tells the window when
        # atop started with the host.
        if first_interval <= 2 * interval:
            self._window_start = first_time - first_interval
        else:
            self._window_start = first_time - interval

        for process in self._awaiting_window:
            record = self._CreateProcessRecord(process)
            if record:
                yield record
        self._awaiting_window = []

    def _TrackSample(self, sample):
        """Tracks the processes of a sample.

        Args:
          sample (Sample): sample.

        Yields:
          ProcessStart|ProcessRunning|ProcessExit: record.
        """
        identities = sample.GetTaskIdentities()
        command_line_flags = sample.GetCommandLineFlags() if self._pending else None
        # Most samples list the same tasks as the one before.
        unchanged = (
            identities == self._previous_identities
            and command_line_flags == self._previous_command_line_flags
        )
        self._previous_identities = identities
        self._previous_command_line_flags = command_line_flags

        if not unchanged:
            new = set(itertools.compress(identities, sample.GetProcessFlags()))
            new -= self._seen
            resolved = set()
            if self._pending:
                resolved = self._pending.keys() & set(
                    itertools.compress(identities, command_line_flags)
                )
            if new or resolved:
                indexes = self._LookUpIndexes(sample, identities, new | resolved)
                for identity in new:
                    entry = sample.GetTask(indexes[identity])
                    if not entry.is_exited:
                        self._seen.add(identity)
                        yield from self._TrackNewProcess(identity, entry, sample)

                for identity in resolved:
                    index = indexes.get(identity)
                    if index is None:
                        continue
                    entry = sample.GetTask(index)
                    if entry.command_line:
                        process = self._pending.pop(identity)
                        process.command_line = entry.command_line
                        yield from self._Report(process)

        for index in sample.GetExitedTaskIndexes():
            yield from self._TrackExit(sample.GetTask(index), sample)

    def _TrackExit(self, entry, sample):
        """Tracks an exited process entry.

        Args:
          entry (TaskEntry): entry of the exited process.
          sample (Sample): sample that reported the exit.

        Yields:
          ProcessStart|ProcessRunning|ProcessExit: record.
        """
        process = self._FindProcess(entry)
        if process:
            # The process is gone: report it with what the run knows now, and
            # forget all but its identity.
            self._pending.pop(process.identity, None)
            del self._processes_by_pid[entry.pid]
            process.command_line = process.command_line or entry.command_line or None
            yield from self._Report(process)

        elif IsPlausibleTime(entry.start_time):
            process = _Process(entry, sample)
            yield from self._Report(process)

        else:
            self._Warn(
                sample,
                f"exited process {entry.pid:d} ({entry.name:s}) with implausible "
                f"start time {entry.start_time:d}",
            )

        yield self._CreateExitRecord(entry, sample, process)

    def _TrackNewProcess(self, identity, entry, sample):
        """Tracks a process seen alive for the first time in the run.

        Args:
          identity (int): identity of the process entry.
          entry (TaskEntry): process entry.
          sample (Sample): sample.

        Yields:
          ProcessStart|ProcessRunning: record.
        """
        if not IsPlausibleTime(entry.start_time):
            self._Warn(
                sample,
                f"process {entry.pid:d} ({entry.name:s}) with implausible start "
                f"time {entry.start_time:d}",
            )
            return

        process = _Process(entry, sample, identity=identity)
        self._processes_by_pid[entry.pid] = process
        if process.command_line:
            yield from self._Report(process)
        else:
            self._pending[identity] = process

    def _Warn(self, sample, message):
        """Reports an implausible task entry.

        Args:
          sample (Sample): sample of the entry.
          message (str): description of the problem.
        """
        if self._warning_callback:
            self._warning_callback(sample.offset, message)

    def TrackSamples(self, samples):
        """Tracks the processes of the samples of a log.

        Args:
          samples (iterable[Sample]): samples, in the order of the log.

        Yields:
          ProcessStart|ProcessRunning|ProcessExit: record.
        """
        for sample in samples:
            if sample.is_boot or self._first_sample is None:
                yield from self._FlushRun()
                self._StartRun(sample)
            elif self._window_start is None:
                yield from self._SetWindowStart(sample)

            yield from self._TrackSample(sample)

        yield from self._FlushRun()
