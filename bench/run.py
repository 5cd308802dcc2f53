#!/usr/bin/env python3
"""Benchmarks plaso-atop against the other atop readers and the inflate floors.

    python bench/run.py [LOG] [--end-to-end] [--startup]

Run it with the Python of an environment where plaso-atop and plaso are
installed (such as .venv of the README). LOG defaults to the first half of
bench/data/atop_large.raw (see bench/make_large_log.sh). Every measurement
runs in a process of its own, on the same file, and prints tasks per second,
the ratio of its time to our reader's and its peak memory beyond what the
process held after its imports. atoparser, dissect.target and the other
inflate libraries are installed into bench/.venv, not into the project.

--end-to-end also times `log2timeline --parsers atop` on the log, profiles
which share of its time our code takes, and compares the memory of the
parser on the log and on the whole file, which is twice as long.
--startup times the interpreter start-up with and without the .pth hook.
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
PROJECT_PATH = os.path.dirname(BENCH_PATH)
LARGE_LOG_PATH = os.path.join(BENCH_PATH, "data", "atop_large.raw")
DEFAULT_LOG_PATH = os.path.join(BENCH_PATH, "data", "atop_large_half.raw")
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
SLOW_MEASUREMENTS = frozenset(["reader_full", "atoparser", "dissect"])

# Measurements: name, environment ("project" or "bench") and description.
MEASUREMENTS = [
    ("reader", "project", "plaso-atop reader, what the parser needs of every task"),
    ("reader_full", "project", "plaso-atop reader, every task fully decoded"),
    ("parser", "project", "plaso-atop parser, event data built, not produced"),
    ("parser_mediator", "project", "plaso-atop parser, event data produced"),
    ("libdeflate", "bench", "inflate task blocks: libdeflate (floor)"),
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
        record_offset = offset
        flags = struct.unpack_from("<H", data, record_offset + 8)[0]
        scomplen, pcomplen = struct.unpack_from("<II", data, record_offset + 16)
        ndeviat = struct.unpack_from("<I", data, record_offset + 28)[0]
        start = record_offset + record_size + scomplen
        blocks.append((data[start : start + pcomplen], ndeviat * task_size))
        number_of_tasks += ndeviat
        offset = start + pcomplen
        if has_cgroup_blocks and flags & 0x100:
            ccomplen, _, _, icomplen = struct.unpack_from(
                "<IIII", data, record_offset + 72
            )
            offset += ccomplen + icomplen
    return blocks, number_of_tasks


def _Inflate(path, name):
    """Inflates every task block of a log with one library."""
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
    return time.perf_counter() - start, number_of_tasks


def _OurReader(path, full):
    """Reads a log with our reader."""
    from plaso_atop.atoplog import reader

    number_of_tasks = 0
    start = time.perf_counter()
    with open(path, "rb") as file_object:
        log_file = reader.AtopLogFile(file_object)
        for sample in log_file.ReadSamples():
            if full:
                for entry in sample.IterateTasks():
                    number_of_tasks += 1
            else:
                identities = sample.GetTaskIdentities()
                sample.GetProcessFlags()
                sample.GetCommandLineFlags()
                sample.GetExitedTaskIndexes()
                number_of_tasks += len(identities)
    return time.perf_counter() - start, number_of_tasks


class _DiscardingMediator:
    """Parser mediator stand-in that drops event data, to time the parser only."""

    abort = False

    def __init__(self):
        self.number_of_event_data = 0

    def ProduceEventData(self, event_data, **kwargs):
        self.number_of_event_data += 1

    def ProduceWarning(self, message, **kwargs):
        pass


def _OurParser(path, with_mediator):
    """Parses a log with the plaso parser."""
    from plaso_atop import parser as atop_parser
    from plaso_atop.atoplog import reader

    with open(path, "rb") as file_object:
        number_of_tasks = sum(
            sample.number_of_tasks
            for sample in reader.AtopLogFile(file_object).ReadSamples()
        )

    if with_mediator:
        from plaso.parsers import mediator as parsers_mediator
        from plaso.storage.fake import writer as fake_writer

        storage_writer = fake_writer.FakeStorageWriter()
        storage_writer.Open()
        mediator = parsers_mediator.ParserMediator()
        mediator.SetStorageWriter(storage_writer)
    else:
        mediator = _DiscardingMediator()

    start = time.perf_counter()
    with open(path, "rb") as file_object:
        atop_parser.AtopParser().ParseFileObject(mediator, file_object)
    return time.perf_counter() - start, number_of_tasks


def _Atoparser(path):
    """Reads every task with atoparser."""
    import atoparser

    number_of_tasks = 0
    start = time.perf_counter()
    with open(path, "rb") as file_object:
        for _, _, tasks, _ in atoparser.generate_statistics(file_object):
            for task in tasks:
                task.gen.pid
                number_of_tasks += 1
    return time.perf_counter() - start, number_of_tasks


def _Dissect(path):
    """Reads every task with dissect.target's AtopFile."""
    from dissect.target.plugins.os.unix.log import atop

    number_of_tasks = 0
    start = time.perf_counter()
    with open(path, "rb") as file_object:
        for task in atop.AtopFile(file_object):
            task.gen.pid
            number_of_tasks += 1
    return time.perf_counter() - start, number_of_tasks


def Measure(name, path):
    """Runs one measurement in this process and prints its result as JSON.

    Args:
      name (str): name of the measurement.
      path (str): path of the log.
    """
    # Import what the measurement needs before the memory baseline.
    if name in ("reader", "reader_full", "parser", "parser_mediator"):
        import plaso_atop.atoplog  # noqa: F401

        if name.startswith("parser"):
            import plaso.parsers  # noqa: F401
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    if name in ("libdeflate", "zlib_ng", "isal", "zlib"):
        function = lambda: _Inflate(path, name)  # noqa: E731
    elif name in ("reader", "reader_full"):
        function = lambda: _OurReader(path, name == "reader_full")  # noqa: E731
    elif name in ("parser", "parser_mediator"):
        function = lambda: _OurParser(path, name == "parser_mediator")  # noqa: E731
    elif name == "atoparser":
        function = lambda: _Atoparser(path)  # noqa: E731
    else:
        function = lambda: _Dissect(path)  # noqa: E731

    # The best of a few runs; the slow readers run once.
    repeats = 1 if name in SLOW_MEASUREMENTS else REPEATS
    results = [function() for _ in range(repeats)]
    seconds = min(seconds for seconds, _ in results)
    number_of_tasks = results[0][1]

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "tasks": number_of_tasks,
                "memory": (peak - baseline) * 1024,
            }
        )
    )


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
    memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"seconds": seconds, "tasks": None, "memory": memory}


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


def RunReaders(path):
    """Runs every reader and inflate measurement on a log.

    Args:
      path (str): path of the log.
    """
    bench_python = _SetUpBenchEnvironment()
    # Measurements take turns, so that a slow spell of a shared machine does
    # not favour one of them; the fastest run of each counts.
    results = {}
    for round_index in range(ROUNDS):
        for name, environment, _ in MEASUREMENTS:
            if round_index and name in SLOW_MEASUREMENTS:
                continue
            python = sys.executable if environment == "project" else bench_python
            result = _RunMeasurement(python, name, path)
            if result and (
                name not in results or result["seconds"] < results[name]["seconds"]
            ):
                results[name] = result
            results.setdefault(name, None)
    results["atop"] = _RunAtop(path)

    ours = results["reader"]
    number_of_tasks = ours["tasks"]
    descriptions = dict((name, text) for name, _, text in MEASUREMENTS)
    descriptions["atop"] = "atop -r FILE -P PRG > /dev/null (C)"
    rows = []
    for name, result in results.items():
        if not result:
            rows.append([descriptions[name], "n/a", "", "", ""])
            continue
        seconds = result["seconds"]
        rows.append(
            [
                descriptions[name],
                f"{seconds:.3f}",
                f"{number_of_tasks / seconds:,.0f}",
                f"{seconds / ours['seconds']:.2f}",
                f"{result['memory'] / 1024 / 1024:.0f} MiB",
            ]
        )
    size = os.path.getsize(path)
    _PrintTable(
        f"{os.path.basename(path):s}: {size / 1e6:.1f} MB, {number_of_tasks:,d} "
        f"task entries",
        ["measurement", "seconds", "tasks/s", "time / our reader", "peak memory"],
        rows,
    )


def _RunLog2Timeline(path, storage_path):
    """Runs log2timeline --parsers atop on a log, in a process of its own.

    Args:
      path (str): path of the log.
      storage_path (str): path of the storage file to write.

    Returns:
      tuple[float, int]: wall time, and peak memory of its largest process.
    """
    log2timeline = os.path.join(os.path.dirname(sys.executable), "log2timeline")
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(time.perf_counter() - start)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            log2timeline,
            "--logfile",
            os.path.join(os.path.dirname(storage_path), "log2timeline.log.gz"),
            "--quiet",
            "--unattended",
            "--status_view",
            "none",
            "--parsers",
            "atop",
            "--storage-file",
            storage_path,
            path,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    wall_time, memory = result.stdout.split()
    return float(wall_time), int(memory)


def RunEndToEnd(paths):
    """Times log2timeline on logs and profiles the share of our code.

    Args:
      paths (list[str]): paths of the logs; the first one is profiled.
    """
    import pstats

    from plaso.storage import factory

    log2timeline = os.path.join(os.path.dirname(sys.executable), "log2timeline")
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for index, path in enumerate(paths):
            storage_path = os.path.join(directory, f"bench{index:d}.plaso")
            wall_time, memory = _RunLog2Timeline(path, storage_path)
            storage_reader = factory.StorageFactory.CreateStorageReaderForFile(
                storage_path
            )
            number_of_events = storage_reader.GetNumberOfAttributeContainers("event")
            storage_reader.Close()
            rows.append(
                [
                    os.path.basename(path),
                    f"{wall_time:.1f} s",
                    f"{number_of_events:,d}",
                    f"{number_of_events / wall_time:,.0f}",
                    f"{memory / 1024 / 1024:.0f} MiB",
                ]
            )

        profile_path = os.path.join(directory, "profile")
        storage_path = os.path.join(directory, "profiled.plaso")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cProfile",
                "-o",
                profile_path,
                log2timeline,
                "--logfile",
                os.path.join(directory, "profiled.log.gz"),
                "--quiet",
                "--unattended",
                "--status_view",
                "none",
                "--single_process",
                "--parsers",
                "atop",
                "--storage-file",
                storage_path,
                paths[0],
            ],
            check=True,
            capture_output=True,
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
        total_time = stats.total_tt

    _PrintTable(
        "log2timeline --parsers atop (two worker processes by default)",
        ["log", "wall time", "events", "events/s", "peak memory of a process"],
        rows,
    )
    our_time = parse_time - produce_time
    _PrintTable(
        f"Profile of log2timeline --single_process on {os.path.basename(paths[0]):s}",
        ["measurement", "value"],
        [
            ["profiled time", f"{total_time:.1f} s"],
            ["our code: parser minus ProduceEventData", f"{our_time:.2f} s"],
            ["share of our code", f"{100 * our_time / total_time:.1f} %"],
        ],
    )


def _ParserMemory(path):
    """Measures the peak memory of the parser on a log, in a process of its own.

    Returns:
      int: peak traced memory in bytes.
    """
    code = (
        "import sys, tracemalloc\n"
        f"sys.path.insert(0, {BENCH_PATH!r})\n"
        "import run\n"
        "import plaso_atop.parser\n"
        "tracemalloc.start()\n"
        "run._OurParser(sys.argv[1], False)\n"
        "print(tracemalloc.get_traced_memory()[1])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, path],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_PATH,
    )
    return int(result.stdout.strip().splitlines()[-1])


def RunMemory(path, long_path):
    """Compares the memory of the parser on a log and on one twice as long.

    Args:
      path (str): path of the log.
      long_path (str): path of a log twice as long.
    """
    rows = []
    for log_path in (path, long_path):
        with open(log_path, "rb") as file_object:
            from plaso_atop.atoplog import reader

            samples = sum(1 for _ in reader.AtopLogFile(file_object).ReadSamples())
        peak = _ParserMemory(log_path)
        rows.append(
            [
                os.path.basename(log_path),
                f"{samples:,d}",
                f"{peak / 1024 / 1024:.1f} MiB",
            ]
        )
    _PrintTable(
        "Peak memory of the parser (tracemalloc)",
        ["log", "samples", "peak memory"],
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


def _MakeDefaultLog():
    """Writes the default log: the first half of the large log."""
    from plaso_atop.atoplog import reader

    with open(LARGE_LOG_PATH, "rb") as file_object:
        offsets = [
            sample.offset for sample in reader.AtopLogFile(file_object).ReadSamples()
        ]
        file_object.seek(0)
        data = file_object.read(offsets[len(offsets) // 2])
    with open(DEFAULT_LOG_PATH, "wb") as file_object:
        file_object.write(data)


def Main():
    """Runs the benchmark."""
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("log", nargs="?", default=None)
    argument_parser.add_argument("--measure", help=argparse.SUPPRESS)
    argument_parser.add_argument("--end-to-end", action="store_true")
    argument_parser.add_argument("--startup", action="store_true")
    options = argument_parser.parse_args()

    if options.measure:
        Measure(options.measure, options.log)
        return

    path = options.log
    if path is None:
        if not os.path.exists(LARGE_LOG_PATH):
            sys.exit(f"No {LARGE_LOG_PATH:s}: run bench/make_large_log.sh first.")
        if not os.path.exists(DEFAULT_LOG_PATH):
            _MakeDefaultLog()
        path = DEFAULT_LOG_PATH

    RunReaders(path)
    if options.end_to_end:
        if path == DEFAULT_LOG_PATH:
            RunEndToEnd([path, LARGE_LOG_PATH])
            RunMemory(path, LARGE_LOG_PATH)
        else:
            RunEndToEnd([path])
    if options.startup:
        RunStartup()


if __name__ == "__main__":
    Main()
