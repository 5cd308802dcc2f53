"""End-to-end tests with the stock log2timeline, psort, psteal and pinfo.

The commands are those installed beside the Python that runs the tests; the
atop parser reaches them through plaso_atop.pth only. The sources are real
atop logs: loose, in a directory, gzip-compressed, and inside an ext4 file
system image (mkfs.ext4 -d) and an E01 image of it (ewfacquire).
"""

import csv
import gzip
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from plaso_atop import definitions

from tests import plaso_test_lib
from tests import raw_log
from tests import test_lib
from tests import tools_test_lib

# Logs of the directory tests: several releases and the two daily logs.
DIRECTORY_LOGS = [
    test_lib.GetLogPath("corpus", "atop_1.26.raw"),
    test_lib.GetLogPath("corpus", "atop_2.2.6.raw"),
    test_lib.GetLogPath("corpus", "atop_2.8.1_acct-signals.raw"),
    test_lib.GetLogPath("corpus", "atop_2.13.0.raw"),
] + test_lib.GetLogPaths("daily")

_SPAWN_SITECUSTOMIZE = """\
import multiprocessing
import os

# Every new interpreter records its PID: a forked worker runs no site code.
with open(os.environ["ATOP_TEST_SPAWN_MARKER"], "a") as marker:
    marker.write(f"{os.getpid()}\\n")
multiprocessing.set_start_method("spawn", force=True)
"""


# Intact logs of the directory with damaged logs.
DAMAGED_GOOD_LOGS = ["atop_2.4.0.raw", "atop_2.12.1.raw"]


def BuildDamagedLogs():
    """Builds damaged copies of corpus logs.

    Returns:
      dict[str, bytes]: data of the damaged logs by file name.
    """
    truncated = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.9.0.raw"))
    last = truncated.samples[-1]
    damaged = raw_log.RawLog.FromFile(test_lib.GetLogPath("corpus", "atop_2.6.0.raw"))
    middle = damaged.samples[2]
    middle.blocks[1] = middle.blocks[1][:40] + b"\xa5" * 64 + middle.blocks[1][104:]
    with open(test_lib.GetLogPath("corpus", "atop_2.7.1.raw"), "rb") as file_object:
        header = file_object.read(480)
    return {
        "atop_truncated": truncated.ToBytes()[: last.block_offsets[1] + 100],
        "atop_damaged": damaged.ToBytes(),
        "atop_header_only": header,
        "atop_other_layout": header[:28] + b"\x00\x01\x02\x03" + header[32:],
        "random.bin": bytes(range(256)) * 64,
    }


def _CheckLogs(test_case, storage_path, paths):
    """Checks the events of a storage file against atop's output.

    Args:
      test_case (unittest.TestCase): test case that checks.
      storage_path (str): path of the storage file.
      paths (list[str]): paths of the logs that were processed.
    """
    events = plaso_test_lib.ReadAtopEvents(storage_path)
    test_case.assertEqual(
        sorted(events), sorted(os.path.basename(path) for path in paths)
    )
    for path in paths:
        with test_case.subTest(log=os.path.basename(path)):
            expected = test_lib.DeriveExpectedEvents(path)
            test_case.assertEqual(events[os.path.basename(path)], expected)
            test_case.assertGreater(len(expected.starts), 0)


class SourcesTest(test_lib.BaseTestCase):
    """Runs log2timeline on atop logs from every kind of source."""

    @classmethod
    def setUpClass(cls):
        """Builds the sources: directory, gzip, ext4 and E01 images."""
        cls._temporary_directory = tempfile.mkdtemp()
        cls._directory = os.path.join(cls._temporary_directory, "logs")
        os.mkdir(cls._directory)
        for path in DIRECTORY_LOGS:
            shutil.copy(path, cls._directory)

        cls._gzip_path = os.path.join(cls._temporary_directory, "atop_2.10.0.raw.gz")
        with open(test_lib.GetLogPath("corpus", "atop_2.10.0.raw"), "rb") as input_file:
            with gzip.open(cls._gzip_path, "wb") as output_file:
                output_file.write(input_file.read())

        # A small Linux root: /etc makes plaso detect Linux and use its preset.
        root = os.path.join(cls._temporary_directory, "root")
        os.makedirs(os.path.join(root, "var", "log", "atop"))
        os.makedirs(os.path.join(root, "etc"))
        with open(os.path.join(root, "etc", "hostname"), "w") as file_object:
            file_object.write("atop-daily\n")
        with open(os.path.join(root, "etc", "os-release"), "w") as file_object:
            file_object.write('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
        for path in test_lib.GetLogPaths("daily"):
            shutil.copy(path, os.path.join(root, "var", "log", "atop"))

        cls._ext4_path = os.path.join(cls._temporary_directory, "disk.raw")
        subprocess.run(
            ["mkfs.ext4", "-q", "-F", "-d", root, cls._ext4_path, "8M"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                "ewfacquire",
                "-u",
                "-q",
                "-c",
                "deflate:fast",
                "-f",
                "encase6",
                "-t",
                os.path.join(cls._temporary_directory, "disk"),
                cls._ext4_path,
            ],
            check=True,
            capture_output=True,
        )
        cls._e01_path = os.path.join(cls._temporary_directory, "disk.E01")

        cls._damaged_directory = os.path.join(cls._temporary_directory, "damaged")
        os.mkdir(cls._damaged_directory)
        for name in DAMAGED_GOOD_LOGS:
            shutil.copy(test_lib.GetLogPath("corpus", name), cls._damaged_directory)
        # A log that atop wrote on 32-bit ARM, among logs of 64-bit builds.
        shutil.copy(
            test_lib.GetLogPath("arm", "atop_2.8.1_armhf.raw"), cls._damaged_directory
        )
        for name, data in BuildDamagedLogs().items():
            with open(os.path.join(cls._damaged_directory, name), "wb") as file_object:
                file_object.write(data)

    @classmethod
    def tearDownClass(cls):
        """Removes the sources."""
        shutil.rmtree(cls._temporary_directory, ignore_errors=True)

    def _StoragePath(self, name):
        """Retrieves the path of a storage file of the test."""
        return os.path.join(self._temporary_directory, f"{name:s}.plaso")

    def testLooseLog(self):
        """Tests one loose log."""
        path = test_lib.GetLogPath("corpus", "atop_2.11.1_acct-signals.raw")
        storage_path = self._StoragePath("loose")
        tools_test_lib.RunLog2Timeline(storage_path, path, "--parsers", "atop")
        _CheckLogs(self, storage_path, [path])

        output = tools_test_lib.RunTool("pinfo", storage_path)
        expected = test_lib.DeriveExpectedEvents(path)
        number_of_events = sum(len(values) for values in expected)
        self.assertRegex(output, rf"\n\s+atop : {number_of_events:d}\n")

    def testDirectoryWithWorkers(self):
        """Tests a directory of logs with two worker processes."""
        storage_path = self._StoragePath("directory")
        tools_test_lib.RunLog2Timeline(
            storage_path, self._directory, "--parsers", "atop", "--workers", "2"
        )
        _CheckLogs(self, storage_path, DIRECTORY_LOGS)

    def testDirectoryWithSpawnedWorkers(self):
        """Tests worker processes started by spawn, as on macOS."""
        site_directory = os.path.join(self._temporary_directory, "spawn")
        os.makedirs(site_directory, exist_ok=True)
        with open(
            os.path.join(site_directory, "sitecustomize.py"), "w", encoding="utf-8"
        ) as file_object:
            file_object.write(_SPAWN_SITECUSTOMIZE)
        marker_path = os.path.join(self._temporary_directory, "spawn-marker")

        storage_path = self._StoragePath("spawn")
        tools_test_lib.RunLog2Timeline(
            storage_path,
            self._directory,
            "--parsers",
            "atop",
            "--workers",
            "2",
            environment={
                "ATOP_TEST_SPAWN_MARKER": marker_path,
                "PYTHONPATH": site_directory,
            },
        )
        with open(marker_path, encoding="utf-8") as file_object:
            interpreters = file_object.read().split()
        # The tool and at least its two spawned workers.
        self.assertGreaterEqual(len(interpreters), 3)
        _CheckLogs(self, storage_path, DIRECTORY_LOGS)

    def testGzip(self):
        """Tests a gzip-compressed log."""
        storage_path = self._StoragePath("gzip")
        tools_test_lib.RunLog2Timeline(
            storage_path, self._gzip_path, "--parsers", "atop"
        )
        _CheckLogs(
            self, storage_path, [test_lib.GetLogPath("corpus", "atop_2.10.0.raw")]
        )

    def testExt4Image(self):
        """Tests an ext4 image with /var/log/atop, with the linux preset."""
        storage_path = self._StoragePath("ext4")
        tools_test_lib.RunLog2Timeline(
            storage_path, self._ext4_path, "--parsers", "linux"
        )
        _CheckLogs(self, storage_path, test_lib.GetLogPaths("daily"))

    def testE01Image(self):
        """Tests an E01 image of it, with no parser selection at all."""
        storage_path = self._StoragePath("e01")
        tools_test_lib.RunLog2Timeline(storage_path, self._e01_path)
        _CheckLogs(self, storage_path, test_lib.GetLogPaths("daily"))

        # The daemon that ran through both days: one sighting per log, with
        # its true start, and its start in neither.
        events = plaso_test_lib.ReadAtopEvents(storage_path)
        first, second = (
            events[os.path.basename(path)] for path in test_lib.GetLogPaths("daily")
        )
        for day in (first, second):
            daemons = [item for item in day.running if item.process_name == "daemon-a"]
            self.assertEqual(len(daemons), 1)
            self.assertNotIn("daemon-a", [item.process_name for item in day.starts])
        self.assertEqual(
            [
                item.start_time
                for item in first.running
                if item.process_name == "daemon-a"
            ],
            [
                item.start_time
                for item in second.running
                if item.process_name == "daemon-a"
            ],
        )
        starts = first.starts + second.starts
        keys = [(item.pid, item.start_time) for item in starts]
        self.assertEqual(len(keys), len(set(keys)))

    def testDamagedLogs(self):
        """Tests a directory of intact and damaged logs."""
        storage_path = self._StoragePath("damaged")
        tools_test_lib.RunLog2Timeline(
            storage_path, self._damaged_directory, "--parsers", "atop", "--workers", "2"
        )
        events = plaso_test_lib.ReadAtopEvents(storage_path)
        for name in DAMAGED_GOOD_LOGS:
            self.assertEqual(
                events[name],
                test_lib.DeriveExpectedEvents(test_lib.GetLogPath("corpus", name)),
            )
        # Every intact sample of the damaged logs gives its events too.
        self.assertGreater(len(events["atop_truncated"].starts), 0)
        self.assertGreater(len(events["atop_damaged"].exits), 0)

        # pinfo wraps long messages over lines.
        output = " ".join(tools_test_lib.RunTool("pinfo", "-v", storage_path).split())
        self.assertRegex(output, r"truncated sample: .* at offset: 0x[0-9a-f]{8}")
        self.assertRegex(output, r"damaged sample: .* at offset: 0x[0-9a-f]{8}")
        self.assertIn("atop_truncated", output)
        self.assertIn("atop_damaged", output)
        # A log of a 32-bit atop is read as any other.
        self.assertEqual(
            events["atop_2.8.1_armhf.raw"],
            test_lib.DeriveExpectedEvents(
                test_lib.GetLogPath("arm", "atop_2.8.1_armhf.raw")
            ),
        )
        # A layout the parser does not know is not left out in silence.
        self.assertNotIn("atop_other_layout", events)
        self.assertRegex(
            output,
            r"unknown atop raw log layout: .* sstat size 50462976, .* architecture",
        )
        self.assertIn("atop_other_layout", output)


class ToolsTest(test_lib.BaseTestCase):
    """Runs the stock plaso tools on the storage files of single logs."""

    @classmethod
    def setUpClass(cls):
        """Runs log2timeline and psort on a log of process changes and one of exits."""
        cls._temporary_directory = tempfile.mkdtemp()
        cls._changes_path = test_lib.GetLogPath("changes", "atop_2.8.1.raw")
        cls._changes_storage_path = os.path.join(
            cls._temporary_directory, "changes.plaso"
        )
        tools_test_lib.RunLog2Timeline(
            cls._changes_storage_path, cls._changes_path, "--parsers", "atop"
        )
        cls._changes_documents = tools_test_lib.RunPsortJsonLine(
            cls._changes_storage_path, cls._temporary_directory
        )

        cls._exits_path = test_lib.GetLogPath("corpus", "atop_2.8.1_acct-signals.raw")
        cls._exits_storage_path = os.path.join(cls._temporary_directory, "exits.plaso")
        tools_test_lib.RunLog2Timeline(
            cls._exits_storage_path, cls._exits_path, "--parsers", "atop"
        )
        cls._exits_documents = tools_test_lib.RunPsortJsonLine(
            cls._exits_storage_path, cls._temporary_directory
        )

    @classmethod
    def tearDownClass(cls):
        """Removes the storage files."""
        shutil.rmtree(cls._temporary_directory, ignore_errors=True)

    def _GetDocuments(self, data_type):
        """Retrieves the json_line documents of the log of changes of a data type.

        Args:
          data_type (str): data type.

        Returns:
          list[dict[str, object]]: documents.
        """
        return [
            document
            for document in self._changes_documents
            if document["data_type"] == data_type
        ]

    def _ReadCsv(self, output_format, storage_path):
        """Runs psort with a CSV output format.

        Args:
          output_format (str): output format, such as "dynamic".
          storage_path (str): path of the storage file.

        Returns:
          list[dict[str, str]]: rows.
        """
        output_path = os.path.join(
            self._temporary_directory,
            f"{os.path.basename(storage_path):s}.{output_format:s}",
        )
        tools_test_lib.RunTool(
            "psort", "-q", "-o", output_format, "-w", output_path, storage_path
        )
        with open(output_path, encoding="utf-8", newline="") as file_object:
            return list(csv.DictReader(file_object))

    def testChangesEvents(self):
        """Tests the events of the log of changes against atop's output."""
        _CheckLogs(self, self._changes_storage_path, [self._changes_path])

    def testExecs(self):
        """Tests exec events in json_line."""
        expected = test_lib.DeriveExpectedEvents(self._changes_path)
        execs = self._GetDocuments(definitions.DATA_TYPE_PROCESS_EXEC)
        self.assertEqual(len(execs), len(expected.execs))
        python = [
            document for document in execs if document["process_name"] == "python3"
        ]
        self.assertEqual(len(python), 1)
        self.assertEqual(python[0]["previous_process_name"], "bash")
        self.assertIn("evil-arg", python[0]["command_line"])
        self.assertEqual(python[0]["parent_process_name"], "sh")
        self.assertEqual(python[0]["timestamp_desc"], "Sample Time")
        self.assertRegex(python[0]["previous_sample_time"], r"^\d{4}-.*\+00:00$")
        self.assertTrue(
            python[0]["message"].startswith(
                "Process executed a new program: python3 (was: bash) PID: "
            )
        )

    def testCredentialsChanges(self):
        """Tests credentials change events, and the starts of the web shells."""
        expected = test_lib.DeriveExpectedEvents(self._changes_path)
        changes = self._GetDocuments(definitions.DATA_TYPE_PROCESS_CREDENTIALS_CHANGE)
        self.assertEqual(len(changes), len(expected.credential_changes))
        pwnkit = [
            document for document in changes if document["process_name"] == "pwnkit"
        ]
        self.assertEqual((pwnkit[0]["previous_uid"], pwnkit[0]["uid"]), (33, 0))
        self.assertEqual(pwnkit[0]["parent_process_name"], "php-fpm8.2")

        starts = [
            document
            for document in self._GetDocuments(definitions.DATA_TYPE_PROCESS_START)
            if document.get("parent_process_name") == "php-fpm8.2"
            and document["process_name"] == "sh"
        ]
        self.assertGreaterEqual(len(starts), 5)
        for document in starts:
            self.assertEqual((document["uid"], document["suid"]), (33, 33))
            self.assertIn("parent: php-fpm8.2", document["message"])

    def testChangeMessages(self):
        """Tests the messages of process changes in the dynamic output."""
        rows = self._ReadCsv("dynamic", self._changes_storage_path)
        messages = [row["message"] for row in rows]
        self.assertTrue(
            any(
                message.startswith("Process credentials changed: pwnkit ")
                and "UID: 33 → 0" in message
                for message in messages
            )
        )
        self.assertTrue(
            any(
                message.startswith(
                    "Process executed a new program: kworker/0:1 (was: renamer)"
                )
                for message in messages
            )
        )

    def testJsonLine(self):
        """Tests the json_line documents of the log of exits."""
        documents = self._exits_documents
        self.assertEqual(
            {document["data_type"] for document in documents},
            {
                "linux:atop:process_start",
                "linux:atop:process_exit",
                "linux:atop:recording_start",
                "linux:atop:recording_end",
            },
        )
        killed = [
            document
            for document in documents
            if document.get("process_name") == "killed9proc"
            and document["data_type"] == "linux:atop:process_exit"
        ]
        self.assertEqual(len(killed), 1)
        self.assertEqual(killed[0]["timestamp_desc"], "Exit Time")
        self.assertEqual(killed[0]["signal"], 9)
        self.assertIn("killed by signal: SIGKILL", killed[0]["message"])
        starts = [
            document
            for document in documents
            if document["data_type"] == "linux:atop:process_start"
        ]
        self.assertTrue(starts)
        for document in starts:
            self.assertEqual(document["timestamp_desc"], "Start Time")
            self.assertTrue(document["message"].startswith("Process started: "))

    def testCsvOutputs(self):
        """Tests the dynamic and l2tcsv outputs of the log of exits."""
        for output_format in ("dynamic", "l2tcsv"):
            rows = self._ReadCsv(output_format, self._exits_storage_path)
            self.assertEqual(len(rows), len(self._exits_documents))
            description_field = (
                "timestamp_desc" if output_format == "dynamic" else "type"
            )
            self.assertEqual(
                {row[description_field] for row in rows},
                {"Start Time", "Exit Time", "End Time"},
            )
            message_field = "message" if output_format == "dynamic" else "desc"
            self.assertTrue(
                any(
                    row[message_field].startswith(
                        "Process exited: exit3proc PID: 777001"
                    )
                    and "exit code: 3" in row[message_field]
                    for row in rows
                )
            )

    def testTimesketchDocumentsAndPinfo(self):
        """Tests the Timesketch documents and pinfo's count of the log of exits."""
        documents = plaso_test_lib.BuildTimesketchDocuments(self._exits_storage_path)
        self.assertEqual(len(documents), len(self._exits_documents))
        for document in documents:
            self.assertTrue(
                document["message"].startswith(("Process ", "atop recording "))
            )
            self.assertRegex(document["datetime"], r"^\d{4}-\d\d-\d\dT")
            self.assertIn(
                document["timestamp_desc"], ("Start Time", "Exit Time", "End Time")
            )

        output = tools_test_lib.RunTool("pinfo", self._exits_storage_path)
        self.assertRegex(output, rf"\n\s+atop : {len(documents):d}\n")

    def testPsteal(self):
        """Tests psteal on the log of exits."""
        psteal_path = os.path.join(self._temporary_directory, "psteal.csv")
        tools_test_lib.RunPsteal(
            self._exits_path,
            psteal_path,
            os.path.join(self._temporary_directory, "psteal.plaso"),
        )
        with open(psteal_path, encoding="utf-8", newline="") as file_object:
            rows = list(csv.DictReader(file_object))
        self.assertEqual(len(rows), len(self._exits_documents))

    def testParsersList(self):
        """Tests that log2timeline lists the parsers and the linux preset has them."""
        output = tools_test_lib.RunTool("log2timeline", "--parsers", "list")
        self.assertIsNotNone(
            re.search(r"\n\s*atop : Parser for atop raw log files\.\n", output)
        )
        self.assertIsNotNone(
            re.search(
                r"\n\s*pacct : Parser for Linux process accounting \(acct\) files\.\n",
                output,
            )
        )
        preset = re.search(r"\n\s*linux : (.*?)\n\s*macos : ", output, re.DOTALL)
        self.assertIsNotNone(preset)
        preset_parsers = re.split(r"[\s,]+", preset.group(1))
        self.assertIn("atop", preset_parsers)
        self.assertIn("pacct", preset_parsers)

    def testNoRunOutputInProject(self):
        """Tests that running every plaso tool leaves no file in the project."""
        path = test_lib.GetLogPath("corpus", "atop_2.3.0.raw")
        project_files = tools_test_lib.ListProjectFiles()
        with tempfile.TemporaryDirectory() as working_directory:
            storage_path = os.path.join(working_directory, "run.plaso")
            # --debug makes log2timeline and psteal write a log, which the
            # tools otherwise do only when they have a warning to log.
            tools_test_lib.RunLog2Timeline(
                storage_path,
                path,
                "--debug",
                "--parsers",
                "atop",
                working_directory=working_directory,
            )
            tools_test_lib.RunTool(
                "psort",
                "--debug",
                "-o",
                "dynamic",
                "-w",
                os.path.join(working_directory, "run.csv"),
                storage_path,
                working_directory=working_directory,
            )
            tools_test_lib.RunTool(
                "pinfo", storage_path, working_directory=working_directory
            )
            tools_test_lib.RunPsteal(
                path,
                os.path.join(working_directory, "psteal.csv"),
                os.path.join(working_directory, "psteal.plaso"),
                "--debug",
                working_directory=working_directory,
            )
            names = os.listdir(working_directory)
            self.assertIn("run.csv", names)
            self.assertIn("psteal.csv", names)
            # psteal takes no --logfile: its log lands in the working
            # directory that it runs in.
            tool_logs = {
                name.split("-")[0].split(".")[0]
                for name in names
                if name.endswith(".log.gz")
            }
            self.assertLessEqual({"log2timeline", "psteal"}, tool_logs)

        self.assertEqual(tools_test_lib.ListProjectFiles() - project_files, set())


if __name__ == "__main__":
    unittest.main()
