"""Shared test helpers: the test logs, reading them with the reader and the
tracker, and comparing what any layer gives with atop's own output."""

import collections
import copy
import datetime
import io
import os
import shutil
import types
import unittest

from plaso_atop import definitions
from plaso_atop import lifecycle
from plaso_atop.atoplog import reader
from plaso_atop.atoplog import task

from tests import expected_events
from tests import expected_recording
from tests import expected_usage
from tests import parseable
from tests import raw_log

MEBIBYTE = 1024 * 1024

TEST_DATA_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test_data")

# The test logs with atop's own -P output beside them, by set: the directory
# of test_data and the names of the logs (see test_data/README.md).
LOG_SETS = {
    # One real log per atop release, and two with rare exits.
    "corpus": (
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
    ),
    # Two consecutive daily logs of one host.
    "daily": ("atop_20261125", "atop_20261126"),
    # An intrusion on a web host, as several atop releases record it.
    "changes": (
        "atop_1.26.raw",
        "atop_2.3.0.raw",
        "atop_2.7.1.raw",
        "atop_2.8.1.raw",
        "atop_2.10.0.raw",
        "atop_2.11.1.raw",
        "atop_2.13.0.raw",
    ),
    # Processes of a Docker container (2.3 to 2.9) and of a pod (2.10 and
    # later).
    "containers": (
        "atop_2.3.0.raw",
        "atop_2.8.1.raw",
        "atop_2.10.0.raw",
        "atop_2.13.0.raw",
    ),
    # What an unusual host does: names that are not UTF-8, a zombie, threads,
    # a burst, PIDs taken over.
    "edge": (
        "atop_1.26.raw",
        "atop_2.3.0.raw",
        "atop_2.8.1.raw",
        "atop_2.13.0.raw",
    ),
    # What a busy server does: a pre-fork server, a detached daemon, names
    # with parentheses, a UTF-8 command line cut mid-character, signals.
    "server": (
        "atop_1.26.raw",
        "atop_2.3.0.raw",
        "atop_2.8.1.raw",
        "atop_2.13.0.raw",
    ),
    # What processes used of CPU and disk, across a clock hour.
    "usage": (
        "atop_1.26.raw",
        "atop_2.3.0.raw",
        "atop_2.8.1.raw",
        "atop_2.10.0.raw",
        "atop_2.13.0.raw",
    ),
    # The network bytes of processes, as netatop-bpf counts them for atop, on
    # a host anonymized by atophide.
    "network": ("atop_2.11.1.raw", "atop_2.13.0.raw"),
    # Debian's atop for 64-bit ARM, whose structures have the sizes of
    # x86-64, and for 32-bit ARM.
    "arm": ("atop_2.8.1_arm64.raw", "atop_2.8.1_armhf.raw"),
    # 32-bit builds of atop: Debian's own for i386 and armhf (Debian 13's with
    # a 64-bit time_t), releases built for i386, and 2.8.1 for every ABI.
    "32bit": tuple(
        f"atop_{build:s}.raw"
        for build in (
            "debian12-2.8.1-i386",
            "debian12-2.8.1-armhf",
            "debian13-2.11.1-armhf",
            "1.26-i386",
            "2.3.0-i386",
            "2.7.1-i386",
            "2.8.1-i386",
            "2.10.0-i386",
            "2.13.0-i386",
            "2.8.1-armhf",
            "2.8.1-armhf-time64",
        )
    ),
    # The processes of a real host, kernel threads included.
    "host": ("atop_vm_2.8.1.raw",),
    # atop's own record: stopped and started again, suspended, started with
    # its host, and a copy of the latter with a clock stepped back.
    "recording": tuple(
        f"atop_{release:s}_{kind:s}.raw"
        for release in ("1.26", "2.3.0", "2.8.1", "2.13.0")
        for kind in ("restart", "suspend", "booted", "clock")
    ),
}

# The sets of logs of hosts without an intrusion.
NORMAL_LOG_SETS = (
    "corpus",
    "daily",
    "containers",
    "edge",
    "server",
    "usage",
    "network",
    "arm",
    "32bit",
    "host",
)

# What a tracked process needs of a sample.
FakeSample = collections.namedtuple(
    "FakeSample", ["time", "corrupted", "recovered", "interval"], defaults=[1]
)

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

# The date and time attribute that the timeliner makes an event of, per data
# type.
EVENT_TIME_ATTRIBUTES = {
    definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE: "sample_time",
    definitions.DATA_TYPE_PROCESS_EXEC: "sample_time",
    definitions.DATA_TYPE_PROCESS_EXIT: "exit_time",
    definitions.DATA_TYPE_PROCESS_RUNNING: "sample_time",
    definitions.DATA_TYPE_PROCESS_START: "start_time",
    definitions.DATA_TYPE_PROCESS_USAGE: "sample_time",
    definitions.DATA_TYPE_CLOCK_CHANGE: "sample_time",
    definitions.DATA_TYPE_RECORDING_END: "end_time",
    definitions.DATA_TYPE_RECORDING_GAP: "gap_start",
    definitions.DATA_TYPE_RECORDING_START: "start_time",
    definitions.DATA_TYPE_SYSTEM_BOOT: "boot_time",
}

# The data type of the event data of each kind of observation.
_OBSERVATION_DATA_TYPES = {
    lifecycle.ProcessCredentialsChange: (
        definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE
    ),
    lifecycle.ProcessExec: definitions.DATA_TYPE_PROCESS_EXEC,
    lifecycle.ProcessExit: definitions.DATA_TYPE_PROCESS_EXIT,
    lifecycle.ProcessRunning: definitions.DATA_TYPE_PROCESS_RUNNING,
    lifecycle.ProcessStart: definitions.DATA_TYPE_PROCESS_START,
    lifecycle.ProcessUsage: definitions.DATA_TYPE_PROCESS_USAGE,
    lifecycle.ClockChange: definitions.DATA_TYPE_CLOCK_CHANGE,
    lifecycle.RecordingEnd: definitions.DATA_TYPE_RECORDING_END,
    lifecycle.RecordingGap: definitions.DATA_TYPE_RECORDING_GAP,
    lifecycle.RecordingStart: definitions.DATA_TYPE_RECORDING_START,
    lifecycle.SystemBoot: definitions.DATA_TYPE_SYSTEM_BOOT,
}

# The expected events of each data type, and the list of ExpectedEvents that
# holds them.
_EXPECTED_TYPES = {
    definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE: (
        expected_events.ExpectedCredentialsChange,
        "credential_changes",
    ),
    definitions.DATA_TYPE_PROCESS_EXEC: (expected_events.ExpectedExec, "execs"),
    definitions.DATA_TYPE_PROCESS_EXIT: (expected_events.ExpectedExit, "exits"),
    definitions.DATA_TYPE_PROCESS_RUNNING: (
        expected_events.ExpectedRunning,
        "running",
    ),
    definitions.DATA_TYPE_PROCESS_START: (expected_events.ExpectedStart, "starts"),
    definitions.DATA_TYPE_PROCESS_USAGE: (expected_usage.ExpectedUsage, "usage"),
    definitions.DATA_TYPE_CLOCK_CHANGE: (
        expected_recording.ExpectedClockChange,
        "clock_changes",
    ),
    definitions.DATA_TYPE_RECORDING_END: (
        expected_recording.ExpectedRecordingEnd,
        "recording_ends",
    ),
    definitions.DATA_TYPE_RECORDING_GAP: (
        expected_recording.ExpectedRecordingGap,
        "recording_gaps",
    ),
    definitions.DATA_TYPE_RECORDING_START: (
        expected_recording.ExpectedRecordingStart,
        "recording_starts",
    ),
    definitions.DATA_TYPE_SYSTEM_BOOT: (
        expected_recording.ExpectedSystemBoot,
        "system_boots",
    ),
}

# The attributes of expected events that are times.
_TIME_ATTRIBUTES = frozenset(
    [
        "boot_time",
        "end_time",
        "exit_time",
        "gap_end",
        "gap_start",
        "next_recording_start",
        "period_start",
        "previous_recording_end",
        "previous_sample_time",
        "sample_time",
        "start_time",
    ]
)


def GetLogPath(log_set, name):
    """Retrieves the path of a test log.

    Args:
      log_set (str): set of the log, such as "corpus".
      name (str): name of the log.

    Returns:
      str: path of the log.
    """
    return os.path.join(TEST_DATA_PATH, log_set, name)


def GetLogPaths(*log_sets):
    """Retrieves the paths of the logs of sets of test logs.

    Args:
      log_sets (tuple[str]): sets of logs; every set by default.

    Returns:
      list[str]: paths of the logs.
    """
    return [
        GetLogPath(log_set, name)
        for log_set in log_sets or LOG_SETS
        for name in LOG_SETS[log_set]
    ]


def CopyLogs(paths, directory):
    """Copies test logs into a directory, each named after its set and name.

    Logs of several sets share their names: atop_2.8.1.raw of the corpus
    becomes corpus_atop_2.8.1.raw.

    Args:
      paths (list[str]): paths of the logs.
      directory (str): directory to copy them into.
    """
    for path in paths:
        log_set = os.path.basename(os.path.dirname(path))
        shutil.copy(
            path, os.path.join(directory, f"{log_set:s}_{os.path.basename(path)}")
        )


def CreateTaskEntry(**values):
    """Builds a task entry for unit tests.

    Args:
      values (dict[str, object]): field values; the others are None.

    Returns:
      TaskEntry: task entry.
    """
    entry = task.TaskEntry()
    unknown_names = set(values) - set(vars(entry))
    if unknown_names:
        raise TypeError(f"no such task entry attributes: {sorted(unknown_names)!s}")
    vars(entry).update(values)
    return entry


def WithoutCgroup(entry):
    """Copies a task entry without its cgroup path.

    Args:
      entry (TaskEntry): task entry.

    Returns:
      TaskEntry: copy of the entry, with the cgroup path None.
    """
    entry_copy = copy.copy(entry)
    entry_copy.cgroup = None
    return entry_copy


def GetTasks(sample):
    """Decodes every task entry of a sample.

    Args:
      sample (Sample): sample.

    Returns:
      list[TaskEntry]: task entries.
    """
    return [sample.GetTask(index) for index in range(sample.number_of_tasks)]


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
            sample.entries = GetTasks(sample)
            samples.append(sample)
            yield sample

    log_file = reader.AtopLogFile(
        io.BytesIO(data), warning_callback=_Warn, **reader_arguments
    )
    tracker = lifecycle.ProcessTracker(warning_callback=_Warn)
    observations = list(tracker.TrackSamples(_Samples(log_file)))
    return LogReading(log_file.header, samples, warnings, observations)


def DeriveExpectedEvents(path):
    """Derives the events of a log from atop's own -P output.

    Args:
      path (str): path of the log.

    Returns:
      ExpectedEvents: sorted expected events of processes and of recording.
    """
    samples = parseable.ReadParseableOutput(path)
    events = expected_events.DeriveEvents(
        samples,
        parseable.ReadVersion(path),
        parseable.ReadHertz(samples),
        parseable.HasNetworkCounters(path, samples),
    )
    recording = expected_recording.DeriveRecording(
        samples, *expected_recording.ReadRelease(path)
    )
    return expected_events.SortEvents(events._replace(**recording._asdict()))


def _GetSeconds(value):
    """Retrieves a time in seconds since the epoch from any layer's value.

    Args:
      value (int|str|dfdatetime.PosixTime): seconds since the epoch (an
          observation, a psort document), an ISO 8601 string or a dfDateTime
          value (event data), or None.

    Returns:
      int: seconds since the epoch, or None.
    """
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, str):
        return int(datetime.datetime.fromisoformat(value).timestamp())
    return value.timestamp


def ConvertEvents(items):
    """Converts what the tracker or the parser gave into expected events.

    Args:
      items (iterable[object]): observations of the tracker, event data of
          the parser, or psort json_line documents; others are left out.

    Returns:
      ExpectedEvents: events, sorted as expected_events sorts them.
    """
    events = expected_events.CreateExpectedEvents()
    for item in items:
        if isinstance(item, dict):
            # A json_line document holds the date and time of its event as
            # date_time, in place of the attribute the event was made of.
            data_type = item.get("data_type")
            time_attribute = EVENT_TIME_ATTRIBUTES.get(data_type)
            if not time_attribute:
                continue
            item = types.SimpleNamespace(
                **{**item, time_attribute: item["date_time"]["timestamp"]}
            )
        else:
            data_type = _OBSERVATION_DATA_TYPES.get(type(item)) or getattr(
                item, "data_type", None
            )

        expected_type, kind = _EXPECTED_TYPES.get(data_type, (None, None))
        if not expected_type:
            continue
        values = []
        for name in expected_type._fields:
            value = getattr(item, name, None)
            if name == "start_time" and value is None:
                value = getattr(item, "process_start_time", None)
            if name in _TIME_ATTRIBUTES:
                value = _GetSeconds(value)
            values.append(value)
        getattr(events, kind).append(expected_type(*values))
    return expected_events.SortEvents(events)


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


def WriteHeavyUseLog(source_path, path, process_name):
    """Writes a copy of a log in which a process used far more.

    In one sample after the first, the process gets 50 minutes of user CPU
    time and 2 GiB written to disk, which the real workload did not: values
    beyond the floors of the labels of tag_atop.txt.

    Args:
      source_path (str): path of the log.
      path (str): path of the copy.
      process_name (str): name of the process.
    """
    header = ReadHeader(source_path)
    log = raw_log.RawLog.FromFile(source_path)
    log.SetTaskValues(
        header.layout,
        {"cpu_user_ticks": 50 * 60 * header.hertz, "disk_write_sectors": 4 * MEBIBYTE},
        process_name=process_name,
    )
    with open(path, "wb") as file_object:
        file_object.write(log.ToBytes())


def WriteHeavySendLog(source_path, path):
    """Writes a copy of a log in which a process sent 600 MiB over TCP.

    Args:
      source_path (str): path of a log with network counters.
      path (str): path of the copy.
    """
    header = ReadHeader(source_path)
    log = raw_log.RawLog.FromFile(source_path)
    log.SetTaskValues(header.layout, {"tcp_sent_bytes": 600 * MEBIBYTE})
    with open(path, "wb") as file_object:
        file_object.write(log.ToBytes())
