"""Tests the atop tagging rules with plaso's tagging analysis in the real psort."""

import csv
import os
import re
import shutil
import tempfile
import unittest

from plaso.engine import tagging_file

from plaso_atop import definitions
from plaso_atop import registration

from tests import plaso_test_lib
from tests import test_lib
from tests import tools_test_lib

# The labels that logs of normal hosts may carry, where they are true.
NORMAL_LABELS = frozenset(
    ["application_execution", "process_crashed", "process_killed"]
)

# Signals of a crash: SIGILL, SIGABRT, SIGBUS, SIGFPE and SIGSEGV.
CRASH_SIGNALS = frozenset([4, 6, 7, 8, 11])

# What web_server_shell takes for a shell or script interpreter, and for a web
# or application server in an ancestry.
_SHELL_PATTERN = re.compile(
    r"^(sh|bash|dash|zsh|ksh|mksh|csh|tcsh|fish|busybox|python[0-9.]*|perl|ruby|"
    r"lua|nc|ncat|socat)$"
)
_WEB_SERVER_PATTERN = re.compile(r"(^|> )php-fpm8\.2\[")


def _GetStartTime(document):
    """Retrieves the start time of the process of a psort json_line document.

    Args:
      document (dict[str, object]): document of a start, running or exec.

    Returns:
      int: start time in seconds since the epoch.
    """
    events = test_lib.ConvertEvents([document])
    (event,) = events.starts + events.running + events.execs
    return event.start_time


def GetExpectedWebShells(path):
    """Derives the web shells of a log from atop's own output.

    Args:
      path (str): path of the log.

    Returns:
      list[tuple[str, int, int]]: name, PID and start time of every shell or
          script interpreter started, running or executed with the web server
          of the intrusion in its ancestry, sorted.
    """
    expected = test_lib.DeriveExpectedEvents(path)
    return sorted(
        (event.process_name, event.pid, event.start_time)
        for event in expected.starts + expected.running + expected.execs
        if _SHELL_PATTERN.match(event.process_name)
        and _WEB_SERVER_PATTERN.search(event.process_ancestry or "")
    )


def GetLabels(document):
    """Retrieves the labels of a psort json_line document.

    Args:
      document (dict[str, object]): json_line document.

    Returns:
      set[str]: labels.
    """
    tag = document.get("tag") or {}
    if isinstance(tag, dict):
        return set(tag.get("labels") or [])
    return set(tag)


class TaggingRulesTest(test_lib.BaseTestCase):
    """Tests which tagging files get the atop tagging rules."""

    def _GetLabelNames(self, path):
        """Reads the label names of a tagging file as plaso reads it."""
        registration.PatchTaggingFile()
        return set(tagging_file.TaggingFile(path).GetEventTaggingRules())

    def testPlasoLinuxTaggingFile(self):
        """Tests that plaso's own tag_linux.txt gets the atop rules."""
        path = os.path.join(plaso_test_lib.PLASO_DATA_PATH, "tag_linux.txt")
        atop_labels = self._GetLabelNames(registration.TAGGING_PATH)
        self.assertEqual(
            atop_labels,
            {
                "application_execution",
                "privilege_escalation",
                "process_masquerading",
                "execution_from_temporary_directory",
                "cryptocurrency_mining",
                "reverse_shell",
                "download_and_execute",
                "web_server_shell",
                "process_crashed",
                "process_killed",
                "high_cpu_use",
                "high_disk_write",
                "high_network_send",
                "logging_interrupted",
            },
        )
        labels = self._GetLabelNames(path)
        self.assertLessEqual(atop_labels, labels)
        # plaso's own labels remain.
        self.assertLessEqual({"login", "useradd", "application_execution"}, labels)

    def testOtherTaggingFiles(self):
        """Tests that other tagging files are read as they are."""
        windows_path = os.path.join(plaso_test_lib.PLASO_DATA_PATH, "tag_windows.txt")
        self.assertNotIn("privilege_escalation", self._GetLabelNames(windows_path))

        with tempfile.TemporaryDirectory() as directory:
            # A user's own copy of plaso's Linux tagging file.
            path = os.path.join(directory, "tag_linux.txt")
            shutil.copy(
                os.path.join(plaso_test_lib.PLASO_DATA_PATH, "tag_linux.txt"), path
            )
            labels = self._GetLabelNames(path)
        self.assertIn("login", labels)
        self.assertNotIn("privilege_escalation", labels)


class TaggingAnalysisTest(test_lib.BaseTestCase):
    """Runs psort --analysis tagging on atop logs."""

    @classmethod
    def setUpClass(cls):
        """Writes the storage files of the intrusion and of normal hosts."""
        cls._temporary_directory = tempfile.mkdtemp()
        cls._documents = {}
        sources = {
            "intrusion": test_lib.GetLogPaths("changes"),
            "normal": test_lib.GetLogPaths(*test_lib.NORMAL_LOG_SETS),
            "recording": test_lib.GetLogPaths("recording"),
            "heavy": [],
        }
        for name, paths in sources.items():
            directory = os.path.join(cls._temporary_directory, name)
            os.mkdir(directory)
            test_lib.CopyLogs(paths, directory)
            if name == "heavy":
                # Copies of real logs in which a process used far more.
                test_lib.WriteHeavyUseLog(
                    test_lib.GetLogPath("usage", "atop_2.8.1.raw"),
                    os.path.join(directory, "atop_heavy_use"),
                    "burn-late",
                )
                test_lib.WriteHeavySendLog(
                    test_lib.GetLogPath("network", "atop_2.13.0.raw"),
                    os.path.join(directory, "atop_heavy_send"),
                )
            storage_path = os.path.join(cls._temporary_directory, f"{name:s}.plaso")
            tools_test_lib.RunLog2Timeline(storage_path, directory, "--parsers", "atop")
            cls._documents[name] = tools_test_lib.RunPsortJsonLine(
                storage_path,
                cls._temporary_directory,
                "--analysis",
                "tagging",
                "--tagging-file",
                "tag_linux.txt",
            )

    @classmethod
    def tearDownClass(cls):
        """Removes the storage files."""
        shutil.rmtree(cls._temporary_directory, ignore_errors=True)

    def _GetLabeled(self, documents, label, data_type=None):
        """Retrieves the documents with a label.

        Returns:
          list[dict[str, object]]: documents.
        """
        return [
            document
            for document in documents
            if label in GetLabels(document)
            and data_type in (None, document["data_type"])
        ]

    def _GetPerLog(self):
        """Retrieves the intrusion documents per log."""
        per_log = {}
        for document in self._documents["intrusion"]:
            name = os.path.basename(document["display_name"].split(":", 1)[-1])
            per_log.setdefault(name.split("_", 1)[1], []).append(document)
        return per_log

    def testIntrusionSteps(self):
        """Tests that every step of the intrusion carries its label."""
        start = definitions.DATA_TYPE_PROCESS_START
        execute = definitions.DATA_TYPE_PROCESS_EXEC
        per_log = self._GetPerLog()
        self.assertEqual(sorted(per_log), sorted(test_lib.LOG_SETS["changes"]))
        for name, documents in per_log.items():
            with self.subTest(log=name):

                def _Names(label, data_type=None, documents=documents):
                    return sorted(
                        document["process_name"]
                        for document in self._GetLabeled(documents, label, data_type)
                    )

                self.assertEqual(
                    _Names("privilege_escalation"),
                    ["pwnkit"],
                )
                escalation = self._GetLabeled(documents, "privilege_escalation")[0]
                self.assertEqual(
                    (escalation["previous_uid"], escalation["uid"]), (33, 0)
                )
                self.assertEqual(
                    _Names("process_masquerading"), ["kworker/0:1", "kworkerd", "sleep"]
                )
                self.assertEqual(
                    _Names("execution_from_temporary_directory", start),
                    ["kworkerd", "pwnkit", "xmrig"],
                )
                self.assertEqual(_Names("cryptocurrency_mining"), ["xmrig"])
                reverse_shells = self._GetLabeled(documents, "reverse_shell")
                self.assertEqual(len(reverse_shells), 2)
                for document in reverse_shells:
                    self.assertIn("/dev/tcp/127.0.0.1/4444", document["command_line"])
                downloads = self._GetLabeled(documents, "download_and_execute")
                self.assertEqual(len(downloads), 1)
                self.assertIn("curl", downloads[0]["command_line"])
                # The shells that the web server ran, and those that they ran.
                web_shells = self._GetLabeled(documents, "web_server_shell")
                self.assertEqual(
                    sorted(
                        (
                            document["process_name"],
                            document["pid"],
                            _GetStartTime(document),
                        )
                        for document in web_shells
                    ),
                    GetExpectedWebShells(test_lib.GetLogPath("changes", name)),
                )
                parents = [document["parent_process_name"] for document in web_shells]
                self.assertEqual(parents.count("php-fpm8.2"), 5)
                self.assertGreater(len(parents), 5)

                self.assertEqual(self._GetLabeled(documents, "logging_interrupted"), [])
                self.assertEqual(_Names("process_crashed"), ["segvtool"])
                self.assertEqual(_Names("process_killed"), ["victim"])

                # Every start and exec is an application execution.
                executions = [
                    document
                    for document in documents
                    if document["data_type"] in (start, execute)
                ]
                self.assertEqual(
                    self._GetLabeled(documents, "application_execution"), executions
                )

    def testLoggingInterrupted(self):
        """Tests that atop stopped or suspended carries its label, and only that."""
        labeled = {}
        for document in self._documents["recording"]:
            labels = GetLabels(document)
            self.assertLessEqual(labels, NORMAL_LABELS | {"logging_interrupted"})
            if "logging_interrupted" in labels:
                name = os.path.basename(document["display_name"].split(":", 1)[-1])
                labeled.setdefault(name.split("_", 1)[1], []).append(
                    (document["data_type"], document["date_time"]["timestamp"])
                )

        # Derived from atop's own output: the gaps, and the runs that follow
        # another run of their log.
        expected = {}
        for path in test_lib.GetLogPaths("recording"):
            events = test_lib.DeriveExpectedEvents(path)
            interruptions = [
                (definitions.DATA_TYPE_RECORDING_GAP, gap.gap_start)
                for gap in events.recording_gaps
            ] + [
                (definitions.DATA_TYPE_RECORDING_START, start.start_time)
                for start in events.recording_starts
                if start.previous_recording_end is not None
            ]
            if interruptions:
                expected[os.path.basename(path)] = sorted(interruptions)
        self.assertEqual(
            {name: sorted(values) for name, values in labeled.items()}, expected
        )
        # Every stop and every suspension of every release, and the clock
        # that stepped forward again.
        self.assertEqual(
            sorted(expected),
            sorted(
                f"atop_{release:s}_{kind:s}.raw"
                for release in ("1.26", "2.3.0", "2.8.1", "2.13.0")
                for kind in ("restart", "suspend", "clock")
            ),
        )

    def testHeavyUse(self):
        """Tests the labels of a process that used far more, and its messages."""
        labeled = {}
        for document in self._documents["heavy"]:
            for label in GetLabels(document) - NORMAL_LABELS:
                self.assertEqual(
                    document["data_type"], definitions.DATA_TYPE_PROCESS_USAGE
                )
                labeled.setdefault(label, []).append(document)
        self.assertEqual(
            sorted(labeled), ["high_cpu_use", "high_disk_write", "high_network_send"]
        )
        (cpu,) = labeled["high_cpu_use"]
        self.assertEqual(cpu["process_name"], "burn-late")
        self.assertGreaterEqual(cpu["cpu_user_time"], 45 * 60 * 1000)
        self.assertEqual(labeled["high_disk_write"], [cpu])
        self.assertGreaterEqual(cpu["disk_write_bytes"], 1024 * test_lib.MEBIBYTE)
        (send,) = labeled["high_network_send"]
        self.assertGreaterEqual(send["network_sent_bytes"], 512 * test_lib.MEBIBYTE)
        # Every usage event below the floors carries none of them.
        for document in self._documents["heavy"]:
            if document["data_type"] == definitions.DATA_TYPE_PROCESS_USAGE:
                self.assertEqual(
                    document["cpu_user_time"] >= 45 * 60 * 1000,
                    "high_cpu_use" in GetLabels(document),
                )

        storage_path = os.path.join(self._temporary_directory, "heavy.plaso")
        dynamic_path = os.path.join(self._temporary_directory, "heavy.csv")
        tools_test_lib.RunTool(
            "psort", "-q", "-o", "dynamic", "-w", dynamic_path, storage_path
        )
        with open(dynamic_path, encoding="utf-8", newline="") as file_object:
            rows = list(csv.DictReader(file_object))
        heavy_rows = [row for row in rows if "high_cpu_use" in row["tag"]]
        self.assertEqual(len(heavy_rows), 1)
        self.assertRegex(
            heavy_rows[0]["message"],
            r"^Process used in the hour: burn-late PID: \d+ .* CPU user: "
            rf"{cpu['cpu_user_time']:d} ms .* written: {cpu['disk_write_bytes']:d} bytes",
        )
        send_rows = [row for row in rows if "high_network_send" in row["tag"]]
        self.assertEqual(len(send_rows), 1)
        self.assertIn(
            f"network sent: {send['network_sent_bytes']:d} bytes",
            send_rows[0]["message"],
        )

    def testNoFalseAlarms(self):
        """Tests that normal hosts carry true normal labels only."""
        documents = self._documents["normal"]
        labels = set()
        for document in documents:
            labels.update(GetLabels(document))
        self.assertLessEqual(labels, NORMAL_LABELS)

        for document in documents:
            document_labels = GetLabels(document)
            data_type = document["data_type"]
            self.assertEqual(
                "application_execution" in document_labels,
                data_type
                in (
                    definitions.DATA_TYPE_PROCESS_START,
                    definitions.DATA_TYPE_PROCESS_EXEC,
                ),
            )
            is_exit = data_type == definitions.DATA_TYPE_PROCESS_EXIT
            self.assertEqual(
                "process_killed" in document_labels,
                is_exit and document.get("signal") == 9,
            )
            self.assertEqual(
                "process_crashed" in document_labels,
                is_exit
                and (
                    document.get("signal") in CRASH_SIGNALS
                    or document.get("core_dumped") is True
                ),
            )
        # Each of them is true somewhere in these logs.
        self.assertEqual(labels, NORMAL_LABELS)

    def testOutputs(self):
        """Tests the labels in psort's dynamic output and the Timesketch document."""
        storage_path = os.path.join(self._temporary_directory, "intrusion.plaso")
        dynamic_path = os.path.join(self._temporary_directory, "intrusion.csv")
        tools_test_lib.RunTool(
            "psort", "-q", "-o", "dynamic", "-w", dynamic_path, storage_path
        )
        with open(dynamic_path, encoding="utf-8", newline="") as file_object:
            rows = list(csv.DictReader(file_object))
        escalations = [row for row in rows if "privilege_escalation" in row["tag"]]
        self.assertEqual(len(escalations), len(test_lib.LOG_SETS["changes"]))
        for row in escalations:
            self.assertTrue(row["message"].startswith("Process credentials changed:"))

        documents = plaso_test_lib.BuildTimesketchDocuments(storage_path)
        self.assertEqual(len(documents), len(rows))
        web_shells = [
            document
            for document in documents
            if "web_server_shell" in (document.get("tag") or [])
        ]
        self.assertEqual(
            len(web_shells),
            sum(
                len(GetExpectedWebShells(path))
                for path in test_lib.GetLogPaths("changes")
            ),
        )
        for document in web_shells:
            self.assertIn("application_execution", document["tag"])
            self.assertTrue(
                document["message"].startswith(
                    ("Process started: ", "Process executed a new program: ")
                )
            )


if __name__ == "__main__":
    unittest.main()
