"""atop's own record: when it recorded, where its record has holes, and when
the host booted.

Each atop run begins with a sample that atop flags as the first after its
start, whose interval counts from the boot of the host. The samples of a run
follow each other at its regular interval, that of its second sample: two
samples farther apart than twice that interval are a gap (atop suspended, the
host suspended or starved, the clock stepped forward), a sample earlier than
the one before it is a clock stepped back.
"""

from plaso_atop.lifecycle import observations

# atop's default interval, in seconds: what tells an atop started with its
# host in a run of one sample.
DEFAULT_INTERVAL = 600

# Largest difference of the boot times of two runs of the same boot, in
# seconds: each is a sample time minus an interval.
BOOT_TIME_TOLERANCE = 1


class RecordingStart(observations.Observation):
    """The first sample of an atop run.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      start_time (int): time of the first sample, in seconds since the epoch.
      atop_version (str): major and minor release of atop, such as "2.8".
      kernel_release (str): release of the kernel, as the header gives it.
      interval (int): regular interval of the run, that of its second sample,
          in seconds, or None for a run of one sample.
      boot_time (int): time the host booted, the first sample's time minus its
          interval, in seconds since the epoch.
      started_with_host (bool): True if atop started with the host: its first
          interval is at most twice the regular one (for a run of one sample,
          at most atop's default interval).
      previous_recording_end (int): time of the last sample of the previous
          run of the log, or None if the run is the first of its log.
    The sample flags are those of the first sample.
    """

    EVENT_TIME = "start_time"
    OTHER_TIMES = ("boot_time", "previous_recording_end")

    def __init__(self):
        """Initializes a recording start."""
        super().__init__()
        self.hostname = None
        self.start_time = None
        self.atop_version = None
        self.kernel_release = None
        self.interval = None
        self.boot_time = None
        self.started_with_host = None
        self.previous_recording_end = None


class RecordingEnd(observations.Observation):
    """The last sample of an atop run.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      end_time (int): time of the last sample, in seconds since the epoch.
      number_of_samples (int): number of samples of the run.
      next_recording_start (int): time of the first sample of the next run of
          the log, or None if the run is the last of its log.
    The sample flags are those of the last sample.
    """

    EVENT_TIME = "end_time"
    OTHER_TIMES = ("next_recording_start",)

    def __init__(self):
        """Initializes a recording end."""
        super().__init__()
        self.hostname = None
        self.end_time = None
        self.number_of_samples = None
        self.next_recording_start = None


class RecordingGap(observations.Observation):
    """Two consecutive samples of a run farther apart than twice its interval.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      gap_start (int): time of the earlier sample, in seconds since the epoch.
      gap_end (int): time of the later sample, in seconds since the epoch.
      gap_seconds (int): seconds from the earlier sample to the later one.
      interval (int): regular interval of the run, in seconds.
    The sample flags are those of the later sample.
    """

    EVENT_TIME = "gap_start"
    OTHER_TIMES = ("gap_end",)

    def __init__(self):
        """Initializes a recording gap."""
        super().__init__()
        self.hostname = None
        self.gap_start = None
        self.gap_end = None
        self.gap_seconds = None
        self.interval = None


class ClockChange(observations.Observation):
    """A sample earlier than the sample before it in the same run.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      sample_time (int): time of the sample, in seconds since the epoch.
      previous_sample_time (int): time of the sample before it, in seconds
          since the epoch.
      step_seconds (int): the sample's time minus that of the sample before
          it: how far the clock stepped back, negative.
    The sample flags are those of the sample.
    """

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("previous_sample_time",)

    def __init__(self):
        """Initializes a clock change."""
        super().__init__()
        self.hostname = None
        self.sample_time = None
        self.previous_sample_time = None
        self.step_seconds = None


class SystemBoot(observations.Observation):
    """The boot of the host, where atop started with it.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      boot_time (int): time the host booted, in seconds since the epoch.
    The sample flags are those of the first sample of the run.
    """

    EVENT_TIME = "boot_time"

    def __init__(self):
        """Initializes a system boot."""
        super().__init__()
        self.hostname = None
        self.boot_time = None


class RunRecording:
    """What the samples of one atop run tell of atop's own recording.

    Attributes:
      interval (int): regular interval of the run, that of its second sample,
          or None while it is not known.
      last_sample (Sample): latest sample of the run.
      number_of_samples (int): number of samples of the run.
    """

    def __init__(self, first_sample, previous_recording_end):
        """Initializes the recording of a run.

        Args:
          first_sample (Sample): first sample of the run.
          previous_recording_end (int): time of the last sample of the
              previous run of the log, or None.
        """
        super().__init__()
        self._first_sample = first_sample
        self._hostname = first_sample.header.hostname or None
        self._previous_recording_end = previous_recording_end
        self.interval = None
        self.last_sample = first_sample
        self.number_of_samples = 1

    def AddSample(self, sample):
        """Adds the next sample of the run.

        A sample right after damaged data is not compared with the one before
        it, as the samples between them are missing.

        Args:
          sample (Sample): sample.

        Returns:
          list[RecordingGap|ClockChange]: the gap before the sample or the
              clock change at it, if any.
        """
        previous = self.last_sample
        self.last_sample = sample
        self.number_of_samples += 1
        if self.interval is None:
            self.interval = sample.interval
        if sample.follows_damage:
            return []

        seconds = sample.time - previous.time
        if seconds < 0:
            clock_change = ClockChange()
            clock_change.hostname = self._hostname
            clock_change.sample_time = sample.time
            clock_change.previous_sample_time = previous.time
            clock_change.step_seconds = seconds
            clock_change.SetSampleFlags(sample)
            return [clock_change]
        if seconds > 2 * self.interval:
            gap = RecordingGap()
            gap.hostname = self._hostname
            gap.gap_start = previous.time
            gap.gap_end = sample.time
            gap.gap_seconds = seconds
            gap.interval = self.interval
            gap.SetSampleFlags(sample)
            return [gap]
        return []

    def _ReportStart(self, reported_boot_times):
        """Reports the start of a run whose first sample atop flagged as such.

        Args:
          reported_boot_times (list[int]): boot times of the host reported
              for the log, to which the boot of this run is added.

        Returns:
          list[RecordingStart|SystemBoot]: the start of the run, and the boot
              of the host if atop started with it and it was not reported
              before.
        """
        first = self._first_sample
        if self.interval is None:
            started_with_host = first.interval <= DEFAULT_INTERVAL
        else:
            started_with_host = first.interval <= 2 * self.interval
        recording_start = RecordingStart()
        recording_start.hostname = self._hostname
        recording_start.start_time = first.time
        recording_start.atop_version = first.header.release
        recording_start.kernel_release = first.header.kernel_release
        recording_start.interval = self.interval
        recording_start.boot_time = first.time - first.interval
        recording_start.started_with_host = started_with_host
        recording_start.previous_recording_end = self._previous_recording_end
        recording_start.SetSampleFlags(first)
        found = [recording_start]

        boot_time = recording_start.boot_time
        if started_with_host and not any(
            abs(boot_time - reported) <= BOOT_TIME_TOLERANCE
            for reported in reported_boot_times
        ):
            reported_boot_times.append(boot_time)
            system_boot = SystemBoot()
            system_boot.hostname = self._hostname
            system_boot.boot_time = boot_time
            system_boot.SetSampleFlags(first)
            found.append(system_boot)
        return found

    def End(self, next_recording_start, reported_boot_times):
        """Ends the run.

        Args:
          next_recording_start (int): time of the first sample of the next run
              of the log, or None if the run is the last of its log.
          reported_boot_times (list[int]): boot times of the host reported
              for the log, to which the boot of this run is added.

        Returns:
          list[RecordingStart|SystemBoot|RecordingEnd]: the start of the run,
              if atop flagged its first sample as such, the boot of the host,
              if atop started with it and it was not reported before, and the
              end of the run.
        """
        found = []
        if self._first_sample.is_boot:
            found.extend(self._ReportStart(reported_boot_times))

        recording_end = RecordingEnd()
        recording_end.hostname = self._hostname
        recording_end.end_time = self.last_sample.time
        recording_end.number_of_samples = self.number_of_samples
        recording_end.next_recording_start = next_recording_start
        recording_end.SetSampleFlags(self.last_sample)
        found.append(recording_end)
        return found
