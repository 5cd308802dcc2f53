"""Tests the fast paths of the reader and the tracker against the slow ones.

The reader tells tasks apart by columns read from all entries of a sample at
once, and the tracker looks only at the entries that atop flagged as changed
and whose fingerprint changed. Each is compared here with what decoding every
entry, or comparing every entry, gives, on every log with atop's output.
"""

import os
import unittest
from unittest import mock

from plaso_atop.atoplog import sample as atop_sample
from plaso_atop.lifecycle import processes

from tests import test_lib

_GET_CHANGED_PROCESS_INDEXES = atop_sample.Sample.GetChangedProcessIndexes


def _GetProgramAndIdentifiers(entry):
    """Retrieves what a fingerprint stands for.

    Args:
      entry (TaskEntry): task entry.

    Returns:
      tuple[object]: name, command line, user and group identifiers, and
          parent PID.
    """
    return (
        entry.process_name,
        entry.command_line,
        *processes.GetIdentifiers(entry),
        entry.ppid,
    )


def _FindEveryLiveProcessEntry(sample, compare_all=False):
    """Finds every live process entry, whether atop flagged it or not.

    Args:
      sample (Sample): sample.
      compare_all (Optional[bool]): ignored.

    Returns:
      list[int]: indexes of the live process entries.
    """
    return _GET_CHANGED_PROCESS_INDEXES(sample, True)


def _GetDecodedFingerprint(sample, index):
    """Retrieves a fingerprint from the decoded entry instead of its bytes.

    Args:
      sample (Sample): sample.
      index (int): index of the task entry.

    Returns:
      tuple[object]: name, command line, user and group identifiers, and
          parent PID.
    """
    return _GetProgramAndIdentifiers(sample.GetTask(index))


class ColumnsTest(test_lib.BaseTestCase):
    """Tests the columns of the task entries against the decoded entries."""

    def testEveryLog(self):
        """Tests changed and exited entries, identities and fingerprints."""
        number_of_entries = 0
        number_of_unchanged = 0
        for path in test_lib.GetLogPaths():
            with self.subTest(path=os.path.basename(path)):
                # What each identity and fingerprint stands for, over the
                # whole log: equal values must mean equal tasks and programs.
                identities = {}
                fingerprints = {}
                for sample in self._ReadLogFile(path).samples:
                    entries = sample.entries
                    live = [
                        index
                        for index, entry in enumerate(entries)
                        if entry.is_process and not entry.is_exited
                    ]
                    changed = [
                        index for index in live if not entries[index].was_inactive
                    ]
                    self.assertEqual(sample.GetChangedProcessIndexes(True), live)
                    self.assertEqual(sample.GetChangedProcessIndexes(), changed)
                    number_of_unchanged += len(live) - len(changed)
                    self.assertEqual(
                        len(sample.GetExitedProcesses()),
                        len([entry for entry in entries if entry.is_exited]),
                    )

                    for index, identity in enumerate(sample.GetTaskIdentities()):
                        entry = entries[index]
                        task = (entry.pid, entry.start_time)
                        self.assertEqual(identities.setdefault(identity, task), task)
                        fingerprint = sample.GetTaskFingerprint(index)
                        program = _GetProgramAndIdentifiers(entry)
                        self.assertEqual(
                            fingerprints.setdefault(fingerprint, program), program
                        )
                        number_of_entries += 1

                # No two tasks or programs share a value.
                self.assertEqual(len(set(identities.values())), len(identities))
                self.assertEqual(len(set(fingerprints.values())), len(fingerprints))
        self.assertGreater(number_of_entries, 5000)
        self.assertGreater(number_of_unchanged, 1000)

    def testMostEntriesUnchanged(self):
        """Tests that most entries of a sample of atop 2.3+ did not change."""
        path = test_lib.GetLogPath("corpus", "atop_2.13.0.raw")
        sample = self._ReadLogFile(path).samples[-1]
        self.assertLess(
            len(sample.GetChangedProcessIndexes()),
            len(sample.GetChangedProcessIndexes(True)) // 2,
        )


class TrackerFastPathsTest(test_lib.BaseTestCase):
    """Tests that the tracker's fast paths report what comparing all does."""

    def testEveryLog(self):
        """Tests the observations of every log with both paths."""
        number_of_observations = 0
        fast_comparisons = 0
        slow_comparisons = 0
        for path in test_lib.GetLogPaths():
            with self.subTest(path=os.path.basename(path)):
                with mock.patch.object(
                    atop_sample.Sample,
                    "GetTaskFingerprint",
                    autospec=True,
                    side_effect=atop_sample.Sample.GetTaskFingerprint,
                ) as fast_fingerprint:
                    fast = self._ReadLogFile(path)
                with mock.patch.object(
                    atop_sample.Sample,
                    "GetChangedProcessIndexes",
                    _FindEveryLiveProcessEntry,
                ), mock.patch.object(
                    atop_sample.Sample,
                    "GetTaskFingerprint",
                    autospec=True,
                    side_effect=_GetDecodedFingerprint,
                ) as slow_fingerprint:
                    slow = self._ReadLogFile(path)

                self.assertEqual(fast.observations, slow.observations)
                self.assertEqual(fast.warnings, slow.warnings)
                number_of_observations += len(fast.observations)
                fast_comparisons += fast_fingerprint.call_count
                slow_comparisons += slow_fingerprint.call_count
        self.assertGreater(number_of_observations, 1000)
        # The slow path compared entries that the fast one skipped.
        self.assertGreater(slow_comparisons, 2 * fast_comparisons)


if __name__ == "__main__":
    unittest.main()
