"""Tests the sample record and its blocks."""

import struct
import unittest

from plaso_atop.atoplog import errors
from plaso_atop.atoplog import layouts
from plaso_atop.atoplog import records

from tests import raw_log
from tests import test_lib


class BlockTest(test_lib.BaseTestCase):
    """Tests the size checks of a block."""

    def testGetSizeProblem(self):
        """Tests plausible and implausible sizes."""
        self.assertIsNone(records.Block("tstat", 100, 1000).GetSizeProblem())
        self.assertIn("cannot hold", records.Block("tstat", 1, 1000).GetSizeProblem())
        self.assertIn(
            "cannot hold", records.Block("tstat", 5000, 1000).GetSizeProblem()
        )
        self.assertIn(
            "cannot inflate", records.Block("tstat", 10, 1000000).GetSizeProblem()
        )
        size = records.MAXIMUM_CGROUP_DATA_SIZE + 1
        self.assertIn(
            "implausible size",
            records.Block(records.CSTAT_BLOCK, size // 1000, size).GetSizeProblem(),
        )
        self.assertIsNone(
            records.Block(records.TSTAT_BLOCK, size // 1000, size).GetSizeProblem()
        )


class SampleRecordTest(test_lib.BaseTestCase):
    """Tests the sample record."""

    def _GetDecoderAndLog(self, name):
        """Splits a corpus log and creates the decoder of its records."""
        log = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", name))
        header = test_lib.ReadHeader(test_lib.GetLogPath("corpus", name))
        return records.SampleRecordDecoder(header), header.layout, log

    def testDecode(self):
        """Tests the values of the records of a 2.12 log against its blocks."""
        decoder, layout, log = self._GetDecoderAndLog("atop_2.12.1.raw")
        for index, sample in enumerate(log.samples):
            record = decoder.Decode(bytes(sample.record))
            self.assertEqual(record.is_boot, index == 0)
            self.assertEqual(record.size, sample.size)
            self.assertEqual(
                [block.size for block in record.blocks],
                [len(block) for block in sample.blocks],
            )
            self.assertEqual(record.blocks[1].inflated_size, len(sample.GetTaskData()))
            self.assertEqual(
                record.number_of_tasks, len(sample.GetTaskData()) // layout.tstat_size
            )
            self.assertGreater(record.number_of_cgroups, 0)
            record.Check()

    def testWithoutCgroupBlocks(self):
        """Tests a 2.11+ record not flagged to have cgroup blocks."""
        decoder, _, log = self._GetDecoderAndLog("atop_2.13.0.raw")
        data = bytearray(log.samples[1].record)
        flags = struct.unpack_from("<H", data, 8)[0]
        struct.pack_into("<H", data, 8, flags & ~layouts.RRCGRSTAT)
        record = decoder.Decode(bytes(data))
        self.assertEqual(
            [block.name for block in record.blocks],
            [records.SSTAT_BLOCK, records.TSTAT_BLOCK],
        )
        self.assertEqual(record.number_of_cgroups, 0)

    def testCheck(self):
        """Tests that implausible records are damage."""
        decoder, _, log = self._GetDecoderAndLog("atop_1.26.raw")
        data = bytearray(log.samples[1].record)
        struct.pack_into("<q", data, 0, 12)
        with self.assertRaisesRegex(errors.DamagedSampleError, "sample time"):
            decoder.Decode(bytes(data)).Check()

        data = bytearray(log.samples[1].record)
        struct.pack_into("<I", data, 28, 0xFFFFFFFF)
        with self.assertRaisesRegex(errors.DamagedSampleError, "number of tasks"):
            decoder.Decode(bytes(data)).Check()

        data = bytearray(log.samples[1].record)
        struct.pack_into("<I", data, 16, 1)
        with self.assertRaisesRegex(errors.DamagedSampleError, "sstat block"):
            decoder.Decode(bytes(data)).Check()


if __name__ == "__main__":
    unittest.main()
