"""Tests reading one sample at an offset."""

import io
import unittest

from plaso_atop.atoplog import errors
from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import sample_reader
from plaso_atop.atoplog import source

from tests import parseable
from tests import raw_log
from tests import test_lib


def _ReadSample(reader, offset):
    """Reads the sample at a specific offset, as the log reader does.

    Args:
      reader (SampleReader): sample reader.
      offset (int): offset of the sample record.

    Returns:
      tuple[Sample, int]: sample and offset of the next sample.

    Raises:
      DamagedSampleError: if the sample cannot be read.
    """
    stored_sample = reader.ReadStoredSample(offset)
    return reader.InflateSample(stored_sample), stored_sample.next_offset


class SampleReaderTest(test_lib.BaseTestCase):
    """Tests the sample reader."""

    def _CreateReader(self, data, header):
        """Creates a sample reader of log data.

        Args:
          data (bytes): log data.
          header (AtopLogHeader): header of the log.

        Returns:
          SampleReader: reader.
        """
        return sample_reader.SampleReader(
            source.FileSource(io.BytesIO(data)), header, inflate.INFLATERS["zlib"]
        )

    def testReadSample(self):
        """Tests reading every sample at its offset, in any order."""
        path = test_lib.GetLogPath("corpus", "atop_2.11.1.raw")
        log = raw_log.RawLog.FromFile(path)
        reader = self._CreateReader(test_lib.ReadFile(path), test_lib.ReadHeader(path))
        expected = parseable.ReadParseableOutput(path)
        for index in reversed(range(len(log.samples))):
            raw_sample = log.samples[index]
            sample, next_offset = _ReadSample(reader, raw_sample.offset)
            self.assertEqual(next_offset, raw_sample.offset + raw_sample.size)
            self.assertEqual(
                [entry.pid for entry in test_lib.GetTasks(sample)],
                [int(line["pid"]) for line in expected[index].prg],
            )
            self.assertFalse(sample.corrupted)

    def testDamage(self):
        """Tests a record beyond the end and a damaged task block."""
        path = test_lib.GetLogPath("corpus", "atop_2.4.0.raw")
        log = raw_log.RawLog.FromFile(path)
        header = test_lib.ReadHeader(path)
        data = log.ToBytes()

        reader = self._CreateReader(data[: log.samples[1].offset + 20], header)
        with self.assertRaises(errors.DamagedSampleError) as context:
            _ReadSample(reader, log.samples[1].offset)
        self.assertTrue(context.exception.beyond_end)

        task_block = bytearray(log.samples[1].blocks[1])
        task_block[10:20] = b"\xff" * 10
        log.samples[1].blocks[1] = bytes(task_block)
        reader = self._CreateReader(log.ToBytes(), header)
        with self.assertRaisesRegex(
            errors.DamagedSampleError, "tstat block"
        ) as context:
            _ReadSample(reader, log.samples[1].offset)
        self.assertFalse(context.exception.beyond_end)

    def testDamagedCgroupBlock(self):
        """Tests that a damaged cgroup block gives a corrupted sample."""
        path = test_lib.GetLogPath("corpus", "atop_2.13.0.raw")
        log = raw_log.RawLog.FromFile(path)
        log.samples[1].blocks[2] = (
            b"\x78\x9c" + b"\xff" * 30 + log.samples[1].blocks[2][32:]
        )
        reader = self._CreateReader(log.ToBytes(), test_lib.ReadHeader(path))
        sample, _ = _ReadSample(reader, log.samples[1].offset)
        self.assertTrue(sample.corrupted)
        self.assertEqual({entry.cgroup for entry in test_lib.GetTasks(sample)}, {None})
        self.assertIn("cstat block", sample.cgroup_problem)


if __name__ == "__main__":
    unittest.main()
