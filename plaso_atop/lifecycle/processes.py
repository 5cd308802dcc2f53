"""The processes of an atop run, how they are recognized across samples, and
their lineage.

A process is the same from sample to sample when its PID and its start time
are: a PID alone is reused. The start time of an exited process comes from
process accounting and is rounded otherwise than that of the live process,
so an exit matches the live process with its PID and a start time that
differs by up to a second.

The parent of a process is the process with its parent PID as atop listed it
at or before the process started; its ancestry applies the same rule to the
parent, and so on up, with the start time of the process as the reference of
every step: the process tree as atop last listed it when the process started.
"""

import collections
import operator

from plaso_atop.atoplog import task
from plaso_atop.lifecycle import usage

IDENTIFIER_FIELDS = task.IDENTIFIER_FIELDS

GetIdentifiers = operator.attrgetter(*IDENTIFIER_FIELDS)


def _GetAccountedIdentifiers(exited_process):
    """Retrieves the identifiers that process accounting records.

    Args:
      exited_process (ExitedProcess): exited process.

    Returns:
      tuple[int]: user and group identifiers, in the order of
          IDENTIFIER_FIELDS: the real ones, and None for the others.
    """
    uid, gid = exited_process.uid, exited_process.gid
    return (uid, None, None, None, gid, None, None, None)


# Largest difference of two start times of one process, in seconds, as atop
# and process accounting round them.
START_TIME_TOLERANCE = 1

# Most ancestors in an ancestry.
MAXIMUM_ANCESTORS = 32

# What a process was listed as from a sample on: its program and its parent.
Listing = collections.namedtuple(
    "Listing", ["time", "process_name", "command_line", "ppid"]
)

# The parent of a process and its ancestry, under the names of the attributes
# of the observations: the ancestry is a string of the ancestors from the
# oldest known one down to the parent, each as name[PID], such as
# "systemd[1] > sshd[712] > bash[5810]"; an ancestor that atop did not list
# is [PID] alone.
Lineage = collections.namedtuple(
    "Lineage", ["parent_process_name", "parent_command_line", "process_ancestry"]
)

NO_LINEAGE = Lineage(
    parent_process_name=None, parent_command_line=None, process_ancestry=None
)


# Listings a process keeps besides its first: those that the children found
# in the next samples can have started under.
_MAXIMUM_RECENT_LISTINGS = 2


def _CreateListing(time, entry):
    """Creates what a process was listed as from a sample on.

    Args:
      time (int): time of the sample.
      entry (TaskEntry): entry of the process in the sample.

    Returns:
      Listing: listing.
    """
    return Listing(
        time=time,
        process_name=entry.process_name,
        command_line=entry.command_line or None,
        ppid=entry.ppid,
    )


def _FormatAncestry(ancestors):
    """Formats an ancestry.

    Args:
      ancestors (list[tuple[int, Listing]]): PID and listing of each ancestor,
          from the parent up; the listing is None for one atop did not list.

    Returns:
      str: ancestry, from the oldest ancestor down, or None if there is none.
    """
    if not ancestors:
        return None
    return " > ".join(
        f"{listing.process_name:s}[{pid:d}]" if listing else f"[{pid:d}]"
        for pid, listing in reversed(ancestors)
    )


class TrackedProcess:
    """What a run knows of one process.

    Attributes:
      pid (int): process identifier.
      ppid (int): parent process identifier, at the first listing.
      process_name (str): process name, at the first listing.
      start_time (int): start time in seconds since the epoch.
      identifiers (tuple[int]): user and group identifiers at the first
          listing, in the order of IDENTIFIER_FIELDS; those that process
          accounting does not record are None for a process only seen exited.
      container (str): container identifier or host name, or None.
      cgroup (str): cgroup path, or None.
      identity (tuple[int, int]): PID and start time of the live entries of
          the process, or None for a process only seen exited.
      command_line (str): first non-empty command line, or None.
      first_alive_time (int): time of the first sample that lists the process
          alive, or None.
      first_alive_period_start (int): start of the interval of that sample, or
          None.
      corrupted (bool): True if the first sample that lists it was damaged.
      recovered (bool): True if the first sample that lists it was recovered.
      reported (bool): True if its start or its running was reported, or
          will be once the window of the run is known.
      exited (bool): True if its exit was reported.
      lineage (Lineage): parent and ancestry of the process.
      parent_pid (int): PID of the parent process that the lineage is of.
      latest_entry (TaskEntry): entry of the latest listing with a change of
          the fingerprint, or None for a process only seen exited.
      listing_time (int): time of the latest sample that the tracker looked
          at the process in.
      fingerprint (bytes): fingerprint of the latest entry.
      listings (list[Listing]): programs and parents the process was listed
          alive with: the first, and the most recent ones.
      total_usage (UsageCounters): what the process used in the run.
      hour_usage (HourUsage): what it used in the clock hour of its latest
          listing, not reported yet, or None.
    """

    __slots__ = (
        "pid",
        "ppid",
        "process_name",
        "start_time",
        "identifiers",
        "container",
        "cgroup",
        "identity",
        "command_line",
        "first_alive_time",
        "first_alive_period_start",
        "corrupted",
        "recovered",
        "reported",
        "exited",
        "lineage",
        "parent_pid",
        "latest_entry",
        "listing_time",
        "fingerprint",
        "listings",
        "total_usage",
        "hour_usage",
    )

    def __init__(self, pid, ppid, process_name, start_time, command_line, sample):
        """Initializes a process.

        Args:
          pid (int): process identifier.
          ppid (int): parent process identifier.
          process_name (str): process name.
          start_time (int): start time in seconds since the epoch.
          command_line (str): command line, or None.
          sample (Sample): sample of the first listing.
        """
        self.pid = pid
        self.ppid = ppid
        self.process_name = process_name
        self.start_time = start_time
        self.identifiers = None
        self.container = None
        self.cgroup = None
        self.identity = None
        self.command_line = command_line
        self.first_alive_time = None
        self.first_alive_period_start = None
        self.corrupted = sample.corrupted
        self.recovered = sample.recovered
        self.reported = False
        self.exited = False
        self.lineage = NO_LINEAGE
        self.parent_pid = None
        self.latest_entry = None
        self.listing_time = sample.time
        self.fingerprint = None
        self.listings = []
        self.total_usage = usage.UsageCounters()
        self.hour_usage = None

    @classmethod
    def FromEntry(cls, entry, sample, identity, fingerprint):
        """Creates a process that a sample lists alive.

        Args:
          entry (TaskEntry): entry of the process.
          sample (Sample): sample of the entry.
          identity (tuple[int, int]): PID and start time of the entry.
          fingerprint (bytes): fingerprint of the entry.

        Returns:
          TrackedProcess: process.
        """
        process = cls(
            entry.pid,
            entry.ppid,
            entry.process_name,
            entry.start_time,
            entry.command_line or None,
            sample,
        )
        process.identifiers = GetIdentifiers(entry)
        process.container = entry.container or None
        process.cgroup = entry.cgroup or None
        process.identity = identity
        process.first_alive_time = sample.time
        process.first_alive_period_start = sample.time - sample.interval
        process.latest_entry = entry
        process.fingerprint = fingerprint
        process.listings.append(_CreateListing(sample.time, entry))
        return process

    @classmethod
    def FromExit(cls, exited_process, sample):
        """Creates a process that the run did not see alive: known from its exit.

        Args:
          exited_process (ExitedProcess): exited process.
          sample (Sample): sample that reported the exit.

        Returns:
          TrackedProcess: process.
        """
        process = cls(
            exited_process.pid,
            exited_process.ppid,
            exited_process.process_name,
            exited_process.start_time,
            exited_process.command_line or None,
            sample,
        )
        # Process accounting records the real identifiers only.
        process.identifiers = _GetAccountedIdentifiers(exited_process)
        return process

    def GetListingAt(self, time):
        """Retrieves what the process was listed as at a specific time.

        Args:
          time (int): time in seconds since the epoch.

        Returns:
          Listing: latest listing at or before the time, or None if the first
              listing is later.
        """
        for listing in reversed(self.listings):
            if listing.time <= time:
                return listing
        return None

    def SetListing(self, entry, fingerprint, sample_time):
        """Records a listing whose fingerprint changed.

        Args:
          entry (TaskEntry): entry of the process.
          fingerprint (bytes): fingerprint of the entry.
          sample_time (int): time of the sample.
        """
        latest = self.latest_entry
        if (entry.process_name, entry.command_line, entry.ppid) != (
            latest.process_name,
            latest.command_line,
            latest.ppid,
        ):
            self.listings.append(_CreateListing(sample_time, entry))
            if len(self.listings) > 1 + _MAXIMUM_RECENT_LISTINGS:
                del self.listings[1]
        self.latest_entry = entry
        self.listing_time = sample_time
        self.fingerprint = fingerprint

    def UpdateParent(self, ppid, process_table):
        """Finds the parent and the ancestry of the process, once per parent PID.

        Args:
          ppid (int): PID of the parent process, as the latest entry of the
              process names it.
          process_table (ProcessTable): processes of the run.
        """
        if ppid != self.parent_pid:
            first_listing_time = self.first_alive_time or self.listing_time
            self.lineage = process_table.FindLineage(
                self.pid, ppid, self.start_time, first_listing_time
            )
            self.parent_pid = ppid


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
        # Lineages by parent PID, start time and first listing time of the
        # process, with the PIDs of their ancestors, while the table stays
        # the same.
        self._traced_lineages = {}

    @property
    def number_of_entries(self):
        """int: number of live processes and of exited identities."""
        return len(self._processes_by_identity) + len(self._exited_identities)

    def _FindListing(self, pid, start_time, first_listing_time):
        """Finds a process as a child that started at a specific time names it.

        It is the process with the PID in the run, as atop listed it in its
        latest sample at or before the start of the child, or else in its
        first sample, up to the first listing of the child.

        Args:
          pid (int): PID of the process, as the child names its parent.
          start_time (int): start time of the child.
          first_listing_time (int): time of the first sample that lists the
              child.

        Returns:
          Listing: listing of the process, or None if atop did not list it.
        """
        process = self._processes_by_pid.get(pid)
        if process is None:
            return None
        if process.start_time > start_time + START_TIME_TOLERANCE:
            return None
        listing = process.GetListingAt(start_time)
        if listing is None:
            listing = process.listings[0]
            if listing.time > first_listing_time:
                return None
        return listing

    def _TraceLineage(self, pid, ppid, start_time, first_listing_time):
        """Traces the parent and the ancestry of a process up the table.

        Args:
          pid (int): process identifier, where the ancestry stops, or None.
          ppid (int): parent process identifier, not 0.
          start_time (int): start time of the process.
          first_listing_time (int): time of the first sample that lists the
              process.

        Returns:
          tuple[Lineage, frozenset[int]]: parent and ancestry, and the PIDs of
              the ancestors.
        """
        met = {pid}
        ancestors = []
        ancestor_pid = ppid
        while (
            ancestor_pid
            and ancestor_pid not in met
            and len(ancestors) < MAXIMUM_ANCESTORS
        ):
            met.add(ancestor_pid)
            listing = self._FindListing(ancestor_pid, start_time, first_listing_time)
            ancestors.append((ancestor_pid, listing))
            if listing is None:
                break
            ancestor_pid = listing.ppid

        if ancestors:
            parent = ancestors[0][1]
        else:
            parent = self._FindListing(ppid, start_time, first_listing_time)
        lineage = Lineage(
            parent_process_name=parent and parent.process_name,
            parent_command_line=parent and parent.command_line,
            process_ancestry=_FormatAncestry(ancestors),
        )
        return lineage, frozenset(ancestor_pid for ancestor_pid, _ in ancestors)

    def Add(self, process):
        """Adds a live process.

        Args:
          process (TrackedProcess): process, with an identity.
        """
        self._processes_by_identity[process.identity] = process
        self._processes_by_pid[process.pid] = process
        self._traced_lineages.clear()

    def FindExitedProcess(self, exited_process):
        """Finds the live process of an exited process.

        Args:
          exited_process (ExitedProcess): exited process.

        Returns:
          TrackedProcess: process, or None if the run did not see it alive.
        """
        if not exited_process.pid:
            # acct version 2 records that atop could not match have no PID.
            return None
        process = self._processes_by_pid.get(exited_process.pid)
        if process is None or process.exited:
            return None
        start_time = exited_process.start_time
        if start_time < process.start_time - START_TIME_TOLERANCE:
            return None
        # Process accounting works out start times its own way, up to a few
        # seconds after the start time that atop listed; an exit that started
        # by the first sample that listed the live process is still its exit,
        # as no two live processes share a PID.
        if (
            start_time > process.start_time + START_TIME_TOLERANCE
            and start_time > process.first_alive_time
        ):
            return None
        return process

    def FindLineage(self, pid, ppid, start_time, first_listing_time):
        """Finds the parent and the ancestry of a process, as atop listed them.

        The ancestry stops at PID 0, at an ancestor that atop did not list, at
        a PID met before (the process's own included) or after the most
        ancestors.

        Args:
          pid (int): process identifier.
          ppid (int): parent process identifier.
          start_time (int): start time of the process.
          first_listing_time (int): time of the first sample that lists the
              process.

        Returns:
          Lineage: parent and ancestry.
        """
        if not ppid:
            return NO_LINEAGE
        # The processes that a sample reports started in the same second under
        # the same parent (a shell's commands, a server's workers) share their
        # lineage: traced once while the table stays the same, it saves more
        # than 1% of log2timeline's time on a busy log (docs/performance.md).
        key = (ppid, start_time, first_listing_time)
        traced = self._traced_lineages.get(key)
        if traced is None:
            traced = self._TraceLineage(None, ppid, start_time, first_listing_time)
            self._traced_lineages[key] = traced
        lineage, ancestor_pids = traced
        if pid in ancestor_pids:
            # A reused PID makes the process its own ancestor.
            lineage, _ = self._TraceLineage(pid, ppid, start_time, first_listing_time)
        return lineage

    def Get(self, identity):
        """Retrieves a live process.

        Args:
          identity (tuple[int, int]): PID and start time of a live entry.

        Returns:
          TrackedProcess: process, or None if it is not in the table.
        """
        return self._processes_by_identity.get(identity)

    def HasExited(self, identity):
        """Determines if the process of an identity exited.

        Args:
          identity (tuple[int, int]): PID and start time of a live entry.

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
          identities (list[tuple[int, int]]): PID and start time of every entry
              of the sample.

        Returns:
          list[TrackedProcess]: processes forgotten.
        """
        listed = set(identities)
        gone = [
            process
            for identity, process in self._processes_by_identity.items()
            if identity not in listed
        ]
        for process in gone:
            self.Remove(process)
        self._exited_identities = {
            identity: None for identity in self._exited_identities if identity in listed
        }
        return gone

    def Remove(self, process):
        """Forgets an exited process but its identity.

        Args:
          process (TrackedProcess): process.
        """
        del self._processes_by_identity[process.identity]
        if self._processes_by_pid.get(process.pid) is process:
            del self._processes_by_pid[process.pid]
        self._exited_identities[process.identity] = None
        self._traced_lineages.clear()
        if len(self._exited_identities) > self.MAXIMUM_EXITED_IDENTITIES:
            del self._exited_identities[next(iter(self._exited_identities))]

    def SetListing(self, process, entry, fingerprint, sample_time):
        """Records a listing of a process whose fingerprint changed.

        Args:
          process (TrackedProcess): process.
          entry (TaskEntry): entry of the process.
          fingerprint (bytes): fingerprint of the entry.
          sample_time (int): time of the sample.
        """
        process.SetListing(entry, fingerprint, sample_time)
        self._traced_lineages.clear()
