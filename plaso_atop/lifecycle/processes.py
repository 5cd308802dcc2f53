"""The processes of an atop run and how they are recognized across samples.

A process is the same from sample to sample when its PID and its start time
are: a PID alone is reused. The start time of an exited process comes from
process accounting and is rounded otherwise than that of the live process,
so an exit matches the live process with its PID and a start time that
differs by up to a second.
"""

import collections

# Largest difference of the start times of a live process and of its exit
# entry, in seconds.
START_TIME_TOLERANCE = 1

# A parent process as a child names it.
Parent = collections.namedtuple("Parent", ["process_name", "command_line"])

# What a process was listed as from a sample on, as its children name it.
Version = collections.namedtuple("Version", ["time", "parent"])

# Versions a process keeps besides its first: those that the children found
# in the next samples can have started under.
_MAXIMUM_RECENT_VERSIONS = 2


def _CreateVersion(time, entry):
    """Creates what a process was listed as from a sample on.

    Args:
      time (int): time of the sample.
      entry (TaskEntry): entry of the process in the sample.

    Returns:
      Version: version.
    """
    return Version(time, Parent(entry.process_name, entry.command_line or None))


class TrackedProcess:
    """What a run knows of one process.

    Attributes:
      entry (TaskEntry): first entry of the process in the run.
      identity (int): identity of the live entries of the process, or None
          for a process only seen exited.
      command_line (str): first non-empty command line, or None.
      first_alive_time (int): time of the first sample that lists the process
          alive, or None.
      corrupted (bool): True if the first sample that lists it was damaged.
      recovered (bool): True if the first sample that lists it was recovered.
      reported (bool): True if its start or its running was reported, or
          will be once the window of the run is known.
      exited (bool): True if its exit was reported.
      parent (Parent): parent process, or None if atop did not list it.
      parent_pid (int): PID of the parent process the parent attribute names.
      listing (TaskEntry): entry of the latest listing with a change of the
          fingerprint.
      listing_time (int): time of the latest sample that the tracker looked
          at the process in.
      fingerprint (bytes): fingerprint of the listing.
      versions (list[Version]): names and command lines the process was listed
          alive with: the first, and the most recent ones.
    """

    __slots__ = (
        "entry",
        "identity",
        "command_line",
        "first_alive_time",
        "corrupted",
        "recovered",
        "reported",
        "exited",
        "parent",
        "parent_pid",
        "listing",
        "listing_time",
        "fingerprint",
        "versions",
    )

    def __init__(self, entry, sample, identity=None, fingerprint=None):
        """Initializes a process.

        Args:
          entry (TaskEntry): first entry of the process in the run.
          sample (Sample): sample of the entry.
          identity (Optional[int]): identity of the entry, for a live entry.
          fingerprint (Optional[bytes]): fingerprint of the entry, for a live
              entry.
        """
        self.entry = entry
        self.identity = identity
        self.command_line = entry.command_line or None
        self.first_alive_time = None if entry.is_exited else sample.time
        self.corrupted = sample.corrupted
        self.recovered = sample.recovered
        self.reported = False
        self.exited = False
        self.parent = None
        self.parent_pid = None
        self.listing = entry
        self.listing_time = sample.time
        self.fingerprint = fingerprint
        # Only a process listed alive can be a parent.
        self.versions = []
        if identity is not None:
            self.versions.append(_CreateVersion(sample.time, entry))

    def UpdateParent(self, ppid, process_table):
        """Finds the parent of the process, once per parent PID.

        Args:
          ppid (int): PID of the parent process, as the latest entry of the
              process names it.
          process_table (ProcessTable): processes of the run.
        """
        if ppid != self.parent_pid:
            first_listing_time = self.first_alive_time or self.listing_time
            self.parent = process_table.FindParent(
                ppid, self.entry.start_time, first_listing_time
            )
            self.parent_pid = ppid

    def GetVersionAt(self, time):
        """Retrieves what the process was listed as at a specific time.

        Args:
          time (int): time in seconds since the epoch.

        Returns:
          Version: version of the latest listing at or before the time, or
              None if the first listing is later.
        """
        for version in reversed(self.versions):
            if version.time <= time:
                return version
        return None

    def SetListing(self, entry, fingerprint, sample_time):
        """Records a listing whose fingerprint changed.

        Args:
          entry (TaskEntry): entry of the process.
          fingerprint (bytes): fingerprint of the entry.
          sample_time (int): time of the sample.
        """
        if (entry.process_name, entry.command_line) != (
            self.listing.process_name,
            self.listing.command_line,
        ):
            self.versions.append(_CreateVersion(sample_time, entry))
            if len(self.versions) > 1 + _MAXIMUM_RECENT_VERSIONS:
                del self.versions[1]
        self.listing = entry
        self.listing_time = sample_time
        self.fingerprint = fingerprint


class ProcessTable:
    """The live processes of a run, by identity and by PID.

    An exited process is forgotten at the end of the sample that reported its
    exit; until then, it can be the parent of the processes of that sample.
    Its identity is remembered, as a zombie can be listed after its exit.
    """

    # Most identities of exited processes remembered, for releases that do
    # not list every task in every sample.
    MAXIMUM_EXITED_IDENTITIES = 16384

    def __init__(self):
        """Initializes a process table."""
        super().__init__()
        # Insertion-ordered: the oldest are forgotten first.
        self._exited_identities = {}
        self._processes_by_identity = {}
        self._processes_by_pid = {}

    @property
    def number_of_entries(self):
        """int: number of live processes and of exited identities."""
        return len(self._processes_by_identity) + len(self._exited_identities)

    def Add(self, process):
        """Adds a live process.

        Args:
          process (TrackedProcess): process, with an identity.
        """
        self._processes_by_identity[process.identity] = process
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
            and not process.exited
            and abs(process.entry.start_time - entry.start_time) <= START_TIME_TOLERANCE
        ):
            return process
        return None

    def FindParent(self, ppid, start_time, first_listing_time):
        """Finds the parent of a process, as atop listed it.

        The parent is the process with the PID of the parent in the run, as
        atop listed it in its latest sample at or before the start of the
        child, or else in its first sample, up to the first listing of the
        child.

        Args:
          ppid (int): parent process identifier.
          start_time (int): start time of the child.
          first_listing_time (int): time of the first sample that lists the
              child.

        Returns:
          Parent: parent, or None if atop did not list it.
        """
        process = self._processes_by_pid.get(ppid) if ppid else None
        if process is None:
            return None
        if process.entry.start_time > start_time + START_TIME_TOLERANCE:
            return None
        version = process.GetVersionAt(start_time)
        if version is None:
            version = process.versions[0]
            if version.time > first_listing_time:
                return None
        return version.parent

    def Get(self, identity):
        """Retrieves a live process.

        Args:
          identity (int): identity of a live entry.

        Returns:
          TrackedProcess: process, or None if it is not in the table.
        """
        return self._processes_by_identity.get(identity)

    def HasExited(self, identity):
        """Determines if the process of an identity exited.

        Args:
          identity (int): identity of a live entry.

        Returns:
          bool: True if the process exited.
        """
        return identity in self._exited_identities

    def Prune(self, identities):
        """Forgets the processes that a complete sample does not list.

        A sample of a release that lists every task tells which processes are
        gone: also those whose exit went unreported, such as without process
        accounting, and the zombies that were reaped.

        Args:
          identities (list[int]): identities of every entry of the sample.
        """
        listed = set(identities)
        for identity in list(self._processes_by_identity):
            if identity not in listed:
                self.Remove(self._processes_by_identity[identity])
        self._exited_identities = {
            identity: None for identity in self._exited_identities if identity in listed
        }

    def Remove(self, process):
        """Forgets an exited process but its identity.

        Args:
          process (TrackedProcess): process.
        """
        del self._processes_by_identity[process.identity]
        if self._processes_by_pid.get(process.entry.pid) is process:
            del self._processes_by_pid[process.entry.pid]
        self._exited_identities[process.identity] = None
        if len(self._exited_identities) > self.MAXIMUM_EXITED_IDENTITIES:
            del self._exited_identities[next(iter(self._exited_identities))]
