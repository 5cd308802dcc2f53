"""Tests truncated, damaged and hostile atop logs."""

import os
import random
import struct
import time
import unittest
import zlib

from plaso_atop import atoplog
from plaso_atop import lifecycle
from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import layouts

from tests import parseable
from tests import raw_log
from tests import test_lib

# The corpus and logs of the three 32-bit ABIs.
_DAMAGED_LOGS = test_lib.GetLogPaths("corpus") + [
    test_lib.GetLogPath("32bit", name)
    for name in (
        "atop_2.13.0-i386.raw",
        "atop_2.8.1-armhf.raw",
        "atop_debian13-2.11.1-armhf.raw",
    )
]


class TruncationTest(test_lib.BaseTestCase):
    """Tests logs cut at any byte."""

    def _CheckSamples(self, samples, expected):
        """Checks samples against the samples of atop's output.

        Args:
          samples (list[Sample]): samples read.
          expected (list[ParseableSample]): samples of atop's output.
        """
        self.assertEqual(len(samples), len(expected))
        for sample, expected_sample in zip(samples, expected):
            self.assertEqual(
                [entry.pid for entry in sample.entries],
                [int(line["pid"]) for line in expected_sample.prg],
            )
            self.assertEqual(
                {sample.time}, {int(line["epoch"]) for line in expected_sample.prg}
            )

    def testEveryCut(self):
        """Tests cuts at every sample boundary and inside every block."""
        number_of_cuts = 0
        for path in _DAMAGED_LOGS:
            log = raw_log.RawLog.FromFile(path)
            data = log.ToBytes()
            expected = parseable.ReadParseableOutput(path)
            self.assertEqual(len(log.samples), len(expected))

            for index, sample in enumerate(log.samples):
                cuts = [sample.offset, sample.offset + 1]
                cuts.append(sample.offset + len(sample.record) // 2)
                for block_offset, block in zip(sample.block_offsets, sample.blocks):
                    cuts.extend([block_offset, block_offset + len(block) // 2])
                cuts.append(sample.offset + sample.size - 1)

                for cut in cuts:
                    with self.subTest(log=os.path.basename(path), cut=cut):
                        _, samples, warnings, _ = self._ReadLog(data[:cut])
                        self._CheckSamples(samples, expected[:index])
                        if cut == sample.offset:
                            self.assertEqual(warnings, [])
                        else:
                            self.assertEqual(len(warnings), 1)
                            self.assertEqual(warnings[0][0], sample.offset)
                            self.assertIn("truncated", warnings[0][1])
                    number_of_cuts += 1

            _, samples, warnings, _ = self._ReadLog(data)
            self._CheckSamples(samples, expected)
            self.assertEqual(warnings, [])
        self.assertGreater(number_of_cuts, 500)

    def testHeaderOnly(self):
        """Tests a log that is only a header."""
        with open(test_lib.GetLogPath("corpus", "atop_2.7.1.raw"), "rb") as file_object:
            data = file_object.read(480)
        _, samples, warnings, observations = self._ReadLog(data)
        self.assertEqual((samples, warnings, observations), ([], [], []))

        with self.assertRaises(atoplog.AtopLogError):
            self._ReadLog(data[:479])


class DamagedSampleTest(test_lib.BaseTestCase):
    """Tests damage inside a sample in the middle of a log."""

    def _Damage(self, log, index, kind):
        """Damages a sample.

        Args:
          log (RawLog): log.
          index (int): index of the sample to damage.
          kind (str): kind of damage.

        Returns:
          bytes: damaged log.
        """
        sample = log.samples[index]
        record = bytearray(sample.record)
        record_format = log.record_format
        blocks = list(sample.blocks)
        if kind == "task data":
            middle = len(blocks[1]) // 2
            blocks[1] = blocks[1][:middle] + b"\xa5" * 16 + blocks[1][middle + 16 :]
        elif kind == "zlib header":
            blocks[0] = b"\x00\x00" + blocks[0][2:]
        elif kind == "huge length":
            struct.pack_into("<I", record, record_format.pcomplen, 0xFFFFFFF0)
        elif kind == "wrong task count":
            number_of_tasks = struct.unpack_from("<I", record, record_format.ndeviat)[0]
            struct.pack_into("<I", record, record_format.ndeviat, number_of_tasks + 1)
        elif kind == "short system block":
            size = struct.unpack_from("<I", record, record_format.scomplen)[0]
            struct.pack_into("<I", record, record_format.scomplen, size - 3)
        elif kind == "implausible time":
            struct.pack_into(record_format.time_format, record, 0, 0)
        elif kind == "garbage":
            record = bytearray(random.Random(index).randbytes(len(record)))
        damaged = raw_log.RawSample(sample.offset, record, blocks, record_format)
        samples = list(log.samples)
        samples[index] = damaged
        return log.ToBytes(samples)

    def testDamagedMiddleSample(self):
        """Tests that every sample after a damaged one is recovered."""
        kinds = [
            "task data",
            "zlib header",
            "huge length",
            "wrong task count",
            "short system block",
            "implausible time",
            "garbage",
        ]
        for path in _DAMAGED_LOGS:
            log = raw_log.RawLog.FromFile(path)
            intact_samples = self._ReadLog(log.ToBytes()).samples
            for index in range(1, len(log.samples) - 1):
                for kind in kinds:
                    with self.subTest(
                        log=os.path.basename(path), index=index, kind=kind
                    ):
                        _, samples, warnings, observations = self._ReadLog(
                            self._Damage(log, index, kind)
                        )
                        expected = intact_samples[:index] + intact_samples[index + 1 :]
                        self.assertEqual(
                            [sample.time for sample in samples],
                            [sample.time for sample in expected],
                        )
                        for sample, intact in zip(samples, expected):
                            self.assertEqual(sample.entries, intact.entries)
                        self.assertEqual(
                            [sample.recovered for sample in samples],
                            [False] * index + [True] * (len(samples) - index),
                        )
                        self.assertEqual(len(warnings), 1)
                        self.assertEqual(warnings[0][0], log.samples[index].offset)
                        self.assertIn("damaged sample", warnings[0][1])

    def testRecoveredObservations(self):
        """Tests that observations of samples after a resynchronization are flagged."""
        log = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.8.1.raw"))
        samples = list(log.samples)
        samples[1] = raw_log.RawSample(
            samples[1].offset, b"\x00" * len(samples[1].record), samples[1].blocks
        )
        _, samples, warnings, observations = self._ReadLog(log.ToBytes(samples))
        self.assertEqual(len(warnings), 1)

        # The sample that reported each exit tells whether it was recovered.
        reporting_samples = {}
        for sample in samples:
            for entry in sample.entries:
                if entry.is_exited:
                    reporting_samples[(entry.pid, entry.process_name)] = sample
        exits = [
            observation
            for observation in observations
            if isinstance(observation, lifecycle.ProcessExit)
        ]
        self.assertGreater(len(exits), 10)
        for observation in exits:
            sample = reporting_samples[(observation.pid, observation.process_name)]
            self.assertEqual(observation.recovered, sample.recovered)
        self.assertIn(True, {observation.recovered for observation in exits})
        # Processes first listed by the intact first sample are not recovered,
        # those first listed after the damage are.
        starts = [
            observation
            for observation in observations
            if isinstance(observation, lifecycle.ProcessStart)
        ]
        self.assertEqual(
            {observation.recovered for observation in starts}, {False, True}
        )

    def testCorruptedCgroupBlocks(self):
        """Tests damaged cgroup blocks: tasks intact, sample flagged corrupted."""
        log = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.12.1.raw"))
        intact_samples = self._ReadLog(log.ToBytes()).samples
        sample = log.samples[2]
        self.assertEqual(len(sample.blocks), 4)
        sample.blocks[2] = sample.blocks[2][:2] + b"\xff" * (len(sample.blocks[2]) - 2)
        _, samples, warnings, observations = self._ReadLog(log.ToBytes())
        self.assertEqual(len(samples), len(intact_samples))
        self.assertEqual(len(warnings), 1)
        self.assertEqual(warnings[0][0], sample.offset)
        self.assertIn("cgroup", warnings[0][1])
        self.assertTrue(samples[2].corrupted)
        self.assertEqual(
            [test_lib.WithoutCgroup(entry) for entry in samples[2].entries],
            [test_lib.WithoutCgroup(entry) for entry in intact_samples[2].entries],
        )
        self.assertEqual({entry.cgroup for entry in samples[2].entries}, {None})
        self.assertFalse(samples[3].corrupted)

    def testAbsurdCgroupSizes(self):
        """Tests cgroup blocks that declare absurd sizes: tasks intact."""
        log = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.13.0.raw"))
        intact_samples = self._ReadLog(log.ToBytes()).samples
        struct.pack_into("<I", log.samples[1].record, 76, 0xFFFFFFF0)
        struct.pack_into("<I", log.samples[2].record, 80, 0x7FFFFFFF)
        _, samples, warnings, _ = self._ReadLog(log.ToBytes())
        self.assertEqual(len(samples), len(intact_samples))
        self.assertEqual(
            [offset for offset, _ in warnings],
            [log.samples[1].offset, log.samples[2].offset],
        )
        for index in (1, 2):
            self.assertTrue(samples[index].corrupted)
            self.assertEqual(
                [test_lib.WithoutCgroup(entry) for entry in samples[index].entries],
                [
                    test_lib.WithoutCgroup(entry)
                    for entry in intact_samples[index].entries
                ],
            )

    def testLongGarbageIsScannedLinearly(self):
        """Tests that a long stretch of fake sample starts is skipped quickly."""
        log = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.9.0.raw"))
        intact_samples = self._ReadLog(log.ToBytes()).samples
        # Fake records that look plausible, each followed by zlib headers,
        # whose blocks do not inflate.
        fake = bytearray(log.samples[1].record)
        struct.pack_into("<II", fake, 16, 200, 4000)
        fake_sample = bytes(fake) + (b"\x78\x9c" + b"\x00" * 198) * 21
        garbage = fake_sample * 400
        data = (
            log.header
            + log.samples[0].ToBytes()
            + garbage
            + b"".join(sample.ToBytes() for sample in log.samples[1:])
        )
        start = time.monotonic()
        _, samples, warnings, _ = self._ReadLog(data)
        self.assertLess(time.monotonic() - start, 30)
        self.assertEqual(len(samples), len(intact_samples))
        self.assertEqual(len(warnings), 1)


def _TaskOffset(layout, name):
    """Retrieves the offset of a task field of a layout."""
    for field in layout.task_fields:
        if field.name == name:
            return field.offset
    raise KeyError(name)


class HostileValuesTest(test_lib.BaseTestCase):
    """Tests task entries and samples with hostile values."""

    def setUp(self):
        """Splits the 2.10 log."""
        path = test_lib.GetLogPath("corpus", "atop_2.10.0.raw")
        self._log = raw_log.RawLog.FromFile(path)
        self._layout = test_lib.ReadHeader(path).layout

    def _EditTasks(self, index, edit):
        """Edits the task entries of a sample.

        Args:
          index (int): index of the sample.
          edit (function): called with the task data and the task size.

        Returns:
          bytes: edited log.
        """
        sample = self._log.samples[index]
        data = sample.GetTaskData()
        edit(data, self._log.tstat_size)
        sample.SetTaskData(data)
        return self._log.ToBytes()

    def testStringsWithoutNulAndInvalidUTF8(self):
        """Tests names and command lines without NUL and with invalid UTF-8."""
        name = _TaskOffset(self._layout, "process_name")
        cmdline = _TaskOffset(self._layout, "command_line")

        def _Edit(data, tstat_size):
            data[name : name + 16] = b"\xff" * 16
            data[cmdline : cmdline + 256] = b"\xc3(" * 128

        _, samples, warnings, observations = self._ReadLog(self._EditTasks(0, _Edit))
        self.assertEqual(warnings, [])
        entry = samples[0].entries[0]
        self.assertEqual(entry.process_name, "\ufffd" * 16)
        self.assertEqual(entry.command_line, "\ufffd(" * 128)
        self.assertTrue(
            any(
                observation.process_name == entry.process_name
                for observation in observations
            )
        )

    def testImplausibleStartTimes(self):
        """Tests start times before 1970 and far in the future."""
        btime = _TaskOffset(self._layout, "start_time")

        def _Edit(data, tstat_size):
            struct.pack_into("<q", data, btime, -86400)
            struct.pack_into("<q", data, tstat_size + btime, 1 << 60)

        _, samples, warnings, observations = self._ReadLog(self._EditTasks(0, _Edit))
        self.assertEqual(len(warnings), 2)
        self.assertTrue(
            all("implausible start time" in message for _, message in warnings)
        )
        bad_pids = {samples[0].entries[0].pid, samples[0].entries[1].pid}
        for observation in observations:
            if isinstance(observation, lifecycle.ProcessStart):
                self.assertTrue(definitions.IsPlausibleTime(observation.start_time))
            elif isinstance(observation, lifecycle.ProcessRunning):
                self.assertTrue(
                    definitions.IsPlausibleTime(observation.process_start_time)
                )
        starts = [
            observation
            for observation in observations
            if isinstance(observation, lifecycle.ProcessStart)
        ]
        self.assertGreater(len(starts), 10)
        self.assertTrue(bad_pids)

    def testExitWithImplausibleTimes(self):
        """Tests an exited process with an absurd start and run time."""
        sample_index = next(
            index
            for index, sample in enumerate(self._log.samples)
            if b"E"
            in bytes(
                sample.GetTaskData()[
                    _TaskOffset(self._layout, "state") :: self._log.tstat_size
                ]
            )
        )
        state = _TaskOffset(self._layout, "state")
        btime = _TaskOffset(self._layout, "start_time")
        elaps = _TaskOffset(self._layout, "elapsed_ticks")

        def _Edit(data, tstat_size):
            for offset in range(0, len(data), tstat_size):
                if data[offset + state] == ord("E"):
                    struct.pack_into("<q", data, offset + btime, -1)
                    struct.pack_into("<q", data, offset + elaps, -(1 << 62))

        observations = self._ReadLog(self._EditTasks(sample_index, _Edit)).observations
        exits = [
            observation
            for observation in observations
            if isinstance(observation, lifecycle.ProcessExit)
        ]
        sample_time = struct.unpack_from(
            "<q", self._log.samples[sample_index].record, 0
        )[0]
        edited = [
            observation
            for observation in exits
            if observation.process_start_time is None
        ]
        self.assertGreater(len(edited), 0)
        for observation in edited:
            self.assertTrue(observation.exit_time_estimated)
            self.assertEqual(observation.exit_time, sample_time)
            self.assertIsNone(observation.run_time)

    def testUnknownStateLetters(self):
        """Tests that a sample with unknown state letters is flagged corrupted."""
        state = _TaskOffset(self._layout, "state")

        def _Edit(data, tstat_size):
            data[state] = 0x01

        _, samples, warnings, observations = self._ReadLog(self._EditTasks(0, _Edit))
        self.assertTrue(samples[0].corrupted)
        self.assertFalse(samples[1].corrupted)
        self.assertEqual(len(warnings), 1)
        self.assertTrue(any(observation.corrupted for observation in observations))

    def testBombBlock(self):
        """Tests a task block that inflates far beyond its declared size."""
        sample = self._log.samples[1]
        sample.blocks[1] = zlib.compress(b"\x00" * (64 * 1024 * 1024))
        struct.pack_into("<I", sample.record, 20, len(sample.blocks[1]))
        struct.pack_into("<I", sample.record, 28, 1)
        import tracemalloc

        tracemalloc.start()
        try:
            _, samples, warnings, _ = self._ReadLog(self._log.ToBytes())
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertLess(peak, 16 * 1024 * 1024)
        self.assertEqual(len(samples), len(self._log.samples) - 1)
        self.assertEqual(len(warnings), 1)

    def testAbsurdTaskCount(self):
        """Tests a sample record that declares billions of tasks."""
        struct.pack_into("<I", self._log.samples[2].record, 28, 0xFFFFFFFF)
        _, samples, warnings, _ = self._ReadLog(self._log.ToBytes())
        self.assertEqual(len(samples), len(self._log.samples) - 1)
        self.assertIn("implausible number of tasks", warnings[0][1])

    def testSampleTimeOrder(self):
        """Tests samples out of time order and with identical times."""
        first_time = struct.unpack_from("<q", self._log.samples[1].record, 0)[0]
        self._log.samples[2].SetTime(first_time)
        _, samples, warnings, _ = self._ReadLog(self._log.ToBytes())
        self.assertEqual(len(samples), len(self._log.samples))
        self.assertEqual(warnings, [])

        self._log.samples[3].SetTime(first_time - 3600)
        _, samples, warnings, _ = self._ReadLog(self._log.ToBytes())
        self.assertEqual(len(samples), len(self._log.samples))
        self.assertEqual(len(warnings), 1)
        self.assertEqual(warnings[0][0], self._log.samples[3].offset)
        self.assertIn("before that of the previous sample", warnings[0][1])


if __name__ == "__main__":
    unittest.main()
