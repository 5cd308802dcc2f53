"""log2timeline end to end on a log: its wall time, and the share of our code."""

import os
import subprocess
import sys
import tempfile
import time

from bench import report


def TimeLog2Timeline(path, directory, parsers="atop"):
    """Runs log2timeline on a source, in a process of its own.

    Args:
      path (str): path of the source, such as a log.
      directory (str): temporary directory for the storage file and the log.
      parsers (Optional[str]): parsers expression.

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
            parsers,
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


def ProfileLog2Timeline(path, directory):
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

    Returns:
      dict[str, list[tuple[str, str]]]: rows of each log's column in the
          combined table.
    """
    rows = []
    columns = {}
    for path in paths:
        with tempfile.TemporaryDirectory() as directory:
            wall_time, number_of_events = TimeLog2Timeline(path, directory)
        with tempfile.TemporaryDirectory() as directory:
            profiled_time, our_time = ProfileLog2Timeline(path, directory)
        share = f"{100 * our_time / profiled_time:.1f} %"
        rows.append(
            [
                os.path.basename(path),
                f"{wall_time:.1f} s",
                f"{number_of_events:,d}",
                f"{number_of_events / wall_time:,.0f}",
                share,
            ]
        )
        columns[os.path.basename(path)] = [
            (
                "`log2timeline --parsers atop`: wall time, events",
                f"{wall_time:.1f} s, {number_of_events:,d}",
            ),
            ("share of our code in a profiled `log2timeline --single_process`", share),
        ]
    report.PrintTable(
        "log2timeline --parsers atop (two worker processes by default); our share "
        "of a profiled --single_process run",
        ["log", "wall time", "events", "events/s", "share of our code"],
        rows,
    )
    return columns
