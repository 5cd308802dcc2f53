"""The processes of an atop run and how they are recognised across samples.

A process is the same from sample to sample when its PID and its start time
are: a PID alone is reused. The start time of an exited process comes from
process accounting and is rounded otherwise than that of the live process,
so an exit matches the live process with its PID and a start time that
differs by up to a second.
"""

# Largest difference of the start times of a live process and of its exit
# entry, in seconds.
START_TIME_TOLERANCE = 1


class TrackedProcess:
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
      reported (bool): True if its start or its running was reported, or
          will be once the window of the run is known.
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


class ProcessTable:
    """The processes of a run, by identity and by PID.

    Every identity seen alive is remembered, so that a process is tracked
    once; only the most recent live process of each PID is kept, to match
    exits, and it is forgotten when it exits.
    """

    def __init__(self):
        """Initializes a process table."""
        super().__init__()
        self._processes_by_pid = {}
        self._seen_identities = set()

    def Add(self, process):
        """Adds a live process.

        Args:
          process (TrackedProcess): process, with an identity.
        """
        self._processes_by_pid[process.entry.pid] = process

    def FindExitedProcess(self, entry):
        """Finds the live process of an exited process entry.

        Args:
          entry (TaskEntry): entry of the exited process.

        Returns:
          TrackedProcess: process, or None if the run did not see it alive.
        """
        if not entry.pid:
            # acct version 2 records that atop could not match have no PID.
            return None
        process = self._processes_by_pid.get(entry.pid)
        if (
            process
            and abs(process.entry.start_time - entry.start_time) <= START_TIME_TOLERANCE
        ):
            return process
        return None

    def GetUnseenIdentities(self, identities):
        """Determines which identities were never seen alive in the run.

        Args:
          identities (iterable[int]): identities.

        Returns:
          set[int]: identities never seen alive.
        """
        return set(identities) - self._seen_identities

    def MarkSeen(self, identity):
        """Remembers that an identity was seen alive.

        Args:
          identity (int): identity of a process entry.
        """
        self._seen_identities.add(identity)

    def Remove(self, process):
        """Forgets an exited process, but its identity.

        Args:
          process (TrackedProcess): process.
        """
        del self._processes_by_pid[process.entry.pid]
