"""Tests the reader of process accounting files against Debian's dump-acct."""

import copy
import datetime
import io
import os
import struct
import tracemalloc
import unittest

from plaso_atop import pacct

from tests import pacct_files
from tests import test_lib

PACCT_PATH = os.path.join(test_lib.TEST_DATA_PATH, "pacct")

# The files of test_data/pacct, and the dump-acct output of each.
FILES = {
    "pacct": "pacct.dump-acct.txt",
    "pacct.0": "pacct.0.dump-acct.txt",
    "pacct_be": "pacct_be.dump-acct.txt",
    "atop_2.8.1.acct": "atop_2.8.1.acct.dump-acct.txt",
    "atop_1.26.acct": "atop_1.26.acct.dump-acct.txt",
}


def ReadDumpAcct(path):
    """Reads the output of dump-acct: one record per line.

    The columns are the command name, the version, the user, system and
    elapsed times in ticks, the user and group identifiers, the memory in KiB,
    the characters transferred, the PID, the parent PID, the flags (S: used
    superuser privileges, F: forked without exec, D: dumped core, X: killed by
    a signal), the exit code, the terminal and the start time.

    Args:
      path (str): path of the output.

    Returns:
      list[dict[str, str]]: columns per record.
    """
    names = (
        "command",
        "version",
        "utime",
        "stime",
        "etime",
        "uid",
        "gid",
        "mem",
        "io",
        "pid",
        "ppid",
        "flags",
        "exitcode",
        "tty",
        "start",
    )
    lines = []
    with open(path, encoding="utf-8") as file_object:
        for line in file_object:
            columns = [column.strip() for column in line.rstrip("\n").split("|")]
            lines.append(dict(zip(names, columns)))
    return lines


def ReadRecords(path, warnings=None):
    """Reads the records of a process accounting file.

    Args:
      path (str): path of the file.
      warnings (Optional[list[tuple[int, str]]]): receives the warnings.

    Returns:
      list[AcctRecord]: records.
    """
    with open(path, "rb") as file_object:
        return ReadRecordsOfData(file_object.read(), warnings)


def ReadRecordsOfData(data, warnings=None):
    """Reads the records of process accounting data.

    Args:
      data (bytes): data of the file.
      warnings (Optional[list[tuple[int, str]]]): receives the warnings.

    Returns:
      list[AcctRecord]: records.
    """

    def _Warn(offset, message):
        if warnings is not None:
            warnings.append((offset, message))

    pacct_file = pacct.PacctFile(io.BytesIO(data), warning_callback=_Warn)
    return list(pacct_file.ReadRecords())


def _GetTerminalDevice(name):
    """Determines the device number of a terminal that dump-acct names.

    Args:
      name (str): terminal as dump-acct prints it: "__" for none, or a name
          in /dev such as "pts/0".

    Returns:
      str: device as "major:minor", or None for none.
    """
    if name == "__":
        return None
    # Pseudo-terminal slaves: majors 136 to 143, 256 minors each.
    number = int(name.removeprefix("pts/"))
    return f"{136 + number // 256:d}:{number % 256:d}"


def WithoutOffset(record):
    """Copies a record without its offset in the file.

    Args:
      record (AcctRecord): record.

    Returns:
      AcctRecord: copy of the record, with offset None.
    """
    record = copy.copy(record)
    record.offset = None
    return record


class DumpAcctTest(test_lib.BaseTestCase):
    """Compares every record of every file with dump-acct."""

    def _CheckRecord(self, record, line):
        """Checks a record against a line of dump-acct."""
        self.assertEqual(line["command"], record.process_name)
        self.assertEqual(line["version"], "v3")
        self.assertEqual(int(line["pid"]), record.pid)
        self.assertEqual(int(line["ppid"]), record.ppid)
        self.assertEqual(int(line["uid"]), record.uid)
        self.assertEqual(int(line["gid"]), record.gid)
        # Ticks of 1/100 s; milliseconds.
        self.assertEqual(round(float(line["utime"]) * 10), record.cpu_user_time)
        self.assertEqual(round(float(line["stime"]) * 10), record.cpu_system_time)
        self.assertAlmostEqual(float(line["etime"]) / 100, record.run_time, places=2)
        self.assertEqual(float(line["mem"]), record.virtual_memory_size)
        flags = line["flags"]
        self.assertEqual("S" in flags, record.used_superuser)
        self.assertEqual("F" in flags, record.forked_without_exec)
        self.assertEqual("D" in flags, record.core_dumped)
        self.assertEqual("X" in flags, record.signal is not None)
        if record.signal is None:
            self.assertEqual(int(line["exitcode"]), record.exit_code)
        self.assertEqual(_GetTerminalDevice(line["tty"]), record.tty)
        start = datetime.datetime.strptime(line["start"], "%a %b %d %H:%M:%S %Y")
        self.assertEqual(
            int(start.replace(tzinfo=datetime.timezone.utc).timestamp()),
            record.start_time,
        )
        self.assertAlmostEqual(
            record.exit_time, record.start_time + record.run_time, places=6
        )

    def testEveryFile(self):
        """Tests every record of every file."""
        number_of_records = 0
        for name, oracle in FILES.items():
            with self.subTest(file=name):
                warnings = []
                records = ReadRecords(os.path.join(PACCT_PATH, name), warnings)
                lines = ReadDumpAcct(os.path.join(PACCT_PATH, oracle))
                self.assertEqual(warnings, [])
                self.assertEqual(len(records), len(lines))
                self.assertGreater(len(records), 10)
                for record, line in zip(records, lines):
                    self._CheckRecord(record, line)
                number_of_records += len(records)
        self.assertGreater(number_of_records, 100)

    def testWorkload(self):
        """Tests what the workload is built to show."""
        records = ReadRecords(os.path.join(PACCT_PATH, "pacct"))
        by_name = {}
        for record in records:
            by_name.setdefault(record.process_name, []).append(record)
        self.assertEqual(sorted(record.exit_code for record in by_name["sh"]), [1, 3])
        self.assertIn(9, [record.signal for record in by_name["sleep"]])
        (python,) = by_name["python3"]
        self.assertEqual((python.signal, python.core_dumped), (11, True))
        (identifier,) = by_name["id"]
        self.assertEqual(identifier.uid, 65534)
        self.assertTrue(identifier.used_superuser)
        self.assertTrue(any(record.forked_without_exec for record in by_name["bash"]))
        self.assertIn("averyverylongco", by_name)
        (terminal,) = by_name["tty"]
        self.assertRegex(terminal.tty, r"^13[6-9]:[0-9]+$")
        self.assertTrue(any(record.run_time >= 20 for record in by_name["sleep"]))

    def testBigEndian(self):
        """Tests that the big-endian copy has the records of the original."""
        original = ReadRecords(os.path.join(PACCT_PATH, "pacct"))
        swapped = ReadRecords(os.path.join(PACCT_PATH, "pacct_be"))
        self.assertEqual(original, swapped)
        with open(os.path.join(PACCT_PATH, "pacct_be"), "rb") as file_object:
            self.assertEqual(pacct.PacctFile(file_object).byte_order, "big")


class DamagedFileTest(test_lib.BaseTestCase):
    """Tests damaged and hostile files."""

    def setUp(self):
        """Reads the records of the real file."""
        self._data = test_lib.ReadFile(os.path.join(PACCT_PATH, "pacct"))
        self._records = ReadRecordsOfData(self._data)

    def testCutLastRecord(self):
        """Tests a file whose last record is cut."""
        warnings = []
        records = ReadRecordsOfData(self._data[:-10], warnings)
        self.assertEqual(records, self._records[:-1])
        self.assertEqual(len(warnings), 1)
        offset, message = warnings[0]
        self.assertEqual(offset, len(self._data) - 64)
        self.assertIn("truncated record of 54 bytes", message)

    def testGarbageBetweenRecords(self):
        """Tests a run of garbage between two records."""
        for garbage in (b"\xff" * 100, b"\x00" * 64, os.urandom(333)):
            warnings = []
            data = self._data[: 5 * 64] + garbage + self._data[5 * 64 :]
            records = ReadRecordsOfData(data, warnings)
            self.assertEqual(
                [WithoutOffset(record) for record in records],
                [WithoutOffset(record) for record in self._records],
            )
            self.assertEqual(len(warnings), 1)
            self.assertEqual(warnings[0][0], 5 * 64)
            self.assertIn(f"skipped {len(garbage):d} bytes", warnings[0][1])

    def testNotAccountingFiles(self):
        """Tests files that are not accounting records, after one record."""
        for data in (
            b"\x00" * 64 * 100,
            b"",
            b"\x03" * 10,
            test_lib.ReadFile(test_lib.GetLogPath("corpus", "atop_2.8.1.raw")),
            os.urandom(64 * 10),
        ):
            with self.assertRaises(pacct.NotAcctFileError):
                ReadRecordsOfData(data)

    def testVersion2(self):
        """Tests that records of acct version 2 are recognised, not read."""
        record = struct.pack(
            "<BBHHHI9HHI17sBHII",
            0,
            2,
            0,
            0,
            0,
            1796000000,
            *([0] * 9),
            100,
            0,
            b"bash",
            0,
            0,
            0,
            0,
        )
        self.assertEqual(len(record), 64)
        with self.assertRaisesRegex(pacct.UnsupportedVersionError, "version 2"):
            ReadRecordsOfData(record * 4)

    def testHugeFile(self):
        """Tests that a large file is read in bounded memory."""
        data = self._data * 2000
        tracemalloc.start()
        pacct_file = pacct.PacctFile(io.BytesIO(data))
        number_of_records = sum(1 for _ in pacct_file.ReadRecords())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        self.assertEqual(number_of_records, len(self._records) * 2000)
        self.assertLess(peak, 2 * 1024 * 1024)


class BigEndianCopyTest(test_lib.BaseTestCase):
    """Tests the helper that writes the big-endian copy."""

    def testToBigEndian(self):
        """Tests that every record is swapped and flagged big-endian."""
        data = test_lib.ReadFile(os.path.join(PACCT_PATH, "pacct"))
        swapped = pacct_files.ToBigEndian(data)
        self.assertEqual(len(swapped), len(data))
        self.assertEqual(
            {swapped[offset + 1] for offset in range(0, len(data), 64)}, {0x83}
        )


if __name__ == "__main__":
    unittest.main()
