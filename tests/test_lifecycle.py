"""Tests the process tracker against atop's own output."""

import os
import struct
import unittest

from plaso_atop import lifecycle

from tests import expected_events
from tests import parseable
from tests import raw_log
from tests import test_lib


class ProcessTrackerTest(test_lib.BaseTestCase):
    """Tests process starts, running processes and exits."""

    def testAgainstParseableOutput(self):
        """Tests every log against the events derived from atop's output."""
        for path in test_lib.GetLogPaths():
            with self.subTest(path=os.path.basename(path)):
                reading = self._ReadLogFile(path)
                events = test_lib.ConvertEvents(reading.observations)
                expected = test_lib.DeriveExpectedEvents(path)
                # The reader warns of every clock stepped back.
                self.assertEqual(
                    [message for _, message in reading.warnings],
                    [
                        f"sample time {change.sample_time:d} is before that of the "
                        f"previous sample {change.previous_sample_time:d}"
                        for change in expected.clock_changes
                    ],
                )
                for kind in expected._fields:
                    self.assertEqual(getattr(events, kind), getattr(expected, kind))
                self.assertGreater(len(events.starts) + len(events.running), 0)
                # Each observation has the attributes that its kind declares,
                # and no other.
                for observation in reading.observations:
                    self.assertEqual(
                        list(vars(observation)), list(vars(type(observation)()))
                    )

    def testOneObservationPerProcessPerRun(self):
        """Tests that no process is reported twice by a run."""
        number_of_runs = 0
        for path in test_lib.GetLogPaths():
            with self.subTest(path=os.path.basename(path)):
                # The end of a run comes before what the next run reports.
                runs = [[]]
                for observation in self._ReadLogFile(path).observations:
                    if isinstance(observation, lifecycle.RecordingEnd):
                        runs.append([])
                    else:
                        runs[-1].append(observation)
                self.assertEqual(runs[-1], [])
                for observations in runs[:-1]:
                    starts, running = test_lib.ConvertEvents(observations)[:2]
                    keys = [(item.pid, item.start_time) for item in starts + running]
                    self.assertEqual(len(keys), len(set(keys)))
                number_of_runs += len(runs) - 1
        self.assertGreater(number_of_runs, len(test_lib.GetLogPaths()))

    def testTwoRunsInOneLog(self):
        """Tests that a restart of atop in the same file starts a new run."""
        first_path = test_lib.GetLogPath("corpus", "atop_2.8.1.raw")
        second_path = test_lib.GetLogPath("corpus", "atop_2.8.1_acct-signals.raw")
        first = raw_log.RawLog.FromFile(first_path)
        second = raw_log.RawLog.FromFile(second_path)
        data = first.ToBytes() + b"".join(sample.ToBytes() for sample in second.samples)

        combined = test_lib.ConvertEvents(self._ReadLog(data).observations)
        separate = expected_events.SortEvents(
            [
                first + second
                for first, second in zip(
                    test_lib.ConvertEvents(self._ReadLogFile(first_path).observations),
                    test_lib.ConvertEvents(self._ReadLogFile(second_path).observations),
                )
            ]
        )
        # The processes are those of both runs; the recording of the first run
        # ends where the second starts, which starts where the first ended.
        for kind in expected_events.ExpectedEvents._fields:
            if kind not in ("recording_starts", "recording_ends"):
                self.assertEqual(getattr(combined, kind), getattr(separate, kind))
        first_end, second_end = sorted(combined.recording_ends)
        first_start, second_start = sorted(combined.recording_starts)
        self.assertEqual(first_end.next_recording_start, second_start.start_time)
        self.assertEqual(second_start.previous_recording_end, first_end.end_time)
        self.assertEqual(
            [first_end._replace(next_recording_start=None), second_end],
            sorted(separate.recording_ends),
        )
        self.assertEqual(
            [first_start, second_start._replace(previous_recording_end=None)],
            sorted(separate.recording_starts),
        )

    def testLostExits(self):
        """Tests that the exits atop dropped give a warning, where it counts them."""
        log = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.8.1.raw"))
        sample = log.samples[3]
        # noverflow of the 96-byte sample record.
        struct.pack_into("<I", sample.record, 64, 1234)
        reading = self._ReadLog(log.ToBytes())
        self.assertEqual(len(reading.warnings), 1)
        offset, message = reading.warnings[0]
        self.assertEqual(offset, sample.offset)
        self.assertIn("atop dropped 1234 process exits", message)
        # Everything else is as without the count.
        intact = self._ReadLogFile(test_lib.GetLogPath("corpus", "atop_2.8.1.raw"))
        self.assertEqual(reading.observations, intact.observations)

    def testAcctSignalExits(self):
        """Tests the exits of the logs with rare exits."""
        for name in ("atop_2.8.1_acct-signals.raw", "atop_2.11.1_acct-signals.raw"):
            reading = self._ReadLogFile(test_lib.GetLogPath("corpus", name))
            exits = {
                observation.process_name: observation
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
        first_path, second_path = test_lib.GetLogPaths("daily")
        first_observations = self._ReadLogFile(first_path).observations
        second_observations = self._ReadLogFile(second_path).observations

        def _ByName(observations, observation_type):
            return {
                observation.process_name: observation
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
            first_running["daemon-a"].process_start_time,
            second_running["daemon-a"].process_start_time,
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


class ProcessChangesTest(test_lib.BaseTestCase):
    """Tests process execs, credential changes and parents."""

    def _GetEvents(self, path):
        """Reads the events of a log.

        Args:
          path (str): path of the log.

        Returns:
          ExpectedEvents: events.
        """
        return test_lib.ConvertEvents(self._ReadLogFile(path).observations)

    def testIntrusionSteps(self):
        """Tests the steps of the intrusion in the log of every release."""
        for path in test_lib.GetLogPaths("changes"):
            with self.subTest(log=os.path.basename(path)):
                events = self._GetEvents(path)
                execs = {
                    (item.previous_process_name, item.process_name): item
                    for item in events.execs
                }
                self.assertEqual(
                    set(execs),
                    {
                        ("bash", "python3"),
                        ("bash", "sleep"),
                        ("renamer", "kworker/0:1"),
                    },
                )
                self.assertIn("evil-arg", execs[("bash", "python3")].command_line)
                self.assertEqual(execs[("bash", "python3")].parent_process_name, "sh")
                self.assertEqual(
                    execs[("bash", "sleep")].command_line, "[kworker/0:2H] 4"
                )
                self.assertEqual(
                    execs[("renamer", "kworker/0:1")].parent_process_name, "php-fpm8.2"
                )

                changes = {
                    item.process_name: item for item in events.credential_changes
                }
                self.assertEqual(set(changes), {"pwnkit", "svcd"})
                self.assertEqual(
                    (changes["pwnkit"].previous_uid, changes["pwnkit"].uid), (33, 0)
                )
                self.assertEqual(changes["pwnkit"].parent_process_name, "php-fpm8.2")
                self.assertEqual(
                    (changes["svcd"].previous_uid, changes["svcd"].uid), (0, 65534)
                )

                web_shells = [
                    item
                    for item in events.starts
                    if item.process_name == "sh"
                    and item.parent_process_name == "php-fpm8.2"
                ]
                self.assertGreaterEqual(len(web_shells), 5)

    def testCommandLineChangeIsNoExec(self):
        """Tests that a new command line under the same name is no exec."""
        for path in test_lib.GetLogPaths("changes"):
            with self.subTest(log=os.path.basename(path)):
                command_lines = {
                    line["cmdline"]
                    for sample in parseable.ReadParseableOutput(path)
                    for line in sample.prg
                    if line["name"] == "postgres" and line["cmdline"]
                }
                # Retitled in place, as setproctitle does.
                self.assertTrue(
                    any(
                        line.startswith("postgres: walwriter active")
                        for line in command_lines
                    )
                )
                self.assertGreater(len(command_lines), 2)
                events = self._GetEvents(path)
                self.assertNotIn(
                    "postgres", [item.process_name for item in events.execs]
                )

    def testPidTakenOver(self):
        """Tests a process that took over the PID of one that exited."""
        for path in test_lib.GetLogPaths("edge"):
            with self.subTest(path=os.path.basename(path)):
                observations = self._ReadLogFile(path).observations
                observations = [
                    item for item in observations if hasattr(item, "process_name")
                ]
                pids = {
                    item.pid for item in observations if item.process_name == "reused"
                }
                self.assertEqual(len(pids), 1)
                # Each process starts and exits once, under its own name,
                # though their start times lie within the acct tolerance.
                kinds = sorted(
                    (type(item).__name__, item.process_name)
                    for item in observations
                    if item.pid in pids
                )
                self.assertEqual(
                    kinds,
                    [
                        ("ProcessExit", "reused"),
                        ("ProcessExit", "sleep"),
                        ("ProcessStart", "reused"),
                        ("ProcessStart", "sleep"),
                    ],
                )

    def testZombie(self):
        """Tests a zombie, listed after its exit until its parent reaps it."""
        for path in test_lib.GetLogPaths("edge"):
            with self.subTest(path=os.path.basename(path)):
                events = self._GetEvents(path)
                exits = [item for item in events.exits if item.exit_code == 7]
                self.assertEqual(len(exits), 1)
                # One start, whose time matches that of the exit as process
                # accounting rounds it.
                starts = [item for item in events.starts if item.pid == exits[0].pid]
                self.assertEqual(len(starts), 1)
                self.assertLessEqual(abs(starts[0].start_time - exits[0].start_time), 1)

    def testBusyServer(self):
        """Tests what the workload of the busy server logs is built to show."""
        for path in test_lib.GetLogPaths("server"):
            with self.subTest(path=os.path.basename(path)):
                events = self._GetEvents(path)
                endings = {(item.exit_code, item.signal) for item in events.exits}
                # Exit 3 of pre-fork workers, 4 and 1 of shells, 127 of a
                # command not found, SIGUSR1 and SIGABRT.
                self.assertLessEqual(
                    {
                        (3, None),
                        (4, None),
                        (1, None),
                        (127, None),
                        (None, 10),
                        (None, 6),
                    },
                    endings,
                )
                names = {item.process_name for item in events.starts}
                self.assertLessEqual({"(sd-pam)", "a) (b"}, names)
                # atop 2.3 and later keep 255 bytes of a command line, half of
                # a two-byte character here; atop 1.26 keeps 150.
                command_lines = [
                    item.command_line
                    for item in events.starts
                    if (item.command_line or "").startswith("bash -c sleep 3; : x")
                ]
                self.assertEqual(len(command_lines), 1)
                cut = "" if os.path.basename(path) == "atop_1.26.raw" else "\ufffd"
                self.assertTrue(command_lines[0].endswith("é" + cut))
                self.assertEqual(
                    sorted(
                        (item.previous_process_name, item.process_name)
                        for item in events.execs
                    ),
                    [("bash", "sleep"), ("python3", "renamed-worker")],
                )
                self.assertEqual(
                    [
                        (item.previous_gid, item.gid)
                        for item in events.credential_changes
                    ],
                    [(0, 1234)],
                )

    def testKernelThreadRenames(self):
        """Tests that kernel threads rename themselves without exec events."""
        for path in test_lib.GetLogPaths("host"):
            names = {}
            for sample in parseable.ReadParseableOutput(path):
                for line in sample.prg:
                    if line["ppid"] == "2" and not line["cmdline"]:
                        names.setdefault(line["pid"], set()).add(line["name"])
            renamed = [pid for pid, values in names.items() if len(values) > 1]
            self.assertGreater(len(renamed), 0)
            self.assertEqual(self._GetEvents(path).execs, [])

    def testAlternatingNames(self):
        """Tests one exec event per change of name, none without a change."""
        path = test_lib.GetLogPaths("changes")[-1]
        log = raw_log.RawLog.FromFile(path)
        fields = {
            field.name: field for field in test_lib.ReadHeader(path).layout.task_fields
        }
        name_offset = fields["process_name"].offset
        inactive_offset = fields["was_inactive"].offset

        # atop itself, listed in every sample, renamed in samples 4 and 5,
        # back under its name in 6 and 7, and renamed again from 8 on.
        original = b"atop-2.13.0"
        previous_name = original
        for index, sample in enumerate(log.samples):
            name = original
            if index in (4, 5):
                name = b"alpha"
            elif index >= 8:
                name = b"beta"
            data = sample.GetTaskData()
            for offset in range(0, len(data), log.tstat_size):
                if (
                    data[offset + name_offset : offset + name_offset + 16].rstrip(b"\0")
                    == original
                ):
                    data[offset + name_offset : offset + name_offset + 16] = name.ljust(
                        16, b"\0"
                    )
                    if name != previous_name:
                        # atop flags an entry that differs from the sample
                        # before.
                        data[offset + inactive_offset] = 0
            sample.SetTaskData(data)
            previous_name = name

        events = test_lib.ConvertEvents(self._ReadLog(log.ToBytes()).observations)
        renames = sorted(
            (item.sample_time, item.previous_process_name, item.process_name)
            for item in events.execs
            if item.process_name in ("alpha", "beta", "atop-2.13.0")
        )
        self.assertEqual(
            [(previous, name) for _, previous, name in renames],
            [
                ("atop-2.13.0", "alpha"),
                ("alpha", "atop-2.13.0"),
                ("atop-2.13.0", "beta"),
            ],
        )
        sample_times = [sample.time for sample in self._ReadLog(log.ToBytes()).samples]
        self.assertEqual(
            [time for time, _, _ in renames],
            [sample_times[4], sample_times[6], sample_times[8]],
        )


if __name__ == "__main__":
    unittest.main()
