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
from bench import log_report  # noqa: E402
from bench import logs  # noqa: E402
from bench import measurements  # noqa: E402
from bench import memory  # noqa: E402
from bench import report  # noqa: E402
from bench import startup  # noqa: E402

# Rounds of processes per measurement; the fastest counts.
ROUNDS = 3

MEASUREMENTS_PATH = os.path.join(logs.BENCH_PATH, "measurements.py")


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


def _MeasureMemory(path):
    """Measures the parser's peak memory on the first half of a log and on all.

    Args:
      path (str): path of the log.

    Returns:
      tuple[int, int, int]: samples of the first half, and the peak memory in
          bytes on them and on the whole log.
    """
    with tempfile.TemporaryDirectory() as directory:
        half_path = os.path.join(directory, "first_half.raw")
        half_samples = logs.WriteFirstHalf(path, half_path)
        half_peak = memory.MeasureParserMemory(half_path)
    return half_samples, half_peak, memory.MeasureParserMemory(path)


def RunLog(path, dissect):
    """Runs the measurements on a log and prints their times and ratios.

    Args:
      path (str): path of the log.
      dissect (bool): True to measure dissect.target too.

    Returns:
      list[tuple[str, str]]: rows of the log's column in the combined table.
    """
    results = log_report.Results(_MeasureLog(path, dissect))
    number_of_samples = logs.CountSamples(path)
    log_report.PrintMeasurements(path, results, number_of_samples)
    memory_peaks = _MeasureMemory(path)
    log_report.PrintRatios(path, results, dissect, memory_peaks)

    return log_report.BuildColumn(path, results, number_of_samples, memory_peaks)


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
