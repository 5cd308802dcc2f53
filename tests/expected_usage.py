"""What processes used, derived from atop's own -P PRC, PRD and PRN output.

A second, plain implementation of the usage rules of the atop parser, on
atop's text output: the totals of each exit and the use of each process per
clock hour, as sums of the columns of its lines.
"""

import collections

# What a process used: CPU times in milliseconds, disk and network bytes.
USAGE_FIELDS = (
    "cpu_user_time",
    "cpu_system_time",
    "disk_read_bytes",
    "disk_write_bytes",
    "disk_cancelled_write_bytes",
    "network_sent_bytes",
    "network_received_bytes",
)

ExpectedUsage = collections.namedtuple(
    "ExpectedUsage",
    (
        "pid",
        "process_name",
        "command_line",
        "ppid",
        "uid",
        "start_time",
        "period_start",
        "sample_time",
        *USAGE_FIELDS,
    ),
)

# The floors of a report of the use of an hour.
_CPU_FLOOR = 1000
_BYTES_FLOOR = 1024 * 1024

_NO_USAGE = dict.fromkeys(USAGE_FIELDS)


def _Add(total, counters):
    """Adds counters to a total, where the counters are recorded.

    Args:
      total (dict[str, int]): total, changed in place.
      counters (dict[str, int]): counters; None where not recorded.
    """
    for name, value in counters.items():
        if value is not None:
            total[name] = (total[name] or 0) + value


def _Zero():
    """Creates a total of nothing used: CPU times 0, other counters None."""
    return {**_NO_USAGE, "cpu_user_time": 0, "cpu_system_time": 0}


def _ReadCounters(sample, hertz, has_network_counters):
    """Reads the counters of every process line of a sample.

    Args:
      sample (ParseableSample): sample.
      hertz (int): clock ticks per second.
      has_network_counters (bool): True if the log holds netatop's counters.

    Returns:
      dict[int, dict[str, int]]: counters by id of the PRG line.
    """
    counters = {}
    prn_lines = sample.prn or [None] * len(sample.prg)
    for prg, prc, prd, prn in zip(sample.prg, sample.prc, sample.prd, prn_lines):
        values = dict(_NO_USAGE)
        values["cpu_user_time"] = int(prc["column5"]) * 1000 // hertz
        values["cpu_system_time"] = int(prc["column6"]) * 1000 // hertz
        if prd["iostat"] == "y" and prg["state"] != "E":
            values["disk_read_bytes"] = int(prd["rsz"]) * 512
            values["disk_write_bytes"] = int(prd["wsz"]) * 512
            values["disk_cancelled_write_bytes"] = int(prd["cwsz"]) * 512
        if has_network_counters and prn is not None:
            values["network_sent_bytes"] = int(prn["tcpssz"]) + int(prn["udpssz"])
            values["network_received_bytes"] = int(prn["tcprsz"]) + int(prn["udprsz"])
        counters[id(prg)] = values
    return counters


def _ReachesFloor(total):
    """Determines if the use of an hour is reported."""
    if total["cpu_user_time"] + total["cpu_system_time"] >= _CPU_FLOOR:
        return True
    return any(
        (total[name] or 0) >= _BYTES_FLOOR
        for name in (
            "disk_read_bytes",
            "disk_write_bytes",
            "network_sent_bytes",
            "network_received_bytes",
        )
    )


class RunUsage:
    """What the processes of one run used.

    Attributes:
      exit_totals (dict[int, dict[str, int]]): totals of each exit, by id of
          its PRG line.
      usage (list[ExpectedUsage]): use per process and clock hour.
    """

    def __init__(self, run, version, hertz, has_network_counters):
        """Derives what the processes of a run used.

        Args:
          run (expected_events._Run): PRG lines of the run.
          version (tuple[int, int]): (major, minor) release of the log.
          hertz (int): clock ticks per second.
          has_network_counters (bool): True if the log holds netatop's
              counters.
        """
        super().__init__()
        self._first_sample = run.samples[0]
        self._counters = {}
        self._sample_of_line = {}
        for sample in run.samples:
            self._counters.update(_ReadCounters(sample, hertz, has_network_counters))
            for line in sample.prg:
                self._sample_of_line[id(line)] = sample
        self.exit_totals = {}
        self.usage = []

        for key, lines in run.alive.items():
            exit_line = run.exit_lines.get(key)
            if exit_line is not None:
                # A zombie listed after the exit is no longer alive: atop
                # counts it again as a new task.
                exit_time = int(exit_line["epoch"])
                lines = [line for line in lines if int(line["epoch"]) <= exit_time]
            self._DeriveProcess(lines, exit_line, key, version)
        for sample in run.samples:
            for line in sample.prg:
                if (
                    line["state"] == "E"
                    and line.get("isproc", "y") == "y"
                    and run.FindExitedKey(line) is None
                ):
                    self._DeriveProcess([], line, None, version)

    def _DeriveProcess(self, lines, exit_line, key, version):
        """Derives what one process used.

        Args:
          lines (list[dict[str, str]]): PRG lines of the process alive.
          exit_line (dict[str, str]): PRG line of its exit, or None.
          key (tuple[int, int]): PID and start time of the process alive, or
              None for one known from its exit only.
          version (tuple[int, int]): (major, minor) release of the log.
        """
        listed = _Zero()
        for line in lines:
            _Add(listed, self._counters[id(line)])

        counted = [
            (line, self._counters[id(line)])
            for line in lines
            if self._sample_of_line[id(line)] is not self._first_sample
        ]
        if exit_line is not None:
            exited = self._counters[id(exit_line)]
            # atop subtracts what it counted before where it matched the exit
            # with the process: a start time within a second (1.26: equal).
            matched = key is not None and (
                version >= (2, 0) or key[1] == int(exit_line["btime"])
            )
            total = dict(listed)
            exit_counted = dict(exited)
            if matched:
                _Add(
                    total,
                    {
                        **_NO_USAGE,
                        **{
                            "cpu_user_time": exited["cpu_user_time"],
                            "cpu_system_time": exited["cpu_system_time"],
                        },
                    },
                )
            else:
                total["cpu_user_time"] = exited["cpu_user_time"]
                total["cpu_system_time"] = exited["cpu_system_time"]
                for name in ("cpu_user_time", "cpu_system_time"):
                    exit_counted[name] = max(0, exited[name] - listed[name])
            _Add(
                total,
                {
                    **_NO_USAGE,
                    "network_sent_bytes": exited["network_sent_bytes"],
                    "network_received_bytes": exited["network_received_bytes"],
                },
            )
            self.exit_totals[id(exit_line)] = total
            if self._sample_of_line[id(exit_line)] is not self._first_sample:
                counted.append((exit_line, exit_counted))

        has_disk_counters = listed["disk_read_bytes"] is not None
        first_command_line = next(
            (line["cmdline"] for line in lines if line["cmdline"]),
            (exit_line or {}).get("cmdline") or None,
        )
        start_time = key[1] if key else int(exit_line["btime"])
        self._DeriveHours(counted, has_disk_counters, first_command_line, start_time)

    def _DeriveHours(self, counted, has_disk_counters, command_line, start_time):
        """Derives the use of a process per clock hour.

        Args:
          counted (list[tuple[dict, dict]]): PRG line and counters of every
              listing that counts, in the order of the samples.
          has_disk_counters (bool): True if the process has disk counters.
          command_line (str): first command line of the process, or None.
          start_time (int): start time of the process.
        """
        groups = []
        for line, counters in counted:
            hour = int(line["epoch"]) // 3600
            if not groups or groups[-1][0] != hour:
                groups.append((hour, []))
            groups[-1][1].append((line, counters))

        for _, group in groups:
            total = _Zero()
            for _, counters in group:
                _Add(total, counters)
            if has_disk_counters:
                for name in (
                    "disk_read_bytes",
                    "disk_write_bytes",
                    "disk_cancelled_write_bytes",
                ):
                    total[name] = total[name] or 0
            if not _ReachesFloor(total):
                continue
            first, last = group[0][0], group[-1][0]
            self.usage.append(
                ExpectedUsage(
                    pid=int(last["pid"]),
                    process_name=last["name"],
                    command_line=last["cmdline"] or command_line,
                    ppid=int(last["ppid"]) or None,
                    uid=int(last["ruid"]),
                    start_time=start_time,
                    period_start=int(first["epoch"]) - int(first["interval"]),
                    sample_time=int(last["epoch"]),
                    **total,
                )
            )
