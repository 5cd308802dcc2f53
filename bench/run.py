#!/usr/bin/env python3
"""Benchmarks plaso-atop against the inflate floors and the other atop readers.

    python bench/run.py [--end-to-end] [--startup] [--instructions] [--dissect]
        [--write-table docs/performance.md] [LOG ...]

Run it with the Python of an environment where plaso-atop and plaso are
installed (such as .venv of the README). The logs default to the quiet log
(the first half of bench/data/atop_large.raw, see bench/make_large_log.sh)
and the busy log (bench/data/atop_churn.raw, see bench/make_churn_log.sh).
Every measurement runs in a process of its own, on the same file, and the
measurements take turns, the fastest of their runs counting, so that a slow
spell of a shared machine favors none of them.

For each log it prints the times and their ratios: our reader against
libdeflate, zlib-ng and the standard zlib inflating the same task blocks; the
parser's own time (everything but plaso's ProduceEventData, which is timed and
taken out) and the least a parser does (bench/least_parser.py) against the
standard zlib; atoparser (and dissect.target with --dissect) against us; our
time per event data; and the peak memory of the parser on the first half of
the log and on the whole log. --end-to-end also times `log2timeline --parsers
atop` on each log and profiles which share of its time our code takes;
--startup times the interpreter start-up with and without the .pth hook;
--instructions counts the parser's instructions with callgrind (see
instructions.py); --write-table writes one table of it all into a document.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import end_to_end  # noqa: E402
from bench import environment  # noqa: E402
from bench import instructions  # noqa: E402
from bench import logs  # noqa: E402
from bench import measurements  # noqa: E402
from bench import memory  # noqa: E402
from bench import report  # noqa: E402
from bench import startup  # noqa: E402

# Rounds of processes per measurement; the fastest counts.
ROUNDS = 3

MEASUREMENTS_PATH = os.path.join(logs.BENCH_PATH, "measurements.py")

DESCRIPTIONS = {
    "reader": "plaso-atop reader, what the tracker needs of every task",
    "parser": "plaso-atop parser, its own time (ProduceEventData out)",
    "least": "least a parser does: start and exit event data of every exited entry",
    "libdeflate": "inflate task blocks: libdeflate",
    "zlib_ng": "inflate task blocks: zlib-ng",
    "isal": "inflate task blocks: ISA-L",
    "zlib": "inflate task blocks: standard zlib",
    "atoparser": "atoparser 3.3.1, every task",
    "dissect": "dissect.target 3.25 AtopFile, every task",
    "atop": "atop -r FILE -P PRG > /dev/null (C)",
}


def _RunMeasurement(python, name, path):
    """Runs a measurement in its own process.

    Args:
      python (str): path of the Python to run it with.
      name (str): name of the measurement.
      path (str): path of the log.

    Returns:
      dict[str, object]: result, or None if it failed.
    """
    result = subprocess.run(
        [python, MEASUREMENTS_PATH, name, path],
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

    Args:
      path (str): path of the log.

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
    if result.returncode:
        return None
    return {"seconds": time.perf_counter() - start}


def _MeasureLog(path, dissect):
    """Runs every measurement on a log, taking turns.

    Args:
      path (str): path of the log.
      dissect (bool): True to measure dissect.target too.

    Returns:
      dict[str, dict[str, object]]: result per measurement, None if it failed.
    """
    bench_python = environment.SetUpBenchEnvironment()
    names = list(measurements.PROJECT_MEASUREMENTS) + [
        name for name in measurements.BENCH_MEASUREMENTS if dissect or name != "dissect"
    ]
    results = dict.fromkeys(names)
    for round_index in range(ROUNDS):
        for name in names:
            if round_index and name in measurements.SLOW_MEASUREMENTS:
                continue
            python = bench_python
            if name in measurements.PROJECT_MEASUREMENTS:
                python = sys.executable
            result = _RunMeasurement(python, name, path)
            if result and (
                not results[name] or result["seconds"] < results[name]["seconds"]
            ):
                results[name] = result
    results["atop"] = _RunAtop(path)
    return results


def RunLog(path, dissect):
    """Runs the measurements on a log and prints their times and ratios.

    Args:
      path (str): path of the log.
      dissect (bool): True to measure dissect.target too.

    Returns:
      list[tuple[str, str]]: rows of the log's column in the combined table.
    """
    results = _MeasureLog(path, dissect)
    rows = []
    for name, result in results.items():
        if not result:
            rows.append([DESCRIPTIONS[name], "n/a", ""])
            continue
        peak = result.get("memory")
        rows.append(
            [
                DESCRIPTIONS[name],
                f"{result['seconds']:.3f}",
                f"{peak / 1024 / 1024:.0f} MiB" if peak is not None else "",
            ]
        )
    name = os.path.basename(path)
    size = os.path.getsize(path)
    number_of_samples = logs.CountSamples(path)
    number_of_tasks = results["reader"]["tasks"]
    report.PrintTable(
        f"{name:s}: {size / 1e6:.1f} MB, {number_of_samples:,d} samples, "
        f"{number_of_tasks:,d} task entries",
        ["measurement", "seconds", "peak memory"],
        rows,
    )

    def _Seconds(name):
        result = results.get(name)
        return f"{result['seconds']:.3f} s" if result else "n/a"

    def _Ratio(numerator, denominator):
        first, second = results.get(numerator), results.get(denominator)
        if not first or not second:
            return "n/a"
        return f"{first['seconds'] / second['seconds']:.2f}"

    parser = results["parser"]
    own_per_event_data = f"{parser['seconds'] / parser['event_data'] * 1e6:.1f} µs"
    produce_per_event_data = (
        f"{parser['produce_seconds'] / parser['event_data'] * 1e6:.1f} µs"
    )
    ratios = [
        ["our reader / libdeflate", _Ratio("reader", "libdeflate")],
        ["our reader / zlib-ng", _Ratio("reader", "zlib_ng")],
        ["our reader / standard zlib", _Ratio("reader", "zlib")],
        ["parser's own time / standard zlib", _Ratio("parser", "zlib")],
        ["least a parser does / standard zlib", _Ratio("least", "zlib")],
        ["atoparser / parser's own time", _Ratio("atoparser", "parser")],
    ]
    if dissect:
        ratios.append(
            ["dissect.target / parser's own time", _Ratio("dissect", "parser")]
        )
    ratios.extend(
        [
            ["event data", f"{parser['event_data']:,d}"],
            ["parser's own time per event data", own_per_event_data],
            ["plaso's ProduceEventData per event data", produce_per_event_data],
        ]
    )
    with tempfile.TemporaryDirectory() as directory:
        half_path = os.path.join(directory, "first_half.raw")
        half_samples = logs.WriteFirstHalf(path, half_path)
        half_peak = memory.MeasureParserMemory(half_path)
    peak = memory.MeasureParserMemory(path)
    ratios.extend(
        [
            [
                f"parser peak memory, first {half_samples:,d} samples",
                f"{half_peak / 1024 / 1024:.1f} MiB",
            ],
            ["parser peak memory, whole log", f"{peak / 1024 / 1024:.1f} MiB"],
        ]
    )
    report.PrintTable(f"{name:s}: ratios", ["measurement", "value"], ratios)

    inflate_floors = " / ".join(
        _Seconds(name) for name in ("libdeflate", "zlib_ng", "isal", "zlib")
    )
    return [
        (
            "size, samples, task entries",
            f"{size / 1e6:.1f} MB, {number_of_samples:,d}, {number_of_tasks:,d}",
        ),
        ("event data", f"{parser['event_data']:,d}"),
        (
            "inflate the task blocks: libdeflate / zlib-ng / ISA-L / standard zlib",
            inflate_floors,
        ),
        ("our reader, what the tracker needs of every task", _Seconds("reader")),
        ("the parser's own time", _Seconds("parser")),
        ("the parser's own time / standard zlib", f"**{_Ratio('parser', 'zlib')}**"),
        (
            "the least a parser does (see bench/least_parser.py) / standard zlib",
            _Ratio("least", "zlib"),
        ),
        ("the parser's own time per event data", own_per_event_data),
        ("plaso's `ProduceEventData` per event data", produce_per_event_data),
        ("atoparser 3.3.1, every task", _Seconds("atoparser")),
        ("`atop -r FILE -P PRG > /dev/null` (C)", _Seconds("atop")),
        (
            "parser peak memory (tracemalloc), first half / whole log",
            f"{half_peak / 1024 / 1024:.1f} / {peak / 1024 / 1024:.1f} MiB",
        ),
    ]


def _GetDefaultLogs():
    """Retrieves the default logs, writing the quiet log if needed.

    Returns:
      list[str]: paths of the quiet and the busy log.
    """
    for path, script in logs.LOG_SCRIPTS:
        if not os.path.exists(path):
            sys.exit(f"No {path:s}: run bench/{script:s} first.")
    if not os.path.exists(logs.QUIET_LOG_PATH):
        logs.WriteFirstHalf(logs.LARGE_LOG_PATH, logs.QUIET_LOG_PATH)
    return [logs.QUIET_LOG_PATH, logs.CHURN_LOG_PATH]


def Main():
    """Runs the benchmark."""
    argument_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argument_parser.add_argument("logs", nargs="*")
    argument_parser.add_argument("--end-to-end", action="store_true")
    argument_parser.add_argument("--startup", action="store_true")
    argument_parser.add_argument("--dissect", action="store_true")
    argument_parser.add_argument("--instructions", action="store_true")
    argument_parser.add_argument("--write-table", metavar="DOCUMENT")
    options = argument_parser.parse_args()

    paths = options.logs or _GetDefaultLogs()
    columns = {os.path.basename(path): RunLog(path, options.dissect) for path in paths}
    if options.instructions:
        for path in paths:
            count = instructions.CountParserInstructions(path)
            print(
                f"\n{os.path.basename(path):s}: {count / 1e6:,.0f} million instructions"
            )
            columns[os.path.basename(path)].append(
                (
                    "the parser's own instructions (callgrind)",
                    f"{count / 1e6:,.0f} million",
                )
            )
    if options.end_to_end:
        for name, rows in end_to_end.RunEndToEnd(paths).items():
            columns[name].extend(rows)
    startup_sentence = startup.RunStartup() if options.startup else ""

    if options.write_table:
        header, rows = report.CombineColumns(columns)
        table = report.FormatTable(header, rows)
        report.WriteTable(options.write_table, f"{table:s}\n\n{startup_sentence:s}")


if __name__ == "__main__":
    Main()
