"""The measurements of the benchmark, each run in a process of its own.

    python bench/measurements.py NAME LOG

prints the result of one measurement as JSON: its seconds (the fastest of
its runs), what it counted, and the peak memory that it added to the process.
"""

import json
import os
import resource
import sys
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import logs  # noqa: E402
from bench import timing  # noqa: E402

# Runs of a measurement in one process; the fastest counts.
REPEATS = 3

# Measurements that take long enough to run once.
SLOW_MEASUREMENTS = frozenset(["atoparser", "dissect"])


def _Inflate(path, name):
    """Inflates every task block of a log with one library.

    Args:
      path (str): path of the log.
      name (str): name of the library: libdeflate, zlib_ng, isal or zlib.

    Returns:
      dict[str, object]: seconds and number of tasks.
    """
    blocks, number_of_tasks = logs.ReadTaskBlocks(path)
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


def _Reader(path):
    """Reads a log with our reader, as the tracker reads it.

    Args:
      path (str): path of the log.

    Returns:
      dict[str, object]: seconds and number of tasks.
    """
    from plaso_atop.atoplog import reader

    number_of_tasks = 0
    start = time.perf_counter()
    with open(path, "rb") as file_object:
        for sample in reader.AtopLogFile(file_object).ReadSamples():
            sample.GetTaskIdentities()
            sample.GetChangedProcessIndexes()
            sample.GetExitedProcesses()
            number_of_tasks += sample.number_of_tasks
    return {"seconds": time.perf_counter() - start, "tasks": number_of_tasks}


def _Parser(path):
    """Parses a log with the plaso parser and a real parser mediator.

    Args:
      path (str): path of the log.

    Returns:
      dict[str, object]: the parser's own seconds, the seconds of plaso's
          ProduceEventData and the number of event data.
    """
    from plaso_atop import parser as atop_parser

    def _Parse(mediator):
        with open(path, "rb") as file_object:
            atop_parser.AtopParser().ParseFileObject(mediator, file_object)

    return timing.TimeWithParserMediator(_Parse)


def _LeastParser(path):
    """Does the least that a parser of the log does (see least_parser.py).

    Args:
      path (str): path of the log.

    Returns:
      dict[str, object]: own seconds, the seconds of plaso's
          ProduceEventData and the number of event data.
    """
    from bench import least_parser

    return timing.TimeWithParserMediator(
        lambda mediator: least_parser.ProduceEventData(path, mediator)
    )


def _Atoparser(path):
    """Reads every task with atoparser.

    Args:
      path (str): path of the log.

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

    Args:
      path (str): path of the log.

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


# Measurements of our code, which run in the project's environment.
PROJECT_MEASUREMENTS = {
    "reader": _Reader,
    "parser": _Parser,
    "least": _LeastParser,
}

# Measurements of other code, which run in the benchmark's own environment.
BENCH_MEASUREMENTS = {
    "libdeflate": lambda path: _Inflate(path, "libdeflate"),
    "zlib_ng": lambda path: _Inflate(path, "zlib_ng"),
    "isal": lambda path: _Inflate(path, "isal"),
    "zlib": lambda path: _Inflate(path, "zlib"),
    "atoparser": _Atoparser,
    "dissect": _Dissect,
}


def Measure(name, path):
    """Runs one measurement in this process and prints its result as JSON.

    Args:
      name (str): name of the measurement.
      path (str): path of the log.
    """
    function = PROJECT_MEASUREMENTS.get(name) or BENCH_MEASUREMENTS[name]
    # Import what the measurement needs before the memory baseline.
    if name in PROJECT_MEASUREMENTS:
        import plaso.parsers  # noqa: F401
        import plaso_atop.atoplog  # noqa: F401
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    repeats = 1 if name in SLOW_MEASUREMENTS else REPEATS
    results = [function(path) for _ in range(repeats)]
    result = min(results, key=lambda result: result["seconds"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["memory"] = (peak - baseline) * 1024
    print(json.dumps(result))


if __name__ == "__main__":
    Measure(sys.argv[1], sys.argv[2])
