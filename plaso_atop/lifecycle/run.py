"""An atop run: the samples from a boot sample up to the next one."""

from plaso_atop.lifecycle import processes
from plaso_atop.lifecycle import recording


class Run:
    """The state of one atop run.

    A run observes the host from its window start on: the time of its first
    sample minus one interval, or minus the time since boot when atop started
    with the host. The window start is known from the second sample on, whose
    interval tells the regular interval of the run.

    Attributes:
      first_sample (Sample): first sample of the run.
      hostname (str): name of the host that atop ran on, or None.
      previous_identities (list[int]): identities of the entries of the
          previous sample of the run, or None.
      previous_time (int): time of the previous sample of the run, or None.
      window_start (int): start of the window in seconds since the epoch, or
          None while it is not known.
      processes (ProcessTable): processes of the run.
      processes_without_command_line (dict[int, TrackedProcess]): live
          processes that wait for a command line, by identity.
      recording (RunRecording): what the samples tell of atop's recording.
    """

    def __init__(self, first_sample, previous_recording_end=None):
        """Initializes a run.

        Args:
          first_sample (Sample): first sample of the run.
          previous_recording_end (Optional[int]): time of the last sample of
              the previous run of the log, or None.
        """
        super().__init__()
        self._deferred = []
        self.first_sample = first_sample
        self.hostname = first_sample.header.hostname or None
        self.previous_identities = None
        self.previous_time = None
        self.processes = processes.ProcessTable()
        self.processes_without_command_line = {}
        self.recording = recording.RunRecording(first_sample, previous_recording_end)
        self.window_start = None

    def Defer(self, process):
        """Defers the report of a process until the window start is known.

        Args:
          process (TrackedProcess): process.
        """
        self._deferred.append(process)

    def SetWindowStart(self, second_sample):
        """Sets the window start.

        Args:
          second_sample (Sample): second sample of the run, or None if the run
              has one sample only.

        Returns:
          list[TrackedProcess]: processes whose report was deferred.
        """
        first_time = self.first_sample.time
        first_interval = self.first_sample.interval
        interval = second_sample.interval if second_sample else first_interval
        # The first interval counts since boot; it only tells the window when
        # atop started with the host.
        if first_interval <= 2 * interval:
            self.window_start = first_time - first_interval
        else:
            self.window_start = first_time - interval

        deferred = self._deferred
        self._deferred = []
        return deferred
