"""What the processes of a run used of CPU, disk and network.

Every sample counts, for every task it lists, what the task used in the
interval of the sample; the first sample of a run counts from the start of
the process, so it also holds what the process used before the recording.
The entry of an exited process holds its CPU time since atop last listed it,
or over its whole life where atop matched it with no process it had listed
(ExitedProcess.cpu_is_lifetime), and no disk counters: process accounting
records none, so the I/O after the last listing is not known.

The totals of a process are the sums over its listings in the run, its exit
included. Its use per clock hour (UTC) sums the listings of the samples of
that hour, but those of the first sample of the run, which cover time before
the recording; it is reported where it reaches a floor, from the earliest to
the latest sample of the hour that lists the process: atop 2.3 and later list
every task in every sample, earlier releases only those that changed.
"""

from plaso_atop.atoplog import task
from plaso_atop.lifecycle import observations

# The floors of a report of the use of a clock hour: CPU time in
# milliseconds, and bytes read, written, sent or received.
CPU_TIME_FLOOR = 1000
BYTES_FLOOR = 1024 * 1024

# Seconds of a clock hour.
_HOUR = 3600


def _ReachesFloor(cpu_time, byte_counts):
    """Determines if a use reaches a floor worth a report.

    Args:
      cpu_time (int): CPU time, user and system, in milliseconds.
      byte_counts (tuple[int]): bytes read, written, sent or received, None
          for those not recorded.

    Returns:
      bool: True if the CPU time reaches CPU_TIME_FLOOR or a byte count
          reaches BYTES_FLOOR.
    """
    if cpu_time >= CPU_TIME_FLOOR:
        return True
    for byte_count in byte_counts:
        if byte_count is not None and byte_count >= BYTES_FLOOR:
            return True
    return False


class UsageCounters:
    """Sums of what a process used.

    The CPU times start at 0; the disk and network counters are None until a
    listing that holds them is added.

    Attributes:
      cpu_user_time (int): CPU time in user mode, in milliseconds.
      cpu_system_time (int): CPU time in system mode, in milliseconds.
      disk_read_bytes (int): bytes read from disk, or None.
      disk_write_bytes (int): bytes written to disk, or None.
      disk_cancelled_write_bytes (int): bytes whose write was cancelled, or
          None.
      network_sent_bytes (int): bytes sent over TCP and UDP, or None.
      network_received_bytes (int): bytes received over TCP and UDP, or None.
    """

    __slots__ = tuple(vars(task.TaskUsage()))

    def __init__(self):
        """Initializes usage counters."""
        self.cpu_user_time = 0
        self.cpu_system_time = 0
        self.disk_read_bytes = None
        self.disk_write_bytes = None
        self.disk_cancelled_write_bytes = None
        self.network_sent_bytes = None
        self.network_received_bytes = None

    def AddCpuTime(self, cpu_user_time, cpu_system_time):
        """Adds CPU times.

        Args:
          cpu_user_time (int): CPU time in user mode, in milliseconds.
          cpu_system_time (int): CPU time in system mode, in milliseconds.
        """
        self.cpu_user_time += cpu_user_time
        self.cpu_system_time += cpu_system_time

    def AddDisk(self, read_bytes, write_bytes, cancelled_write_bytes):
        """Adds disk counters, where the listing holds them.

        Args:
          read_bytes (int): bytes read, or None if not recorded.
          write_bytes (int): bytes written, or None if not recorded.
          cancelled_write_bytes (int): bytes whose write was cancelled, or
              None if not recorded.
        """
        if read_bytes is not None:
            self.disk_read_bytes = (self.disk_read_bytes or 0) + read_bytes
            self.disk_write_bytes = (self.disk_write_bytes or 0) + write_bytes
            self.disk_cancelled_write_bytes = (
                self.disk_cancelled_write_bytes or 0
            ) + cancelled_write_bytes

    def AddNetwork(self, sent_bytes, received_bytes):
        """Adds network counters, where the listing holds them.

        Args:
          sent_bytes (int): bytes sent, or None if not recorded.
          received_bytes (int): bytes received, or None if not recorded.
        """
        if sent_bytes is not None:
            self.network_sent_bytes = (self.network_sent_bytes or 0) + sent_bytes
            self.network_received_bytes = (
                self.network_received_bytes or 0
            ) + received_bytes

    def AddUsage(self, usage):
        """Adds what a task used in the interval of a sample.

        Args:
          usage (TaskUsage): resources used.
        """
        self.AddCpuTime(usage.cpu_user_time, usage.cpu_system_time)
        self.AddDisk(
            usage.disk_read_bytes,
            usage.disk_write_bytes,
            usage.disk_cancelled_write_bytes,
        )
        self.AddNetwork(usage.network_sent_bytes, usage.network_received_bytes)

    def ReachesFloor(self):
        """Determines if the use reaches a floor worth a report.

        Returns:
          bool: True if the CPU time reaches CPU_TIME_FLOOR, or the bytes read,
              written, sent or received reach BYTES_FLOOR.
        """
        return _ReachesFloor(
            self.cpu_user_time + self.cpu_system_time,
            (
                self.disk_read_bytes,
                self.disk_write_bytes,
                self.network_sent_bytes,
                self.network_received_bytes,
            ),
        )


class HourUsage:
    """What a process used in the samples of one clock hour that count.

    Attributes:
      hour (int): the hour, in hours since the epoch.
      counters (UsageCounters): what the process used.
      period_start (int): start of the interval of the earliest sample.
      sample_time (int): time of the latest sample.
      listing (TaskEntry|ExitedProcess): what the latest sample listed of the
          process: its name, command line, parent and user identifier.
      corrupted (bool): True if the latest sample was partly damaged.
      recovered (bool): True if the latest sample came after damage.
    """

    __slots__ = (
        "hour",
        "counters",
        "period_start",
        "sample_time",
        "listing",
        "corrupted",
        "recovered",
    )

    def __init__(self, sample, period_start):
        """Initializes the use of a clock hour.

        Args:
          sample (Sample): sample that counts the process.
          period_start (int): start of the interval of the earliest sample of
              the hour that lists the process and counts.
        """
        self.hour = sample.time // _HOUR
        self.counters = UsageCounters()
        self.period_start = period_start
        self.sample_time = sample.time
        self.listing = None
        self.corrupted = sample.corrupted
        self.recovered = sample.recovered

    def SetSample(self, sample, listing):
        """Records the latest sample that counts the process.

        Args:
          sample (Sample): sample.
          listing (object): what the sample lists of the process, a
              TaskEntry or an ExitedProcess.
        """
        self.sample_time = sample.time
        self.listing = listing
        self.corrupted = sample.corrupted
        self.recovered = sample.recovered


class UsageLedger:
    """What the processes of a run used, per process and per clock hour."""

    def __init__(self, hostname, first_sample):
        """Initializes a usage ledger.

        Args:
          hostname (str): name of the host that atop ran on, or None.
          first_sample (Sample): first sample of the run, which counts what
              processes used before the recording.
        """
        super().__init__()
        self._first_sample = first_sample
        # Start of the interval of the earliest sample of the hour that counts.
        self._hour_period_start = None
        self._hostname = hostname
        self._hour = None
        # Processes with the use of an hour not reported yet, by identity of
        # the object.
        self._pending = {}

    def _GetHourUsage(self, process, sample):
        """Retrieves the use of the hour of a sample, to which it counts.

        Args:
          process (TrackedProcess): process.
          sample (Sample): sample.

        Returns:
          HourUsage: use of the hour.
        """
        hour_usage = process.hour_usage
        if hour_usage is None:
            period_start = sample.time - sample.interval
            if sample.lists_every_task and process.first_alive_time is not None:
                # Listed in every sample since its first listing, or since the
                # first sample of the hour that counts.
                period_start = max(
                    self._hour_period_start, process.first_alive_period_start
                )
            hour_usage = HourUsage(sample, period_start)
            process.hour_usage = hour_usage
            self._pending[id(process)] = process
        return hour_usage

    def _ReportHour(self, process):
        """Reports the use of the hour of a process, where it reaches a floor.

        Args:
          process (TrackedProcess): process.

        Returns:
          list[ProcessUsage]: the use of the hour, or nothing below the floor.
        """
        hour_usage = process.hour_usage
        process.hour_usage = None
        self._pending.pop(id(process), None)
        counters = hour_usage.counters
        if not counters.ReachesFloor():
            return []

        listing = hour_usage.listing
        process_usage = observations.ProcessUsage()
        process_usage.hostname = self._hostname
        process_usage.pid = listing.pid
        process_usage.ppid = listing.ppid or None
        process_usage.process_name = listing.process_name
        process_usage.command_line = listing.command_line or process.command_line
        process_usage.uid = listing.uid
        process_usage.process_start_time = process.start_time
        process_usage.period_start = hour_usage.period_start
        process_usage.sample_time = hour_usage.sample_time
        process_usage.SetUsage(counters)
        if process.total_usage.disk_read_bytes is not None:
            # The disk counters where the totals of the process have them,
            # also for an hour whose listings held none.
            process_usage.disk_read_bytes = counters.disk_read_bytes or 0
            process_usage.disk_write_bytes = counters.disk_write_bytes or 0
            process_usage.disk_cancelled_write_bytes = (
                counters.disk_cancelled_write_bytes or 0
            )
        process_usage.corrupted = hour_usage.corrupted
        process_usage.recovered = hour_usage.recovered
        return [process_usage]

    def AddExit(self, process, exited_process, sample):
        """Adds what a process used since its last listing, and closes it.

        Args:
          process (TrackedProcess): process.
          exited_process (ExitedProcess): its exit.
          sample (Sample): sample that reported the exit.

        Returns:
          list[ProcessUsage]: the use of the hour of the process, where it
              reaches a floor.
        """
        total_usage = process.total_usage
        cpu_user_time = exited_process.cpu_user_time
        cpu_system_time = exited_process.cpu_system_time
        if exited_process.cpu_is_lifetime:
            # What the listings did not count is new; the exit is the total.
            counted_user_time = max(0, cpu_user_time - total_usage.cpu_user_time)
            counted_system_time = max(0, cpu_system_time - total_usage.cpu_system_time)
            total_usage.cpu_user_time = cpu_user_time
            total_usage.cpu_system_time = cpu_system_time
        else:
            counted_user_time = cpu_user_time
            counted_system_time = cpu_system_time
            total_usage.AddCpuTime(cpu_user_time, cpu_system_time)
        network_sent_bytes = exited_process.network_sent_bytes
        network_received_bytes = exited_process.network_received_bytes
        total_usage.AddNetwork(network_sent_bytes, network_received_bytes)

        # The first sample of a run lists no hour that counts.
        if sample is self._first_sample:
            return []
        if process.hour_usage is None and not _ReachesFloor(
            counted_user_time + counted_system_time,
            (network_sent_bytes, network_received_bytes),
        ):
            # Most processes of a busy host are known from their exit only,
            # and use little: no hour to report.
            return []
        hour_usage = self._GetHourUsage(process, sample)
        hour_usage.counters.AddCpuTime(counted_user_time, counted_system_time)
        hour_usage.counters.AddNetwork(network_sent_bytes, network_received_bytes)
        hour_usage.SetSample(sample, exited_process)
        return self._ReportHour(process)

    def AddListing(self, process, entry, usage, sample):
        """Adds what a process used in the interval of a sample that lists it.

        Args:
          process (TrackedProcess): process.
          entry (TaskEntry): what the sample lists of the process, or None if
              the process did not change but in what it used.
          usage (TaskUsage): what the process used.
          sample (Sample): sample.
        """
        process.total_usage.AddUsage(usage)
        if sample is not self._first_sample:
            hour_usage = self._GetHourUsage(process, sample)
            hour_usage.counters.AddUsage(usage)
            hour_usage.SetSample(sample, entry or process.latest_entry)

    def Forget(self, process):
        """Forgets a process that is gone without an exit.

        Args:
          process (TrackedProcess): process.

        Returns:
          list[ProcessUsage]: the use of its hour, where it reaches a floor.
        """
        if process.hour_usage is None:
            return []
        return self._ReportHour(process)

    def ReportAll(self):
        """Reports the use of the hour of every process, such as at the end.

        Returns:
          list[ProcessUsage]: the uses that reach a floor.
        """
        found = []
        # In the order of the processes' starts, whichever samples listed
        # them first.
        pending = sorted(
            self._pending.values(),
            key=lambda process: (process.start_time, process.pid),
        )
        for process in pending:
            found.extend(self._ReportHour(process))
        return found

    def EndSample(self, sample, identities):
        """Ends a sample: records that it lists the processes of pending hours.

        Args:
          sample (Sample): sample.
          identities (list[tuple[int, int]]): PID and start time of every task
              entry of the sample.
        """
        if not self._pending or not sample.lists_every_task:
            return
        if sample is self._first_sample:
            return
        # Most processes of pending hours used something in the sample and
        # were counted; the others can have been listed all the same.
        uncounted = [
            process
            for process in self._pending.values()
            if process.hour_usage.sample_time != sample.time
        ]
        if not uncounted:
            return
        listed = set(identities)
        for process in uncounted:
            if process.identity in listed:
                process.hour_usage.SetSample(sample, process.latest_entry)

    def StartSample(self, sample):
        """Starts a sample: reports the hours that ended before it.

        Args:
          sample (Sample): sample.

        Returns:
          list[ProcessUsage]: the uses of the hours that ended, where they
              reach a floor.
        """
        hour = sample.time // _HOUR
        found = []
        if hour != self._hour:
            self._hour = hour
            self._hour_period_start = None
            found = self.ReportAll()
        if self._hour_period_start is None and sample is not self._first_sample:
            self._hour_period_start = sample.time - sample.interval
        return found
