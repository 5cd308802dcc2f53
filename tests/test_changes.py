"""Tests finding the process entries of a sample that changed."""

import unittest

from plaso_atop.lifecycle import changes

from tests import test_lib


class FindChangedProcessEntriesTest(test_lib.BaseTestCase):
    """Tests finding the changed process entries."""

    def testAgainstParseableOutput(self):
        """Tests that only live processes that atop did not flag inactive remain."""
        path = test_lib.GetLogPath("corpus", "atop_2.13.0.raw")
        samples = self._ReadLogFile(path).samples
        for sample in samples:
            live = [
                index
                for index, entry in enumerate(sample.entries)
                if entry.is_process and not entry.is_exited
            ]
            active = [index for index in live if not sample.entries[index].was_inactive]
            self.assertEqual(changes.FindChangedProcessEntries(sample, True), live)
            self.assertEqual(changes.FindChangedProcessEntries(sample), active)
        # Most entries of the samples after the first one did not change.
        self.assertLess(
            len(changes.FindChangedProcessEntries(samples[-1])),
            len(changes.FindChangedProcessEntries(samples[-1], True)) // 2,
        )

    def testReleasesThatStoreChangedTasksOnly(self):
        """Tests that every live process entry of a 1.26 or 2.2 log remains."""
        for name in ("atop_1.26.raw", "atop_2.2.6.raw"):
            for sample in self._ReadLogFile(
                test_lib.GetLogPath("corpus", name)
            ).samples:
                live = [
                    index
                    for index, entry in enumerate(sample.entries)
                    if entry.is_process and not entry.is_exited
                ]
                self.assertEqual(changes.FindChangedProcessEntries(sample), live)


if __name__ == "__main__":
    unittest.main()
