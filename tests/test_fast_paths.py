"""Tests the fast paths of the reader and the tracker against the slow ones.

The reader tells tasks apart by columns read from all entries of a sample at
once, and the tracker looks only at the entries that atop flagged as changed
and whose fingerprint changed. Each is compared here with what decoding every
entry, or comparing every entry, gives, on every log with atop's output.
"""

import os
import unittest
from unittest import mock

from plaso_atop.atoplog import definitions
from plaso_atop.atoplog import sample as atop_sample
from plaso_atop.lifecycle import changes
from plaso_atop.lifecycle import observations as atop_observations

from tests import test_lib

_FIND_CHANGED_PROCESS_ENTRIES = changes.FindChangedProcessEntries


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
        *atop_observations.GetIdentifiers(entry),
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
    return _FIND_CHANGED_PROCESS_ENTRIES(sample, True)


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
        """Tests states, flags, identities and fingerprints of every entry."""
        number_of_entries = 0
        for path in test_lib.GetLogPaths():
            with self.subTest(path=os.path.basename(path)):
                # What each identity and fingerprint stands for, over the
                # whole log: equal values must mean equal tasks and programs.
                identities = {}
                fingerprints = {}
                for sample in self._ReadLogFile(path).samples:
                    entries = sample.entries
                    self.assertEqual(
                        sample.GetStates(),
                        "".join(entry.state for entry in entries).encode("latin-1"),
                    )
                    self.assertEqual(
                        [bool(flag) for flag in sample.GetProcessFlags()],
                        [entry.is_process for entry in entries],
                    )
                    inactive_flags = sample.GetInactiveFlags()
                    if inactive_flags is None:
                        self.assertTrue(
                            all(entry.was_inactive is None for entry in entries)
                        )
                    else:
                        self.assertEqual(
                            [bool(flag) for flag in inactive_flags],
                            [entry.was_inactive for entry in entries],
                        )
                    self.assertEqual(
                        sample.GetExitedTaskIndexes(),
                        [
                            index
                            for index, entry in enumerate(entries)
                            if entry.state == definitions.EXITED_STATE
                        ],
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
                    changes,
                    "FindChangedProcessEntries",
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
