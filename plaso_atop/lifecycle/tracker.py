"""Process observations from the samples of an atop log.

A log holds one or more atop runs; each begins with a boot sample. A file can
hold several logs appended to each other, each with its raw header: their
runs are tracked apart. A process that started within the window of a run is
reported as started; one that started before it (a daemon that runs for weeks
appears in every daily log) is reported as running, with its true start time,
so that a start is reported once, by the log that was recording when it
happened. A process listed under another name or with other identifiers than
at its previous listing is reported as a change, and an exited process as an
exit.
"""

from plaso_atop.atoplog import definitions
from plaso_atop.lifecycle import processes
from plaso_atop.lifecycle import reports
from plaso_atop.lifecycle import run as atop_run

# PID of kthreadd, the parent of the kernel threads.
_KTHREADD_PID = 2


def _IsKernelThread(entry):
    """Determines if a task entry is that of a kernel thread.

    Kernel threads rename themselves all the time: such renames are not
    changes of program.

    Args:
      entry (TaskEntry): task entry.

    Returns:
      bool: True if the entry is that of kthreadd or of one of its children,
          without a command line.
    """
    return _KTHREADD_PID in (entry.pid, entry.ppid) and not entry.command_line


class ProcessTracker:
    """Derives process observations from the samples of a log."""

    def __init__(self, warning_callback=None):
        """Initializes a tracker.

        Args:
          warning_callback (Optional[function]): called with the offset of the
              sample and a description of every implausible task entry, and of
              the exits that atop dropped.
        """
        super().__init__()
        # Boot times of the host reported for the log being tracked.
        self._reported_boot_times = []
        self._run = None
        self._warning_callback = warning_callback

    def _EndRun(self, next_recording_start=None):
        """Ends the run: reports what of it still waits to be reported.

        Args:
          next_recording_start (Optional[int]): time of the first sample of
              the next run of the log, or None if the run is the last of its
              log.

        Returns:
          list[object]: observations.
        """
        run = self._run
        found = []
        if run.window_start is None:
            found.extend(self._SetWindowStart(None))
        for process in run.processes_without_command_line.values():
            found.extend(self._Report(process))
        run.processes_without_command_line = {}
        found.extend(run.recording.End(next_recording_start, self._reported_boot_times))
        return found

    def _GetPreviousListingTime(self, process):
        """Determines the time of the previous listing of a process.

        Args:
          process (TrackedProcess): process.

        Returns:
          int: time of the previous sample of the run if it lists the
              process, or else of the latest sample the tracker looked at the
              process in.
        """
        run = self._run
        if run.previous_identities is not None and (
            process.identity in run.previous_identities
        ):
            return run.previous_time
        return process.listing_time

    def _Report(self, process):
        """Reports the start or running of a process, once.

        The report waits for the window start of the run, which tells a start
        from a running process.

        Args:
          process (TrackedProcess): process.

        Returns:
          list[ProcessStart|ProcessRunning]: the start or running of the
              process, or nothing if it was reported before, waits for the
              window start, or started before the window and was never listed
              alive.
        """
        if process.reported:
            return []
        process.reported = True
        if self._run.window_start is None:
            self._run.Defer(process)
            return []
        return self._CreateStartOrRunning(process)

    def _CreateStartOrRunning(self, process):
        """Creates the start or running observation of a process.

        Args:
          process (TrackedProcess): process.

        Returns:
          list[ProcessStart|ProcessRunning]: the start or running of the
              process, or nothing if it started before the window and was
              never listed alive.
        """
        run = self._run
        observation = reports.CreateProcessStartOrRunning(
            process, run.hostname, run.window_start
        )
        return [observation] if observation else []

    def _SetWindowStart(self, second_sample):
        """Sets the window start of the run and reports the deferred processes.

        Args:
          second_sample (Sample): second sample of the run, or None if the run
              has one sample only.

        Returns:
          list[ProcessStart|ProcessRunning]: observations of the deferred
              processes.
        """
        found = []
        for process in self._run.SetWindowStart(second_sample):
            found.extend(self._CreateStartOrRunning(process))
        return found

    def _TrackChange(self, process, entry, fingerprint, sample):
        """Tracks a process whose name, command line or identifiers changed.

        Args:
          process (TrackedProcess): process.
          entry (TaskEntry): entry of the process in the sample.
          fingerprint (bytes): fingerprint of the entry.
          sample (Sample): sample.

        Returns:
          list[object]: observations: an exec, a credentials change, the
              start of a process that waited for its command line.
        """
        run = self._run
        found = []
        previous_entry = process.latest_entry
        previous_time = self._GetPreviousListingTime(process)
        process.UpdateParent(entry.ppid, run.processes)
        run.processes.SetListing(process, entry, fingerprint, sample.time)

        if entry.process_name != previous_entry.process_name and not (
            _IsKernelThread(entry)
        ):
            found.append(
                reports.CreateProcessExec(
                    process, entry, previous_entry, previous_time, run.hostname, sample
                )
            )
        if processes.GetIdentifiers(entry) != processes.GetIdentifiers(previous_entry):
            found.append(
                reports.CreateProcessCredentialsChange(
                    process, entry, previous_entry, previous_time, run.hostname, sample
                )
            )

        if process.command_line is None and entry.command_line:
            process.command_line = entry.command_line
            if run.processes_without_command_line.pop(process.identity, None):
                found.extend(self._Report(process))
        return found

    def _TrackExits(self, sample):
        """Tracks the processes that exited in the interval of a sample.

        Args:
          sample (Sample): sample.

        Returns:
          list[object]: observations: exits, and the starts of the processes
              that the run had not reported.
        """
        run = self._run
        found = []
        exited_in_table = []
        for exited_process in sample.GetExitedProcesses():
            process = run.processes.FindExitedProcess(exited_process)
            if process:
                exited_in_table.append(process)
                run.processes_without_command_line.pop(process.identity, None)
                process.command_line = (
                    process.command_line or exited_process.command_line or None
                )
            elif definitions.IsPlausibleTime(exited_process.start_time):
                # Started and exited between two samples: known from its exit
                # only.
                process = processes.TrackedProcess.FromExit(exited_process, sample)
                process.UpdateParent(exited_process.ppid, run.processes)
            else:
                self._Warn(
                    sample,
                    f"exited process {exited_process.pid:d} "
                    f"({exited_process.process_name:s}) with implausible start "
                    f"time {exited_process.start_time:d}",
                )

            if process:
                # The process is gone: report it with what the run knows now.
                process.exited = True
                found.extend(self._Report(process))
            found.append(
                reports.CreateProcessExit(exited_process, process, run.hostname, sample)
            )

        # Exited processes can be the parents of the processes of the sample
        # up to here.
        for process in exited_in_table:
            run.processes.Remove(process)
        return found

    def _TrackListedProcesses(self, sample):
        """Tracks the live processes of a sample that changed.

        Args:
          sample (Sample): sample.

        Returns:
          list[object]: observations: starts, running processes, execs and
              credentials changes.
        """
        run = self._run
        found = []
        identities = sample.GetTaskIdentities()
        compare_all = run.previous_identities is None or sample.follows_damage

        new_processes = []
        for index in sample.GetChangedProcessIndexes(compare_all):
            identity = identities[index]
            process = run.processes.Get(identity)
            if process is None and run.processes.HasExited(identity):
                # A zombie, listed after its exit.
                continue
            fingerprint = sample.GetTaskFingerprint(index)
            if process is None:
                process = self._TrackNewProcess(
                    identity, sample.GetTask(index), fingerprint, sample
                )
                if process:
                    new_processes.append(process)
                continue

            if fingerprint != process.fingerprint:
                found.extend(
                    self._TrackChange(
                        process, sample.GetTask(index), fingerprint, sample
                    )
                )
            process.listing_time = sample.time

        # The parents are looked up once every new process of the sample is
        # known: a parent can be new in the same sample.
        for process in new_processes:
            process.UpdateParent(process.ppid, run.processes)
            if process.command_line:
                found.extend(self._Report(process))
            else:
                run.processes_without_command_line[process.identity] = process

        run.previous_identities = identities
        return found

    def _TrackNewProcess(self, identity, entry, fingerprint, sample):
        """Tracks a process seen alive for the first time in the run.

        Args:
          identity (int): identity of the process entry.
          entry (TaskEntry): process entry.
          fingerprint (bytes): fingerprint of the process entry.
          sample (Sample): sample.

        Returns:
          TrackedProcess: process, or None if its start time is implausible.
        """
        if not definitions.IsPlausibleTime(entry.start_time):
            self._Warn(
                sample,
                f"process {entry.pid:d} ({entry.process_name:s}) with implausible "
                f"start time {entry.start_time:d}",
            )
            return None

        process = processes.TrackedProcess.FromEntry(
            entry, sample, identity, fingerprint
        )
        self._run.processes.Add(process)
        return process

    def _TrackSample(self, sample):
        """Tracks the processes of a sample.

        Args:
          sample (Sample): sample.

        Returns:
          list[object]: observations.
        """
        run = self._run
        if sample.number_of_lost_exits:
            self._Warn(
                sample,
                f"atop dropped {sample.number_of_lost_exits:d} process exits "
                f"of the interval of the sample: it could not hold them all",
            )
        found = self._TrackListedProcesses(sample)
        found.extend(self._TrackExits(sample))

        # Samples that list every task bound what the run remembers.
        if (
            sample.lists_every_task
            and run.processes.number_of_entries > 2 * sample.number_of_tasks + 64
        ):
            run.processes.Prune(run.previous_identities)
        run.previous_time = sample.time
        return found

    def _Warn(self, sample, message):
        """Reports an implausible task entry.

        Args:
          sample (Sample): sample of the entry.
          message (str): description of the problem.
        """
        if self._warning_callback:
            self._warning_callback(sample.offset, message)

    def TrackSample(self, sample):
        """Tracks the processes of the next sample of a file.

        Args:
          sample (Sample): sample, in the order of the file; the samples of
              each log of the file belong to its header.

        Returns:
          list[object]: observations of processes (ProcessStart,
              ProcessRunning, ProcessExec, ProcessCredentialsChange,
              ProcessExit) and of the recording (RecordingStart, RecordingEnd,
              RecordingGap, ClockChange, SystemBoot).
        """
        run = self._run
        found = []
        new_log = run is None or sample.header is not run.first_sample.header
        if new_log or sample.is_boot:
            previous_recording_end = None
            if run:
                found.extend(
                    self._EndRun(next_recording_start=None if new_log else sample.time)
                )
            if new_log:
                self._reported_boot_times = []
            else:
                previous_recording_end = run.recording.last_sample.time
            self._run = atop_run.Run(sample, previous_recording_end)
        else:
            if run.window_start is None:
                found.extend(self._SetWindowStart(sample))
            found.extend(run.recording.AddSample(sample))

        found.extend(self._TrackSample(sample))
        return found

    def TrackSamples(self, samples):
        """Tracks the processes of the samples of a file.

        Args:
          samples (iterable[Sample]): samples, in the order of the file; the
              samples of each log of the file belong to its header.

        Yields:
          object: observation, as TrackSample returns them.
        """
        for sample in samples:
            yield from self.TrackSample(sample)
        if self._run:
            yield from self._EndRun()
