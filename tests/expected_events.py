"""The process events a log must yield, derived from atop's own -P PRG output.

This is a second, deliberately plain implementation of the event rules of the
atop parser, that reads atop's text output instead of the raw log, so that the
tests compare the parser with an independent derivation.
"""

import collections

ExpectedStart = collections.namedtuple(
    "ExpectedStart", ["pid", "name", "start_time", "ppid", "uid", "command_line"]
)

ExpectedRunning = collections.namedtuple(
    "ExpectedRunning",
    ["pid", "name", "start_time", "ppid", "uid", "command_line", "sample_time"],
)

ExpectedExit = collections.namedtuple(
    "ExpectedExit",
    [
        "pid",
        "name",
        "exit_time",
        "exit_code",
        "signal",
        "start_time",
        "run_time",
        "estimated",
    ],
)


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


def DeriveEvents(samples, version, hertz):
    """Derives the expected events of a log from its parseable output.

    Args:
      samples (list[ParseableSample]): samples of the log.
      version (tuple[int, int]): (major, minor) release of the log.
      hertz (int): clock ticks per second.

    Returns:
      tuple[list[ExpectedStart], list[ExpectedRunning], list[ExpectedExit]]:
          expected events.
    """
    starts, running, exits = [], [], []

    runs = []
    for sample in samples:
        if sample.boot or not runs:
            runs.append([])
        runs[-1].append(sample)

    for run in runs:
        first = run[0].prg[0] if run[0].prg else None
        first_time = int(first["epoch"]) if first else None
        first_interval = int(first["interval"]) if first else None
        next_interval = first_interval
        if len(run) > 1 and run[1].prg:
            next_interval = int(run[1].prg[0]["interval"])
        if first_interval <= 2 * next_interval:
            window_start = first_time - first_interval
        else:
            window_start = first_time - next_interval

        # Live processes of the run, in order of their first sighting.
        alive = {}
        latest_by_pid = {}
        exited_only = []
        for sample in run:
            for line in sample.prg:
                if line.get("isproc", "y") != "y":
                    continue
                pid = int(line["pid"])
                start_time = int(line["btime"])
                if line["state"] != "E":
                    key = (pid, start_time)
                    if key not in alive:
                        alive[key] = {
                            "line": line,
                            "command_line": line["cmdline"] or None,
                            "sample_time": int(line["epoch"]),
                        }
                        latest_by_pid[pid] = key
                    elif not alive[key]["command_line"]:
                        alive[key]["command_line"] = line["cmdline"] or None
                    continue

                key = latest_by_pid.get(pid) if pid else None
                if key is not None and abs(key[1] - start_time) <= 1:
                    if not alive[key]["command_line"]:
                        alive[key]["command_line"] = line["cmdline"] or None
                else:
                    exited_only.append(line)

                exit_code, signal = _ExitStatus(line, version)
                sample_time = int(line["epoch"])
                elapsed = int(line["elaps"])
                exit_time, estimated = sample_time, True
                for candidate in (elapsed, _DecodeCompT(elapsed)):
                    if candidate is not None:
                        end = start_time + candidate // hertz
                        if start_time <= end <= sample_time:
                            exit_time, estimated = end, False
                            break
                exits.append(
                    ExpectedExit(
                        pid,
                        line["name"],
                        exit_time,
                        exit_code,
                        signal,
                        start_time,
                        exit_time - start_time,
                        estimated,
                    )
                )

        for (pid, start_time), process in alive.items():
            line = process["line"]
            values = (
                pid,
                line["name"],
                start_time,
                int(line["ppid"]),
                int(line["ruid"]),
                process["command_line"],
            )
            if start_time >= window_start:
                starts.append(ExpectedStart(*values))
            else:
                running.append(ExpectedRunning(*values, process["sample_time"]))

        for line in exited_only:
            start_time = int(line["btime"])
            if start_time >= window_start:
                starts.append(
                    ExpectedStart(
                        int(line["pid"]),
                        line["name"],
                        start_time,
                        int(line["ppid"]),
                        int(line["ruid"]),
                        line["cmdline"] or None,
                    )
                )

    return starts, running, exits
