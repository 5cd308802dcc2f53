"""Tests building process observations from what a run knows."""

import unittest

from plaso_atop.atoplog import task
from plaso_atop.lifecycle import observations as atop_observations
from plaso_atop.lifecycle import processes
from plaso_atop.lifecycle import reports

from tests import test_lib


class ProcessStartTest(test_lib.BaseTestCase):
    """Tests start observations."""

    def testKnownFromExitOnly(self):
        """Tests that accounting gives the real identifiers only."""
        exited_process = task.ExitedProcess()
        exited_process.pid = 7
        exited_process.ppid = 1
        exited_process.uid = 33
        exited_process.gid = 33
        exited_process.process_name = "sh"
        exited_process.command_line = ""
        exited_process.start_time = 1000
        exited_process.exit_code = 0
        exited_process.core_dumped = False
        exited_process.exit_time = 1000
        exited_process.exit_time_estimated = False
        exited_process.cpu_user_time = 0
        exited_process.cpu_system_time = 0
        exited_process.cpu_is_lifetime = True
        process = processes.TrackedProcess.FromExit(
            exited_process, test_lib.FakeSample(1001, False, True)
        )
        observation = reports.CreateProcessStartOrRunning(process, "host", 990)
        self.assertIsInstance(observation, atop_observations.ProcessStart)
        self.assertEqual((observation.uid, observation.gid), (33, 33))
        for name in ("euid", "suid", "fsuid", "egid", "sgid", "fsgid"):
            self.assertIsNone(getattr(observation, name))
        self.assertIsNone(observation.command_line)
        self.assertTrue(observation.recovered)

        # Started before the window and never listed alive: nothing to report.
        self.assertIsNone(reports.CreateProcessStartOrRunning(process, "host", 1001))


if __name__ == "__main__":
    unittest.main()
