"""Process starts, running processes and exits from the samples of an atop log.

A log holds one or more atop runs; each begins with a boot sample. A process
that started within the window of a run is reported as started; one that
started before it (a daemon that runs for weeks appears in every daily log) is
reported as running, with its true start time, so that a start is reported
once, by the log that was recording when it happened.
"""

from plaso_atop.atoplog import definitions
from plaso_atop.lifecycle import observations
from plaso_atop.lifecycle import processes
from plaso_atop.lifecycle import run as atop_run


class ProcessTracker:
    """Derives process observations from the samples of a log."""

    def __init__(self, warning_callback=None):
        """Initializes a tracker.

        Args:
          warning_callback (Optional[function]): called with the offset of the
              sample and a description of every implausible task entry.
        """
        super().__init__()
        self._run = None
        self._warning_callback = warning_callback

    def _EndRun(self):
        """Reports the processes of the run that still wait to be reported.

        Yields:
          ProcessStart|ProcessRunning: process observation.
        """
        run = self._run
        if run is None:
            return
        if run.window_start is None:
            yield from self._SetWindowStart(None)
        for process in run.processes_without_command_line.values():
            yield from self._ReportOrDefer(process)
        run.processes_without_command_line = {}

    def _ReportOrDefer(self, process):
        """Reports the start or running of a process, once.

        The report waits for the window start of the run, which tells a start
        from a running process.

        Args:
          process (TrackedProcess): process.

        Yields:
          ProcessStart|ProcessRunning: process observation.
        """
        if process.reported:
            return
        process.reported = True
        if self._run.window_start is None:
            self._run.Defer(process)
            return
        observation = observations.CreateProcessStartOrRunning(
            process, self._run.window_start
        )
        if observation:
            yield observation

    def _SetWindowStart(self, second_sample):
        """Sets the window start of the run and reports the deferred processes.

        Args:
          second_sample (Sample): second sample of the run, or None if the run
              has one sample only.

        Yields:
          ProcessStart|ProcessRunning: process observation.
        """
        for process in self._run.SetWindowStart(second_sample):
            observation = observations.CreateProcessStartOrRunning(
                process, self._run.window_start
            )
            if observation:
                yield observation

    def _TrackExit(self, entry, sample):
        """Tracks an exited process entry.

        Args:
          entry (TaskEntry): entry of the exited process.
          sample (Sample): sample that reported the exit.

        Yields:
          ProcessStart|ProcessRunning|ProcessExit: process observation.
        """
        run = self._run
        process = run.processes.FindExitedProcess(entry)
        if process:
            # The process is gone: report it with what the run knows now, and
            # forget all but its identity.
            run.processes_without_command_line.pop(process.identity, None)
            run.processes.Remove(process)
            process.command_line = process.command_line or entry.command_line or None
            yield from self._ReportOrDefer(process)

        elif definitions.IsPlausibleTime(entry.start_time):
            process = processes.TrackedProcess(entry, sample)
            yield from self._ReportOrDefer(process)

        else:
            self._Warn(
                sample,
                f"exited process {entry.pid:d} ({entry.name:s}) with implausible "
                f"start time {entry.start_time:d}",
            )

        yield observations.CreateProcessExit(entry, sample, process)

    def _TrackNewProcess(self, identity, entry, sample):
        """Tracks a process seen alive for the first time in the run.

        Args:
          identity (int): identity of the process entry.
          entry (TaskEntry): process entry.
          sample (Sample): sample.

        Yields:
          ProcessStart|ProcessRunning: process observation.
        """
        if not definitions.IsPlausibleTime(entry.start_time):
            self._Warn(
                sample,
                f"process {entry.pid:d} ({entry.name:s}) with implausible start "
                f"time {entry.start_time:d}",
            )
            return

        process = processes.TrackedProcess(entry, sample, identity=identity)
        self._run.processes.Add(process)
        if process.command_line:
            yield from self._ReportOrDefer(process)
        else:
            self._run.processes_without_command_line[identity] = process

    def _TrackSample(self, sample):
        """Tracks the processes of a sample.

        Args:
          sample (Sample): sample.

        Yields:
          ProcessStart|ProcessRunning|ProcessExit: process observation.
        """
        run = self._run
        new, with_command_line = run.comparer.FindChangedEntries(sample, run)
        for identity, index in new.items():
            entry = sample.GetTask(index)
            if not entry.is_exited:
                run.processes.MarkSeen(identity)
                yield from self._TrackNewProcess(identity, entry, sample)

        for identity, index in with_command_line.items():
            entry = sample.GetTask(index)
            if entry.command_line:
                process = run.processes_without_command_line.pop(identity)
                process.command_line = entry.command_line
                yield from self._ReportOrDefer(process)

        for index in sample.GetExitedTaskIndexes():
            yield from self._TrackExit(sample.GetTask(index), sample)

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
          ProcessStart|ProcessRunning|ProcessExit: process observation.
        """
        for sample in samples:
            if sample.is_boot or self._run is None:
                yield from self._EndRun()
                self._run = atop_run.Run(sample)
            elif self._run.window_start is None:
                yield from self._SetWindowStart(sample)

            yield from self._TrackSample(sample)

        yield from self._EndRun()
