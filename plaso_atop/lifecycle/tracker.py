"""Process and recording observations from the samples of an atop log file.

A file holds one or more atop runs; each begins with a boot sample. A file can
hold several logs appended to each other, each with its raw header: their
runs are tracked apart, and a run is linked to the one before and after it
within its log only.
"""

from plaso_atop.lifecycle import run as atop_run


class ProcessTracker:
    """Derives observations from the samples of an atop log file."""

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

    def _Warn(self, sample, message):
        """Reports an implausible task entry or lost exits.

        Args:
          sample (Sample): sample of the entry.
          message (str): description of the problem.
        """
        if self._warning_callback:
            self._warning_callback(sample.offset, message)

    def TrackSample(self, sample):
        """Tracks the next sample of the file.

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
                    run.End(None if new_log else sample.time, self._reported_boot_times)
                )
            if new_log:
                self._reported_boot_times = []
            else:
                previous_recording_end = run.recording.last_sample.time
            self._run = atop_run.Run(sample, previous_recording_end, self._Warn)

        found.extend(self._run.TrackSample(sample))
        return found

    def TrackSamples(self, samples):
        """Tracks the samples of a file.

        Args:
          samples (iterable[Sample]): samples, in the order of the file; the
              samples of each log of the file belong to its header.

        Yields:
          object: observation, as TrackSample returns them.
        """
        for sample in samples:
            yield from self.TrackSample(sample)
        if self._run:
            yield from self._run.End(None, self._reported_boot_times)
