"""Tests what processes used of CPU, disk and network, as atop recorded it."""

import os
import tempfile
import unittest

from plaso_atop import lifecycle
from plaso_atop.lifecycle import usage

from tests import test_lib

# Seconds between the samples of the logs of test_data/usage.
_SAMPLE_INTERVAL = 5


def _ByName(observations, observation_type):
    """Groups observations of a type by process name.

    Args:
      observations (list[object]): observations.
      observation_type (type): type of the observations to keep.

    Returns:
      dict[str, list[object]]: observations per process name.
    """
    by_name = {}
    for observation in observations:
        if isinstance(observation, observation_type):
            by_name.setdefault(observation.process_name, []).append(observation)
    return by_name


def _CpuTime(observation):
    """Retrieves the CPU time of an observation, user and system together."""
    return observation.cpu_user_time + observation.cpu_system_time


class UsageLogsTest(test_lib.BaseTestCase):
    """Tests the logs of test_data/usage: what the workload used."""

    def testWorkload(self):
        """Tests the totals and the hours of every process of the workload."""
        cancelled_write_bytes = []
        for path in test_lib.GetLogPaths("usage"):
            with self.subTest(log=os.path.basename(path)):
                observations = self._ReadLogFile(path).observations
                exits = _ByName(observations, lifecycle.ProcessExit)
                hours = _ByName(observations, lifecycle.ProcessUsage)

                # Lived several samples: the CPU of every listing.
                (burn6,) = exits["burn6"]
                self.assertGreaterEqual(_CpuTime(burn6), 5000)
                self.assertIsNotNone(burn6.disk_read_bytes)

                # Used 3 s before atop started: in the total, in no hour.
                (prestart,) = exits["prestart"]
                self.assertGreaterEqual(_CpuTime(prestart), 2900)
                self.assertNotIn("prestart", hours)

                (writer,) = exits["writer"]
                self.assertGreaterEqual(
                    writer.disk_write_bytes, 100 * test_lib.MEBIBYTE
                )
                self.assertLessEqual(writer.disk_write_bytes, 120 * test_lib.MEBIBYTE)
                # 1 MiB every half second for 30 s, and the Python it runs.
                (reader,) = exits["direct-read"]
                self.assertGreaterEqual(reader.disk_read_bytes, 50 * test_lib.MEBIBYTE)
                self.assertLessEqual(reader.disk_read_bytes, 100 * test_lib.MEBIBYTE)
                # Of its 16 MiB, what the kernel had not written back yet.
                (cancel,) = exits["cancel"]
                self.assertGreaterEqual(cancel.disk_write_bytes, 16 * test_lib.MEBIBYTE)
                self.assertLessEqual(
                    cancel.disk_cancelled_write_bytes, cancel.disk_write_bytes
                )
                cancelled_write_bytes.append(cancel.disk_cancelled_write_bytes)

                # Started and exited within one interval: no disk attributes.
                (short_writer,) = exits["dd"]
                self.assertIsNone(short_writer.disk_read_bytes)
                self.assertIsNone(short_writer.disk_write_bytes)
                self.assertIsNotNone(short_writer.cpu_user_time)

                # Still alive when atop stopped: its hours only, across the
                # clock hour.
                self.assertNotIn("burn-late", exits)
                late_hours = hours["burn-late"]
                self.assertEqual(len(late_hours), 2)
                self.assertEqual(
                    late_hours[1].sample_time // 3600,
                    late_hours[0].sample_time // 3600 + 1,
                )
                self.assertGreaterEqual(
                    late_hours[1].period_start, late_hours[0].sample_time
                )
                for hour in late_hours:
                    self.assertGreaterEqual(_CpuTime(hour), usage.CPU_TIME_FLOOR)
                    self.assertLess(hour.period_start, hour.sample_time)
                    # A sample on the hour covers the end of the hour before.
                    hour_start = hour.sample_time - hour.sample_time % 3600
                    self.assertGreaterEqual(
                        hour.period_start, hour_start - _SAMPLE_INTERVAL
                    )

                # No network counters without netatop.
                self.assertIsNone(burn6.network_sent_bytes)

        # Whether the kernel wrote the pages back before the file was deleted
        # depends on the other writers of the disk: in some logs it had not.
        self.assertTrue(any(cancelled_write_bytes))


class NetworkLogsTest(test_lib.BaseTestCase):
    """Tests the logs of test_data/network: what the transfers sent."""

    def testTransfers(self):
        """Tests the network bytes of the transfers of known sizes."""
        for path in test_lib.GetLogPaths("network"):
            with self.subTest(log=os.path.basename(path)):
                observations = self._ReadLogFile(path).observations
                sent = {
                    observation.network_sent_bytes: observation
                    for observation in observations
                    if isinstance(observation, lifecycle.ProcessExit)
                    and observation.network_sent_bytes
                }
                # tcp-oneshot: known from its exit only, no disk.
                oneshot = sent[8 * test_lib.MEBIBYTE]
                self.assertIsNone(oneshot.disk_write_bytes)
                # tcp-steady and udp-steady, over several samples.
                self.assertIn(22 * test_lib.MEBIBYTE, sent)
                self.assertIn(7 * test_lib.MEBIBYTE, sent)

                # tcp-late, still alive when atop stopped: its hour only.
                hours = [
                    observation
                    for observation in observations
                    if isinstance(observation, lifecycle.ProcessUsage)
                    and observation.network_sent_bytes
                    and observation.pid not in {exit.pid for exit in sent.values()}
                ]
                self.assertEqual(len(hours), 1)
                self.assertGreaterEqual(
                    hours[0].network_sent_bytes, 10 * test_lib.MEBIBYTE
                )
                # The sink received what the TCP senders sent.
                received = max(
                    observation.network_received_bytes or 0
                    for observation in observations
                    if isinstance(observation, lifecycle.ProcessUsage)
                )
                self.assertGreaterEqual(
                    received,
                    8 * test_lib.MEBIBYTE
                    + 22 * test_lib.MEBIBYTE
                    + hours[0].network_sent_bytes,
                )


class LifetimeCpuTest(test_lib.BaseTestCase):
    """Tests exits whose CPU time atop did not subtract anything from."""

    def testAcctSignals(self):
        """Tests exits that atop matched with no process it had listed."""
        for name in ("atop_2.8.1_acct-signals.raw", "atop_2.11.1_acct-signals.raw"):
            reading = self._ReadLogFile(test_lib.GetLogPath("corpus", name))
            entries = {
                exited_process.process_name: exited_process
                for sample in reading.samples
                for exited_process in sample.GetExitedProcesses()
            }
            exits = _ByName(reading.observations, lifecycle.ProcessExit)
            for process_name in ("exit3proc", "killed9proc", "segvcore"):
                entry = entries[process_name]
                self.assertTrue(entry.cpu_is_lifetime)
                (observation,) = exits[process_name]
                # Known from its exit only: the exit is the total, no disk.
                self.assertEqual(observation.cpu_user_time, entry.cpu_user_time)
                self.assertIsNone(observation.disk_write_bytes)


class HourFloorTest(test_lib.BaseTestCase):
    """Tests the floor of the report of the use of an hour."""

    def testFloor(self):
        """Tests 1 s of CPU time and 1 MiB read, written, sent or received."""
        counters = usage.UsageCounters()
        self.assertFalse(counters.ReachesFloor())
        counters.AddCpuTime(600, 399)
        self.assertFalse(counters.ReachesFloor())
        counters.AddCpuTime(0, 1)
        self.assertTrue(counters.ReachesFloor())

        for name in ("read", "write", "sent", "received", "cancelled"):
            counters = usage.UsageCounters()
            counters.AddDisk(
                test_lib.MEBIBYTE if name == "read" else 0,
                test_lib.MEBIBYTE if name == "write" else 0,
                test_lib.MEBIBYTE if name == "cancelled" else 0,
            )
            counters.AddNetwork(
                test_lib.MEBIBYTE if name == "sent" else 0,
                test_lib.MEBIBYTE if name == "received" else 0,
            )
            # Cancelled writes are no use of the disk.
            self.assertEqual(counters.ReachesFloor(), name != "cancelled", name)


class HeavyUseTest(test_lib.BaseTestCase):
    """Tests a process that used far more, in a copy of a real log."""

    def testHeavyUse(self):
        """Tests the use of the hour of a process beyond the floors."""
        source_path = test_lib.GetLogPath("usage", "atop_2.8.1.raw")
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "atop_heavy")
            test_lib.WriteHeavyUseLog(source_path, path, "burn-late")
            observations = self._ReadLogFile(path).observations
        hours = _ByName(observations, lifecycle.ProcessUsage)["burn-late"]
        self.assertGreaterEqual(
            max(hour.cpu_user_time for hour in hours), 50 * 60 * 1000
        )
        self.assertGreaterEqual(
            max(hour.disk_write_bytes for hour in hours), 2 * 1024 * test_lib.MEBIBYTE
        )

    def testHeavySend(self):
        """Tests the use of the hour of a process that sent 600 MiB."""
        source_path = test_lib.GetLogPath("network", "atop_2.13.0.raw")
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "atop_heavy")
            test_lib.WriteHeavySendLog(source_path, path)
            observations = self._ReadLogFile(path).observations
        sent = [
            observation.network_sent_bytes
            for observation in observations
            if isinstance(observation, lifecycle.ProcessUsage)
            and observation.network_sent_bytes
        ]
        self.assertEqual(
            len([value for value in sent if value >= 600 * test_lib.MEBIBYTE]), 1
        )


if __name__ == "__main__":
    unittest.main()
