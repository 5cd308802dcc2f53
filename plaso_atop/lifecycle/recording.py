"""atop's own record: when it recorded, where its record has holes, and when
the host booted.

Each atop run begins with a sample that atop flags as the first after its
start, whose interval counts from the boot of the host. The samples of a run
follow each other at its regular interval, that of its second sample: two
samples farther apart than twice that interval are a gap (atop suspended, the
host suspended or starved, the clock stepped forward), a sample earlier than
the one before it is a clock stepped back.
"""

import collections

from plaso_atop.lifecycle import observations

SAMPLE_FLAGS = observations.SAMPLE_FLAGS

# atop's default interval, in seconds: what tells an atop started with its
# host in a run of one sample.
DEFAULT_INTERVAL = 600

# Largest difference of the boot times of two runs of the same boot, in
# seconds: each is a sample time minus an interval.
BOOT_TIME_TOLERANCE = 1


class RecordingStart(
    collections.namedtuple(
        "RecordingStart",
        [
            "hostname",
            "start_time",
            "atop_version",
            "kernel_release",
            "interval",
            "boot_time",
            "started_with_host",
            "previous_recording_end",
            *SAMPLE_FLAGS,
        ],
    )
):
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
      corrupted (bool): True if the first sample was partly damaged.
      recovered (bool): True if the first sample came after damage.
    """

    __slots__ = ()

    EVENT_TIME = "start_time"
    OTHER_TIMES = ("boot_time", "previous_recording_end")


class RecordingEnd(
    collections.namedtuple(
        "RecordingEnd",
        [
            "hostname",
            "end_time",
            "number_of_samples",
            "next_recording_start",
            *SAMPLE_FLAGS,
        ],
    )
):
    """The last sample of an atop run.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      end_time (int): time of the last sample, in seconds since the epoch.
      number_of_samples (int): number of samples of the run.
      next_recording_start (int): time of the first sample of the next run of
          the log, or None if the run is the last of its log.
      corrupted (bool): True if the last sample was partly damaged.
      recovered (bool): True if the last sample came after damage.
    """

    __slots__ = ()

    EVENT_TIME = "end_time"
    OTHER_TIMES = ("next_recording_start",)


class RecordingGap(
    collections.namedtuple(
        "RecordingGap",
        [
            "hostname",
            "gap_start",
            "gap_end",
            "gap_seconds",
            "interval",
            *SAMPLE_FLAGS,
        ],
    )
):
    """Two consecutive samples of a run farther apart than twice its interval.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      gap_start (int): time of the earlier sample, in seconds since the epoch.
      gap_end (int): time of the later sample, in seconds since the epoch.
      gap_seconds (int): seconds from the earlier sample to the later one.
      interval (int): regular interval of the run, in seconds.
      corrupted (bool): True if the later sample was partly damaged.
      recovered (bool): True if the later sample came after damage.
    """

    __slots__ = ()

    EVENT_TIME = "gap_start"
    OTHER_TIMES = ("gap_end",)


class ClockChange(
    collections.namedtuple(
        "ClockChange",
        [
            "hostname",
            "sample_time",
            "previous_sample_time",
            "step_seconds",
            *SAMPLE_FLAGS,
        ],
    )
):
    """A sample earlier than the sample before it in the same run.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      sample_time (int): time of the sample, in seconds since the epoch.
      previous_sample_time (int): time of the sample before it, in seconds
          since the epoch.
      step_seconds (int): the sample's time minus that of the sample before
          it: how far the clock stepped back, negative.
      corrupted (bool): True if the sample was partly damaged.
      recovered (bool): True if the sample came after damage.
    """

    __slots__ = ()

    EVENT_TIME = "sample_time"
    OTHER_TIMES = ("previous_sample_time",)


class SystemBoot(
    collections.namedtuple("SystemBoot", ["hostname", "boot_time", *SAMPLE_FLAGS])
):
    """The boot of the host, where atop started with it.

    Attributes:
      hostname (str): name of the host that atop ran on, or None.
      boot_time (int): time the host booted, in seconds since the epoch.
      corrupted (bool): True if the first sample of the run was partly
          damaged.
      recovered (bool): True if the first sample of the run came after damage.
    """

    __slots__ = ()

    EVENT_TIME = "boot_time"
    OTHER_TIMES = ()


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
            return [
                ClockChange(
                    hostname=self._hostname,
                    sample_time=sample.time,
                    previous_sample_time=previous.time,
                    step_seconds=seconds,
                    corrupted=sample.corrupted,
                    recovered=sample.recovered,
                )
            ]
        if seconds > 2 * self.interval:
            return [
                RecordingGap(
                    hostname=self._hostname,
                    gap_start=previous.time,
                    gap_end=sample.time,
                    gap_seconds=seconds,
                    interval=self.interval,
                    corrupted=sample.corrupted,
                    recovered=sample.recovered,
                )
            ]
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
        boot_time = first.time - first.interval
        found = [
            RecordingStart(
                hostname=self._hostname,
                start_time=first.time,
                atop_version=first.header.release,
                kernel_release=first.header.kernel_release,
                interval=self.interval,
                boot_time=boot_time,
                started_with_host=started_with_host,
                previous_recording_end=self._previous_recording_end,
                corrupted=first.corrupted,
                recovered=first.recovered,
            )
        ]
        if started_with_host and not any(
            abs(boot_time - reported) <= BOOT_TIME_TOLERANCE
            for reported in reported_boot_times
        ):
            reported_boot_times.append(boot_time)
            found.append(
                SystemBoot(
                    hostname=self._hostname,
                    boot_time=boot_time,
                    corrupted=first.corrupted,
                    recovered=first.recovered,
                )
            )
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

        last = self.last_sample
        found.append(
            RecordingEnd(
                hostname=self._hostname,
                end_time=last.time,
                number_of_samples=self.number_of_samples,
                next_recording_start=next_recording_start,
                corrupted=last.corrupted,
                recovered=last.recovered,
            )
        )
        return found
