"""Tests the atop parser with the real plaso parser mediator and timeliner."""

import os
import tempfile
import unittest

from dfdatetime import posix_time as dfdatetime_posix_time

from plaso.lib import errors

from plaso_atop import definitions
from plaso_atop import parser as atop_parser

from tests import plaso_test_lib
from tests import raw_log
from tests import test_lib

START = definitions.DATA_TYPE_PROCESS_START
RUNNING = definitions.DATA_TYPE_PROCESS_RUNNING
EXIT = definitions.DATA_TYPE_PROCESS_EXIT
EXEC = definitions.DATA_TYPE_PROCESS_EXEC
CREDENTIALS = definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE


class AtopParserTest(plaso_test_lib.ParserTestCase):
    """Tests the atop parser."""

    def testFormatSpecification(self):
        """Tests the signature."""
        format_specification = atop_parser.AtopParser.GetFormatSpecification()
        self.assertEqual(format_specification.identifier, "atop")
        signature = format_specification.signatures[0]
        self.assertEqual(signature.pattern, b"\xef\xbe\xed\xfe")
        self.assertEqual(signature.offset, 0)
        self.assertEqual(atop_parser.AtopParser.NAME, "atop")
        self.assertEqual(atop_parser.AtopParser.DATA_FORMAT, "atop raw log file")

    def testWrongParser(self):
        """Tests that other files are rejected with WrongParser."""
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "syslog")
            with open(path, "wb") as file_object:
                file_object.write(b"Nov 26 01:00:00 host kernel: hello\n" * 20)
            with self.assertRaises(errors.WrongParser):
                self._ParseFile(path)

            with open(
                test_lib.GetLogPath("corpus", "atop_2.8.1.raw"), "rb"
            ) as file_object:
                data = bytearray(file_object.read())
            data[4:6] = (0x0208).to_bytes(2, "little")
            path = os.path.join(directory, "atop_without_version")
            with open(path, "wb") as file_object:
                file_object.write(data)
            with self.assertRaisesRegex(errors.WrongParser, "missing version"):
                self._ParseFile(path)

    def testUnsupportedLayout(self):
        """Tests that an atop log of an unknown layout gives a warning."""
        with tempfile.TemporaryDirectory() as directory:
            with open(
                test_lib.GetLogPath("corpus", "atop_2.8.1.raw"), "rb"
            ) as file_object:
                data = bytearray(file_object.read())
            data[28:32] = (12345).to_bytes(4, "little")
            path = os.path.join(directory, "atop_unknown")
            with open(path, "wb") as file_object:
                file_object.write(data)

            result = self._ParseFile(path)
            self.assertEqual(result.event_data, [])
            self.assertEqual(len(result.warnings), 1)
            self.assertIn("unknown atop raw log layout", result.warnings[0])
            self.assertIn("sstat size 12345", result.warnings[0])
            self.assertIn("for an architecture", result.warnings[0])

    def testEventsOfEveryRelease(self):
        """Tests the event data of every log against atop's own output."""
        for path in test_lib.GetLogPaths("corpus", "changes", "32bit"):
            with self.subTest(log=os.path.basename(path)):
                result = self._ParseFile(path)
                self.assertEqual(result.warnings, [])
                self.assertEqual(result.recovery_warnings, [])

                expected = test_lib.DeriveExpectedEvents(path)
                self.assertEqual(test_lib.ConvertEvents(result.event_data), expected)
                self.assertGreater(len(expected.starts), 0)

                hostname = test_lib.ReadHeader(path).hostname
                self.assertIn(hostname, ("atop-lab", "web-1", "lab32"))
                for event_data in result.event_data:
                    self.assertEqual(event_data.hostname, hostname)
                    self.assertEqual(event_data._parser_chain, "atop")

                # One event per event data, timed by its date and time value.
                self.assertEqual(len(result.events), len(result.event_data))

    def testEventDataTypes(self):
        """Tests the types of the attributes of the event data."""
        result = self._ParseFile(
            test_lib.GetLogPath("corpus", "atop_2.11.1_acct-signals.raw")
        )
        start = result.GetEventData(START)[0]
        self.assertIsInstance(start.start_time, dfdatetime_posix_time.PosixTime)
        for name in ("pid", "ppid", "uid", "gid", "euid", "egid"):
            self.assertIsInstance(getattr(start, name), int)
        self.assertIsInstance(start.cgroup, str)
        self.assertTrue(start.cgroup.startswith("/"))

        exits = {
            event_data.process_name: event_data
            for event_data in result.GetEventData(EXIT)
        }
        killed = exits["killed9proc"]
        self.assertIsInstance(killed.exit_time, dfdatetime_posix_time.PosixTime)
        self.assertEqual(killed.signal, 9)
        self.assertIsNone(killed.exit_code)
        self.assertIs(killed.core_dumped, False)
        self.assertIs(killed.exit_time_estimated, True)
        self.assertIsInstance(killed.process_start_time, str)
        self.assertRegex(
            killed.process_start_time, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$"
        )
        self.assertIsInstance(killed.cpu_user_time, int)
        self.assertIsInstance(killed.run_time, int)
        self.assertIs(exits["segvcore"].core_dumped, True)
        self.assertEqual(exits["exit3proc"].exit_code, 3)
        self.assertEqual(exits["exit3proc"].uid, 1000)
        # 5 ticks of user time at 100 ticks per second.
        self.assertEqual(exits["exit3proc"].cpu_user_time, 50)

    def testContainers(self):
        """Tests the container of processes in a Docker container and a pod."""
        for path in test_lib.GetLogPaths("containers"):
            with self.subTest(log=os.path.basename(path)):
                # atop 2.3 to 2.9 record the first 12 characters of a Docker
                # container identifier, 2.10 and later the host name of the
                # UTS namespace of a container or pod.
                expected = "4f1c0a5b9e2d"
                if test_lib.ReadHeader(path).version >= (2, 10):
                    expected = "web-pod-7d9f"
                result = self._ParseFile(path)
                listed = [
                    event_data
                    for event_data in result.event_data
                    if event_data.data_type in (START, EXEC)
                ]
                self.assertEqual(
                    {event_data.container for event_data in listed}, {expected, None}
                )
                # The shell that runs in it and the programs it runs.
                self.assertEqual(
                    sorted(
                        (event_data.data_type, event_data.process_name)
                        for event_data in listed
                        if event_data.container == expected
                    ),
                    [(EXEC, "sleep"), (START, "bash"), (START, "sleep")],
                )

    def testDailyRunning(self):
        """Tests running process event data of a daily log."""
        _, second_path = test_lib.GetLogPaths("daily")
        result = self._ParseFile(second_path)
        running = {
            event_data.process_name: event_data
            for event_data in result.GetEventData(RUNNING)
        }
        daemon = running["daemon-a"]
        self.assertIsInstance(daemon.sample_time, dfdatetime_posix_time.PosixTime)
        self.assertFalse(hasattr(daemon, "start_time"))
        self.assertLess(
            daemon.process_start_time,
            test_lib.FormatISOTime(daemon.sample_time.timestamp),
        )
        self.assertEqual(daemon.hostname, "atop-daily")

    def testRecoveredAndCorruptedFlags(self):
        """Tests the flags of event data of damaged samples."""
        log = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.6.0.raw"))
        samples = list(log.samples)
        # Damage the record of the second sample, and an unknown state letter
        # in the last one.
        samples[1] = raw_log.RawSample(
            samples[1].offset, b"\xff" * len(samples[1].record), samples[1].blocks
        )
        task_data = samples[-1].GetTaskData()
        task_data[65] = 0x01
        samples[-1].SetTaskData(task_data)

        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "atop_damaged")
            with open(path, "wb") as file_object:
                file_object.write(log.ToBytes(samples))
            result = self._ParseFile(path)

        # Skipping the damaged sample is a recovery.
        self.assertEqual(len(result.recovery_warnings), 1)
        self.assertIn("damaged sample", result.recovery_warnings[0])
        self.assertIn("skipped", result.recovery_warnings[0])
        self.assertEqual(len(result.warnings), 1)
        self.assertIn("unknown state", result.warnings[0])

        if hasattr(plaso_test_lib.parsers_mediator.ParserMediator, "ProduceWarning"):
            # plaso 20260720 and later flag event data as recovered or corrupted.
            recovered = [event_data._recovered for event_data in result.event_data]
            self.assertEqual(set(recovered), {False, True})
            corrupted = [event_data._corrupted for event_data in result.event_data]
            self.assertEqual(set(corrupted), {False, True})
            for event_data in result.event_data:
                if event_data._corrupted:
                    self.assertTrue(event_data._recovered)
        else:
            self.assertFalse(
                any(
                    hasattr(event_data, "_recovered")
                    for event_data in result.event_data
                )
            )

    def testTimelinerDescriptions(self):
        """Tests the time descriptions of the events."""
        result = self._ParseFile(test_lib.GetLogPaths("daily")[1])
        descriptions = {event.timestamp_desc for event in result.events}
        self.assertEqual(
            descriptions, {"Start Time", "Sample Time", "Exit Time", "End Time"}
        )


class FormatterTest(plaso_test_lib.ParserTestCase):
    """Tests the messages of the events."""

    def _GetMessages(self, path):
        """Formats the messages of the events of a log.

        Args:
          path (str): path of the log.

        Returns:
          dict[str, list[tuple[str, str]]]: messages and sources per data type.
        """
        return {
            data_type: [(event.message, event.source_long) for event in events]
            for data_type, events in plaso_test_lib.FormatEvents(
                self._ParseFile(path)
            ).items()
        }

    def testExitMessages(self):
        """Tests exit messages with an exit code, a signal and a core dump."""
        messages = self._GetMessages(
            test_lib.GetLogPath("corpus", "atop_2.8.1_acct-signals.raw")
        )
        exit_messages = [message for message, _ in messages[EXIT]]
        # Known from their exits only: the CPU time of their lives, no disk.
        self.assertIn(
            "Process exited: exit3proc PID: 777001 parent PID: 1 UID: 1000 "
            "exit code: 3 run time: 2 s CPU user: 50 ms system: 20 ms",
            exit_messages,
        )
        killed = [message for message in exit_messages if "killed9proc" in message]
        self.assertEqual(len(killed), 1)
        self.assertIn("killed by signal: SIGKILL", killed[0])
        self.assertIn("(exit time estimated from the atop sample)", killed[0])
        self.assertNotIn("exit code", killed[0])
        segv = [message for message in exit_messages if "segvcore" in message]
        self.assertIn("killed by signal: SIGSEGV (core dumped)", segv[0])
        self.assertEqual(
            {source for _, source in messages[EXIT]}, {"atop process exit"}
        )

    def testStartAndRunningMessages(self):
        """Tests start and running messages."""
        messages = self._GetMessages(test_lib.GetLogPaths("daily")[1])
        running = [message for message, _ in messages[RUNNING]]
        daemon = [message for message in running if "daemon-a" in message][0]
        self.assertRegex(
            daemon,
            r"^Process running: daemon-a PID: \d+ parent PID: \d+ parent: bash UID: 0 "
            r"running "
            r"since: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 command line: \S+daemon-a "
            r"100000$",
        )
        starts = [message for message, _ in messages[START]]
        worker = [message for message in starts if "worker-c" in message][0]
        self.assertRegex(
            worker,
            r"^Process started: worker-c PID: \d+ parent PID: 1 parent: bash UID: 0 "
            r"command line: \S+worker-c 3$",
        )

    def testExecAndCredentialsChangeMessages(self):
        """Tests the messages of a process exec and a credentials change."""
        path = test_lib.GetLogPath("changes", "atop_2.13.0.raw")
        messages = self._GetMessages(path)
        exec_messages = [message for message, _ in messages[EXEC]]
        python = [message for message in exec_messages if "evil-arg" in message]
        self.assertEqual(len(python), 1)
        self.assertRegex(
            python[0],
            r"^Process executed a new program: python3 \(was: bash\) PID: \d+ "
            r"parent PID: \d+ parent: sh UID: 33 previous listing: \d{4}-\d\d-\d\dT"
            r"\d\d:\d\d:\d\d\+00:00 command line: python3 -c import time; "
            r"time.sleep\(3\) evil-arg previous command line: bash -c sleep 2.5; "
            r"exec python3 ",
        )
        self.assertEqual(
            {source for _, source in messages[EXEC]}, {"atop process exec"}
        )

        credentials = [message for message, _ in messages[CREDENTIALS]]
        pwnkit = [message for message in credentials if "pwnkit" in message]
        self.assertEqual(len(pwnkit), 1)
        self.assertRegex(
            pwnkit[0],
            r"^Process credentials changed: pwnkit PID: \d+ parent PID: \d+ "
            r"parent: php-fpm8.2 UID: 33 → 0 EUID: 0 → 0 GID: 33 → 0 EGID: 33 → 0 "
            r"previous listing: \S+ command line: /tmp/.cache-x/pwnkit$",
        )
        svcd = [message for message in credentials if "svcd" in message]
        self.assertRegex(svcd[0], r" UID: 0 → 65534 EUID: 0 → 65534 GID: 0 → 65534 ")


if __name__ == "__main__":
    unittest.main()
