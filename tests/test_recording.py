"""Tests atop's own record: its runs, gaps, clock changes and the host's boots.

The logs of test_data/recording were written for it (see its make_logs.sh)
by atop 1.26, 2.3, 2.8 and 2.13; every one of them, like every other log, is
also compared with the events derived from atop's own output in
test_lifecycle.py and test_parser.py.
"""

import os
import unittest

from dfdatetime import posix_time as dfdatetime_posix_time

from plaso_atop import definitions

from tests import parseable
from tests import plaso_test_lib
from tests import test_lib

RELEASES = ("1.26", "2.3.0", "2.8.1", "2.13.0")


def _GetRecordingPath(release, kind):
    """Retrieves the path of a log of test_data/recording.

    Args:
      release (str): atop release, such as "2.8.1".
      kind (str): what the log holds: restart, suspend, booted or clock.

    Returns:
      str: path of the log.
    """
    return test_lib.GetLogPath("recording", f"atop_{release:s}_{kind:s}.raw")


class RecordingTest(test_lib.BaseTestCase):
    """Tests what the tracker tells of atop's recording."""

    def _ReadRecording(self, path):
        """Reads the recording events of a log, and atop's samples of it.

        Args:
          path (str): path of the log.

        Returns:
          tuple[ExpectedEvents, list[ParseableSample]]: events, and the
              samples as atop prints them.
        """
        reading = self._ReadLogFile(path)
        events = test_lib.ConvertEvents(reading.observations)
        self.assertEqual(events, test_lib.DeriveExpectedEvents(path))
        return events, parseable.ReadParseableOutput(path)

    def testRestart(self):
        """Tests atop stopped and started again in the same file after 30 s."""
        for release in RELEASES:
            with self.subTest(release=release):
                events, samples = self._ReadRecording(
                    _GetRecordingPath(release, "restart")
                )
                boots = [index for index, sample in enumerate(samples) if sample.boot]
                self.assertEqual(len(boots), 2)
                first_end, second_end = events.recording_ends
                first_start, second_start = events.recording_starts
                self.assertEqual(first_start.start_time, samples[0].time)
                self.assertIsNone(first_start.previous_recording_end)
                self.assertEqual(first_end.end_time, samples[boots[1] - 1].time)
                self.assertEqual(first_end.next_recording_start, samples[boots[1]].time)
                self.assertEqual(first_end.number_of_samples, boots[1])
                self.assertEqual(
                    second_start.previous_recording_end, first_end.end_time
                )
                self.assertGreaterEqual(
                    second_start.start_time - first_end.end_time, 29
                )
                self.assertIsNone(second_end.next_recording_start)
                # atop started long after the lab host's boot.
                self.assertFalse(first_start.started_with_host)
                self.assertEqual(events.system_boots, [])
                self.assertEqual(events.recording_gaps, [])
                self.assertEqual(events.clock_changes, [])

    def testSuspend(self):
        """Tests atop suspended for 12 intervals and resumed."""
        for release in RELEASES:
            with self.subTest(release=release):
                events, samples = self._ReadRecording(
                    _GetRecordingPath(release, "suspend")
                )
                (start,) = events.recording_starts
                self.assertEqual(start.interval, 1)
                (gap,) = events.recording_gaps
                self.assertGreaterEqual(gap.gap_seconds, 10)
                self.assertEqual(gap.interval, 1)
                times = [sample.time for sample in samples]
                index = times.index(gap.gap_start)
                self.assertEqual(times[index + 1], gap.gap_end)
                self.assertEqual(samples[index + 1].interval, gap.gap_seconds)
                (end,) = events.recording_ends
                self.assertEqual(end.number_of_samples, 14)

    def testStartedWithHost(self):
        """Tests atop started with its host: the boot of the host."""
        for release in RELEASES:
            with self.subTest(release=release):
                events, samples = self._ReadRecording(
                    _GetRecordingPath(release, "booted")
                )
                (start,) = events.recording_starts
                self.assertTrue(start.started_with_host)
                self.assertEqual(start.boot_time, samples[0].time - samples[0].interval)
                self.assertEqual(
                    events.system_boots,
                    [(start.hostname, start.boot_time)],
                )
                self.assertEqual(start.atop_version, ".".join(release.split(".")[:2]))
                self.assertEqual(events.recording_gaps, [])

    def testClockSteppedBack(self):
        """Tests a sample moved back an hour: a clock change, then a gap."""
        for release in RELEASES:
            with self.subTest(release=release):
                path = _GetRecordingPath(release, "clock")
                events, samples = self._ReadRecording(path)
                (change,) = events.clock_changes
                self.assertEqual(change.sample_time, samples[3].time)
                self.assertEqual(change.previous_sample_time, samples[2].time)
                self.assertLess(change.step_seconds, -3500)
                (gap,) = events.recording_gaps
                self.assertEqual(
                    (gap.gap_start, gap.gap_end), (samples[3].time, samples[4].time)
                )
                self.assertGreater(gap.gap_seconds, 3500)
                # The log it is a copy of has neither.
                original = test_lib.DeriveExpectedEvents(
                    _GetRecordingPath(release, "booted")
                )
                self.assertEqual(original.clock_changes, [])
                self.assertEqual(original.recording_gaps, [])

    def testEveryOtherLog(self):
        """Tests that every other log gives one start and one end, no gap."""
        paths = test_lib.GetLogPaths(
            *(name for name in test_lib.LOG_SETS if name != "recording")
        )
        for path in paths:
            with self.subTest(path=os.path.basename(path)):
                samples = parseable.ReadParseableOutput(path)
                events = test_lib.ConvertEvents(self._ReadLogFile(path).observations)
                self.assertEqual(
                    [start.start_time for start in events.recording_starts],
                    [samples[0].time],
                )
                self.assertEqual(
                    [
                        (end.end_time, end.number_of_samples)
                        for end in events.recording_ends
                    ],
                    [(samples[-1].time, len(samples))],
                )
                self.assertEqual(events.recording_gaps, [])
                self.assertEqual(events.clock_changes, [])


class RecordingEventDataTest(plaso_test_lib.ParserTestCase):
    """Tests the event data, events and messages of atop's recording."""

    @classmethod
    def setUpClass(cls):
        """Parses the logs of atop 2.13 of test_data/recording."""
        cls._results = {
            kind: plaso_test_lib.ParseFile(_GetRecordingPath("2.13.0", kind))
            for kind in ("restart", "suspend", "booted", "clock")
        }

    def testAttributes(self):
        """Tests the attributes and times of every kind."""
        results = self._results
        restart_starts = results["restart"].GetEventData(
            definitions.DATA_TYPE_RECORDING_START
        )
        self.assertEqual(len(restart_starts), 2)
        for event_data in restart_starts:
            self.assertIsInstance(
                event_data.start_time, dfdatetime_posix_time.PosixTime
            )
            self.assertEqual(event_data.atop_version, "2.13")
            self.assertEqual(event_data.hostname, "atop-rec")
            self.assertEqual(event_data.interval, 1)
            self.assertRegex(
                event_data.boot_time, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$"
            )
            self.assertIs(event_data.started_with_host, False)
            self.assertTrue(event_data.kernel_release)
        self.assertEqual(
            sorted(
                event_data.previous_recording_end is None
                for event_data in restart_starts
            ),
            [False, True],
        )

        (boot,) = results["booted"].GetEventData(definitions.DATA_TYPE_SYSTEM_BOOT)
        (booted_start,) = results["booted"].GetEventData(
            definitions.DATA_TYPE_RECORDING_START
        )
        self.assertEqual(
            test_lib.FormatISOTime(boot.boot_time.timestamp), booted_start.boot_time
        )

        (gap,) = results["suspend"].GetEventData(definitions.DATA_TYPE_RECORDING_GAP)
        self.assertIsInstance(gap.gap_start, dfdatetime_posix_time.PosixTime)
        self.assertEqual(
            test_lib.FormatISOTime(gap.gap_start.timestamp + gap.gap_seconds),
            gap.gap_end,
        )
        (change,) = results["clock"].GetEventData(definitions.DATA_TYPE_CLOCK_CHANGE)
        self.assertIsInstance(change.sample_time, dfdatetime_posix_time.PosixTime)
        self.assertEqual(
            test_lib.FormatISOTime(change.sample_time.timestamp - change.step_seconds),
            change.previous_sample_time,
        )
        # The reader's warning stays.
        self.assertEqual(len(results["clock"].warnings), 1)
        self.assertIn(
            "before that of the previous sample", results["clock"].warnings[0]
        )

    def testMessages(self):
        """Tests the messages and time descriptions of every kind."""
        messages = {}
        for result in self._results.values():
            for data_type, events in plaso_test_lib.FormatEvents(result).items():
                messages.setdefault(data_type, []).extend(
                    (event.message, event.timestamp_desc) for event in events
                )
        starts = messages[definitions.DATA_TYPE_RECORDING_START]
        self.assertEqual(
            len(
                [
                    message
                    for message, _ in starts
                    if "previous recording end" in message
                ]
            ),
            1,
        )
        patterns = {
            definitions.DATA_TYPE_RECORDING_START: (
                r"^atop recording started on atop-rec atop: 2\.13 kernel: \S+ "
                r"interval: 1 s host booted: \S+\+00:00( \(atop started with the host\))?"
                r"( previous recording end: \S+\+00:00)?$",
                "Start Time",
            ),
            definitions.DATA_TYPE_RECORDING_END: (
                r"^atop recording ended on atop-rec samples: \d+"
                r"( next recording start: \S+\+00:00)?$",
                "End Time",
            ),
            definitions.DATA_TYPE_RECORDING_GAP: (
                r"^atop recording gap: no sample for \d+ s on atop-rec "
                r"interval: 1 s next sample: \S+\+00:00$",
                "Start Time",
            ),
            definitions.DATA_TYPE_CLOCK_CHANGE: (
                r"^Clock stepped back: -3[0-9]{3} s on atop-rec previous sample: "
                r"\S+\+00:00$",
                "Sample Time",
            ),
            definitions.DATA_TYPE_SYSTEM_BOOT: (
                r"^System booted on atop-rec$",
                "Start Time",
            ),
        }
        for data_type, (pattern, description) in patterns.items():
            with self.subTest(data_type=data_type):
                self.assertTrue(messages[data_type])
                for message, timestamp_description in messages[data_type]:
                    self.assertRegex(message, pattern)
                    self.assertEqual(timestamp_description, description)
        self.assertTrue(
            any(
                message.endswith("(atop started with the host)")
                for message, _ in messages[definitions.DATA_TYPE_RECORDING_START]
            )
        )


if __name__ == "__main__":
    unittest.main()
