"""Fuzzes the atop parser with mutated corpus logs, for a fixed time.

Mutations range from byte flips, cuts, deletions, duplications and insertions
to hostile values in sample records and in the (re-compressed) task entries.
Every input goes through the plaso parser with a real parser mediator; none
may raise, hang or use much memory. PLASO_ATOP_FUZZ_SECONDS sets the time
budget (60 seconds by default).
"""

import io
import os
import signal
import struct
import time
import tracemalloc
import unittest

from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies

from plaso.lib import errors
from plaso.parsers import mediator as parsers_mediator
from plaso.storage.fake import writer as fake_writer

from plaso_atop import parser as atop_parser
from plaso_atop.atoplog import header

from tests import raw_log
from tests import test_lib

FUZZ_SECONDS = float(os.environ.get("PLASO_ATOP_FUZZ_SECONDS", "60"))

# Longest time one input may take before it counts as a hang.
MAXIMUM_SECONDS_PER_INPUT = 10

# Most memory that parsing one small log may allocate.
MAXIMUM_PEAK_MEMORY = 64 * 1024 * 1024

_LOGS = [raw_log.RawLog.FromFile(path) for path in test_lib.GetLogPaths("corpus")]

_EXTREME_VALUES = [0, 1, 2, 0x7F, 0xFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF]

_TASK_FIELDS = [
    "pid",
    "ppid",
    "is_process",
    "state",
    "exit_status",
    "start_time",
    "elapsed_ticks",
    "process_name",
    "command_line",
    "cpu_user_ticks",
]


class _FileObject(io.BytesIO):
    """In-memory file-like object with the get_size() of dfVFS file objects."""

    def get_size(self):
        """Retrieves the size of the data.

        Returns:
          int: size in bytes.
        """
        return len(self.getbuffer())


class _Timeout(Exception):
    """Raised when one input takes too long."""


def _RaiseTimeout(signal_number, frame):
    """Signal handler that turns a hang into an exception."""
    raise _Timeout()


def _FieldValue(draw, field_format):
    """Draws a hostile value for a task field.

    Args:
      draw (function): hypothesis draw function.
      field_format (str): struct format of the field.

    Returns:
      bytes: packed value.
    """
    size = struct.calcsize("<" + field_format)
    if field_format.endswith("s"):
        return draw(
            strategies.one_of(
                strategies.just(b"\xff" * size),
                strategies.just(b"A" * size),
                strategies.binary(min_size=size, max_size=size),
            )
        )
    value = draw(
        strategies.one_of(
            strategies.sampled_from(_EXTREME_VALUES),
            strategies.integers(min_value=0, max_value=(1 << (8 * size)) - 1),
            strategies.sampled_from([631152000, 1795658000, 4102444800, 1 << 40]),
        )
    )
    return (value % (1 << (8 * size))).to_bytes(size, "little")


@strategies.composite
def MutatedLogs(draw):
    """Draws a mutated corpus log.

    Returns:
      bytes: log data.
    """
    log_index = draw(strategies.integers(min_value=0, max_value=len(_LOGS) - 1))
    log = _LOGS[log_index]
    layout = header.AtopLogHeader(bytes(log.header)).layout
    task_fields = {field.name: field for field in layout.task_fields}
    samples = [
        raw_log.RawSample(sample.offset, sample.record, sample.blocks)
        for sample in log.samples
    ]

    for _ in range(draw(strategies.integers(min_value=0, max_value=3))):
        sample = draw(strategies.sampled_from(samples))
        kind = draw(strategies.sampled_from(["record", "task"]))
        if kind == "record":
            offset = draw(strategies.sampled_from(range(0, log.record_size, 4)))
            value = draw(strategies.sampled_from(_EXTREME_VALUES))
            struct.pack_into("<I", sample.record, offset, value)
        else:
            data = sample.GetTaskData()
            if not data:
                continue
            index = draw(
                strategies.integers(
                    min_value=0, max_value=len(data) // log.tstat_size - 1
                )
            )
            field = task_fields.get(draw(strategies.sampled_from(_TASK_FIELDS)))
            if field is None:
                continue
            value = _FieldValue(draw, field.format)
            offset = index * log.tstat_size + field.offset
            data[offset : offset + len(value)] = value
            sample.SetTaskData(data)

    data = bytearray(log.ToBytes(samples))
    for _ in range(draw(strategies.integers(min_value=0, max_value=4))):
        kind = draw(
            strategies.sampled_from(
                ["flip", "cut", "delete", "duplicate", "insert", "zero"]
            )
        )
        position = draw(strategies.integers(min_value=0, max_value=len(data)))
        length = draw(strategies.integers(min_value=1, max_value=4096))
        if kind == "flip" and position < len(data):
            data[position] ^= draw(strategies.integers(min_value=1, max_value=255))
        elif kind == "cut":
            del data[position:]
        elif kind == "delete":
            del data[position : position + length]
        elif kind == "duplicate":
            data[position:position] = data[position : position + length]
        elif kind == "insert":
            data[position:position] = draw(
                strategies.binary(min_size=1, max_size=length)
            )
        elif kind == "zero":
            data[position : position + length] = bytes(
                len(data[position : position + length])
            )
    return bytes(data)


def ParseData(data):
    """Parses log data with the plaso parser and a real parser mediator.

    Args:
      data (bytes): log data.

    Returns:
      int: number of event data produced.
    """
    storage_writer = fake_writer.FakeStorageWriter()
    storage_writer.Open()
    mediator = parsers_mediator.ParserMediator()
    mediator.SetStorageWriter(storage_writer)
    try:
        atop_parser.AtopParser().Parse(mediator, _FileObject(data))
    except errors.WrongParser:
        return 0
    return mediator.number_of_produced_event_data


class FuzzTest(test_lib.BaseTestCase):
    """Fuzzes the parser."""

    def testMutatedLogs(self):
        """Tests that no mutated log makes the parser fail, hang or bloat."""
        statistics = {"inputs": 0, "events": 0, "peak": 0}

        @settings(
            max_examples=100,
            deadline=None,
            database=None,
            derandomize=False,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(MutatedLogs())
        def _Check(data):
            tracemalloc.reset_peak()
            signal.setitimer(signal.ITIMER_REAL, MAXIMUM_SECONDS_PER_INPUT)
            try:
                number_of_events = ParseData(data)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            _, peak = tracemalloc.get_traced_memory()
            self.assertLess(peak, MAXIMUM_PEAK_MEMORY)
            statistics["inputs"] += 1
            statistics["events"] += number_of_events
            statistics["peak"] = max(statistics["peak"], peak)

        previous_handler = signal.signal(signal.SIGALRM, _RaiseTimeout)
        tracemalloc.start()
        try:
            end_time = time.monotonic() + FUZZ_SECONDS
            while time.monotonic() < end_time:
                _Check()
        finally:
            tracemalloc.stop()
            signal.signal(signal.SIGALRM, previous_handler)

        print(
            f"\nfuzz: {statistics['inputs']:d} inputs in {FUZZ_SECONDS:.0f} s, "
            f"{statistics['events']:d} events, peak traced memory "
            f"{statistics['peak'] / 1024 / 1024:.1f} MiB"
        )
        self.assertGreater(statistics["inputs"], 0)
        self.assertGreater(statistics["events"], 0)


if __name__ == "__main__":
    unittest.main()
