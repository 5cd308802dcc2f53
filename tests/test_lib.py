"""Shared test helpers: the test logs, and reading them with the reader and
the tracker."""

import collections
import datetime
import io
import itertools
import operator
import os
import unittest

from plaso_atop import lifecycle
from plaso_atop.atoplog import layouts
from plaso_atop.atoplog import reader
from plaso_atop.atoplog import task

from tests import expected_events
from tests import parseable

TEST_DATA_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test_data")

CORPUS_PATH = os.path.join(TEST_DATA_PATH, "corpus")

DAILY_PATH = os.path.join(TEST_DATA_PATH, "daily")

# The corpus: one real log per atop release, and two with rare exits.
CORPUS_LOGS = (
    "atop_1.26.raw",
    "atop_2.0.1.raw",
    "atop_2.1.raw",
    "atop_2.2.6.raw",
    "atop_2.3.0.raw",
    "atop_2.4.0.raw",
    "atop_2.5.0.raw",
    "atop_2.6.0.raw",
    "atop_2.7.1.raw",
    "atop_2.8.1.raw",
    "atop_2.8.1_acct-signals.raw",
    "atop_2.9.0.raw",
    "atop_2.10.0.raw",
    "atop_2.11.1.raw",
    "atop_2.11.1_acct-signals.raw",
    "atop_2.12.1.raw",
    "atop_2.13.0.raw",
)

# Two consecutive daily logs of one host.
DAILY_LOGS = ("atop_20261125", "atop_20261126")

CHANGES_PATH = os.path.join(TEST_DATA_PATH, "changes")

# An intrusion on a web host, as several atop releases record it.
CHANGES_LOGS = (
    "atop_1.26.raw",
    "atop_2.3.0.raw",
    "atop_2.7.1.raw",
    "atop_2.8.1.raw",
    "atop_2.10.0.raw",
    "atop_2.11.1.raw",
    "atop_2.13.0.raw",
)

CONTAINERS_PATH = os.path.join(TEST_DATA_PATH, "containers")

# Processes of a Docker container (2.3 to 2.9) and of a pod (2.10 and later).
CONTAINERS_LOGS = (
    "atop_2.3.0.raw",
    "atop_2.8.1.raw",
    "atop_2.10.0.raw",
    "atop_2.13.0.raw",
)

EDGE_PATH = os.path.join(TEST_DATA_PATH, "edge")

# What an unusual host does: names that are not UTF-8, a zombie, threads, a
# burst, PIDs taken over, as several atop releases record it.
EDGE_LOGS = (
    "atop_1.26.raw",
    "atop_2.3.0.raw",
    "atop_2.8.1.raw",
    "atop_2.13.0.raw",
)

ARM_PATH = os.path.join(TEST_DATA_PATH, "arm")

# Logs of Debian's atop for 64-bit ARM, whose structures have the sizes of
# x86-64; the log of its 32-bit ARM build is not in this list.
ARM_LOGS = ("atop_2.8.1_arm64.raw",)

HOST_PATH = os.path.join(TEST_DATA_PATH, "host")

# The processes of a real host, kernel threads included.
HOST_LOGS = ("atop_vm_2.8.1.raw",)

# What a tracked process needs of a sample.
FakeSample = collections.namedtuple("FakeSample", ["time", "corrupted", "recovered"])

LogReading = collections.namedtuple(
    "LogReading", ["header", "samples", "warnings", "observations"]
)
LogReading.__doc__ = """What reading a log with the reader and the tracker gave.

Attributes:
  header (AtopLogHeader): header of the log.
  samples (list[Sample]): samples, each with an entries attribute that lists
      its task entries.
  warnings (list[tuple[int, str]]): offset and message of every warning.
  observations (list[object]): process observations.
"""


def GetCorpusPath(name):
    """Retrieves the path of a log of the corpus.

    Args:
      name (str): name of the log.

    Returns:
      str: path of the log.
    """
    return os.path.join(CORPUS_PATH, name)


def GetCorpusPaths():
    """Retrieves the paths of the logs of the corpus.

    Returns:
      list[str]: paths of the logs.
    """
    return [GetCorpusPath(name) for name in CORPUS_LOGS]


def GetDailyPaths():
    """Retrieves the paths of the two consecutive daily logs of one host.

    Returns:
      list[str]: paths of the first and the second daily log.
    """
    return [os.path.join(DAILY_PATH, name) for name in DAILY_LOGS]


def GetChangesPaths():
    """Retrieves the paths of the logs of an intrusion on a web host.

    Returns:
      list[str]: paths of the logs.
    """
    return [os.path.join(CHANGES_PATH, name) for name in CHANGES_LOGS]


def GetContainersPaths():
    """Retrieves the paths of the logs of processes in containers.

    Returns:
      list[str]: paths of the logs.
    """
    return [os.path.join(CONTAINERS_PATH, name) for name in CONTAINERS_LOGS]


def GetEdgePaths():
    """Retrieves the paths of the logs of an unusual host.

    Returns:
      list[str]: paths of the logs.
    """
    return [os.path.join(EDGE_PATH, name) for name in EDGE_LOGS]


def GetArmPath(name):
    """Retrieves the path of a log of an ARM build of atop.

    Args:
      name (str): name of the log.

    Returns:
      str: path of the log.
    """
    return os.path.join(ARM_PATH, name)


def GetArmPaths():
    """Retrieves the paths of the logs of ARM builds of atop that can be read.

    Returns:
      list[str]: paths of the logs.
    """
    return [GetArmPath(name) for name in ARM_LOGS]


def GetHostPaths():
    """Retrieves the paths of the logs of a real host.

    Returns:
      list[str]: paths of the logs.
    """
    return [os.path.join(HOST_PATH, name) for name in HOST_LOGS]


def GetLogsWithParseableOutput():
    """Retrieves the paths of every log that has atop's -P output beside it.

    Returns:
      list[str]: paths of the logs.
    """
    return (
        GetCorpusPaths()
        + GetDailyPaths()
        + GetChangesPaths()
        + GetContainersPaths()
        + GetEdgePaths()
        + GetArmPaths()
        + GetHostPaths()
    )


def CreateTaskEntry(**values):
    """Builds a task entry for unit tests.

    Args:
      values (dict[str, object]): field values; the others are None.

    Returns:
      TaskEntry: task entry.
    """
    fields = dict.fromkeys(layouts.TASK_FIELDS)
    fields.update(values)
    return task.TaskEntry(**fields)


def FormatISOTime(timestamp):
    """Formats a time in seconds since the epoch as ISO 8601 in UTC.

    Args:
      timestamp (int): time in seconds since the epoch.

    Returns:
      str: date and time, such as "2026-10-01T08:03:11+00:00".
    """
    return datetime.datetime.fromtimestamp(
        timestamp, tz=datetime.timezone.utc
    ).isoformat()


def ReadFile(path):
    """Reads the data of a file.

    Args:
      path (str): path of the file.

    Returns:
      bytes: data.
    """
    with open(path, "rb") as file_object:
        return file_object.read()


def ReadHeader(path):
    """Reads the header of a log.

    Args:
      path (str): path of the log.

    Returns:
      AtopLogHeader: header.
    """
    with open(path, "rb") as file_object:
        return reader.AtopLogFile(file_object).header


def ReadLog(data, **reader_arguments):
    """Reads a log with the reader and the tracker.

    Args:
      data (bytes): log data.
      reader_arguments (dict[str, object]): more arguments of AtopLogFile.

    Returns:
      LogReading: what reading gave.
    """
    warnings = []

    def _Warn(offset, message, recovered=False):
        warnings.append((offset, message))

    samples = []

    def _Samples(log_file):
        for sample in log_file.ReadSamples():
            sample.entries = list(sample.IterateTasks())
            samples.append(sample)
            yield sample

    log_file = reader.AtopLogFile(
        io.BytesIO(data), warning_callback=_Warn, **reader_arguments
    )
    observations = []
    # As the parser does, one tracker per log of the file.
    for _, log_samples in itertools.groupby(
        _Samples(log_file), key=operator.attrgetter("header")
    ):
        tracker = lifecycle.ProcessTracker(warning_callback=_Warn)
        observations.extend(tracker.TrackSamples(log_samples))
    return LogReading(log_file.header, samples, warnings, observations)


def ReadParseableOutput(path):
    """Reads atop's own -P output of a log, beside it.

    Args:
      path (str): path of the log.

    Returns:
      list[ParseableSample]: samples as atop decodes them.
    """
    return parseable.ReadParseableOutput(
        path + ".parseable.txt", ReadHeader(path).version
    )


def DeriveExpectedEvents(path):
    """Derives the process events of a log from atop's own -P output.

    Args:
      path (str): path of the log.

    Returns:
      ExpectedEvents: sorted expected events.
    """
    header = ReadHeader(path)
    samples = parseable.ReadParseableOutput(path + ".parseable.txt", header.version)
    return expected_events.DeriveEvents(samples, header.version, header.hertz)


class BaseTestCase(unittest.TestCase):
    """Base of the tests of plaso-atop."""

    maxDiff = None

    def _ReadLog(self, data, **reader_arguments):
        """Reads a log in memory with the reader and the tracker.

        Args:
          data (bytes): log data.
          reader_arguments (dict[str, object]): more arguments of AtopLogFile.

        Returns:
          LogReading: what reading gave.
        """
        return ReadLog(data, **reader_arguments)

    def _ReadLogFile(self, path, **reader_arguments):
        """Reads a log file with the reader and the tracker.

        Args:
          path (str): path of the log.
          reader_arguments (dict[str, object]): more arguments of AtopLogFile.

        Returns:
          LogReading: what reading gave.
        """
        return ReadLog(ReadFile(path), **reader_arguments)
