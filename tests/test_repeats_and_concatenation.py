"""Tests files with repeated samples, and atop logs appended to each other."""

import contextlib
import itertools
import os
import tempfile
import unittest
from unittest import mock

from plaso_atop.atoplog import sample_reader
from plaso_atop.atoplog import source

from tests import expected_events
from tests import plaso_test_lib
from tests import raw_log
from tests import test_lib
from tests import tools_test_lib

# One log per atop release of the corpus.
RELEASE_LOGS = [
    path for path in test_lib.GetLogPaths("corpus") if "acct-signals" not in path
]

# Pairs of releases whose concatenation goes through log2timeline and psort.
END_TO_END_PAIRS = [
    ("atop_1.26.raw", "atop_2.13.0.raw"),
    ("atop_2.13.0.raw", "atop_1.26.raw"),
    ("atop_2.11.1.raw", "atop_2.3.0.raw"),
    ("atop_2.3.0.raw", "atop_2.11.1.raw"),
    ("atop_2.8.1.raw", "atop_2.10.0.raw"),
    ("atop_2.10.0.raw", "atop_2.8.1.raw"),
]


def _Merge(first, second):
    """Merges the expected events of two logs."""
    return expected_events.SortEvents([a + b for a, b in zip(first, second)])


class _WorkCounter:
    """Counts the work of parsing a log: what it reads and what it inflates.

    Attributes:
      bytes_read (int): bytes read from the file.
      inflated_samples (int): samples inflated.
    """

    def __init__(self):
        """Initializes a work counter."""
        super().__init__()
        self.bytes_read = 0
        self.inflated_samples = 0

    def _ReadAt(self, file_source, offset, size):
        """Reads data as FileSource.ReadAt does, counting the bytes."""
        data = _READ_AT(file_source, offset, size)
        self.bytes_read += len(data)
        return data

    def _InflateSample(self, reader, *args, **kwargs):
        """Inflates a sample as SampleReader.InflateSample does, counting it."""
        self.inflated_samples += 1
        return _INFLATE_SAMPLE(reader, *args, **kwargs)

    def Count(self):
        """Counts the work of what runs in the context.

        Returns:
          contextmanager: context.
        """
        stack = contextlib.ExitStack()
        stack.enter_context(
            mock.patch.object(
                source.FileSource,
                "ReadAt",
                autospec=True,
                side_effect=self._ReadAt,
            )
        )
        stack.enter_context(
            mock.patch.object(
                sample_reader.SampleReader,
                "InflateSample",
                autospec=True,
                side_effect=self._InflateSample,
            )
        )
        return stack


_READ_AT = source.FileSource.ReadAt
_INFLATE_SAMPLE = sample_reader.SampleReader.InflateSample


class RepeatedSamplesTest(plaso_test_lib.ParserTestCase):
    """Tests logs followed by thousands of copies of one of their samples."""

    _NUMBER_OF_COPIES = 4000

    def _CheckCopies(self, name, index):
        """Checks a log followed by copies of one of its samples.

        Args:
          name (str): name of the corpus log.
          index (int): index of the sample to copy.
        """
        path = test_lib.GetLogPath("corpus", name)
        log = raw_log.RawLog.FromFile(path)
        original = log.ToBytes()
        copy = log.samples[index].ToBytes()
        data = original + copy * self._NUMBER_OF_COPIES

        with tempfile.TemporaryDirectory() as directory:
            repeated_path = os.path.join(directory, "atop_repeated")
            with open(repeated_path, "wb") as file_object:
                file_object.write(data)

            original_work = _WorkCounter()
            with original_work.Count():
                self._ParseFile(path)
            repeated_work = _WorkCounter()
            with repeated_work.Count():
                result = self._ParseFile(repeated_path)

        self.assertEqual(
            test_lib.ConvertEvents(result.event_data),
            test_lib.DeriveExpectedEvents(path),
        )
        self.assertEqual(result.recovery_warnings, [])
        self.assertEqual(len(result.warnings), 1)
        self.assertIn(
            f"{self._NUMBER_OF_COPIES:d} samples skipped that repeat samples read "
            f"before",
            result.warnings[0],
        )
        self.assertIn(f"the first at offset: 0x{len(original):08x}", result.warnings[0])
        # Linear: a copy is read once and never inflated nor tracked.
        self.assertEqual(original_work.inflated_samples, len(log.samples))
        self.assertEqual(repeated_work.inflated_samples, original_work.inflated_samples)
        self.assertLessEqual(repeated_work.bytes_read, 2 * len(data))

    def testCopiesOfTheFirstSample(self):
        """Tests copies of the first (boot) sample."""
        self._CheckCopies("atop_2.8.1.raw", 0)

    def testCopiesOfAMiddleSample(self):
        """Tests copies of a sample in the middle."""
        self._CheckCopies("atop_2.11.1.raw", 3)

    def testCopiesOfTheLastSample(self):
        """Tests copies of the last sample."""
        self._CheckCopies("atop_1.26.raw", -1)

    def testClockSteppedBack(self):
        """Tests that a sample back in time that repeats none is read."""
        path = test_lib.GetLogPath("corpus", "atop_2.6.0.raw")
        log = raw_log.RawLog.FromFile(path)
        reading = self._ReadLog(log.ToBytes())
        log.samples[4].SetTime(reading.samples[1].time)
        stepped = self._ReadLog(log.ToBytes())
        self.assertEqual(len(stepped.samples), len(reading.samples))
        self.assertEqual(len(stepped.warnings), 1)
        self.assertIn("before that of the previous sample", stepped.warnings[0][1])

    def testLogAppendedToItself(self):
        """Tests a log appended to itself: its second copy is all repeats."""
        path = test_lib.GetLogPath("corpus", "atop_2.13.0.raw")
        data = test_lib.ReadFile(path)
        reading = self._ReadLog(data + data)
        self.assertEqual(len(reading.samples), len(self._ReadLog(data).samples))
        self.assertEqual(len(reading.warnings), 2)
        self.assertIn("another atop log starts", reading.warnings[0][1])
        self.assertIn("samples skipped that repeat", reading.warnings[1][1])


class ConcatenatedLogsTest(test_lib.BaseTestCase):
    """Tests atop logs of two releases appended to each other."""

    def testEveryOrderedPairOfReleases(self):
        """Tests every ordered pair of releases of the corpus."""
        number_of_pairs = 0
        for first_path, second_path in itertools.permutations(RELEASE_LOGS, 2):
            with self.subTest(
                first=os.path.basename(first_path), second=os.path.basename(second_path)
            ):
                data = test_lib.ReadFile(first_path) + test_lib.ReadFile(second_path)
                reading = self._ReadLog(data)
                self.assertEqual(
                    test_lib.ConvertEvents(reading.observations),
                    _Merge(
                        test_lib.DeriveExpectedEvents(first_path),
                        test_lib.DeriveExpectedEvents(second_path),
                    ),
                )
                second_header = test_lib.ReadHeader(second_path)
                self.assertEqual(
                    [message for _, message in reading.warnings],
                    [
                        f"another atop log starts: atop {second_header.release:s} "
                        f"on host {second_header.hostname:s}"
                    ],
                )
                self.assertEqual(reading.warnings[0][0], os.path.getsize(first_path))
                self.assertEqual(
                    {sample.header.release for sample in reading.samples},
                    {test_lib.ReadHeader(first_path).release, second_header.release},
                )
                number_of_pairs += 1
        self.assertEqual(number_of_pairs, len(RELEASE_LOGS) * (len(RELEASE_LOGS) - 1))

    def testHostNames(self):
        """Tests that the events of each log have its own host name."""
        first_path = test_lib.GetLogPaths("changes")[-1]
        second_path = test_lib.GetLogPath("corpus", "atop_2.9.0.raw")
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "atop_both")
            with open(path, "wb") as file_object:
                file_object.write(test_lib.ReadFile(first_path))
                file_object.write(test_lib.ReadFile(second_path))
            result = plaso_test_lib.ParseFile(path)

        per_host = {}
        for event_data in result.event_data:
            per_host.setdefault(event_data.hostname, []).append(event_data)
        self.assertEqual(sorted(per_host), ["atop-lab", "web-1"])
        self.assertEqual(
            test_lib.ConvertEvents(per_host["web-1"]),
            test_lib.DeriveExpectedEvents(first_path),
        )
        self.assertEqual(
            test_lib.ConvertEvents(per_host["atop-lab"]),
            test_lib.DeriveExpectedEvents(second_path),
        )

    def testAfterDamage(self):
        """Tests a damaged tail of the first log, then the second log."""
        first = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.4.0.raw"))
        second_path = test_lib.GetLogPath("corpus", "atop_2.12.1.raw")
        cut = first.samples[-1].block_offsets[1] + 50
        data = first.ToBytes()[:cut] + test_lib.ReadFile(second_path)
        reading = self._ReadLog(data)
        self.assertEqual(len(reading.samples), len(first.samples) - 1 + 6)
        messages = [message for _, message in reading.warnings]
        self.assertEqual(len(messages), 2)
        self.assertIn("up to the next intact log", messages[0])
        self.assertIn("another atop log starts: atop 2.12", messages[1])
        self.assertEqual(reading.warnings[1][0], cut)


class ConcatenatedLogsEndToEndTest(test_lib.BaseTestCase):
    """Runs log2timeline and psort on logs appended to each other."""

    def testPairs(self):
        """Tests pairs of releases, each file compared with atop's output."""
        with tempfile.TemporaryDirectory() as directory:
            source = os.path.join(directory, "logs")
            os.mkdir(source)
            for first, second in END_TO_END_PAIRS:
                with open(os.path.join(source, f"{first}+{second}"), "wb") as output:
                    output.write(
                        test_lib.ReadFile(test_lib.GetLogPath("corpus", first))
                    )
                    output.write(
                        test_lib.ReadFile(test_lib.GetLogPath("corpus", second))
                    )

            storage_path = os.path.join(directory, "pairs.plaso")
            tools_test_lib.RunLog2Timeline(storage_path, source, "--parsers", "atop")
            documents = tools_test_lib.RunPsortJsonLine(storage_path, directory)

        per_file = {}
        for document in documents:
            name = os.path.basename(document["pathspec"]["location"])
            per_file.setdefault(name, []).append(document)
        self.assertEqual(len(per_file), len(END_TO_END_PAIRS))
        for first, second in END_TO_END_PAIRS:
            with self.subTest(first=first, second=second):
                self.assertEqual(
                    test_lib.ConvertEvents(per_file[f"{first}+{second}"]),
                    _Merge(
                        test_lib.DeriveExpectedEvents(
                            test_lib.GetLogPath("corpus", first)
                        ),
                        test_lib.DeriveExpectedEvents(
                            test_lib.GetLogPath("corpus", second)
                        ),
                    ),
                )


if __name__ == "__main__":
    unittest.main()
