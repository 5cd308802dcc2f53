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
        exited_process = task.ExitedProcess(
            pid=7,
            ppid=1,
            uid=33,
            gid=33,
            process_name="sh",
            command_line="",
            start_time=1000,
            exit_code=0,
            signal=None,
            core_dumped=False,
            exit_time=1000,
            exit_time_estimated=False,
            cpu_user_time=0,
            cpu_system_time=0,
            cpu_is_lifetime=True,
            network_sent_bytes=None,
            network_received_bytes=None,
        )
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
