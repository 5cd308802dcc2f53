"""Tests building process observations from task entries."""

import unittest

from plaso_atop.lifecycle import observations as atop_observations
from plaso_atop.lifecycle import processes

from tests import test_lib


def _ExitedEntry(**values):
    """Builds the entry of an exited process.

    Args:
      values (dict[str, object]): field values.

    Returns:
      TaskEntry: task entry.
    """
    return test_lib.CreateTaskEntry(state="E", **values)


class ExitTimeTest(test_lib.BaseTestCase):
    """Tests the exit time of exited processes."""

    def testCompT(self):
        """Tests that an acct version 2 comp_t elapsed time is decoded."""
        # Read as ticks, 0x2001 is 81 s: beyond the sample 10 s after the
        # start. As a comp_t it is 1 << 3 = 8 ticks.
        entry = _ExitedEntry(start_time=1000, elapsed_ticks=0x2001)
        self.assertEqual(
            atop_observations.GetExitTime(entry, 1000, 1010, 100), (1000, False)
        )

        # Where the ticks fit, they are taken as they are, as atop does.
        self.assertEqual(
            atop_observations.GetExitTime(entry, 1000, 1100, 100), (1081, False)
        )

    def testEstimated(self):
        """Tests that an implausible elapsed time gives the sample time."""
        entry = _ExitedEntry(start_time=1000, elapsed_ticks=-5)
        self.assertEqual(
            atop_observations.GetExitTime(entry, 1000, 1050, 100), (1050, True)
        )

        entry = _ExitedEntry(start_time=1000, elapsed_ticks=0xFFFFF)
        self.assertEqual(
            atop_observations.GetExitTime(entry, 1000, 1050, 100), (1050, True)
        )
        self.assertEqual(
            atop_observations.GetExitTime(entry, None, 1050, 100), (1050, True)
        )


class ProcessStartTest(test_lib.BaseTestCase):
    """Tests start observations."""

    def testKnownFromExitOnly(self):
        """Tests that accounting gives the real identifiers only."""
        entry = _ExitedEntry(
            pid=7,
            ppid=1,
            process_name="sh",
            command_line="",
            start_time=1000,
            elapsed_ticks=10,
            uid=33,
            gid=33,
            euid=0,
            suid=0,
            fsuid=0,
            egid=0,
            sgid=0,
            fsgid=0,
        )
        process = processes.TrackedProcess(
            entry, test_lib.FakeSample(1001, False, True)
        )
        observation = atop_observations.CreateProcessStartOrRunning(
            process, "host", 990
        )
        self.assertIsInstance(observation, atop_observations.ProcessStart)
        self.assertEqual((observation.uid, observation.gid), (33, 33))
        for name in ("euid", "suid", "fsuid", "egid", "sgid", "fsgid"):
            self.assertIsNone(getattr(observation, name))
        self.assertIsNone(observation.command_line)
        self.assertTrue(observation.recovered)

        # Started before the window and never listed alive: nothing to report.
        self.assertIsNone(
            atop_observations.CreateProcessStartOrRunning(process, "host", 1001)
        )


if __name__ == "__main__":
    unittest.main()
