#!/usr/bin/env python3
"""Benchmarks the pacct parser: its speed, and its cost on files that are not.

    python bench/pacct.py [--records N] [--false-positives DIRECTORY ...]

Run it with the Python of an environment where plaso-atop and plaso are
installed. --records (default 1,000,000) times, on a file of that many acct
version 3 records (the records of test_data/pacct/pacct over and over), the
reader alone, the parser with a real parser mediator (its own time, plaso's
ProduceEventData taken out, and with it) and Debian's dump-acct (acct
package) writing every record to /dev/null; each in a process of its own,
taking turns, the fastest of three runs counting. --false-positives runs
log2timeline on each directory with --parsers pacct (which must give no
event) and times --parsers atop,pacct against --parsers atop, in turns: the
cost of trying the signature-less pacct parser on every file, per file.
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
from bench import timing  # noqa: E402

_TEST_FILE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "test_data",
    "pacct",
    "pacct",
)

_RUNS = 3


def WriteRecords(path, number_of_records):
    """Writes a file of accounting records, those of the test file repeated.

    Args:
      path (str): path of the file to write.
      number_of_records (int): number of records.
    """
    with open(_TEST_FILE, "rb") as file_object:
        data = file_object.read()
    records = [data[offset : offset + 64] for offset in range(0, len(data), 64)]
    with open(path, "wb") as file_object:
        for index in range(number_of_records):
            file_object.write(records[index % len(records)])


def _Reader(path):
    """Reads every record with the reader.

    Args:
      path (str): path of the file.

    Returns:
      dict[str, object]: seconds and number of records.
    """
    from plaso_atop.pacct import reader

    start = time.perf_counter()
    with open(path, "rb") as file_object:
        number_of_records = sum(1 for _ in reader.PacctFile(file_object).ReadRecords())
    return {"seconds": time.perf_counter() - start, "records": number_of_records}


def _Parser(path):
    """Parses the file with the plaso parser and a real parser mediator.

    Args:
      path (str): path of the file.

    Returns:
      dict[str, object]: the parser's own seconds, the seconds of plaso's
          ProduceEventData and the number of event data.
    """
    from plaso_atop import pacct_parser

    def _Parse(mediator):
        with open(path, "rb") as file_object:
            pacct_parser.PacctParser().ParseFileObject(mediator, file_object)

    return timing.TimeWithParserMediator(_Parse)


_MEASUREMENTS = {"reader": _Reader, "parser": _Parser}


def Measure(name, path):
    """Runs one measurement in a process of its own.

    Args:
      name (str): name of the measurement: reader, parser or dump-acct.
      path (str): path of the file.

    Returns:
      dict[str, object]: what the measurement gives; seconds for dump-acct.
    """
    if name == "dump-acct":
        start = time.perf_counter()
        with open(os.devnull, "wb") as output:
            subprocess.run(["dump-acct", path], stdout=output, check=True)
        return {"seconds": time.perf_counter() - start}
    output = subprocess.run(
        [sys.executable, __file__, "--measure", name, path],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return json.loads(output)


def BenchmarkRecords(number_of_records):
    """Prints the records per second of the reader, the parser and dump-acct.

    Args:
      number_of_records (int): number of records of the file.
    """
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "pacct")
        WriteRecords(path, number_of_records)
        best = {}
        for _ in range(_RUNS):
            for name in ("reader", "parser", "dump-acct"):
                result = Measure(name, path)
                if name not in best or result["seconds"] < best[name]["seconds"]:
                    best[name] = result

    parser = best["parser"]
    if parser["event_data"] != number_of_records:
        raise RuntimeError(f"{parser['event_data']:d} event data")
    whole_parser = parser["seconds"] + parser["produce_seconds"]
    dump_acct = best["dump-acct"]["seconds"]
    print(f"file of {number_of_records:,d} records")
    for name, seconds in (
        ("reader", best["reader"]["seconds"]),
        ("parser, own time", parser["seconds"]),
        ("parser, with ProduceEventData", whole_parser),
        ("dump-acct", dump_acct),
    ):
        print(
            f"  {name:30s} {seconds:8.2f} s  {number_of_records / seconds:12,.0f} "
            f"records/s  {seconds / dump_acct:6.2f} x dump-acct"
        )


def _RunLog2Timeline(directory, parsers, work_directory):
    """Runs log2timeline on a directory, into a new storage file.

    Args:
      directory (str): directory of the source.
      parsers (str): parsers expression.
      work_directory (str): directory for the storage file and the log.

    Returns:
      tuple[float, int]: wall time and number of events.
    """
    storage_path = os.path.join(work_directory, "wall.plaso")
    if os.path.exists(storage_path):
        os.remove(storage_path)
    return end_to_end.TimeLog2Timeline(directory, work_directory, parsers=parsers)


def BenchmarkFalsePositives(directories):
    """Prints the events of the pacct parser on other files, and its cost.

    Args:
      directories (list[str]): directories of files that are not accounting
          files.
    """
    work_directory = tempfile.mkdtemp()
    try:
        for directory in directories:
            number_of_files = sum(len(files) for _, _, files in os.walk(directory))
            _, number_of_events = _RunLog2Timeline(directory, "pacct", work_directory)
            walls = {"atop,pacct": [], "atop": []}
            for _ in range(2):
                for parsers, times in walls.items():
                    times.append(
                        _RunLog2Timeline(directory, parsers, work_directory)[0]
                    )
            with_pacct = min(walls["atop,pacct"])
            without = min(walls["atop"])
            print(
                f"{directory:s}: {number_of_files:,d} files, --parsers pacct: "
                f"{number_of_events:d} events; --parsers atop,pacct "
                f"{with_pacct:.1f} s, atop {without:.1f} s: "
                f"{(with_pacct - without) / number_of_files * 1000:+.2f} ms per file"
            )
    finally:
        shutil.rmtree(work_directory)


def Main():
    """Runs the benchmarks.

    Returns:
      int: exit code.
    """
    argument_parser = argparse.ArgumentParser(
        description=__doc__.split("\n", maxsplit=1)[0]
    )
    argument_parser.add_argument("--records", type=int, default=1000000)
    argument_parser.add_argument("--false-positives", nargs="*", metavar="DIRECTORY")
    argument_parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    options = argument_parser.parse_args()

    if options.measure:
        name, path = options.measure
        print(json.dumps(_MEASUREMENTS[name](path)))
        return 0

    if options.false_positives is not None:
        BenchmarkFalsePositives(options.false_positives)
    else:
        BenchmarkRecords(options.records)
    return 0


if __name__ == "__main__":
    sys.exit(Main())
