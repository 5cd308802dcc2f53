"""An atop run: the samples from a boot sample up to the next one, and the
processes they list.

Each process is reported once as started or running (see starts.py); a process
listed under another name or with other identifiers than at its previous
listing is reported as a change, and an exited process as an exit.
"""

from plaso_atop.atoplog import definitions
from plaso_atop.lifecycle import processes
from plaso_atop.lifecycle import recording
from plaso_atop.lifecycle import reports
from plaso_atop.lifecycle import starts
from plaso_atop.lifecycle import usage

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


class Run:
    """One atop run and the processes of its samples.

    Attributes:
      first_sample (Sample): first sample of the run.
      hostname (str): name of the host that atop ran on, or None.
      recording (RunRecording): what the samples tell of atop's recording.
    """

    def __init__(self, first_sample, previous_recording_end, warning_callback):
        """Initializes a run.

        Args:
          first_sample (Sample): first sample of the run.
          previous_recording_end (int): time of the last sample of the previous
              run of the log, or None.
          warning_callback (function): called with a sample and a description
              of an implausible task entry.
        """
        super().__init__()
        # Identities of the entries of the previous sample, and its time.
        self._previous_identities = None
        self._previous_time = None
        self._processes = processes.ProcessTable()
        # Live processes that wait for a command line, by identity.
        self._processes_without_command_line = {}
        self._warning_callback = warning_callback
        self.first_sample = first_sample
        self.hostname = first_sample.header.hostname or None
        self.recording = recording.RunRecording(first_sample, previous_recording_end)
        self._starts = starts.StartReporter(self.hostname)
        self._usage = usage.UsageLedger(self.hostname, first_sample)

    def _GetPreviousListingTime(self, process):
        """Determines the time of the previous listing of a process.

        Args:
          process (TrackedProcess): process.

        Returns:
          int: time of the previous sample of the run if it lists the
              process, or else of the latest sample that the run looked at the
              process in.
        """
        if self._previous_identities is not None and (
            process.identity in self._previous_identities
        ):
            return self._previous_time
        return process.listing_time

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
        found = []
        previous_entry = process.latest_entry
        previous_time = self._GetPreviousListingTime(process)
        process.UpdateParent(entry.ppid, self._processes)
        self._processes.SetListing(process, entry, fingerprint, sample.time)

        if entry.process_name != previous_entry.process_name and not (
            _IsKernelThread(entry)
        ):
            found.append(
                reports.CreateProcessExec(
                    process, entry, previous_entry, previous_time, self.hostname, sample
                )
            )
        if processes.GetIdentifiers(entry) != processes.GetIdentifiers(previous_entry):
            found.append(
                reports.CreateProcessCredentialsChange(
                    process, entry, previous_entry, previous_time, self.hostname, sample
                )
            )

        if process.command_line is None and entry.command_line:
            process.command_line = entry.command_line
            if self._processes_without_command_line.pop(process.identity, None):
                found.extend(self._starts.Report(process))
        return found

    def _TrackExits(self, sample):
        """Tracks the processes that exited in the interval of a sample.

        Args:
          sample (Sample): sample.

        Returns:
          list[object]: observations: exits, and the starts of the processes
              that the run had not reported.
        """
        found = []
        exited_in_table = []
        for exited_process in sample.GetExitedProcesses():
            process = self._processes.FindExitedProcess(exited_process)
            if process:
                exited_in_table.append(process)
                self._processes_without_command_line.pop(process.identity, None)
                process.command_line = (
                    process.command_line or exited_process.command_line or None
                )
            elif definitions.IsPlausibleTime(exited_process.start_time):
                # Started and exited between two samples: known from its exit
                # only.
                process = processes.TrackedProcess.FromExit(exited_process, sample)
                process.UpdateParent(exited_process.ppid, self._processes)
            else:
                self._warning_callback(
                    sample,
                    f"exited process {exited_process.pid:d} "
                    f"({exited_process.process_name:s}) with implausible start "
                    f"time {exited_process.start_time:d}",
                )

            if process:
                # The process is gone: report it with what the run knows now.
                process.exited = True
                found.extend(self._starts.Report(process))
                found.extend(self._usage.AddExit(process, exited_process, sample))
            found.append(
                reports.CreateProcessExit(
                    exited_process, process, self.hostname, sample
                )
            )

        # Exited processes can be the parents of the processes of the sample
        # up to here.
        for process in exited_in_table:
            self._processes.Remove(process)
        return found

    def _TrackListedProcesses(self, sample):
        """Tracks the live processes of a sample that changed.

        Args:
          sample (Sample): sample.

        Returns:
          list[object]: observations: starts, running processes, execs and
              credentials changes.
        """
        found = []
        identities = sample.GetTaskIdentities()
        compare_all = self._previous_identities is None or sample.follows_damage

        new_processes = []
        for index in sample.GetChangedProcessIndexes(compare_all):
            identity = identities[index]
            process = self._processes.Get(identity)
            if process is None and self._processes.HasExited(identity):
                # A zombie, listed after its exit.
                continue
            fingerprint = sample.GetTaskFingerprint(index)
            entry = None
            if process is None:
                entry = sample.GetTask(index)
                process = self._TrackNewProcess(identity, entry, fingerprint, sample)
                if not process:
                    continue
                new_processes.append(process)

            elif fingerprint != process.fingerprint:
                entry = sample.GetTask(index)
                found.extend(self._TrackChange(process, entry, fingerprint, sample))
            process.listing_time = sample.time
            self._usage.AddListing(process, entry, sample.GetTaskUsage(index), sample)

        # The parents are looked up once every new process of the sample is
        # known: a parent can be new in the same sample.
        for process in new_processes:
            process.UpdateParent(process.ppid, self._processes)
            if process.command_line:
                found.extend(self._starts.Report(process))
            else:
                self._processes_without_command_line[process.identity] = process

        self._previous_identities = identities
        return found

    def _TrackNewProcess(self, identity, entry, fingerprint, sample):
        """Tracks a process seen alive for the first time in the run.

        Args:
          identity (tuple[int, int]): PID and start time of the process entry.
          entry (TaskEntry): process entry.
          fingerprint (bytes): fingerprint of the process entry.
          sample (Sample): sample.

        Returns:
          TrackedProcess: process, or None if its start time is implausible.
        """
        if not definitions.IsPlausibleTime(entry.start_time):
            self._warning_callback(
                sample,
                f"process {entry.pid:d} ({entry.process_name:s}) with implausible "
                f"start time {entry.start_time:d}",
            )
            return None

        process = processes.TrackedProcess.FromEntry(
            entry, sample, identity, fingerprint
        )
        self._processes.Add(process)
        return process

    def End(self, next_recording_start, reported_boot_times):
        """Ends the run: reports what of it still waits to be reported.

        Args:
          next_recording_start (int): time of the first sample of the next run
              of the log, or None if the run is the last of its log.
          reported_boot_times (list[int]): boot times of the host reported
              for the log, to which the boot of this run is added.

        Returns:
          list[object]: observations.
        """
        found = []
        if self._starts.window_start is None:
            found.extend(self._starts.SetWindowStart(self.first_sample, None))
        for process in self._processes_without_command_line.values():
            found.extend(self._starts.Report(process))
        self._processes_without_command_line = {}
        found.extend(self._usage.ReportAll())
        found.extend(self.recording.End(next_recording_start, reported_boot_times))
        return found

    def TrackSample(self, sample):
        """Tracks the processes of the next sample of the run.

        Args:
          sample (Sample): sample; the first sample of the run is tracked too.

        Returns:
          list[object]: observations.
        """
        found = self._usage.StartSample(sample)
        if sample is not self.first_sample:
            if self._starts.window_start is None:
                found.extend(self._starts.SetWindowStart(self.first_sample, sample))
            found.extend(self.recording.AddSample(sample))

        if sample.number_of_lost_exits:
            self._warning_callback(
                sample,
                f"atop dropped {sample.number_of_lost_exits:d} process exits "
                f"of the interval of the sample: it could not hold them all",
            )
        found.extend(self._TrackListedProcesses(sample))
        found.extend(self._TrackExits(sample))
        self._usage.EndSample(sample, self._previous_identities)

        # Samples that list every task bound what the run remembers.
        if (
            sample.lists_every_task
            and self._processes.number_of_entries > 2 * sample.number_of_tasks + 64
        ):
            for process in self._processes.Prune(self._previous_identities):
                found.extend(self._usage.Forget(process))
        self._previous_time = sample.time
        return found
