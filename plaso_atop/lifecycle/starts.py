"""Reports the start or running of each process of a run, once.

A run observes the host from its window start on: the time of its first
sample minus one interval, or minus the time since boot when atop started
with the host. The window start is known from the second sample on, whose
interval tells the regular interval of the run; until then the reports wait.
A process that started within the window is reported as started, one that
started before it (a daemon that runs for weeks appears in every daily log)
as running, with its true start time, so that a start is reported once, by
the log that was recording when it happened.
"""

from plaso_atop.lifecycle import reports


def GetWindowStart(first_sample, second_sample):
    """Determines the start of the window of a run.

    The first interval of a run counts since boot; it only tells the window
    when atop started with the host: when it is at most twice the regular
    interval, that of the second sample.

    Args:
      first_sample (Sample): first sample of the run.
      second_sample (Sample): second sample of the run, or None if the run has
          one sample only.

    Returns:
      int: window start in seconds since the epoch.
    """
    first_interval = first_sample.interval
    interval = second_sample.interval if second_sample else first_interval
    if first_interval <= 2 * interval:
        return first_sample.time - first_interval
    return first_sample.time - interval


class StartReporter:
    """Reports the start or running of the processes of a run, once each.

    Attributes:
      window_start (int): start of the window in seconds since the epoch, or
          None while it is not known.
    """

    def __init__(self, hostname):
        """Initializes a start reporter.

        Args:
          hostname (str): name of the host that atop ran on, or None.
        """
        super().__init__()
        # Processes whose report waits for the window start.
        self._deferred = []
        self._hostname = hostname
        self.window_start = None

    def _ReportStartOrRunning(self, process):
        """Reports the start or running of a process, the window known.

        Args:
          process (TrackedProcess): process.

        Returns:
          list[ProcessStart|ProcessRunning]: the start or running of the
              process, or nothing if it started before the window and was
              never listed alive.
        """
        observation = reports.CreateProcessStartOrRunning(
            process, self._hostname, self.window_start
        )
        return [observation] if observation else []

    def Report(self, process):
        """Reports the start or running of a process, once.

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
        if self.window_start is None:
            self._deferred.append(process)
            return []
        return self._ReportStartOrRunning(process)

    def SetWindowStart(self, first_sample, second_sample):
        """Sets the window start and reports the processes that waited for it.

        Args:
          first_sample (Sample): first sample of the run.
          second_sample (Sample): second sample of the run, or None if the run
              has one sample only.

        Returns:
          list[ProcessStart|ProcessRunning]: observations of the processes
              that waited.
        """
        self.window_start = GetWindowStart(first_sample, second_sample)
        deferred = self._deferred
        self._deferred = []
        found = []
        for process in deferred:
            found.extend(self._ReportStartOrRunning(process))
        return found
