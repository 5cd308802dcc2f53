"""Tests the pacct parser with the real plaso, and the stock commands."""

import os
import shutil
import subprocess
import tempfile
import unittest

from dfdatetime import posix_time as dfdatetime_posix_time
from dfvfs.lib import definitions as dfvfs_definitions
from dfvfs.path import factory as path_spec_factory

from plaso.lib import errors
from plaso.storage import factory as storage_factory

from plaso_atop import definitions
from plaso_atop import pacct_parser

from tests import plaso_test_lib
from tests import test_lib
from tests import test_pacct
from tests import tools_test_lib

PACCT = definitions.DATA_TYPE_PACCT_PROCESS

# The passwd file of the host: names that this machine does not have.
PASSWD = (
    b"root:x:0:0:root:/root:/bin/bash\n"
    b"nfsnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
)

# Where the accounting files lie on the host, by their file in test_data/pacct.
PLACES = {
    "pacct": ("var", "log", "account", "pacct"),
    "pacct.0": ("var", "log", "account", "pacct.0"),
    "pacct.1.gz": ("var", "log", "account", "pacct.1.gz"),
    "atop_2.8.1.acct": ("var", "cache", "atop.d", "atop.acct"),
    "atop_1.26.acct": ("tmp", "atop.d", "atop.acct"),
}


def _Parse(path=None, path_spec=None):
    """Parses a file with the pacct parser."""
    return plaso_test_lib.ParseFile(
        path=path, path_spec=path_spec, parser=pacct_parser.PacctParser()
    )


def _CountContainers(storage_path, container_type):
    """Counts the attribute containers of a type in a storage file.

    Args:
      storage_path (str): path of the storage file.
      container_type (str): attribute container type, such as "event".

    Returns:
      int: number of containers.
    """
    storage_reader = storage_factory.StorageFactory.CreateStorageReaderForFile(
        storage_path
    )
    try:
        return storage_reader.GetNumberOfAttributeContainers(container_type)
    finally:
        storage_reader.Close()


class PacctParserTest(test_lib.BaseTestCase):
    """Tests the pacct parser with plaso's parser mediator and timeliner."""

    def testEventData(self):
        """Tests that every record gives event data timed twice."""
        path = os.path.join(test_pacct.PACCT_PATH, "pacct")
        result = _Parse(path=path)
        records = test_pacct.ReadRecords(path)
        self.assertEqual(len(result.event_data), len(records))
        self.assertEqual(len(result.events), 2 * len(records))
        for event_data, record in zip(result.event_data, records):
            self.assertEqual(event_data.data_type, PACCT)
            self.assertEqual(event_data.pid, record.pid)
            self.assertEqual(event_data.process_name, record.process_name)
            self.assertIsInstance(
                event_data.start_time, dfdatetime_posix_time.PosixTime
            )
            self.assertEqual(event_data.start_time.timestamp, record.start_time)
            self.assertEqual(
                event_data.exit_time.timestamp, round(record.exit_time * 1000000)
            )
            self.assertFalse(hasattr(event_data, "offset"))
        self.assertEqual(result.warnings, [])

    def testGzipFile(self):
        """Tests that a gzip'ed copy gives the records of the original."""
        gzip_path_spec = path_spec_factory.Factory.NewPathSpec(
            dfvfs_definitions.TYPE_INDICATOR_GZIP,
            parent=path_spec_factory.Factory.NewPathSpec(
                dfvfs_definitions.TYPE_INDICATOR_OS,
                location=os.path.join(test_pacct.PACCT_PATH, "pacct.1.gz"),
            ),
        )
        compressed = _Parse(path_spec=gzip_path_spec)
        original = _Parse(path=os.path.join(test_pacct.PACCT_PATH, "pacct"))
        self.assertEqual(
            [event_data.CopyToDict() for event_data in compressed.event_data],
            [event_data.CopyToDict() for event_data in original.event_data],
        )

    def testOtherFiles(self):
        """Tests that other files are left to other parsers."""
        with self.assertRaises(errors.WrongParser):
            _Parse(path=test_lib.GetLogPath("corpus", "atop_2.8.1.raw"))
        with self.assertRaises(errors.WrongParser):
            _Parse(path=os.path.join(test_pacct.PACCT_PATH, "make_files.sh"))

    def testMessages(self):
        """Tests the messages of the records."""
        result = _Parse(path=os.path.join(test_pacct.PACCT_PATH, "pacct"))
        messages = [
            event.message for event in plaso_test_lib.FormatEvents(result)[PACCT]
        ]
        self.assertIn(
            "Process accounted: sh PID: 24 parent PID: 22 UID: 0 GID: 0 exit code: 3 "
            "run time: 0.0 s CPU user: 0 ms system: 0 ms virtual memory: 2592 KiB",
            messages,
        )
        killed = [message for message in messages if "SIGKILL" in message]
        self.assertTrue(killed)
        self.assertTrue(any("SIGSEGV (core dumped)" in message for message in messages))
        self.assertTrue(any("(forked without exec)" in message for message in messages))
        self.assertTrue(
            any("(used superuser privileges)" in message for message in messages)
        )
        (terminal,) = [
            record
            for record in test_pacct.ReadRecords(
                os.path.join(test_pacct.PACCT_PATH, "pacct")
            )
            if record.process_name == "tty"
        ]
        self.assertIn(
            f"Process accounted: {terminal.process_name:s} PID: {terminal.pid:d} "
            f"parent PID: {terminal.ppid:d} UID: 0 GID: 0 tty: {terminal.tty:s} "
            f"exit code: 0",
            "\n".join(messages),
        )


class PacctEndToEndTest(test_lib.BaseTestCase):
    """Runs the stock log2timeline and psort on accounting files of a host."""

    @classmethod
    def setUpClass(cls):
        """Writes the host as a directory and as an ext4 image."""
        cls._temporary_directory = tempfile.mkdtemp()
        cls._tree = os.path.join(cls._temporary_directory, "host")
        os.makedirs(os.path.join(cls._tree, "etc"))
        with open(os.path.join(cls._tree, "etc", "passwd"), "wb") as file_object:
            file_object.write(PASSWD)
        for name, place in PLACES.items():
            path = os.path.join(cls._tree, *place)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            shutil.copy(os.path.join(test_pacct.PACCT_PATH, name), path)
        cls._ext4_path = os.path.join(cls._temporary_directory, "host.ext4")
        subprocess.run(
            ["mkfs.ext4", "-q", "-F", "-d", cls._tree, cls._ext4_path, "16M"],
            check=True,
        )
        cls._records = {
            name: test_pacct.ReadRecords(
                os.path.join(
                    test_pacct.PACCT_PATH, "pacct" if name == "pacct.1.gz" else name
                )
            )
            for name in PLACES
        }

    @classmethod
    def tearDownClass(cls):
        """Removes the host."""
        shutil.rmtree(cls._temporary_directory, ignore_errors=True)

    def _Run(self, source):
        """Runs log2timeline --parsers pacct and psort with the tagging analysis.

        Args:
          source (str): path of the source.

        Returns:
          list[dict[str, object]]: json_line documents of the pacct events.
        """
        storage_path = os.path.join(
            self._temporary_directory, os.path.basename(source) + ".plaso"
        )
        tools_test_lib.RunLog2Timeline(storage_path, source, "--parsers", "pacct")
        # The files are intact: no warning.
        self.assertEqual(
            _CountContainers(storage_path, "extraction_warning"),
            0,
        )
        documents = tools_test_lib.RunPsortJsonLine(
            storage_path,
            self._temporary_directory,
            "--analysis",
            "tagging",
            "--tagging-file",
            "tag_linux.txt",
        )
        return [document for document in documents if document["data_type"] == PACCT]

    def _CheckDocuments(self, documents):
        """Checks the events of the files of the host.

        Args:
          documents (list[dict[str, object]]): json_line documents.
        """
        number_of_records = sum(len(records) for records in self._records.values())
        self.assertEqual(len(documents), 2 * number_of_records)
        self.assertEqual(
            sorted(document["timestamp_desc"] for document in documents),
            sorted(["Start Time", "Exit Time"] * number_of_records),
        )
        for document in documents:
            labels = set((document.get("tag") or {}).get("labels") or [])
            self.assertEqual(
                document.get("username"),
                {0: "root", 65534: "nfsnobody"}.get(document["uid"]),
            )
            self.assertEqual(
                "application_execution" in labels,
                not document["forked_without_exec"],
            )
            self.assertEqual("process_killed" in labels, document.get("signal") == 9)
            self.assertEqual("process_crashed" in labels, document.get("signal") == 11)
        self.assertTrue(
            any(document["uid"] == 65534 for document in documents),
        )

    def testDirectory(self):
        """Tests a directory with etc/passwd and the files at their places."""
        self._CheckDocuments(self._Run(self._tree))

    def testExt4Image(self):
        """Tests an ext4 image of the same host."""
        self._CheckDocuments(self._Run(self._ext4_path))

    def testNoFalsePositives(self):
        """Tests that no other file of test_data gives events or warnings."""
        source = os.path.join(self._temporary_directory, "not-accounting")
        shutil.copytree(
            test_lib.TEST_DATA_PATH,
            source,
            ignore=shutil.ignore_patterns("pacct"),
        )
        storage_path = os.path.join(self._temporary_directory, "not-accounting.plaso")
        tools_test_lib.RunLog2Timeline(storage_path, source, "--parsers", "pacct")
        self.assertEqual(_CountContainers(storage_path, "event"), 0)
        self.assertEqual(_CountContainers(storage_path, "extraction_warning"), 0)
        # Every file was tried.
        self.assertGreater(_CountContainers(storage_path, "event_data_stream"), 100)


if __name__ == "__main__":
    unittest.main()
