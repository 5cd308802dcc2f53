"""Tests finding the next intact sample after damage."""

import io
import unittest

from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import resync
from plaso_atop.atoplog import sample_reader
from plaso_atop.atoplog import source

from tests import raw_log
from tests import test_lib


class ResynchronizerTest(test_lib.BaseTestCase):
    """Tests the resynchronizer."""

    def _Create(self, data, header, budget=None):
        """Creates a sample reader and a resynchronizer of log data."""
        warnings = []

        def _Warn(offset, message):
            warnings.append((offset, message))

        file_source = source.FileSource(io.BytesIO(data))
        reader = sample_reader.SampleReader(
            file_source, header, inflate.INFLATERS["zlib"]
        )
        resynchronizer = resync.Resynchronizer(file_source, _Warn, budget=budget)
        return reader, resynchronizer, warnings

    def testFindNextSample(self):
        """Tests that every sample is found from anywhere before it."""
        path = test_lib.GetLogPath("corpus", "atop_2.7.1.raw")
        log = raw_log.RawLog.FromFile(path)
        reader, resynchronizer, warnings = self._Create(
            log.ToBytes(), test_lib.ReadHeader(path)
        )
        for previous, raw_sample in zip(log.samples, log.samples[1:]):
            for offset in (previous.offset + 1, previous.block_offsets[1] + 7):
                found = resynchronizer.FindNextSample(reader, offset, None)
                self.assertEqual(found, raw_sample.offset)
                stored_sample = reader.ReadStoredSample(found)
                self.assertEqual(
                    stored_sample.next_offset, raw_sample.offset + raw_sample.size
                )
        self.assertIsNone(
            resynchronizer.FindNextSample(reader, log.samples[-1].offset + 1, None)
        )
        self.assertEqual(warnings, [])

    def testTimeDistance(self):
        """Tests that a sample of another month is not taken."""
        path = test_lib.GetLogPath("corpus", "atop_2.7.1.raw")
        log = raw_log.RawLog.FromFile(path)
        reader, resynchronizer, _ = self._Create(
            log.ToBytes(), test_lib.ReadHeader(path)
        )
        found = resynchronizer.FindNextSample(reader, log.samples[1].offset + 1, None)
        far_time = reader.ReadStoredSample(found).record.time - 86400 * 40
        self.assertIsNone(
            resynchronizer.FindNextSample(reader, log.samples[-2].offset + 1, far_time)
        )

    def testBudget(self):
        """Tests that resynchronizing gives up after its budget of false samples."""
        path = test_lib.GetLogPath("corpus", "atop_2.9.0.raw")
        log = raw_log.RawLog.FromFile(path)
        # Plausible samples whose task block does not inflate.
        sample = log.samples[1]
        task_block = b"\x78\x9c" + b"\xff" * (len(sample.blocks[1]) - 2)
        fake = raw_log.RawSample(
            sample.offset, sample.record, [sample.blocks[0], task_block]
        ).ToBytes()
        data = log.header + fake * 20 + sample.ToBytes()

        reader, resynchronizer, warnings = self._Create(data, test_lib.ReadHeader(path))
        found = resynchronizer.FindNextSample(reader, 481, None)
        self.assertEqual(found, 480 + 20 * len(fake))
        self.assertEqual(warnings, [])

        reader, resynchronizer, warnings = self._Create(
            data, test_lib.ReadHeader(path), budget=5 * len(fake)
        )
        self.assertIsNone(resynchronizer.FindNextSample(reader, 481, None))
        self.assertEqual(len(warnings), 1)
        self.assertIn("giving up", warnings[0][1])

    def testFindHeader(self):
        """Tests that a raw header of another log is found after damage."""
        first = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_1.26.raw"))
        second_path = test_lib.GetLogPath("corpus", "atop_2.13.0.raw")
        data = first.ToBytes() + test_lib.ReadFile(second_path)
        reader, resynchronizer, _ = self._Create(
            data, test_lib.ReadHeader(test_lib.GetLogPath("corpus", "atop_1.26.raw"))
        )
        found = resynchronizer.FindNextSample(
            reader, first.samples[-1].offset + 1, None
        )
        self.assertEqual(found, len(first.ToBytes()))
        header = test_lib.ReadHeader(second_path)
        self.assertEqual(
            data[found : found + 480], test_lib.ReadFile(second_path)[:480]
        )
        self.assertEqual(header.release, "2.13")
        self.assertEqual(header.hostname, "atop-lab")


if __name__ == "__main__":
    unittest.main()
