"""The process events a log must yield, derived from atop's own -P PRG output.

This is a second, deliberately plain implementation of the event rules of the
atop parser, that reads atop's text output instead of the raw log, so that the
tests compare the parser with an independent derivation. It keeps every line
of a run in memory and looks things up by scanning them.
"""

import collections

from tests import expected_recording
from tests import expected_usage

IDENTIFIERS = ("uid", "euid", "suid", "fsuid", "gid", "egid", "sgid", "fsgid")

# The PRG columns of the identifiers.
_IDENTIFIER_COLUMNS = (
    "ruid",
    "euid",
    "suid",
    "fsuid",
    "rgid",
    "egid",
    "sgid",
    "fsgid",
)

_PROCESS_FIELDS = (
    "pid",
    "process_name",
    "start_time",
    "ppid",
    "command_line",
    *IDENTIFIERS,
    "parent_process_name",
    "parent_command_line",
    "process_ancestry",
)

ExpectedStart = collections.namedtuple("ExpectedStart", _PROCESS_FIELDS)

ExpectedRunning = collections.namedtuple(
    "ExpectedRunning", _PROCESS_FIELDS + ("sample_time",)
)

ExpectedExit = collections.namedtuple(
    "ExpectedExit",
    [
        "pid",
        "process_name",
        "exit_time",
        "exit_code",
        "signal",
        "start_time",
        "run_time",
        "exit_time_estimated",
        *expected_usage.USAGE_FIELDS,
    ],
)

ExpectedExec = collections.namedtuple(
    "ExpectedExec",
    (
        "pid",
        "process_name",
        "command_line",
        "ppid",
        "sample_time",
        "previous_process_name",
        "previous_command_line",
        "previous_sample_time",
        "start_time",
        *IDENTIFIERS,
        "parent_process_name",
        "parent_command_line",
        "process_ancestry",
    ),
)

ExpectedCredentialsChange = collections.namedtuple(
    "ExpectedCredentialsChange",
    (
        "pid",
        "process_name",
        "command_line",
        "ppid",
        "sample_time",
        "previous_sample_time",
        "start_time",
        *IDENTIFIERS,
        *(f"previous_{name:s}" for name in IDENTIFIERS),
        "parent_process_name",
        "parent_command_line",
        "process_ancestry",
    ),
)

ExpectedEvents = collections.namedtuple(
    "ExpectedEvents",
    [
        "starts",
        "running",
        "exits",
        "execs",
        "credential_changes",
        "usage",
        *expected_recording.ExpectedRecording._fields,
    ],
)


def CreateExpectedEvents():
    """Creates expected events with no events.

    Returns:
      ExpectedEvents: a list per kind of event, empty.
    """
    return ExpectedEvents._make([] for _ in ExpectedEvents._fields)


def _DecodeCompT(value):
    """Decodes an acct comp_t value, or returns None if it is not one."""
    if not 0 <= value <= 0xFFFF:
        return None
    return (value & 0x1FFF) << (3 * (value >> 13))


def _ExitStatus(line, version):
    """Decodes the exit code column of a PRG line.

    Returns:
      tuple[int, int]: exit code or None, signal or None.
    """
    value = int(line["excode"])
    if version < (2, 4):
        status = value & 0x7FFFFFFF
        if status & 0xFF:
            return None, status & 0x7F
        return (status >> 8) & 0xFF, None
    if value >= 256:
        return None, value - 256
    return value, None


def _Identifiers(line):
    """Retrieves the user and group identifiers of a PRG line."""
    return tuple(int(line[column]) for column in _IDENTIFIER_COLUMNS)


def _Epoch(line):
    """Retrieves the sample time of a PRG line."""
    return int(line["epoch"])


def _IsKernelThread(line):
    """Determines if a PRG line is that of kthreadd or a kernel thread."""
    return 2 in (int(line["pid"]), int(line["ppid"])) and not line["cmdline"]


class _Run:
    """The PRG lines of one atop run.

    Attributes:
      samples (list[ParseableSample]): samples of the run.
      alive (dict[tuple[int, int], list[dict]]): lines of every live process,
          by PID and start time, in the order of the samples.
      exit_times (dict[tuple[int, int], int]): sample time of the exit of
          every live process that exited.
      exit_lines (dict[tuple[int, int], dict]): E line of every live process
          that exited.
    """

    def __init__(self, samples):
        """Initializes a run."""
        super().__init__()
        self.samples = samples
        self.alive = {}
        self.exit_times = {}
        self.exit_lines = {}
        # The live process of each E line that has one, by id of the line.
        self._exited_keys = {}
        latest_by_pid = {}
        for sample in samples:
            for line in sample.prg:
                if line.get("isproc", "y") != "y":
                    continue
                pid = int(line["pid"])
                key = (pid, int(line["btime"]))
                if line["state"] != "E":
                    if key not in self.alive:
                        latest_by_pid[pid] = key
                    self.alive.setdefault(key, []).append(line)
                    continue
                latest = latest_by_pid.get(pid) if pid else None
                if (
                    latest is not None
                    and latest not in self.exit_times
                    and latest[1] - 1 <= key[1]
                    # Or started by the first sample that listed it alive.
                    and (
                        key[1] <= latest[1] + 1
                        or key[1] <= _Epoch(self.alive[latest][0])
                    )
                ):
                    self.exit_times[latest] = _Epoch(line)
                    self.exit_lines[latest] = line
                    self._exited_keys[id(line)] = latest

    def FindExitedKey(self, line):
        """Finds the live process of an E line, or None."""
        return self._exited_keys.get(id(line))

    def FindParentLine(self, ppid, start_time, first_listing_time):
        """Finds the line of the parent of a process, as the rules say.

        Args:
          ppid (int): parent PID of the child.
          start_time (int): start time of the child.
          first_listing_time (int): time of the first sample that lists the
              child (alive, or exited if it was never listed alive).

        Returns:
          dict[str, str]: PRG line of the parent, or None.
        """
        candidates = [
            (lines[0], key)
            for key, lines in self.alive.items()
            if key[0] == ppid
            and _Epoch(lines[0]) <= first_listing_time
            and self.exit_times.get(key, first_listing_time) >= first_listing_time
        ]
        if not ppid or not candidates:
            return None
        # The process with that PID first listed most recently.
        _, key = max(candidates, key=lambda item: _Epoch(item[0]))
        if key[1] > start_time + 1:
            return None
        lines = self.alive[key]
        before = [line for line in lines if _Epoch(line) <= start_time]
        if before:
            return before[-1]
        return lines[0]

    def FindLineage(self, pid, ppid, start_time, first_listing_time):
        """Finds the parent and the ancestry of a process, as the rules say.

        Every ancestor is the parent of the one below it, found by the rule
        that finds the parent, with the start time of the process.

        Args:
          pid (int): PID of the process.
          ppid (int): parent PID of the process.
          start_time (int): start time of the process.
          first_listing_time (int): time of the first sample that lists the
              process.

        Returns:
          tuple[str, str, str]: name and command line of the parent, and the
              ancestry, each None where unknown.
        """
        parent = self.FindParentLine(ppid, start_time, first_listing_time)
        ancestors = []
        met = {pid}
        ancestor_pid = ppid
        while ancestor_pid and ancestor_pid not in met and len(ancestors) < 32:
            met.add(ancestor_pid)
            line = self.FindParentLine(ancestor_pid, start_time, first_listing_time)
            if line is None:
                ancestors.append(f"[{ancestor_pid:d}]")
                break
            ancestors.append(f"{line['name']:s}[{ancestor_pid:d}]")
            ancestor_pid = int(line["ppid"])
        ancestry = " > ".join(reversed(ancestors)) or None
        if parent is None:
            return None, None, ancestry
        return parent["name"], parent["cmdline"] or None, ancestry


def _WindowStart(run):
    """Computes the window start of a run."""
    first = run[0].prg[0]
    first_time = _Epoch(first)
    first_interval = int(first["interval"])
    next_interval = first_interval
    if len(run) > 1 and run[1].prg:
        next_interval = int(run[1].prg[0]["interval"])
    if first_interval <= 2 * next_interval:
        return first_time - first_interval
    return first_time - next_interval


def _DeriveListedEvents(run, window_start, events):
    """Derives the events of the processes that atop listed alive in a run.

    Args:
      run (_Run): PRG lines of the run.
      window_start (int): start of the window of the run.
      events (ExpectedEvents): events, to which the starts, running
          processes, execs and credentials changes are added.
    """
    for (pid, start_time), lines in run.alive.items():
        first = lines[0]
        command_line = next(
            (line["cmdline"] for line in lines if line["cmdline"]), None
        )
        exit_line = run.exit_lines.get((pid, start_time))
        if not command_line and exit_line is not None:
            # The command line that atop gave the exit entry.
            command_line = exit_line["cmdline"] or None
        values = (
            pid,
            first["name"],
            start_time,
            int(first["ppid"]),
            command_line,
            *_Identifiers(first),
            *run.FindLineage(pid, int(first["ppid"]), start_time, _Epoch(first)),
        )
        if start_time >= window_start:
            events.starts.append(ExpectedStart(*values))
        else:
            events.running.append(ExpectedRunning(*values, _Epoch(first)))

        for previous, line in zip(lines, lines[1:]):
            ppid = int(line["ppid"])
            lineage = run.FindLineage(pid, ppid, start_time, _Epoch(first))
            if line["name"] != previous["name"] and not _IsKernelThread(line):
                events.execs.append(
                    ExpectedExec(
                        pid,
                        line["name"],
                        line["cmdline"] or None,
                        ppid,
                        _Epoch(line),
                        previous["name"],
                        previous["cmdline"] or None,
                        _Epoch(previous),
                        start_time,
                        *_Identifiers(line),
                        *lineage,
                    )
                )
            if _Identifiers(line) != _Identifiers(previous):
                events.credential_changes.append(
                    ExpectedCredentialsChange(
                        pid,
                        line["name"],
                        line["cmdline"] or None,
                        ppid,
                        _Epoch(line),
                        _Epoch(previous),
                        start_time,
                        *_Identifiers(line),
                        *_Identifiers(previous),
                        *lineage,
                    )
                )


def DeriveExitTime(line, hertz):
    """Derives the exit time of an E line.

    Args:
      line (dict[str, str]): PRG line of an exited process.
      hertz (int): clock ticks per second.

    Returns:
      tuple[int, bool]: exit time, and True if it is the sample time for want
          of a plausible one.
    """
    start_time = int(line["btime"])
    sample_time = _Epoch(line)
    elapsed = int(line["elaps"])
    for candidate in (elapsed, _DecodeCompT(elapsed)):
        if candidate is not None:
            end = start_time + candidate // hertz
            if start_time <= end <= sample_time:
                return end, False
    return sample_time, True


def _DeriveExit(line, version, hertz, totals):
    """Derives the exit event of an E line.

    Args:
      line (dict[str, str]): PRG line of an exited process.
      version (tuple[int, int]): (major, minor) release of the log.
      hertz (int): clock ticks per second.
      totals (dict[str, int]): what the process used over its life.

    Returns:
      ExpectedExit: exit.
    """
    start_time = int(line["btime"])
    exit_code, signal = _ExitStatus(line, version)
    exit_time, estimated = DeriveExitTime(line, hertz)
    return ExpectedExit(
        int(line["pid"]),
        line["name"],
        exit_time,
        exit_code,
        signal,
        start_time,
        exit_time - start_time,
        estimated,
        *(totals[name] for name in expected_usage.USAGE_FIELDS),
    )


def DeriveEvents(samples, version, hertz, has_network_counters=False):
    """Derives the expected events of a log from its parseable output.

    Args:
      samples (list[ParseableSample]): samples of the log.
      version (tuple[int, int]): (major, minor) release of the log.
      hertz (int): clock ticks per second.
      has_network_counters (Optional[bool]): True if the log holds the network
          counters of netatop.

    Returns:
      ExpectedEvents: expected events, sorted.
    """
    events = CreateExpectedEvents()

    runs = []
    for sample in samples:
        if sample.boot or not runs:
            runs.append([])
        runs[-1].append(sample)

    for run_samples in runs:
        window_start = _WindowStart(run_samples)
        run = _Run(run_samples)
        _DeriveListedEvents(run, window_start, events)
        run_usage = expected_usage.RunUsage(run, version, hertz, has_network_counters)
        events.usage.extend(run_usage.usage)

        for sample in run_samples:
            for line in sample.prg:
                if line.get("isproc", "y") != "y" or line["state"] != "E":
                    continue
                pid = int(line["pid"])
                start_time = int(line["btime"])
                if run.FindExitedKey(line) is None and start_time >= window_start:
                    # Known from its exit only: process accounting records the
                    # real identifiers only.
                    uid, _, _, _, gid, _, _, _ = _Identifiers(line)
                    events.starts.append(
                        ExpectedStart(
                            pid,
                            line["name"],
                            start_time,
                            int(line["ppid"]),
                            line["cmdline"] or None,
                            uid,
                            None,
                            None,
                            None,
                            gid,
                            None,
                            None,
                            None,
                            *run.FindLineage(
                                pid, int(line["ppid"]), start_time, _Epoch(line)
                            ),
                        )
                    )
                events.exits.append(
                    _DeriveExit(line, version, hertz, run_usage.exit_totals[id(line)])
                )

    return SortEvents(events)


def SortEvents(events):
    """Sorts expected events the way DeriveEvents does.

    Args:
      events (ExpectedEvents): events.

    Returns:
      ExpectedEvents: sorted events.
    """
    return ExpectedEvents(*(sorted(kind, key=repr) for kind in events))
