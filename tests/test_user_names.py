"""Tests the user names of the evidence with the stock log2timeline and psort.

The sources are built as a user has them: a directory with etc/passwd and
var/log/atop, the same tree as a collection archive (.tar.gz with [root]/),
an ext4 image of it (mkfs.ext4 -d), a loose log without passwd, and trees
whose passwd is hostile.
"""

import csv
import os
import random
import shutil
import subprocess
import tarfile
import tempfile
import time
import unittest

from plaso.storage import factory as storage_factory

from plaso_atop import definitions
from plaso_atop import evidence_users

from tests import test_lib
from tests import tools_test_lib

# The logs of the host: an intrusion and a daily log.
LOGS = {
    "atop_20261126": test_lib.GetLogPath("changes", "atop_2.13.0.raw"),
    "atop_20261127": test_lib.GetLogPath("changes", "atop_2.8.1.raw"),
    "atop_20261125": test_lib.GetLogPath("daily", "atop_20261125"),
}

# The passwd file of the host: a second account of UID 0, which getpwuid does
# not find, junk lines and no newline at the end.
PASSWD = (
    b"root:x:0:0:root:/root:/bin/bash\n"
    b"toor:x:0:0:second root:/root:/bin/sh\n"
    b"garbage line\n"
    b"\x00\xff\xfe\x80:::\n"
    b"+@admins::::::\n"
    b"www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    b"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"
)

# What getpwuid finds in it.
USER_NAMES = {0: "root", 33: "www-data", 65534: "nobody"}

# The user identifier attributes and the attributes of their names.
NAME_ATTRIBUTES = {
    "uid": "username",
    "euid": "effective_username",
    "previous_uid": "previous_username",
    "previous_euid": "previous_effective_username",
}


def _WriteTree(root, passwd_data=PASSWD, logs=None):
    """Writes the files of a host: etc/passwd and var/log/atop.

    Args:
      root (str): path of the root of the tree.
      passwd_data (Optional[bytes]): passwd data, or None for no passwd file.
      logs (Optional[dict[str, str]]): paths of the logs by name in
          var/log/atop.
    """
    os.makedirs(os.path.join(root, "etc"))
    os.makedirs(os.path.join(root, "var", "log", "atop"))
    with open(os.path.join(root, "etc", "os-release"), "w") as file_object:
        file_object.write('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
    if passwd_data is not None:
        with open(os.path.join(root, "etc", "passwd"), "wb") as file_object:
            file_object.write(passwd_data)
    for name, path in (logs or LOGS).items():
        shutil.copy(path, os.path.join(root, "var", "log", "atop", name))


def _ReadDocuments(storage_path, directory):
    """Reads the atop events of a storage file with psort -o json_line.

    Args:
      storage_path (str): path of the storage file.
      directory (str): directory for the output.

    Returns:
      dict[str, list[dict[str, object]]]: documents per log name.
    """
    documents = {}
    for document in tools_test_lib.RunPsortJsonLine(storage_path, directory):
        if document["data_type"] in definitions.DATA_TYPES:
            name = os.path.basename(document["display_name"].split(":", 1)[-1])
            documents.setdefault(name, []).append(document)
    return documents


def _ReadWarnings(storage_path):
    """Reads the extraction warnings of a storage file.

    Args:
      storage_path (str): path of the storage file.

    Returns:
      list[str]: messages.
    """
    storage_reader = storage_factory.StorageFactory.CreateStorageReaderForFile(
        storage_path
    )
    try:
        return [
            warning.message
            for warning in storage_reader.GetAttributeContainers("extraction_warning")
        ]
    finally:
        storage_reader.Close()


class EvidenceUserNamesTest(test_lib.BaseTestCase):
    """Tests the user names of the passwd file beside the logs."""

    @classmethod
    def setUpClass(cls):
        """Builds the sources: directory, collection archive and ext4 image."""
        cls._temporary_directory = tempfile.mkdtemp()
        cls._tree = os.path.join(cls._temporary_directory, "host")
        _WriteTree(cls._tree)

        cls._archive_path = os.path.join(cls._temporary_directory, "uac.tar.gz")
        with tarfile.open(cls._archive_path, "w:gz") as archive:
            archive.add(cls._tree, arcname="[root]")

        cls._ext4_path = os.path.join(cls._temporary_directory, "disk.raw")
        subprocess.run(
            ["mkfs.ext4", "-q", "-F", "-d", cls._tree, cls._ext4_path, "16M"],
            check=True,
            capture_output=True,
        )

    @classmethod
    def tearDownClass(cls):
        """Removes the sources."""
        shutil.rmtree(cls._temporary_directory, ignore_errors=True)

    def _Run(self, source, *arguments):
        """Runs log2timeline on a source and psort on what it wrote.

        Args:
          source (str): path of the source.
          arguments (list[str]): more arguments of log2timeline.

        Returns:
          tuple[dict[str, list[dict[str, object]]], list[str]]: documents per
              log name, and extraction warnings.
        """
        directory = tempfile.mkdtemp(dir=self._temporary_directory)
        storage_path = os.path.join(directory, "case.plaso")
        tools_test_lib.RunLog2Timeline(storage_path, source, *arguments)
        return _ReadDocuments(storage_path, directory), _ReadWarnings(storage_path)

    def _CheckNames(self, documents, user_names):
        """Checks the user names of every document, and its events.

        Args:
          documents (dict[str, list[dict[str, object]]]): documents per log.
          user_names (dict[int, str]): user names of the evidence.
        """
        self.assertEqual(sorted(documents), sorted(LOGS))
        number_of_names = 0
        for name, log_documents in documents.items():
            with self.subTest(log=name):
                self.assertEqual(
                    test_lib.ConvertEvents(log_documents),
                    test_lib.DeriveExpectedEvents(LOGS[name]),
                )
                for document in log_documents:
                    for identifier, attribute in NAME_ATTRIBUTES.items():
                        value = document.get(identifier)
                        expected = None if value is None else user_names.get(value)
                        self.assertEqual(document.get(attribute), expected)
                        number_of_names += expected is not None
        if user_names:
            self.assertGreater(number_of_names, 100)

    def testDirectory(self):
        """Tests a directory with etc/passwd and var/log/atop."""
        documents, warnings = self._Run(self._tree, "--parsers", "atop")
        self._CheckNames(documents, USER_NAMES)
        self.assertEqual(warnings, [])

    def testCollectionArchive(self):
        """Tests the same tree as a collection archive, under [root]/."""
        documents, warnings = self._Run(self._archive_path, "--parsers", "atop")
        self._CheckNames(documents, USER_NAMES)
        self.assertEqual(warnings, [])

    def testExt4Image(self):
        """Tests an ext4 image of the tree, with the linux preset."""
        documents, _ = self._Run(self._ext4_path, "--parsers", "linux")
        self._CheckNames(documents, USER_NAMES)

    def testLooseLog(self):
        """Tests a log that is not in var/log/atop: no names."""
        directory = os.path.join(self._temporary_directory, "loose")
        os.makedirs(os.path.join(directory, "etc"))
        with open(os.path.join(directory, "etc", "passwd"), "wb") as file_object:
            file_object.write(PASSWD)
        for name, path in LOGS.items():
            shutil.copy(path, os.path.join(directory, name))
        documents, warnings = self._Run(directory, "--parsers", "atop")
        self._CheckNames(documents, {})
        self.assertEqual(warnings, [])

    def testDynamicOutput(self):
        """Tests the user field and the messages of psort -o dynamic."""
        directory = tempfile.mkdtemp(dir=self._temporary_directory)
        storage_path = os.path.join(directory, "case.plaso")
        tools_test_lib.RunLog2Timeline(storage_path, self._tree, "--parsers", "atop")
        output_path = os.path.join(directory, "timeline.csv")
        tools_test_lib.RunTool(
            "psort",
            "-q",
            "-o",
            "dynamic",
            "--fields",
            "datetime,timestamp_desc,source,user,message",
            "-w",
            output_path,
            storage_path,
        )
        with open(output_path, encoding="utf-8", newline="") as file_object:
            rows = list(csv.DictReader(file_object))
        # The events of processes name their users; atop's recording has none.
        self.assertEqual(
            {row["user"] for row in rows if row["message"].startswith("Process ")},
            set(USER_NAMES.values()),
        )
        self.assertEqual(
            {row["user"] for row in rows if row["message"].startswith("atop ")},
            {"-"},
        )
        messages = [row["message"] for row in rows]
        self.assertTrue(
            any(
                message.startswith("Process started: sh ")
                and " UID: 33 (www-data) " in message
                for message in messages
            )
        )
        pwnkit = [
            message
            for message in messages
            if message.startswith("Process credentials changed: pwnkit ")
        ]
        self.assertEqual(len(pwnkit), 2)
        for message in pwnkit:
            self.assertIn(" UID: 33 (www-data) → 0 (root) ", message)
            self.assertIn(" EUID: 0 (root) → 0 (root) ", message)


class HostilePasswdTest(test_lib.BaseTestCase):
    """Tests passwd files that are not what they should be."""

    def testHostilePasswdFiles(self):
        """Tests junk, a huge file, a huge line, a huge UID, a FIFO and a device."""
        log_path = LOGS["atop_20261126"]
        with tempfile.TemporaryDirectory() as directory:
            source = os.path.join(directory, "hosts")
            trees = {}
            for case in ("junk", "huge", "line", "digits", "fifo", "device"):
                trees[case] = os.path.join(source, case)
                _WriteTree(trees[case], passwd_data=None, logs={case: log_path})

            passwd_paths = {
                case: os.path.join(tree, "etc", "passwd")
                for case, tree in trees.items()
            }
            with open(passwd_paths["junk"], "wb") as file_object:
                file_object.write(random.Random(19).randbytes(2 * 1024 * 1024))
            # 1 GiB, of which only the start holds names.
            with open(passwd_paths["huge"], "wb") as file_object:
                file_object.write(PASSWD + b"\n")
                file_object.truncate(1024 * 1024 * 1024)
            with open(passwd_paths["line"], "wb") as file_object:
                file_object.write(b"root:x:0:0:" + b"a" * (50 * 1024 * 1024))
            # More digits than Python converts to an integer.
            with open(passwd_paths["digits"], "wb") as file_object:
                file_object.write(b"big:x:" + b"9" * 5000 + b":0:::\n" + PASSWD)
            os.mkfifo(passwd_paths["fifo"])
            os.mknod(passwd_paths["device"], 0o600 | 0o020000, os.makedev(1, 3))

            storage_path = os.path.join(directory, "case.plaso")
            start = time.monotonic()
            tools_test_lib.RunLog2Timeline(storage_path, source, "--parsers", "atop")
            self.assertLess(time.monotonic() - start, 120)
            documents = _ReadDocuments(storage_path, directory)
            warnings = _ReadWarnings(storage_path)

        self.assertEqual(sorted(documents), sorted(trees))
        expected = test_lib.DeriveExpectedEvents(log_path)
        for case, case_documents in documents.items():
            with self.subTest(case=case):
                self.assertEqual(test_lib.ConvertEvents(case_documents), expected)
                names = {
                    document.get("username")
                    for document in case_documents
                    if document.get("username")
                }
                # Only the start of the huge file is read, and holds names.
                if case in ("huge", "digits"):
                    expected_names = set(USER_NAMES.values())
                else:
                    expected_names = set()
                self.assertEqual(names, expected_names)

        size = evidence_users.MAXIMUM_PASSWD_SIZE
        self.assertEqual(len(warnings), 2)
        for case in ("huge", "line"):
            self.assertEqual(
                len(
                    [
                        message
                        for message in warnings
                        if f"/{case}/etc/passwd" in message
                    ]
                ),
                1,
            )
        for message in warnings:
            self.assertIn(f"is larger than {size:d} bytes", message)


if __name__ == "__main__":
    unittest.main()
