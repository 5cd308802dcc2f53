#!/usr/bin/env python3
"""Benchmarks plaso-atop against the inflate floors and the other atop readers.

    python bench/run.py [--end-to-end] [--startup] [--dissect] [LOG ...]

Run it with the Python of an environment where plaso-atop and plaso are
installed (such as .venv of the README). The logs default to the quiet log
(the first half of bench/data/atop_large.raw, see bench/make_large_log.sh)
and the high-churn log (bench/data/atop_churn.raw, see
bench/make_churn_log.sh). Every measurement runs in a process of its own, on
the same file, and the measurements take turns, the fastest of their runs
counting, so that a slow spell of a shared machine favours none of them.
atoparser, dissect.target and the other inflate libraries are installed into
bench/.venv, not into the project.

For each log it prints the times and their ratios: our reader against
libdeflate, zlib-ng and the standard zlib inflating the same task blocks; the
parser's own time (everything but plaso's ProduceEventData, which is timed
and taken out) against the standard zlib, and so the least that a parser
built on our reader and plaso's event data does (the start and the exit event
data of each exited entry, with every attribute, nothing tracked) and a
prototype that fuses reading, a part of the tracking and building the event
data into one loop; atoparser (and dissect.target with
--dissect) against us; our time per event data; and the peak memory of the
parser on the first half of the log and on the whole log.

--end-to-end also times `log2timeline --parsers atop` on each log and
profiles which share of its time our code takes. --startup times the
interpreter start-up with and without the .pth hook.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

BENCH_PATH = os.path.dirname(os.path.abspath(__file__))
DATA_PATH = os.path.join(BENCH_PATH, "data")
LARGE_LOG_PATH = os.path.join(DATA_PATH, "atop_large.raw")
QUIET_LOG_PATH = os.path.join(DATA_PATH, "atop_quiet.raw")
CHURN_LOG_PATH = os.path.join(DATA_PATH, "atop_churn.raw")
BENCH_VENV_PATH = os.path.join(BENCH_PATH, ".venv")

# Packages of the benchmark's own environment.
BENCH_PACKAGES = [
    "atoparser==3.3.1",
    "dissect.target==3.25.1",
    "deflate",
    "isal",
    "zlib-ng",
]

# Runs of a measurement in one process, and rounds of processes; the fastest
# run counts.
REPEATS = 3
ROUNDS = 3

# Measurements that take long enough to run once.
SLOW_MEASUREMENTS = frozenset(["atoparser", "dissect"])

# Measurements: name, environment ("project" or "bench") and description.
MEASUREMENTS = [
    ("reader", "project", "plaso-atop reader, what the tracker needs of every task"),
    ("parser", "project", "plaso-atop parser, its own time (ProduceEventData out)"),
    (
        "least",
        "project",
        "least a parser does: start and exit event data of every exited entry",
    ),
    (
        "fused",
        "project",
        "fused prototype: reading, part of the tracking and event data in a loop",
    ),
    ("libdeflate", "bench", "inflate task blocks: libdeflate"),
    ("zlib_ng", "bench", "inflate task blocks: zlib-ng"),
    ("isal", "bench", "inflate task blocks: ISA-L"),
    ("zlib", "bench", "inflate task blocks: standard zlib"),
    ("atoparser", "bench", "atoparser 3.3.1, every task"),
    ("dissect", "bench", "dissect.target 3.25 AtopFile, every task"),
]


def _ReadTaskBlocks(path):
    """Reads the compressed task blocks of a log and their inflated sizes.

    Args:
      path (str): path of the log.

    Returns:
      tuple[list[tuple[bytes, int]], int]: blocks with their inflated size,
          and the number of tasks.
    """
    with open(path, "rb") as file_object:
        data = file_object.read()
    record_size = struct.unpack_from("<H", data, 12)[0]
    task_size = struct.unpack_from("<I", data, 32)[0]
    has_cgroup_blocks = struct.unpack_from("<I", data, 456)[0] != 0
    blocks = []
    number_of_tasks = 0
    offset = 480
    while offset + record_size <= len(data):
        flags = struct.unpack_from("<H", data, offset + 8)[0]
        scomplen, pcomplen = struct.unpack_from("<II", data, offset + 16)
        ndeviat = struct.unpack_from("<I", data, offset + 28)[0]
        start = offset + record_size + scomplen
        blocks.append((data[start : start + pcomplen], ndeviat * task_size))
        number_of_tasks += ndeviat
        next_offset = start + pcomplen
        if has_cgroup_blocks and flags & 0x100:
            ccomplen, _, _, icomplen = struct.unpack_from("<IIII", data, offset + 72)
            next_offset += ccomplen + icomplen
        offset = next_offset
    return blocks, number_of_tasks


def _Inflate(path, name):
    """Inflates every task block of a log with one library.

    Returns:
      dict[str, object]: seconds and number of tasks.
    """
    blocks, number_of_tasks = _ReadTaskBlocks(path)
    if name == "libdeflate":
        import deflate

        def inflate(data, size):
            return deflate.zlib_decompress(data, size)

    elif name == "zlib_ng":
        from zlib_ng import zlib_ng

        def inflate(data, size):
            return zlib_ng.decompress(data, bufsize=size)

    elif name == "isal":
        from isal import isal_zlib

        def inflate(data, size):
            return isal_zlib.decompress(data, bufsize=size)

    else:
        import zlib

        def inflate(data, size):
            return zlib.decompress(data, bufsize=size)

    start = time.perf_counter()
    for data, size in blocks:
        if len(inflate(data, size)) != size:
            raise RuntimeError("inflated size mismatch")
    return {"seconds": time.perf_counter() - start, "tasks": number_of_tasks}


def _OurReader(path):
    """Reads a log with our reader, as the tracker reads it.

    Returns:
      dict[str, object]: seconds and number of tasks.
    """
    from plaso_atop.atoplog import reader
    from plaso_atop.lifecycle import changes

    number_of_tasks = 0
    start = time.perf_counter()
    with open(path, "rb") as file_object:
        for sample in reader.AtopLogFile(file_object).ReadSamples():
            sample.GetTaskIdentities()
            changes.FindChangedProcessEntries(sample)
            sample.GetExitedTasks()
            number_of_tasks += sample.number_of_tasks
    return {"seconds": time.perf_counter() - start, "tasks": number_of_tasks}


class _TimedMediator:
    """Wraps a real plaso parser mediator to time its ProduceEventData."""

    abort = False

    def __init__(self, mediator):
        """Initializes the wrapper.

        Args:
          mediator (ParserMediator): parser mediator.
        """
        self._mediator = mediator
        self._produce_event_data = mediator.ProduceEventData
        self.number_of_event_data = 0
        self.produce_seconds = 0.0
        self.ProduceWarning = mediator.ProduceWarning

    def ProduceEventData(self, event_data, **kwargs):
        """Produces event data, timing plaso's work."""
        start = time.perf_counter()
        self._produce_event_data(event_data, **kwargs)
        self.produce_seconds += time.perf_counter() - start
        self.number_of_event_data += 1


def _MeasureTimingCost(number_of_calls=100000):
    """Measures what timing a call of ProduceEventData costs outside its timing.

    The wrapper's own call, its keyword arguments and its bookkeeping are
    neither the parser's work nor plaso's: the parser's own time leaves them
    out as timeit leaves out the cost of its loop.

    Args:
      number_of_calls (int): number of calls to time.

    Returns:
      float: seconds per call.
    """
    from plaso.containers import events

    class _NoOpMediator:
        """Mediator whose ProduceEventData does nothing."""

        def ProduceEventData(self, event_data, **kwargs):
            """Does nothing."""

        def ProduceWarning(self, message, **kwargs):
            """Does nothing."""

    event_data = events.EventData()
    calls = range(number_of_calls)
    best = None
    for _ in range(5):
        mediator = _TimedMediator(_NoOpMediator())
        produce_event_data = mediator.ProduceEventData
        start = time.perf_counter()
        for _ in calls:
            produce_event_data(event_data)
        timed = time.perf_counter() - start - mediator.produce_seconds
        start = time.perf_counter()
        for _ in calls:
            pass
        timed -= time.perf_counter() - start
        best = timed if best is None else min(best, timed)
    return max(best, 0.0) / number_of_calls


def _CreateParserMediator():
    """Creates a real plaso parser mediator whose storage writer drops the
    event data it gets.

    log2timeline's workers write event data to a storage file; an in-memory
    storage writer that keeps them all would make the garbage collector, and
    so the parser, slower than in log2timeline.

    Returns:
      ParserMediator: parser mediator.
    """
    from plaso.parsers import mediator as parsers_mediator
    from plaso.storage.fake import writer as fake_writer

    class _DroppingStorageWriter(fake_writer.FakeStorageWriter):
        """Storage writer that drops the attribute containers it gets."""

        def AddAttributeContainer(self, container):
            """Drops an attribute container."""

    storage_writer = _DroppingStorageWriter()
    storage_writer.Open()
    mediator = parsers_mediator.ParserMediator()
    mediator.SetStorageWriter(storage_writer)
    return mediator


def _TimeWithParserMediator(function):
    """Times what produces event data through a real parser mediator.

    Args:
      function (function): called with the mediator to produce event data.

    Returns:
      dict[str, object]: its own seconds (plaso's ProduceEventData and the
          cost of timing it taken out), the seconds of ProduceEventData and
          the number of event data.
    """
    timing_cost = _MeasureTimingCost()
    mediator = _TimedMediator(_CreateParserMediator())
    start = time.perf_counter()
    function(mediator)
    seconds = time.perf_counter() - start
    timing_seconds = timing_cost * mediator.number_of_event_data
    return {
        "seconds": seconds - mediator.produce_seconds - timing_seconds,
        "produce_seconds": mediator.produce_seconds,
        "event_data": mediator.number_of_event_data,
    }


def _OurParser(path):
    """Parses a log with the plaso parser and a real parser mediator.

    Returns:
      dict[str, object]: the parser's own seconds (plaso's ProduceEventData
          and the cost of timing it taken out), the seconds of
          ProduceEventData, and the number of tasks and event data.
    """
    from plaso_atop import parser as atop_parser
    from plaso_atop.atoplog import reader

    with open(path, "rb") as file_object:
        number_of_tasks = sum(
            sample.number_of_tasks
            for sample in reader.AtopLogFile(file_object).ReadSamples()
        )

    def _Parse(mediator):
        """Parses the log."""
        with open(path, "rb") as file_object:
            atop_parser.AtopParser().ParseFileObject(mediator, file_object)

    result = _TimeWithParserMediator(_Parse)
    result["tasks"] = number_of_tasks
    return result


class _EventDataBuilder:
    """Builds the start and exit event data of the parser from task entries.

    What the least a parser does and the fused prototype share: the parser's
    event data with every attribute they carry, from the entries of our
    reader, each built by a method call as the parser builds them.
    """

    def __init__(self):
        """Initializes the builder."""
        from plaso_atop import event_data as atop_event_data
        from plaso_atop import parser as atop_parser

        self._exit_class = atop_event_data.AtopProcessExitEventData
        self._start_class = atop_event_data.AtopProcessStartEventData
        # The parser's own caches of date and time values: the same sharing
        # of values, warm across runs in one process as the parser's are.
        # pylint: disable=protected-access
        self._create_posix_time = atop_parser._CreatePosixTime
        self._format_iso_time = atop_parser._FormatISOTime

    def BuildExit(self, entry, hostname, hertz, exit_time, estimated):
        """Builds the exit event data of an exited entry.

        Returns:
          AtopProcessExitEventData: event data.
        """
        exit_code, signal, core_dumped = entry.GetExitStatus()
        event_data = self._exit_class()
        event_data.command_line = entry.command_line or None
        event_data.core_dumped = core_dumped
        event_data.cpu_system_time = entry.cpu_system_ticks * 1000 // hertz
        event_data.cpu_user_time = entry.cpu_user_ticks * 1000 // hertz
        event_data.exit_code = exit_code
        event_data.exit_time = self._create_posix_time(exit_time)
        event_data.exit_time_estimated = estimated
        event_data.gid = entry.rgid
        event_data.hostname = hostname
        event_data.pid = entry.pid
        event_data.ppid = entry.ppid or None
        event_data.process_name = entry.name
        event_data.process_start_time = self._format_iso_time(entry.start_time)
        event_data.run_time = exit_time - entry.start_time
        event_data.signal = signal
        event_data.uid = entry.ruid
        return event_data

    def BuildStart(self, entry, hostname, parent):
        """Builds the start event data of an entry.

        Returns:
          AtopProcessStartEventData: event data, with the identifiers that
              the entry holds (an exited entry: the real ones only).
        """
        event_data = self._start_class()
        event_data.cgroup = entry.cgroup or None
        event_data.command_line = entry.command_line or None
        event_data.container = entry.container or None
        event_data.egid = entry.egid
        event_data.euid = entry.euid
        event_data.fsgid = entry.fsgid
        event_data.fsuid = entry.fsuid
        event_data.gid = entry.rgid
        event_data.hostname = hostname
        if parent:
            event_data.parent_command_line = parent.command_line or None
            event_data.parent_process_name = parent.name
        event_data.pid = entry.pid
        event_data.ppid = entry.ppid
        event_data.process_name = entry.name
        event_data.sgid = entry.sgid
        event_data.start_time = self._create_posix_time(entry.start_time)
        event_data.suid = entry.suid
        event_data.uid = entry.ruid
        return event_data


def _LeastParser(path):
    """Does the least that a parser of the log must do, with our reader.

    Reads the samples, with the identities of their tasks that tell one
    process from another, decodes the exited entries and builds the start and
    the exit event data of each, with every attribute the parser's event data
    carry, as a real parser mediator produces them. Nothing is tracked: the
    parent stays None, the exit time is not checked against the start and the
    sample, and a process listed alive before its exit gives its start here.
    On a log whose processes start and exit between samples, this bounds from
    below what any parser built on plaso's event data and our reader can take:
    the tracking has to fit in the time between it and the goal.

    Returns:
      dict[str, object]: own seconds (plaso's ProduceEventData and the cost
          of timing it taken out), the seconds of ProduceEventData and the
          number of event data.
    """
    from plaso_atop.atoplog import reader

    builder = _EventDataBuilder()

    def _Produce(mediator):
        """Produces a start and an exit event data per exited entry."""
        produce_event_data = mediator.ProduceEventData
        build_exit = builder.BuildExit
        build_start = builder.BuildStart
        with open(path, "rb") as file_object:
            for sample in reader.AtopLogFile(file_object).ReadSamples():
                hertz = sample.header.hertz
                hostname = sample.header.hostname or None
                sample.GetTaskIdentities()
                for entry in sample.GetExitedTasks():
                    produce_event_data(build_start(entry, hostname, None))
                    exit_time = entry.start_time + entry.elapsed_ticks // hertz
                    produce_event_data(
                        build_exit(entry, hostname, hertz, exit_time, False)
                    )

    return _TimeWithParserMediator(_Produce)


def _FusedPrototype(path):
    """Parses the log in one loop with a part of the parser's tracking.

    A prototype of a parser that does not keep the reader, the tracker and
    the event data apart: per sample, the changed process entries give the
    start of the new processes, with the parent as listed; the exited entries
    are matched to the live processes by PID and start time, give the start
    of the processes not seen alive, with the parent, and their exit, with
    the exit time checked. It leaves out what else the parser tracks: changes
    of program and identifiers, the earlier listings of a parent, the window
    of a run, command lines listed later, damaged samples, warnings, and the
    bound on the processes it remembers. What it takes bounds from below what
    fusing the parser into one loop could gain.

    Returns:
      dict[str, object]: own seconds (plaso's ProduceEventData and the cost
          of timing it taken out), the seconds of ProduceEventData and the
          number of event data.
    """
    from plaso_atop.atoplog import reader
    from plaso_atop.lifecycle import changes

    builder = _EventDataBuilder()

    def _Produce(mediator):
        """Produces the start and exit event data of the processes."""
        produce_event_data = mediator.ProduceEventData
        build_exit = builder.BuildExit
        build_start = builder.BuildStart
        # Live entries and their fingerprints, by identity and by PID.
        live = {}
        with open(path, "rb") as file_object:
            for sample in reader.AtopLogFile(file_object).ReadSamples():
                hertz = sample.header.hertz
                hostname = sample.header.hostname or None
                identities = sample.GetTaskIdentities()
                for index in changes.FindChangedProcessEntries(sample):
                    identity = identities[index]
                    fingerprint = sample.GetTaskFingerprint(index)
                    known = live.get(identity)
                    if known and known[1] == fingerprint:
                        continue
                    entry = sample.GetTask(index)
                    if not known:
                        parent = live.get(entry.ppid)
                        produce_event_data(
                            build_start(entry, hostname, parent and parent[0])
                        )
                    live[identity] = live[entry.pid] = (entry, fingerprint)

                for entry in sample.GetExitedTasks():
                    start_time = entry.start_time
                    known = live.get(entry.pid)
                    if known and abs(known[0].start_time - start_time) <= 1:
                        del live[entry.pid]
                    else:
                        parent = live.get(entry.ppid)
                        produce_event_data(
                            build_start(entry, hostname, parent and parent[0])
                        )
                    exit_time = start_time + entry.elapsed_ticks // hertz
                    estimated = not start_time <= exit_time <= sample.time
                    if estimated:
                        exit_time = sample.time
                    produce_event_data(
                        build_exit(entry, hostname, hertz, exit_time, estimated)
                    )

    return _TimeWithParserMediator(_Produce)


def _Atoparser(path):
    """Reads every task with atoparser.

    Returns:
      dict[str, object]: seconds and number of tasks.
    """
    import atoparser

    number_of_tasks = 0
    start = time.perf_counter()
    with open(path, "rb") as file_object:
        for _, _, tasks, _ in atoparser.generate_statistics(file_object):
            for task in tasks:
                task.gen.pid
                number_of_tasks += 1
    return {"seconds": time.perf_counter() - start, "tasks": number_of_tasks}


def _Dissect(path):
    """Reads every task with dissect.target's AtopFile.

    Returns:
      dict[str, object]: seconds and number of tasks.
    """
    from dissect.target.plugins.os.unix.log import atop

    number_of_tasks = 0
    start = time.perf_counter()
    with open(path, "rb") as file_object:
        for task in atop.AtopFile(file_object):
            task.gen.pid
            number_of_tasks += 1
    return {"seconds": time.perf_counter() - start, "tasks": number_of_tasks}


def Measure(name, path):
    """Runs one measurement in this process and prints its result as JSON.

    Args:
      name (str): name of the measurement.
      path (str): path of the log.
    """
    # Import what the measurement needs before the memory baseline.
    if name in ("reader", "parser", "least", "fused"):
        import plaso_atop.atoplog  # noqa: F401

        if name in ("parser", "least", "fused"):
            import plaso.parsers  # noqa: F401
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    functions = {
        "reader": _OurReader,
        "parser": _OurParser,
        "least": _LeastParser,
        "fused": _FusedPrototype,
        "atoparser": _Atoparser,
        "dissect": _Dissect,
    }
    function = functions.get(name)
    if function is None:
        results = [_Inflate(path, name) for _ in range(REPEATS)]
    else:
        repeats = 1 if name in SLOW_MEASUREMENTS else REPEATS
        results = [function(path) for _ in range(repeats)]

    result = min(results, key=lambda result: result["seconds"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["memory"] = (peak - baseline) * 1024
    print(json.dumps(result))


def _RunMeasurement(python, name, path):
    """Runs a measurement in its own process.

    Returns:
      dict[str, object]: result, or None if it failed.
    """
    result = subprocess.run(
        [python, os.path.abspath(__file__), "--measure", name, path],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        print(f"  {name:s} failed: {result.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def _RunAtop(path):
    """Times `atop -r FILE -P PRG` when an atop that reads the log is installed.

    Returns:
      dict[str, object]: result, or None.
    """
    atop = shutil.which("atop")
    if not atop:
        return None
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        result = subprocess.run(
            [atop, "-r", path, "-P", "PRG"], stdout=devnull, stderr=subprocess.PIPE
        )
    seconds = time.perf_counter() - start
    if result.returncode:
        return None
    return {"seconds": seconds}


def _SetUpBenchEnvironment():
    """Creates the benchmark's own virtual environment, once.

    Returns:
      str: path of its Python.
    """
    python = os.path.join(BENCH_VENV_PATH, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", BENCH_VENV_PATH], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "-q", *BENCH_PACKAGES], check=True
        )
    return python


def _PrintTable(title, header, rows):
    """Prints a Markdown table."""
    print(f"\n{title:s}\n")
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join("---" for _ in header) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _ParserMemory(path):
    """Measures the peak memory of the parser on a log, in a process of its own.

    Returns:
      int: peak traced memory in bytes.
    """
    code = (
        "import sys, tracemalloc\n"
        "from plaso_atop import parser\n"
        "class Discarding:\n"
        "    abort = False\n"
        "    def ProduceEventData(self, event_data, **kwargs): pass\n"
        "    def ProduceWarning(self, message, **kwargs): pass\n"
        "tracemalloc.start()\n"
        "with open(sys.argv[1], 'rb') as file_object:\n"
        "    parser.AtopParser().ParseFileObject(Discarding(), file_object)\n"
        "print(tracemalloc.get_traced_memory()[1])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, path],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def _WriteFirstHalf(path, half_path):
    """Writes the first half of the samples of a log.

    Args:
      path (str): path of the log.
      half_path (str): path of the log to write.

    Returns:
      int: number of samples written.
    """
    from plaso_atop.atoplog import reader

    with open(path, "rb") as file_object:
        offsets = [
            sample.offset for sample in reader.AtopLogFile(file_object).ReadSamples()
        ]
        file_object.seek(0)
        data = file_object.read(offsets[len(offsets) // 2])
    with open(half_path, "wb") as file_object:
        file_object.write(data)
    return len(offsets) // 2


def _CountSamples(path):
    """Counts the samples of a log."""
    from plaso_atop.atoplog import reader

    with open(path, "rb") as file_object:
        return sum(1 for _ in reader.AtopLogFile(file_object).ReadSamples())


def RunLog(path, dissect):
    """Runs the measurements on a log and prints their times and ratios.

    Args:
      path (str): path of the log.
      dissect (bool): True to measure dissect.target too.
    """
    bench_python = _SetUpBenchEnvironment()
    names = [name for name, _, _ in MEASUREMENTS if dissect or name != "dissect"]
    environments = {name: environment for name, environment, _ in MEASUREMENTS}
    results = {}
    for round_index in range(ROUNDS):
        for name in names:
            if round_index and name in SLOW_MEASUREMENTS:
                continue
            python = sys.executable if environments[name] == "project" else bench_python
            result = _RunMeasurement(python, name, path)
            if result and (
                name not in results or result["seconds"] < results[name]["seconds"]
            ):
                results[name] = result
            results.setdefault(name, None)
    results["atop"] = _RunAtop(path)

    descriptions = {name: text for name, _, text in MEASUREMENTS}
    descriptions["atop"] = "atop -r FILE -P PRG > /dev/null (C)"
    size = os.path.getsize(path)
    number_of_tasks = results["reader"]["tasks"]
    rows = []
    for name, result in results.items():
        if not result:
            rows.append([descriptions[name], "n/a", ""])
            continue
        memory = result.get("memory")
        rows.append(
            [
                descriptions[name],
                f"{result['seconds']:.3f}",
                f"{memory / 1024 / 1024:.0f} MiB" if memory is not None else "",
            ]
        )
    _PrintTable(
        f"{os.path.basename(path):s}: {size / 1e6:.1f} MB, {_CountSamples(path):,d} "
        f"samples, {number_of_tasks:,d} task entries",
        ["measurement", "seconds", "peak memory"],
        rows,
    )

    def _Ratio(numerator, denominator):
        first, second = results.get(numerator), results.get(denominator)
        if not first or not second:
            return "n/a"
        return f"{first['seconds'] / second['seconds']:.2f}"

    parser = results["parser"]
    ratios = [
        ["our reader / libdeflate", _Ratio("reader", "libdeflate")],
        ["our reader / zlib-ng", _Ratio("reader", "zlib_ng")],
        ["our reader / standard zlib", _Ratio("reader", "zlib")],
        ["parser's own time / standard zlib", _Ratio("parser", "zlib")],
        ["least a parser does / standard zlib", _Ratio("least", "zlib")],
        [
            "fused prototype, part of the tracking / standard zlib",
            _Ratio("fused", "zlib"),
        ],
        ["atoparser / parser's own time", _Ratio("atoparser", "parser")],
    ]
    if dissect:
        ratios.append(
            ["dissect.target / parser's own time", _Ratio("dissect", "parser")]
        )
    ratios.extend(
        [
            [
                "event data",
                f"{parser['event_data']:,d}",
            ],
            [
                "parser's own time per event data",
                f"{parser['seconds'] / parser['event_data'] * 1e6:.1f} µs",
            ],
            [
                "plaso's ProduceEventData per event data",
                f"{parser['produce_seconds'] / parser['event_data'] * 1e6:.1f} µs",
            ],
        ]
    )

    with tempfile.TemporaryDirectory() as directory:
        half_path = os.path.join(directory, "first_half.raw")
        half_samples = _WriteFirstHalf(path, half_path)
        half_peak = _ParserMemory(half_path)
    peak = _ParserMemory(path)
    ratios.extend(
        [
            [
                f"parser peak memory, first {half_samples:,d} samples",
                f"{half_peak / 1024 / 1024:.1f} MiB",
            ],
            ["parser peak memory, whole log", f"{peak / 1024 / 1024:.1f} MiB"],
        ]
    )
    _PrintTable(f"{os.path.basename(path):s}: ratios", ["measurement", "value"], ratios)


def _RunLog2Timeline(path, directory):
    """Runs log2timeline --parsers atop on a log, in a process of its own.

    Args:
      path (str): path of the log.
      directory (str): temporary directory for the storage file and the log.

    Returns:
      tuple[float, int]: wall time, and number of events.
    """
    from plaso.storage import factory

    log2timeline = os.path.join(os.path.dirname(sys.executable), "log2timeline")
    storage_path = os.path.join(directory, "wall.plaso")
    start = time.perf_counter()
    subprocess.run(
        [
            log2timeline,
            "--quiet",
            "--unattended",
            "--status_view",
            "none",
            "--logfile",
            os.path.join(directory, "log2timeline.log.gz"),
            "--parsers",
            "atop",
            "--storage-file",
            storage_path,
            path,
        ],
        capture_output=True,
        check=True,
        cwd=directory,
    )
    wall_time = time.perf_counter() - start
    storage_reader = factory.StorageFactory.CreateStorageReaderForFile(storage_path)
    number_of_events = storage_reader.GetNumberOfAttributeContainers("event")
    storage_reader.Close()
    return wall_time, number_of_events


def _ProfileLog2Timeline(path, directory):
    """Profiles log2timeline --single_process on a log.

    Args:
      path (str): path of the log.
      directory (str): temporary directory for the storage file and the log.

    Returns:
      tuple[float, float]: profiled time, and the time of our code in it: the
          parser minus plaso's ProduceEventData.
    """
    import pstats

    log2timeline = os.path.join(os.path.dirname(sys.executable), "log2timeline")
    profile_path = os.path.join(directory, "profile")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            profile_path,
            log2timeline,
            "--quiet",
            "--unattended",
            "--status_view",
            "none",
            "--single_process",
            "--logfile",
            os.path.join(directory, "profiled.log.gz"),
            "--parsers",
            "atop",
            "--storage-file",
            os.path.join(directory, "profiled.plaso"),
            path,
        ],
        check=True,
        capture_output=True,
        cwd=directory,
    )
    stats = pstats.Stats(profile_path)
    parse_time = produce_time = 0.0
    for (filename, _, function), values in stats.stats.items():
        cumulative_time = values[3]
        if filename.endswith(os.path.join("plaso_atop", "parser.py")) and (
            function == "ParseFileObject"
        ):
            parse_time += cumulative_time
        elif filename.endswith(os.path.join("parsers", "mediator.py")) and (
            function == "ProduceEventData"
        ):
            produce_time += cumulative_time
    return stats.total_tt, parse_time - produce_time


def RunEndToEnd(paths):
    """Times log2timeline on logs and profiles the share of our code.

    Args:
      paths (list[str]): paths of the logs.
    """
    rows = []
    for path in paths:
        with tempfile.TemporaryDirectory() as directory:
            wall_time, number_of_events = _RunLog2Timeline(path, directory)
        with tempfile.TemporaryDirectory() as directory:
            profiled_time, our_time = _ProfileLog2Timeline(path, directory)
        rows.append(
            [
                os.path.basename(path),
                f"{wall_time:.1f} s",
                f"{number_of_events:,d}",
                f"{number_of_events / wall_time:,.0f}",
                f"{100 * our_time / profiled_time:.1f} %",
            ]
        )
    _PrintTable(
        "log2timeline --parsers atop (two worker processes by default); our share "
        "of a profiled --single_process run",
        ["log", "wall time", "events", "events/s", "share of our code"],
        rows,
    )


def RunStartup():
    """Times the interpreter start-up with and without the .pth hook."""
    with_hook = dict(os.environ)
    with_hook.pop("PLASO_ATOP_DISABLE_HOOK", None)
    without_hook = dict(with_hook, PLASO_ATOP_DISABLE_HOOK="1")
    times = {"installed": [], "switched off": []}
    # Alternate the two, so that both see the same state of the machine.
    for _ in range(60):
        for name, environment in (
            ("installed", with_hook),
            ("switched off", without_hook),
        ):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], env=environment, check=True)
            times[name].append(time.perf_counter() - start)

    enabled = statistics.median(times["installed"])
    disabled = statistics.median(times["switched off"])
    _PrintTable(
        f"python -c pass (median of 60 runs, {sys.prefix:s})",
        ["hook", "seconds"],
        [
            ["installed", f"{enabled * 1000:.1f} ms"],
            ["switched off", f"{disabled * 1000:.1f} ms"],
            ["cost of the hook", f"{(enabled - disabled) * 1000:.1f} ms"],
        ],
    )


def Main():
    """Runs the benchmark."""
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("logs", nargs="*")
    argument_parser.add_argument("--measure", help=argparse.SUPPRESS)
    argument_parser.add_argument("--end-to-end", action="store_true")
    argument_parser.add_argument("--startup", action="store_true")
    argument_parser.add_argument("--dissect", action="store_true")
    options = argument_parser.parse_args()

    if options.measure:
        Measure(options.measure, options.logs[0])
        return

    paths = options.logs
    if not paths:
        for path, script in (
            (LARGE_LOG_PATH, "make_large_log.sh"),
            (CHURN_LOG_PATH, "make_churn_log.sh"),
        ):
            if not os.path.exists(path):
                sys.exit(f"No {path:s}: run bench/{script:s} first.")
        if not os.path.exists(QUIET_LOG_PATH):
            _WriteFirstHalf(LARGE_LOG_PATH, QUIET_LOG_PATH)
        paths = [QUIET_LOG_PATH, CHURN_LOG_PATH]

    for path in paths:
        RunLog(path, options.dissect)
    if options.end_to_end:
        RunEndToEnd(paths)
    if options.startup:
        RunStartup()


if __name__ == "__main__":
    Main()
