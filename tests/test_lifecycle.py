"""Tests the process lifecycle tracker against atop's own output."""

import glob
import os
import unittest

from plaso_atop import lifecycle
from plaso_atop.atoplog import reader

from tests import expected_events
from tests import parseable
from tests import test_lib


def TrackLog(path):
    """Reads the process records of a log.

    Args:
      path (str): path of the log.

    Returns:
      tuple[AtopLogHeader, list[object], list[str]]: header, records and
          warnings.
    """
    warnings = []

    def _Warn(offset, message):
        warnings.append(message)

    with open(path, "rb") as file_object:
        log_file = reader.AtopLogFile(file_object, warning_callback=_Warn)
        tracker = lifecycle.ProcessLifecycleTracker(
            log_file.header.hertz, warning_callback=_Warn
        )
        records = list(tracker.TrackSamples(log_file.ReadSamples()))
    return log_file.header, records, warnings


def SplitRecords(records):
    """Splits records into comparable starts, sightings and exits.

    Args:
      records (list[object]): process records.

    Returns:
      tuple[list, list, list]: sorted starts, running processes and exits, as
          the tuples of tests.expected_events.
    """
    starts, running, exits = [], [], []
    for record in records:
        if isinstance(record, lifecycle.ProcessStart):
            starts.append(
                expected_events.ExpectedStart(
                    record.pid,
                    record.name,
                    record.start_time,
                    record.ppid,
                    record.uid,
                    record.command_line,
                )
            )
        elif isinstance(record, lifecycle.ProcessRunning):
            running.append(
                expected_events.ExpectedRunning(
                    record.pid,
                    record.name,
                    record.start_time,
                    record.ppid,
                    record.uid,
                    record.command_line,
                    record.sample_time,
                )
            )
        else:
            exits.append(
                expected_events.ExpectedExit(
                    record.pid,
                    record.name,
                    record.exit_time,
                    record.exit_code,
                    record.signal,
                    record.start_time,
                    record.run_time,
                    record.exit_time_estimated,
                )
            )
    return sorted(starts), sorted(running), sorted(exits)


def ExpectedRecords(path, header):
    """Derives the expected records of a log from its parseable output.

    Args:
      path (str): path of the log.
      header (AtopLogHeader): header of the log.

    Returns:
      tuple[list, list, list]: sorted expected starts, running processes and
          exits.
    """
    samples = parseable.ReadParseableOutput(path + ".parseable.txt", header.version)
    starts, running, exits = expected_events.DeriveEvents(
        samples, header.version, header.hertz
    )
    return sorted(starts), sorted(running), sorted(exits)


def AllLogs():
    """Retrieves the paths of every log with atop's parseable output.

    Returns:
      list[str]: paths.
    """
    paths = glob.glob(os.path.join(test_lib.CORPUS_PATH, "atop_*.raw"))
    paths.extend(test_lib.GetDailyPaths())
    return sorted(paths)


class LifecycleTest(unittest.TestCase):
    """Tests process starts, sightings and exits."""

    def testAgainstParseableOutput(self):
        """Tests every log against the events derived from atop's output."""
        for path in AllLogs():
            with self.subTest(path=os.path.basename(path)):
                header, records, warnings = TrackLog(path)
                self.assertEqual(warnings, [])
                starts, running, exits = SplitRecords(records)
                expected = ExpectedRecords(path, header)
                self.assertEqual(starts, expected[0])
                self.assertEqual(running, expected[1])
                self.assertEqual(exits, expected[2])
                self.assertGreater(len(starts) + len(running), 0)

    def testOneRecordPerProcessPerRun(self):
        """Tests that no process is reported twice by a run."""
        for path in AllLogs():
            with self.subTest(path=os.path.basename(path)):
                _, records, _ = TrackLog(path)
                starts, running, _ = SplitRecords(records)
                keys = [(record.pid, record.start_time) for record in starts + running]
                self.assertEqual(len(keys), len(set(keys)))

    def testTwoRunsInOneLog(self):
        """Tests that a restart of atop in the same file starts a new run."""
        import io

        from tests import raw_log

        first = raw_log.RawLog.FromFile(test_lib.GetCorpusPath("atop_2.8.1.raw"))
        second = raw_log.RawLog.FromFile(
            test_lib.GetCorpusPath("atop_2.8.1_acct-signals.raw")
        )
        data = first.ToBytes() + b"".join(sample.ToBytes() for sample in second.samples)
        log_file = reader.AtopLogFile(io.BytesIO(data))
        tracker = lifecycle.ProcessLifecycleTracker(log_file.header.hertz)
        records = list(tracker.TrackSamples(log_file.ReadSamples()))

        _, first_records, _ = TrackLog(test_lib.GetCorpusPath("atop_2.8.1.raw"))
        _, second_records, _ = TrackLog(
            test_lib.GetCorpusPath("atop_2.8.1_acct-signals.raw")
        )
        combined = SplitRecords(records)
        separate = [
            sorted(first + second)
            for first, second in zip(
                SplitRecords(first_records), SplitRecords(second_records)
            )
        ]
        self.assertEqual(list(combined), separate)

    def testAcctSignalExits(self):
        """Tests the exits of the logs with rare exits."""
        for name in ("atop_2.8.1_acct-signals.raw", "atop_2.11.1_acct-signals.raw"):
            _, records, _ = TrackLog(test_lib.GetCorpusPath(name))
            exits = {
                record.name: record
                for record in records
                if isinstance(record, lifecycle.ProcessExit)
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
        _, first_records, _ = TrackLog(first_path)
        _, second_records, _ = TrackLog(second_path)

        def _ByName(records, record_type):
            return {
                record.name: record
                for record in records
                if isinstance(record, record_type)
            }

        first_starts = _ByName(first_records, lifecycle.ProcessStart)
        second_starts = _ByName(second_records, lifecycle.ProcessStart)
        first_running = _ByName(first_records, lifecycle.ProcessRunning)
        second_running = _ByName(second_records, lifecycle.ProcessRunning)

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
            (record.pid, record.start_time)
            for record in first_records
            if isinstance(record, lifecycle.ProcessStart)
        }
        second_keys = {
            (record.pid, record.start_time)
            for record in second_records
            if isinstance(record, lifecycle.ProcessStart)
        }
        self.assertEqual(first_keys & second_keys, set())


class ExitTimeTest(unittest.TestCase):
    """Tests the exit time of exited processes."""

    def testCompT(self):
        """Tests that an acct version 2 comp_t elapsed time is decoded."""
        tracker = lifecycle.ProcessLifecycleTracker(100)
        # Read as ticks, 0x2001 is 81 s: beyond the sample 10 s after the
        # start. As a comp_t it is 1 << 3 = 8 ticks.
        entry = _ExitedEntry(start_time=1000, elapsed_ticks=0x2001)
        exit_time, estimated = tracker._GetExitTime(entry, 1000, 1010)
        self.assertEqual((exit_time, estimated), (1000, False))

        # Where the ticks fit, they are taken as they are, as atop does.
        exit_time, estimated = tracker._GetExitTime(entry, 1000, 1100)
        self.assertEqual((exit_time, estimated), (1081, False))

    def testEstimated(self):
        """Tests that an implausible elapsed time gives the sample time."""
        tracker = lifecycle.ProcessLifecycleTracker(100)
        entry = _ExitedEntry(start_time=1000, elapsed_ticks=-5)
        self.assertEqual(tracker._GetExitTime(entry, 1000, 1050), (1050, True))

        entry = _ExitedEntry(start_time=1000, elapsed_ticks=0xFFFFF)
        self.assertEqual(tracker._GetExitTime(entry, 1000, 1050), (1050, True))
        self.assertEqual(tracker._GetExitTime(entry, None, 1050), (1050, True))


def _ExitedEntry(**values):
    """Builds the entry of an exited process for exit time tests.

    Args:
      values (dict[str, object]): field values.

    Returns:
      TaskEntry: task entry.
    """
    from plaso_atop.atoplog import layouts
    from plaso_atop.atoplog import task

    fields = dict.fromkeys(layouts.TASK_FIELDS)
    fields.update(values)
    fields["state"] = "E"
    return task.TaskEntry(**fields)


if __name__ == "__main__":
    unittest.main()
