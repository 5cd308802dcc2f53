"""Tests that the benchmark's measurements of our code run and count right.

They are not timing tests: the benchmark prints ratios, and these tests only
check that its measurements of our code measure what they say, so that the
benchmark does not rot between its runs.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from bench import least_parser
from bench import memory
from bench import report
from bench import timing

from tests import plaso_test_lib
from tests import test_lib

MEASUREMENTS_PATH = os.path.join(
    os.path.dirname(test_lib.TEST_DATA_PATH), "bench", "measurements.py"
)

# Prints the peak of the memory that importing the parser traces.
_IMPORTS_PEAK_CODE = (
    "import tracemalloc; tracemalloc.start(); "
    "from plaso_atop import parser; "
    "print(tracemalloc.get_traced_memory()[1])"
)


def _Measure(name, path):
    """Runs a measurement of the benchmark in a process of its own.

    Args:
      name (str): name of the measurement.
      path (str): path of the log.

    Returns:
      dict[str, object]: its result.
    """
    result = subprocess.run(
        [sys.executable, MEASUREMENTS_PATH, name, path],
        capture_output=True,
        check=True,
        text=True,
        timeout=600,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class _KeepingMediator:
    """Parser mediator that keeps the event data it gets.

    Attributes:
      event_data (list[EventData]): event data.
    """

    def __init__(self):
        """Initializes the mediator."""
        super().__init__()
        self.event_data = []

    def GetFileEntry(self):
        """Retrieves no file entry."""
        return None

    def ProduceEventData(self, event_data, **kwargs):
        """Keeps event data."""
        self.event_data.append(event_data)

    def ProduceWarning(self, message, **kwargs):
        """Ignores a warning."""


class MeasurementsTest(test_lib.BaseTestCase):
    """Tests the measurements of our code."""

    def testParserAndReader(self):
        """Tests that the parser measurement produces the parser's event data."""
        path = test_lib.GetLogPath("changes", "atop_2.13.0.raw")
        expected = plaso_test_lib.ParseFile(path)
        result = _Measure("parser", path)
        self.assertEqual(result["event_data"], len(expected.event_data))
        self.assertGreater(result["seconds"], 0)
        self.assertGreater(result["produce_seconds"], 0)

        reading = test_lib.ReadLog(test_lib.ReadFile(path))
        result = _Measure("reader", path)
        self.assertEqual(
            result["tasks"], sum(sample.number_of_tasks for sample in reading.samples)
        )

    def testLeastParser(self):
        """Tests that the least a parser does gives a start and an exit per exit."""
        path = test_lib.GetLogPath("corpus", "atop_2.11.1_acct-signals.raw")
        reading = test_lib.ReadLog(test_lib.ReadFile(path))
        exited = [
            entry
            for sample in reading.samples
            for entry in sample.entries
            if entry.is_exited
        ]
        self.assertGreater(len(exited), 0)
        keeping_mediator = _KeepingMediator()
        mediator = timing.TimedMediator(keeping_mediator)
        least_parser.ProduceEventData(path, mediator)
        self.assertEqual(mediator.number_of_event_data, 2 * len(exited))
        self.assertEqual(
            sorted(event_data.data_type for event_data in keeping_mediator.event_data),
            sorted(
                ["linux:atop:process_exit", "linux:atop:process_start"] * len(exited)
            ),
        )


class MemoryTest(test_lib.BaseTestCase):
    """Tests the measurement of the parser's peak memory."""

    def testImportsLeftOut(self):
        """Tests that the peak is of the parse, not of importing plaso."""
        path = test_lib.GetLogPath("changes", "atop_2.13.0.raw")
        peak = memory.MeasureParserMemory(path)
        result = subprocess.run(
            [sys.executable, "-c", _IMPORTS_PEAK_CODE],
            capture_output=True,
            check=True,
            text=True,
        )
        imports_peak = int(result.stdout.strip().splitlines()[-1])
        self.assertGreater(peak, 0)
        self.assertLess(peak, imports_peak)


class ReportTest(test_lib.BaseTestCase):
    """Tests the tables of the benchmark."""

    def testWriteTable(self):
        """Tests that the table replaces the one between its lines, only it."""
        header, rows = report.CombineColumns(
            {
                "quiet": [("event data", "10"), ("seconds", "1")],
                "busy": [("event data", "20")],
            }
        )
        self.assertEqual(header, ["", "quiet", "busy"])
        self.assertEqual(rows, [["event data", "10", "20"], ["seconds", "1", ""]])
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "performance.md")
            with open(path, "w", encoding="utf-8") as file_object:
                file_object.write(
                    f"# Title\n\n{report.TABLE_START}\n\nold\n\n{report.TABLE_END}\n\nEnd\n"
                )
            report.WriteTable(path, report.FormatTable(header, rows))
            with open(path, encoding="utf-8") as file_object:
                text = file_object.read()
        self.assertNotIn("old", text)
        self.assertIn("| event data | 10 | 20 |", text)
        self.assertTrue(text.startswith("# Title\n"))
        self.assertTrue(text.endswith("\n\nEnd\n"))


if __name__ == "__main__":
    unittest.main()
