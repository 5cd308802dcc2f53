"""Tests the atop raw log reader against atop's own decoding of every release."""

import io
import os
import re
import unittest

from plaso_atop import atoplog
from plaso_atop.atoplog import errors
from plaso_atop.atoplog import inflate
from plaso_atop.atoplog import reader

from tests import expected_events
from tests import parseable
from tests import test_lib

# Releases that test_data/corpus must hold a log of, at least.
REQUIRED_RELEASES = frozenset(
    [
        (1, 26),
        (2, 0),
        (2, 1),
        (2, 2),
        (2, 3),
        (2, 4),
        (2, 5),
        (2, 6),
        (2, 7),
        (2, 8),
        (2, 9),
        (2, 10),
        (2, 11),
        (2, 12),
        (2, 13),
    ]
)


def ExpectedExitCodeColumn(exited_process, is_new, version):
    """Computes the exit code column of a PRG line as a release prints it.

    Args:
      exited_process (ExitedProcess): the task entry decoded as an exited
          process, or None for a live task.
      is_new (bool): True if atop flagged the task as new.
      version (tuple[int, int]): (major, minor) release.

    Returns:
      int: value of the exit code column.
    """
    if version < (2, 4):
        # The wait status as stored, with atop's "new" flag as bit 31, signed.
        status = 0
        if exited_process and exited_process.signal is not None:
            status = exited_process.signal | (0x80 if exited_process.core_dumped else 0)
        elif exited_process:
            status = exited_process.exit_code << 8
        if is_new:
            status -= 0x80000000
        return status
    if exited_process is None:
        return 0
    if exited_process.signal is not None:
        return exited_process.signal + 256
    return exited_process.exit_code


def CheckExitedProcess(test_case, exited_process, line, hertz):
    """Checks what process accounting has of an exited process with its line.

    Args:
      test_case (unittest.TestCase): test case that asserts.
      exited_process (ExitedProcess): exited process.
      line (dict[str, str]): PRG columns.
      hertz (int): clock ticks per second, as atop printed them.
    """
    test_case.assertEqual(int(line["pid"]), exited_process.pid)
    test_case.assertEqual(int(line["ppid"]), exited_process.ppid)
    test_case.assertEqual(line["name"], exited_process.process_name)
    test_case.assertEqual(line["cmdline"], exited_process.command_line)
    test_case.assertEqual(int(line["ruid"]), exited_process.uid)
    test_case.assertEqual(int(line["rgid"]), exited_process.gid)
    test_case.assertEqual(int(line["btime"]), exited_process.start_time)
    test_case.assertEqual(
        (exited_process.exit_time, exited_process.exit_time_estimated),
        expected_events.DeriveExitTime(line, hertz),
    )


class CorpusTest(test_lib.BaseTestCase):
    """Compares every task of every corpus log with atop's -P output."""

    def _CheckPrgLine(self, header, sample, entry, exited_process, line):
        """Checks a task entry against a PRG line.

        Args:
          header (AtopLogHeader): header of the log.
          sample (Sample): sample of the entry.
          entry (TaskEntry): task entry.
          exited_process (ExitedProcess): the entry decoded as an exited
              process, or None for a live task.
          line (dict[str, str]): PRG columns.
        """
        hertz = parseable.ReadHertz([self._expected_sample])
        version = header.version
        self.assertEqual(int(line["epoch"]), sample.time)
        self.assertEqual(int(line["interval"]), sample.interval)
        self.assertEqual(line["host"], header.hostname)
        self.assertEqual(int(line["pid"]), entry.pid)
        self.assertEqual(line["name"], entry.process_name)
        self.assertEqual(line["state"], entry.state)
        self.assertEqual(int(line["ruid"]), entry.uid)
        self.assertEqual(int(line["rgid"]), entry.gid)
        self.assertEqual(int(line["euid"]), entry.euid)
        self.assertEqual(int(line["egid"]), entry.egid)
        self.assertEqual(int(line["suid"]), entry.suid)
        self.assertEqual(int(line["sgid"]), entry.sgid)
        self.assertEqual(int(line["fsuid"]), entry.fsuid)
        self.assertEqual(int(line["fsgid"]), entry.fsgid)
        self.assertEqual(
            int(line["excode"]),
            ExpectedExitCodeColumn(exited_process, entry.is_new, version),
        )
        self.assertEqual(int(line["btime"]), entry.start_time)
        self.assertEqual(line["cmdline"], entry.command_line)
        self.assertEqual(int(line["ppid"]), entry.ppid)
        self.assertEqual(entry.is_exited, exited_process is not None)
        if exited_process:
            CheckExitedProcess(self, exited_process, line, hertz)
        else:
            self.assertEqual(int(line["elaps"]), 0)

        if version >= (2, 0):
            self.assertEqual(line["isproc"], "y" if entry.is_process else "n")
        else:
            self.assertTrue(entry.is_process)

        if version >= (2, 3):
            self.assertEqual(line["container"], entry.container or "-")
        else:
            self.assertIsNone(entry.container)

        if version >= (2, 6):
            self.assertEqual(line["newflag"], "N" if entry.is_new else "-")

        if (2, 8) <= version < (2, 11):
            self.assertEqual(line["cgroup"], entry.cgroup or "")
        elif version >= (2, 11):
            self.assertEqual(line["cgroup"], entry.cgroup or "-")
        else:
            self.assertIsNone(entry.cgroup)

        if (
            version >= (2, 9)
            and exited_process
            and not exited_process.exit_time_estimated
        ):
            self.assertEqual(int(line["endtime"]), exited_process.exit_time)

    def _CheckCounters(self, usage, prc, prd, prn):
        """Checks the resource counters of a task entry against its lines.

        Args:
          usage (TaskUsage): resources the task used.
          prc (dict[str, str]): PRC columns.
          prd (dict[str, str]): PRD columns.
          prn (dict[str, str]): PRN columns, or None if atop did not print
              them.
        """
        hertz = int(prc["column4"])
        self.assertEqual(int(prc["column5"]) * 1000 // hertz, usage.cpu_user_time)
        self.assertEqual(int(prc["column6"]) * 1000 // hertz, usage.cpu_system_time)
        if prd["iostat"] == "y":
            self.assertEqual(int(prd["rsz"]) * 512, usage.disk_read_bytes)
            self.assertEqual(int(prd["wsz"]) * 512, usage.disk_write_bytes)
            self.assertEqual(int(prd["cwsz"]) * 512, usage.disk_cancelled_write_bytes)
        else:
            self.assertIsNone(usage.disk_read_bytes)
        if prn is None or usage.network_sent_bytes is None:
            self.assertIsNone(usage.network_received_bytes)
        else:
            self.assertEqual(
                int(prn["tcpssz"]) + int(prn["udpssz"]), usage.network_sent_bytes
            )
            self.assertEqual(
                int(prn["tcprsz"]) + int(prn["udprsz"]), usage.network_received_bytes
            )

    def _CheckLog(self, path, inflater=None):
        """Checks every task of a log against atop's -P output.

        Args:
          path (str): path of the log.
          inflater (Optional[str]): name of the inflater to use.

        Returns:
          tuple[int, int]: (major, minor) release of the log.
        """
        warnings = []
        with open(path, "rb") as file_object:
            log_file = reader.AtopLogFile(
                file_object,
                warning_callback=lambda offset, message, recovered: warnings.append(
                    message
                ),
                inflater=inflater,
            )
            header = log_file.header
            name_version = re.search(r"atop_(\d+)\.(\d+)", path).groups()
            self.assertEqual(header.version, tuple(map(int, name_version)))

            expected = parseable.ReadParseableOutput(path)
            samples = list(log_file.ReadSamples())
            self.assertEqual(warnings, [])
            self.assertEqual(len(samples), len(expected))

            for sample, expected_sample in zip(samples, expected):
                self._expected_sample = expected_sample
                self.assertEqual(sample.is_boot, expected_sample.boot)
                self.assertFalse(sample.corrupted)
                self.assertFalse(sample.recovered)
                entries = test_lib.GetTasks(sample)
                self.assertEqual(len(entries), len(expected_sample.prg))
                self.assertEqual(len(entries), len(expected_sample.prc))
                self.assertEqual(len(entries), len(expected_sample.prm))
                self.assertEqual(len(entries), len(expected_sample.prd))
                prn_lines = expected_sample.prn or [None] * len(entries)
                exited_processes = iter(sample.GetExitedProcesses())
                self.assertEqual(len(entries), len(prn_lines))

                for index, (entry, prg, prc, prm, prd, prn) in enumerate(
                    zip(
                        entries,
                        expected_sample.prg,
                        expected_sample.prc,
                        expected_sample.prm,
                        expected_sample.prd,
                        prn_lines,
                    )
                ):
                    with self.subTest(path=path, time=sample.time, pid=entry.pid):
                        exited_process = None
                        if entry.is_exited:
                            exited_process = next(exited_processes)
                        self._CheckPrgLine(header, sample, entry, exited_process, prg)

                        self.assertEqual(int(prc["pid"]), entry.pid)
                        self.assertEqual(int(prc["column4"]), header.hertz)
                        self.assertEqual(int(prm["pid"]), entry.pid)
                        self.assertEqual(int(prm["column4"]), header.page_size)
                        self.assertEqual(int(prd["pid"]), entry.pid)
                        self._CheckCounters(sample.GetTaskUsage(index), prc, prd, prn)

        return header.version

    def testEveryRelease(self):
        """Tests every log of the corpus, line by line."""
        self.assertEqual(
            sorted(test_lib.LOG_SETS["corpus"]),
            sorted(
                name
                for name in os.listdir(os.path.join(test_lib.TEST_DATA_PATH, "corpus"))
                if name.endswith(".raw")
            ),
        )
        releases = set()
        for path in test_lib.GetLogPaths("corpus"):
            releases.add(self._CheckLog(path))

        self.assertEqual(REQUIRED_RELEASES - releases, set())

    def testUnusualHost(self):
        """Tests the logs of an unusual host, line by line, and its names."""
        for path in test_lib.GetLogPaths("edge"):
            self._CheckLog(path)
            entries = {}
            with open(path, "rb") as file_object:
                for sample in reader.AtopLogFile(file_object).ReadSamples():
                    for entry in test_lib.GetTasks(sample):
                        # The first listing, alive.
                        entries.setdefault(entry.process_name, entry)
            with self.subTest(path=os.path.basename(path)):
                # What is not UTF-8 is replaced; atop keeps 15 bytes of a name
                # and turns control characters into spaces.
                self.assertIn("bad\ufffd\ufffdname", entries)
                self.assertTrue(
                    entries["bad\ufffd\ufffdname"].command_line.endswith(
                        " arg with newline and tab \ufffd\ufffd\ufffd"
                    )
                )
                self.assertIn("my prog", entries)
                self.assertIn("averyveryverylo", entries)

    def testNetworkCounters(self):
        """Tests the logs with netatop-bpf's counters, line by line with PRN."""
        for path in test_lib.GetLogPaths("network"):
            self._CheckLog(path)

    def testStandardZlib(self):
        """Tests that the standard zlib inflater decodes the same as the default."""
        self._CheckLog(
            test_lib.GetLogPath("corpus", "atop_2.11.1.raw"), inflater="zlib"
        )
        self._CheckLog(test_lib.GetLogPath("corpus", "atop_1.26.raw"), inflater="zlib")


class ExitedProcessTest(test_lib.BaseTestCase):
    """Tests the exited processes of every log with atop's -P output."""

    def testEveryLog(self):
        """Tests every exited process of every log with its PRG and PRC lines."""
        number_of_exits = 0
        for path in test_lib.GetLogPaths():
            expected = parseable.ReadParseableOutput(path)
            hertz = parseable.ReadHertz(expected)
            version = parseable.ReadVersion(path)
            with open(path, "rb") as file_object:
                samples = list(reader.AtopLogFile(file_object).ReadSamples())
            self.assertEqual(len(samples), len(expected))

            for sample, expected_sample in zip(samples, expected):
                exited_lines = [
                    (prg, prc)
                    for prg, prc in zip(expected_sample.prg, expected_sample.prc)
                    if prg["state"] == "E"
                ]
                exited_processes = sample.GetExitedProcesses()
                self.assertEqual(len(exited_processes), len(exited_lines))
                for exited_process, (prg, prc) in zip(exited_processes, exited_lines):
                    with self.subTest(
                        path=os.path.basename(path), pid=exited_process.pid
                    ):
                        CheckExitedProcess(self, exited_process, prg, hertz)
                        # The new flag: bit 31 of the exit code column before
                        # 2.4, a column of its own from 2.6 on.
                        self.assertEqual(
                            int(prg["excode"]),
                            ExpectedExitCodeColumn(
                                exited_process, exited_process.cpu_is_lifetime, version
                            ),
                        )
                        if version >= (2, 6):
                            self.assertEqual(
                                prg["newflag"] == "N", exited_process.cpu_is_lifetime
                            )
                        self.assertEqual(
                            int(prc["column5"]) * 1000 // hertz,
                            exited_process.cpu_user_time,
                        )
                        self.assertEqual(
                            int(prc["column6"]) * 1000 // hertz,
                            exited_process.cpu_system_time,
                        )
                    number_of_exits += 1
        self.assertGreater(number_of_exits, 1000)


class CgroupV1HostTest(test_lib.BaseTestCase):
    """Tests 2.11+ logs of cgroup v1 hosts, whose samples have no cgroup blocks."""

    def testWithoutCgroupBlocks(self):
        """Tests a 2.12 log rewritten as a cgroup v1 host writes it."""
        import struct

        from tests import raw_log

        path = test_lib.GetLogPath("corpus", "atop_2.12.1.raw")
        log = raw_log.RawLog.FromFile(path)
        for sample in log.samples:
            flags = struct.unpack_from("<H", sample.record, 8)[0]
            struct.pack_into("<H", sample.record, 8, flags & ~0x100)
            struct.pack_into("<H", sample.record, 10, 0)
            struct.pack_into("<IIII", sample.record, 72, 0, 0, 0, 0)
            sample.blocks = sample.blocks[:2]

        warnings = []
        log_file = reader.AtopLogFile(
            io.BytesIO(log.ToBytes()),
            warning_callback=lambda offset, message, recovered: warnings.append(
                message
            ),
        )
        with open(path, "rb") as file_object:
            intact = [
                test_lib.GetTasks(sample)
                for sample in reader.AtopLogFile(file_object).ReadSamples()
            ]
        samples = [test_lib.GetTasks(sample) for sample in log_file.ReadSamples()]
        self.assertEqual(warnings, [])
        self.assertEqual(len(samples), len(intact))
        for entries, intact_entries in zip(samples, intact):
            self.assertEqual(
                entries, [test_lib.WithoutCgroup(entry) for entry in intact_entries]
            )
        self.assertTrue(any(entry.cgroup for entry in intact[0]))


class ExitDecodingTest(test_lib.BaseTestCase):
    """Tests the decoding of exits on the logs with rare exits."""

    def testAcctSignals(self):
        """Tests exit code 3, SIGKILL, and SIGSEGV with a core dump."""
        for name in ("atop_2.8.1_acct-signals.raw", "atop_2.11.1_acct-signals.raw"):
            with open(test_lib.GetLogPath("corpus", name), "rb") as file_object:
                log_file = reader.AtopLogFile(file_object)
                exits = {}
                for sample in log_file.ReadSamples():
                    for exited_process in sample.GetExitedProcesses():
                        exits[exited_process.process_name] = exited_process

            self.assertEqual(set(exits), {"exit3proc", "killed9proc", "segvcore"})

            exit3 = exits["exit3proc"]
            self.assertEqual(exit3.exit_code, 3)
            self.assertIsNone(exit3.signal)
            self.assertFalse(exit3.core_dumped)
            self.assertEqual(exit3.uid, 1000)

            killed = exits["killed9proc"]
            self.assertIsNone(killed.exit_code)
            self.assertEqual(killed.signal, 9)
            self.assertFalse(killed.core_dumped)

            segv = exits["segvcore"]
            self.assertIsNone(segv.exit_code)
            self.assertEqual(segv.signal, 11)
            self.assertTrue(segv.core_dumped)

            # atop matched none of them with a process it had listed.
            for exited_process in exits.values():
                self.assertTrue(exited_process.cpu_is_lifetime)


class HeaderTest(test_lib.BaseTestCase):
    """Tests reading the header."""

    def _ReadHeader(self, data):
        """Reads a header from data.

        Args:
          data (bytes): file data.

        Returns:
          AtopLogHeader: header.
        """
        return reader.AtopLogFile(io.BytesIO(data)).header

    def testHeaderFacts(self):
        """Tests the header facts of a 2.13 log."""
        with open(
            test_lib.GetLogPath("corpus", "atop_2.13.0.raw"), "rb"
        ) as file_object:
            data = file_object.read()
        header = self._ReadHeader(data)
        self.assertEqual(header.release, "2.13")
        self.assertEqual(header.version, (2, 13))
        self.assertEqual(header.layout.name, "2.13")
        self.assertEqual(header.hostname, "atop-lab")
        self.assertTrue(header.kernel_release.startswith("6.18"))
        self.assertEqual(header.hertz, 100)
        self.assertEqual(header.page_size, 4096)

    def testUnknownLayout(self):
        """Tests that an unknown layout names the version word and the sizes."""
        with open(test_lib.GetLogPath("corpus", "atop_2.8.1.raw"), "rb") as file_object:
            data = bytearray(file_object.read())
        data[32:36] = (1000).to_bytes(4, "little")
        with self.assertRaisesRegex(
            atoplog.UnsupportedLayoutError,
            r"unknown .*0x8208 \(atop 2\.8\).*tstat size 1000",
        ):
            self._ReadHeader(bytes(data))

    def testThirtyTwoBitLog(self):
        """Tests that a log of a 32-bit atop has the layout of its ABI."""
        path = test_lib.GetLogPath("arm", "atop_2.8.1_armhf.raw")
        with open(path, "rb") as file_object:
            data = file_object.read()
        header = self._ReadHeader(data)
        self.assertEqual(header.layout.description, "2.8/2.9 (armhf)")
        self.assertEqual(header.machine, "armv7l")
        self.assertEqual(header.layout.record_size, 88)

    def testWrongVersionWord(self):
        """Tests that a version word of another family is rejected."""
        with open(test_lib.GetLogPath("corpus", "atop_2.8.1.raw"), "rb") as file_object:
            data = bytearray(file_object.read())
        data[4:6] = (0x8204).to_bytes(2, "little")
        with self.assertRaisesRegex(
            atoplog.UnsupportedLayoutError, r"2\.8/2\.9.*0x8204"
        ):
            self._ReadHeader(bytes(data))

        data[4:6] = (0x0208).to_bytes(2, "little")
        with self.assertRaisesRegex(atoplog.AtopLogError, "missing version"):
            self._ReadHeader(bytes(data))

    def testWrongMagic(self):
        """Tests that another magic number is rejected."""
        with self.assertRaisesRegex(atoplog.AtopLogError, "magic"):
            self._ReadHeader(b"\x00" * 480)
        with self.assertRaisesRegex(atoplog.AtopLogError, "smaller"):
            self._ReadHeader(b"\xef\xbe\xed\xfe")


class InflateTest(test_lib.BaseTestCase):
    """Tests that every inflater stops at the declared size."""

    def testDeclaredSize(self):
        """Tests oversized, undersized and invalid blocks."""
        import zlib

        data = zlib.compress(b"\0" * 100000)
        for name, function in inflate.INFLATERS.items():
            with self.subTest(inflater=name):
                self.assertEqual(len(function(data, 100000)), 100000)
                with self.assertRaises(errors.InflateError):
                    function(data, 1000)
                with self.assertRaises(errors.InflateError):
                    function(data, 100001)
                with self.assertRaises(errors.InflateError):
                    function(data[:-6], 100000)
                with self.assertRaises(errors.InflateError):
                    function(b"\x78\x9c" + b"\xff" * 20, 100000)


if __name__ == "__main__":
    unittest.main()
