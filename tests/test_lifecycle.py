"""Tests the process tracker against atop's own output."""

import os
import unittest

from plaso_atop import lifecycle
from plaso_atop.atoplog import layouts
from plaso_atop.atoplog import task
from plaso_atop.lifecycle import observations as atop_observations

from tests import expected_events
from tests import raw_log
from tests import test_lib


def SplitObservations(observations):
    """Splits observations into comparable starts, running processes and exits.

    Args:
      observations (list[object]): process observations.

    Returns:
      tuple[list, list, list]: sorted starts, running processes and exits, as
          the tuples of tests.expected_events.
    """
    starts, running, exits = [], [], []
    for observation in observations:
        if isinstance(observation, lifecycle.ProcessStart):
            starts.append(
                expected_events.ExpectedStart(
                    observation.pid,
                    observation.name,
                    observation.start_time,
                    observation.ppid,
                    observation.uid,
                    observation.command_line,
                )
            )
        elif isinstance(observation, lifecycle.ProcessRunning):
            running.append(
                expected_events.ExpectedRunning(
                    observation.pid,
                    observation.name,
                    observation.start_time,
                    observation.ppid,
                    observation.uid,
                    observation.command_line,
                    observation.sample_time,
                )
            )
        elif isinstance(observation, lifecycle.ProcessExit):
            exits.append(
                expected_events.ExpectedExit(
                    observation.pid,
                    observation.name,
                    observation.exit_time,
                    observation.exit_code,
                    observation.signal,
                    observation.start_time,
                    observation.run_time,
                    observation.exit_time_estimated,
                )
            )
    return sorted(starts), sorted(running), sorted(exits)


class ProcessTrackerTest(test_lib.BaseTestCase):
    """Tests process starts, running processes and exits."""

    def testAgainstParseableOutput(self):
        """Tests every log against the events derived from atop's output."""
        for path in test_lib.GetLogsWithParseableOutput():
            with self.subTest(path=os.path.basename(path)):
                reading = self._ReadLogFile(path)
                self.assertEqual(reading.warnings, [])
                starts, running, exits = SplitObservations(reading.observations)
                expected = test_lib.DeriveExpectedEvents(path)
                self.assertEqual(starts, expected[0])
                self.assertEqual(running, expected[1])
                self.assertEqual(exits, expected[2])
                self.assertGreater(len(starts) + len(running), 0)

    def testOneObservationPerProcessPerRun(self):
        """Tests that no process is reported twice by a run."""
        for path in test_lib.GetLogsWithParseableOutput():
            with self.subTest(path=os.path.basename(path)):
                reading = self._ReadLogFile(path)
                starts, running, _ = SplitObservations(reading.observations)
                keys = [(item.pid, item.start_time) for item in starts + running]
                self.assertEqual(len(keys), len(set(keys)))

    def testTwoRunsInOneLog(self):
        """Tests that a restart of atop in the same file starts a new run."""
        first_path = test_lib.GetCorpusPath("atop_2.8.1.raw")
        second_path = test_lib.GetCorpusPath("atop_2.8.1_acct-signals.raw")
        first = raw_log.RawLog.FromFile(first_path)
        second = raw_log.RawLog.FromFile(second_path)
        data = first.ToBytes() + b"".join(sample.ToBytes() for sample in second.samples)

        combined = SplitObservations(self._ReadLog(data).observations)
        separate = [
            sorted(first + second)
            for first, second in zip(
                SplitObservations(self._ReadLogFile(first_path).observations),
                SplitObservations(self._ReadLogFile(second_path).observations),
            )
        ]
        self.assertEqual(list(combined), separate)

    def testAcctSignalExits(self):
        """Tests the exits of the logs with rare exits."""
        for name in ("atop_2.8.1_acct-signals.raw", "atop_2.11.1_acct-signals.raw"):
            reading = self._ReadLogFile(test_lib.GetCorpusPath(name))
            exits = {
                observation.name: observation
                for observation in reading.observations
                if isinstance(observation, lifecycle.ProcessExit)
            }
            self.assertEqual(exits["exit3proc"].exit_code, 3)
            self.assertEqual(exits["exit3proc"].uid, 1000)
            self.assertFalse(exits["exit3proc"].exit_time_estimated)

            killed = exits["killed9proc"]
            self.assertEqual(killed.signal, 9)
            self.assertIsNone(killed.exit_code)
            # Its recorded run time ends after the sample that reported it.
            self.assertTrue(killed.exit_time_estimated)

            segv = exits["segvcore"]
            self.assertEqual(segv.signal, 11)
            self.assertTrue(segv.core_dumped)

    def testDailyLogs(self):
        """Tests that two consecutive daily logs report each start once."""
        first_path, second_path = test_lib.GetDailyPaths()
        first_observations = self._ReadLogFile(first_path).observations
        second_observations = self._ReadLogFile(second_path).observations

        def _ByName(observations, observation_type):
            return {
                observation.name: observation
                for observation in observations
                if isinstance(observation, observation_type)
            }

        first_starts = _ByName(first_observations, lifecycle.ProcessStart)
        second_starts = _ByName(second_observations, lifecycle.ProcessStart)
        first_running = _ByName(first_observations, lifecycle.ProcessRunning)
        second_running = _ByName(second_observations, lifecycle.ProcessRunning)

        # daemon-a started before both runs, daemon-b during the first.
        self.assertNotIn("daemon-a", first_starts)
        self.assertNotIn("daemon-a", second_starts)
        self.assertIn("daemon-a", first_running)
        self.assertIn("daemon-a", second_running)
        self.assertEqual(
            first_running["daemon-a"].start_time, second_running["daemon-a"].start_time
        )
        self.assertIn("daemon-b", first_starts)
        self.assertNotIn("daemon-b", second_starts)
        self.assertIn("daemon-b", second_running)
        self.assertIn("worker-c", second_starts)
        self.assertNotIn("worker-c", first_starts)

        first_keys = {
            (observation.pid, observation.start_time)
            for observation in first_observations
            if isinstance(observation, lifecycle.ProcessStart)
        }
        second_keys = {
            (observation.pid, observation.start_time)
            for observation in second_observations
            if isinstance(observation, lifecycle.ProcessStart)
        }
        self.assertEqual(first_keys & second_keys, set())


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


def _ExitedEntry(**values):
    """Builds the entry of an exited process for exit time tests.

    Args:
      values (dict[str, object]): field values.

    Returns:
      TaskEntry: task entry.
    """
    fields = dict.fromkeys(layouts.TASK_FIELDS)
    fields.update(values)
    fields["state"] = "E"
    return task.TaskEntry(**fields)


if __name__ == "__main__":
    unittest.main()
